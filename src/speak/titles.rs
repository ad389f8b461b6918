//! Titles and honorifics read as words: "Gen. Mark Milley" is read "General Mark
//! Milley", so the voice does not stop after "Gen." as if the sentence ended.
//!
//! The abbreviations live in one table, each with where it stands: a title before a
//! name ("Gen.", "Dr.") is expanded only when a capitalised word follows it; a suffix
//! after a name ("Jr.") only when a capitalised word precedes it. "St.", "Dr." and
//! "Mt." are read by position: "St. Louis" is Saint, "Main St." is Street. An
//! abbreviation's period that also ends the sentence is kept as the full stop.

use super::{rewrite, Normalizer};
use regex::Regex;
use std::sync::LazyLock;

pub struct Titles;

/// Title before a name: (abbreviation without its period, spoken form).
const BEFORE_NAME: &[(&str, &str)] = &[
    ("Adm", "Admiral"),
    ("Atty", "Attorney"),
    ("Brig", "Brigadier"),
    ("Capt", "Captain"),
    ("Cmdr", "Commander"),
    ("Col", "Colonel"),
    ("Cpl", "Corporal"),
    ("Det", "Detective"),
    ("Dr", "Doctor"),
    ("Fr", "Father"),
    ("Ft", "Fort"),
    ("Gen", "General"),
    ("Gov", "Governor"),
    ("Hon", "Honorable"),
    ("Insp", "Inspector"),
    ("Lt", "Lieutenant"),
    ("Maj", "Major"),
    ("Messrs", "Messieurs"),
    ("Mr", "Mister"),
    ("Mrs", "Missus"),
    ("Ms", "Miz"),
    ("Mt", "Mount"),
    ("Pfc", "Private First Class"),
    ("Pres", "President"),
    ("Prof", "Professor"),
    ("Pvt", "Private"),
    ("Rep", "Representative"),
    ("Reps", "Representatives"),
    ("Rev", "Reverend"),
    ("Sec", "Secretary"),
    ("Sen", "Senator"),
    ("Sens", "Senators"),
    ("Sgt", "Sergeant"),
    ("Spc", "Specialist"),
    ("St", "Saint"),
    ("Supt", "Superintendent"),
];

/// Suffix after a name or place: (abbreviation without its period, spoken form).
const AFTER_NAME: &[(&str, &str)] = &[
    ("Jr", "Junior"),
    ("Sr", "Senior"),
    ("St", "Street"),
    ("Dr", "Drive"),
    ("Ave", "Avenue"),
    ("Blvd", "Boulevard"),
];

/// Any abbreviation of either table, as a whole word followed by its period.
static ABBREVIATION: LazyLock<Regex> = LazyLock::new(|| {
    let mut words: Vec<&str> = BEFORE_NAME
        .iter()
        .chain(AFTER_NAME)
        .map(|(a, _)| *a)
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.dedup();
    Regex::new(&format!(r"\b({})\.", words.join("|"))).expect("the abbreviation pattern is valid")
});

