//! Dates read as dates: "Jan. 28, 2022" "January twenty-eighth, twenty twenty-two",
//! "28 January 2022" "the twenty-eighth of January twenty twenty-two", "2022-01-28" and
//! "1/28/2022" "January twenty-eighth, twenty twenty-two", "Jan. 2022" "January twenty
//! twenty-two", weekday abbreviations before a date ("Fri., Jan. 28" "Friday, January
//! twenty-eighth"), and decades ("the 1990s" "the nineteen nineties", "'90s"
//! "nineties", "their 20s" "their twenties").
//!
//! Month abbreviations are expanded only before a day or a year, where they cannot be
//! anything else; punctuation between the parts is kept as written.

use super::titles::sentence_end;
use super::words::{cardinal, decade, ordinal, plural, year};
use super::{rewrite, Normalizer};
use regex::Regex;
use std::sync::LazyLock;

pub struct Dates;

/// Month names and abbreviations with the month's number.
const MONTHS: &[(&str, u32)] = &[
    ("January", 1),
    ("February", 2),
    ("March", 3),
    ("April", 4),
    ("May", 5),
    ("June", 6),
    ("July", 7),
    ("August", 8),
    ("September", 9),
    ("October", 10),
    ("November", 11),
    ("December", 12),
    ("Jan", 1),
    ("Feb", 2),
    ("Mar", 3),
    ("Apr", 4),
    ("Jun", 6),
    ("Jul", 7),
    ("Aug", 8),
    ("Sept", 9),
    ("Sep", 9),
    ("Oct", 10),
    ("Nov", 11),
    ("Dec", 12),
];

/// The months' names, January first.
pub(crate) const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Weekday abbreviations (with their period) and the day's name.
const WEEKDAYS: &[(&str, &str)] = &[
    ("Mon", "Monday"),
    ("Tues", "Tuesday"),
    ("Tue", "Tuesday"),
    ("Wed", "Wednesday"),
    ("Thurs", "Thursday"),
    ("Thur", "Thursday"),
    ("Thu", "Thursday"),
    ("Fri", "Friday"),
    ("Sat", "Saturday"),
    ("Sun", "Sunday"),
];

/// The alternation of every month form, longest first; full names need no period.
pub(super) fn month_pattern() -> String {
    let mut names: Vec<&str> = MONTHS.iter().map(|(m, _)| *m).collect();
    names.sort_by_key(|m| std::cmp::Reverse(m.len()));
    // A whole word: "May" is no month in "Mayor", nor "Jun" in "Junior".
    format!(r"(?:{})(?:\.|\b)", names.join("|"))
}

/// The month's full name for any of its written forms ("Sept." → "September").
pub(super) fn month(written: &str) -> Option<&'static str> {
    let name = written.trim_end_matches('.');
    let number = MONTHS.iter().find(|(m, _)| *m == name)?.1;
    Some(MONTH_NAMES[number as usize - 1])
}

/// "Jan. 28, 2022", "April 26", "Dec. 7th", "Jan. 2022".
static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b({})\s+(?:([0-9]{{1,2}})(?:st|nd|rd|th)?\b(,?\s+([0-9]{{4}})\b)?|([0-9]{{4}})\b)",
        month_pattern()
    ))
    .expect("the month-first date pattern is valid")
});

/// "28 January 2022", "28 January".
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b([0-9]{{1,2}})(?:st|nd|rd|th)?\s+({})(?:(,?\s+)([0-9]{{4}})\b)?",
        month_pattern()
    ))
    .expect("the day-first date pattern is valid")
});

/// "2022-01-28".
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([0-9]{4})-([0-9]{2})-([0-9]{2})\b").expect("the ISO date pattern is valid")
});

/// "1/28/2022", "1/28/22".
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([0-9]{1,2})/([0-9]{1,2})/([0-9]{4}|[0-9]{2})\b")
        .expect("the numeric date pattern is valid")
});

static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<&str> = WEEKDAYS.iter().map(|(w, _)| *w).collect();
    Regex::new(&format!(r"\b({})\.", names.join("|"))).expect("the weekday pattern is valid")
});

/// "the 1990s", "1990's", "'90s", "20s".
static DECADE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(1[1-9]|20)([0-9])0'?s\b|['‘’]([0-9])0s\b|\b([2-9])0s\b")
        .expect("the decade pattern is valid")
});

pub(super) fn day(written: &str) -> Option<u64> {
    written.parse().ok().filter(|d| (1..=31).contains(d))
}

/// "January twenty-eighth, twenty twenty-two" from numbers.
fn numeric_date(y: u64, m: u64, d: u64) -> Option<String> {
    let month = MONTH_NAMES.get((m as usize).checked_sub(1)?)?;
    day(&d.to_string())?;
    Some(format!("{month} {}, {}", ordinal(d), year(y)))
}

impl Normalizer for Dates {
    fn prepare(&self) {
        LazyLock::force(&MONTH_FIRST);
        LazyLock::force(&DAY_FIRST);
        LazyLock::force(&ISO);
        LazyLock::force(&NUMERIC);
        LazyLock::force(&WEEKDAY);
        LazyLock::force(&DECADE);
    }

