//! Which written words a spoken form says: a sentence as written and its spoken form
//! in, each written word with the spoken words that read it out.
//!
//! The normalizers rewrite text by patterns and keep no record of where each piece came
//! from, so the two texts are matched afterwards, word by word: words that read the same
//! in both (letters and digits compared without case: "FBI" and "F-B-I", "U.S." and
//! "U-S") are anchors, found as the longest common subsequence; between two anchors the
//! written words share the spoken ones in order, in proportion to their letters ("$5" →
//! "five dollars", "Gen." → "General", "1,200" → "one thousand two hundred"). A spoken
//! word with no written word left between its anchors (an added "dollars" after
//! "million") belongs to the written word before it. The matching is a few thousand
//! comparisons for a sentence; no crate aligns two token lists by a custom equality with
//! this grouping, and the dynamic programme is a dozen lines.

use std::ops::Range;

/// One written word and the spoken words that say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlignedWord {
    /// The word's bytes in the written sentence, without the punctuation around it.
    pub written: Range<usize>,
    /// The indices of its spoken words in [`spoken_words`] of the spoken form; empty
    /// (at the place it would have had) when nothing of it is said.
    pub spoken: Range<usize>,
}

/// The words of a written sentence: runs between white space or em dashes, without the
/// quotes, brackets and punctuation around them, keeping only those with a letter, a
/// digit or a symbol that is read out (`&`, `%`, `$`, `@`, `#`, `+`, `=`): a lone dash
/// or bullet is not a word.
pub fn written_words(text: &str) -> Vec<Range<usize>> {
    tokens(text, |c| c.is_whitespace() || c == '—' || c == '―')
        .into_iter()
        .filter_map(|r| {
            let token = &text[r.clone()];
            let lead = token.len() - token.trim_start_matches(is_outer_mark).len();
            let inner = token
                .trim_start_matches(is_outer_mark)
                .trim_end_matches(is_outer_mark);
            let start = r.start + lead;
            let range = start..start + inner.len();
            inner.chars().any(is_read).then_some(range)
        })
        .collect()
}

/// The words of a spoken form: runs between white space. A phoneme span `[[…]]` is
/// one word (it holds no space).
pub fn spoken_words(text: &str) -> Vec<Range<usize>> {
    tokens(text, char::is_whitespace)
}

/// Aligns the written words of `written` to the spoken words of `spoken`.
pub fn align(written: &str, spoken: &str) -> Vec<AlignedWord> {
    let w = written_words(written);
    let s = spoken_words(spoken);
    let wk: Vec<String> = w.iter().map(|r| key(&written[r.clone()])).collect();
    let sk: Vec<String> = s.iter().map(|r| key(&spoken[r.clone()])).collect();
    let anchors = common_subsequence(&wk, &sk);
    let weight = |r: &Range<usize>, text: &str| length(&text[r.clone()]) as f64;
    let mut out: Vec<AlignedWord> = Vec::with_capacity(w.len());
    let (mut wi, mut si) = (0, 0);
    // The anchors, then a last one past both ends so that the tail is a gap like others.
    for anchor in anchors.into_iter().map(Some).chain(std::iter::once(None)) {
        let (w_end, s_end) = anchor.unwrap_or((w.len(), s.len()));
        let (gw, gs) = (wi..w_end, si..s_end);
        if gw.is_empty() {
            // Spoken words said for no written word: the one before has them, else
            // (at the start) the anchor that ends the gap.
            if let Some(prev) = out.last_mut().filter(|_| !gs.is_empty()) {
                prev.spoken.end = gs.end;
            }
        } else {
            // The spoken words of the gap, shared in order by letters.
            let total_w: f64 = w[gw.clone()].iter().map(|r| weight(r, written)).sum();
            let total_s: f64 = s[gs.clone()].iter().map(|r| weight(r, spoken)).sum();
            let mut at_s = gs.start;
            let mut done_s = 0.0;
            let mut done_w = 0.0;
            for k in gw.clone() {
                done_w += weight(&w[k], written);
                let from = at_s;
                // Spoken words whose middle falls within this written word's share.
                while at_s < gs.end {
                    let half = weight(&s[at_s], spoken) / 2.0;
                    if (done_s + half) / total_s.max(1.0) <= done_w / total_w || k + 1 == gw.end {
                        done_s += 2.0 * half;
                        at_s += 1;
                    } else {
                        break;
                    }
                }
                out.push(AlignedWord {
                    written: w[k].clone(),
                    spoken: from..at_s,
                });
            }
        }
        if let Some((aw, asp)) = anchor {
            let mut spoken = asp..asp + 1;
            // Spoken words waiting for a written word (there was none before): this one's.
            if out.is_empty() && si < asp {
                spoken.start = si;
            }
            out.push(AlignedWord {
                written: w[aw].clone(),
                spoken,
            });
            wi = aw + 1;
            si = asp + 1;
        }
    }
    out
}

