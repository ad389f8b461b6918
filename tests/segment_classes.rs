//! The segmenter on the classes of issue 12 ("Sentences split wrongly"): one table per
//! class, paragraph text in, the exact sentences expected out. Every case was written
//! for this file. Property tests then check the span contract on generated texts rich
//! in the same shapes: spans in order, non-empty, trimmed, only white space between
//! them, and no sentence made of punctuation or of a bare list marker.

mod common;

use narrate::segment::marks::{has_words, is_bare_marker};
use narrate::segment::{NewsSegmenter, Segmenter};
use proptest::prelude::*;
use std::ops::Range;

type Case = (&'static str, &'static [&'static str]);

fn split(text: &str) -> Vec<&str> {
    NewsSegmenter
        .split(text)
        .into_iter()
        .map(|r| &text[r])
        .collect()
}

fn check(table: &str, cases: &[Case]) {
    let mut failures = Vec::new();
    for (input, expected) in cases {
        let got = split(input);
        if got != *expected {
            failures.push(format!(
                "  {input:?}\n    got      {got:?}\n    expected {expected:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{table}: {} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Spaced (". . .") and unspaced ("...", "…") ellipses: one mark, never a sentence of
/// dots; mid-sentence they keep it together, before a capitalised sentence start they
/// end it; four dots are an ellipsis and a period.
const ELLIPSES: &[Case] = &[
    (
        "The road was long . . . and the night was cold.",
        &["The road was long . . . and the night was cold."],
    ),
    (
        "We waited for hours . . . Nobody came.",
        &["We waited for hours . . .", "Nobody came."],
    ),
    (
        "She hesitated... then signed the form.",
        &["She hesitated... then signed the form."],
    ),
    (
        "The lights went out… Everyone froze.",
        &["The lights went out…", "Everyone froze."],
    ),
    (
        "I thought about it ... I still do not know.",
        &["I thought about it ... I still do not know."],
    ),
    (
        "He never finished the letter. . . . The stamp was still on the desk.",
        &[
            "He never finished the letter.",
            ". . . The stamp was still on the desk.",
        ],
    ),
    (
        "The minutes end with the word adjourned . . . . A new page begins.",
        &[
            "The minutes end with the word adjourned . . . .",
            "A new page begins.",
        ],
    ),
    (
        "Nobody answered.... The phone kept ringing.",
        &["Nobody answered....", "The phone kept ringing."],
    ),
    (
        "The poem closes on a question . . .",
        &["The poem closes on a question . . ."],
    ),
    (
        "She quoted the rule: “members shall not vote twice. . . .”",
        &["She quoted the rule: “members shall not vote twice. . . .”"],
    ),
    (". . . and so it went on.", &[". . . and so it went on."]),
    ("Wait . . .", &["Wait . . ."]),
];

/// An abbreviation that is also a sentence's last word: a clock time before a title
/// ends the sentence, unless the time opens it; the pronoun "I" is no initial.
const ABBREVIATION_ENDS_SENTENCE: &[Case] = &[
    (
        "The shop closed at 9 P.M. Mrs. Patel locked the door.",
        &["The shop closed at 9 P.M.", "Mrs. Patel locked the door."],
    ),
    (
        "The ferry docked at 7 a.m. Dr. Okafor was the first off.",
        &[
            "The ferry docked at 7 a.m.",
            "Dr. Okafor was the first off.",
        ],
    ),
    (
        "By 8 a.m. Gen. Ruiz had left the base.",
        &["By 8 a.m. Gen. Ruiz had left the base."],
    ),
    (
        "Shortly after 6 p.m. Mr. Lowe called the police.",
        &["Shortly after 6 p.m. Mr. Lowe called the police."],
    ),
    (
        "Voting ends at 8 p.m. Eastern time on Tuesday.",
        &["Voting ends at 8 p.m. Eastern time on Tuesday."],
    ),
    (
        "The task fell to my sister and I. Was that fair?",
        &["The task fell to my sister and I.", "Was that fair?"],
    ),
    (
        "Nobody was more surprised than I. Everyone else had guessed.",
        &[
            "Nobody was more surprised than I.",
            "Everyone else had guessed.",
        ],
    ),
    (
        "The letter was signed by Henry I. Walsh of Dublin.",
        &["The letter was signed by Henry I. Walsh of Dublin."],
    ),
    (
        "The treaty ended World War I. It was signed in 1919.",
        &["The treaty ended World War I.", "It was signed in 1919."],
    ),
];

/// A period glued to the next sentence ("late.Then"): it ends a sentence between a
/// lower-case word (or a number) and a capitalised word, and never inside an address,
/// a number, a file name or a dotted name.
const GLUED_STOPS: &[Case] = &[
    (
        "The train was late.Then it broke down.",
        &["The train was late.", "Then it broke down."],
    ),
    (
        "Prices rose by 4,500.Traders were stunned.",
        &["Prices rose by 4,500.", "Traders were stunned."],
    ),
    (
        "She met him on Friday.Dr. Moss was there too.",
        &["She met him on Friday.", "Dr. Moss was there too."],
    ),
    (
        "The report is on example.com and in the archive.",
        &["The report is on example.com and in the archive."],
    ),
    (
        "Inflation reached 3.5 percent in March.",
        &["Inflation reached 3.5 percent in March."],
    ),
    (
        "Officials in the U.S.A. and the U.K. agreed.",
        &["Officials in the U.S.A. and the U.K. agreed."],
    ),
    (
        "The firm ported its app to .NET last year.",
        &["The firm ported its app to .NET last year."],
    ),
    (
        "The Average .DJI index fell on Monday.",
        &["The Average .DJI index fell on Monday."],
    ),
    (
        "Open the file budget.Final.xlsx before the call.",
        &["Open the file budget.Final.xlsx before the call."],
    ),
    (
        "Write to press.Office@example.org for a copy.",
        &["Write to press.Office@example.org for a copy."],
    ),
    (
        "The notes are at https://news.example.net/Today.Page today.",
        &["The notes are at https://news.example.net/Today.Page today."],
    ),
    (
        "The shop is listed as Bakery.Com in the register.",
        &["The shop is listed as Bakery.Com in the register."],
    ),
    (
        "The stadium on St.Louis Avenue was full.",
        &["The stadium on St.Louis Avenue was full."],
    ),
];

/// Inline lists: each item is one sentence with its marker, and a marker is never a
/// sentence of its own, whether the items end with a stop or not.
const INLINE_LISTS: &[Case] = &[
    (
        "1.) Check the tyres 2.) Fill the tank",
        &["1.) Check the tyres", "2.) Fill the tank"],
    ),
    (
        "1.) Check the tyres. 2.) Fill the tank.",
        &["1.) Check the tyres.", "2.) Fill the tank."],
    ),
    (
        "1) Lock the door 2) Close the windows 3) Set the alarm",
        &[
            "1) Lock the door",
            "2) Close the windows",
            "3) Set the alarm",
        ],
    ),
    (
        "1. pack light 2. leave early",
        &["1. pack light", "2. leave early"],
    ),
    (
        "1. Pack light. 2. Leave early.",
        &["1. Pack light.", "2. Leave early."],
    ),
    (
        "a) the budget b) the schedule c) the staff",
        &["a) the budget", "b) the schedule", "c) the staff"],
    ),
    (
        "a. Mix the flour b. Add the eggs",
        &["a. Mix the flour", "b. Add the eggs"],
    ),
    (
        "iv. The fourth rule applies. v. The fifth does not.",
        &["iv. The fourth rule applies.", "v. The fifth does not."],
    ),
    (
        "(a) the first claim (b) the second claim",
        &["(a) the first claim", "(b) the second claim"],
    ),
    (
        "• 3. Rinse the rice • 4. Boil the water",
        &["• 3. Rinse the rice", "• 4. Boil the water"],
    ),
    (
        "⁃7. Paint the fence ⁃8. Sweep the yard",
        &["⁃7. Paint the fence", "⁃8. Sweep the yard"],
    ),
    ("7. Lock the back door", &["7. Lock the back door"]),
    ("7.", &["7."]),
    (
        "7. Lock the back door. It matters.",
        &["7. Lock the back door.", "It matters."],
    ),
    (
        "1. Pick a number between 1 and 2. Then wait.",
        &["1. Pick a number between 1 and 2.", "Then wait."],
    ),
    (
        "A. Smith and B. Jones signed the letter.",
        &["A. Smith and B. Jones signed the letter."],
    ),
    (
        "The club finished 3. The rivals finished 4.",
        &["The club finished 3.", "The rivals finished 4."],
    ),
];

/// Abbreviations that stand before a number never end a sentence there.
const BEFORE_NUMBERS: &[Case] = &[
    (
        "The wreck lies at N°. 4471.908.112. Divers found it last spring.",
        &[
            "The wreck lies at N°. 4471.908.112.",
            "Divers found it last spring.",
        ],
    ),
    (
        "He lives at no. 12 on the high street.",
        &["He lives at no. 12 on the high street."],
    ),
    (
        "The ticket cost Rs. 2450 at the station.",
        &["The ticket cost Rs. 2450 at the station."],
    ),
    (
        "Rooms Nos. 7 and 8 were flooded.",
        &["Rooms Nos. 7 and 8 were flooded."],
    ),
    (
        "The table is on pp. 40 to 42 of the report.",
        &["The table is on pp. 40 to 42 of the report."],
    ),
    (
        "Is the answer yes or no. Nobody would say.",
        &["Is the answer yes or no.", "Nobody would say."],
    ),
    (
        "The song reached No. 1 in May.",
        &["The song reached No. 1 in May."],
    ),
];

/// An omission mark or an ellipsis followed by a bracketed citation: the citation is
/// part of the sentence it cites.
const CITATIONS: &[Case] = &[
    (
        "\"The river [...] carried the whole town away [...]\" (Moreau 112).",
        &["\"The river [...] carried the whole town away [...]\" (Moreau 112)."],
    ),
    (
        "The author calls it “a quiet revolution…” (Osei 7). Others disagree.",
        &[
            "The author calls it “a quiet revolution…” (Osei 7).",
            "Others disagree.",
        ],
    ),
    (
        "She wrote that “nothing was left.” (Grant, p. 19). The claim stands.",
        &[
            "She wrote that “nothing was left.” (Grant, p. 19).",
            "The claim stands.",
        ],
    ),
    (
        "The vote failed. (The bill returns next month.)",
        &["The vote failed.", "(The bill returns next month.)"],
    ),
];

/// Footnote and reference markers glued to a stop stay with the sentence before it,
/// and the next sentence starts after them.
const FOOTNOTES: &[Case] = &[
    (
        "The dam was finished in the spring.14 15 Its lake filled within a year.",
        &[
            "The dam was finished in the spring.14 15",
            "Its lake filled within a year.",
        ],
    ),
    (
        "The dam was finished in the spring.[2] Its lake filled within a year.",
        &[
            "The dam was finished in the spring.[2]",
            "Its lake filled within a year.",
        ],
    ),
    (
        "The claim is disputed.[3][4] Later surveys confirmed it.[citation needed] It stands.",
        &[
            "The claim is disputed.[3][4]",
            "Later surveys confirmed it.[citation needed]",
            "It stands.",
        ],
    ),
    (
        "The figure was revised.² The first estimate was lower.",
        &["The figure was revised.²", "The first estimate was lower."],
    ),
    (
        "The dam was finished in the spring. [5] Its lake filled within a year.",
        &[
            "The dam was finished in the spring. [5]",
            "Its lake filled within a year.",
        ],
    ),
    (
        "Growth was 2.4 percent in the quarter.",
        &["Growth was 2.4 percent in the quarter."],
    ),
    (
        "The team ranked No.1 Everyone agreed.",
        &["The team ranked No.1 Everyone agreed."],
    ),
];

/// Quoted speech: a quotation of several sentences is split at its sentence ends, no
/// quote mark is left alone, and a question or exclamation followed by a lower-case
/// attribution stays one sentence.
const QUOTED_SPEECH: &[Case] = &[
    (
        "“The bridge is shut. It may take weeks,” the mayor said.",
        &[
            "“The bridge is shut.",
            "It may take weeks,” the mayor said.",
        ],
    ),
    (
        "'Where were you?' she asked.",
        &["'Where were you?' she asked."],
    ),
    (
        "“Stop!” shouted the guard, and the crowd froze.",
        &["“Stop!” shouted the guard, and the crowd froze."],
    ),
    (
        "“Is it safe?” Ms. Adeyemi asked. “Nobody knows.”",
        &["“Is it safe?” Ms. Adeyemi asked.", "“Nobody knows.”"],
    ),
    (
        "He said the plan was “finished. Done. Over.” Then he left.",
        &[
            "He said the plan was “finished.",
            "Done.",
            "Over.”",
            "Then he left.",
        ],
    ),
    (
        "“We tried everything. ” The coach shrugged.",
        &["“We tried everything. ”", "The coach shrugged."],
    ),
    (
        "‘It is over.’ ‘Is it?’ she replied.",
        &["‘It is over.’", "‘Is it?’ she replied."],
    ),
    (
        "The crowd chanted “Out!” ”",
        &["The crowd chanted “Out!” ”"],
    ),
    (
        "The sign read: “Closed. ” “Come back tomorrow.”",
        &["The sign read: “Closed. ”", "“Come back tomorrow.”"],
    ),
];

/// Line breaks inside a block: a break ends a sentence unless the line before stops
/// mid-sentence and the next starts in lower case; a blank line always ends it;
/// hard-wrapped prose reads as one paragraph.
const LINES: &[Case] = &[
    (
        "7. Lock the back door\n8. Close the windows\n9. Leave a light on",
        &[
            "7. Lock the back door",
            "8. Close the windows",
            "9. Leave a light on",
        ],
    ),
    (
        "The storm came in\nfrom the west before dawn.",
        &["The storm came in\nfrom the west before dawn."],
    ),
    (
        "Opening hours\nMonday to Friday\nClosed on holidays",
        &["Opening hours", "Monday to Friday", "Closed on holidays"],
    ),
    (
        "The storm came in.\nIt lasted all night.",
        &["The storm came in.", "It lasted all night."],
    ),
    (
        "Sales fell in the U.S.\nand in Canada.",
        &["Sales fell in the U.S.\nand in Canada."],
    ),
    (
        "It was late.\nthe guests had gone.",
        &["It was late.", "the guests had gone."],
    ),
    (
        "The order came from Gen.\nRuiz himself.",
        &["The order came from Gen.\nRuiz himself."],
    ),
    (
        "First part\n\nsecond part",
        &["First part", "second part"],
    ),
    (
        "Line one,\r\nline two.\r\nLine three.",
        &["Line one,\r\nline two.", "Line three."],
    ),
    (
        "The council met on Tuesday evening to discuss the plan for\nthe new library, which has been delayed twice since the\nBoard of Works raised concerns about the cost of the roof.",
        &["The council met on Tuesday evening to discuss the plan for\nthe new library, which has been delayed twice since the\nBoard of Works raised concerns about the cost of the roof."],
    ),
];

/// Issue 16: the abbreviations the speak stage now reads inside a sentence ("Jr." and
/// "Sr." before a word, references before their number, party-state tags) continue it
/// when the next word does, and end it before a new sentence.
const SUFFIXES_AND_REFERENCES: &[Case] = &[
    (
        "He played in a Jr. league as a boy. Then he quit.",
        &["He played in a Jr. league as a boy.", "Then he quit."],
    ),
    (
        "Schools close on Martin Luther King Jr. Day. Buses do not run.",
        &[
            "Schools close on Martin Luther King Jr. Day.",
            "Buses do not run.",
        ],
    ),
    (
        "The attorney was Robert Smith Jr. He declined to comment.",
        &[
            "The attorney was Robert Smith Jr.",
            "He declined to comment.",
        ],
    ),
    (
        "She was named Sr. vice president. The board agreed.",
        &["She was named Sr. vice president.", "The board agreed."],
    ),
    (
        "The retailer filed for ch. 11 bankruptcy. Its shares fell.",
        &[
            "The retailer filed for ch. 11 bankruptcy.",
            "Its shares fell.",
        ],
    ),
    (
        "The data are on pp. 10-12 and in Fig. 3 of the report.",
        &["The data are on pp. 10-12 and in Fig. 3 of the report."],
    ),
    (
        "Sec. 230 was cited. The amendment was offered by Sen. Rand Paul, R-Ky. The vote failed.",
        &[
            "Sec. 230 was cited.",
            "The amendment was offered by Sen. Rand Paul, R-Ky.",
            "The vote failed.",
        ],
    ),
    (
        "Sen. Dianne Feinstein (D-Calif.) voted no. Schumer (D-N.Y.) agreed.",
        &[
            "Sen. Dianne Feinstein (D-Calif.) voted no.",
            "Schumer (D-N.Y.) agreed.",
        ],
    ),
];

#[test]
fn ellipses() {
    check("ELLIPSES", ELLIPSES);
}

#[test]
fn abbreviation_ends_sentence() {
    check("ABBREVIATION_ENDS_SENTENCE", ABBREVIATION_ENDS_SENTENCE);
}

#[test]
fn glued_stops() {
    check("GLUED_STOPS", GLUED_STOPS);
}

#[test]
fn inline_lists() {
    check("INLINE_LISTS", INLINE_LISTS);
}

#[test]
fn before_numbers() {
    check("BEFORE_NUMBERS", BEFORE_NUMBERS);
}

#[test]
fn citations() {
    check("CITATIONS", CITATIONS);
}

#[test]
fn footnotes() {
    check("FOOTNOTES", FOOTNOTES);
}

#[test]
fn quoted_speech() {
    check("QUOTED_SPEECH", QUOTED_SPEECH);
}

#[test]
fn suffixes_and_references() {
    check("suffixes and references", SUFFIXES_AND_REFERENCES);
}

#[test]
fn lines() {
    check("LINES", LINES);
}

/// Markdown hard breaks reach the segmenter as line breaks: each line of an address
/// or a list written as lines is a sentence, while a soft wrap is not.
#[test]
fn markdown_hard_breaks_end_sentences() {
    use narrate::read::{markdown::Markdown, Reader};
    let source = "# Hours\n\nOpen daily  \nMonday to Friday\\\nClosed on\nholidays.\n";
    let doc = Markdown.read("hours.md", source);
    let sentences: Vec<&str> = narrate::segment::segment(&doc, &NewsSegmenter)
        .iter()
        .map(|s| doc.text(s))
        .collect();
    assert_eq!(
        sentences,
        [
            "Hours",
            "Open daily",
            "Monday to Friday",
            "Closed on holidays."
        ]
    );
}

/// The span contract, and no sentence without words unless the text has none at all.
fn assert_contract(text: &str, ranges: &[Range<usize>]) -> Result<(), TestCaseError> {
    let mut pos = 0;
    for r in ranges {
        prop_assert!(r.start >= pos, "span {:?} overlaps or is out of order", r);
        prop_assert!(r.start < r.end, "empty span {:?}", r);
        let gap = &text[pos..r.start];
        prop_assert!(
            gap.chars().all(char::is_whitespace),
            "text lost between spans: {:?}",
            gap
        );
        let s = &text[r.clone()];
        prop_assert_eq!(s, s.trim(), "span not trimmed");
        if ranges.len() > 1 {
            prop_assert!(
                has_words(s),
                "sentence without words: {:?} in {:?}",
                s,
                text
            );
            prop_assert!(
                !is_bare_marker(s),
                "bare list marker: {:?} in {:?}",
                s,
                text
            );
        }
        pos = r.end;
    }
    let tail = &text[pos..];
    prop_assert!(
        tail.chars().all(char::is_whitespace),
        "tail lost: {:?}",
        tail
    );
    prop_assert_eq!(
        ranges.is_empty(),
        text.trim().is_empty(),
        "no sentence for a text with something in it"
    );
    Ok(())
}

/// Pieces that put every rule of the segmenter to work.
const PIECES: &[&str] = &[
    "The",
    "it",
    "ended",
    "I",
    "Mr.",
    "Gen.",
    "U.S.",
    "a.m.",
    "P.M.",
    "No.",
    "no.",
    "N°.",
    "Rs.",
    "1.",
    "2.",
    "1.)",
    "2.)",
    "a)",
    "b)",
    "iv.",
    "v.",
    "•",
    "⁃9.",
    "...",
    ". . .",
    ". . . .",
    "…",
    "[...]",
    "(Moreau 112).",
    "[1]",
    ".11",
    "12",
    "²",
    "“",
    "”",
    "\"",
    "'",
    "’",
    "?",
    "!",
    "?!",
    ".",
    ",",
    "late.Then",
    "example.com",
    "3.5",
    ".NET",
    "said",
    "she",
    "asked.",
    "\n",
    "\n\n",
    "\r\n",
    "é",
    "日本",
    "😀",
    "(",
    ")",
    "42",
    "Smith",
];

fn pieces_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(PIECES);
    let space = prop::sample::select(&[" ", " ", " ", "", "\u{a0}", "  "][..]);
    prop::collection::vec((piece, space), 0..24).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(p, s)| format!("{p}{s}"))
            .collect::<String>()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::property_cases(2000)))]

    #[test]
    fn spans_keep_the_contract_on_rule_shaped_text(text in pieces_text()) {
        assert_contract(&text, &NewsSegmenter.split(&text))?;
    }

    #[test]
    fn spans_keep_the_contract_on_any_text(text in "\\PC{0,80}") {
        assert_contract(&text, &NewsSegmenter.split(&text))?;
    }

    #[test]
    fn spans_keep_the_contract_on_punctuated_text(
        text in "[a-zA-Z0-9 .!?…\"'“”‘’()\\[\\]•\n,:;°-]{0,60}"
    ) {
        assert_contract(&text, &NewsSegmenter.split(&text))?;
    }
}
