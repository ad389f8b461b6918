//! Party-state tags after a US politician's name, read as a newsreader says them:
//! "(D-Calif.)" "(Democrat of California)", "(R-Ky.)" "(Republican of Kentucky)",
//! "(I-Vt.)" "(Independent of Vermont)", AP's comma form "Sen. Rand Paul, R-Ky.,"
//! "Senator Rand Paul, Republican of Kentucky,". The state may be written as AP style
//! abbreviates it ("Calif.", "N.Y.", "W.Va.", "Texas") or as its postal code ("CA",
//! "NY"); a district may follow ("D-Calif., 12th District"), and is left to the
//! other normalizers.
//!
//! Only a party letter and a state of the table, hyphen-joined, between brackets or
//! commas, is a tag: "R-rated", "D-Day" or "(AP)" are not.

use super::titles::sentence_end;
use super::{rewrite, Normalizer};
use regex::Regex;
use std::sync::LazyLock;

pub struct Parties;

const PARTIES: &[(&str, &str)] = &[
    ("D", "Democrat"),
    ("R", "Republican"),
    ("I", "Independent"),
    ("Ind", "Independent"),
    ("L", "Libertarian"),
];

/// (AP abbreviation without its final period, postal code, name). AP style writes
/// eight states in full ("Texas"); their abbreviation is the name. The final period
/// may be left out ("R-Calif").
const STATES: &[(&str, &str, &str)] = &[
    ("Ala", "AL", "Alabama"),
    ("Alaska", "AK", "Alaska"),
    ("Ariz", "AZ", "Arizona"),
    ("Ark", "AR", "Arkansas"),
    ("Calif", "CA", "California"),
    ("Colo", "CO", "Colorado"),
    ("Conn", "CT", "Connecticut"),
    ("Del", "DE", "Delaware"),
    ("Fla", "FL", "Florida"),
    ("Ga", "GA", "Georgia"),
    ("Hawaii", "HI", "Hawaii"),
    ("Idaho", "ID", "Idaho"),
    ("Ill", "IL", "Illinois"),
    ("Ind", "IN", "Indiana"),
    ("Iowa", "IA", "Iowa"),
    ("Kan", "KS", "Kansas"),
    ("Ky", "KY", "Kentucky"),
    ("La", "LA", "Louisiana"),
    ("Maine", "ME", "Maine"),
    ("Md", "MD", "Maryland"),
    ("Mass", "MA", "Massachusetts"),
    ("Mich", "MI", "Michigan"),
    ("Minn", "MN", "Minnesota"),
    ("Miss", "MS", "Mississippi"),
    ("Mo", "MO", "Missouri"),
    ("Mont", "MT", "Montana"),
    ("Neb", "NE", "Nebraska"),
    ("Nev", "NV", "Nevada"),
    ("N.H", "NH", "New Hampshire"),
    ("N.J", "NJ", "New Jersey"),
    ("N.M", "NM", "New Mexico"),
    ("N.Y", "NY", "New York"),
    ("N.C", "NC", "North Carolina"),
    ("N.D", "ND", "North Dakota"),
    ("Ohio", "OH", "Ohio"),
    ("Okla", "OK", "Oklahoma"),
    ("Ore", "OR", "Oregon"),
    ("Pa", "PA", "Pennsylvania"),
    ("R.I", "RI", "Rhode Island"),
    ("S.C", "SC", "South Carolina"),
    ("S.D", "SD", "South Dakota"),
    ("Tenn", "TN", "Tennessee"),
    ("Texas", "TX", "Texas"),
    ("Utah", "UT", "Utah"),
    ("Vt", "VT", "Vermont"),
    ("Va", "VA", "Virginia"),
    ("Wash", "WA", "Washington"),
    ("W.Va", "WV", "West Virginia"),
    ("Wis", "WI", "Wisconsin"),
    ("Wyo", "WY", "Wyoming"),
    ("D.C", "DC", "the District of Columbia"),
    ("P.R", "PR", "Puerto Rico"),
    ("Guam", "GU", "Guam"),
    ("V.I", "VI", "the Virgin Islands"),
];