    fn normalize(&self, text: &str) -> String {
        let text = rewrite(text, &ISO, |caps, _| {
            numeric_date(
                caps[1].parse().ok()?,
                caps[2].parse().ok()?,
                caps[3].parse().ok()?,
            )
        });
        let text = rewrite(&text, &NUMERIC, |caps, _| {
            let y: u64 = caps[3].parse().ok()?;
            let y = match caps[3].len() {
                2 if y <= 50 => 2000 + y,
                2 => 1900 + y,
                _ => y,
            };
            numeric_date(y, caps[1].parse().ok()?, caps[2].parse().ok()?)
        });
        let text = rewrite(&text, &MONTH_FIRST, |caps, _| {
            let name = month(&caps[1])?;
            if let Some(y) = caps.get(5) {
                return Some(format!("{name} {}", year(y.as_str().parse().ok()?)));
            }
            let d = day(&caps[2])?;
            let mut spoken = format!("{name} {}", ordinal(d));
            if let (Some(sep), Some(y)) = (caps.get(3), caps.get(4)) {
                let sep = &sep.as_str()[..sep.len() - y.len()];
                spoken.push_str(sep);
                spoken.push_str(&year(y.as_str().parse().ok()?));
            }
            Some(spoken)
        });
        let text = rewrite(&text, &DAY_FIRST, |caps, text| {
            let d = day(&caps[1])?;
            let mut spoken = format!("the {} of {}", ordinal(d), month(&caps[2])?);
            if let (Some(sep), Some(y)) = (caps.get(3), caps.get(4)) {
                spoken.push_str(sep.as_str());
                spoken.push_str(&year(y.as_str().parse().ok()?));
            } else if caps[2].ends_with('.') {
                // "on 5 Jan.": the abbreviation's period that ends the sentence stays.
                spoken.push_str(sentence_end(&text[caps.get(0)?.end()..]));
            }
            Some(spoken)
        });
        let text = rewrite(&text, &WEEKDAY, |caps, text| {
            // Only where a date or a comma follows: "Sat." alone may be a verb's end.
            let after = &text[caps.get(0)?.end()..];
            let rest = after.trim_start();
            let dated = rest.starts_with(',')
                || rest.starts_with(|c: char| c.is_ascii_digit())
                || MONTH_NAMES.iter().any(|m| rest.starts_with(m));
            let name = WEEKDAYS.iter().find(|(w, _)| *w == &caps[1])?.1;
            dated.then(|| name.to_string())
        });
        rewrite(&text, &DECADE, |caps, _| {
            if let (Some(century), Some(ten)) = (caps.get(1), caps.get(2)) {
                let y: u64 = format!("{}{}0", century.as_str(), ten.as_str())
                    .parse()
                    .ok()?;
                return Some(decade(y));
            }
            let tens: u64 = caps.get(3).or(caps.get(4))?.as_str().parse().ok()?;
            Some(plural(&cardinal(tens * 10)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speak(s: &str) -> String {
        Dates.normalize(s)
    }

    #[test]
    fn month_first_dates() {
        assert_eq!(
            speak("on Jan. 28, 2022, the"),
            "on January twenty-eighth, twenty twenty-two, the"
        );
        assert_eq!(speak("since April 26"), "since April twenty-sixth");
        assert_eq!(speak("Dec. 7th"), "December seventh");
        assert_eq!(speak("in Sept. 2021"), "in September twenty twenty-one");
        assert_eq!(speak("Fri., Jan. 28"), "Friday, January twenty-eighth");
    }

    #[test]
    fn other_date_forms() {
        assert_eq!(
            speak("28 January 2022"),
            "the twenty-eighth of January twenty twenty-two"
        );
        assert_eq!(
            speak("2022-01-28"),
            "January twenty-eighth, twenty twenty-two"
        );
        assert_eq!(
            speak("1/28/2022"),
            "January twenty-eighth, twenty twenty-two"
        );
        // The abbreviation's period that ends the sentence stays as its full stop.
        assert_eq!(speak("It was 5 Jan."), "It was the fifth of January.");
    }

    #[test]
    fn decades() {
        assert_eq!(speak("the 1990s"), "the nineteen nineties");
        assert_eq!(speak("the '90s"), "the nineties");
        assert_eq!(speak("in their 20s"), "in their twenties");
        assert_eq!(speak("the 2000s"), "the two thousands");
    }

    #[test]
    fn lookalikes_stay() {
        assert_eq!(speak("May I go?"), "May I go?");
        assert_eq!(speak("the 13/14 split"), "the 13/14 split");
        assert_eq!(speak("Sun. The"), "Sun. The");
        assert_eq!(speak("March 45"), "March 45");
        // A month's name is a whole word: not the start of "Mayor" or "Junior".
        assert_eq!(
            speak("1 Mayor and 2 Junior titles"),
            "1 Mayor and 2 Junior titles"
        );
    }
}
