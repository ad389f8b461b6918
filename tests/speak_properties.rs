//! Properties of the speak stage that hold for every text, checked on generated ones:
//! arbitrary Unicode strings, and a "news soup" of the tokens its normalizers read
//! (numbers with separators and decimals, money, percentages, dates, times, units,
//! acronyms, dotted initials, Roman numerals, titles, URLs, e-mail addresses, handles,
//! hashtags, symbols; telephone numbers, party-state tags, references, scores, date and
//! weekday ranges, numbers fused with letters) glued with punctuation, Unicode letters
//! and emoji.
//!
//! - It never panics.
//! - It never turns a text with something to say (more than white space and the
//!   typographic marks it drops, "•", "■") into silence.
//! - It is idempotent: speaking its own output changes nothing.
//! - Plain prose (lower- and title-case words, no digits, no symbols it reads) passes
//!   through unchanged: a token no normalizer understands is never dropped or altered.

mod common;

use narrate::speak::Speaker;
use proptest::prelude::*;
use proptest::strategy::Union;
use std::sync::LazyLock;

static SPEAKER: LazyLock<Speaker> = LazyLock::new(Speaker::default);

fn speak(text: &str) -> String {
    SPEAKER.speak(text)
}

fn re(pattern: &str) -> BoxedStrategy<String> {
    proptest::string::string_regex(pattern)
        .expect("a valid token pattern")
        .boxed()
}

