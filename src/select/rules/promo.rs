//! Drops the site's calls to action: paywall and subscription lines ("Subscribe to read
//! the whole story", "You have reached your limit of free articles", "Already a member?
//! Log in", "Unlock full access for $1 a week"), app pitches ("Get our apps for iOS and
//! Android"), newsletter pitches ("Sign up to our newsletter so you never miss a
//! story"), "You can now listen to…", "Follow us on…". They address the reader about
//! the site, not the story.
//!
//! Such lines are worded a hundred ways, so they are recognised by structure, not by a
//! list of phrases. A sentence is a call to action when, outside any quotation:
//!
//! - a clause opens with an imperative (after "please", "now", "click here to", "to
//!   continue reading," …) and the same clause names a product of the site: a
//!   newsletter, an app, a subscription or membership, alerts, a podcast, access, "the
//!   whole story", "us". The site's own verbs (subscribe, sign up, log in, register)
//!   need no product in a line of a few words, or with a purpose such as "to continue";
//! - it speaks to the reader about the paywall or the sign-in: "you have reached your
//!   limit", "your free articles", "already a subscriber?", "not a member yet?";
//! - it offers a price per period ("$1 a week", "£4.99/month") to the reader (second
//!   person, an imperative, an offer or trial) or as a line of its own;
//! - the site speaks of its product to the reader: "our newsletter brings you…",
//!   "delivered to your inbox".
//!
//! A sentence that reports ("said", "told", "according to") is the story's, however it
//! is worded: "Subscribers who sign up for the app will pay more, the company said."
//! A short block with such a sentence goes whole (a promo box); in a long block only the
//! calls to action go. Hand-written: no crate knows news-site promos.

use crate::select::blocks::{alive, drop_block, ends_sentence, sentence_ranges, word_count};
use crate::select::{Context, Decision, Reason, Rule};
use regex::Regex;
use std::sync::LazyLock;

pub struct Promo;

/// What may stand before the imperative of a clause.
const LEAD: &str = r"(?:(?:please|now|simply|just|then|or|and|so|also|why\ not|don'?t\ forget\ to|be\ sure\ to|make\ sure\ to|remember\ to|(?:click|tap|press|scroll\ down|swipe\ up)(?:\ here|\ below|\ the\ button)?\ to|you\ can(?:\ now|\ also)?|you\ can\ now\ also)\s+)*";

/// The site's own verbs.
const SITE_VERB: &str = r"(?:sign\ ?up|sign\ ?in|log\ ?in|login|subscribe|re-?subscribe|register|opt\ in|create\ (?:an?|your)\ (?:free\ )?account)";

/// Other imperatives of a call to action; they need a product in their clause.
const VERB: &str = r"(?:get|grab|download|install|try|unlock|start|become|support|donate|contribute|listen|follow|like\ us|upgrade|renew|claim|activate|enter|give|gift|continue|keep|read|watch|stream|enjoy|access|receive|discover|explore|check\ out|scan|turn\ on|enable|allow|hear|make\ a\ (?:contribution|donation|gift)|stay|never\ miss|don'?t\ miss|be\ the\ first|join|add|save|sign\ me\ up|tune\ in|find\ us|connect\ with)";

/// Products of the site a call to action offers.
const PRODUCT: &str = r"(?:newsletters?|e-?newsletters?|bulletins?|briefings?|digest|inbox|e-?mails?|alerts?|notifications?|updates|apps?|podcasts?|subscriptions?|subscrib\w*|membership|members?|premium|unlimited|(?:full|digital|unlimited|premium|instant|exclusive|complete|ad-free|early|free)\ access|access\ to\ (?:all|our|every|the\ full|unlimited|premium)|free\ trial|[0-9]+-?\ ?(?:day|week|month)\ trial|e-?edition|digital\ edition|journalism|our\ (?:reporting|work|newsroom|coverage|channel|show|site|website|page|feed|team|community)|channel|(?:whole|full|entire|complete|rest\ of\ the)\ (?:story|article|piece)|this\ (?:story|article|piece)|stories|(?:on|at|via)\ (?:twitter|facebook|instagram|youtube|tiktok|linkedin|x|threads|whatsapp|telegram|flipboard|google\ news|apple\ news|spotify|apple\ podcasts)|us|here|app\ store|google\ play|ios|android|offer|(?:keep|continue)\ (?:reading|listening|watching)|headlines|a\ (?:story|thing|beat|headline))";

