//! The news segmenter: one paragraph's text in, the byte ranges of its sentences out.
//!
//! # Rules
//!
//! A sentence ends after a run of terminators (`.` `!` `?` `…` `‽`), plus any closing
//! quotes and brackets that follow it (`he said."`, `(like this.)`), when white space
//! or the end of the text comes next. The boundary is then kept only if:
//!
//! 1. the next character is not a lower-case letter and not `,` `;` `:`
//!    ("…U.S. official", "…we got her!\" officers announced");
//! 2. for a single `.`, the word before it is not an abbreviation that hides the stop
//!    (tables in [`super::abbreviations`]):
//!    - ranks, titles and Latin (`Gen.`, `Dr.`, `Lt.`, `vs.`, `e.g.`) never end a
//!      sentence;
//!    - `No.`, `Vol.` and the like are abbreviations only before a digit ("No. 1");
//!    - company and name suffixes, months, states, `etc.`, `a.m.`/`p.m.`, single
//!      initials ("John F. Kennedy") and dotted acronyms ("U.S.", "J.R.R.", "D.C.")
//!      end a sentence only when the next word is a common sentence starter, a
//!      function word such as "The", "He", "It", "But", "In" (the list
//!      [`super::abbreviations::SENTENCE_STARTERS`]). So "at 10 a.m. The meeting" and
//!      "in the U.S. But" split, while "10:30 a.m. Eastern time", "U.S. European
//!      Command" and "Jan. 28" do not. A proper noun after a sentence-final "U.S."
//!      ("…in the U.S. Trump said") is a known miss of this heuristic.
//! 3. after `?` or `!` closed by a quote mark, a name followed by a verb of saying is
//!    the quote's attribution ("'…problem'?\" Schiff asked." is one sentence).
//!
//! A straight or closing quote standing alone between spaces after a stop (`ourselves?
//! " she wrote`) is taken as a closing quote. Decimals, times, URLs and e-mail
//! addresses need no rule: a stop not followed by white space is never a boundary.
//! Ellipses are ordinary terminators, so rule 1 keeps "issues ... we had" together.
//!
//! Every range is a trimmed slice of the input, in order, non-empty and
//! non-overlapping; only white space lies between them. The scan is one pass over the
//! text with table look-ups at candidate stops.
//!
//! # Why no library
//!
//! Candidates were run on the case table in `tests/segment_table.rs` (79 cases, most
//! from the devdata news bodies); a case passes only if every sentence matches:
//!
//! | candidate                                   | cases passed |
//! |---------------------------------------------|--------------|
//! | `unicode-segmentation` 1.13 (UAX #29)        | 44 / 79      |
//! | `srx` 0.1.4 with LanguageTool `segment.srx`  | 52 / 79      |
//! | `sentencex` 0.1.33 (`en`)                    | 68 / 79      |
//! | this module                                  | 79 / 79      |
//!
//! - UAX #29 knows no abbreviations: it splits after "Gen.", "Dr.", "Mr.", "Jan.".
//! - `srx` needs the LanguageTool rule file vendored, drops its look-around rules
//!   (unsupported by `regex`) and then misses many news abbreviations; it was also the
//!   slowest (about 15 ms for the 13k-word devdata, against 1–3 ms for the others).
//! - `sentencex` is the best of them, but: it never splits inside quotations, so a
//!   three-sentence quote is read as one; it cuts "Average .DJI" and the AP closing
//!   quote `’’` in the middle (".’" | "’ The…"), giving spans a listener would hear as
//!   broken; "10:30 a.m. Eastern" splits; it requires Rust 1.91 and edition 2024 while
//!   this crate builds on 1.85. A guard list would have had to undo and redo most of
//!   its boundaries, which is this module's work anyway.
//! - `punkt` 1.0.5 needs a nightly compiler (`#![feature(proc_macro_hygiene)]`).
//! - `nlprule` downloads its tokenizer binaries at build time, which this project
//!   forbids.

use super::abbreviations::{
    listed, BEFORE_NUMBER, MAY_END, NEVER_END, SENTENCE_STARTERS, SPEECH_VERBS,
};
use super::{trimmed, Segmenter};
use std::ops::Range;

