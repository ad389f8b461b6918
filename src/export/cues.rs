//! Subtitle cues from a [`Transcript`]: one per narrated sentence with speech, or several
//! when the sentence does not fit in [`MAX_LINES`] lines of [`LINE_CHARS`] characters.
//!
//! - **Text**: the sentence as written (not its spoken form), white space folded to single
//!   spaces (a cue never holds a blank line), control characters and bidirectional
//!   overrides made spaces (an article's terminal escapes never reach a player), any
//!   `-->` written `→` (it would end a cue's timing line). A sentence with no visible
//!   text gets no cue.
//! - **Splitting**: a sentence too long for one cue is cut at clause boundaries (after
//!   `,` `;` `:` and an en dash followed by a space, closing quotes or brackets
//!   between them kept with the clause, and after an em dash), consecutive clauses
//!   sharing a cue while they fit; a clause that does not fit on its own is cut between
//!   words into the fewest cues that hold it, as even in length as they can be. A word
//!   longer than a line gets a line of its own.
//! - **Lines**: a cue's text is one line when it fits, else two lines, broken after a
//!   clause where that fits, as even as they can be.
//! - **Times**: a sentence's first cue starts at its first sample rounded *up* to the
//!   millisecond, its last cue ends at its end rounded *down*, so no cue starts before
//!   its speech and cues of consecutive sentences never overlap. Where one sentence's
//!   cues meet is the start of the next cue's first word, from the sentence's
//!   [`TimedSentence::words`] (the voice's word times, or their estimate where the voice
//!   gives none). A sentence without word times (a transcript built without them)
//!   falls back to shares: each part's share of the sentence's time is its share of the
//!   spoken text (in characters), with the written and spoken texts aligned at the
//!   clause boundaries they share. The cues of one sentence tile its span exactly, each
//!   at least a millisecond long. A sentence whose speech is too short to give each
//!   part a millisecond is one cue; one shorter than a millisecond gets none.
//! - **Word times in a cue**: each word of a cue but its first that starts strictly
//!   inside it is listed in [`Cue::words`] (line, byte offset in the line, millisecond) for WebVTT's
//!   timestamp tags (`<00:00:01.250>`), in increasing order.

use super::{TimedSentence, Transcript};

/// The longest line of a cue, in characters (a word longer than this gets its own line).
pub const LINE_CHARS: usize = 42;

/// The most lines in one cue.
pub const MAX_LINES: usize = 2;

/// One subtitle cue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// The sentence it shows ([`TimedSentence::index`]).
    pub sentence: usize,
    /// Milliseconds from the start of the audio.
    pub start_ms: u64,
    pub end_ms: u64,
    /// One or two lines, none empty (more only when a sentence's speech is too short,
    /// in milliseconds, for each of its parts to have a cue: then it is one cue).
    pub lines: Vec<String>,
    /// The words heard after the cue's start: (line, byte offset of the word in that
    /// line, millisecond it starts), in order, each strictly between the cue's start
    /// and end and after the one before.
    pub words: Vec<(usize, usize, u64)>,
}

/// The cues of a transcript, in order.
pub fn cues(t: &Transcript) -> Vec<Cue> {
    let rate = t.sample_rate.max(1);
    let mut out: Vec<Cue> = Vec::new();
    for s in t.sentences.iter().filter(|s| s.has_speech()) {
        let after = out.last().map_or(0, |c| c.end_ms);
        out.extend(sentence_cues(s, rate, after));
    }
    out
}

