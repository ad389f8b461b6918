//! Drops photo and video credits: "(AP Photo/Alex Brandon)", "(Reed Saxon / Associated
//! Press)", "Image copyright Getty Images", "Photo: Jane Doe", "Credit: Reuters",
//! "Patrick Semansky, ASSOCIATED PRESS", "© Aaron Schwartz". A credit names who took a
//! picture; read aloud it interrupts the story. A story sentence that mentions a photo
//! is a sentence (it has a verb and ends in punctuation); a credit is a short label.
//! Hand-written: no crate recognises news photo credits.

use crate::select::blocks::{ends_sentence, judge_blocks, word_count};
use crate::select::{Context, Decision, Reason, Rule};
use regex::Regex;
use std::sync::LazyLock;

pub struct Credit;

/// Labelled credits.
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        ^\(?\s*(AP|AFP|Reuters|Getty|EPA|UPI|PA|Fox\ News|CBS\ News|NBC\ News)?\s*(photo|photograph|image|picture|video)s?\s*(/|:|by\b)
        | ^(image|photo|picture|video)\s+(copyright|credit|source)\b
        | ^(photo\ )?(credit|courtesy|copyright)\s*:
        ",
    )
    .expect("credit pattern")
});

/// Names of agencies and picture libraries that appear in credits.
static AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(associated press|getty images|getty|shutterstock|reuters|afp|ap|epa|alamy|istock|upi|pa wire|pa images|sipa|zuma|bloomberg|file)\b",
    )
    .expect("agency pattern")
});

/// "Name, AGENCY" in capitals after the comma.
static NAME_AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Lu}][\p{L}.'’ -]*,\s*[\p{Lu}][\p{Lu} &./-]+$").expect("name-agency pattern")
});

/// "© Name" without a year or rights notice (that is a copyright line).
static COPY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(©|\(c\))\s*[\p{Lu}][\p{L}.'’ -]*$").expect("copy-name pattern")
});

/// Whether every word of `inner` is capitalised or not a word (a name, an agency).
fn name_like(inner: &str) -> bool {
    inner
        .split(|c: char| c.is_whitespace() || c == '/')
        .filter(|w| w.chars().any(|c| c.is_alphabetic()))
        .all(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(|c| c.is_uppercase())
        })
}

/// Whether a line in brackets is a credit: "(AP Photo/Alex Brandon)", "(Walt Disney Co.)".
pub fn is_bracketed_credit(text: &str) -> bool {
    let t = text.trim();
    if !(t.starts_with('(') && t.ends_with(')')) || word_count(t) > 8 {
        return false;
    }
    let inner = &t[1..t.len() - 1];
    LABELLED.is_match(t) || AGENCY.is_match(inner) || (!inner.contains(':') && name_like(inner))
}

/// Whether a block is a credit.
pub fn is_credit(text: &str) -> bool {
    let t = text.trim();
    let words = word_count(t);
    if words == 0 || words > 12 || (ends_sentence(t) && !t.ends_with(')')) && words > 6 {
        return false;
    }
    is_bracketed_credit(t)
        || LABELLED.is_match(t)
        || (words <= 6 && NAME_AGENCY.is_match(t) && AGENCY.is_match(t))
        || (words <= 4 && COPY_NAME.is_match(t))
        || (words <= 3 && !ends_sentence(t) && AGENCY.is_match(t) && name_like(t) && {
            // "Getty Images", "Shutterstock", "Reuters file": nothing but the agency.
            let rest = AGENCY.replace_all(t, "");
            rest.trim_matches(|c: char| !c.is_alphanumeric()).is_empty()
        })
}

impl Rule for Credit {
    fn prepare(&self) {
        LazyLock::force(&LABELLED);
        LazyLock::force(&AGENCY);
        LazyLock::force(&NAME_AGENCY);
        LazyLock::force(&COPY_NAME);
    }

    fn name(&self) -> &'static str {
        "credit"
    }

    fn apply(&self, cx: &Context<'_>, decisions: &mut [Decision]) {
        judge_blocks(cx, decisions, |_, text| {
            is_credit(text).then_some(Reason::Credit)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_credits() {
        for line in [
            "(AP Photo/Alex Brandon)",
            "(Reed Saxon / Associated Press)",
            "(Walt Disney Co.)",
            "Image copyright Getty Images",
            "Photo: Jane Doe/The Daily Planet",
            "Credit: Reuters",
            "Patrick Semansky, ASSOCIATED PRESS",
            "© Aaron Schwartz",
            "Getty Images",
            "Shutterstock",
        ] {
            assert!(is_credit(line), "{line}");
        }
    }

    #[test]
    fn keeps_sentences_about_photos() {
        assert!(!is_credit(
            "The photo was taken by an Associated Press photographer."
        ));
        assert!(!is_credit("(Graphic: Global assets in 2019 - here)"));
        assert!(!is_credit(
            "Photos of the scene spread quickly online, police said."
        ));
        assert!(!is_credit("Reuters reported the deal on Monday."));
    }
}
