//! Numbers written fused with letters, which a voice would read digit by digit or as
//! a number followed by a stray syllable: "49ers" "forty-niners", "76ers"
//! "seventy-sixers", "3D" "three-D", "5G" "five-G", "4K" "four-K", "4x4" "four by
//! four", "10 x 12" "ten by twelve", and names of capitals and digits: "G7"
//! "G-seven", "MP3" "M-P-three", "H5N1" "H-five-N-one".
//!
//! Left to the other normalizers: ordinals ("3rd"), decades ("1990s"), units ("5km"),
//! money ("$5M"), hyphenated names ("F-35", "COVID-19"), which they already say. Left as
//! written: a fused letter other than D, G and K after a number ("5M people" could be
//! millions), hexadecimal ("0x1F"), names with more than three capitals before the
//! digits or more than two digits ("A380", said "A three-eighty" by a newsreader, is
//! left to the voice).

use super::acronyms::spelled;
use super::words::cardinal;
use super::{rewrite, Normalizer};
use regex::Regex;
use std::sync::LazyLock;

pub struct Fused;

/// "49ers", "76er".
static ERS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b([0-9]{1,3})(ers?)\b").expect("the -ers pattern is valid"));

/// "3D", "5G", "4K".
static LETTER_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b([0-9]{1,2})([DGK])\b").expect("the 3D pattern is valid"));

/// "4x4", "10 x 12", "2×4".
static BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([0-9]{1,4})(\s?)[x×](\s?)([0-9]{1,4})\b").expect("the 4x4 pattern is valid")
});

/// "G7", "MP3", "H5N1": one to three capitals and one or two digits, repeated.
static LETTERS_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[A-Z]{1,3}[0-9]{1,2})+\b").expect("the G7 pattern is valid")
});

static PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([A-Z]+)([0-9]+)").expect("the G7 part pattern is valid"));

/// "forty-nine" "forty-niner": the number's last word made a noun of.
fn er_noun(n: u64, ending: &str) -> String {
    let words = cardinal(n);
    let noun = if words.ends_with('e') {
        format!("{words}r")
    } else if let Some(stem) = words.strip_suffix('y') {
        format!("{stem}ier")
    } else {
        format!("{words}er")
    };
    if ending == "ers" {
        format!("{noun}s")
    } else {
        noun
    }
}

impl Normalizer for Fused {
    fn prepare(&self) {
        LazyLock::force(&ERS);
        LazyLock::force(&LETTER_AFTER);
        LazyLock::force(&BY);
        LazyLock::force(&LETTERS_FIRST);
        LazyLock::force(&PART);
    }

    fn normalize(&self, text: &str) -> String {
        if !text.contains(|c: char| c.is_ascii_digit()) {
            return text.to_string();
        }
        let text = rewrite(text, &ERS, |caps, _| {
            Some(er_noun(caps[1].parse().ok()?, &caps[2]))
        });
        let text = rewrite(&text, &LETTER_AFTER, |caps, _| {
            Some(format!("{}-{}", cardinal(caps[1].parse().ok()?), &caps[2]))
        });
        let text = rewrite(&text, &BY, |caps, _| {
            // Only a space on both sides or on neither: "4 x4" is not a size.
            if caps[2] != caps[3] {
                return None;
            }
            Some(format!(
                "{} by {}",
                cardinal(caps[1].parse().ok()?),
                cardinal(caps[4].parse().ok()?)
            ))
        });
        rewrite(&text, &LETTERS_FIRST, |caps, text| {
            let whole = caps.get(0)?;
            // "F-35"-style names and "COVID-19" are written with a hyphen already; a
            // token glued to a hyphen belongs to a longer name.
            if text[..whole.start()].ends_with('-') || text[whole.end()..].starts_with('-') {
                return None;
            }
            let parts: Option<Vec<String>> = PART
                .captures_iter(whole.as_str())
                .map(|p| {
                    Some(format!(
                        "{}-{}",
                        spelled(&p[1]),
                        cardinal(p[2].parse().ok()?)
                    ))
                })
                .collect();
            Some(parts?.join("-"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speak(s: &str) -> String {
        Fused.normalize(s)
    }

    #[test]
    fn numbers_fused_with_words() {
        assert_eq!(speak("the 49ers won"), "the forty-niners won");
        assert_eq!(speak("a 49er"), "a forty-niner");
        assert_eq!(speak("the 76ers"), "the seventy-sixers");
        assert_eq!(speak("in 3D on 5G, 4K"), "in three-D on five-G, four-K");
        assert_eq!(
            speak("a 4x4 and a 10 x 12 room"),
            "a four by four and a ten by twelve room"
        );
    }

    #[test]
    fn names_of_capitals_and_digits() {
        assert_eq!(speak("the G7 and G20"), "the G-seven and G-twenty");
        assert_eq!(speak("an MP3 file"), "an M-P-three file");
        assert_eq!(speak("H5N1 bird flu"), "H-five-N-one bird flu");
    }

    #[test]
    fn lookalikes_stay() {
        for text in [
            "the F-35 jet",
            "COVID-19",
            "the A380",
            "0x1F",
            "5M people",
            "the 1990s",
            "the 3rd",
            "iPhone 15",
            "4 x4",
            "GREATER7",
        ] {
            assert_eq!(speak(text), text);
        }
    }

    #[test]
    fn idempotent() {
        let once = speak("the 49ers in 3D on a 4x4 at the G7 with MP3s");
        assert_eq!(speak(&once), once);
    }
}