/// The cues of one sentence, none starting before `after` (the previous cue's end).
fn sentence_cues(s: &TimedSentence, rate: u32, after: u64) -> Vec<Cue> {
    let text = clean(&s.text);
    let tokens = tokenize(&text);
    if tokens.is_empty() {
        return Vec::new();
    }
    let start_ms = ceil_ms(s.start, rate).max(after);
    let end_ms = floor_ms(s.end, rate);
    if end_ms <= start_ms {
        return Vec::new();
    }
    let mut parts = split(&tokens);
    if (end_ms - start_ms) < parts.len() as u64 {
        parts = std::iter::once(0..tokens.len()).collect();
    }
    // When each token starts being heard, from the words' times.
    let heard = token_starts(&text, &tokens, s, rate);
    // Where each part ends, as a share of the spoken sentence, when no word says.
    let align = Alignment::new(&text, &clean(&s.spoken));
    let span = (s.end - s.start) as f64;
    let mut bounds = vec![start_ms];
    let n = parts.len();
    for (k, part) in parts.iter().enumerate().take(n - 1) {
        let ms = heard[part.end..]
            .iter()
            .flatten()
            .next()
            .copied()
            .unwrap_or_else(|| {
                let written = tokens[part.end - 1].end;
                let at = s.start as f64 + span * align.share(written);
                (at * 1000.0 / rate as f64).round() as u64
            });
        let low = bounds[k] + 1;
        let high = end_ms - (n - 1 - k) as u64;
        bounds.push(ms.clamp(low, high));
    }
    bounds.push(end_ms);
    parts
        .iter()
        .enumerate()
        .map(|(k, part)| {
            let (start_ms, end_ms) = (bounds[k], bounds[k + 1]);
            let rows = line_ranges(&tokens[part.clone()]);
            let mut words = Vec::new();
            let mut last = start_ms;
            for (line, row) in rows.iter().enumerate() {
                let mut offset = 0;
                for (i, t) in tokens[part.clone()][row.clone()].iter().enumerate() {
                    if i > 0 && t.space_before {
                        offset += 1;
                    }
                    // The cue's first word is heard from its start: no tag.
                    let first = line == 0 && i == 0;
                    if let Some(ms) = heard[part.start + row.start + i].filter(|_| !first) {
                        if ms > last && ms < end_ms {
                            words.push((line, offset, ms));
                            last = ms;
                        }
                    }
                    offset += t.text.len();
                }
            }
            Cue {
                sentence: s.index,
                start_ms,
                end_ms,
                lines: rows
                    .into_iter()
                    .map(|r| join(&tokens[part.clone()][r]))
                    .collect(),
                words,
            }
        })
        .collect()
}

/// The millisecond each token starts being heard: the start of the first of the
/// sentence's words that begins within it, `None` for a token no word begins in (a
/// lone dash). Words are found in the cleaned text in order by their own text; a word
/// that cleaning changed (one holding a control character) is not found and gives no
/// time.
fn token_starts(text: &str, tokens: &[Token], s: &TimedSentence, rate: u32) -> Vec<Option<u64>> {
    let mut out = vec![None; tokens.len()];
    // (byte, char) position reached in the cleaned text.
    let (mut byte, mut chars) = (0, 0);
    let mut token = 0;
    for w in &s.words {
        let Some(found) = text[byte..].find(w.text.as_str()) else {
            continue;
        };
        chars += text[byte..byte + found].chars().count();
        byte += found;
        while token < tokens.len() && tokens[token].end <= chars {
            token += 1;
        }
        if tokens.get(token).is_some_and(|t| t.start <= chars) {
            let ms = (w.start as f64 * 1000.0 / rate as f64).round() as u64;
            out[token].get_or_insert(ms);
        }
        chars += w.text.chars().count();
        byte += w.text.len();
    }
    out
}

/// `samples` at `rate` in milliseconds, rounded up.
fn ceil_ms(samples: u64, rate: u32) -> u64 {
    let (n, d) = (samples as u128 * 1000, rate as u128);
    u64::try_from(n.div_ceil(d)).unwrap_or(u64::MAX)
}

/// `samples` at `rate` in milliseconds, rounded down.
fn floor_ms(samples: u64, rate: u32) -> u64 {
    u64::try_from(samples as u128 * 1000 / rate as u128).unwrap_or(u64::MAX)
}

/// Control characters and terminal escapes made spaces ([`crate::display::subtitle`]),
/// white space folded to single spaces and trimmed; `-->` written `→`.
fn clean(text: &str) -> String {
    let visible = crate::display::subtitle(text);
    let mut s = visible.split_whitespace().collect::<Vec<_>>().join(" ");
    while s.contains("-->") {
        s = s.replace("-->", "→");
    }
    s
}

/// One word of a cue's text, or the part of a word up to and including an em dash.
#[derive(Debug, Clone, PartialEq)]
struct Token<'a> {
    text: &'a str,
    /// Whether a space comes before it (not after an em dash inside a word).
    space_before: bool,
    /// Whether a clause ends with it.
    clause_end: bool,
    /// Its start and end in the text, in characters.
    start: usize,
    end: usize,
}

