//! Drops bare labels: a field name with a colon and nothing after it ("Location:",
//! "Posted in:", "Source:"), left behind when a page's dump puts a field's name and
//! value on separate lines or loses the value, and a site's name in capitals on a line
//! of its own ("THE DAILY HERALD"). Read aloud they are words without a sentence.
//!
//! The signals are of form and context, never shortness alone:
//!
//! - a *field label* ends in a colon, has at most four words and no sentence inside,
//!   and either ends in a preposition ("Posted in:", "Filed under:": a name whose value
//!   is missing), or is made only of the words of page metadata ("Location:", "Date:",
//!   "Share this article:"), or introduces nothing: no block follows it, or what
//!   follows was already dropped as chrome, or is another label. A line that introduces
//!   the story's next paragraph ("He told the court:", "Key findings:" before a
//!   paragraph) is kept;
//! - a *brand line* is a line of one to five words all in capitals, without final
//!   punctuation, that the page itself shows to be its name: the same line stands
//!   elsewhere on the page (a header and a footer), it is written like a domain name
//!   ("NEWSROOM.COM"), or its words, not in capitals, are a part of the title cut off by
//!   a separator ("… | The Daily Herald") or stand in a copyright, promo or byline line
//!   the earlier rules dropped ("© 2019 The Daily Herald"). A subheading in capitals
//!   ("WHAT HAPPENS NEXT") has none of these and is kept.
//!
//! Hand-written: labels are a matter of the page's own layout; no crate models it.

use super::duplicate::fingerprint;
use crate::document::BlockKind;
use crate::select::blocks::{alive, drop_block, letter_case, reason, sentence_ranges, word_count};
use crate::select::{Context, Decision, Reason, Rule};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

pub struct Label;

/// Words of page metadata: a label made only of these names a field of the page.
const METADATA: &[&str] = &[
    "location",
    "locations",
    "source",
    "sources",
    "date",
    "dates",
    "time",
    "author",
    "authors",
    "posted",
    "filed",
    "category",
    "categories",
    "tag",
    "tags",
    "topic",
    "topics",
    "section",
    "sections",
    "type",
    "status",
    "contact",
    "contacts",
    "email",
    "e-mail",
    "phone",
    "tel",
    "telephone",
    "fax",
    "website",
    "web",
    "share",
    "follow",
    "updated",
    "published",
    "credit",
    "credits",
    "keywords",
    "keyword",
    "language",
    "region",
    "views",
    "rating",
    "comments",
    "reading",
    "read",
    "editor",
    "editors",
    "reporter",
    "reporters",
    "photographer",
    "writer",
    "byline",
    "dateline",
    "address",
    "more",
    "related",
    "trending",
    "last",
    "first",
    "this",
    "the",
    "our",
    "us",
    "on",
    "in",
    "by",
    "article",
    "story",
    "post",
    "page",
    "with",
    "and",
    "&",
    "name",
];

/// Words that end a label whose value is missing.
const PREPOSITIONS: &[&str] = &[
    "in", "on", "under", "by", "to", "for", "at", "from", "with", "of", "via", "into",
];

/// A name written like a domain: "NEWSROOM.COM", "HILL.TV".
static DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*\.(com|co\.uk|org|net|tv|news|io|co|us|uk|ca|au|in|info)$")
        .expect("domain pattern")
});

/// What separates a site's name from the headline in a title (a colon does not: it
/// divides a headline).
const TITLE_SEPARATORS: &[&str] = &["|", " - ", " – ", " — ", " · ", " • "];

/// The words of a label without its colon, lower case, if the text is a field label by
/// its own form: a colon at the end, one to four words, no sentence inside.
fn label_words(text: &str) -> Option<Vec<String>> {
    let t = text.trim();
    let name = t.strip_suffix(':')?.trim_end();
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect();
    let sentence_inside = name.contains(['.', '!', '?', ':', ';', '"', '“', '”']);
    let starts_capital = name.chars().next().is_some_and(|c| c.is_uppercase());
    (!words.is_empty() && words.len() <= 4 && !sentence_inside && starts_capital).then_some(words)
}

/// Whether a field label names a field by its words alone: it ends in a preposition or
/// is made only of metadata words.
pub fn is_field_label(text: &str) -> bool {
    label_words(text).is_some_and(|words| {
        let last = words.last().map(String::as_str).unwrap_or("");
        (words.len() >= 2 && PREPOSITIONS.contains(&last))
            || words.iter().all(|w| METADATA.contains(&w.as_str()))
    })
}

