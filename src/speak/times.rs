//! Clock times read as times: "10:30 a.m. ET" "ten thirty a-m Eastern Time", "9 p.m."
//! "nine p-m", "10:05" "ten oh five", "10:00 a.m." "ten a-m", "00:00" "midnight",
//! "12:00" "twelve o'clock", "13:45" "thirteen forty-five".
//!
//! "a.m." and "p.m." become "a-m" and "p-m", letters the voices read one by one (a dot
//! before a capital would end espeak-ng's sentence); when they end the sentence their
//! period stays as the full stop. A time zone is read out only right after a time, where
//! "ET" or "PT" cannot be anything else.

use super::titles::sentence_end;
use super::words::cardinal;
use super::{rewrite, Normalizer};
use regex::Regex;
use std::sync::LazyLock;

pub struct Times;

/// Time zones as abbreviated after a time, and how they are said.
const ZONES: &[(&str, &str)] = &[
    ("ET", "Eastern Time"),
    ("EST", "Eastern Standard Time"),
    ("EDT", "Eastern Daylight Time"),
    ("CT", "Central Time"),
    ("CST", "Central Standard Time"),
    ("CDT", "Central Daylight Time"),
    ("MT", "Mountain Time"),
    ("MST", "Mountain Standard Time"),
    ("MDT", "Mountain Daylight Time"),
    ("PT", "Pacific Time"),
    ("PST", "Pacific Standard Time"),
    ("PDT", "Pacific Daylight Time"),
    ("GMT", "Greenwich Mean Time"),
    ("BST", "British Summer Time"),
    ("UTC", "U-T-C"),
];

/// "10:30", "9 p.m.", "9am", "10:30 a.m. ET"; the zone only after a time.
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    let zones: Vec<&str> = ZONES.iter().map(|(z, _)| *z).collect();
    Regex::new(&format!(
        r"\b([0-9]{{1,2}})(?::([0-9]{{2}}))?(?:\s?(?:([apAP])\.\s?[mM]\.|([apAP])[mM]\b))?(?:\s({})\b)?",
        zones.join("|")
    ))
    .expect("the time pattern is valid")
});

/// "9 a.m.-5 p.m.", "9-11 a.m.", "10:30am–2pm": a span ending in a time of day, whose
/// dash is said "to" (each end is then read as a time, or a bare hour as a number).
static SPAN: LazyLock<Regex> = LazyLock::new(|| {
    let half = r"(?:[apAP]\.\s?[mM]\.|[apAP][mM]\b)";
    Regex::new(&format!(
        r"\b([0-9]{{1,2}}(?::[0-9]{{2}})?(?:\s?{half})?)\s?[-–]\s?([0-9]{{1,2}}(?::[0-9]{{2}})?\s?{half})"
    ))
    .expect("the time span pattern is valid")
});

impl Normalizer for Times {
    fn prepare(&self) {
        LazyLock::force(&TIME);
        LazyLock::force(&SPAN);
    }

    fn normalize(&self, text: &str) -> String {
        let text = rewrite(text, &SPAN, |caps, text| {
            // Not the tail of a longer run ("3-9-11 a.m.").
            if text[..caps.get(0)?.start()].ends_with(['-', '–', ':', '.']) {
                return None;
            }
            Some(format!("{} to {}", &caps[1], &caps[2]))
        });
        rewrite(&text, &TIME, |caps, text| {
            let whole = caps.get(0)?;
            let minutes = caps.get(2);
            let half = caps.get(3).or(caps.get(4));
            // A bare number is no time: it needs minutes or a.m./p.m.
            if minutes.is_none() && half.is_none() {
                return None;
            }
            // Not part of a longer number or ratio ("1:2:3", "10:30.5").
            let after = &text[whole.end()..];
            let continues = after.starts_with([':', '.'])
                && after[1..].starts_with(|c: char| c.is_ascii_digit());
            if minutes.is_some() && half.is_none() && continues {
                return None;
            }
            // Not the tail of a longer colon run ("25:00a.m." is not "00 a.m.").
            if text[..whole.start()].ends_with(':') {
                return None;
            }
            let hour: u64 = caps[1].parse().ok()?;
            let minute: u64 = match minutes {
                Some(m) => m.as_str().parse().ok()?,
                None => 0,
            };
            if minute > 59 || hour > 24 {
                return None;
            }
            let mut spoken = match (hour, minute, half) {
                (0 | 24, 0, None) => "midnight".to_string(),
                (_, 0, Some(_)) => cardinal(hour),
                (_, 0, None) => format!("{} o'clock", cardinal(hour)),
                (_, 1..=9, _) => format!("{} oh {}", cardinal(hour), cardinal(minute)),
                _ => format!("{} {}", cardinal(hour), cardinal(minute)),
            };
            if let Some(h) = half {
                spoken.push(' ');
                spoken.push_str(&h.as_str().to_lowercase());
                spoken.push_str("-m");
            }
            match caps.get(5) {
                Some(zone) => {
                    let name = ZONES.iter().find(|(z, _)| *z == zone.as_str())?.1;
                    spoken.push(' ');
                    spoken.push_str(name);
                }
                None if caps.get(3).is_some() => spoken.push_str(sentence_end(after)),
                None => {}
            }
            Some(spoken)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speak(s: &str) -> String {
        Times.normalize(s)
    }

    #[test]
    fn clock_times() {
        assert_eq!(
            speak("at 10:30 a.m. ET Friday"),
            "at ten thirty a-m Eastern Time Friday"
        );
        assert_eq!(speak("by 9 p.m. on"), "by nine p-m on");
        assert_eq!(speak("at 9 a.m."), "at nine a-m.");
        assert_eq!(speak("10:05"), "ten oh five");
        assert_eq!(
            speak("at 10:00 a.m. EST"),
            "at ten a-m Eastern Standard Time"
        );
        assert_eq!(speak("00:00"), "midnight");
        assert_eq!(speak("12:00"), "twelve o'clock");
        assert_eq!(speak("13:45"), "thirteen forty-five");
        assert_eq!(speak("9am"), "nine a-m");
    }

    #[test]
    fn spans_of_time() {
        assert_eq!(
            speak("open 9 a.m.-5 p.m. daily"),
            "open nine a-m to five p-m daily"
        );
        assert_eq!(speak("from 9-11 a.m. on"), "from 9 to eleven a-m on");
        assert_eq!(speak("10:30am–2pm"), "ten thirty a-m to two p-m");
        assert_eq!(speak("3-9-11 a.m."), "3-9-eleven a-m.");
    }

    #[test]
    fn lookalikes_stay() {
        assert_eq!(speak("a 3-2 win"), "a 3-2 win");
        assert_eq!(speak("ratio 1:2:3"), "ratio 1:2:3");
        assert_eq!(speak("25:70"), "25:70");
        assert_eq!(speak("9 pm."), "nine p-m.");
        assert_eq!(speak("ten a-m"), "ten a-m");
    }
}