/// The positions (in characters, just after the mark and any closing quotes or
/// brackets after it) where clauses end in `text`, with the mark; never inside a
/// lexicon's phoneme span `[[…]]`, where `:` is a long vowel.
fn clause_ends(text: &str) -> Vec<(usize, char)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut phonemes = false;
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        match c {
            '[' if next == Some('[') => phonemes = true,
            ']' if next == Some(']') => phonemes = false,
            _ if phonemes => {}
            ',' | ';' | ':' | '–' => {
                // After any closing quotes or brackets: `concern,” he said`.
                let end = i
                    + 1
                    + chars[i + 1..]
                        .iter()
                        .take_while(|&&c| matches!(c, '"' | '\'' | '”' | '’' | ')' | ']'))
                        .count();
                if chars.get(end).is_some_and(|c| c.is_whitespace()) {
                    out.push((end, c));
                }
            }
            '—' if next.is_some() => out.push((i + 1, c)),
            _ => {}
        }
    }
    out
}

/// The tokens of a cleaned text: its words, and a word with an em dash inside cut
/// after the dash.
fn tokenize(text: &str) -> Vec<Token<'_>> {
    let ends = clause_ends(text);
    let is_end = |at: usize| ends.binary_search_by_key(&at, |&(e, _)| e).is_ok();
    let mut out = Vec::new();
    let mut chars = 0;
    for (w, word) in text.split(' ').enumerate() {
        if w > 0 {
            chars += 1;
        }
        if word.is_empty() {
            continue;
        }
        let mut rest = word;
        let mut space_before = w > 0;
        while !rest.is_empty() {
            // Cut after an em dash that is not the word's last character.
            let cut = rest
                .char_indices()
                .find(|&(i, c)| c == '—' && i + c.len_utf8() < rest.len())
                .map_or(rest.len(), |(i, c)| i + c.len_utf8());
            let piece = &rest[..cut];
            let start = chars;
            chars += piece.chars().count();
            out.push(Token {
                text: piece,
                space_before,
                clause_end: is_end(chars),
                start,
                end: chars,
            });
            rest = &rest[cut..];
            space_before = false;
        }
    }
    out
}

/// Tokens joined as they stand in the text.
fn join(tokens: &[Token]) -> String {
    let mut s = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 && t.space_before {
            s.push(' ');
        }
        s.push_str(t.text);
    }
    s
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// The width of `tokens` joined, in characters: they are a stretch of one text.
fn span(tokens: &[Token]) -> usize {
    match (tokens.first(), tokens.last()) {
        (Some(first), Some(last)) => last.end - first.start,
        _ => 0,
    }
}

/// Whether `tokens` make one line: they fit in [`LINE_CHARS`], or are one word.
fn one_line(tokens: &[Token]) -> bool {
    tokens.len() == 1 || span(tokens) <= LINE_CHARS
}

/// Where to break `tokens` into two lines, if two lines can hold them: after a clause
/// if that fits, the longer line as short as it can be.
fn two_lines(tokens: &[Token]) -> Option<usize> {
    (1..tokens.len())
        .filter(|&i| one_line(&tokens[..i]) && one_line(&tokens[i..]))
        .min_by_key(|&i| {
            let longer = span(&tokens[..i]).max(span(&tokens[i..]));
            (!tokens[i - 1].clause_end, longer)
        })
}

/// Whether `tokens` fit in one cue.
fn fits(tokens: &[Token]) -> bool {
    one_line(tokens) || two_lines(tokens).is_some()
}

/// The lines that show `tokens`, as ranges of them: one if it fits, else two (see
/// [`two_lines`]), else (for text that needs more) as many full lines as it takes.
fn line_ranges(tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    if one_line(tokens) {
        return std::iter::once(0..tokens.len()).collect();
    }
    if let Some(i) = two_lines(tokens) {
        return vec![0..i, i..tokens.len()];
    }
    let mut out = Vec::new();
    let mut from = 0;
    while from < tokens.len() {
        let mut to = from + 1;
        while to < tokens.len() && one_line(&tokens[from..=to]) {
            to += 1;
        }
        out.push(from..to);
        from = to;
    }
    out
}

/// The lines that show `tokens` (see [`line_ranges`]).
#[cfg(test)]
fn lines(tokens: &[Token]) -> Vec<String> {
    line_ranges(tokens)
        .into_iter()
        .map(|r| join(&tokens[r]))
        .collect()
}

