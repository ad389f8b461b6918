//! Stage 2, **segment**: blocks in, [`Sentence`]s out.
//!
//! A [`Segmenter`] cuts a block's text into sentence spans; [`segment`] runs it over a
//! whole document. Titles and headings are one sentence each. Every sentence is a span
//! of its block (leading and trailing white space excluded), so the spans, read in
//! order, give back every character of the input. A sentence longer than
//! [`MAX_SENTENCE_CHARS`] (a paragraph that never stops, a page's worth of words with
//! no full stop) is cut into pieces no longer than that, at a clause break where
//! there is one, else between words, else (one endless "word") at the limit: so that
//! it is narrated, and no voice is handed more than it can speak at once.
//!
//! The abbreviations that hide a stop are a language's: [`for_language`] gives the
//! segmenter of a language tag, with the [`abbreviations::Table`] narrate has for it
//! (English, German, French, Spanish), else with none.

pub mod abbreviations;
pub mod marks;
pub mod news;

use crate::document::{BlockKind, Document, Sentence};
use std::ops::Range;

pub use news::{NewsSegmenter, TableSegmenter};

/// The longest sentence [`segment`] gives, in characters: half of what a voice is
/// handed at once ([`crate::pipeline::MAX_PIECE_CHARS`], in spoken characters), so that
/// a sentence's spoken form, which numbers and symbols lengthen, still fits.
pub const MAX_SENTENCE_CHARS: usize = crate::pipeline::MAX_PIECE_CHARS / 2;

/// Splits running text into sentences.
pub trait Segmenter: Send + Sync {
    /// Byte ranges of the sentences of `text`, in order, none empty, none overlapping,
    /// each trimmed of surrounding white space.
    fn split(&self, text: &str) -> Vec<Range<usize>>;
}

/// The segmenter for a language tag ("de-AT"), and whether narrate has an abbreviation
/// table for the language; without one, the segmenter knows no abbreviations
/// ([`abbreviations::NEUTRAL`]) and the caller says so.
pub fn for_language(tag: &str) -> (Box<dyn Segmenter>, bool) {
    match abbreviations::table_for(tag) {
        Some(table) if table.language == "en" => (Box::new(NewsSegmenter), true),
        Some(table) => (Box::new(TableSegmenter { table }), true),
        None => (
            Box::new(TableSegmenter {
                table: &abbreviations::NEUTRAL,
            }),
            false,
        ),
    }
}

/// Cuts every block of `doc` into sentences, in document order.
pub fn segment(doc: &Document, segmenter: &dyn Segmenter) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    for (index, block) in doc.blocks.iter().enumerate() {
        // A script's sentences are as it cut them.
        if let Some(script) = &block.script {
            sentences.extend(script.iter().map(|s| Sentence {
                block: index,
                range: s.range.clone(),
            }));
            continue;
        }
        let ranges = match block.kind {
            BlockKind::Title | BlockKind::Heading => {
                vec![trimmed(&block.text, 0..block.text.len())]
            }
            BlockKind::Paragraph => segmenter.split(&block.text),
        };
        let mut bounded = Vec::with_capacity(ranges.len());
        for range in ranges.into_iter().filter(|r| !r.is_empty()) {
            cut_to_length(&block.text, range, MAX_SENTENCE_CHARS, &mut bounded);
        }
        sentences.extend(bounded.into_iter().map(|range| Sentence {
            block: index,
            range,
        }));
    }
    sentences
}

/// Adds `range` of `text` to `out`, cut into trimmed pieces of at most `limit`
/// characters: each cut at the [`cut_point`] of the window, a clause mark counting only
/// in its second half (and a white space right after it counting too), else at the
/// limit itself.
pub fn cut_to_length(text: &str, range: Range<usize>, limit: usize, out: &mut Vec<Range<usize>>) {
    let limit = limit.max(1);
    let mut start = range.start;
    loop {
        let rest = &text[start..range.end];
        let Some((window_end, _)) = rest.char_indices().nth(limit) else {
            let last = trimmed(text, start..range.end);
            if !last.is_empty() {
                out.push(last);
            }
            return;
        };
        let cut = cut_point(rest, window_end, window_end / 2, |_| true).unwrap_or(window_end);
        let piece = trimmed(text, start..start + cut);
        if !piece.is_empty() {
            out.push(piece);
        }
        start += cut;
        start += text[start..range.end].len() - text[start..range.end].trim_start().len();
    }
}

/// Where to cut a stretch that is too long so that what comes before the cut is within
/// `rest[..window]`: after the last clause mark (`,` `;` `:` a dash or a closing
/// bracket, followed by white space) at or after byte `clause_from`, else at the last
/// white space (not the first character; the one right after the window included).
/// Only offsets `may_cut` allows count. `None` when there is neither. The segmenter bounds
/// sentences with it ([`cut_to_length`]) and the pipeline the spoken pieces a voice is
/// handed ([`crate::pipeline::pieces`]).
pub fn cut_point(
    rest: &str,
    window: usize,
    clause_from: usize,
    may_cut: impl Fn(usize) -> bool,
) -> Option<usize> {
    let clause = rest[..window]
        .char_indices()
        .filter(|&(i, c)| {
            i >= clause_from
                && matches!(c, ',' | ';' | ':' | '—' | '–' | ')')
                && rest[i + c.len_utf8()..].starts_with(char::is_whitespace)
                && may_cut(i)
        })
        .map(|(i, c)| i + c.len_utf8())
        .next_back();
    // The window and the character right after it: a cut before that one still
    // leaves the window whole.
    let through = rest[window..]
        .chars()
        .next()
        .map_or(window, |c| window + c.len_utf8());
    clause.or_else(|| {
        rest[..through]
            .char_indices()
            .filter(|&(i, c)| i > 0 && c.is_whitespace() && may_cut(i))
            .map(|(i, _)| i)
            .next_back()
    })
}

