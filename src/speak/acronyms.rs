//! Acronyms and initialisms: "FBI" and "U.S." are spelled ("F-B-I", "U-S"), "NATO"
//! and "NASA" are read as words and written as names ("Nato", "Nasa"), plurals and
//! possessives keep their ending ("CEOs" "C-E-O's", "FBI's" "F-B-I's").
//!
//! Which is which comes from two lists ([`WORDS`] read as words, [`LETTERS`] spelled
//! though they look sayable); an unknown all-capital word is spelled when it has three
//! letters or fewer or cannot be said as a word (no vowel, a consonant cluster English
//! does not start or end words with), and read as a word otherwise. A sentence written
//! mostly in capitals (a shouted headline) keeps its unknown capital words as words.
//! "U.S." is always spelled, never the pronoun; its period stays when it ends the
//! sentence.

use super::titles::sentence_end;
use super::{rewrite, Normalizer};
use regex::Regex;
use std::sync::LazyLock;

pub struct Acronyms;

/// Acronyms read as words.
pub const WORDS: &[&str] = &[
    "AIDS", "ASEAN", "CAFE", "CERN", "COVID", "DACA", "DARPA", "FEMA", "FIFA", "HUD", "ICE",
    "ISIS", "LASIK", "MAGA", "MERS", "NAFTA", "NASA", "NASCAR", "NASDAQ", "NATO", "NOAA", "NORAD",
    "OPEC", "OSHA", "PAC", "PIN", "RAM", "SARS", "SCOTUS", "POTUS", "SNAP", "SWAT", "UEFA",
    "UNESCO", "UNICEF", "UNRWA", "IMAX",
];

/// Initialisms spelled out although they could be read as words.
pub const LETTERS: &[&str] = &[
    "AARP", "ACLU", "AFL", "CIO", "ESPN", "IAEA", "NCAA", "OECD", "UCLA", "USDA", "WHO", "AMA",
    "UAE", "USA", "EPA", "ICU", "IRA", "IRS", "NRA", "NBA", "NFL", "GOP", "CEO", "MIT", "USC",
    "OSCE", "USAID", "UK", "EU", "UN", "FBI", "CIA", "CNN", "BBC", "NHS", "AP", "NBC", "CBS",
    "ABC", "NPR", "PBS", "DOJ", "DHS", "FDA", "CDC", "NIH", "SEC", "GDP", "DNA", "HIV", "NYPD",
    "LAPD", "TV", "CFO",
];

/// Written forms said another way altogether.
const SPECIAL: &[(&str, &str)] = &[
    ("OK", "okay"),
    ("WWII", "World War Two"),
    ("WWI", "World War One"),
];

static DOTTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:[A-Z]\.){2,})((?:'|’)s\b)?").expect("the dotted initials pattern is valid")
});

static CAPITALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([A-Z]{2,})(s|'s|’s)?\b").expect("the capitals pattern is valid")
});

static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z]{2,}").expect("the word pattern is valid"));

/// Consonant pairs English words start with.
const ONSETS: &[&str] = &[
    "BL", "BR", "CH", "CL", "CR", "DR", "FL", "FR", "GL", "GR", "KL", "KN", "PH", "PL", "PR", "QU",
    "SC", "SH", "SK", "SL", "SM", "SN", "SP", "ST", "SW", "TH", "TR", "TW", "WH", "WR",
];

/// Consonant pairs English words end with.
const CODAS: &[&str] = &[
    "CH", "CK", "CT", "FT", "LD", "LK", "LL", "LM", "LP", "LT", "MP", "ND", "NG", "NK", "NT", "PS",
    "PT", "RB", "RD", "RK", "RM", "RN", "RP", "RS", "RT", "SH", "SK", "SP", "SS", "ST", "TH", "TS",
    "XT",
];

fn is_vowel(c: char) -> bool {
    matches!(c, 'A' | 'E' | 'I' | 'O' | 'U' | 'Y')
}

