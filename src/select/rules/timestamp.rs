//! Drops date and time stamps: "Published 22 hours ago", "Updated on: November 19, 2019 /
//! 10:07 AM / CBS News", "Nov. 20, 2019, 9:28 AM UTC", "20 Nov 2019 08:00 GMT", "14H
//! ago". A line is a stamp when, without its date and time words, at most a couple of
//! words are left (a site name). "On Nov. 19 the court ruled." keeps its words and is
//! kept; a tweet's signature ("— Name (@handle) November 18, 2019") belongs to the
//! quoted tweet and is kept. Hand-written: no crate recognises news date lines.

use crate::select::blocks::{judge_blocks, word_count};
use crate::select::{Context, Decision, Reason, Rule};
use regex::Regex;
use std::sync::LazyLock;

pub struct Timestamp;

/// "Published …", "Updated …" at the start of a line.
static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i)(first\s+|last\s+)?(published|updated|posted|modified|last\s+updated)\b")
        .expect("stamp pattern")
});

/// A word that belongs to a date or time.
static DATE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^(
        jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?
        | mon(day)?|tue(s|sday)?|wed(nesday)?|thu(rs|rsday)?|fri(day)?|sat(urday)?|sun(day)?
        | a\.?m\.?|p\.?m\.?|gmt|utc|bst|est|edt|cst|cdt|pst|pdt|mst|mdt|cet|cest|hkt|ist|aest|et|pt
        | ago|at|on|updated|published|posted|first|last|modified|hours?|minutes?|mins?|days?|weeks?|seconds?|just|now|today|yesterday
        | .*[0-9].*
        )$",
    )
    .expect("date word pattern")
});

/// Something that only a date or time has.
static DATE_SIGN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[0-9]{1,2}:[0-9]{2}|\bago\b|\b[0-9]{4}\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+[0-9]{1,2}\b|\b[0-9]{1,2}(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}\b",
    )
    .expect("date sign pattern")
});

/// Whether a block is a date or time stamp.
pub fn is_timestamp(text: &str) -> bool {
    let t = text.trim();
    let words = word_count(t);
    if words == 0 || words > 20 || t.starts_with(['—', '–', '-']) || t.contains('@') {
        return false;
    }
    if !DATE_SIGN.is_match(t) {
        return false;
    }
    let left = t
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '/' | ','))
        .map(|w| {
            w.trim_matches(|c: char| matches!(c, '(' | ')' | ':' | '.' | ',' | '-' | '–' | '—'))
        })
        .filter(|w| !w.is_empty() && !DATE_WORD.is_match(w))
        .count();
    if STAMP.is_match(t) {
        return left <= 3;
    }
    left <= 2 && left * 2 < words
}

impl Rule for Timestamp {
    fn prepare(&self) {
        LazyLock::force(&STAMP);
        LazyLock::force(&DATE_WORD);
        LazyLock::force(&DATE_SIGN);
    }

    fn name(&self) -> &'static str {
        "timestamp"
    }

    fn apply(&self, cx: &Context<'_>, decisions: &mut [Decision]) {
        judge_blocks(cx, decisions, |_, text| {
            is_timestamp(text).then_some(Reason::Timestamp)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_stamps() {
        for line in [
            "Published 22 hours ago",
            "Updated on: November 19, 2019 / 10:07 AM / CBS News",
            "November 20, 2019 / 1:07 AM / CBS News",
            "Nov. 20, 2019, 9:28 AM UTC",
            "20 Nov 2019 08:00 GMT",
            "Wednesday 20 November 2019 11:42, UK",
            "November 18, 2019 | 4:10pm",
            "14H ago",
            "Updated at 1:23 p.m.",
        ] {
            assert!(is_timestamp(line), "{line}");
        }
    }

    #[test]
    fn keeps_sentences_with_dates() {
        assert!(!is_timestamp(
            "On Nov. 19, 2019, the court ruled against him."
        ));
        assert!(!is_timestamp(
            "— Robert Maguire (@RobertMaguire_) November 18, 2019"
        ));
        assert!(!is_timestamp(
            "Updated figures released in 2019 showed a sharp rise in cases."
        ));
        assert!(!is_timestamp("Since 2016, rates have doubled."));
    }
}