/// "(D-Calif.)", "(R-KY)", ", D-N.Y.," and "D-Calif., 12th District)": a party
/// letter, a hyphen, a state; a bracket or comma before, and a bracket, comma or the
/// end after (checked by the reading, which leaves it in the text).
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    let mut states: Vec<String> = STATES
        .iter()
        .flat_map(|(ap, postal, _)| [format!(r"{}\.?", regex::escape(ap)), regex::escape(postal)])
        .collect();
    states.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let parties: Vec<&str> = PARTIES.iter().map(|(p, _)| *p).collect();
    Regex::new(&format!(
        r"([(,]\s?)({})[-–]({})",
        parties.join("|"),
        states.join("|")
    ))
    .expect("the party-state pattern is valid")
});

fn state(written: &str) -> Option<&'static str> {
    let ap = written.strip_suffix('.').unwrap_or(written);
    STATES
        .iter()
        .find(|(a, postal, _)| *a == ap || *postal == written)
        .map(|(_, _, name)| *name)
}

impl Normalizer for Parties {
    fn prepare(&self) {
        LazyLock::force(&TAG);
    }

    fn normalize(&self, text: &str) -> String {
        if !text.contains('-') && !text.contains('–') {
            return text.to_string();
        }
        rewrite(text, &TAG, |caps, text| {
            let party = PARTIES.iter().find(|(p, _)| *p == &caps[2])?.1;
            let name = state(&caps[3])?;
            // What closes the tag stays in the text, where it may open the next one
            // (", D-Ky., R-Ky.,").
            let after = &text[caps.get(0)?.end()..];
            let at_end = after.trim().is_empty();
            if !(at_end || after.starts_with([')', ','])) {
                return None;
            }
            // A tag's abbreviation period that also ends the sentence stays as the stop.
            let end = if at_end && caps[3].ends_with('.') {
                sentence_end(after)
            } else {
                ""
            };
            Some(format!("{}{party} of {name}{end}", &caps[1]))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speak(s: &str) -> String {
        Parties.normalize(s)
    }

    #[test]
    fn bracketed_tags_are_read_out() {
        assert_eq!(
            speak("Sen. Dianne Feinstein (D-Calif.) said"),
            "Sen. Dianne Feinstein (Democrat of California) said"
        );
        assert_eq!(
            speak("McConnell (R-Ky.) and Sanders (I-Vt.)"),
            "McConnell (Republican of Kentucky) and Sanders (Independent of Vermont)"
        );
        assert_eq!(
            speak("Schumer (D-N.Y.) and Manchin (D-W.Va.)"),
            "Schumer (Democrat of New York) and Manchin (Democrat of West Virginia)"
        );
        assert_eq!(
            speak("Cruz (R-Texas) and Cruz (R-TX)"),
            "Cruz (Republican of Texas) and Cruz (Republican of Texas)"
        );
        assert_eq!(
            speak("Pelosi (D-Calif., 12th District)"),
            "Pelosi (Democrat of California, 12th District)"
        );
    }

    #[test]
    fn comma_tags_are_read_out() {
        assert_eq!(
            speak("Sen. Rand Paul, R-Ky., said"),
            "Sen. Rand Paul, Republican of Kentucky, said"
        );
        assert_eq!(
            speak("said Rep. Jane Doe, D-Ill."),
            "said Rep. Jane Doe, Democrat of Illinois."
        );
        // The comma that closes one tag opens the next.
        assert_eq!(
            speak("the state's senators, R-Ky., R-Ky., agreed"),
            "the state's senators, Republican of Kentucky, Republican of Kentucky, agreed"
        );
    }

    #[test]
    fn lookalikes_stay() {
        for text in [
            "an R-rated film",
            "on D-Day, (AP)",
            "(D-Narnia)",
            "the D-Calif. border",
            "X-CA",
        ] {
            assert_eq!(speak(text), text);
        }
    }

    #[test]
    fn idempotent() {
        let once = speak("McConnell (R-Ky.), Paul, R-Ky., and Schumer (D-NY)");
        assert_eq!(speak(&once), once);
    }
}
