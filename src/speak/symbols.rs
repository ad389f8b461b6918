//! Symbols and Latin abbreviations said as words: "&" "and", "+" "plus", "=" "equals",
//! "@" "at", "~5" "about five", "#" before a number "number", "and/or" "and or", "his/her" "his or her", "vs." and
//! "v." "versus", "e.g." "for example", "i.e." "that is", "etc." "et cetera" (keeping
//! its period as the full stop when it ends the sentence).
//!
//! Runs after numbers and addresses have taken the symbols that belong to them
//! ("5%", "#1", "@AP"), so what is left is a symbol standing for a word.

use super::titles::sentence_end;
use super::{rewrite, Normalizer};
use regex::Regex;
use std::sync::LazyLock;

pub struct Symbols;

/// Abbreviations said as words, with the period that belongs to them.
const ABBREVIATIONS: &[(&str, &str)] = &[
    (r"\be\.g\.", "for example"),
    (r"\bi\.e\.", "that is"),
    (r"\betc\.", "et cetera"),
    (r"\bvs\.?", "versus"),
    (r"\bv\.", "versus"),
    (r"\bapprox\.", "approximately"),
];

static ABBREVIATION: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    ABBREVIATIONS
        .iter()
        .map(|(p, s)| {
            let pattern = format!(r"{p}(?:\s|$|[,;:)])");
            (
                Regex::new(&pattern).expect("the abbreviation patterns are valid"),
                *s,
            )
        })
        .collect()
});

/// The symbols said as words.
const SYMBOLS: &str = "&+=@~#";

static SYMBOL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[&+=@~#]").expect("the symbol pattern is valid"));

/// A slash between two words.
static SLASH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([A-Za-z]+\.?)/([A-Za-z]+)\b").expect("the slash pattern is valid")
});

impl Normalizer for Symbols {
    fn prepare(&self) {
        LazyLock::force(&ABBREVIATION);
        LazyLock::force(&SYMBOL);
        LazyLock::force(&SLASH);
    }

    fn normalize(&self, text: &str) -> String {
        // Matches cannot overlap, so "a/b/c" takes one pass per slash.
        let mut text = text.to_string();
        loop {
            let next = rewrite(&text, &SLASH, |caps, _| {
                let (a, b) = (&caps[1], &caps[2]);
                let word = a.trim_end_matches('.');
                let joiner = if ["and", "or"].contains(&word) || ["and", "or"].contains(&b) {
                    " "
                } else {
                    " or "
                };
                Some(format!("{a}{joiner}{b}"))
            });
            if next == text {
                break;
            }
            text = next;
        }
        let mut text = rewrite(&text, &SYMBOL, |caps, text| {
            let whole = caps.get(0)?;
            let before = text[..whole.start()].chars().next_back();
            let after = text[whole.end()..].chars().next();
            let word = match whole.as_str() {
                "&" => "and",
                "+" => "plus",
                "=" => "equals",
                "@" => "at",
                "~" if after.is_some_and(|c| !c.is_whitespace()) => "about",
                // What hashtags and "#1" left: "#" before a number said as words.
                "#" if after.is_some_and(|c| !c.is_whitespace())
                    && !before.is_some_and(char::is_alphanumeric) =>
                {
                    "number"
                }
                _ => return None,
            };
            // A space where a word or another symbol touches it, none where there is one.
            let left = match before {
                Some(c) if !c.is_whitespace() && !SYMBOLS.contains(c) => " ",
                _ => "",
            };
            let right = match after {
                Some(c) if !c.is_whitespace() => " ",
                _ => "",
            };
            Some(format!("{left}{word}{right}"))
        });
        for (pattern, spoken) in ABBREVIATION.iter() {
            text = rewrite(&text, pattern, |caps, text| {
                let whole = caps.get(0)?;
                let matched = whole.as_str();
                // What followed the abbreviation's period, kept.
                let trailing = &matched[matched
                    .trim_end_matches([' ', '\t', '\n', ',', ';', ':', ')'])
                    .len()..];
                let abbreviation = &matched[..matched.len() - trailing.len()];
                // "v." only between two capitalised names ("Roe v. Wade").
                if abbreviation == "v." && !text[whole.end()..].starts_with(char::is_uppercase) {
                    return None;
                }
                let end = if abbreviation.ends_with('.') && trailing.is_empty() {
                    sentence_end(&text[whole.end()..])
                } else {
                    ""
                };
                Some(format!("{spoken}{end}{trailing}"))
            });
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speak(s: &str) -> String {
        Symbols.normalize(s)
    }

    #[test]
    fn symbols_and_abbreviations() {
        assert_eq!(speak("AT&T"), "AT and T");
        assert_eq!(speak("Q & A"), "Q and A");
        assert_eq!(speak("fifty+ people"), "fifty plus people");
        assert_eq!(speak("and/or his/her"), "and or his or her");
        assert_eq!(speak("Roe v. Wade"), "Roe versus Wade");
        assert_eq!(speak("Ali vs. Frazier"), "Ali versus Frazier");
        assert_eq!(speak("fruit, e.g. apples"), "fruit, for example apples");
        assert_eq!(speak("apples, pears, etc."), "apples, pears, et cetera.");
        assert_eq!(speak("pears, etc., and"), "pears, et cetera, and");
        assert_eq!(speak("x = y"), "x equals y");
        assert_eq!(speak("C++ & Rust & Go"), "C plus plus and Rust and Go");
        assert_eq!(speak("~five people"), "about five people");
    }

    #[test]
    fn lookalikes_stay() {
        assert_eq!(speak("the vsop"), "the vsop");
        assert_eq!(speak("a 5% rise"), "a 5% rise");
        assert_eq!(speak("24/7"), "24/7");
        assert_eq!(speak("~"), "~");
    }
}
