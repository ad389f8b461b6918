//! Drops a block whose text (compared without case, punctuation or spacing) was already
//! narrated: the title scraped twice, a paragraph repeated by the page (a standfirst
//! shown again in the body). Blocks are compared whole, and single sentences only when
//! they are long, so a short sentence that recurs ("Mr.", "Yes.") is never dropped from
//! the middle of a paragraph. A sentence is never compared with its own block, so one
//! that occurs once is kept even when the rest of its block is only marks ("… at the
//! door. ■"). Runs last, so a copy is dropped only when the first copy is narrated.

use crate::select::blocks::{alive, drop_block, sentence_ranges};
use crate::select::{Context, Decision, Reason, Rule};
use std::collections::HashSet;

pub struct Duplicate;

/// A sentence this long (in words) is compared on its own too.
const LONG_SENTENCE: usize = 8;

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
        for (i, range) in sentence_ranges(cx).iter().enumerate() {
            if !alive(decisions, range) {
                continue;
            }
            let key = fingerprint(&cx.doc.blocks[i].text);
            if key.is_empty() {
                continue;
            }
            if seen.contains(&key) {
                drop_block(decisions, range, Reason::Duplicate);
                continue;
            }
            // A long sentence is a copy when it was narrated before this block, or
            // earlier in it; never because it is all of its own block's words (a block
            // whose other sentences are only marks, "… at the door. ■").
            let mut own = HashSet::new();
            for s in range.clone() {
                let sentence = fingerprint(cx.text(s));
                if sentence.split(' ').count() < LONG_SENTENCE || !decisions[s].keep() {
                    continue;
                }
                let copy = seen.contains(&sentence) || !own.insert(sentence);
                if copy && range.len() > 1 {
                    decisions[s] = Decision::Drop(Reason::Duplicate);
                }
            }
            seen.insert(key);
            seen.extend(own);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::pipeline::Planner;

    fn decisions(text: &str) -> Vec<(String, bool)> {
        let plan = Planner::default().plan_text("t", text);
        plan.sentences
            .iter()
            .map(|s| (plan.text(s).to_string(), s.decision.keep()))
            .collect()
    }

    #[test]
    fn a_repeated_title_is_dropped() {
        let d = decisions("Council closes the old bridge\n\nCouncil closes the old bridge\n\nThe council voted on Tuesday to close the old bridge to traffic.\n");
        assert_eq!(d[0], ("Council closes the old bridge".into(), true));
        assert_eq!(d[1], ("Council closes the old bridge".into(), false));
    }

    #[test]
    fn a_sentence_whose_block_adds_only_a_mark_is_kept() {
        let d = decisions("Title of the story here\n\nThe show closes on Sunday, and a few tickets are still on sale at the door. ■\n\nThe box office opens at noon on every day of the run.\n");
        assert!(d.iter().all(|(_, keep)| *keep), "{d:?}");
    }

    #[test]
    fn a_long_sentence_said_twice_is_read_once() {
        let d = decisions("Title of the story here\n\nThe council voted to close the old bridge for a year. Work starts soon.\n\nBuses will replace it. The council voted to close the old bridge for a year.\n");
        let copies: Vec<_> = d
            .iter()
            .filter(|(t, _)| t.contains("voted to close"))
            .collect();
        assert_eq!(copies.len(), 2, "{d:?}");
        assert!(copies[0].1 && !copies[1].1, "{d:?}");
    }

    #[test]
    fn short_recurring_sentences_are_kept() {
        let d = decisions("Title of the story here\n\nHe asked again. No. She said the vote had been lost by a wide margin.\n\nThey asked once more. No. The committee was told the matter was now closed for good.\n");
        assert!(d.iter().all(|(_, keep)| *keep), "{d:?}");
    }
}