/// Whether a word of capitals can be said as an English word.
fn sayable(word: &str) -> bool {
    let letters: Vec<char> = word.chars().collect();
    let vowels = letters.iter().filter(|&&c| is_vowel(c) && c != 'Y').count();
    if letters.len() < 4 || vowels == 0 {
        return false;
    }
    // Long words with vowels enough are words ("WASHINGTON"), whatever their clusters.
    if letters.len() >= 7 && vowels * 4 >= letters.len() {
        return true;
    }
    let pair = |i: usize| -> String { letters[i..i + 2].iter().collect() };
    let consonant = |i: usize| !is_vowel(letters[i]);
    let n = letters.len();
    if consonant(0) && consonant(1) && !ONSETS.contains(&pair(0).as_str()) {
        return false;
    }
    if consonant(n - 2) && consonant(n - 1) && !CODAS.contains(&pair(n - 2).as_str()) {
        return false;
    }
    // No three consonants or three vowels in a row, no doubled vowel but EE and OO.
    letters.windows(3).all(|w| {
        let consonants = w.iter().filter(|&&c| !is_vowel(c)).count();
        consonants != 0 && consonants != 3
    }) && letters
        .windows(2)
        .all(|w| !(w[0] == w[1] && is_vowel(w[0]) && w[0] != 'E' && w[0] != 'O'))
}

/// Whether the capital word at `start..end` stands next to an unknown, sayable capital
/// word, as in a dateline's "NEW YORK" or "LOS ANGELES": a name in capitals.
fn in_capital_name(text: &str, start: usize, end: usize) -> bool {
    let unknown_sayable = |w: &str| {
        w.len() >= 2
            && w.chars().all(|c| c.is_ascii_uppercase())
            && !WORDS.contains(&w)
            && !LETTERS.contains(&w)
            && sayable(w)
    };
    let before = text[..start]
        .strip_suffix(' ')
        .and_then(|t| t.rsplit(' ').next())
        .is_some_and(unknown_sayable);
    let after = text[end..]
        .strip_prefix(' ')
        .and_then(|t| t.split([' ', ',', '(', ')', '.', ';', ':']).next())
        .is_some_and(unknown_sayable);
    before || after
}

/// "FBI" → "F-B-I".
pub(super) fn spelled(letters: &str) -> String {
    let mut out = String::with_capacity(letters.len() * 2);
    for (i, c) in letters
        .chars()
        .filter(char::is_ascii_alphabetic)
        .enumerate()
    {
        if i > 0 {
            out.push('-');
        }
        out.push(c);
    }
    out
}

/// "NATO" → "Nato".
fn as_name(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_string() + &chars.as_str().to_lowercase(),
        None => String::new(),
    }
}

/// Whether most of the text's words are written in capitals (three at least). Known
/// acronyms do not count either way, so that the answer is the same for the text and
/// for its spoken form.
fn shouted(text: &str) -> bool {
    let known = |w: &str| {
        let upper = w.to_uppercase();
        WORDS.contains(&upper.as_str()) || LETTERS.contains(&upper.as_str())
    };
    let words: Vec<&str> = WORD
        .find_iter(text)
        .map(|m| m.as_str())
        .filter(|w| !known(w))
        .collect();
    let capitals = words
        .iter()
        .filter(|w| w.chars().all(|c| c.is_ascii_uppercase()))
        .count();
    capitals >= 3 && capitals * 5 >= words.len() * 3
}

impl Normalizer for Acronyms {
    fn prepare(&self) {
        LazyLock::force(&DOTTED);
        LazyLock::force(&CAPITALS);
        LazyLock::force(&WORD);
    }

