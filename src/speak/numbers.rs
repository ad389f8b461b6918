//! Numbers read as a newsreader reads them: "No. 1" and "#1" "number one", ordinals
//! ("22nd" "twenty-second"), percentages, ranges ("5-10" "five to ten", "2020-22"
//! "twenty twenty to twenty-two"), fractions ("3/4" "three quarters", "2 1/2" "two and
//! a half"), negatives ("-5" "minus five"), years, versions and internet addresses
//! ("17.4.1" "seventeen point four point one", "10.0.0.1" "ten dot zero dot zero dot
//! one"), and every other number ("2,022" "two thousand twenty-two", "3.5" "three point
//! five").
//!
//! A four-digit number from 1100 to 2099 written without a comma is a year (news
//! style writes counts of a thousand or more with a comma): "in 1066", "2022". It is a
//! count when a percent sign or "percent" follows it. Money, units, times and dates
//! run before this normalizer, so their numbers are already words here.

use super::words::{cardinal, denominator, number, ordinal, year};
use super::{rewrite, Normalizer};
use regex::Regex;
use std::sync::LazyLock;

pub struct Numbers;

/// A number as written: thousands with commas, or plain digits; an optional decimal part.
const NUMBER: &str = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?";

static NUMERO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:No\.|no\.)\s?([0-9]+)\b|#([0-9]+)\b").expect("the numero pattern is valid")
});

/// ".45-caliber", ".22 caliber": a bore said as a number.
static CALIBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(^|[\s(])\.([0-9]{2,3})([-\s]caliber)\b").expect("the caliber pattern is valid")
});

static ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([0-9]+)(?:st|nd|rd|th)\b").expect("the ordinal pattern is valid")
});

static FRACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:([0-9]+)[\s-])?([0-9]+)/([0-9]+)\b").expect("the fraction pattern is valid")
});

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b({NUMBER})\s?[-–]\s?({NUMBER})(?:(\s?%)|\b)"))
        .expect("the range pattern is valid")
});

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(-|−)?\b({NUMBER})\s?%")).expect("the percent pattern is valid")
});

/// Three or more numbers joined by periods: a version ("iOS 17.4.1", "v2.0.1") or an
/// internet address ("192.168.0.1"), never one decimal. A capital "V2" is a name the
/// fused normalizer has read already ("V-two").
static DOTTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(v)?([0-9]+(?:\.[0-9]+){2,})\b").expect("the dotted number pattern is valid")
});

static PLAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(-|−)?\b({NUMBER})\b")).expect("the number pattern is valid")
});

/// Whether a minus sign at `start` stands alone before its number (after a space, an
/// opening bracket or the start of the text), rather than joining two words.
fn standalone_minus(text: &str, start: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || "([{\"'“‘".contains(c))
}

/// A whole number without separators that reads as a year.
fn year_like(digits: &str) -> Option<u64> {
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| (1100..2100).contains(n))
}

/// Words after which a number from 1000 to 1099 is a year ("in 1066").
const YEAR_WORDS: &[&str] = &[
    "in", "In", "of", "since", "Since", "year", "until", "by", "from",
];

/// An early year: 1000 to 1099 after a word that introduces a year.
fn early_year(digits: &str, before: &str) -> Option<u64> {
    let n: u64 = digits.parse().ok().filter(|_| digits.len() == 4)?;
    let word = before.trim_end().rsplit(' ').next()?;
    ((1000..1100).contains(&n) && YEAR_WORDS.contains(&word)).then_some(n)
}

/// Whether a percent sign or the word "percent" follows.
fn percent_follows(after: &str) -> bool {
    let rest = after.trim_start();
    rest.starts_with('%') || rest.starts_with("percent") || rest.starts_with("per cent")
}

/// "2022" as a year when it is one, else as a number.
fn spoken_number(digits: &str, before: &str, after: &str) -> Option<String> {
    if digits == "911" {
        return Some("nine one one".to_string());
    }
    if digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(super::words::digits(digits));
    }
    match year_like(digits).or_else(|| early_year(digits, before)) {
        Some(y) if !percent_follows(after) => Some(year(y)),
        _ => number(digits),
    }
}

/// Whether the number written at `start..end` is one part of a run of periods and
/// letters or digits that no rule took whole ("2.0beta", "MP3.5", "0.0.30-0.4.0"):
/// said alone, it would leave the rest to be read differently the next time. Of the
/// neighbours, only whether they are letters or digits counts, which stays so once
/// they are said.
fn in_dotted_run(text: &str, start: usize, end: usize) -> bool {
    let mut next = text[end..].chars();
    let mut previous = text[..start].chars().rev();
    next.next() == Some('.') && next.next().is_some_and(char::is_alphanumeric)
        || previous.next() == Some('.') && previous.next().is_some_and(char::is_alphanumeric)
}