/// A purpose that makes a site verb a call to action: "log in to continue".
const PURPOSE: &str = r"(?:to\ (?:continue|read|keep\ reading|access|unlock|view|comment|listen|watch|save|bookmark|get|receive|enjoy|join|leave\ a\ comment|post\ a\ comment)|now|today|here|for\ free|free|below|for\ our|with\ (?:google|facebook|apple|email|your\ email))";

/// A clause that is a call to action.
static IMPERATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)^{LEAD}(?:{SITE_VERB}\s.*\b{PURPOSE}\b|{SITE_VERB}\s.*\b{PRODUCT}\b|{VERB}\s.*\b{PRODUCT}\b)"
    ))
    .expect("imperative pattern")
});

/// A site verb alone: "Subscribe", "Sign up now!", "Log in".
static SITE_VERB_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?x)^{LEAD}{SITE_VERB}(?:\s|$)")).expect("site verb pattern")
});

/// The reader addressed about the paywall, an account or the site's products.
static READER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \byou(?:'ve|\ have)?\ (?:reached|hit|used|read|exceeded|run\ out\ of)\ (?:up\ your\ |your\ |the\ |all\ (?:of\ )?your\ |[0-9]+\ (?:of\ (?:your\ |[0-9]+\ )?)?)*(?:limit|maximum|allowance|quota|free|articles|stories|monthly|complimentary)
        | \byou\ have\ [0-9]+\ (?:free\ )?(?:articles?|stories|views)\ (?:left|remaining)
        | \b(?:your|[0-9]+)\ (?:last\ |final\ |remaining\ )?(?:free|complimentary)\ (?:articles?|stories|story|views?|trial|access|preview)
        | \bthis\ is\ your\ (?:last|final|first)\ free\b
        | ^already\ (?:an?\ )?(?:member|subscriber|print\ subscriber|digital\ subscriber|customer|registered|have\ an\ account|got\ an\ account|a\ user|subscribed)
        | ^(?:don'?t|do\ not)\ have\ an?\ (?:account|subscription)
        | ^to\ (?:keep|continue|carry\ on)\ (?:reading|listening|watching)\b
        | \b(?:have\ you\ (?:considered|thought\ about)|why\ not\ (?:try|consider)|how\ about)\ (?:subscribing|becoming\ a\ (?:member|subscriber)|supporting\ (?:us|our)|signing\ up|joining\ us)
        | \b(?:disable|turn\ off|pause|whitelist|allowlist)\ (?:your\ )?ad[\ -]?block(?:er|ing)?\b
        | \b(?:using|use)\ an?\ ad[\ -]?blocker\b|\bad[\ -]?blocker\ (?:detected|enabled|is\ on)
        | \b(?:log|sign)\ in\ or\ (?:create|register|sign\ up|subscribe)\b
        | \b(?:create\ an?\ (?:free\ )?account|register|sign\ up|subscribe)\ or\ (?:log|sign)\ in\b
        | ^(?:not\ (?:an?\ )?(?:member|subscriber)|new\ (?:here|to\ \w+|user|reader)s?)\b.{0,20}\?
        | \byou\ (?:must|need\ to|will\ need\ to|have\ to)\ (?:be\ (?:logged|signed)\ in|log\ in|sign\ in|subscribe|be\ a\ (?:subscriber|member))
        | \byou(?:'re|\ are)\ (?:now\ )?(?:logged|signed)\ (?:in|out)\b
        | \byou(?:'re|\ are)\ (?:all\ set|subscribed|now\ subscribed|on\ the\ list|(?:currently\ |now\ )?reading\ (?:a|your)\ (?:free|premium|subscriber))
        | \byour\ first\ (?:month|week|year|[0-9]+\ (?:days|weeks|months))\ (?:is\ )?(?:free|on\ us|for\ [$£€]|costs?\ [$£€])
        | ^start\ (?:reading|listening|watching)\ (?:now|today|for\ free|free)
        | \b(?:email|e-mail|message|contact|write\ to|text)\ us\b
        | \bsend\ us\ your\ (?:tips|stories|story|photos|pictures|videos|questions|news)
        | \b(?:got|have)\ a\ (?:news\ )?(?:tip|story\ idea)\b.{0,30}\?
        | \bwe'?d\ love\ to\ hear\ from\ you
        | ^stay\ (?:up\ to\ date|informed|in\ the\ know|connected|ahead\ of\ the\ news|updated|tuned)\b
        | \b(?:available|exclusive|reserved|only)\ (?:to|for)\ (?:our\ )?(?:paid\ |premium\ |digital\ )?(?:subscribers|members)\b(?:\ only)?
        | \b(?:subscribers?|members?)[\ -]only\b
        | \bfor\ (?:paid\ |premium\ )?(?:subscribers|members)\ only\b
        | \bsubscribers?\ (?:can|get|enjoy|receive)\ (?:unlimited|full|free|exclusive|ad-free)\b
        | \b(?:subscribers?|members?)\ (?:can\ |also\ )?(?:get|enjoy|receive)\ (?:an?\ )?(?:unlimited|ad-free|exclusive\ (?:access|content|newsletters|events|offers)|premium|early\ access)
        | \b(?:delivered|straight|direct(?:ly)?|sent)\ (?:to|into)\ your\ inbox
        | \bin\ your\ inbox\ every\b
        | \b(?:we'll|we\ will)\ (?:send|email|deliver|bring)\ you\b
        | \byou\ (?:can|may)\ (?:unsubscribe|opt\ out|cancel)\ at\ any\ time
        | \bcancel\ any\ ?time\b
        | ^by\ (?:signing\ up|subscribing|registering|clicking|creating\ an\ account|continuing)\b.*\byou\ (?:agree|accept|acknowledge|consent)
        | \b(?:please\ )?enter\ (?:your|a\ valid)\ (?:e-?mail|email\ address)
        | ^(?:invalid|your)\ e-?mail\ address\b
        | \b(?:readers|people|subscribers)\ like\ you\b
        | \byour\ support\ (?:helps|makes|keeps|funds|allows|enables|matters|means)\b
        | \b(?:support|fund)\ (?:our|independent|quality)\ journalism\b
        | \bnever\ miss\ (?:a|an|another)\ (?:story|thing|beat|headline|update|episode|issue|moment)
        | \b(?:available|download\ it)\ on\ (?:the\ )?(?:app\ store|google\ play)
        | \bget\ it\ on\ google\ play\b
        | ^want\ (?:more|to\ read\ more|unlimited|the\ latest)\b.{0,40}\?
        | \bnewsletters?\b.*\b(?:sign\ up|subscribe)\b
        | ^(?:new)?\s*listen\ to\ (?:this|the)\ (?:article|story)
        | you\ can\ now\ listen\ to\b
        | ^let\ our\ news\ meet\ your\ inbox
        | ^chat\ with\ us\b
        | ^(?:listen|watch)\b.*?\b(?:live|here)\b.*?\b(?:here|weekdays|now|anytime)\b
        | \bclick\ here\b
        ",
    )
    .expect("reader pattern")
});

/// A price per period: "$1 a week", "£4.99/month", "99p per week", "€10 a year".
static PRICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:(?:us|a|c|au|nz)?[$£€¥]\s?[0-9]+(?:[.,][0-9]{1,2})?|\b[0-9]+(?:[.,][0-9]{1,2})?\s?(?:p|c|cents|dollars|pounds|euros)\b)
        \s*(?:/|per|a|an|each|every|for\ (?:the\ first\ |your\ first\ )?[0-9]*\s*)\s*
        (?:day|week|wk|month|mo|year|yr|annum|issue|weeks|months|years)\b
        | \b[0-9]+\s+(?:days?|weeks?|months?|years?)\s+(?:for|at)\s+(?:just\ |only\ )?[$£€]\s?[0-9]
        ",
    )
    .expect("price pattern")
});

