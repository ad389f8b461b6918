//! Roman numerals in names and titles: "King Charles III" "King Charles the Third",
//! "Pope John Paul II" "Pope John Paul the Second", "World War II" "World War Two",
//! "Super Bowl LVI" "Super Bowl Fifty-Six", "Title IX" "Title Nine".
//!
//! A numeral is read after a word that counts things (War, Bowl, Part, Phase,
//! Title…) as a number, and after a capitalised name as a regnal ordinal.
//! Single letters ("I", "V", "X") are read only after a counting word, so the pronoun
//! "I", "Malcolm X" and "Henry V"'s rarer kin are left as written; numerals must be
//! well formed and below 90, which keeps acronyms such as "DC", "CD" or "MIX" out.

use super::words::{cardinal, ordinal};
use super::{rewrite, Normalizer};
use regex::Regex;
use std::sync::LazyLock;

pub struct Roman;

/// Words after which a numeral counts (read as a cardinal).
const COUNTING: &[&str] = &[
    "war", "bowl", "part", "chapter", "phase", "act", "volume", "vol.", "title", "apollo",
    "vatican", "class", "type", "stage", "article", "level", "grade", "book", "season", "category",
    "tier", "olympiad", "division",
];

static NUMERAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([A-Za-z][A-Za-z.]*) ([IVXL]+)\b").expect("the Roman numeral pattern is valid")
});

/// The value of a well-formed numeral below 90.
fn value(numeral: &str) -> Option<u64> {
    let digit = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        _ => None,
    };
    let values: Vec<u64> = numeral.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, v) in values.iter().enumerate() {
        match values.get(i + 1) {
            Some(next) if next > v => total -= *v as i64,
            _ => total += *v as i64,
        }
    }
    let total = u64::try_from(total).ok().filter(|&t| t > 0 && t < 90)?;
    // Well formed: writing the value back gives the same letters.
    (to_roman(total) == numeral).then_some(total)
}

fn to_roman(mut n: u64) -> String {
    let table = [
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// "fifty-six" → "Fifty-Six".
fn capitalised(words: &str) -> String {
    let mut out = String::with_capacity(words.len());
    let mut start = true;
    for c in words.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c == ' ' || c == '-';
    }
    out
}

impl Normalizer for Roman {
    fn prepare(&self) {
        LazyLock::force(&NUMERAL);
    }

    fn normalize(&self, text: &str) -> String {
        rewrite(text, &NUMERAL, |caps, text| {
            let word = caps.get(1)?.as_str();
            let numeral = caps.get(2)?;
            // Not part of dotted or spelled letters ("V.I.P.", "X-M"); "II-era" is fine.
            let rest = &text[numeral.end()..];
            let joined = |mark: char, next: fn(char) -> bool| {
                rest.strip_prefix(mark)
                    .and_then(|r| r.chars().next())
                    .is_some_and(next)
            };
            if joined('.', char::is_alphanumeric) || joined('-', char::is_uppercase) {
                return None;
            }
            let n = value(numeral.as_str())?;
            let spoken = if COUNTING.contains(&word.to_lowercase().as_str()) {
                if word.starts_with(|c: char| c.is_uppercase()) {
                    capitalised(&cardinal(n))
                } else {
                    cardinal(n)
                }
            } else if numeral.len() > 1
                && word.starts_with(|c: char| c.is_uppercase())
                && word.chars().skip(1).any(char::is_lowercase)
            {
                format!("the {}", capitalised(&ordinal(n)))
            } else {
                return None;
            };
            Some(format!("{word} {spoken}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speak(s: &str) -> String {
        Roman.normalize(s)
    }

    #[test]
    fn regnal_and_counted() {
        assert_eq!(
            speak("King Charles III said"),
            "King Charles the Third said"
        );
        assert_eq!(speak("Pope John Paul II"), "Pope John Paul the Second");
        assert_eq!(speak("Henry VIII."), "Henry the Eighth.");
        assert_eq!(speak("after World War II,"), "after World War Two,");
        assert_eq!(speak("World War I"), "World War One");
        assert_eq!(
            speak("a World War II-era bomber"),
            "a World War Two-era bomber"
        );
        assert_eq!(speak("Super Bowl LVI"), "Super Bowl Fifty-Six");
        assert_eq!(speak("Title IX rules"), "Title Nine rules");
        assert_eq!(speak("a phase III trial"), "a phase three trial");
    }

    #[test]
    fn lookalikes_stay() {
        assert_eq!(speak("Then I said"), "Then I said");
        assert_eq!(speak("Malcolm X"), "Malcolm X");
        assert_eq!(speak("Washington DC"), "Washington DC");
        assert_eq!(speak("the IV drip"), "the IV drip");
        assert_eq!(speak("NATO II"), "NATO II");
        assert_eq!(speak("Charles IIII"), "Charles IIII");
    }

    #[test]
    fn numerals_are_checked() {
        assert_eq!(value("LVI"), Some(56));
        assert_eq!(value("XLIX"), Some(49));
        assert_eq!(value("IL"), None);
        assert_eq!(value("VV"), None);
    }
}
