//! Ranges of dates, months and weekdays, read with "to": "Nov. 7-9" "November seventh
//! to ninth", "Jan. 30-Feb. 2, 2023" "January thirtieth to February second, twenty
//! twenty-three", "7-9 November" "the seventh to ninth of November", "June-August"
//! "June to August", "Mon-Fri" and "Monday–Friday" "Monday to Friday".
//!
//! Ranges of plain numbers and years ("3-5", "1990-95", "2019-2021") are the number
//! normalizer's, and scores and spans of hours ("9-5") the score normalizer's; this one
//! runs before the date normalizer, which would otherwise say each end of a date range
//! alone ("November seventh-nine"). A day that is no day of a month ("Nov. 7-45") and
//! a weekday-like word that is no weekday ("Sun-Times") stay as written.

use super::dates::{day, month, month_pattern};
use super::titles::sentence_end;
use super::words::{ordinal, year};
use super::{rewrite, Normalizer};
use regex::Regex;
use std::sync::LazyLock;

pub struct Ranges;

/// Weekdays as written in a range, abbreviated or in full.
const WEEKDAYS: &[(&str, &str)] = &[
    ("Monday", "Monday"),
    ("Tuesday", "Tuesday"),
    ("Wednesday", "Wednesday"),
    ("Thursday", "Thursday"),
    ("Friday", "Friday"),
    ("Saturday", "Saturday"),
    ("Sunday", "Sunday"),
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

/// The ordinal suffix a day may carry.
const TH: &str = r"(?:st|nd|rd|th)?";

/// "Nov. 7-9", "Jan. 30-Feb. 2", with an optional year.
static MONTH_DAYS: LazyLock<Regex> = LazyLock::new(|| {
    let month = month_pattern();
    Regex::new(&format!(
        r"\b({month})\s+([0-9]{{1,2}}){TH}\s?[-–]\s?(?:({month})\s+)?([0-9]{{1,2}}){TH}\b(?:(,?\s+)([0-9]{{4}})\b)?"
    ))
    .expect("the month-day range pattern is valid")
});

/// "7-9 November", with an optional year.
static DAYS_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b([0-9]{{1,2}}){TH}\s?[-–]\s?([0-9]{{1,2}}){TH}\s+({})(?:(,?\s+)([0-9]{{4}})\b)?",
        month_pattern()
    ))
    .expect("the day-month range pattern is valid")
});

/// "June-August", "Jan.-March".
static MONTHS: LazyLock<Regex> = LazyLock::new(|| {
    let month = month_pattern();
    Regex::new(&format!(r"\b({month})\s?[-–]\s?({month})"))
        .expect("the month range pattern is valid")
});

/// "Mon-Fri", "Mon.-Fri.", "Monday–Friday".
static WEEKDAYS_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<&str> = WEEKDAYS.iter().map(|(w, _)| *w).collect();
    let names = names.join("|");
    Regex::new(&format!(
        r"\b({names})(?:(\.)|\b)\s?[-–]\s?({names})(?:(\.)|\b)"
    ))
    .expect("the weekday range pattern is valid")
});

fn weekday(written: &str) -> Option<&'static str> {
    WEEKDAYS
        .iter()
        .find(|(w, _)| *w == written)
        .map(|(_, n)| *n)
}

/// ", twenty twenty-three" for a year and the separator written before it.
fn year_part(separator: Option<regex::Match>, written: Option<regex::Match>) -> Option<String> {
    match (separator, written) {
        (Some(sep), Some(y)) => Some(format!(
            "{}{}",
            sep.as_str(),
            year(y.as_str().parse().ok()?)
        )),
        _ => Some(String::new()),
    }
}

/// Whether a range runs on into a longer one or a time ("Nov. 7-9:30", "7-9-11").
fn runs_on(after: &str) -> bool {
    let mut next = after.chars();
    next.next().is_some_and(|c| "-–:/".contains(c))
        && next.next().is_some_and(|c| c.is_ascii_digit())
}

impl Normalizer for Ranges {
    fn prepare(&self) {
        LazyLock::force(&MONTH_DAYS);
        LazyLock::force(&DAYS_MONTH);
        LazyLock::force(&MONTHS);
        LazyLock::force(&WEEKDAYS_RANGE);
    }

