//! Abbreviations that point into a text, a law or a book, read out before their
//! number: "Ch. 3" "Chapter 3", "ch. 11 bankruptcy" "chapter 11 bankruptcy",
//! "Sec. 230" "Section 230", "§ 12" "section 12", "§§ 12-14" "sections 12-14",
//! "Art. 5" "Article 5", "Vol. 2" "Volume 2", "p. 42" "page 42", "pp. 10-12" "pages
//! 10-12", "Fig. 3" "Figure 3" (the number normalizer then says the numbers; Roman
//! numerals after them, "Art. IV", are said by the Roman normalizer, which knows
//! "Article").
//!
//! Only before a number (digits, or a Roman numeral of capitals) is the abbreviation
//! a reference: "Sec. Blinken" is the Secretary (the title normalizer's), "p.m." a
//! time, "Art. Deco" or "Fig. trees" stay. The word keeps the abbreviation's case:
//! "Ch." "Chapter", "ch." "chapter". "No." is the number normalizer's ("number").

use super::{rewrite, Normalizer};
use regex::Regex;
use std::sync::LazyLock;

pub struct References;

/// (abbreviation without its period, capitalised word).
const REFERENCES: &[(&str, &str)] = &[
    ("Ch", "Chapter"),
    ("Chs", "Chapters"),
    ("Chap", "Chapter"),
    ("Sec", "Section"),
    ("Secs", "Sections"),
    ("Sect", "Section"),
    ("Art", "Article"),
    ("Arts", "Articles"),
    ("Vol", "Volume"),
    ("Vols", "Volumes"),
    ("Fig", "Figure"),
    ("Figs", "Figures"),
    ("Para", "Paragraph"),
    ("Paras", "Paragraphs"),
    ("Pt", "Part"),
    ("Eq", "Equation"),
];

static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    let mut words: Vec<String> = REFERENCES
        .iter()
        .flat_map(|(a, _)| [a.to_string(), a.to_lowercase()])
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    Regex::new(&format!(
        r"(?:\b({})\.|\b(pp?)\.|(§§?))(\s?)([0-9]|[IVXLC]+\b)",
        words.join("|")
    ))
    .expect("the reference pattern is valid")
});

/// The word for a written abbreviation, in its case.
fn word(written: &str) -> Option<String> {
    let capital = written.starts_with(char::is_uppercase);
    let spoken = REFERENCES
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(written))?
        .1;
    Some(if capital {
        spoken.to_string()
    } else {
        spoken.to_lowercase()
    })
}

impl Normalizer for References {
    fn prepare(&self) {
        LazyLock::force(&REFERENCE);
    }

    fn normalize(&self, text: &str) -> String {
        rewrite(text, &REFERENCE, |caps, text| {
            // A Roman numeral only as a word of its own: "Art. IV", not "Art.V-zero".
            if !caps[5].starts_with(|c: char| c.is_ascii_digit())
                && (caps[4].is_empty() || text[caps.get(0)?.end()..].starts_with(['-', '–']))
            {
                return None;
            }
            let spoken = if let Some(abbr) = caps.get(1) {
                // In lower case, only before digits: "ch. 11", not "my ex. I".
                if abbr.as_str().starts_with(char::is_lowercase)
                    && !caps[5].starts_with(|c: char| c.is_ascii_digit())
                {
                    return None;
                }
                word(abbr.as_str())?
            } else if let Some(page) = caps.get(2) {
                // "p. 42" only in lower case, and not the "p." of "a.m.-p.m.".
                let before = &text[..caps.get(0)?.start()];
                if before.ends_with('.') || before.ends_with('-') {
                    return None;
                }
                if page.as_str() == "pp" {
                    "pages"
                } else {
                    "page"
                }
                .to_string()
            } else {
                let sign = caps.get(3)?.as_str();
                if sign == "§§" {
                    "sections"
                } else {
                    "section"
                }
                .to_string()
            };
            // A sign or abbreviation glued to its number is given a space ("§12").
            Some(format!("{spoken} {}", &caps[5]))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speak(s: &str) -> String {
        References.normalize(s)
    }

    #[test]
    fn references_before_numbers_are_read_out() {
        assert_eq!(speak("in Ch. 3, he"), "in Chapter 3, he");
        assert_eq!(
            speak("filed for ch. 11 bankruptcy"),
            "filed for chapter 11 bankruptcy"
        );
        assert_eq!(speak("Sec. 230 protects"), "Section 230 protects");
        assert_eq!(
            speak("under § 12 and §§ 3-5"),
            "under section 12 and sections 3-5"
        );
        assert_eq!(speak("under §12"), "under section 12");
        assert_eq!(speak("Art. 5 and Art. IV"), "Article 5 and Article IV");
        assert_eq!(
            speak("Vol. 2, p. 42, pp. 10-12"),
            "Volume 2, page 42, pages 10-12"
        );
        assert_eq!(speak("see Fig. 3."), "see Figure 3.");
    }

    #[test]
    fn lookalikes_stay() {
        for text in [
            "Sec. Blinken",
            "at 9 p.m. 5 people",
            "Art. Deco",
            "Fig. trees",
            "the p. value",
            "No. 10",
            "my ex. I said",
            "sec. IV",
            "Art.V-zero",
            "Art. V-2",
        ] {
            assert_eq!(speak(text), text);
        }
    }

    #[test]
    fn idempotent() {
        let once = speak("Ch. 3, Sec. 230, § 12, pp. 10-12");
        assert_eq!(speak(&once), once);
    }
}