/// What makes a price an offer to the reader.
static OFFER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:you|your|offer|trial|as\ little\ as|introductory|billed|limited\ time|special\ offer|save\ [0-9]+%|then\ [$£€]|cancel\ any|unlock|(?:digital|full|unlimited)\ access|unlimited\ digital)\b")
        .expect("offer pattern")
});

/// A line that is only an offer: "Just $1 a week.", "From £2 a month."
static PRICE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:just|only|from|for|now|[$£€]|[0-9])").expect("price line pattern")
});

/// The site speaking of its product to the reader.
static SITE_VOICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)\b(?:our|we)\b.*\b(?:newsletters?|apps?|podcasts?|subscriptions?|membership|journalism|e-?edition|alerts)\b.*\byou(?:r|'ll|\ will)?\b
        | \byou(?:r|'ll|\ will)?\b.*\bour\ (?:newsletters?|apps?|podcasts?|subscriptions?|membership|journalism|e-?edition|alerts)\b"
    )
    .expect("site voice pattern")
});

/// A verb that reports: the sentence is the story's.
static REPORTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:said|says|told|tells|wrote|writes|tweeted|added|asked|according\ to|urged|urges|announced|reported|explained|claimed|insisted|warned|noted|stated|argued|recalled|complained|promised|admitted)\b",
    )
    .expect("reported pattern")
});