/// The pairs (written index, spoken index) of a longest common subsequence of the keys
/// (empty keys never match), in order.
fn common_subsequence(a: &[String], b: &[String]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lengths = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lengths[i][j] = if !a[i].is_empty() && a[i] == b[j] {
                lengths[i + 1][j + 1] + 1
            } else {
                lengths[i + 1][j].max(lengths[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        if !a[i].is_empty() && a[i] == b[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if lengths[i + 1][j] >= lengths[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// How long a word takes to say, in the one measure every estimate here uses: its
/// letters and digits, plus one for the gap after it. Used to share spoken words among
/// written ones, a voice's mark among the words under it
/// ([`crate::export::words`]), and a sentence's speech among its words when the voice
/// gives no times ([`crate::synthesize::estimate_words`]).
pub fn length(word: &str) -> usize {
    word.chars().filter(|c| c.is_alphanumeric()).count() + 1
}

/// A word's letters and digits in lower case: what it is compared by.
fn key(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The byte ranges of the runs of characters that are not separators.
fn tokens(text: &str, separator: impl Fn(char) -> bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (separator(c), start) {
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// Punctuation around a word that is not part of it.
fn is_outer_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '.'
            | '…'
            | '¿'
            | '¡'
            | '*'
            | '_'
            | '–'
            | '-'
    )
}

/// A character that makes a token a word: a letter, a digit or a symbol read aloud.
fn is_read(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c,
            '&' | '%' | '$' | '€' | '£' | '¥' | '@' | '#' | '+' | '=' | '°'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each written word with the spoken words that say it, as text.
    fn pairs(written: &str, spoken: &str) -> Vec<(String, String)> {
        let s = spoken_words(spoken);
        align(written, spoken)
            .into_iter()
            .map(|a| {
                let said: Vec<&str> = s[a.spoken].iter().map(|r| &spoken[r.clone()]).collect();
                (written[a.written].to_string(), said.join(" "))
            })
            .collect()
    }

    fn p(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn words_read_alike_are_anchors_and_rewritten_ones_share_the_gap() {
        assert_eq!(
            pairs(
                "Gen. Mark Milley said $5 million.",
                "General Mark Milley said five million dollars."
            ),
            p(&[
                ("Gen", "General"),
                ("Mark", "Mark"),
                ("Milley", "Milley"),
                ("said", "said"),
                ("$5", "five"),
                ("million", "million dollars."),
            ])
        );
        assert_eq!(
            pairs("The U.S. and the FBI.", "The U-S and the F-B-I."),
            p(&[
                ("The", "The"),
                ("U.S", "U-S"),
                ("and", "and"),
                ("the", "the"),
                ("FBI", "F-B-I.")
            ])
        );
    }

    #[test]
    fn a_number_read_as_several_words_is_one_written_word() {
        assert_eq!(
            pairs(
                "It cost 1,250 in 2022.",
                "It cost one thousand two hundred fifty in twenty twenty-two."
            ),
            p(&[
                ("It", "It"),
                ("cost", "cost"),
                ("1,250", "one thousand two hundred fifty"),
                ("in", "in"),
                ("2022", "twenty twenty-two."),
            ])
        );
    }

    #[test]
    fn punctuation_and_dashes_are_not_words() {
        assert_eq!(
            written_words("“Yes — no,” he said… ■").len(),
            4,
            "Yes, no, he, said"
        );
        let text = "war—and peace";
        let words: Vec<&str> = written_words(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(words, ["war", "and", "peace"]);
        let text = "50% & more";
        let words: Vec<&str> = written_words(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(words, ["50%", "&", "more"]);
    }

    #[test]
    fn every_spoken_word_belongs_to_one_written_word_in_order() {
        let cases = [
            (
                "Dr. Smith, 42, left at 3:30 p.m. on Jan. 5.",
                "Doctor Smith, forty-two, left at three thirty p-m on January fifth.",
            ),
            ("“Hello,” said the 3rd man.", "“Hello,” said the third man."),
            (
                "£1.2m for a 5km run",
                "one point two million pounds for a five kilometre run",
            ),
            ("A B", "entirely different words here"),
            ("", "something said"),
            ("Something written", ""),
        ];
        for (written, spoken) in cases {
            let aligned = align(written, spoken);
            let n = spoken_words(spoken).len();
            let mut next = 0;
            for a in &aligned {
                assert!(
                    a.spoken.start >= next || a.spoken.is_empty(),
                    "{written}: {aligned:?}"
                );
                next = next.max(a.spoken.end);
            }
            if !aligned.is_empty() {
                assert_eq!(
                    next, n,
                    "{written}: every spoken word is someone's: {aligned:?}"
                );
                let covered: usize = aligned.iter().map(|a| a.spoken.len()).sum();
                assert_eq!(covered, n, "{written}: no spoken word twice: {aligned:?}");
            }
            assert_eq!(aligned.len(), written_words(written).len());
        }
    }
}