    fn normalize(&self, text: &str) -> String {
        let text = rewrite(text, &DOTTED, |caps, text| {
            let whole = caps.get(0)?;
            // Whole initials only, not the tail of a spelled or dotted word ("V-A.A.").
            if text[..whole.start()].ends_with(['-', '.']) {
                return None;
            }
            // Nor initials run into a word or a stray period ("A.A.1000s", "U.S../"):
            // spelled, their last period would go and glue the last letter to what
            // follows, for the other normalizers to read again. An ellipsis
            // ("U.S...") is no stray period.
            let rest = &text[whole.end()..];
            if caps.get(2).is_none()
                && (rest.starts_with(char::is_alphanumeric)
                    || (rest.starts_with('.') && !rest.starts_with("..")))
            {
                return None;
            }
            let ending = caps
                .get(2)
                .map_or(String::new(), |m| m.as_str().to_string());
            let end = if ending.is_empty() && rest.starts_with("..") {
                // The initials' last period is the ellipsis's first.
                "."
            } else if ending.is_empty() {
                sentence_end(rest)
            } else {
                ""
            };
            Some(format!("{}{ending}{end}", spelled(&caps[1])))
        });
        let text = rewrite(&text, &CAPITALS, |caps, _| {
            let said = SPECIAL.iter().find(|(w, _)| *w == &caps[1])?.1;
            Some(format!("{said}{}", caps.get(2).map_or("", |m| m.as_str())))
        });
        // Decided after the special forms are said, so that speaking the spoken form
        // again decides the same.
        let shouting = shouted(&text);
        rewrite(&text, &CAPITALS, |caps, text| {
            let whole = caps.get(0)?;
            let word = caps.get(1)?.as_str();
            let ending = caps.get(2).map(|m| m.as_str());
            let ending = ending
                .map(|e| if e == "s" { "'s" } else { e })
                .unwrap_or("");
            let as_word = if WORDS.contains(&word) {
                true
            } else if LETTERS.contains(&word) {
                false
            } else if shouting {
                return None;
            } else {
                sayable(word) || in_capital_name(text, whole.start(), whole.end())
            };
            Some(if as_word {
                format!("{}{ending}", as_name(word))
            } else {
                format!("{}{ending}", spelled(word))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speak(s: &str) -> String {
        Acronyms.normalize(s)
    }

    #[test]
    fn spelled_and_said() {
        assert_eq!(speak("the FBI and CIA"), "the F-B-I and C-I-A");
        assert_eq!(speak("U.S. troops"), "U-S troops");
        assert_eq!(speak("in the U.S."), "in the U-S.");
        assert_eq!(speak("NATO allies"), "Nato allies");
        assert_eq!(speak("three CEOs"), "three C-E-O's");
        assert_eq!(speak("the FBI's report"), "the F-B-I's report");
        assert_eq!(speak("COVID-19"), "Covid-19");
        assert_eq!(speak("the WHO said"), "the W-H-O said");
        assert_eq!(speak("the NYPD"), "the N-Y-P-D");
        // Initials run into a word are no acronym of their own.
        assert_eq!(speak("a U.S.made car"), "a U.S.made car");
        assert_eq!(speak("in the U.S... and"), "in the U-S... and");
    }

    #[test]
    fn unknown_capitals() {
        assert!(sayable("FIFA"));
        assert!(!sayable("NYPD"));
        assert!(!sayable("HSBC"));
        assert!(sayable("SAMOA"));
        assert_eq!(speak("a ZBX contract"), "a Z-B-X contract");
        assert_eq!(speak("NEW YORK (Reuters) -"), "New York (Reuters) -");
        assert_eq!(speak("WASHINGTON (AP) —"), "Washington (A-P) —");
        assert_eq!(speak("LOS ANGELES — The"), "Los Angeles — The");
    }

    #[test]
    fn shouted_sentences_keep_their_words() {
        assert_eq!(
            speak("CLICK HERE TO GET THE FOX NEWS APP"),
            "CLICK HERE TO GET THE FOX NEWS APP"
        );
        assert_eq!(
            speak("NATO SUMMIT ENDS IN DEADLOCK"),
            "Nato SUMMIT ENDS IN DEADLOCK"
        );
    }

    #[test]
    fn idempotent() {
        let once = speak("The U.S. and NATO told the FBI's CEOs in the U.K.");
        assert_eq!(speak(&once), once);
    }
}