/// The parts of a sentence, one per cue, as ranges of its tokens (see the module doc).
fn split(tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    if fits(tokens) {
        return std::iter::once(0..tokens.len()).collect();
    }
    // Clauses, and the clauses too long for a cue cut between words.
    let mut units = Vec::new();
    let mut from = 0;
    for (i, t) in tokens.iter().enumerate() {
        if t.clause_end || i + 1 == tokens.len() {
            let clause = from..i + 1;
            if fits(&tokens[clause.clone()]) {
                units.push(clause);
            } else {
                units.extend(words(tokens, clause));
            }
            from = i + 1;
        }
    }
    // Consecutive units share a cue while they fit.
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for unit in units {
        match out.last_mut() {
            Some(last) if fits(&tokens[last.start..unit.end]) => last.end = unit.end,
            _ => out.push(unit),
        }
    }
    out
}

/// A range of tokens too long for one cue cut between words: the fewest parts that fit,
/// the longest of them as short as it can be.
fn words(tokens: &[Token], range: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
    // Greedy parts, each at most `limit` characters long (a lone token always goes).
    let greedy = |limit: usize| {
        let mut out = Vec::new();
        let mut from = range.start;
        while from < range.end {
            let mut to = from + 1;
            while to < range.end && fits(&tokens[from..=to]) && span(&tokens[from..=to]) <= limit {
                to += 1;
            }
            out.push(from..to);
            from = to;
        }
        out
    };
    let fewest = greedy(usize::MAX);
    let (mut low, mut high) = (1, span(&tokens[range.clone()]));
    while low < high {
        let mid = (low + high) / 2;
        if greedy(mid).len() <= fewest.len() {
            high = mid;
        } else {
            low = mid + 1;
        }
    }
    let even = greedy(low);
    if even.len() <= fewest.len() {
        even
    } else {
        fewest
    }
}

/// A map from positions in a written sentence to the share of its spoken form said by
/// then: piecewise linear between the clause boundaries the two texts share.
struct Alignment {
    /// (written, spoken) positions in characters, increasing, from (0, 0) to the ends.
    anchors: Vec<(usize, usize)>,
}

impl Alignment {
    fn new(written: &str, spoken: &str) -> Alignment {
        let (w, s) = (clause_ends(written), clause_ends(spoken));
        let mut anchors = vec![(0, 0)];
        // Anchored at the clause boundaries only when both texts have the same ones.
        if w.len() == s.len() && w.iter().zip(&s).all(|(a, b)| a.1 == b.1) {
            anchors.extend(w.iter().zip(&s).map(|(a, b)| (a.0, b.0)));
        }
        anchors.push((width(written), width(spoken)));
        Alignment { anchors }
    }