/// A version with "point": "17.4.1" "seventeen point four point one"; an internet
/// address (four numbers up to 255) with "dot": "192.168.0.1" "one hundred ninety-two
/// dot one hundred sixty-eight dot zero dot one". A part with a leading zero is said
/// digit by digit ("1.05.2" "one point zero five point two").
fn dotted(written: &str) -> Option<String> {
    let parts: Vec<&str> = written.split('.').collect();
    let address = parts.len() == 4
        && parts
            .iter()
            .all(|p| p.len() <= 3 && p.parse::<u16>().is_ok_and(|n| n <= 255));
    let said = parts
        .iter()
        .map(|part| {
            if part.len() > 1 && part.starts_with('0') {
                Some(super::words::digits(part))
            } else {
                number(part)
            }
        })
        .collect::<Option<Vec<_>>>()?;
    Some(said.join(if address { " dot " } else { " point " }))
}

/// "2020-22": the second number of a range abbreviating the first's century.
fn range(first: &str, second: &str, after: &str) -> Option<String> {
    let value = |s: &str| s.replace(',', "").parse::<f64>().ok();
    let (a, b) = (value(first)?, value(second)?);
    if let (Some(y), 2) = (year_like(first), second.len()) {
        let short: u64 = second.parse().ok()?;
        if short > y % 100 {
            return Some(format!("{} to {}", year(y), cardinal(short)));
        }
        return None;
    }
    if b <= a {
        return None;
    }
    let a = spoken_number(first, "", after)?;
    let b = spoken_number(second, "", after)?;
    Some(format!("{a} to {b}"))
}

/// "3/4" "three quarters"; "24/7", "9/11", "50/50" as said; "2 1/2" "two and a half".
fn fraction(whole: Option<&str>, top: &str, bottom: &str) -> Option<String> {
    let (n, d): (u64, u64) = (top.parse().ok()?, bottom.parse().ok()?);
    let simple = match (n, d) {
        (24, 7) => Some("twenty-four seven".to_string()),
        (9, 11) => Some("nine eleven".to_string()),
        (50, 50) => Some("fifty-fifty".to_string()),
        _ if ((2..=10).contains(&d) || [16, 32, 64].contains(&d)) && n > 0 && n < d => {
            Some(format!("{} {}", cardinal(n), denominator(d, n > 1)))
        }
        _ => None,
    };
    match (whole, simple) {
        (Some(w), Some(f)) if n < d => {
            let w = number(w)?;
            let f = if n == 1 {
                format!("a {}", denominator(d, false))
            } else {
                f
            };
            Some(format!("{w} and {f}"))
        }
        (Some(w), _) => Some(format!("{} {}", number(w)?, fraction(None, top, bottom)?)),
        (None, Some(f)) => Some(f),
        (None, None) => Some(format!("{} slash {}", number(top)?, number(bottom)?)),
    }
}

impl Normalizer for Numbers {
    fn prepare(&self) {
        LazyLock::force(&NUMERO);
        LazyLock::force(&CALIBER);
        LazyLock::force(&DOTTED);
        LazyLock::force(&ORDINAL);
        LazyLock::force(&FRACTION);
        LazyLock::force(&RANGE);
        LazyLock::force(&PERCENT);
        LazyLock::force(&PLAIN);
    }

