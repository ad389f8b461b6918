//! The speak stage's case table: every row of `tests/data/speak.tsv` is an excerpt of
//! news prose and the exact text a voice must be given for it. The table was written
//! from the stage's conventions (docs/speech.md, summarised in `src/speak/mod.rs`),
//! not from the normalizers; see the table's header for its format and sources.
//!
//! Three tests: the table is well formed and large enough (every category has at least
//! [`MIN_PER_CATEGORY`] rows, at least [`MIN_ROWS`] in all); every input is spoken as
//! expected; every expected output is a fixed point of the stage (speaking it again
//! changes nothing). A failure prints a tally per category and every mismatch, grouped
//! by category. `SPEAK_CATEGORIES=money,times cargo test --test speak_table` checks only
//! those categories (the size checks still cover the whole table).
//!
//! Where the conventions are silent or ambiguous, the table takes the most natural
//! newsreader reading:
//! - "in 1066" is a year ("ten sixty-six", the conventions' own example), although the
//!   year rule says 1100-2099; "1000 troops" is "one thousand" either way.
//! - "’70s" with a curly apostrophe reads like "'70s".
//! - "20th November 2019" reads like "20 November 2019": "the twentieth of November
//!   twenty nineteen"; "Dec. 7th, 1941" is "December seventh, nineteen forty-one".
//! - "2019–20 season" follows "2020-22": "twenty nineteen to twenty".
//! - Ordinals stay lower case inside names, as in the conventions ("sixth Avenue").
//! - Zones "CT/CST/CDT Central" (and Mountain, Pacific) read like ET/EST/EDT: "Central
//!   Time", "Central Standard Time", "Central Daylight Time".
//! - "1°C" is singular, like every unit of exactly one: "one degree Celsius".
//! - "12 in." ending a sentence keeps its period as the full stop, like "Main St.".
//! - "$5,880.00" drops the zero cents: "five thousand eight hundred eighty dollars".
//! - "7/32" (a bond price) is "seven thirty-seconds", like "3/8" "three eighths"; the
//!   conventions do not say which a/b are the "other" ones read "a slash b", so no row
//!   tests that form.
//! - A shouted headline keeps its ordinary words but still spells an acronym that is no
//!   word ("UK DEFENSE MINISTRY" -> "U-K DEFENSE MINISTRY").
//! - A dateline "WASHINGTON (AP)" is a pronounceable all-caps word: "Washington (A-P)".
//! - A handle's name follows the acronym rules, as in "@AP" -> "at A-P": "@POTUS" ->
//!   "at Potus"; "Disney+" is "Disney plus", like "50+".
//! - "Malcolm X" is a name, not a numeral after a name: it stays.
//! - Issue 16's classes (phones, parties, references, juniors, scores, attributive,
//!   fused, and the date, weekday and time rows of ranges) follow docs/speech.md as
//!   extended for it; their negatives are the near-misses each rule must leave alone:
//!   an ISBN, a count of years, "R-rated", "Art. Deco", a pair of numbers in no score's
//!   context ("form code 31-20", read like any hyphenated pair), "Sun-Times", a part
//!   number ("XR-3-5"), "A380". "The 202-155 tally" is a vote count ("tally" names
//!   one), not a telephone number.
//!
//! Left out of the table because the conventions give no rule and newsreaders differ:
//! "NEW YORK (Reuters)" (the 2-3 letter rule would spell "N-E-W"), emphatic capitals in
//! ordinary sentences ("Meth is IN SD"), "pronounceable" borderline words (ESPN, MSCI),
//! upper-case "AM"/"PM", "08:00" and "14:00", "Nov" without a period,
//! "911", "737s", ".45-caliber",
//! "2022/23", "2008-09", "1-1/2", "11/19/19", "HIV/AIDS", "No. 10" opening a sentence,
//! month abbreviations without a day, and dotted initials in names ("James P. Kennedy").

use narrate::speak::Speaker;
use std::collections::BTreeMap;
use std::fmt::Write;

const TABLE: &str = include_str!("data/speak.tsv");

/// The categories of the conventions, in their order.
const CATEGORIES: &[&str] = &[
    "titles",
    "years",
    "decades",
    "dates",
    "cardinals",
    "ordinals",
    "ranges",
    "fractions",
    "percent",
    "numero",
    "money",
    "times",
    "units",
    "acronyms",
    "roman",
    "web",
    "symbols",
    "phones",
    "parties",
    "references",
    "juniors",
    "scores",
    "attributive",
    "fused",
];
const MIN_PER_CATEGORY: usize = 8;
const MIN_ROWS: usize = 320;

struct Case {
    line: usize,
    category: &'static str,
    input: &'static str,
    expected: &'static str,
    source: &'static str,
}

/// Every case of the table; panics, naming the line, on a malformed one.
fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (i, raw) in TABLE.lines().enumerate() {
        let line = i + 1;
        let row = raw.strip_suffix('\r').unwrap_or(raw);
        if row.is_empty() || row.starts_with('#') {
            continue;
        }
        let fields: Vec<&'static str> = row.split('\t').collect();
        assert!(
            (3..=4).contains(&fields.len()),
            "speak.tsv line {line}: expected 3 or 4 TAB-separated fields, found {}: {row:?}",
            fields.len()
        );
        let category = CATEGORIES
            .iter()
            .find(|c| **c == fields[0])
            .unwrap_or_else(|| panic!("speak.tsv line {line}: unknown category {:?}", fields[0]));
        assert!(
            !fields[1].trim().is_empty() && !fields[2].trim().is_empty(),
            "speak.tsv line {line}: empty input or expected output"
        );
        cases.push(Case {
            line,
            category,
            input: fields[1],
            expected: fields[2],
            source: fields.get(3).copied().unwrap_or(""),
        });
    }
    cases
}

