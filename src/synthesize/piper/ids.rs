//! Phonemes in, the model's input ids out, the way Piper builds them: the
//! beginning-of-sentence id `^` and a pad `_`, then every phoneme's ids each followed by
//! a pad, then the end-of-sentence id `$`. Phonemes are the Unicode scalars of the
//! espeak-ng IPA text after canonical decomposition (NFD), so "ç" is "c" and a combining
//! cedilla; ones the voice has no id for are skipped, as Piper does.

use super::config::PiperConfig;
use crate::synthesize::espeak::Clause;
use unicode_normalization::UnicodeNormalization;

pub const PAD: char = '_';
pub const BOS: char = '^';
pub const EOS: char = '$';

/// The phonemes of each sentence: espeak-ng's clauses with their punctuation kept, a
/// space after a comma, colon or semicolon, split where a clause ends a sentence. Piper
/// strips espeak-ng's language-switch marks such as `(en)`, and so does this.
pub fn sentences(clauses: &[Clause]) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for clause in clauses {
        current.push_str(&strip_language_marks(&clause.phonemes));
        if let Some(t) = clause.terminator {
            current.push(t);
            if matches!(t, ',' | ':' | ';') {
                current.push(' ');
            }
        }
        if clause.ends_sentence {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.retain(|s| !s.trim().is_empty());
    out
}

/// A sentence's phonemes cut into pieces of at most `max` phonemes, at the clause
/// breaks (`, `, `: `, `; `) that [`sentences`] leaves in them, greedily: as few pieces
/// as fit; a clause longer than `max` is then cut between words into pieces of about
/// equal length ([`word_pieces`]). Every phoneme is kept, in order.
pub fn clause_pieces(phonemes: &str, max: usize) -> Vec<&str> {
    clause_runs(phonemes, max)
        .into_iter()
        .flat_map(|p| word_pieces(p, max))
        .collect()
}

/// `phonemes` cut between words (at spaces) into as few pieces of about equal length as
/// keep each within `max` phonemes; a single word longer than `max` stays whole.
pub fn word_pieces(phonemes: &str, max: usize) -> Vec<&str> {
    let length = phonemes.chars().count();
    if length <= max || max == 0 {
        return vec![phonemes];
    }
    let parts = length.div_ceil(max);
    // The byte index after every space, with its position in phonemes.
    let breaks: Vec<(usize, usize)> = phonemes
        .char_indices()
        .enumerate()
        .filter(|(_, (_, c))| *c == ' ')
        .map(|(n, (i, _))| (n + 1, i + 1))
        .collect();
    let mut pieces = Vec::with_capacity(parts);
    let mut start = (0, 0);
    for k in 1..parts {
        let target = length * k / parts;
        // The break nearest the target that leaves the piece within max.
        let best = breaks
            .iter()
            .filter(|(n, _)| *n > start.0 && n - start.0 <= max)
            .min_by_key(|(n, _)| n.abs_diff(target));
        if let Some(&(n, i)) = best {
            pieces.push(&phonemes[start.1..i]);
            start = (n, i);
        }
    }
    pieces.push(&phonemes[start.1..]);
    pieces.retain(|p| !p.trim().is_empty());
    pieces
}

/// [`clause_pieces`] without cutting inside a clause.
fn clause_runs(phonemes: &str, max: usize) -> Vec<&str> {
    if phonemes.chars().count() <= max {
        return vec![phonemes];
    }
    // The end (byte index) of every clause.
    let mut ends: Vec<usize> = phonemes
        .match_indices([',', ':', ';'])
        .filter(|(i, _)| phonemes[i + 1..].starts_with(' '))
        .map(|(i, _)| i + 2)
        .collect();
    ends.push(phonemes.len());
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut last_fit = None;
    for &end in &ends {
        if phonemes[start..end].chars().count() <= max {
            last_fit = Some(end);
            continue;
        }
        // This clause does not fit with the ones before it: close the piece before it,
        // or, when it alone is too long, let it be a piece of its own.
        let cut = last_fit.filter(|&f| f > start).unwrap_or(end);
        pieces.push(&phonemes[start..cut]);
        start = cut;
        last_fit = (phonemes[start..end].chars().count() <= max).then_some(end);
        if last_fit.is_none() && start < end {
            pieces.push(&phonemes[start..end]);
            start = end;
        }
    }
    if start < phonemes.len() {
        pieces.push(&phonemes[start..]);
    }
    pieces.retain(|p| !p.trim().is_empty());
    pieces
}

/// `phonemes` without the `(xx)` marks espeak-ng puts around words of another language.
fn strip_language_marks(phonemes: &str) -> String {
    let mut out = String::with_capacity(phonemes.len());
    let mut depth = 0usize;
    for c in phonemes.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The input ids of one sentence's phonemes.
pub fn phoneme_ids(phonemes: &str, config: &PiperConfig) -> Vec<i64> {
    let map = &config.phoneme_id_map;
    let ids_of = |c: char| map.get(&c).map(Vec::as_slice).unwrap_or(&[]);
    let mut ids = Vec::with_capacity(2 * phonemes.len() + 3);
    ids.extend_from_slice(ids_of(BOS));
    ids.extend_from_slice(ids_of(PAD));
    for c in phonemes.nfd() {
        if let Some(phoneme) = map.get(&c) {
            ids.extend_from_slice(phoneme);
            ids.extend_from_slice(ids_of(PAD));
        }
    }
    ids.extend_from_slice(ids_of(EOS));
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> PiperConfig {
        PiperConfig::parse(
            r#"{"audio": {"sample_rate": 22050},
                "phoneme_id_map": {"_": [0], "^": [1], "$": [2], " ": [3], ",": [8],
                  ".": [10], "c": [17], "h": [20], "ə": [59], "l": [24], "o": [27],
                  "ʊ": [100], "ˈ": [120], "̧": [140]}}"#,
        )
        .unwrap()
    }

    fn clause(phonemes: &str, terminator: Option<char>, ends_sentence: bool) -> Clause {
        Clause {
            phonemes: phonemes.into(),
            terminator,
            ends_sentence,
        }
    }

    #[test]
    fn ids_are_bos_pad_then_each_phoneme_and_a_pad_then_eos() {
        assert_eq!(
            phoneme_ids("həlˈoʊ.", &config()),
            vec![1, 0, 20, 0, 59, 0, 24, 0, 120, 0, 27, 0, 100, 0, 10, 0, 2]
        );
        // Unknown phonemes are skipped; an empty sentence is just ^ _ $.
        assert_eq!(phoneme_ids("hx", &config()), vec![1, 0, 20, 0, 2]);
        assert_eq!(phoneme_ids("", &config()), vec![1, 0, 2]);
    }

    #[test]
    fn phonemes_are_decomposed_before_lookup() {
        // "ç" (U+00E7) is "c" (17) and a combining cedilla (140).
        assert_eq!(phoneme_ids("ç", &config()), vec![1, 0, 17, 0, 140, 0, 2]);
    }

    #[test]
    fn long_sentences_are_cut_at_clause_breaks_only() {
        let s = "aaaa, bbbb; cccc: dddd.";
        assert_eq!(clause_pieces(s, 100), vec![s]);
        assert_eq!(clause_pieces(s, 12), vec!["aaaa, bbbb; ", "cccc: dddd."]);
        assert_eq!(
            clause_pieces(s, 6),
            vec!["aaaa, ", "bbbb; ", "cccc: ", "dddd."]
        );
        // A clause longer than the limit stays whole.
        assert_eq!(
            clause_pieces("aaaaaaaaaa, bb.", 4),
            vec!["aaaaaaaaaa, ", "bb."]
        );
        assert_eq!(clause_pieces("abcdefgh", 3), vec!["abcdefgh"]);
        // A clause too long is cut between words, in pieces of about equal length.
        assert_eq!(
            clause_pieces("aa bb cc dd ee ff.", 10),
            vec!["aa bb cc ", "dd ee ff."]
        );
        assert_eq!(
            word_pieces("aaaa bbbb cccc", 5),
            vec!["aaaa ", "bbbb ", "cccc"]
        );
        // Nothing is lost or reordered.
        let long = "wˈʌn, tˈuː, θɹˈiː; fˈɔːɹ: fˈaɪv, sˈɪks.";
        for max in 1..40 {
            assert_eq!(clause_pieces(long, max).concat(), long, "max {max}");
        }
    }

    #[test]
    fn clauses_become_sentences_with_their_punctuation() {
        let clauses = [
            clause("həlˈoʊ", Some(','), false),
            clause("wˈɜːld", Some('.'), true),
            clause("(en)ɡʊd(fr)bˈaɪ", None, true),
        ];
        assert_eq!(sentences(&clauses), vec!["həlˈoʊ, wˈɜːld.", "ɡʊdbˈaɪ"]);
        assert!(sentences(&[]).is_empty());
    }
}
