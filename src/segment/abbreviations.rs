//! The word lists behind the news segmenter: tokens before a period in, a class out;
//! and the words around a stop that decide it (sentence starters, verbs of saying,
//! openers of a phrase of time, words that make a number a count).
//!
//! Abbreviations are written without their final period. An entry with a capital
//! letter matches exactly; an all-lower-case entry also matches with any
//! capitalisation ("a.m" matches "A.M"). General English and news usage only.

/// Abbreviations that stand before a name or phrase and never end a sentence:
/// ranks, titles, and mid-sentence Latin. A period after them is never a boundary.
pub const NEVER_END: &[&str] = &[
    // civil titles
    "Mr", "Mrs", "Ms", "Messrs", "Dr", "Drs", "Prof", "Rev", "Hon", "Fr", "Msgr", "Atty", "Supt",
    "Det", "Insp", "Pres", "Sec", "Amb", // government
    "Rep", "Reps", "Sen", "Sens", "Gov", "Govs", // military ranks
    "Gen", "Gens", "Lt", "Col", "Maj", "Capt", "Cmdr", "Cdr", "Adm", "Brig", "Sgt", "Cpl", "Pvt",
    "Spc", "Ens", // places before a name
    "Mt", "Ft", // mid-sentence Latin and law
    "vs", "v", "e.g", "i.e", "cf", "viz",
];

/// Abbreviations that only count as such before a number ("No. 1", "no. 5", "Vol. 3",
/// "Rs. 16720"); before anything else the period is read as a full stop ("No. It is
/// not."). The numero sign written "N°" or "№" is handled with them.
pub const BEFORE_NUMBER: &[&str] = &[
    "no", "nos", "nº", "Vol", "Vols", "Fig", "Figs", "Art", "ch", "chap", "para", "pt", "pp", "p",
    "Rs", "Nr",
];

/// Abbreviations that may end a sentence as well as sit inside one: company suffixes,
/// name suffixes, months, streets, US states, clock times, "etc". After them a new
/// sentence starts only if the next word is one of [`SENTENCE_STARTERS`]. Single
/// initials ("F.") and dotted acronyms ("U.S.", "D.C.", "J.R.R.") are treated the same
/// way without being listed; the few listed here are for the reader.
pub const MAY_END: &[&str] = &[
    // companies and names
    "Inc", "Corp", "Co", "Cos", "Ltd", "Bros", "Plc", "Jr", "Sr", "Esq",
    // months (before a day number they never split, since a digit is no starter)
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    // streets and places
    "St", "Ave", "Blvd", "Rd", "Sq", // US states (AP style)
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Kans",
    "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore",
    "Pa", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
    // dotted acronyms and times (also caught by the generic dotted-acronym rule)
    "U.S", "U.K", "U.N", "E.U", "D.C", "a.m", "p.m", // other
    "etc", "approx", "est",
];

/// Capitalised words that almost always open a sentence rather than continue a name or
/// a title. After a [`MAY_END`] abbreviation, an initial or a dotted acronym, one of
/// these words means the period was also a full stop: "at 10 a.m. The meeting…",
/// "in the U.S. But…". Function words only, so that names ("U.S. European Command",
/// "10:30 a.m. Eastern") are not mistaken for starters.
pub const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "Your",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "Here",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "Nor",
    "In",
    "On",
    "At",
    "By",
    "For",
    "From",
    "With",
    "Without",
    "After",
    "Before",
    "During",
    "Since",
    "Until",
    "When",
    "While",
    "Where",
    "What",
    "Why",
    "How",
    "Who",
    "Which",
    "If",
    "As",
    "Although",
    "Though",
    "Because",
    "However",
    "Meanwhile",
    "Still",
    "Also",
    "Then",
    "Now",
    "Today",
    "Yesterday",
    "Last",
    "Next",
    "Some",
    "Many",
    "Most",
    "All",
    "Both",
    "Each",
    "Every",
    "One",
    "Another",
    "Other",
    "Such",
    "Not",
    "Even",
    "Only",
    "Just",
    "According",
    // auxiliaries that open questions ("…in the U.S. Did you…")
    "Did",
    "Does",
    "Do",
    "Is",
    "Are",
    "Was",
    "Were",
    "Has",
    "Have",
    "Had",
];

/// Words that open a phrase of time at the start of a sentence ("By 8 a.m.", "Shortly
/// after 5 a.m."): after such a phrase a name is the sentence's subject, not a new
/// sentence.
pub const TIME_PHRASE_OPENERS: &[&str] = &[
    "at", "by", "before", "after", "until", "till", "from", "around", "about", "since", "shortly",
    "just", "soon", "past", "on",
];

/// Words after which a number is a count, not the next item of an inline list
/// ("pick a number between 1 and 2. Then…").
pub const LIST_JOINERS: &[&str] = &[
    "and", "or", "nor", "to", "than", "of", "from", "between", "by", "with", "plus", "minus",
    "times", "over", "under", "about", "around", "at", "in", "on", "no", "page", "chapter",
];

/// Verbs of saying. After a question or exclamation closed by a quote mark, a name
/// followed by one of these is the attribution of the quote, not a new sentence:
/// `"…the 'Giuliani problem'?" Schiff asked.`
pub const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "asked",
    "asks",
    "told",
    "tells",
    "added",
    "adds",
    "wrote",
    "writes",
    "shouted",
    "yelled",
    "replied",
    "replies",
    "tweeted",
    "posted",
    "recalled",
    "explained",
    "continued",
    "insisted",
    "testified",
    "testifies",
    "responded",
    "exclaimed",
    "wondered",
    "demanded",
    "declared",
    "noted",
    "argued",
    "countered",
    "joked",
    "cried",
    "whispered",
];

/// Whether `token` (without its final period) is in `list`, under the matching rule
/// described in the module doc.
pub fn listed(list: &[&str], token: &str) -> bool {
    list.iter().any(|entry| {
        *entry == token
            || (!entry.chars().any(char::is_uppercase) && entry.eq_ignore_ascii_case(token))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_is_exact_for_capitalised_entries() {
        assert!(listed(NEVER_END, "Gen"));
        assert!(!listed(NEVER_END, "gen"));
        assert!(listed(MAY_END, "A.M"));
        assert!(listed(NEVER_END, "E.g"));
    }

    #[test]
    fn lists_do_not_overlap() {
        for word in NEVER_END {
            assert!(!MAY_END.contains(word), "{word} in two lists");
            assert!(!BEFORE_NUMBER.contains(word), "{word} in two lists");
        }
        for word in BEFORE_NUMBER {
            assert!(!MAY_END.contains(word), "{word} in two lists");
        }
    }

    #[test]
    fn no_entry_is_listed_twice() {
        for list in [
            NEVER_END,
            BEFORE_NUMBER,
            MAY_END,
            SENTENCE_STARTERS,
            TIME_PHRASE_OPENERS,
            LIST_JOINERS,
            SPEECH_VERBS,
        ] {
            for (i, word) in list.iter().enumerate() {
                assert!(!list[i + 1..].contains(word), "{word} twice");
            }
        }
    }
}
