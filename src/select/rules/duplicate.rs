//! Drops a sentence whose text (compared without case, punctuation or spacing) was
//! already narrated: the title scraped twice, a paragraph repeated by the page.

use crate::select::{Context, Decision, Reason, Rule};
use std::collections::HashSet;

pub struct Duplicate;

/// The text reduced to lower-case letters and digits, one space between words.
pub fn fingerprint(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Rule for Duplicate {
    fn name(&self) -> &'static str {
        "duplicate"
    }

    fn apply(&self, cx: &Context<'_>, decisions: &mut [Decision]) {
        let mut seen = HashSet::new();
        for (sentence, decision) in cx.sentences.iter().zip(decisions.iter_mut()) {
            if !decision.keep() {
                continue;
            }
            let key = fingerprint(&sentence.text);
            if key.is_empty() {
                continue;
            }
            if !seen.insert(key) {
                *decision = Decision::Drop(Reason::Duplicate);
            }
        }
    }
}