/// "Follow CNN Business", "Follow Fox News": a short unfinished line starting "Follow".
static FOLLOW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:follow)\s+(?:\p{Lu}|@)").expect("follow pattern"));

/// A site verb alone makes a call to action in a line of at most this many words.
const SHORT_CALL: usize = 5;
/// A block this short (in words) with a call to action is a promo box.
const SHORT_BLOCK: usize = 30;
/// A sentence this long is running text, however it starts.
const LONG_SENTENCE: usize = 45;

/// The text in lower case with curly apostrophes straightened and quoted passages
/// ("…", “…”) removed: a call to action inside quotation marks is someone's words.
fn unquoted(text: &str) -> String {
    let lower = text
        .trim_start_matches(|c: char| {
            !c.is_alphanumeric() && !matches!(c, '"' | '“' | '$' | '£' | '€')
        })
        .to_lowercase()
        .replace(['’', '‘'], "'");
    let mut out = String::with_capacity(lower.len());
    let mut quote: Option<char> = None;
    for c in lower.chars() {
        match (quote, c) {
            (None, '“') => quote = Some('”'),
            (None, '"') => quote = Some('"'),
            (Some(close), c) if c == close => {
                quote = None;
                out.push(' ');
            }
            (Some(_), _) => {}
            (None, c) => out.push(c),
        }
    }
    // An unclosed quotation mark quotes nothing: keep what followed it.
    if quote.is_some() {
        return lower;
    }
    out
}

/// The clauses of a sentence: split at commas, semicolons, colons, dashes and sentence
/// ends (not inside a number: "50,000", "$2.99"), each trimmed of bullets and symbols.
fn clauses(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut previous = ' ';
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map_or(' ', |&(_, n)| n);
        let in_number =
            matches!(c, ',' | '.' | ':') && previous.is_ascii_digit() && next.is_ascii_digit();
        let cut = matches!(
            c,
            ',' | ';' | ':' | '.' | '!' | '?' | '—' | '–' | '|' | '(' | ')' | '•' | '»' | '>'
        );
        if cut && !in_number {
            out.push(&text[start..at]);
            start = at + c.len_utf8();
        }
        previous = c;
    }
    out.push(&text[start..]);
    out.into_iter()
        .map(|c| c.trim_matches(|ch: char| !ch.is_alphanumeric() && ch != '$' && ch != '£'))
        .filter(|c| !c.is_empty())
        .collect()
}

