//! Drops citations and reference-list entries: "Retrieved 3 May 2019.", "Archived from
//! the original on 4 June 2019.", "Smith, J. (2019). The long walk home. Harbour Press.
//! pp. 12–15. ISBN 978-0-00-000000-2", "doi:10.1000/xyz123", and the heading of the list
//! they make ("References", "Further reading"). An encyclopaedia or blog page dumped as
//! text ends with such a list; read aloud it is a stream of names, years and numbers.
//!
//! Signals, all of form: a catalogue identifier (ISBN, ISSN, DOI, OCLC, PMID, arXiv); a
//! citation's access note ("Retrieved DATE.", "Archived from the original", "(accessed
//! DATE)"); or an entry's shape, a line that opens with an author ("Smith, J.",
//! "Smith, Jane", "^ ") and has at least two of a bibliography's fields (a year in
//! brackets, a quoted title, "pp.", "Vol.", a press or journal, "ed."). A story sentence
//! that mentions a book or a study reads as a sentence: it does not open with "Surname,
//! Initial" and rarely carries two such fields; "The bodies were retrieved on 3 May
//! 2019" has "retrieved" mid-sentence, in lower case. Hand-written: no crate recognises
//! reference entries in plain text (citation parsers want structured input).

use crate::select::blocks::{alive, drop_block, ends_sentence, sentence_ranges, word_count};
use crate::select::{Context, Decision, Reason, Rule};
use regex::Regex;
use std::sync::LazyLock;

pub struct Reference;

/// A date as citations give it.
const DATE: &str = r"(?:[0-9]{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+[0-9]{4}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+[0-9]{1,2},?\s+[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2})";

/// What only citations carry: identifiers and access notes.
static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?x)
        \bISBN(?:-1[03])?:?\s*(?:97[89][\s-]?)?[0-9][0-9\s-]{{7,}}[0-9Xx]\b
        | \b(?i:doi):\s*10\.[0-9]{{4,}}/ | \bdoi\.org/10\.[0-9]{{4,}}/
        | \bISSN:?\s*[0-9]{{4}}-[0-9]{{3}}[0-9Xx]\b
        | \b(?:OCLC|PMID|PMC|JSTOR|S2CID|LCCN):?\s*[0-9]{{4,}}
        | \barXiv:\s*[0-9]{{4}}\.[0-9]{{4,}}
        | \bBibcode:
        | (?:^|[.;]\s+)Retrieved\s+(?:on\s+)?{DATE}\s*(?:\.|$|,?\s+from\b|,?\s+via\b)
        | (?:^|[.;]\s+)Archived\s+(?:from\ the\ original\ on|at\ the\ Wayback\ Machine|{DATE})
        | \((?i:accessed|retrieved)\s+(?:on\s+)?{DATE}\)
        | (?:^|[.;]\s+)(?:Accessed|Last\ accessed)\s+(?:on\s+)?{DATE}\s*(?:\.|$)
        | ^["“][^"”]{{3,}}[.,]?["”]\.\s+\p{{Lu}}[^.]{{1,60}}\.\s+{DATE}\.?$
        | ^(?i:cited\ by):?\s*[0-9]+$
        | ^\^?\s*(?i:jump\ up)\b
        | ^(?i:citation|cite\ this\ (?:article|page|story)|how\ to\ cite(?:\ this\ (?:article|page))?)\s*:\s*\S
        "#
    ))
    .expect("citation pattern")
});

/// An entry's opening: "Smith, J.", "Smith, Jane", "Smith J,", "^ ", "1. Smith, J.".
static AUTHOR_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        ^\^\s
        | ^(?:\[?[0-9]{1,3}[.\])]\s+)?\p{Lu}[\p{L}'’-]+,\s+(?:\p{Lu}\.\s*){1,3}(?:[,;&(]|\(|and\b|\p{Lu}|$)
        | ^(?:\[?[0-9]{1,3}[.\])]\s+)?\p{Lu}[\p{L}'’-]+,\s+\p{Lu}[\p{Ll}'’-]+(?:\s\p{Lu}\.)?\s*(?:\([0-9]{4}|[.;&]|,\s\p{Lu}|and\s\p{Lu})
        | ^(?:\[?[0-9]{1,3}[.\])]\s+)?\p{Lu}[\p{L}'’-]+\s\p{Lu}{1,3},\s
        ",
    )
    .expect("author start pattern")
});