    fn normalize(&self, text: &str) -> String {
        let text = rewrite(text, &NUMERO, |caps, _| {
            let n = caps.get(1).or(caps.get(2))?;
            Some(format!("number {}", number(n.as_str())?))
        });
        let text = rewrite(&text, &CALIBER, |caps, _| {
            Some(format!(
                "{}{}{}",
                &caps[1],
                cardinal(caps[2].parse().ok()?),
                &caps[3]
            ))
        });
        let text = rewrite(&text, &DOTTED, |caps, text| {
            let whole = caps.get(0)?;
            // Part of a longer run of periods and dashes ("1.2.3-beta", "4-1.2.3"). Of
            // what follows, only whether it is a letter or digit counts: that stays so
            // whatever the other normalizers say ("1.2.3-0th", "1.2.3-zeroth").
            let mut next = text[whole.end()..].chars();
            if text[..whole.start()].ends_with(['.', '-', '–'])
                || next.next().is_some_and(|c| ".-–".contains(c))
                    && next.next().is_some_and(char::is_alphanumeric)
            {
                return None;
            }
            let v = caps.get(1).map_or("", |v| v.as_str());
            let space = if v.is_empty() { "" } else { " " };
            Some(format!("{v}{space}{}", dotted(&caps[2])?))
        });
        let text = rewrite(&text, &ORDINAL, |caps, _| {
            Some(ordinal(caps[1].parse().ok()?))
        });
        let text = rewrite(&text, &FRACTION, |caps, text| {
            let whole = caps.get(0)?;
            // Not a date (1/28/2022) or part of a longer slash run.
            if text[whole.end()..].starts_with('/') || text[..whole.start()].ends_with('/') {
                return None;
            }
            fraction(caps.get(1).map(|m| m.as_str()), &caps[2], &caps[3])
        });
        let text = rewrite(&text, &RANGE, |caps, text| {
            let whole = caps.get(0)?;
            // "XR-3-5", "4-5-6": part of an identifier or a longer run, not a range.
            let mut next = text[whole.end()..].chars();
            if text[..whole.start()].ends_with(['-', '–'])
                || next.next().is_some_and(|c| c == '-' || c == '–')
                    && next.next().is_some_and(char::is_alphanumeric)
                || in_dotted_run(text, caps.get(1)?.start(), caps.get(2)?.end())
            {
                return None;
            }
            let percent = caps.get(3).is_some();
            let after = if percent {
                "%"
            } else {
                &text[caps.get(0)?.end()..]
            };
            let spoken = range(&caps[1], &caps[2], after)?;
            Some(if percent {
                format!("{spoken} percent")
            } else {
                spoken
            })
        });
        let text = rewrite(&text, &PERCENT, |caps, text| {
            let whole = caps.get(0)?;
            let minus = caps.get(1).is_some() && standalone_minus(text, whole.start());
            let sign = if minus { "minus " } else { "" };
            let prefix = if caps.get(1).is_some() && !minus {
                caps.get(1)?.as_str()
            } else {
                ""
            };
            Some(format!("{prefix}{sign}{} percent", number(&caps[2])?))
        });
        rewrite(&text, &PLAIN, |caps, text| {
            let whole = caps.get(0)?;
            if in_dotted_run(text, caps.get(2)?.start(), whole.end()) {
                return None;
            }
            let minus = caps.get(1).is_some() && standalone_minus(text, whole.start());
            let digits = &caps[2];
            let spoken = spoken_number(digits, &text[..whole.start()], &text[whole.end()..])?;
            if minus {
                Some(format!("minus {spoken}"))
            } else {
                let sign = caps.get(1).map_or("", |m| m.as_str());
                Some(format!("{sign}{spoken}"))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speak(s: &str) -> String {
        Numbers.normalize(s)
    }

    #[test]
    fn versions_and_addresses() {
        assert_eq!(
            speak("iOS 17.4.1 and v2.0.10"),
            "iOS seventeen point four point one and v two point zero point ten"
        );
        assert_eq!(speak("at 10.0.0.1."), "at ten dot zero dot zero dot one.");
        // Five parts, or a part over 255: a version, not an address.
        assert_eq!(
            speak("1.2.3.4.5"),
            "one point two point three point four point five"
        );
        assert_eq!(
            speak("1.2.3.400"),
            "one point two point three point four hundred"
        );
        // One part of a decimal run into letters stays with the rest.
        assert_eq!(speak("the 2.0beta and MP3.5"), "the 2.0beta and MP3.5");
    }

    #[test]
    fn counts_years_and_decimals() {
        assert_eq!(
            speak("2,022 people in 2022"),
            "two thousand twenty-two people in twenty twenty-two"
        );
        assert_eq!(speak("a 3.5 rise"), "a three point five rise");
        assert_eq!(
            speak("it fell to -5 overnight"),
            "it fell to minus five overnight"
        );
        assert_eq!(speak("COVID-19"), "COVID-nineteen");
        assert_eq!(speak("called 911"), "called nine one one");
        assert_eq!(speak("a .45-caliber gun"), "a forty-five-caliber gun");
        assert_eq!(speak("1500 percent"), "one thousand five hundred percent");
    }

    #[test]
    fn ordinals_numeros_percentages() {
        assert_eq!(speak("the 22nd floor"), "the twenty-second floor");
        assert_eq!(
            speak("No. 1 seed, #3 pick"),
            "number one seed, number three pick"
        );
        assert_eq!(speak("up 5.5%"), "up five point five percent");
    }

    #[test]
    fn ranges_and_fractions() {
        assert_eq!(speak("5-10 percent"), "five to ten percent");
        assert_eq!(
            speak("the 2020-22 season"),
            "the twenty twenty to twenty-two season"
        );
        assert_eq!(speak("2020-2022"), "twenty twenty to twenty twenty-two");
        // A descending pair is the score normalizer's, in a score's context only.
        assert_eq!(speak("the 3-2 code"), "the three-two code");
        // Inside a longer run or an identifier, no range.
        assert_eq!(speak("part XR-3-5"), "part XR-three-five");
        assert_eq!(speak("a 4-5-6 split"), "a four-five-six split");
        assert_eq!(speak("3/4 of them"), "three quarters of them");
        assert_eq!(speak("2 1/2 years"), "two and a half years");
        assert_eq!(speak("open 24/7"), "open twenty-four seven");
        assert_eq!(speak("a 1-1/2 year war"), "a one and a half year war");
        assert_eq!(speak("rose 29/32"), "rose twenty-nine thirty-seconds");
        assert_eq!(speak("a 5-10% gain"), "a five to ten percent gain");
    }

    #[test]
    fn idempotent() {
        let once = speak("In 2022, 1,500 of 3/4 rose 5-10% to No. 1 on the 3rd.");
        assert_eq!(speak(&once), once);
    }
}