/// Whether the text reports someone's words or deeds ("said", "told", "according to"):
/// whatever else it looks like, such a sentence is the story's.
pub fn is_reported(text: &str) -> bool {
    REPORTED.is_match(&text.to_lowercase())
}

/// Whether one sentence (or a short line) is a call to action.
pub fn is_call_to_action(sentence: &str) -> bool {
    let words = word_count(sentence);
    if words == 0 || words > LONG_SENTENCE {
        return false;
    }
    let text = unquoted(sentence);
    if REPORTED.is_match(&text) {
        return false;
    }
    let short = words <= SHORT_CALL;
    let call = clauses(&text)
        .into_iter()
        .any(|clause| IMPERATIVE.is_match(clause) || (short && SITE_VERB_ALONE.is_match(clause)));
    call || READER.is_match(&text)
        || SITE_VOICE.is_match(&text)
        || (PRICE.is_match(&text)
            && (OFFER.is_match(&text)
                || clauses(&text)
                    .into_iter()
                    .any(|c| SITE_VERB_ALONE.is_match(c))
                || (words <= 8 && (!ends_sentence(sentence) || PRICE_LINE.is_match(&text)))))
        || (words <= 5 && !ends_sentence(sentence) && FOLLOW.is_match(sentence.trim()))
}

/// Whether a whole block is a promo (for callers that judge lines).
pub fn is_promo(text: &str) -> bool {
    is_call_to_action(text)
}

impl Rule for Promo {
    fn prepare(&self) {
        LazyLock::force(&IMPERATIVE);
        LazyLock::force(&SITE_VERB_ALONE);
        LazyLock::force(&READER);
        LazyLock::force(&PRICE);
        LazyLock::force(&OFFER);
        LazyLock::force(&PRICE_LINE);
        LazyLock::force(&SITE_VOICE);
        LazyLock::force(&REPORTED);
        LazyLock::force(&FOLLOW);
    }

    fn name(&self) -> &'static str {
        "promo"
    }

    fn apply(&self, cx: &Context<'_>, decisions: &mut [Decision]) {
        for (i, range) in sentence_ranges(cx).iter().enumerate() {
            if !alive(decisions, range) {
                continue;
            }
            let text = &cx.doc.blocks[i].text;
            let calls: Vec<bool> = range
                .clone()
                .map(|s| is_call_to_action(cx.text(s)))
                .collect();
            let count = calls.iter().filter(|&&c| c).count();
            let whole = (word_count(text) <= SHORT_BLOCK && (count > 0 || is_call_to_action(text)))
                || count * 2 >= calls.len() && count > 0;
            if whole {
                drop_block(decisions, range, Reason::Promo);
                continue;
            }
            for (s, call) in range.clone().zip(calls) {
                if call && decisions[s].keep() {
                    decisions[s] = Decision::Drop(Reason::Promo);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_calls_to_action() {
        assert!(is_promo("NEWYou can now listen to Fox News articles!"));
        assert!(is_promo("CLICK HERE TO GET THE FOX NEWS APP"));
        assert!(is_promo("Sign up for our Newsletter"));
        assert!(is_promo(
            "Download the Daily Planet app for the latest news."
        ));
        assert!(is_promo("Follow us on Twitter"));
        assert!(is_promo("Follow CNN Business"));
        assert!(is_promo("Get breaking news alerts and special reports."));
    }

    #[test]
    fn keeps_story_sentences_about_apps_and_following() {
        assert!(!is_promo(
            "The company said the app had been downloaded ten million times since launch."
        ));
        assert!(!is_promo(
            "Follow the money, the investigators told the committee."
        ));
        assert!(!is_promo(
            "She signed up for the army at 18 and served two tours in Iraq."
        ));
        assert!(!is_promo(
            "Listeners can now hear the recordings at the museum."
        ));
    }
}