/// Fields of a bibliography entry, each counted once.
const FIELDS: &[&str] = &[
    // A year in brackets: "(2019)", "(2019a)", "(May 2019)".
    r"\((?:\w+\.?\s+)?[0-9]{4}[a-z]?\)",
    // A quoted title followed by a full stop or comma.
    r#"["“][^"”]{3,}[.,]?["”][.,]"#,
    // Pages.
    r"\bpp?\.\s*[0-9]",
    // Volume and issue.
    r"\b(?:[Vv]ol|[Nn]o|[Ee]d|[Ee]ds|[Ii]ss)\.\s*[0-9]|\b[0-9]+\s*\([0-9]+\):\s*[0-9]",
    // Editors, translators, et al.
    r"\((?:eds?|trans|ed\. by)\.?\)|\bet al\.",
    // A publisher or a journal.
    r"\b(?:University Press|Press[.,]|Publishing[.,]|Publishers[.,]|Journal of|Proceedings of|Review of)",
    // A link at the end.
    r"https?://\S+\s*\.?$",
];

static FIELD: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    FIELDS
        .iter()
        .map(|f| Regex::new(f).expect("reference field pattern"))
        .collect()
});

/// The headings of a reference list.
static LIST_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^(references|notes|notes\ and\ references|citations|bibliography|sources|works\ cited|further\ reading|external\ links|footnotes|literature)\s*(\[edit\])?$",
    )
    .expect("reference heading pattern")
});

/// A block this long (in words) is running text, not an entry or a note.
const ENTRY_WORDS: usize = 90;

/// How many fields of a bibliography entry the text has.
fn fields(text: &str) -> usize {
    FIELD.iter().filter(|f| f.is_match(text)).count()
}

/// Whether a block is a citation or a reference-list entry.
pub fn is_reference(text: &str) -> bool {
    let t = text.trim();
    if word_count(t) > ENTRY_WORDS {
        return false;
    }
    // A line that opens with a caret is a footnote of an encyclopaedia page: one field
    // is enough.
    let needed = if t.starts_with('^') { 1 } else { 2 };
    CITATION.is_match(t) || (AUTHOR_START.is_match(t) && fields(t) >= needed)
}

impl Rule for Reference {
    fn prepare(&self) {
        LazyLock::force(&CITATION);
        LazyLock::force(&AUTHOR_START);
        LazyLock::force(&FIELD);
        LazyLock::force(&LIST_HEADING);
    }

    fn name(&self) -> &'static str {
        "reference"
    }

    fn apply(&self, cx: &Context<'_>, decisions: &mut [Decision]) {
        let ranges = sentence_ranges(cx);
        let blocks = &cx.doc.blocks;
        let entries: Vec<bool> = blocks
            .iter()
            .enumerate()
            .map(|(i, b)| !ranges[i].is_empty() && is_reference(&b.text))
            .collect();
        for (i, range) in ranges.iter().enumerate() {
            if !alive(decisions, range) {
                continue;
            }
            let text = blocks[i].text.trim();
            // A list heading goes when an entry follows it.
            let heading = LIST_HEADING.is_match(text)
                && !ends_sentence(text)
                && (i + 1..blocks.len())
                    .find(|&j| !ranges[j].is_empty())
                    .is_some_and(|j| entries[j]);
            if entries[i] || heading {
                drop_block(decisions, range, Reason::Reference);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_citations_and_entries() {
        assert!(is_reference("Retrieved 3 May 2019."));
        assert!(is_reference(
            "\"Harbour wall to be rebuilt\". Coast Gazette. 2 May 2019. Retrieved 3 May 2019."
        ));
        assert!(is_reference(
            "Smith, J. (2019). The long walk home. Harbour Press. pp. 12–15."
        ));
        assert!(!is_reference(
            "The bodies were retrieved on 3 May 2019 from the river, police said."
        ));
        assert!(!is_reference(
            "Smith, the study's lead author, said the 2019 results were surprising."
        ));
    }
}
