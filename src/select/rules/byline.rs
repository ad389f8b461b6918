//! Drops bylines and author lines: "By Andy Sahadeo | Fox News", "By LISA MASCARO and
//! ERIC TUCKER", "Reporting by …; Editing by …", "Fox News’ Jane Doe contributed to this
//! report.", "Phil Helsel is a reporter for NBC News.", "News reporter @handle",
//! "SOURCE: News agencies", "View author archive". They say who wrote the story, not
//! what happened. "By Monday, the talks had collapsed." is a sentence and is kept.
//! Hand-written: no crate recognises news bylines.

use crate::select::blocks::{ends_sentence, judge_blocks, word_count};
use crate::select::{Context, Decision, Reason, Rule};
use regex::Regex;
use std::sync::LazyLock;

pub struct Byline;

/// "By Name…" at the start of a line.
static BY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:by)\s+\p{Lu}").expect("by pattern"));

/// A byline's separators or date: "| Fox News", " - 11/19/19", ", CNN Business".
static BY_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\||\s[-–—]\s|\d").expect("by tail pattern"));

/// Other author and agency lines.
static AUTHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        ^(reporting|additional\ reporting|writing|editing|compiled|edited|written)\ by\b
        | \bcontributed\ (to\ )?(this\ )?(report|reporting|story)\b
        | ^(news\ |staff\ |senior\ |chief\ )?(reporter|correspondent|writer|editor)\s+@\w+
        | ^source\s*:\s
        | ^(view\ )?(author|writer)\ (archive|profile|page)
        | ^(email|e-mail|contact|follow)\ the\ (author|writer|reporter)
        | ^get\ author\b
        | ^(the\ )?(associated\ press|reuters|afp|staff\ and\ agencies|news\ agencies|wire\ services|with\ post\ wires)$
        ",
    )
    .expect("author pattern")
});

/// "Phil Helsel is a reporter for NBC News."
static BIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\p{Lu}[\p{L}.'’-]+)(\s\p{Lu}[\p{L}.'’-]+){0,3}\s(is|was)\s(an?|the)\s[^.]*\b(reporter|correspondent|writer|editor|columnist|contributor|producer|journalist)\b[^.]*\.$",
    )
    .expect("bio pattern")
});

const PRONOUNS: &[&str] = &["He", "She", "They", "It", "This", "That", "Who", "There"];

/// Whether a block is a byline or author line.
pub fn is_byline(text: &str) -> bool {
    let t = text.trim();
    let words = word_count(t);
    if words == 0 || words > 40 {
        return false;
    }
    if BY.is_match(t) && words <= 16 && (!ends_sentence(t) || BY_TAIL.is_match(t)) {
        // "By Monday, the talks had collapsed." is a sentence: it has lower-case words
        // after a comma. A byline is names.
        let lower_words = t
            .split_whitespace()
            .skip(1)
            .filter(|w| w.chars().next().is_some_and(|c| c.is_lowercase()))
            .filter(|w| !matches!(*w, "and" | "of" | "in" | "on" | "at" | "for" | "the"))
            .count();
        if lower_words <= 1 || BY_TAIL.is_match(t) && lower_words <= 3 {
            return true;
        }
    }
    if words <= 40 && AUTHOR.is_match(t) && (words <= 12 || !t.contains('"')) {
        return true;
    }
    let first = t.split_whitespace().next().unwrap_or("");
    words <= 20 && !PRONOUNS.contains(&first) && BIO.is_match(t)
}

impl Rule for Byline {
    fn prepare(&self) {
        LazyLock::force(&BY);
        LazyLock::force(&BY_TAIL);
        LazyLock::force(&AUTHOR);
        LazyLock::force(&BIO);
    }

    fn name(&self) -> &'static str {
        "byline"
    }

    fn apply(&self, cx: &Context<'_>, decisions: &mut [Decision]) {
        judge_blocks(cx, decisions, |_, text| {
            is_byline(text).then_some(Reason::Byline)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_author_lines() {
        for line in [
            "By Andy Sahadeo | Fox News",
            "By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER",
            "By Tess Bonn - 11/19/19 06:56 AM EST",
            "By Reuters",
            "Reporting by Jane Doe; Editing by John Smith",
            "Fox News’ Jessica Napoli contributed to this report.",
            "Phil Helsel is a reporter for NBC News.",
            "News reporter @TomGillespie1",
            "SOURCE: News agencies",
            "View author archive",
        ] {
            assert!(is_byline(line), "{line}");
        }
    }

    #[test]
    fn keeps_sentences_starting_with_by() {
        assert!(!is_byline("By Monday, the talks had collapsed."));
        assert!(!is_byline(
            "By the time police arrived, the suspect had fled."
        ));
        assert!(!is_byline(
            "He is a reporter for the local paper, his mother said."
        ));
        assert!(!is_byline(
            "The Associated Press reported the deal on Monday."
        ));
    }
}
