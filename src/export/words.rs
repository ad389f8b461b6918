//! Word times: a narrated sentence's written text, its spoken form and the word marks
//! its voice reported (positions in the spoken form, samples of the narration) in; each
//! written word with its start and end in the final file out.
//!
//! [`crate::speak::align`] says which spoken words read each written word ("$5" is "five
//! dollars"); a spoken word's time is that of the marks over its text (espeak-ng may
//! mark "twenty-two" as two words, a Piper voice one); a written word lasts from its
//! first spoken word's start to its last one's end. A written word nothing was said for
//! (rare: the speak stage drops only marks such as "■") gets an empty span where it
//! would have been. Starts never go back: each word starts at or after the one before.

use super::TimedWord;
use crate::speak::align::{align, length, spoken_words};
use crate::synthesize::WordMark;

/// The written words of `written` with their times, given the marks over `spoken`.
/// `place` turns a narration sample into a sample of the final file; `span` is the
/// sentence's own span in the final file, which every word stays within.
pub fn timed_words(
    written: &str,
    spoken: &str,
    marks: &[WordMark],
    place: impl Fn(usize) -> u64,
    span: (u64, u64),
) -> Vec<TimedWord> {
    let tokens = spoken_words(spoken);
    // Each spoken word's (start, end, estimated), from the marks over its text. A mark
    // over several spoken words (espeak-ng marks "on the" once) is shared among them
    // by their letters; several marks over one word ("twenty-two" as two) are joined.
    let mut times: Vec<Option<Heard>> = vec![None; tokens.len()];
    let letters = |r: &std::ops::Range<usize>| length(&spoken[r.clone()]) as u64;
    for m in marks {
        let under: Vec<usize> = (0..tokens.len())
            .filter(|&i| m.text_start < tokens[i].end && m.text_end > tokens[i].start)
            .collect();
        let (s, e) = (place(m.start), place(m.end).max(place(m.start)));
        let total: u64 = under.iter().map(|&i| letters(&tokens[i])).sum();
        let mut done = 0;
        for &i in &under {
            let from = s + (e - s) * done / total.max(1);
            done += letters(&tokens[i]);
            let to = s + (e - s) * done / total.max(1);
            times[i] = Some(joined(times[i], (from, to, m.estimated)));
        }
    }
    let (first, last) = span;
    let mut out: Vec<TimedWord> = Vec::new();
    let mut at = first;
    let mut char_at = (0, 0); // (byte, char) position reached in `written`
    for a in align(written, spoken) {
        let heard = times[a.spoken.clone()].iter().flatten();
        let (start, end, estimated) = heard
            .fold(None, |acc, &span| Some(joined(acc, span)))
            .unwrap_or((
                at,
                at,
                marks.is_empty() || marks.iter().any(|m| m.estimated),
            ));
        let start = start.clamp(at, last);
        let end = end.clamp(start, last);
        at = start;
        // Character offsets, counted on from the previous word.
        let from = char_at.1 + written[char_at.0..a.written.start].chars().count();
        let to = from + written[a.written.clone()].chars().count();
        char_at = (a.written.end, to);
        out.push(TimedWord {
            text: written[a.written].to_string(),
            chars: (from, to),
            start,
            end,
            estimated,
        });
    }
    out
}

/// A stretch of speech: start, end (samples of the final file), and whether it was
/// estimated.
type Heard = (u64, u64, bool);

/// `span` joined to what was heard before it: from the earlier start to the later end,
/// estimated if either was.
fn joined(before: Option<Heard>, span: Heard) -> Heard {
    match before {
        None => span,
        Some((a, b, est)) => (a.min(span.0), b.max(span.1), est || span.2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(text: (usize, usize), samples: (usize, usize)) -> WordMark {
        WordMark {
            text_start: text.0,
            text_end: text.1,
            start: samples.0,
            end: samples.1,
            estimated: false,
        }
    }

    #[test]
    fn a_written_word_spans_the_marks_of_the_spoken_words_that_say_it() {
        let written = "Pay $5 now.";
        let spoken = "Pay five dollars now.";
        // espeak-ng style: one mark per spoken word.
        let marks = [
            mark((0, 3), (100, 200)),
            mark((4, 8), (200, 300)),
            mark((9, 16), (300, 420)),
            mark((17, 21), (450, 600)),
        ];
        let words = timed_words(written, spoken, &marks, |s| s as u64, (100, 600));
        let got: Vec<(&str, (usize, usize), u64, u64)> = words
            .iter()
            .map(|w| (w.text.as_str(), w.chars, w.start, w.end))
            .collect();
        assert_eq!(
            got,
            [
                ("Pay", (0, 3), 100, 200),
                ("$5", (4, 6), 200, 420),
                ("now", (7, 10), 450, 600)
            ]
        );
        assert!(words.iter().all(|w| !w.estimated));
        // One mark over two spoken words ("on the"): shared by their letters, 3 to 4.
        let words = timed_words(
            "on the",
            "on the",
            &[mark((0, 6), (200, 270))],
            |s| s as u64,
            (0, 300),
        );
        let spans: Vec<(u64, u64)> = words.iter().map(|w| (w.start, w.end)).collect();
        assert_eq!(spans, [(200, 230), (230, 270)]);
    }

    #[test]
    fn character_ranges_count_characters_not_bytes() {
        let written = "Zoë’s café opened.";
        let spoken = "Zoë’s café opened.";
        let marks = [
            mark((0, 7), (0, 10)),
            mark((8, 13), (10, 20)),
            mark((14, 21), (20, 30)),
        ];
        let words = timed_words(written, spoken, &marks, |s| s as u64, (0, 30));
        for w in &words {
            let chars: String = written
                .chars()
                .skip(w.chars.0)
                .take(w.chars.1 - w.chars.0)
                .collect();
            assert_eq!(chars, w.text);
        }
        assert_eq!(words.len(), 3);
    }

    #[test]
    fn starts_never_go_back_and_stay_in_the_sentence() {
        let written = "one two three";
        let spoken = "one two three";
        // A voice's marks out of order and past the sentence's end.
        let marks = [
            mark((0, 3), (50, 80)),
            mark((4, 7), (40, 60)),
            mark((8, 13), (90, 500)),
        ];
        let words = timed_words(written, spoken, &marks, |s| s as u64, (50, 200));
        let starts: Vec<u64> = words.iter().map(|w| w.start).collect();
        assert_eq!(starts, [50, 50, 90]);
        assert_eq!(words[2].end, 200);
        // No marks at all: estimated, empty, at the sentence's start.
        let words = timed_words(written, spoken, &[], |s| s as u64, (50, 200));
        assert!(words
            .iter()
            .all(|w| w.estimated && w.start == 50 && w.end == 50));
    }
}