/// Abbreviation-aware English news sentence splitter (see the module doc for rules).
#[derive(Debug, Default, Clone, Copy)]
pub struct NewsSegmenter;

impl Segmenter for NewsSegmenter {
    fn split(&self, text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut i = 0;
        while let Some(c) = char_at(text, i) {
            if !is_terminator(c) {
                i += c.len_utf8();
                continue;
            }
            let run_start = i;
            let run_end = skip_while(text, i, is_terminator);
            let mut close_end = skip_while(text, run_end, is_closer);
            let mut next = skip_while(text, close_end, char::is_whitespace);
            if next == close_end {
                // Not followed by white space (or at the very end): no boundary here.
                i = close_end;
                continue;
            }
            if let Some(q) = detached_closing_quote(text, next) {
                close_end = q;
                next = skip_while(text, q, char::is_whitespace);
            }
            if next >= text.len() {
                break;
            }
            let stop = Stop {
                text,
                run: run_start..run_end,
                closers: run_end..close_end,
                next,
            };
            if stop.is_boundary() {
                push(&mut out, text, start..close_end);
                start = close_end;
            }
            i = next;
        }
        push(&mut out, text, start..text.len());
        out
    }
}

/// One candidate stop: the terminator run, the closers after it, and where the next
/// non-space text starts.
struct Stop<'a> {
    text: &'a str,
    run: Range<usize>,
    closers: Range<usize>,
    next: usize,
}

impl Stop<'_> {
    fn is_boundary(&self) -> bool {
        let Some(next_char) = char_at(self.text, self.next) else {
            return true;
        };
        if next_char.is_lowercase() || matches!(next_char, ',' | ';' | ':') {
            return false;
        }
        let run = &self.text[self.run.clone()];
        if run.contains(['?', '!', '‽']) {
            let quoted = self.text[self.closers.clone()].chars().any(is_quote);
            return !(quoted && attribution_follows(&self.text[self.next..]));
        }
        if run != "." {
            // Ellipses and other runs: an ordinary stop.
            return true;
        }
        let token = token_before(self.text, self.run.start);
        if token.is_empty() {
            return true;
        }
        if listed(NEVER_END, token) {
            return false;
        }
        if listed(BEFORE_NUMBER, token) {
            return !next_char.is_ascii_digit();
        }
        // A capital letter right after a digit or a degree sign is a unit ("72°F."), not
        // an initial.
        let unit = self.text[..self.run.start - token.len()]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit() || c == '°');
        let initial = is_initial(token) && !unit;
        if listed(MAY_END, token) || initial || is_dotted_acronym(token) {
            return starter_follows(&self.text[self.next..]);
        }
        true
    }
}

/// Pushes the trimmed `range` if anything is left of it.
fn push(out: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let r = trimmed(text, range);
    if !r.is_empty() {
        out.push(r);
    }
}

/// The char starting at byte `i`, if `i` is a char boundary inside `text`.
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|rest| rest.chars().next())
}

/// The first byte at or after `i` whose char does not satisfy `pred`.
fn skip_while(text: &str, i: usize, pred: impl Fn(char) -> bool) -> usize {
    let Some(rest) = text.get(i..) else {
        return i;
    };
    rest.char_indices()
        .find(|&(_, c)| !pred(c))
        .map_or(text.len(), |(off, _)| i + off)
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‽')
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '›')
}

fn is_closer(c: char) -> bool {
    is_quote(c) || matches!(c, ')' | ']' | '}')
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '«' | '‹' | '(' | '[')
}

/// If a lone `"` or `”` stands at `i` with white space (or the end) after it, the byte
/// after it: such a quote closes the sentence before it (`ourselves? " she wrote`).
fn detached_closing_quote(text: &str, i: usize) -> Option<usize> {
    let c = char_at(text, i)?;
    if !matches!(c, '"' | '”') {
        return None;
    }
    let after = i + c.len_utf8();
    match char_at(text, after) {
        None => Some(after),
        Some(d) if d.is_whitespace() => Some(after),
        _ => None,
    }
}