/// The categories asked for in `SPEAK_CATEGORIES` (comma-separated), or all of them.
fn selected() -> Vec<&'static str> {
    match std::env::var("SPEAK_CATEGORIES") {
        Ok(list) if !list.trim().is_empty() => {
            let wanted: Vec<&str> = list.split(',').map(str::trim).collect();
            for w in &wanted {
                assert!(
                    CATEGORIES.contains(w),
                    "SPEAK_CATEGORIES: unknown category {w:?}"
                );
            }
            CATEGORIES
                .iter()
                .copied()
                .filter(|c| wanted.contains(c))
                .collect()
        }
        _ => CATEGORIES.to_vec(),
    }
}

/// A mark under the first character where `got` differs from `expected`.
fn caret(expected: &str, got: &str) -> String {
    let at = expected
        .chars()
        .zip(got.chars())
        .take_while(|(a, b)| a == b)
        .count();
    format!("{}^", " ".repeat(at))
}

/// Runs `check` (the text to speak and the text it must give) on the selected rows.
fn run(what: &str, label: &str, check: impl Fn(&Case) -> (&'static str, &'static str)) -> Report {
    let speaker = Speaker::default();
    let categories = selected();
    let mut by_category: BTreeMap<usize, (usize, Vec<String>)> = BTreeMap::new();
    let mut failed = 0;
    let mut total = 0;
    for case in cases() {
        let Some(rank) = categories.iter().position(|c| *c == case.category) else {
            continue;
        };
        total += 1;
        let (text, want) = check(&case);
        let got = speaker.speak(text);
        let entry = by_category.entry(rank).or_default();
        entry.0 += 1;
        if got != want {
            failed += 1;
            let mut m = String::new();
            let _ = writeln!(m, "  line {} ({}):", case.line, case.source);
            let _ = writeln!(m, "    {label:<9} {text}");
            let _ = writeln!(m, "    expected: {want}");
            let _ = writeln!(m, "    got:      {got}");
            let _ = writeln!(m, "              {}", caret(want, &got));
            entry.1.push(m);
        }
    }
    let mut tally = String::new();
    let _ = writeln!(
        tally,
        "speak.tsv, {what}: {} of {total} rows pass",
        total - failed
    );
    if categories.len() < CATEGORIES.len() {
        let _ = writeln!(tally, "(only SPEAK_CATEGORIES={})", categories.join(","));
    }
    for (rank, (count, mismatches)) in &by_category {
        let _ = writeln!(
            tally,
            "  {:<10} {:>3}/{:<3} passed",
            categories[*rank],
            count - mismatches.len(),
            count
        );
    }
    let mut details = String::new();
    for (rank, (_, mismatches)) in &by_category {
        if mismatches.is_empty() {
            continue;
        }
        let _ = writeln!(
            details,
            "\n=== {} ({} failing) ===",
            categories[*rank],
            mismatches.len()
        );
        for m in mismatches {
            details.push_str(m);
        }
    }
    Report {
        tally,
        details,
        failed,
    }
}

/// What [`run`] found: the tally per category, every mismatch, how many.
struct Report {
    tally: String,
    details: String,
    failed: usize,
}

impl Report {
    /// Prints the mismatches, then the tally, and fails with the tally when any row did.
    fn check(self, failure: &str) {
        println!("{}\n{}", self.details, self.tally);
        assert!(
            self.failed == 0,
            "{} {failure}\n{}",
            self.failed,
            self.tally
        );
    }
}

#[test]
fn the_table_is_well_formed_and_covers_every_category() {
    let cases = cases();
    assert!(
        cases.len() >= MIN_ROWS,
        "speak.tsv has {} rows, at least {MIN_ROWS} expected",
        cases.len()
    );
    for category in CATEGORIES {
        let n = cases.iter().filter(|c| c.category == *category).count();
        assert!(
            n >= MIN_PER_CATEGORY,
            "speak.tsv has {n} rows of {category}, at least {MIN_PER_CATEGORY} expected"
        );
    }
    let mut seen = std::collections::HashSet::new();
    for c in &cases {
        assert!(
            c.source == "written"
                || c.source == "seed:article.txt"
                || c.source.starts_with("devdata:"),
            "speak.tsv line {}: unknown source {:?}",
            c.line,
            c.source
        );
        assert!(
            seen.insert(c.input),
            "speak.tsv line {}: input repeated: {:?}",
            c.line,
            c.input
        );
        for (name, text) in [("input", c.input), ("expected", c.expected)] {
            assert_eq!(
                text,
                text.trim(),
                "speak.tsv line {}: {name} has surrounding white space",
                c.line
            );
        }
    }
}

#[test]
fn every_row_is_spoken_as_expected() {
    run("spoken", "input:", |c| (c.input, c.expected))
        .check("rows of speak.tsv are not spoken as expected (mismatches above)");
}

#[test]
fn every_expected_output_is_a_fixed_point() {
    // The stage is idempotent: speaking its own output changes nothing.
    run("expected outputs spoken again", "speaking:", |c| {
        (c.expected, c.expected)
    })
    .check("expected outputs of speak.tsv change when spoken again (mismatches above)");
}
