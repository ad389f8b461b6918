//! Drops self-promotion blocks: "You can now listen to…", "CLICK HERE TO GET THE … APP",
//! "Sign up for our newsletter", "Download the app", "Follow us on…", "Chat with us…".
//! They are calls to action addressed to the reader, not part of the story. Matched by
//! the imperative they start with; a story sentence that merely mentions an app or a
//! newsletter does not start that way. Hand-written: no crate knows news promos.

use crate::select::blocks::{ends_sentence, judge_blocks, word_count};
use crate::select::{Context, Decision, Reason, Rule};
use regex::Regex;
use std::sync::LazyLock;

pub struct Promo;

/// Calls to action, anywhere in a short block.
static CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        you\ can\ now\ listen\ to
        | \bclick\ here\b
        | ^(new)?\s*listen\ to\ (this|the)\ (article|story)
        | ^(get|download)\ (the|our)\ [\w\s'’]*?\bapps?\b
        | \bdownload\ (the|our)\ [\w\s'’]*?\bapp\b
        | ^(sign\ up|subscribe|join|register)\b.*?\b(newsletters?|alerts|emails?|updates|inbox|for\ free)\b
        | ^(sign\ up|subscribe)\ (for|to|now|today)\b
        | ^(get|receive)\b.*?\b(newsletters?|alerts|emails?)\b
        | \bnewsletters?\b.*?\b(sign\ up|subscribe)\b
        | ^let\ our\ news\ meet\ your\ inbox
        | ^chat\ with\ us\b
        | ^(listen|watch)\b.*?\b(live|here)\b.*?\b(here|weekdays|now|anytime)\b
        | ^follow\ (us|our)\b
        | \bfollow\ us\ on\b
        | ^follow\b.*?\b(on|at)\ (twitter|facebook|instagram|youtube|tiktok|linkedin|https?://)
        ",
    )
    .expect("promo pattern")
});

/// "Follow CNN Business", "Follow Fox News": a short unfinished line starting "Follow".
static FOLLOW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:follow)\s+\p{Lu}").expect("follow pattern"));

/// Whether a block is a promo.
pub fn is_promo(text: &str) -> bool {
    let words = word_count(text);
    if words > 30 {
        return false;
    }
    CALL.is_match(text) || (words <= 5 && !ends_sentence(text) && FOLLOW.is_match(text))
}

impl Rule for Promo {
    fn prepare(&self) {
        LazyLock::force(&CALL);
        LazyLock::force(&FOLLOW);
    }

    fn name(&self) -> &'static str {
        "promo"
    }

    fn apply(&self, cx: &Context<'_>, decisions: &mut [Decision]) {
        judge_blocks(cx, decisions, |_, text| {
            is_promo(text).then_some(Reason::Promo)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_calls_to_action() {
        assert!(is_promo("NEWYou can now listen to Fox News articles!"));
        assert!(is_promo("CLICK HERE TO GET THE FOX NEWS APP"));
        assert!(is_promo("Sign up for our Newsletter"));
        assert!(is_promo(
            "Download the Daily Planet app for the latest news."
        ));
        assert!(is_promo("Follow us on Twitter"));
        assert!(is_promo("Follow CNN Business"));
        assert!(is_promo("Get breaking news alerts and special reports."));
    }

    #[test]
    fn keeps_story_sentences_about_apps_and_following() {
        assert!(!is_promo(
            "The company said the app had been downloaded ten million times since launch."
        ));
        assert!(!is_promo(
            "Follow the money, the investigators told the committee."
        ));
        assert!(!is_promo(
            "She signed up for the army at 18 and served two tours in Iraq."
        ));
        assert!(!is_promo(
            "Listeners can now hear the recordings at the museum."
        ));
    }
}
