//! Web addresses, e-mail addresses, hashtags and handles: "<https://www.example.com/news>"
//! "example dot com slash news", "jane.doe@example.com" "jane dot doe at example dot
//! com", "#MeToo" "hashtag MeToo", "@AP" "at AP" (the acronym normalizer then spells
//! it).
//!
//! The scheme, "www." and any query or fragment are not read; a bare domain is
//! recognised only with a common top-level domain, so "U.S." or "e.g." are never taken
//! for one. This runs before every other normalizer, so no dot or "@" of an address is
//! read as anything else.

use super::{rewrite, Normalizer};
use regex::Regex;
use std::sync::LazyLock;

pub struct Web;

/// Top-level domains recognised without a scheme.
const DOMAINS: &str =
    "com|org|net|gov|edu|mil|int|io|co|uk|us|ca|au|de|fr|info|news|tv|ly|me|ai|app|biz";

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:https?://(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)|(?:www\.)?((?:[a-z0-9-]+\.)+(?:{DOMAINS})))\b(/[^\s]*)?"
    ))
    .expect("the URL pattern is valid")
});

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\b")
        .expect("the e-mail pattern is valid")
});

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([#@])([A-Za-z][A-Za-z0-9_]*)").expect("the tag pattern is valid")
});

/// "example.com" → "example dot com".
fn dotted(name: &str) -> String {
    name.split('.')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" dot ")
}

/// The readable part of a path: its segments, without query, fragment or trailing
/// punctuation, joined by "slash".
fn path(path: &str) -> (String, &str) {
    let end = path.find(['?', '#']).unwrap_or(path.len());
    let kept = &path[..end];
    let trimmed = kept.trim_end_matches(['.', ',', ';', ':', '!', ')', '"', '\'', '”', '’']);
    let rest = &path[trimmed.len()..];
    // What follows the query is dropped, but closing punctuation after it is kept.
    let rest = if end < path.len() {
        let tail = &path[end..];
        let cut = tail.trim_end_matches(['.', ',', ';', ':', '!', ')', '"', '\'', '”', '’']);
        &tail[cut.len()..]
    } else {
        rest
    };
    let segments: Vec<String> = trimmed
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.replace(['-', '_'], " ")
                .replace(".html", "")
                .replace('.', " dot ")
        })
        .collect();
    let spoken = segments
        .iter()
        .map(|s| format!(" slash {s}"))
        .collect::<String>();
    (spoken, rest)
}

impl Normalizer for Web {
    fn prepare(&self) {
        LazyLock::force(&URL);
        LazyLock::force(&EMAIL);
        LazyLock::force(&TAG);
    }

    fn normalize(&self, text: &str) -> String {
        let text = rewrite(text, &EMAIL, |caps, _| {
            let local = caps[1]
                .replace('.', " dot ")
                .replace('_', " underscore ")
                .replace('-', " dash ");
            Some(format!("{local} at {}", dotted(&caps[2])))
        });
        let text = rewrite(&text, &URL, |caps, text| {
            // A host that runs into another address's "://" ("a.a-http://b.b") took
            // that scheme for its last label: no address to read.
            if text[caps.get(0)?.end()..].starts_with("://") {
                return None;
            }
            let host = caps.get(1).or(caps.get(2))?.as_str();
            let host = host.strip_prefix("www.").unwrap_or(host);
            let (spoken_path, rest) = caps
                .get(3)
                .map_or((String::new(), ""), |p| path(p.as_str()));
            // An address glued to the text before it ("Gen.http://…") is read as words
            // of its own: glued, its spoken host would join that text into another
            // address ("Gen.tv dot a"), and speaking again would change it.
            let before = text[..caps.get(0)?.start()].chars().next_back();
            let space = if before.is_some_and(|c| !c.is_whitespace()) {
                " "
            } else {
                ""
            };
            Some(format!("{space}{}{spoken_path}{rest}", dotted(host)))
        });
        rewrite(&text, &TAG, |caps, text| {
            // A tag starts a word: not "C#", "AT&#x", "a@b".
            let before = text[..caps.get(0)?.start()].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || "_&#@".contains(c)) {
                return None;
            }
            let word = if &caps[1] == "#" { "hashtag" } else { "at" };
            Some(format!("{word} {}", &caps[2]))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speak(s: &str) -> String {
        Web.normalize(s)
    }

    #[test]
    fn addresses() {
        // Glued to the word before it, an address is still read as words of its own.
        assert_eq!(speak("Gen.http://tv.a "), "Gen. tv dot a ");
        assert_eq!(speak(speak("Gen.http://tv.a ").as_str()), "Gen. tv dot a ");
        assert_eq!(
            speak("see https://www.example.com/news?id=3."),
            "see example dot com slash news."
        );
        assert_eq!(
            speak("visit apnews.com today"),
            "visit apnews dot com today"
        );
        assert_eq!(
            speak("write to jane.doe@example.com."),
            "write to jane dot doe at example dot com."
        );
        assert_eq!(
            speak("using #MeToo and @AP"),
            "using hashtag MeToo and at AP"
        );
    }

    #[test]
    fn lookalikes_stay() {
        assert_eq!(speak("the U.S. and e.g. this"), "the U.S. and e.g. this");
        assert_eq!(speak("No. 1 and #1"), "No. 1 and #1");
        assert_eq!(speak("AT&T"), "AT&T");
        assert_eq!(speak("end.Next"), "end.Next");
        // Two addresses run together, the first host taking the second's scheme.
        let once = speak("http://a.io-http://b.io");
        assert!(once.starts_with("http://a.io-http://"), "{once}");
        assert_eq!(speak(&once), once);
    }
}