    /// The share of the spoken text said by written position `at`, in [0, 1].
    fn share(&self, at: usize) -> f64 {
        let (total_written, total) = self.anchors.last().copied().unwrap_or((0, 0));
        if total == 0 {
            return match total_written {
                0 => 0.0,
                n => (at as f64 / n as f64).min(1.0),
            };
        }
        let spoken = self
            .anchors
            .windows(2)
            .find(|p| at <= p[1].0)
            .map_or(total as f64, |p| {
                let ((w0, s0), (w1, s1)) = (p[0], p[1]);
                if w1 == w0 {
                    s1 as f64
                } else {
                    s0 as f64 + at.saturating_sub(w0) as f64 * (s1 - s0) as f64 / (w1 - w0) as f64
                }
            });
        (spoken / total as f64).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::transcript;

    fn texts(tokens: &[Token], parts: &[std::ops::Range<usize>]) -> Vec<String> {
        parts.iter().map(|p| join(&tokens[p.clone()])).collect()
    }

    #[test]
    fn export_cues_tokenize_words_and_em_dashes() {
        let tokens = tokenize("Yes, he said—and then: no — never");
        let shown: Vec<(&str, bool, bool)> = tokens
            .iter()
            .map(|t| (t.text, t.space_before, t.clause_end))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("Yes,", false, true),
                ("he", true, false),
                ("said—", true, true),
                ("and", false, false),
                ("then:", true, true),
                ("no", true, false),
                ("—", true, true),
                ("never", true, false),
            ]
        );
        assert_eq!(join(&tokens), "Yes, he said—and then: no — never");
        // A closing quote stays with its clause.
        let tokens = tokenize("on “issues of concern,” Butler said");
        let ends: Vec<&str> = tokens
            .iter()
            .filter(|t| t.clause_end)
            .map(|t| t.text)
            .collect();
        assert_eq!(ends, vec!["concern,”"]);
        // Not a clause end: a comma or colon inside a number, a final dash.
        let tokens = tokenize("At 10:30 it cost $1,500 —");
        assert!(tokens.iter().all(|t| !t.clause_end), "{tokens:?}");
    }

    #[test]
    fn export_cues_wrap_into_even_lines() {
        let one = tokenize("A short sentence fits on one line.");
        assert_eq!(lines(&one), vec!["A short sentence fits on one line."]);
        let two = tokenize("This sentence is a little too long to fit on a single line of text.");
        assert_eq!(
            lines(&two),
            vec![
                "This sentence is a little too long",
                "to fit on a single line of text."
            ]
        );
        // A word longer than a line has a line of its own, and the cue is split.
        let long = "x".repeat(50);
        let url = format!("See {long} now");
        let tokens = tokenize(&url);
        assert_eq!(lines(&tokens), vec!["See", &long, "now"]);
        assert_eq!(
            texts(&tokens, &split(&tokens)),
            vec![format!("See {long}"), "now".to_string()]
        );
        assert_eq!(lines(&tokens[..2]), vec!["See", &long]);
    }

    #[test]
    fn export_cues_split_at_clauses_then_between_words() {
        let text = "The minister, who had spent the morning in talks with union leaders, \
                    said on Tuesday that the strike would end; the unions did not agree.";
        let tokens = tokenize(text);
        let parts = split(&tokens);
        assert_eq!(
            texts(&tokens, &parts),
            vec![
                "The minister, who had spent the morning in talks with union leaders,",
                "said on Tuesday that the strike would end; the unions did not agree."
            ]
        );
        assert_eq!(
            lines(&tokens[parts[1].clone()]),
            vec![
                "said on Tuesday that the strike would end;",
                "the unions did not agree."
            ]
        );
        // No clause break: between words, as even as possible.
        let text = "one two three four five six seven eight nine ten eleven twelve thirteen \
                    fourteen fifteen sixteen seventeen eighteen nineteen twenty";
        let tokens = tokenize(text);
        let parts = split(&tokens);
        let shown = texts(&tokens, &parts);
        assert_eq!(parts.len(), 2, "{shown:?}");
        for part in &parts {
            assert!(lines(&tokens[part.clone()]).len() <= 2);
        }
        let widths: Vec<usize> = shown.iter().map(|s| width(s)).collect();
        assert!(widths[0].abs_diff(widths[1]) < 12, "{shown:?}");
        assert_eq!(shown.join(" "), text);
        // A very long sentence without a clause break: cues that fit, in little time.
        let text = "word ".repeat(5000);
        let tokens = tokenize(text.trim());
        let parts = split(&tokens);
        // Eight four-letter words a line (39 characters; nine take 44), sixteen a cue.
        assert_eq!(parts.len(), 5000_usize.div_ceil(16));
        assert!(parts.iter().all(|p| fits(&tokens[p.clone()])));
        assert_eq!(parts.last().map(|p| p.end), Some(5000));
    }

    /// A one-sentence transcript at 1000 Hz (a sample a millisecond) whose written
    /// words start 100 ms apart from 1000 ms, the word "strike" late, at 3500 ms.
    fn timed(text: &str) -> Transcript {
        let mut t = transcript(1000, 10_000, &[(text, text, 1000, 8000)]);
        let mut at = 1000;
        t.sentences[0].words = crate::speak::align::written_words(text)
            .into_iter()
            .map(|r| {
                let word = &text[r.clone()];
                at = if word == "strike" { 3500 } else { at + 100 };
                crate::export::TimedWord {
                    text: word.to_string(),
                    chars: (
                        text[..r.start].chars().count(),
                        text[..r.end].chars().count(),
                    ),
                    start: at - 100,
                    end: at,
                    estimated: false,
                }
            })
            .collect();
        t
    }

    #[test]
    fn export_cues_meet_at_the_start_of_a_word_and_list_the_words_inside() {
        let text = "The minister, who had spent the morning in talks with union leaders, \
                    said the strike would end; the unions did not agree.";
        let t = timed(text);
        let got = cues(&t);
        assert_eq!(got.len(), 2, "{got:?}");
        // The second cue starts with "said", the 13th word: 1000 + 12 × 100 ms.
        assert_eq!(got[0].start_ms, 1000);
        assert_eq!(got[0].end_ms, 2200);
        assert_eq!(got[1].start_ms, 2200);
        assert!(got[1].lines[0].starts_with("said"));
        // Every word after a cue's first is listed, at its line and offset.
        assert_eq!(got[0].words.len(), 11, "{:?}", got[0].words);
        assert_eq!(got[0].words[0], (0, 4, 1100), "“minister,” at 1100 ms");
        let strike = got[1]
            .words
            .iter()
            .find(|&&(line, offset, _)| got[1].lines[line][offset..].starts_with("strike"))
            .expect("strike is listed");
        assert_eq!(strike.2, 3400);
        // After "strike", the words go on from its time, in order.
        let times: Vec<u64> = got[1].words.iter().map(|w| w.2).collect();
        assert!(times.windows(2).all(|p| p[0] < p[1]), "{times:?}");
        assert!(times
            .iter()
            .all(|&ms| ms > got[1].start_ms && ms < got[1].end_ms));
    }

    #[test]
    fn export_cues_align_written_and_spoken_text_at_clauses() {
        // "$5" is spoken long: the written clause break maps to the spoken one.
        let a = Alignment::new("It cost $5, they said.", "It cost five dollars, they said.");
        assert_eq!(a.share(0), 0.0);
        assert!((a.share(11) - 21.0 / 32.0).abs() < 1e-9);
        assert_eq!(a.share(22), 1.0);
        // Different clause breaks: proportional to the written position.
        let a = Alignment::new("It was 10: then, later", "It was ten then later");
        assert!((a.share(11) - 0.5).abs() < 1e-9);
        // Phonemes hold no clause break.
        assert_eq!(clause_ends("Hi [[zEl'En z'i: v'oUt]], ok"), vec![(25, ',')]);
        // An empty spoken form: proportional to the written text.
        let a = Alignment::new("abcd", "");
        assert!((a.share(2) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn export_cues_round_inward_and_skip_silent_sentences() {
        // At 3000 Hz, three samples a millisecond.
        let t = transcript(
            3000,
            30_000,
            &[
                ("Hello there.", "Hello there.", 301, 2999),
                ("Nothing.", "Nothing.", 2999, 2999),
                ("Too short.", "Too short.", 4000, 4002),
                ("   ", "", 5000, 6000),
                ("Bye.", "Bye.", 6000, 9000),
            ],
        );
        let got: Vec<(usize, u64, u64)> = cues(&t)
            .iter()
            .map(|c| (c.sentence, c.start_ms, c.end_ms))
            .collect();
        // 301 / 3 = 100.33 ms up to 101; 2999 / 3 = 999.67 down to 999.
        assert_eq!(got, vec![(1, 101, 999), (5, 2000, 3000)]);
    }

    #[test]
    fn export_cues_of_a_long_sentence_tile_its_span() {
        let clause = "and the committee said the report would be published next week";
        let text = format!("{clause}, {clause}, {clause}, {clause} after the vote.");
        assert!(width(&text) > 250);
        let t = transcript(
            48000,
            2_000_000,
            &[
                ("Before.", "Before.", 48_000, 96_000),
                (&text, &text, 123_457, 1_000_003),
                ("After.", "After.", 1_100_000, 1_200_000),
            ],
        );
        let all = cues(&t);
        let long: Vec<&Cue> = all.iter().filter(|c| c.sentence == 2).collect();
        assert_eq!(long.len(), 4, "{long:#?}");
        // 123457 / 48 = 2572.02 ms, up; 1000003 / 48 = 20833.40, down.
        assert_eq!(long[0].start_ms, 2573);
        assert_eq!(long[3].end_ms, 20833);
        for pair in long.windows(2) {
            assert_eq!(pair[0].end_ms, pair[1].start_ms);
        }
        for c in &long {
            assert!(c.start_ms < c.end_ms);
            assert!(c.lines.len() <= MAX_LINES, "{c:?}");
            assert!(c.lines.iter().all(|l| width(l) <= LINE_CHARS), "{c:?}");
        }
        let shown: Vec<String> = long.iter().map(|c| c.lines.join(" ")).collect();
        assert_eq!(shown.join(" "), text);
        // The first break after the first clause and its comma, at its share of the text
        // (a little under a quarter: the last part is longer).
        let share = (width(clause) + 1) as f64 / width(&text) as f64;
        let quarter = (123_457.0 + (1_000_003.0 - 123_457.0) * share) / 48.0;
        assert_eq!(long[0].end_ms, quarter.round() as u64, "{long:#?}");
    }
}