fn lookup(table: &[(&str, &'static str)], abbr: &str) -> Option<&'static str> {
    table.iter().find(|(a, _)| *a == abbr).map(|(_, s)| *s)
}

/// Whether the text after an abbreviation starts with white space and a capital letter
/// (a name follows).
fn name_follows(after: &str) -> bool {
    let rest = after.trim_start();
    rest.len() < after.len() && rest.chars().next().is_some_and(char::is_uppercase)
}

/// Whether the text before an abbreviation ends with a capitalised word and a space,
/// or a comma ("King Jr.", "Smith, Jr.").
fn name_precedes(before: &str) -> bool {
    let trimmed = before.trim_end_matches(' ').trim_end_matches(',');
    before.len() > trimmed.len()
        && trimmed
            .trim_end_matches(|c: char| !c.is_alphanumeric())
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
}

impl Normalizer for Titles {
    fn prepare(&self) {
        LazyLock::force(&ABBREVIATION);
    }

    fn normalize(&self, text: &str) -> String {
        rewrite(text, &ABBREVIATION, |caps, text| {
            let (whole, word) = (caps.get(0)?, caps.get(1)?);
            let before = &text[..whole.start()];
            let after = &text[whole.end()..];
            // Run into what follows ("St.1,000"), the period may be no abbreviation's,
            // and a word read in its place would glue to the next.
            if after.starts_with(char::is_alphanumeric) {
                return None;
            }
            // "the Jr. varsity": after a determiner, an adjective, even when capitalised.
            if determiner_precedes(before) {
                if let Some(spoken) = rank_before_word(word.as_str(), after) {
                    return Some(spoken);
                }
            }
            let spoken = name_follows(after)
                .then(|| lookup(BEFORE_NAME, word.as_str()))
                .flatten()
                .or_else(|| {
                    name_precedes(before)
                        .then(|| lookup(AFTER_NAME, word.as_str()))
                        .flatten()
                })
                .map(str::to_string)
                .or_else(|| rank_before_word(word.as_str(), after))?;
            Some(format!("{spoken}{}", sentence_end(after)))
        })
    }
}

/// Whether the word before is a determiner ("a", "The", "his"), which a name is not.
fn determiner_precedes(before: &str) -> bool {
    let word = before.trim_end().rsplit(' ').next().unwrap_or("");
    before.ends_with(' ')
        && [
            "a", "an", "the", "his", "her", "their", "its", "our", "my", "your", "this", "that",
            "each", "every", "both",
        ]
        .iter()
        .any(|d| d.eq_ignore_ascii_case(word))
}

/// Words that do not follow an adjective.
const FUNCTION_WORDS: &[&str] = &[
    "and", "or", "nor", "but", "plus", "equals", "at", "about", "versus", "for", "of", "to", "in",
    "on", "by", "with", "from", "that", "et", "is", "was", "said", "says",
];

/// "Jr."/"Sr." before a word but after no name, inside a sentence: "a Jr. league"
/// "a junior league", "a Sr. Vice President" "a Senior Vice President" (the word's
/// case follows the next word's).
fn rank_before_word(abbr: &str, after: &str) -> Option<String> {
    let word = match abbr {
        "Jr" => "junior",
        "Sr" => "senior",
        _ => return None,
    };
    let next_word = after
        .strip_prefix(' ')?
        .split(|c: char| !c.is_alphabetic())
        .next()?;
    // An adjective goes before a noun, not before a conjunction or preposition (which
    // the symbol normalizer may also write after it: "Jr./Sr." "Jr. or Sr.").
    if FUNCTION_WORDS.contains(&next_word) {
        return None;
    }
    let next = next_word.chars().next()?;
    if next.is_uppercase() {
        let mut chars = word.chars();
        let first = chars.next()?.to_ascii_uppercase();
        Some(format!("{first}{}", chars.as_str()))
    } else if next.is_lowercase() {
        Some(word.to_string())
    } else {
        None
    }
}

/// "." when an abbreviation's period also ends the sentence (nothing but closing marks
/// follow it), so that expanding it keeps the full stop.
pub(crate) fn sentence_end(after: &str) -> &'static str {
    if after
        .trim_end_matches(['"', '”', '’', '\'', ')'])
        .trim()
        .is_empty()
    {
        "."
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speak(s: &str) -> String {
        Titles.normalize(s)
    }

    #[test]
    fn titles_before_names_are_expanded() {
        assert_eq!(
            speak("Chairman Gen. Mark Milley spoke."),
            "Chairman General Mark Milley spoke."
        );
        assert_eq!(
            speak("spokesperson Col. Dave Butler said"),
            "spokesperson Colonel Dave Butler said"
        );
        assert_eq!(speak("Lt. Gen. Jane Doe"), "Lieutenant General Jane Doe");
        assert_eq!(
            speak("Dr. Fauci and Mrs. Biden"),
            "Doctor Fauci and Missus Biden"
        );
        assert_eq!(
            speak("Sen. Warren, Gov. Newsom"),
            "Senator Warren, Governor Newsom"
        );
    }

    #[test]
    fn suffixes_and_places_by_position() {
        assert_eq!(
            speak("Martin Luther King Jr. said"),
            "Martin Luther King Junior said"
        );
        assert_eq!(speak("He lives on Main St."), "He lives on Main Street.");
        assert_eq!(speak("in St. Louis"), "in Saint Louis");
        assert_eq!(speak("the Rev. Al Sharpton"), "the Reverend Al Sharpton");
    }

    #[test]
    fn junior_and_senior_inside_a_sentence() {
        assert_eq!(speak("a Jr. league team"), "a junior league team");
        assert_eq!(speak("a Sr. analyst"), "a senior analyst");
        assert_eq!(speak("at Lincoln Jr. High"), "at Lincoln Junior High");
        assert_eq!(speak("a Jr. High teacher"), "a Junior High teacher");
        assert_eq!(speak("The Jr. varsity won"), "The junior varsity won");
        assert_eq!(
            speak("Martin Luther King Jr. Day"),
            "Martin Luther King Junior Day"
        );
        // No word follows: left to the name rule, or as written.
        assert_eq!(speak("the word Jr.5"), "the word Jr.5");
    }

    #[test]
    fn lookalikes_are_left_alone() {
        // Not followed by a name, or inside another word.
        assert_eq!(speak("the gen. pop."), "the gen. pop.");
        assert_eq!(speak("General Dynamics."), "General Dynamics.");
        assert_eq!(speak("Gen.Z"), "Gen.Z");
        assert_eq!(speak("King St.1"), "King St.1");
        assert_eq!(speak("He was a Col. "), "He was a Col. ");
        assert_eq!(speak("Milley"), "Milley");
    }

    #[test]
    fn expansion_is_idempotent() {
        let once = speak("Gen. Mark Milley met Sen. Jim Risch on Main St.");
        assert_eq!(speak(&once), once);
    }
}
