//! Telephone numbers read digit by digit in their written groups, as a newsreader
//! gives a number to call: "+44 20 7946 0958" "plus four four, two zero, seven nine
//! four six, zero nine five eight"; "(202) 555-0143" "two zero two, five five five,
//! zero one four three". Each group is a short pause (a comma); a zero is "zero"
//! (never "oh", so that a listener writing the number down cannot mistake it).
//!
//! Forms taken as telephone numbers, and nothing else, so that a year, a range, a
//! score or a count is never read as one:
//! - international: "+" and a country code, then two or more groups of digits
//!   separated by spaces, hyphens or dots, one of them possibly in brackets, 7 to 15
//!   digits in all: "+44 20 7946 0958", "+1 (202) 555-0143", "+33 1 42 68 53 00";
//! - North American: "(202) 555-0143", "202-555-0143", "202.555.0143" (three, three
//!   and four digits), with or without the "1-" of long distance ("1-800-555-0199");
//! - national with a trunk zero: "020 7946 0958", "0161 496 0000" (a group starting
//!   with 0, then groups, 10 or 11 digits in all);
//! - a local "555-0143" only after a word that announces a number to call ("call",
//!   "phone", "tel", "hotline", "dial", "text", "fax", "number").
//!
//! Hand-written rather than taken from a phone-number crate: those parse numbers a
//! user typed into a form (and want a region to validate against); here the question
//! is only which digit groups in prose are meant to be dialled, and how to say them.

use super::words::digits;
use super::{rewrite, Normalizer};
use regex::Regex;
use std::sync::LazyLock;

pub struct Phones;

/// "+44 20 7946 0958", "+1 (202) 555-0143", "+1-202-555-0143".
static INTERNATIONAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(\[:;,])(\+[0-9]{1,3}(?:[\s.\-]?\([0-9]{1,4}\)|[\s.\-][0-9]{1,5}){2,6})\b")
        .expect("the international phone pattern is valid")
});

/// "(202) 555-0143", "202-555-0143", "202.555.0143".
static NORTH_AMERICAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[\s\[:;,])((?:1[\-.\s])?(?:\([0-9]{3}\)\s?|[0-9]{3}[\-.])[0-9]{3}[\-.][0-9]{4})\b",
    )
    .expect("the North American phone pattern is valid")
});

/// "020 7946 0958", "0161 496 0000", "01632 960 001".
static TRUNK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(\[:;,])(0[0-9]{2,4}(?:[\s\-][0-9]{3,4}){1,2})\b")
        .expect("the national phone pattern is valid")
});

/// "call 555-0143".
static LOCAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(call|calling|phone|telephone|tel\.?|hotline|dial|text|fax|number)(:?\s+)([0-9]{3}-[0-9]{4})\b")
        .expect("the local phone pattern is valid")
});

/// The groups of digits in a written number, each said digit by digit, joined by
/// pauses: "+1 (202) 555-0143" "plus one, two zero two, five five five, zero one four
/// three".
fn said(written: &str) -> String {
    let plus = written.starts_with('+');
    let groups: Vec<String> = written
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(digits)
        .collect();
    let spoken = groups.join(", ");
    if plus {
        format!("plus {spoken}")
    } else {
        spoken
    }
}

fn digit_count(written: &str) -> usize {
    written.chars().filter(char::is_ascii_digit).count()
}

/// Rewrites the number in capture 1 of each match, keeping what the match took before it.
fn rewrite_number(text: &str, pattern: &Regex, accept: impl Fn(&str) -> bool) -> String {
    rewrite(text, pattern, |caps, _| {
        let (whole, number) = (caps.get(0)?, caps.get(1)?);
        if !accept(number.as_str()) {
            return None;
        }
        let lead = &whole.as_str()[..number.start() - whole.start()];
        Some(format!("{lead}{}", said(number.as_str())))
    })
}

impl Normalizer for Phones {
    fn prepare(&self) {
        LazyLock::force(&INTERNATIONAL);
        LazyLock::force(&NORTH_AMERICAN);
        LazyLock::force(&TRUNK);
        LazyLock::force(&LOCAL);
    }

    fn normalize(&self, text: &str) -> String {
        if !text.contains(|c: char| c.is_ascii_digit()) {
            return text.to_string();
        }
        let text = rewrite_number(text, &INTERNATIONAL, |n| (7..=15).contains(&digit_count(n)));
        let text = rewrite_number(&text, &NORTH_AMERICAN, |_| true);
        let text = rewrite_number(&text, &TRUNK, |n| (10..=11).contains(&digit_count(n)));
        rewrite(&text, &LOCAL, |caps, _| {
            Some(format!("{}{}{}", &caps[1], &caps[2], said(&caps[3])))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speak(s: &str) -> String {
        Phones.normalize(s)
    }

    #[test]
    fn international_numbers_are_read_in_their_groups() {
        assert_eq!(
            speak("Call +44 20 7946 0958 today."),
            "Call plus four four, two zero, seven nine four six, zero nine five eight today."
        );
        assert_eq!(
            speak("on +1 (202) 555-0143."),
            "on plus one, two zero two, five five five, zero one four three."
        );
        assert_eq!(
            speak("(+33 1 42 68 53 00)"),
            "(plus three three, one, four two, six eight, five three, zero zero)"
        );
    }

    #[test]
    fn national_numbers_are_read_in_their_groups() {
        assert_eq!(
            speak("call (202) 555-0143 or 202-555-0143"),
            "call two zero two, five five five, zero one four three or two zero two, five five five, zero one four three"
        );
        assert_eq!(
            speak("ring 020 7946 0958 now"),
            "ring zero two zero, seven nine four six, zero nine five eight now"
        );
        assert_eq!(
            speak("call 1-800-555-0199."),
            "call one, eight zero zero, five five five, zero one nine nine."
        );
        assert_eq!(
            speak("call 555-0143."),
            "call five five five, zero one four three."
        );
    }

    #[test]
    fn lookalikes_stay() {
        for text in [
            "the 2019-2021 season",
            "won 202-155",
            "rose +5 points",
            "a 1990 2000 comparison",
            "ISBN 978-0-14-044913-6",
            "scored 555-0143",
            "in 1998 7946 people",
            "+44 alone",
            "the 202-555-01435 code",
        ] {
            assert_eq!(speak(text), text);
        }
    }

    #[test]
    fn idempotent() {
        let once = speak("Call +1 (202) 555-0143 or 020 7946 0958.");
        assert_eq!(speak(&once), once);
    }
}
