//! Drops copyright and legal lines: "© 2019 CBS Interactive Inc. All Rights Reserved.",
//! "This material may not be published, broadcast, rewritten, or redistributed.",
//! "Copyright". They are the page's legal footer. A story about a copyright dispute is
//! kept: the word must stand as a notice (with ©, a year, or alone at the start).
//! Hand-written: no crate recognises copyright footers.

use crate::select::blocks::{judge_blocks, word_count};
use crate::select::{Context, Decision, Reason, Rule};
use regex::Regex;
use std::sync::LazyLock;

pub struct Copyright;

static NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        ©
        | \(c\)\s*[0-9]{4}
        | \bcopyright\s*(©|\(c\)|[0-9]{4})
        | ^copyright\b\s*\S*$
        | \ball\ rights\ reserved\b
        | \bmay\ not\ be\ (published|reproduced|redistributed|copied|republished)\b
        | ^(terms\ (of|and)\ (use|service|sale)|terms\ &\ conditions|privacy\ (policy|notice))
        ",
    )
    .expect("copyright pattern")
});

/// Whether a block is a copyright or legal line.
pub fn is_copyright(text: &str) -> bool {
    word_count(text) <= 40 && NOTICE.is_match(text)
}

impl Rule for Copyright {
    fn prepare(&self) {
        LazyLock::force(&NOTICE);
    }

    fn name(&self) -> &'static str {
        "copyright"
    }

    fn apply(&self, cx: &Context<'_>, decisions: &mut [Decision]) {
        judge_blocks(cx, decisions, |_, text| {
            is_copyright(text).then_some(Reason::Copyright)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_legal_lines() {
        assert!(is_copyright(
            "© 2019 CBS Interactive Inc. All Rights Reserved."
        ));
        assert!(is_copyright(
            "©2019 The Associated Press. All rights reserved."
        ));
        assert!(is_copyright(
            "This material may not be published, broadcast, rewritten, or redistributed."
        ));
        assert!(is_copyright("Copyright"));
        assert!(is_copyright("Terms of Use"));
    }

    #[test]
    fn keeps_stories_about_copyright() {
        assert!(!is_copyright(
            "The band sued, saying the song infringed its copyright."
        ));
        assert!(!is_copyright(
            "Copyright lawyers said the ruling would be appealed."
        ));
        assert!(!is_copyright(
            "The privacy policy changes were criticised by regulators."
        ));
    }
}