fn pick(choices: &[&'static str]) -> BoxedStrategy<String> {
    proptest::sample::select(choices.to_vec())
        .prop_map(str::to_string)
        .boxed()
}

const MONTHS: &str = "(Jan|Feb|Mar|Apr|Aug|Sep|Sept|Oct|Nov|Dec)";
const MONTH_NAMES: &str =
    "(January|February|March|April|May|June|July|August|September|October|November|December)";

/// One token of news prose, most of them something a normalizer reads.
fn token() -> impl Strategy<Value = String> {
    let number = r"(0|[1-9][0-9]{0,2}(,[0-9]{3}){0,3}|[0-9]{1,7})(\.[0-9]{1,4})?";
    Union::new(vec![
        // Numbers: plain, with separators, decimals, signs, huge, leading zeros.
        re(number),
        re(r"-[0-9]{1,5}(\.[0-9]{1,3})?"),
        re(r"[0-9]{15,30}"),
        re(r"0[0-9]{1,4}"),
        re(r"\.[0-9]{1,3}"),
        re(r"[0-9]{1,3}(\.[0-9]{1,3}){2,3}"),
        re(r"[0-9]{1,4},"),
        // Money.
        re(&format!(
            r"(\$|£|€|¥|US\$)({number})( ?(million|billion|trillion|bn|mn|m|M|B|b|K|k|tn|T))?"
        )),
        re(r"(USD|EUR|GBP) [0-9]{1,6}"),
        re(r"[0-9]{1,3} cents"),
        // Percentages and ranges.
        re(&format!(r"({number})( ?%| percent)")),
        re(r"[0-9]{1,4}(-|–)[0-9]{1,4}%?"),
        // Dates.
        re(&format!(
            r"{MONTHS}\. [0-9]{{1,2}}(st|nd|rd|th)?(, [0-9]{{4}})?"
        )),
        re(&format!(r"[0-9]{{1,2}} {MONTH_NAMES}( [0-9]{{4}})?")),
        re(&format!(r"{MONTH_NAMES} [0-9]{{1,4}}")),
        re(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
        re(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}"),
        re(r"(Mon|Tue|Tues|Wed|Thu|Thurs|Fri|Sat|Sun)\.,?"),
        // Years, decades, ordinals, fractions.
        re(r"[12][0-9]{3}('?s|’s)?"),
        re(r"('|’)[0-9]{2}s"),
        re(r"[0-9]{1,4}(st|nd|rd|th)"),
        re(r"([0-9] )?[0-9]{1,3}/[0-9]{1,3}"),
        // Times.
        re(r"[0-9]{1,2}:[0-9]{2}( ?[ap]\.m\.)?( (ET|EST|EDT|CT|PT|PST|GMT|UTC|BST))?"),
        re(r"[0-9]{1,2} ?[ap]\.m\.?"),
        pick(&[
            "noon", "midnight", "a.m.", "p.m.", "a-m", "00:00", "12:00", "24:61",
        ]),
        // Units.
        re(
            r"[0-9]{1,4}(\.[0-9])? ?(km|mph|kph|km/h|kg|lb|lbs|oz|ft|in|in\.|mi|cm|mm|mg|ml|sq ft|°F|°C|°|GB|MB|kW|MW|GW|kWh)",
        ),
        re(r"[0-9]{1,3}-(ft|km|mile|year|day)"),
        // Acronyms, initials, names.
        re(r"[A-Z]{1,7}"),
        re(r"[A-Z]{2,5}(s|'s|’s)"),
        re(r"([A-Z]\.){1,4}('s|’s)?"),
        re(r"[A-Z][a-z]{1,9}"),
        re(r"[A-Z]{2,5}-[0-9]{1,3}"),
        pick(&[
            "NATO", "NASA", "COVID-19", "COVID", "WHO", "U.S.", "U.K.", "AT&T", "S&P", "F-B-I",
            "U-S", "Nato", "I", "us", "US", "in", "May", "may", "No.", "No",
        ]),
        // Titles and Roman numerals.
        re(
            r"(Gen|Lt|Col|Dr|Mr|Mrs|Ms|Sen|Rep|Gov|St|Mt|Ft|Jr|Sr|Prof|Sgt|Adm)\.( [A-Z][a-z]{1,8})?",
        ),
        re(
            r"(King [A-Z][a-z]{2,7}|Pope [A-Z][a-z]{2,7}|World War|Super Bowl|Title|Phase|Apollo) [IVXLCDM]{1,7}",
        ),
        re(r"[IVXLCDM]{1,8}"),
        // Web.
        re(
            r"(https?://)?(www\.)?[a-z]{1,10}(\.[a-z]{1,6}){1,2}(/[A-Za-z0-9_-]{0,8}){0,3}(\?[a-z]{1,4}=[a-z0-9]{0,4}(&[a-z]=[0-9])?)?/?",
        ),
        re(r"[a-z]{1,8}(\.[a-z]{1,8})?@[a-z]{1,8}\.(com|org|co\.uk)"),
        re(r"[@#][A-Za-z0-9_]{0,12}"),
        re(r"(No\.|#) ?[0-9]{1,5}"),
        // Issue 16: telephone numbers, party-state tags, references, scores, ranges of
        // dates and weekdays, numbers fused with letters.
        re(
            r"\+[0-9]{1,3}( \(?[0-9]{1,4}\)?){2,4}|\(?[0-9]{3}\)?[ -][0-9]{3}-[0-9]{4}|0[0-9]{3} [0-9]{3} [0-9]{4}",
        ),
        re(r"\((D|R|I)-(Calif|Ky|N\.Y|W\.Va|Texas|TX|Zz)\.?\)|, (D|R)-(Ky|Ill)\.,?"),
        re(r"(Ch|ch|Sec|Art|Vol|Fig|p|pp|§|§§)\.? ?([0-9]{1,3}(-[0-9]{1,3})?|[IVX]{1,3})"),
        re(r"(won|lost|beat|passed|a|the|open) [0-9]{1,3}(-|–)[0-9]{1,3}( vote| win| job| code)?"),
        re(&format!(
            r"{MONTHS}\. [0-9]{{1,2}}(-|–)({MONTHS}\. )?[0-9]{{1,2}}"
        )),
        re(r"(Mon|Fri|Monday|Sun|Sat)\.?(-|–)(Fri|Sun|Friday|Times)\.?"),
        re(
            r"[0-9]{1,3}(ers?|D|G|K|x[0-9]{1,2})|[A-Z]{1,3}[0-9]{1,3}([A-Z][0-9])?|(a|an) (Jr|Sr)\. [a-zA-Z]{1,8}",
        ),
        // Symbols and punctuation.
        pick(&[
            "&", "+", "/", "=", "~", "@", "#", "%", "$", "£", "€", "¥", "°", "vs.", "vs", "v.",
            "e.g.", "i.e.", "etc.", "and/or", "his/her", "50/50", "24/7", "9/11", "-", "–", "—",
            ".", ",", ";", ":", "!", "?", "...", "…", "\"", "'", "“", "”", "‘", "’", "(", ")", "[",
            "]", "*", "_", "\\", "|", "<", ">", "^", "`",
        ]),
        // Words, Unicode letters, emoji, odd spaces and marks.
        re(r"[a-z]{1,10}"),
        re(r"[à-ÿ]{1,6}|[Α-ω]{1,6}|[а-я]{1,6}|[一-龥]{1,4}|[ا-ي]{1,5}"),
        re(r"[😀-🙏🚀-🛿]{1,3}|👩‍👩‍👧|🇺🇸"),
        pick(&[
            "\u{a0}", "\u{2009}", "\u{200b}", "\u{ad}", "\u{301}", "\u{feff}", "\t",
        ]),
    ])
}

/// A soup of tokens joined by spaces, punctuation, newlines, or nothing at all (so that
/// tokens also run into each other: "$5%", "1990sFBI").
fn soup() -> impl Strategy<Value = String> {
    let separator = pick(&[" ", " ", " ", " ", ", ", ". ", "", "\n", "  ", "-", "/"]);
    proptest::collection::vec((token(), separator), 1..24).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(token, sep)| token + &sep)
            .collect::<String>()
    })
}