    fn normalize(&self, text: &str) -> String {
        if !text.contains(['-', '–']) {
            return text.to_string();
        }
        let text = rewrite(text, &MONTH_DAYS, |caps, text| {
            if runs_on(&text[caps.get(0)?.end()..]) {
                return None;
            }
            let first = month(&caps[1])?;
            let (d1, d2) = (day(&caps[2])?, day(&caps[4])?);
            let second = match caps.get(3) {
                Some(m) => format!("{} ", month(m.as_str())?),
                None if d2 > d1 => String::new(),
                None => return None,
            };
            Some(format!(
                "{first} {} to {second}{}{}",
                ordinal(d1),
                ordinal(d2),
                year_part(caps.get(5), caps.get(6))?
            ))
        });
        let text = rewrite(&text, &DAYS_MONTH, |caps, text| {
            if text[..caps.get(0)?.start()].ends_with(['-', '–', '/', '.', ',']) {
                return None;
            }
            let (d1, d2) = (day(&caps[1])?, day(&caps[2])?);
            if d2 <= d1 {
                return None;
            }
            // "7-9 Nov.": the abbreviation's period that ends the sentence stays.
            let end = if caps.get(5).is_none() && caps[3].ends_with('.') {
                sentence_end(&text[caps.get(0)?.end()..])
            } else {
                ""
            };
            Some(format!(
                "the {} to {} of {}{}{end}",
                ordinal(d1),
                ordinal(d2),
                month(&caps[3])?,
                year_part(caps.get(4), caps.get(5))?
            ))
        });
        let text = rewrite(&text, &MONTHS, |caps, text| {
            let whole = caps.get(0)?;
            if text[whole.end()..].starts_with(char::is_alphabetic) {
                return None;
            }
            let end = if whole.as_str().ends_with('.') {
                sentence_end(&text[whole.end()..])
            } else {
                ""
            };
            Some(format!("{} to {}{end}", month(&caps[1])?, month(&caps[2])?))
        });
        rewrite(&text, &WEEKDAYS_RANGE, |caps, text| {
            let whole = caps.get(0)?;
            // Not part of a longer run ("Tue.-Mon-Fri").
            if text[whole.end()..].starts_with(['-', '–'])
                || text[..whole.start()].ends_with(['-', '–'])
            {
                return None;
            }
            let (first, second) = (weekday(&caps[1])?, weekday(&caps[3])?);
            if first == second {
                return None;
            }
            let end = if caps.get(4).is_some() {
                sentence_end(&text[whole.end()..])
            } else {
                ""
            };
            Some(format!("{first} to {second}{end}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speak(s: &str) -> String {
        Ranges.normalize(s)
    }

    #[test]
    fn date_ranges() {
        assert_eq!(speak("on Nov. 7-9 in"), "on November seventh to ninth in");
        assert_eq!(
            speak("from Jan. 30-Feb. 2, 2023."),
            "from January thirtieth to February second, twenty twenty-three."
        );
        assert_eq!(speak("March 3–5"), "March third to fifth");
        assert_eq!(
            speak("held 7-9 November 2022"),
            "held the seventh to ninth of November twenty twenty-two"
        );
        assert_eq!(speak("June-August"), "June to August");
    }

    #[test]
    fn weekday_ranges() {
        assert_eq!(speak("open Mon-Fri"), "open Monday to Friday");
        assert_eq!(speak("open Monday–Friday,"), "open Monday to Friday,");
        assert_eq!(speak("open Mon.-Fri."), "open Monday to Friday.");
        assert_eq!(
            speak("open Mon.-Fri. from 9"),
            "open Monday to Friday from 9"
        );
    }

    #[test]
    fn lookalikes_stay() {
        for text in [
            "the Chicago Sun-Times",
            "Nov. 7-45",
            "Nov. 9-7",
            "at Nov. 7-9:30",
            "a 7-9 score",
            "May-be",
            "March-Marchetti",
            "Mon-Mon",
            "Tue.-Mon-Fri",
        ] {
            assert_eq!(speak(text), text);
        }
    }

    #[test]
    fn idempotent() {
        let once = speak("Nov. 7-9, Jan. 30-Feb. 2 and Mon-Fri, 7-9 May");
        assert_eq!(speak(&once), once);
    }
}
