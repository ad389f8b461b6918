//! The word lists behind the news segmenter: tokens before a period in, a class out;
//! and the words around a stop that decide it (sentence starters, verbs of saying,
//! openers of a phrase of time, words that make a number a count).
//!
//! Abbreviations are written without their final period. An entry with a capital
//! letter matches exactly; an all-lower-case entry also matches with any
//! capitalisation ("a.m" matches "A.M").
//!
//! The lists named in capitals are English (general and news usage). A [`Table`]
//! gathers the lists of one language that decide a stop: [`ENGLISH`] of those,
//! [`GERMAN`], [`FRENCH`] and [`SPANISH`] of small hand-written lists of their common
//! news abbreviations, and [`NEUTRAL`], empty, for a language narrate has no table
//! for (a stop then ends a sentence unless lower case, a digit or punctuation follows,
//! or it follows a single capital or a dotted acronym). [`table_for`] picks one by
//! language tag. The lists of the other words (verbs of saying, openers of a phrase of
//! time, list joiners) are English in every table: in another language they match
//! nothing and change nothing.

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

/// The abbreviation lists of one language.
#[derive(Debug)]
pub struct Table {
    /// The primary language subtag ("de"); empty for [`NEUTRAL`].
    pub language: &'static str,
    /// Like [`NEVER_END`]: a period after them never ends a sentence.
    pub never_end: &'static [&'static str],
    /// Like [`BEFORE_NUMBER`]: abbreviations only before a digit.
    pub before_number: &'static [&'static str],
    /// Like [`MAY_END`]: they end a sentence only before one of `sentence_starters`.
    pub may_end: &'static [&'static str],
    /// Like [`SENTENCE_STARTERS`]: words that open a sentence.
    pub sentence_starters: &'static [&'static str],
    /// Words after "NUMBER." that make the number an ordinal, not a sentence's end:
    /// German writes "am 3. Oktober", "im 20. Jahrhundert".
    pub after_ordinal: &'static [&'static str],
}

/// US and British English.
pub const ENGLISH: Table = Table {
    language: "en",
    never_end: NEVER_END,
    before_number: BEFORE_NUMBER,
    may_end: MAY_END,
    sentence_starters: SENTENCE_STARTERS,
    after_ordinal: &[],
};

/// No abbreviations: for a language without a table of its own.
pub const NEUTRAL: Table = Table {
    language: "",
    never_end: &[],
    before_number: &[],
    may_end: &[],
    sentence_starters: &[],
    after_ordinal: &[],
};

/// German news usage.
pub const GERMAN: Table = Table {
    language: "de",
    // Titles, and the parts of "z. B.", "u. a.", "d. h.", "v. a." (lower case follows
    // them mostly; these cover a capitalised noun after them).
    never_end: &[
        "Dr", "Prof", "Hr", "Fr", "Hrn", "St", "Dipl", "Ing", "z", "z.B", "u.a", "d.h", "v.a",
        "bzw", "vgl", "sog", "ca", "evtl", "ggf", "inkl", "zzgl", "gem", "lt", "Abs", "Bd", "Tel",
    ],
    before_number: &["Nr", "Kap", "Art", "Abb"],
    may_end: &[
        "usw", "etc", "Mio", "Mrd", "Tsd", "Jh", "Jan", "Feb", "Mrz", "Apr", "Jun", "Jul", "Aug",
        "Sep", "Sept", "Okt", "Nov", "Dez", "GmbH", "AG", "e.V", "Co",
    ],
    sentence_starters: &[
        "Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einen", "Er", "Sie", "Es", "Wir",
        "Ich", "Ihr", "Man", "Dies", "Diese", "Dieser", "Dieses", "Dabei", "Damit", "Danach",
        "Dann", "Doch", "Aber", "Und", "Oder", "Auch", "So", "Nun", "Noch", "Im", "In", "Am", "An",
        "Auf", "Aus", "Bei", "Mit", "Nach", "Seit", "Vor", "Wie", "Was", "Wer", "Wo", "Wenn",
        "Als", "Laut", "Zudem", "Jedoch", "Bisher", "Heute",
    ],
    after_ordinal: &[
        "Januar",
        "Jänner",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
        "Jahrhundert",
        "Jahrhunderts",
        "Platz",
        "Stock",
        "Mal",
        "Bundesliga",
        "Klasse",
    ],
};

