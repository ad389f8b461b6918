//! Plain text, as scraped from a news page or typed: one block per line, blank lines
//! between paragraphs, the first line the title. Lines of a hard-wrapped paragraph are
//! joined back into one block; a short line of one sentence without final punctuation
//! is a heading.
//! Written by hand: the rules are a few lines and no crate reads "scraped article text".

use super::Reader;
use crate::document::{Block, BlockKind, Document};
use crate::segment::{NewsSegmenter, Segmenter};

/// Reads plain text into blocks.
#[derive(Debug, Default, Clone, Copy)]
pub struct PlainText;

/// Characters that end a sentence or paragraph, closing quotes and brackets included.
const FINAL: &[char] = &[
    '.', '!', '?', '…', ':', ';', '"', '\'', '”', '’', ')', ']', '»',
];

/// A line of a hard-wrapped paragraph is at least this long (in characters)...
const WRAP_MIN: usize = 40;
/// ...and no line of such a paragraph is longer than this.
const WRAP_MAX: usize = 100;

impl Reader for PlainText {
    fn read(&self, source: &str, text: &str) -> Document {
        let mut blocks = Vec::new();
        for group in paragraphs(text) {
            for (line, text) in join_wrapped(&group) {
                let kind = if blocks.is_empty() {
                    BlockKind::Title
                } else if is_heading(&text) {
                    BlockKind::Heading
                } else {
                    BlockKind::Paragraph
                };
                blocks.push(Block::new(kind, text, line));
            }
        }
        Document {
            source: source.to_string(),
            blocks,
            metadata: Default::default(),
        }
    }
}

/// A line without final punctuation longer than this many words is a paragraph that
/// lost its full stop, not a heading: headlines and subheadings are shorter.
const HEADING_MAX_WORDS: usize = 20;

/// Whether a line ends as a sentence ends. An end-of-story or bullet mark after the
/// last stop ("… at the door. ■") does not count.
pub fn ends_with_final(text: &str) -> bool {
    text.trim_end_matches(|c: char| c.is_whitespace() || END_MARKS.contains(&c))
        .ends_with(FINAL)
}

/// Marks a writer may put after the last sentence of a story or a paragraph.
const END_MARKS: &[char] = &['■', '□', '∎', '◆', '♦', '●', '•', '▪', '★'];

/// Whether a line of plain text is a heading: no final punctuation, one sentence, and
/// no longer than a headline. A line holding several sentences whose last one lost its
/// stop is a paragraph, so is a long line without any stop.
fn is_heading(text: &str) -> bool {
    !ends_with_final(text)
        && text.split_whitespace().count() <= HEADING_MAX_WORDS
        && NewsSegmenter.split(text).len() <= 1
}

/// Groups of non-blank lines (1-based line number, whitespace-collapsed text).
fn paragraphs(text: &str) -> Vec<Vec<(usize, String)>> {
    let mut groups = Vec::new();
    let mut group = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let collapsed = collapse_whitespace(line);
        if collapsed.is_empty() {
            if !group.is_empty() {
                groups.push(std::mem::take(&mut group));
            }
        } else {
            group.push((i + 1, collapsed));
        }
    }
    if !group.is_empty() {
        groups.push(group);
    }
    groups
}

/// Joins the lines of a group that form one paragraph.
///
/// A whole group is one paragraph when it looks hard-wrapped (every line but the last
/// between [`WRAP_MIN`] and [`WRAP_MAX`] characters). Otherwise each line is its own
/// block, except that a line continues the previous one when that one stops without
/// final punctuation and this one starts in lower case (a wrap mid-sentence).
pub(crate) fn join_wrapped(group: &[(usize, String)]) -> Vec<(usize, String)> {
    let len = |s: &String| s.chars().count();
    let hard_wrapped = group.len() > 1
        && group.iter().all(|(_, l)| len(l) <= WRAP_MAX)
        && group[..group.len() - 1]
            .iter()
            .all(|(_, l)| len(l) >= WRAP_MIN);
    let mut out: Vec<(usize, String)> = Vec::new();
    for (line, text) in group {
        let continues = match out.last() {
            Some((_, prev)) => {
                hard_wrapped
                    || (!ends_with_final(prev)
                        && text.chars().next().is_some_and(|c| c.is_lowercase()))
            }
            None => false,
        };
        match out.last_mut() {
            Some((_, prev)) if continues => {
                prev.push(' ');
                prev.push_str(text);
            }
            _ => out.push((*line, text.clone())),
        }
    }
    out
}

/// Trims a line and folds every run of white space (tabs, no-break spaces) to one space.
fn collapse_whitespace(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(BlockKind, String, usize)> {
        PlainText
            .read("t", text)
            .blocks
            .into_iter()
            .map(|b| (b.kind, b.text, b.line))
            .collect()
    }

    #[test]
    fn first_line_is_title_and_lines_are_blocks() {
        let blocks = read("Title here\n\nFirst para.\nCaption line.\n(AP Photo/X)\n\nSUBHEAD\n");
        assert_eq!(
            blocks,
            vec![
                (BlockKind::Title, "Title here".into(), 1),
                (BlockKind::Paragraph, "First para.".into(), 3),
                (BlockKind::Paragraph, "Caption line.".into(), 4),
                (BlockKind::Paragraph, "(AP Photo/X)".into(), 5),
                (BlockKind::Heading, "SUBHEAD".into(), 7),
            ]
        );
    }

    #[test]
    fn a_line_of_sentences_without_a_last_stop_is_a_paragraph() {
        let kinds = |text: &str| read(text).into_iter().map(|b| b.0).collect::<Vec<_>>();
        use BlockKind::{Heading, Paragraph, Title};
        // An end-of-story mark after the last stop.
        assert_eq!(kinds("T\n\nThe doors open at six. ■\n"), [Title, Paragraph]);
        // Several sentences, the last one without its stop.
        assert_eq!(
            kinds("T\n\nThe vote was close. Nobody expected the result\n"),
            [Title, Paragraph]
        );
        // A long line that lost its stop.
        assert_eq!(
            kinds("T\n\nThe council met on Tuesday evening to discuss the future of the old bridge and the money needed to repair it before winter\n"),
            [Title, Paragraph]
        );
        // A subheading, even one with an abbreviation in it.
        assert_eq!(kinds("T\n\nWhat Dr. Smith found\n"), [Title, Heading]);
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let text = "T\n\nThe war in Ukraine began more than three months ago, and the\nPentagon said on Thursday that talks would resume. Officials\nsaid little more.\n";
        let blocks = read(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(
            blocks[1].1,
            "The war in Ukraine began more than three months ago, and the Pentagon said on Thursday that talks would resume. Officials said little more."
        );
    }

    #[test]
    fn a_lower_case_line_continues_an_unfinished_one() {
        let blocks = read("T\n\nHe spoke with\nthe general at length, and then he left the building for good this time.\n");
        assert_eq!(blocks.len(), 2);
        assert!(blocks[1].1.starts_with("He spoke with the general"));
    }

    #[test]
    fn whitespace_is_collapsed_and_crlf_read() {
        let blocks = read("T\r\n\r\n  A\u{a0}\u{a0}b\tc.  \r\n");
        assert_eq!(blocks[1].1, "A b c.");
        assert_eq!(blocks[1].2, 3);
    }
}