/// Whether a line is in capitals: one to five words, every letter upper case, no final
/// punctuation.
fn capitals_line(text: &str) -> bool {
    let t = text.trim();
    let (letters, upper) = letter_case(t);
    let words = word_count(t);
    letters >= 3
        && upper == letters
        && (1..=5).contains(&words)
        && !t.ends_with(['.', '!', '?', ':', ';', ','])
}

/// The parts of a title cut by its separators, in lower case: "Bridge closes | The
/// Daily Herald" gives "bridge closes" and "the daily herald".
fn title_parts(title: &str) -> Vec<String> {
    let mut parts = vec![title.to_lowercase()];
    for sep in TITLE_SEPARATORS {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Whether `haystack` has `phrase` (its words, any case, any spacing) written other
/// than all in capitals.
fn written_as_name(haystack: &str, phrase: &str) -> bool {
    let words: Vec<String> = phrase.split_whitespace().map(regex::escape).collect();
    let Ok(pattern) = Regex::new(&format!(r"(?i)\b{}\b", words.join(r"\s+"))) else {
        return false;
    };
    let found = pattern.find_iter(haystack).any(|m| {
        let (letters, upper) = letter_case(m.as_str());
        upper < letters
    });
    found
}

impl Rule for Label {
    fn prepare(&self) {
        LazyLock::force(&DOMAIN);
    }

    fn name(&self) -> &'static str {
        "label"
    }

    fn apply(&self, cx: &Context<'_>, decisions: &mut [Decision]) {
        let ranges = sentence_ranges(cx);
        let blocks = &cx.doc.blocks;
        let mut counts: HashMap<String, usize> = HashMap::new();
        for (i, b) in blocks.iter().enumerate() {
            if !ranges[i].is_empty() {
                *counts.entry(fingerprint(&b.text)).or_default() += 1;
            }
        }
        let title = blocks
            .iter()
            .find(|b| b.kind == BlockKind::Title)
            .map(|b| title_parts(&b.text))
            .unwrap_or_default();
        // The page's own chrome lines that name the site, in one text (a control
        // character between them, which no phrase spans), and in lower case to look
        // phrases up quickly before the exact test.
        let naming: String = blocks
            .iter()
            .enumerate()
            .filter(|&(i, _)| {
                matches!(
                    reason(decisions, &ranges[i]),
                    Some(Reason::Copyright | Reason::Promo | Reason::Byline)
                )
            })
            .map(|(_, b)| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\u{1}");
        let naming_lower = naming.to_lowercase();
        let mut named: HashMap<String, bool> = HashMap::new();

        let mut drops = Vec::new();
        for (i, range) in ranges.iter().enumerate() {
            if !alive(decisions, range) || blocks[i].kind == BlockKind::Title {
                continue;
            }
            let text = blocks[i].text.trim();
            let field = label_words(text).is_some_and(|_| {
                is_field_label(text) || {
                    // A label that introduces nothing: the next block is missing,
                    // already dropped, or another label.
                    let next = (i + 1..blocks.len()).find(|&j| !ranges[j].is_empty());
                    next.is_none_or(|j| {
                        !alive(decisions, &ranges[j]) || label_words(&blocks[j].text).is_some()
                    })
                }
            });
            let brand = capitals_line(text) && {
                let lower = text.to_lowercase();
                DOMAIN.is_match(text)
                    || counts.get(&fingerprint(text)).is_some_and(|&n| n >= 2)
                    || title.iter().skip(1).any(|p| *p == lower)
                    || (title.len() > 1 && title[0] == lower)
                    || *named.entry(lower.clone()).or_insert_with(|| {
                        let phrase = lower.split_whitespace().collect::<Vec<_>>().join(" ");
                        naming_lower.contains(&phrase) && written_as_name(&naming, &lower)
                    })
            };
            if field || brand {
                drops.push(i);
            }
        }
        for i in drops {
            drop_block(decisions, &ranges[i], Reason::Boilerplate);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_labels_by_form() {
        assert!(is_field_label("Posted in:"));
        assert!(is_field_label("Location:"));
        assert!(is_field_label("Share this article:"));
        assert!(!is_field_label("He told the court:"));
        assert!(!is_field_label("Key findings:"));
        assert!(!is_field_label("Location: London"));
    }

    #[test]
    fn brand_names_are_found_in_chrome() {
        assert!(written_as_name(
            "© 2019 The Daily Herald",
            "the daily herald"
        ));
        assert!(!written_as_name("THE DAILY HERALD", "the daily herald"));
        assert_eq!(
            title_parts("Bridge closes | The Daily Herald"),
            vec!["bridge closes", "the daily herald"]
        );
    }
}
