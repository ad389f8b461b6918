//! Drops links to other stories set inside the article: all-capitals headlines ("RUSSIA
//! REMOVES TOP COMMANDERS OVER WAR FAILURES, UK DEFENSE MINISTRY SAYS"), "SEE MORE: …",
//! "Read more: …", "… \[VIDEO\]", "Next article …". They advertise another story and
//! break the one being read. An encyclopaedia's notes that point to another article,
//! "Main article: …", "Further information: …", "For more details, see …", are links
//! of the same kind. A quote or a name in capitals inside a normal sentence is
//! kept: the whole line must be in capitals. Hand-written: no crate does this.

use crate::document::BlockKind;
use crate::select::blocks::{judge_blocks, letter_case, word_count};
use crate::select::{Context, Decision, Reason, Rule};
use regex::Regex;
use std::sync::LazyLock;

pub struct CrossLink;

/// Labelled links to other stories.
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        ^(see\ more|read\ more|more|related|also\ read|read\ also|don'?t\ miss|must\ read|recommended|see\ also|watch|more\ on\ this\ story|latest|main\ articles?|further\ information|further\ reading|related\ articles?)\s*:\s*\S
        | ^for\ (more|further)\ (details|information)(\ on\ [^,]{1,60})?,\ see\ \S
        | \[(insight|video|reaction|pics|photos|poll|live|update|analysis|explained|watch)\]\s*\|?\s*$
        | ^(previous|next)\ (article|story|post)\b
        ",
    )
    .expect("cross-link pattern")
});

/// Whether the whole line is in capitals (at least four words, mostly upper-case letters).
pub fn all_caps(text: &str) -> bool {
    let (letters, upper) = letter_case(text);
    word_count(text) >= 4 && letters >= 15 && upper * 10 >= letters * 9
}

/// Whether a block is a cross-link.
pub fn is_cross_link(text: &str) -> bool {
    (all_caps(text) && word_count(text) <= 30)
        || (word_count(text) <= 30 && LABELLED.is_match(text))
}

impl Rule for CrossLink {
    fn prepare(&self) {
        LazyLock::force(&LABELLED);
    }

    fn name(&self) -> &'static str {
        "cross-link"
    }

    fn apply(&self, cx: &Context<'_>, decisions: &mut [Decision]) {
        judge_blocks(cx, decisions, |i, text| {
            let title = cx.doc.blocks[i].kind == BlockKind::Title;
            (!title && is_cross_link(text)).then_some(Reason::CrossLink)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_links_to_other_stories() {
        assert!(is_cross_link(
            "UKRAINE MORALE IS ‘HUGE’ BOOST IN WAR WITH RUSSIA, NATO MILITARY CHIEFS SAY"
        ));
        assert!(is_cross_link(
            "TAYLOR SWIFT CLEARED TO PERFORM HITS AT AMAs AMID FEUD"
        ));
        assert!(is_cross_link(
            "SEE MORE: Hong Kong protests: 800 students under siege"
        ));
        assert!(is_cross_link(
            "China furious at Macron for protest jibe [INSIGHT]|"
        ));
        assert!(is_cross_link(
            "Next article Kidnapped girl, 8, rescued by police"
        ));
        assert!(is_cross_link("Main article: History of the harbour"));
        assert!(is_cross_link(
            "For more details, see Harbour wall collapse of 1953"
        ));
    }

    #[test]
    fn keeps_quotes_in_capitals_and_short_acronyms() {
        assert!(!is_cross_link(
            "“Meth is IN SD. Twitter can make a joke of it,” the governor wrote."
        ));
        assert!(!is_cross_link(
            "“WE WILL NOT GO BACK,” the crowd chanted outside the court."
        ));
        assert!(!is_cross_link("NATO AND THE EU"));
        assert!(!is_cross_link(
            "More than 2,500 civilians have been killed: the UN said so."
        ));
    }
}