/// French news usage.
pub const FRENCH: Table = Table {
    language: "fr",
    // "M." (monsieur) and "MM." before a name; "p. ex." (its "ex" is listed too);
    // "Mme" and "Mlle" take no period, but a period after them is still no stop.
    never_end: &[
        "M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Me", "Mgr", "Dr", "Pr", "St", "Ste", "p", "ex",
        "cf", "env",
    ],
    before_number: &["n", "no", "nº", "art", "chap", "vol", "t"],
    may_end: &[
        "etc", "av", "apr", "J.-C", "janv", "févr", "avr", "juil", "sept", "oct", "nov", "déc",
        "Cie", "Ltée", "SA",
    ],
    sentence_starters: &[
        "Le",
        "La",
        "Les",
        "Un",
        "Une",
        "Des",
        "Il",
        "Elle",
        "Ils",
        "Elles",
        "On",
        "Nous",
        "Je",
        "Ce",
        "Cette",
        "Ces",
        "Cet",
        "Mais",
        "Et",
        "Ou",
        "Donc",
        "Or",
        "Car",
        "En",
        "Dans",
        "Pour",
        "Selon",
        "Depuis",
        "Avec",
        "Sans",
        "Après",
        "Avant",
        "Quand",
        "Si",
        "Lors",
        "Aujourd'hui",
        "Pourtant",
        "Ainsi",
        "Alors",
    ],
    after_ordinal: &[],
};

/// Spanish news usage.
pub const SPANISH: Table = Table {
    language: "es",
    // "EE. UU." (Estados Unidos): "EE" never ends one, "UU" may.
    never_end: &[
        "Sr", "Sra", "Sres", "Srta", "Dr", "Dra", "Lic", "Ing", "D", "Dña", "Da", "Excmo", "Excma",
        "Sto", "Sta", "EE", "p.ej", "aprox", "ej",
    ],
    before_number: &["núm", "nº", "n", "art", "pág", "cap", "vol"],
    may_end: &[
        "UU", "etc", "S.A", "Cía", "ene", "feb", "mar", "abr", "jun", "jul", "ago", "sept", "oct",
        "nov", "dic", "a.C", "d.C",
    ],
    sentence_starters: &[
        "El", "La", "Los", "Las", "Un", "Una", "Unos", "Unas", "Él", "Ella", "Ellos", "Ellas",
        "Yo", "Nosotros", "Este", "Esta", "Estos", "Estas", "Eso", "Esto", "Pero", "Y", "O", "Sin",
        "En", "Con", "Para", "Por", "Según", "Desde", "Tras", "Cuando", "Si", "Aunque", "Además",
        "Hoy", "También", "Así",
    ],
    after_ordinal: &[],
};

/// The table of a language tag's primary subtag ("de-AT" → [`GERMAN`]), or `None`
/// when narrate has none (use [`NEUTRAL`] then, and say so).
pub fn table_for(tag: &str) -> Option<&'static Table> {
    let primary = tag.split(['-', '_']).next().unwrap_or("");
    [&ENGLISH, &GERMAN, &FRENCH, &SPANISH]
        .into_iter()
        .find(|t| t.language.eq_ignore_ascii_case(primary))
}

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
    fn tables_are_found_by_primary_subtag() {
        assert_eq!(table_for("de-AT").map(|t| t.language), Some("de"));
        assert_eq!(table_for("fr").map(|t| t.language), Some("fr"));
        assert_eq!(table_for("ES-419").map(|t| t.language), Some("es"));
        assert_eq!(table_for("en_US").map(|t| t.language), Some("en"));
        assert!(table_for("it").is_none());
        assert!(table_for("").is_none());
    }

    #[test]
    fn every_table_keeps_its_lists_apart() {
        for table in [&ENGLISH, &GERMAN, &FRENCH, &SPANISH] {
            let lists = [
                table.never_end,
                table.before_number,
                table.may_end,
                table.sentence_starters,
            ];
            for (i, list) in lists.iter().enumerate() {
                for (j, word) in list.iter().enumerate() {
                    assert!(!list[j + 1..].contains(word), "{word} twice");
                    for other in &lists[i + 1..] {
                        assert!(
                            !listed(other, word),
                            "{word} in two lists of {}",
                            table.language
                        );
                    }
                }
            }
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