/// `range` of `text` without leading and trailing white space.
pub fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, limit: usize) -> Vec<&str> {
        let mut out = Vec::new();
        cut_to_length(text, 0..text.len(), limit, &mut out);
        out.into_iter().map(|r| &text[r]).collect()
    }

    fn split_in(tag: &str, text: &str) -> Vec<String> {
        let (segmenter, _) = for_language(tag);
        segmenter
            .split(text)
            .into_iter()
            .map(|r| text[r].to_string())
            .collect()
    }

    /// Stops that a language's abbreviations hide, and stops that still end a sentence
    /// in that language, one table per language.
    #[test]
    fn abbreviations_follow_the_language() {
        let german: &[(&str, &[&str])] = &[
            (
                "Die Linie fährt z. B. Richtung Hafen. Der Takt bleibt.",
                &["Die Linie fährt z. B. Richtung Hafen.", "Der Takt bleibt."],
            ),
            (
                "Dr. Weber sprach am 3. Oktober im Rathaus.",
                &["Dr. Weber sprach am 3. Oktober im Rathaus."],
            ),
            (
                "Es kostet 40 Mio. Euro. Die Stadt zahlt.",
                &["Es kostet 40 Mio. Euro.", "Die Stadt zahlt."],
            ),
            (
                "Busse, Bahnen usw. Die Liste ist lang.",
                &["Busse, Bahnen usw.", "Die Liste ist lang."],
            ),
            (
                "Gebäude Nr. 12 wird saniert. Ab Mai.",
                &["Gebäude Nr. 12 wird saniert.", "Ab Mai."],
            ),
        ];
        let french: &[(&str, &[&str])] = &[
            (
                "M. Dupont a parlé. Mme Martin aussi.",
                &["M. Dupont a parlé.", "Mme Martin aussi."],
            ),
            (
                "Des villes, p. ex. Lyon, ont voté. Le maire a signé.",
                &["Des villes, p. ex. Lyon, ont voté.", "Le maire a signé."],
            ),
            (
                "Des trains, des bus, etc. Le réseau grandit.",
                &["Des trains, des bus, etc.", "Le réseau grandit."],
            ),
        ];
        let spanish: &[(&str, &[&str])] = &[
            (
                "El Sr. García llegó. La Sra. Ruiz también.",
                &["El Sr. García llegó.", "La Sra. Ruiz también."],
            ),
            (
                "Viajó a EE. UU. en marzo. Volvió en abril.",
                &["Viajó a EE. UU. en marzo.", "Volvió en abril."],
            ),
            (
                "Vive en EE. UU. El viaje fue largo.",
                &["Vive en EE. UU.", "El viaje fue largo."],
            ),
        ];
        for (tag, cases) in [("de", german), ("fr-FR", french), ("es", spanish)] {
            for (text, expected) in cases {
                assert_eq!(split_in(tag, text), *expected, "{tag}: {text}");
            }
        }
    }

    #[test]
    fn a_language_without_a_table_knows_no_abbreviations() {
        let (_, has_table) = for_language("it");
        assert!(!has_table);
        assert!(for_language("de").1 && for_language("en-GB").1);
        // English titles are no abbreviations in Italian...
        assert_eq!(
            split_in("it", "Il Gen. Rossi parla. Poi va."),
            ["Il Gen.", "Rossi parla.", "Poi va."]
        );
        // ...while lower case, digits and initials still keep a sentence whole.
        assert_eq!(
            split_in("it", "Costa 3.5 euro, disse A. Bianchi. Fine."),
            ["Costa 3.5 euro, disse A. Bianchi.", "Fine."]
        );
        // The English table is the news segmenter's.
        let text = "Gen. Ruiz met Dr. Patel at 10 a.m. The talks ended.";
        assert_eq!(
            split_in("en-US", text),
            NewsSegmenter
                .split(text)
                .into_iter()
                .map(|r| text[r].to_string())
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn over_long_sentences_are_cut_at_clauses_then_words_then_the_limit() {
        let cases: [(&str, usize, &[&str]); 5] = [
            ("short enough", 20, &["short enough"]),
            (
                "first part here, second part there and more",
                24,
                &["first part here,", "second part there and", "more"],
            ),
            (
                "no marks at all in this line",
                10,
                &["no marks", "at all in", "this line"],
            ),
            ("abcdefghij", 4, &["abcd", "efgh", "ij"]),
            ("  café über naïve  ", 5, &["café", "über", "naïve"]),
        ];
        for (text, limit, pieces) in cases {
            let got = cut(text, limit);
            assert_eq!(got, pieces, "{text:?} at {limit}");
            assert!(got.iter().all(|p| p.chars().count() <= limit));
        }
    }

    #[test]
    fn a_paragraph_with_no_stop_becomes_bounded_sentences_that_keep_every_character() {
        let text = "word ".repeat(3000);
        let doc = crate::read::Format::Text.read("t", &format!("Title\n\n{text}\n"));
        let sentences = segment(&doc, &NewsSegmenter);
        assert!(sentences.len() > 20, "{}", sentences.len());
        let mut joined = String::new();
        for s in &sentences {
            let piece = &doc.blocks[s.block].text[s.range.clone()];
            assert!(piece.chars().count() <= MAX_SENTENCE_CHARS);
            joined.push_str(piece);
        }
        let squeezed = |t: &str| t.split_whitespace().collect::<String>();
        assert_eq!(squeezed(&joined), squeezed(&format!("Title {text}")));
    }
}
