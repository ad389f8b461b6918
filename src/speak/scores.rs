//! Two numbers joined by a hyphen or an en dash that are a score, a vote or a span of
//! hours, read with "to": "won 31-20" "won thirty-one to twenty", "a 61-39 vote" "a
//! sixty-one to thirty-nine vote", "lost 3–1", "beat Spain 2-0", "passed 52-48", "a
//! 5-4 decision", "open 9-5" "open nine to five".
//!
//! The number normalizer already says an ascending pair as a range ("3-5" "three to
//! five"); a score or a vote is as often descending or level ("31-20", "1-1"), which
//! out of context may be an identifier, so the pair is read here only when its clause
//! says what it is: a word of winning, losing or voting within four words before it
//! ("won", "beat", "defeated", "voted", "passed", "trailed", ...), or a noun naming a
//! result within three words after it ("vote", "victory", "win", "loss", "decision",
//! "majority", "draw", ...); or, for hours of 1 to 12, a word of opening or working
//! ("open", "hours", "job", "shift"). The numbers are counts, never years.
//!
//! Left as written: a pair inside a longer run ("4-3-3", "XR-3-5", "1/2-3"), a pair of
//! numbers of four digits or more, a percentage ("52-48%"), and any pair in a clause
//! with none of those words.

use super::words::number;
use super::{rewrite, Normalizer};
use regex::Regex;
use std::sync::LazyLock;

pub struct Scores;

static PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([0-9]{1,3})\s?[-–]\s?([0-9]{1,3})\b").expect("the score pattern is valid")
});

/// Words before a pair that make it a score or a vote.
const BEFORE: &[&str] = &[
    "won",
    "win",
    "wins",
    "winning",
    "lost",
    "lose",
    "loses",
    "losing",
    "beat",
    "beats",
    "beating",
    "defeated",
    "defeat",
    "defeats",
    "defeating",
    "edged",
    "edges",
    "routed",
    "thrashed",
    "trounced",
    "downed",
    "topped",
    "blanked",
    "drew",
    "draw",
    "tied",
    "tie",
    "leads",
    "led",
    "lead",
    "leading",
    "trailed",
    "trails",
    "trailing",
    "score",
    "scored",
    "scores",
    "scoreline",
    "voted",
    "vote",
    "votes",
    "passed",
    "passes",
    "approved",
    "approves",
    "rejected",
    "rejects",
    "confirmed",
    "confirms",
    "split",
    "margin",
    "victory",
    "final",
];

/// Nouns after a pair that name it as a result.
const AFTER: &[&str] = &[
    "vote",
    "votes",
    "victory",
    "victories",
    "win",
    "wins",
    "loss",
    "losses",
    "defeat",
    "defeats",
    "decision",
    "decisions",
    "ruling",
    "majority",
    "margin",
    "lead",
    "tie",
    "draw",
    "score",
    "scoreline",
    "count",
    "verdict",
    "rout",
    "thrashing",
    "triumph",
    "drubbing",
    "split",
    "result",
    "final",
    "edge",
    "advantage",
    "comeback",
    "upset",
    "tally",
];

/// Words that make a pair of small numbers a span of hours.
const HOURS: &[&str] = &[
    "open", "opens", "opened", "hours", "job", "jobs", "shift", "shifts", "weekdays", "daily",
    "workday", "working",
];

/// The words of the clause before `before`'s end, nearest first.
fn words_before(before: &str) -> Vec<String> {
    let clause = before
        .rsplit(['.', ';', ':', '!', '?', '('])
        .next()
        .unwrap_or("");
    clause
        .split_whitespace()
        .rev()
        .take(4)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect()
}

/// The words of the clause after a match, nearest first.
fn words_after(after: &str) -> Vec<String> {
    let clause = after
        .split(['.', ';', ':', '!', '?', ',', ')'])
        .next()
        .unwrap_or("");
    clause
        .split_whitespace()
        .take(3)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect()
}

fn any_in(words: &[String], list: &[&str]) -> bool {
    words.iter().any(|w| list.contains(&w.as_str()))
}

impl Normalizer for Scores {
    fn prepare(&self) {
        LazyLock::force(&PAIR);
    }

    fn normalize(&self, text: &str) -> String {
        rewrite(text, &PAIR, |caps, text| {
            let whole = caps.get(0)?;
            let before = &text[..whole.start()];
            let after = &text[whole.end()..];
            // Part of a longer run of numbers or an identifier.
            let mut next = after.chars();
            let glued = next.next().is_some_and(|c| "-–/%.,".contains(c))
                && next.next().is_some_and(char::is_alphanumeric);
            if glued
                || before.ends_with(['-', '–', '/', '.', ',', '$', '£', '€', '#', '+'])
                || after.trim_start().starts_with('%')
                || after.trim_start().starts_with("percent")
            {
                return None;
            }
            let (before_words, after_words) = (words_before(before), words_after(after));
            let score = any_in(&before_words, BEFORE) || any_in(&after_words, AFTER);
            let (a, b): (u64, u64) = (caps[1].parse().ok()?, caps[2].parse().ok()?);
            let hours = (1..=12).contains(&a)
                && (1..=12).contains(&b)
                && (any_in(&before_words, HOURS) || any_in(&after_words, HOURS));
            if !score && !hours {
                return None;
            }
            Some(format!("{} to {}", number(&caps[1])?, number(&caps[2])?))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speak(s: &str) -> String {
        Scores.normalize(s)
    }

    #[test]
    fn scores_and_votes_read_to() {
        assert_eq!(
            speak("The Chiefs won 31-20 on Sunday."),
            "The Chiefs won thirty-one to twenty on Sunday."
        );
        assert_eq!(
            speak("after a 61-39 vote"),
            "after a sixty-one to thirty-nine vote"
        );
        assert_eq!(speak("they lost 3–1"), "they lost three to one");
        assert_eq!(speak("beat Spain 2-0."), "beat Spain two to zero.");
        assert_eq!(speak("passed 52-48,"), "passed fifty-two to forty-eight,");
        assert_eq!(
            speak("a 5-4 Supreme Court decision"),
            "a five to four Supreme Court decision"
        );
        assert_eq!(
            speak("by a vote of 220-211"),
            "by a vote of two hundred twenty to two hundred eleven"
        );
        assert_eq!(speak("tied 1-1 at halftime"), "tied one to one at halftime");
    }

    #[test]
    fn hours_read_to() {
        assert_eq!(speak("a 9-5 job"), "a nine to five job");
        assert_eq!(speak("open 10-4 daily"), "open ten to four daily");
    }

    #[test]
    fn lookalikes_stay() {
        for text in [
            "a 4-3-3 formation won",
            "part XR-3-5 won",
            "Route 31-20 opened in",
            "won 52-48%",
            "the 2019-20 season they won",
            "the 31-20 code",
            "they won. 31-20 is a code",
            "a 9-15 job",
        ] {
            assert_eq!(speak(text), text);
        }
    }

    #[test]
    fn idempotent() {
        let once = speak("won 31-20 after a 61-39 vote");
        assert_eq!(speak(&once), once);
    }
}
