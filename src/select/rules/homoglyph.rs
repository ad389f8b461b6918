//! Drops ad copy disguised with look-alike letters: "Dоctоrs stunned by this оne trick",
//! where some of the "o"s are Cyrillic, or "Сlick hеre" with a Cyrillic "С" and "е".
//! Spammers mix such letters into Latin words so that filters looking for the words miss
//! them; no writer of a story does. The signal is a *mixed word*: one run of letters that
//! has Latin letters and Cyrillic or Greek letters that pass for Latin ones (а е о р с у
//! х, Α Β Ε Η Κ Μ Ο Ρ Τ Χ…). A Russian or Greek name written in its own script ("Сергей
//! Лавров") is a word of one script and is kept, and so is a unit such as "5 μg" (μ
//! passes for no Latin letter). Two mixed words, or one in a short line, drop the block.
//!
//! Hand-written: the full Unicode confusables table (UTS #39) is for identifiers and
//! would need a crate the project does not have; the few dozen letters that pass for
//! Latin in running text fit in two character classes.

use crate::select::blocks::{judge_blocks, word_count};
use crate::select::{Context, Decision, Reason, Rule};
use regex::Regex;
use std::sync::LazyLock;

pub struct Homoglyph;

/// A run of letters (and combining marks) between anything else.
static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{L}\p{M}]+").expect("word pattern"));

/// A Latin letter.
static LATIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\p{Script=Latin}").expect("latin pattern"));

/// Cyrillic and Greek letters that look like Latin ones.
static LOOK_ALIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "[аеорсухіјѕԁһӏԛԝАВЕКМНОРСТХІЈЅԌԚԜУ\
         οαιςνρκυΑΒΕΖΗΙΚΜΝΟΡΤΥΧ]",
    )
    .expect("look-alike pattern")
});

/// A block this short (in words) is dropped for one mixed word.
const SHORT_LINE: usize = 12;

/// How many words of the text mix Latin letters with look-alikes from another script.
pub fn mixed_words(text: &str) -> usize {
    WORD.find_iter(text)
        .filter(|w| LATIN.is_match(w.as_str()) && LOOK_ALIKE.is_match(w.as_str()))
        .count()
}

/// Whether a block is disguised copy.
pub fn is_disguised(text: &str) -> bool {
    let mixed = mixed_words(text);
    mixed >= 2 || (mixed == 1 && word_count(text) <= SHORT_LINE)
}

impl Rule for Homoglyph {
    fn prepare(&self) {
        LazyLock::force(&WORD);
        LazyLock::force(&LATIN);
        LazyLock::force(&LOOK_ALIKE);
    }

    fn name(&self) -> &'static str {
        "homoglyph"
    }

    fn apply(&self, cx: &Context<'_>, decisions: &mut [Decision]) {
        judge_blocks(cx, decisions, |_, text| {
            is_disguised(text).then_some(Reason::Boilerplate)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_that_mix_scripts() {
        // "Dоctоrs" with Cyrillic о, "hаte" with Cyrillic а.
        assert_eq!(mixed_words("Dоctоrs hаte this simple trick"), 2);
        assert_eq!(mixed_words("Sergei Lavrov (Сергей Лавров) spoke."), 0);
        assert_eq!(mixed_words("a dose of 5 μg was given"), 0);
        assert!(is_disguised("Сlick to see more"));
        assert!(!is_disguised(
            "The Greek word φιλοσοφία means love of wisdom."
        ));
    }
}
