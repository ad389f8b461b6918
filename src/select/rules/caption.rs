//! Drops photo and video captions. A caption is recognised by its form, not its words:
//! it is labelled ("Image caption …", "Image: …", "FILE PHOTO: …"), carries its credit
//! ("… (Image: GETTY)", "…Credit...Name/Agency", "… [File: Reuters]", "…2019.J. Doe / AP
//! file"), sits just before a bracketed credit line ("(AP Photo/…)") that the reader did
//! not already find inside a figure, or has the wire caption form "NAME does X during
//! Y, DAY, DATE, in PLACE." Captions describe a picture the listener cannot see.
//! Hand-written: no crate recognises news captions.

use super::credit::is_bracketed_credit;
use crate::select::blocks::{alive, drop_block, ends_sentence, sentence_ranges, word_count};
use crate::select::{Context, Decision, Reason, Rule};
use regex::Regex;
use std::sync::LazyLock;

pub struct Caption;

/// Labels and credits that only captions carry.
static MARKED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        ^(?i:image|media|photo|video)\s*(?i:caption)
        | ^(?i:image|photo|picture|pictured|above|top|main\ image|file\ photo|file)\s*:\s
        | ^FILE\ PHOTO\b
        | (?i:credit)(\.\.\.|…|:)\s*\S
        | \((?i:image|photo|picture|pictures|photograph)s?\s*:[^)]*\)\s*$
        | \[(?i:file|photo|image|picture)s?\s*:[^\]]*\]\s*$
        | \b(REUTERS|AFP|AP|EPA)/[\p{Lu}]
        ",
    )
    .expect("caption pattern")
});

/// A caption whose credit is glued to its end: "…Austria.Leonhard Foeger / Reuters file",
/// "…Timothy Weeks AP".
static TRAILING_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\s/\s*[\p{Lu}][\p{L}.&' ]+|\s(AP|AFP|Reuters|REUTERS|Getty Images|Shutterstock|Statista|EPA))(\s+file)?$",
    )
    .expect("trailing credit pattern")
});

/// The wire caption form: "…, Friday, Jan. 28, 2022, in Washington." at the very end.
static WIRE_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x),\s(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s
        (Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s[0-9]{1,2}
        (,\s[0-9]{4})?(,\s(in|at|near|outside|on)\s[^.]{2,})?\.$",
    )
    .expect("wire caption pattern")
});

/// Whether a block looks like a caption on its own.
pub fn is_caption(text: &str) -> bool {
    let t = text.trim();
    if word_count(t) > 70 {
        return false;
    }
    MARKED.is_match(t)
        || (!ends_sentence(t) && word_count(t) >= 4 && TRAILING_CREDIT.is_match(t))
        || WIRE_FORM.is_match(t)
}

impl Rule for Caption {
    fn prepare(&self) {
        LazyLock::force(&MARKED);
        LazyLock::force(&TRAILING_CREDIT);
        LazyLock::force(&WIRE_FORM);
    }

    fn name(&self) -> &'static str {
        "caption"
    }

    fn apply(&self, cx: &Context<'_>, decisions: &mut [Decision]) {
        let ranges = sentence_ranges(cx);
        let blocks = &cx.doc.blocks;
        for (i, range) in ranges.iter().enumerate() {
            if !alive(decisions, range) {
                continue;
            }
            let text = &blocks[i].text;
            // A credit the reader found inside a figure or a credit element is the
            // picture's: the text before it (a heading above the picture, whose alt
            // text may repeat it) is not its caption.
            let before_credit = word_count(text) <= 70
                && blocks
                    .get(i + 1)
                    .is_some_and(|next| next.dropped.is_none() && is_bracketed_credit(&next.text))
                && !is_bracketed_credit(text);
            if before_credit || is_caption(text) {
                drop_block(decisions, range, Reason::Caption);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Planner;

    #[test]
    fn drops_captions_by_form() {
        for line in [
            "Image caption Scooter Braun has managed Justin Bieber, among others",
            "Image: Jose Mourinho has agreed a deal",
            "FILE PHOTO: Traders work on the floor of the exchange. REUTERS/Jane Doe",
            "China has warned it will act (Image: GETTY )",
            "Roughly 13,000 troops remain in the country [File: Reuters]",
            "The house where he was born in Braunau, Austria.Leonhard Foeger / Reuters file",
            "The president at the club last week.Credit...Jane Doe/The New York Times",
            "Joint Chiefs Chairman Gen. Mark Milley listens during a media briefing at the Pentagon, Friday, Jan. 28, 2022, in Washington.",
        ] {
            assert!(is_caption(line), "{line}");
        }
    }

    #[test]
    fn keeps_story_sentences() {
        assert!(!is_caption(
            "The photo, published on Friday, showed the damage."
        ));
        assert!(!is_caption(
            "The talks resumed in Washington on Friday, Jan. 28, after a long pause in the negotiations."
        ));
        assert!(!is_caption(
            "Reporters were shown the image: a burnt-out car."
        ));
    }

    #[test]
    fn a_heading_above_a_figure_is_not_its_caption() {
        let html = "<html><head><title>Five ways to keep burglars out</title></head><body><article><h1>Five ways to keep burglars out</h1><p>Break-ins rise every year when the evenings draw in, and most could be prevented with habits that cost nothing.</p><h2>Lock the back door</h2><figure><img src=\"d.jpg\" alt=\"Lock the back door\"><figcaption>(Photo: Jane Roe/Getty Images)</figcaption></figure><p>Most burglars come in from the back of the house, where the neighbours cannot see them at all.</p><h2>Light the garden</h2><figure><img src=\"l.jpg\" alt=\"A light\"><span class=\"credit\">(AP Photo/John Doe)</span></figure><p>A cheap light with a movement sensor makes a garden much less attractive to a thief.</p></article></body></html>";
        let plan = Planner::default().plan_input("p.html", html, crate::read::Format::Html);
        let reason = |text: &str| {
            plan.sentences
                .iter()
                .find(|s| plan.text(s) == text)
                .map(|s| s.decision.reason())
        };
        assert_eq!(reason("Lock the back door"), Some(None));
        assert_eq!(reason("Light the garden"), Some(None));
        assert_eq!(
            reason("(Photo: Jane Roe/Getty Images)"),
            Some(Some(Reason::Caption))
        );
    }

    #[test]
    fn the_paragraph_before_a_bracketed_credit_is_a_caption() {
        let plan = Planner::default().plan_text(
            "t",
            "Title of the story here\n\nThe minister spoke to reporters on Monday about the budget.\n\nThe minister waves to supporters outside parliament.\n\n(AP Photo/Jane Doe)\n\nShe said the budget would pass.\n",
        );
        let dropped: Vec<_> = plan
            .sentences
            .iter()
            .filter(|s| !s.decision.keep())
            .map(|s| plan.text(s))
            .collect();
        assert!(dropped.contains(&"The minister waves to supporters outside parliament."));
        assert!(!dropped.contains(&"She said the budget would pass."));
        assert!(!dropped.contains(&"The minister spoke to reporters on Monday about the budget."));
    }
}