/// Prose no normalizer has anything to read in: lower- and title-case words without
/// digits, joined by spaces and punctuation. No period follows a word, so no word is
/// an abbreviation ("Gen.", "St.", "etc.").
fn plain_prose() -> impl Strategy<Value = String> {
    let word = re(r"[a-z]{1,10}|[A-Z][a-z]{1,10}")
        .prop_filter("words the symbol rules read", |w| w != "vs" && w != "v");
    let separator = pick(&[" ", " ", " ", ", ", "; ", ": ", "! ", "? ", " — ", "\n"]);
    let end = pick(&["", "!", "?", "…", "\""]);
    (proptest::collection::vec((word, separator), 1..20), end).prop_map(|(parts, end)| {
        let text: String = parts.into_iter().map(|(w, s)| w + &s).collect();
        text.trim_end().to_string() + &end
    })
}

fn has_something_to_say(text: &str) -> bool {
    text.chars()
        .any(|c| !c.is_whitespace() && !narrate::speak::is_mark(c))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::property_cases(512)))]

    #[test]
    fn arbitrary_text_is_spoken_without_panic_or_silence_and_idempotently(text in any::<String>()) {
        let once = speak(&text);
        if has_something_to_say(&text) {
            prop_assert!(has_something_to_say(&once), "{text:?} became {once:?}");
        }
        let twice = speak(&once);
        prop_assert_eq!(&twice, &once, "speaking {:?} again changed it", once);
    }

    #[test]
    fn news_soup_is_spoken_without_panic_or_silence_and_idempotently(text in soup()) {
        let once = speak(&text);
        if has_something_to_say(&text) {
            prop_assert!(has_something_to_say(&once), "{text:?} became {once:?}");
        }
        let twice = speak(&once);
        prop_assert_eq!(&twice, &once, "speaking {:?} (from {:?}) again changed it", once, text);
    }

    #[test]
    fn plain_prose_passes_through_unchanged(text in plain_prose()) {
        prop_assert_eq!(speak(&text), text);
    }
}
