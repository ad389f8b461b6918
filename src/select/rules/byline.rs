//! Drops bylines and author lines: "By Andy Sahadeo | Fox News", "By LISA MASCARO and
//! ERIC TUCKER", "Reporting by …; Editing by …", "Fox News’ Jane Doe contributed to this
//! report.", "Phil Helsel is a reporter for NBC News.", "News reporter @handle",
//! "SOURCE: News agencies", "View author archive", and an author's biography at the
//! foot of the page ("Jane Doe is a media reporter for the Daily Planet, covering… She
//! previously wrote for…": present tense, every sentence about the same person, no
//! event). They say who wrote the story, not what happened. "By Monday, the talks had collapsed." is a sentence and is kept.
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
    LazyLock::new(|| Regex::new(r"\||\s[-–—]\s|[0-9]").expect("by tail pattern"));

/// Other author and agency lines.
static AUTHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        ^(reporting|additional\ reporting|writing|editing|compiled|edited|written)\ by\b
        | \bcontributed\ (to\ )?(this\ )?(report|reporting|story)\b
        | ^(news\ |staff\ |senior\ |chief\ )?(reporter|correspondent|writer|editor)\s+@[A-Za-z0-9_]+
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

/// The opening of an author's biography: "Jane Doe is a media reporter for the Daily
/// Planet, covering…", in the present tense.
static BIO_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\p{Lu}[\p{L}.'’-]+)(?:\s\p{Lu}[\p{L}.'’-]+){0,3}\sis\s(?:an?|the)\s[^.]{0,60}?\b(?:reporter|correspondent|writer|editor|columnist|contributor|producer|journalist|critic|photographer|analyst|reviewer)\s(?:for|at|with|on|covering|based|who\scovers|in)\b",
    )
    .expect("bio lead pattern")
});

/// What a story about a journalist says and a biography does not.
static BIO_EVENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(?:who|which|that)\s+(?:was|were|had\s+been)|arrested|detained|killed|died|jailed|charged|convicted|sentenced|injured|missing|kidnapped|released|sued|fired|accused|said|says|told)\b",
    )
    .expect("bio event pattern")
});

/// Whether a block is an author's biography: it opens with [`BIO_LEAD`], and every
/// later sentence speaks of the same person (a pronoun or the name early on).
pub fn is_author_bio(text: &str) -> bool {
    let t = text.trim();
    let Some(lead) = BIO_LEAD.captures(t) else {
        return false;
    };
    if word_count(t) > 120 || BIO_EVENT.is_match(t) {
        return false;
    }
    let first_name = lead.get(1).map_or("", |m| m.as_str());
    let mut sentences = sentences(t).into_iter().skip(1);
    sentences.all(|s| {
        s.split_whitespace().take(8).any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w == first_name
                || matches!(
                    w.to_lowercase().as_str(),
                    "he" | "she" | "they" | "his" | "her" | "their" | "him" | "them"
                )
        })
    })
}

/// The text cut after ".", "!" or "?" followed by a space and a capital letter.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for k in 0..chars.len().saturating_sub(2) {
        let (at, c) = chars[k];
        if matches!(c, '.' | '!' | '?') && chars[k + 1].1 == ' ' && chars[k + 2].1.is_uppercase() {
            out.push(&text[start..at + 1]);
            start = chars[k + 2].0;
        }
    }
    out.push(&text[start..]);
    out
}

/// Whether a block is a byline or author line.
pub fn is_byline(text: &str) -> bool {
    let t = text.trim();
    let words = word_count(t);
    if is_author_bio(t) {
        return true;
    }
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
        LazyLock::force(&BIO_LEAD);
        LazyLock::force(&BIO_EVENT);
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
            "Jane Doe is a media reporter for the Daily Planet, covering television. She joined the paper in 2009. Before that, she wrote for the Harbour Gazette.",
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
        assert!(!is_byline(
            "Jane Doe is a reporter for the Daily Planet who was detained at the border in March. She denies the charges."
        ));
    }
}
