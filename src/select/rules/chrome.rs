//! Drops page chrome lines that sit among the story's paragraphs: "Advertisement",
//! "Share this with Facebook", "Print", "Comments", "Read More", "Video", "Enlarge
//! Image", "View all (23)", bare links and numbers, "Continue reading the main story".
//! A short line made only of page-furniture words is chrome wherever it stands, so it is
//! dropped even where the navigation rule would keep a short line as a subheading.
//! Hand-written: the vocabulary of share/print/ad buttons is small and no crate has it.

use crate::select::blocks::{judge_blocks, word_count};
use crate::select::{Context, Decision, Reason, Rule};
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

pub struct Chrome;

/// Words of buttons, labels and widget titles. A short line made only of these (and
/// digits) is chrome.
const FURNITURE: &[&str] = &[
    "share",
    "shares",
    "shared",
    "this",
    "with",
    "via",
    "print",
    "email",
    "e-mail",
    "mail",
    "comment",
    "comments",
    "advertisement",
    "advertising",
    "ad",
    "ads",
    "sponsored",
    "close",
    "open",
    "video",
    "videos",
    "photo",
    "photos",
    "image",
    "images",
    "gallery",
    "enlarge",
    "expand",
    "collapse",
    "read",
    "more",
    "view",
    "all",
    "see",
    "also",
    "related",
    "article",
    "articles",
    "stories",
    "story",
    "topics",
    "tags",
    "don't",
    "dont",
    "miss",
    "trending",
    "now",
    "most",
    "popular",
    "watch",
    "watched",
    "listen",
    "continue",
    "reading",
    "main",
    "report",
    "next",
    "previous",
    "back",
    "to",
    "top",
    "menu",
    "search",
    "skip",
    "content",
    "copy",
    "link",
    "url",
    "copied",
    "facebook",
    "twitter",
    "whatsapp",
    "messenger",
    "pinterest",
    "linkedin",
    "reddit",
    "flipboard",
    "pocket",
    "instagram",
    "youtube",
    "rss",
    "google+",
    "google",
    "sign",
    "in",
    "log",
    "login",
    "logout",
    "register",
    "subscribe",
    "newsletter",
    "newsletters",
    "replay",
    "just",
    "must",
    "options",
    "sharing",
    "show",
    "hide",
    "external",
    "links",
    "feed",
    "on",
    "our",
    "radar",
    "recommended",
    "for",
    "you",
    "up",
    "latest",
    "news",
    "headlines",
    "live",
    "min",
    "mins",
    "minute",
    "minutes",
    "the",
    "a",
    "and",
    "of",
    "about",
    "panel",
    "extra",
    "submit",
    "required",
    "name",
    "your",
    "click",
    "here",
    "toggle",
    "navigation",
    "accessibility",
    "help",
    "alerts",
    "apps",
    "app",
    "home",
    "page",
    "homepage",
    "media",
    "playback",
    "unsupported",
    "device",
    "selection",
    "caption",
    "captions",
    "supported",
    "by",
    "feedback",
    "reprint",
    "licensing",
    "correction",
    "corrections",
    "filed",
    "under",
];

static FURNITURE_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| FURNITURE.iter().copied().collect());

/// Whole-line chrome that is not made only of furniture words.
static CHROME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        ^https?://\S+$
        | ^[0-9\s:.,/|()+-]+$
        | ^share\ (this|on|via)\b
        | ^(skip|jump)\ to\b
        | media\ playback\ is\ (unsupported|not\ supported)
        | these\ are\ external\ links
        | ^why\ you\ can\ trust\b
        | ^copy\ this\ link
        | ^read\ more\ about\ sharing
        | ^continue\ reading\b
        | ^this\ story\ has\ been\ shared\b
        | ^[0-9]+\s+min(ute)?s?\ read$
        | ^(view|see)\ all\b
        | ^(thanks|thank\ you)\ for\ (contacting|subscribing|signing|reading)\b
        | ^(this\ site\ is\ protected\ by|we\ use\ cookies|by\ using\ this\ site)
        | ^(request\ reprint|submit\ (a\ )?correction)
        | ^filed\ under\b\s*:?\s
        | ^(tags|topics)\s*:\s
        ",
    )
    .expect("chrome pattern")
});

/// Whether a block is page chrome.
pub fn is_chrome(text: &str) -> bool {
    // A line without a letter (a rule "* * *", a menu icon "☰", a bare "7.") has no
    // words to say.
    if CHROME.is_match(text) || !text.chars().any(char::is_alphabetic) {
        return true;
    }
    if word_count(text) > 6 {
        return false;
    }
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == '/' || c == '|')
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '+' && c != '\'')
                .to_lowercase()
                .replace('’', "'")
        })
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    !words.is_empty() && words.iter().all(|w| FURNITURE_SET.contains(w.as_str()))
}

impl Rule for Chrome {
    fn prepare(&self) {
        LazyLock::force(&FURNITURE_SET);
        LazyLock::force(&CHROME);
    }

    fn name(&self) -> &'static str {
        "chrome"
    }

    fn apply(&self, cx: &Context<'_>, decisions: &mut [Decision]) {
        judge_blocks(cx, decisions, |_, text| {
            is_chrome(text).then_some(Reason::Boilerplate)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_buttons_and_labels() {
        for line in [
            "ADVERTISEMENT",
            "Share this with Facebook",
            "Read More",
            "Video",
            "Enlarge Image",
            "View all (23)",
            "https://www.example.com/news/1",
            "191119052250266",
            "Continue reading the main story",
            "More:",
            "Related articles",
            "DON'T MISS",
        ] {
            assert!(is_chrome(line), "{line}");
        }
    }

    #[test]
    fn keeps_subheadings_and_sentences() {
        assert!(!is_chrome("What did the prosecutors say?"));
        assert!(!is_chrome("Hostage swap"));
        assert!(!is_chrome("Share prices fell sharply on Tuesday."));
        assert!(!is_chrome("Read the full report here, the minister said."));
    }
}