/// The word (letters and inner periods) that ends right before byte `end`:
/// "U.S" before the final period of "the U.S.", "Gen" in "Gen.".
fn token_before(text: &str, end: usize) -> &str {
    let head = &text[..end];
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphabetic() || c == '.')
        .last()
        .map_or(end, |(i, _)| i);
    head[start..].trim_start_matches('.')
}

/// A single capital letter: an initial, as in "John F. Kennedy".
fn is_initial(token: &str) -> bool {
    let mut chars = token.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// Letters in groups of one or two joined by periods: "U.S", "J.R.R", "a.m", "Ph.D".
fn is_dotted_acronym(token: &str) -> bool {
    token.contains('.')
        && token.split('.').all(|part| {
            let n = part.chars().count();
            (1..=2).contains(&n) && part.chars().all(char::is_alphabetic)
        })
}

/// The first word of `rest`, past any opening quotes or brackets, and the char after it.
fn first_word(rest: &str) -> (&str, Option<char>) {
    let rest = rest.trim_start_matches(is_opener);
    let end = rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(rest.len(), |(i, _)| i);
    (&rest[..end], rest[end..].chars().next())
}

/// Whether `rest` opens with a common sentence starter ("The", "He", "But", …), not
/// itself an initial ("A. Smith").
fn starter_follows(rest: &str) -> bool {
    let (word, after) = first_word(rest);
    after != Some('.') && SENTENCE_STARTERS.contains(&word)
}

/// Whether `rest` reads as a quote's attribution: a name (not a sentence starter) and a
/// verb of saying within the next few words, before any other stop.
fn attribution_follows(rest: &str) -> bool {
    let (first, _) = first_word(rest);
    if first.is_empty() || SENTENCE_STARTERS.contains(&first) {
        return false;
    }
    for word in rest.split_whitespace().take(4) {
        let bare = word.trim_matches(|c: char| !c.is_alphabetic());
        if SPEECH_VERBS.contains(&bare) {
            return true;
        }
        if word.ends_with(is_terminator) && !listed(NEVER_END, bare) && !is_initial(bare) {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        NewsSegmenter
            .split(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn tokens_before_a_stop() {
        assert_eq!(token_before("the U.S.", 7), "U.S");
        assert_eq!(token_before("Gen.", 3), "Gen");
        assert_eq!(token_before("(D-Minn.", 7), "Minn");
        assert_eq!(token_before("2022.", 4), "");
        assert_eq!(token_before("Zürich.", 7), "Zürich");
        assert_eq!(token_before("..", 1), "");
    }

    #[test]
    fn token_shapes() {
        assert!(is_initial("F"));
        assert!(is_initial("É"));
        assert!(!is_initial("Fo"));
        assert!(!is_initial("f"));
        assert!(is_dotted_acronym("U.S"));
        assert!(is_dotted_acronym("J.R.R"));
        assert!(is_dotted_acronym("Ph.D"));
        assert!(!is_dotted_acronym("example.com"));
        assert!(!is_dotted_acronym("US"));
        assert!(!is_dotted_acronym("U..S"));
    }

    #[test]
    fn starters_and_attributions() {
        assert!(starter_follows("The meeting"));
        assert!(starter_follows("“But why"));
        assert!(!starter_follows("A. Smith"));
        assert!(!starter_follows("Eastern time"));
        assert!(attribution_follows("Schiff asked."));
        assert!(attribution_follows("Rep. Adam Schiff asked."));
        assert!(!attribution_follows("He said nothing."));
        assert!(!attribution_follows("Yes. She said so."));
    }

    #[test]
    fn closers_stay_with_their_sentence() {
        assert_eq!(split("He left.\" Then"), ["He left.\"", "Then"]);
        assert_eq!(split("Odd (really.)) Yes"), ["Odd (really.))", "Yes"]);
    }

    #[test]
    fn stops_without_space_are_not_boundaries() {
        assert_eq!(split("3.5 percent.Next"), ["3.5 percent.Next"]);
        assert_eq!(split("Go!Now"), ["Go!Now"]);
    }

    #[test]
    fn empty_and_blank() {
        assert!(split("").is_empty());
        assert!(split("   ").is_empty());
        assert_eq!(split(" . "), ["."]);
    }
}
