//! Word times from a Piper model's own phoneme durations: the model's graph, its
//! phoneme ids and the durations a run computed in; where each word of the spoken text
//! begins in the audio ([`WordMark`]s) out.
//!
//! # Where the durations come from
//! A VITS model predicts how long each input id lasts before it makes any audio:
//! `w_ceil = ceil(exp(logw) · x_mask · length_scale)`, in frames of the decoder's hop
//! (256 samples for Piper's medium voices), and the audio is exactly
//! `sum(w_ceil) · hop` samples long. [`find_output`] finds that tensor in the graph by
//! its place rather than by its name (the names depend on the exporter): the output of
//! a `Ceil` node that a `CumSum` reads, directly or through a `Cast` (the cumulative
//! durations that build the alignment path). When the model loads,
//! [`super::noise::seed_noise`] adds it to the graph's outputs, and every run fetches
//! it beside the audio. The hop is derived per run (audio length / total frames) and
//! must divide the audio exactly. A model in which no such node is found, or a run
//! whose durations do not add up to its audio, gives no marks: the pipeline then
//! estimates the words and marks them as estimated.
//!
//! # From phonemes to words
//! The ids are made from espeak-ng's IPA as Piper makes them ([`super::ids`]):
//! `^ _ p₁ _ p₂ _ … $`, so every phoneme's time is the sum of the durations before its
//! first id. Words are the runs between spaces in the IPA ([`phoneme_words`]).
//! espeak-ng's words are not always the text's: it joins unstressed words to the next
//! ("of the" is `ʌvðə`, "is — “quoted”" one word), spells out letters as one word
//! ("F-B-I" is `ˈɛfbˈiːaɪ`), reads a number as several, says nothing for a dash. So
//! each word of the text is phonemized alone, and [`align`] matches those phonemes to
//! the sentence's phoneme words by the smallest edit distance, one text word to one or
//! more phoneme words, or several text words to one phoneme word, which is then cut
//! where their phonemes meet ([`segment`]). A word that makes no sound (a dash) joins
//! the word before it. When the phonemes of the text and of the sentence differ too
//! much to trust the match ([`MAX_MISMATCH`]), no marks are given (and the words are
//! estimated) rather than guessed.
//!
//! # Why by hand
//! The alignment is two small dynamic programmes over a sentence's words (tens of
//! them), tied to espeak-ng's output and to Piper's ids; no crate does this.

use super::config::PiperConfig;
use super::ids::{BOS, PAD};
use super::noise::{field, fields, first_string, LENGTH_DELIMITED};
use crate::synthesize::WordMark;
use std::collections::{HashMap, HashSet};
use unicode_normalization::UnicodeNormalization;

/// The name of this way of timing words, part of the voice's identity (cached clips
/// carry their marks): change it whenever the marks a text gets change.
pub const SCHEME: &str = "narrate-durations-1";

/// The most edit distance, as a share of the sentence's phonemes, at which the text's
/// words are still matched to the sentence's phoneme words. Measured on the seed: the
/// words of a sentence differ by a few per cent (a vowel reduced in context, "e.g."
/// read as "for example" costs more); a voice whose phonemes are not espeak-ng's, or a
/// text phonemized by another voice, differs by far more.
pub const MAX_MISMATCH: f64 = 0.35;

/// The name of the model's phoneme durations (`w_ceil`): the output of the `Ceil` node
/// that a `CumSum` reads, directly or through a `Cast`; `None` when there is not
/// exactly one such node.
pub fn find_output(model: &[u8]) -> Result<Option<String>, String> {
    let graph = fields(model)?
        .into_iter()
        .find(|f| f.number == field::MODEL_GRAPH && f.wire_type == LENGTH_DELIMITED)
        .ok_or("the model has no graph")?;
    let mut ceils = Vec::new();
    let mut casts: HashMap<String, String> = HashMap::new();
    let mut summed: HashSet<String> = HashSet::new();
    for f in fields(graph.payload)? {
        if f.number != field::GRAPH_NODE || f.wire_type != LENGTH_DELIMITED {
            continue;
        }
        let op = first_string(f.payload, field::NODE_OP_TYPE)?.unwrap_or_default();
        let strings = |number: u64| -> Result<Vec<String>, String> {
            Ok(fields(f.payload)?
                .iter()
                .filter(|g| g.number == number && g.wire_type == LENGTH_DELIMITED)
                .map(|g| String::from_utf8_lossy(g.payload).into_owned())
                .collect())
        };
        match op.as_str() {
            "Ceil" => ceils.extend(strings(field::NODE_OUTPUT)?),
            "Cast" => {
                if let (Some(input), Some(output)) = (
                    strings(field::NODE_INPUT)?.first(),
                    strings(field::NODE_OUTPUT)?.first(),
                ) {
                    casts.insert(output.clone(), input.clone());
                }
            }
            "CumSum" => {
                if let Some(input) = strings(field::NODE_INPUT)?.into_iter().next() {
                    summed.insert(input);
                }
            }
            _ => {}
        }
    }
    // What the CumSums read, seen through one Cast.
    let read: HashSet<&String> = summed
        .iter()
        .map(|s| casts.get(s).unwrap_or(s))
        .chain(summed.iter())
        .collect();
    let found: Vec<String> = ceils.into_iter().filter(|c| read.contains(c)).collect();
    Ok(match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    })
}

/// A word of a piece's IPA (a run between spaces), with where each of its phonemes
/// begins in the chunk's samples.
#[derive(Debug, Clone, PartialEq)]
pub struct PhonemeWord {
    /// Its phonemes (Unicode scalars after NFD, as the ids are made), those the voice
    /// has ids for.
    pub phonemes: Vec<char>,
    /// The sample where each phoneme begins.
    pub starts: Vec<usize>,
    /// The sample one past its last id (the pad after its last phoneme).
    pub end: usize,
}

/// The words of one piece's `phonemes` (given to the model as
/// [`super::ids::phoneme_ids`] makes them) timed by the `durations` the run gave (one
/// per id, in frames) for its `samples` samples, placed `offset` samples into the
/// chunk; `None` when the durations do not fit the ids or the audio.
pub fn phoneme_words(
    phonemes: &str,
    config: &PiperConfig,
    durations: &[f32],
    samples: usize,
    offset: usize,
) -> Option<Vec<PhonemeWord>> {
    let frames: Vec<usize> = durations
        .iter()
        .map(|&d| (d.is_finite() && d >= 0.0).then_some(d.round() as usize))
        .collect::<Option<_>>()?;
    let total: usize = frames.iter().sum();
    let hop = samples.checked_div(total)?;
    if hop == 0 || hop * total != samples {
        return None;
    }
    // Where each id begins, in frames.
    let mut begins = Vec::with_capacity(frames.len() + 1);
    let mut at = 0;
    for f in &frames {
        begins.push(at);
        at += f;
    }
    begins.push(at);
    let sample = |id: usize| begins.get(id).map(|&f| offset + f * hop);
    // The ids as `phoneme_ids` makes them: counted, not built.
    let map = &config.phoneme_id_map;
    let count = |c: char| map.get(&c).map_or(0, Vec::len);
    let pad = count(PAD);
    let mut id = count(BOS) + pad;
    let mut words = Vec::new();
    let mut current: Option<PhonemeWord> = None;
    for c in phonemes.nfd() {
        let Some(ids) = map.get(&c) else {
            continue;
        };
        if c.is_whitespace() {
            if let Some(mut word) = current.take() {
                word.end = sample(id)?;
                words.push(word);
            }
        } else {
            let word = current.get_or_insert_with(|| PhonemeWord {
                phonemes: Vec::new(),
                starts: Vec::new(),
                end: 0,
            });
            word.phonemes.push(c);
            word.starts.push(sample(id)?);
        }
        id += ids.len() + pad;
    }
    if let Some(mut word) = current.take() {
        word.end = sample(id)?;
        words.push(word);
    }
    // The end-of-sentence id and nothing more: the durations are the ids'.
    (id + count(super::ids::EOS) == frames.len()).then_some(words)
}

/// Whether a phoneme is compared when matching words: stress and length marks and
/// punctuation are not (espeak-ng moves stress and drops length in context).
fn compared(c: &char) -> bool {
    !(matches!(c, 'ˈ' | 'ˌ' | 'ː' | '-') || c.is_whitespace() || c.is_ascii_punctuation())
}

/// The compared phonemes of `phonemes`.
fn key(phonemes: &str) -> Vec<char> {
    phonemes.nfd().filter(compared).collect()
}

/// The edit distance (insertions, deletions, substitutions) between `a` and `b`.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// Where a word of the text begins among the phoneme words: phoneme word `word`, at its
/// phoneme `phoneme` (0 unless espeak-ng joined it to the word before).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub word: usize,
    pub phoneme: usize,
}

/// The most phoneme words one text word may take beyond those it has alone.
const EXTRA_SPLIT: usize = 2;
/// The most text words espeak-ng is taken to join into one phoneme word.
const MAX_JOINED: usize = 4;

/// How far (in words) a match may stray from the diagonal of text words against
/// phoneme words, from the ratio of their counts.
const BAND: usize = 12;

/// One step of the alignment: `text` text words matched to `phonemes` phoneme words.
#[derive(Debug, Clone, Copy)]
struct Step {
    text: usize,
    phonemes: usize,
}

/// Matches the words of the text, each given by its phonemes said alone (`alone`, IPA,
/// empty for a word that makes no sound), to the sentence's phoneme words (`spoken`,
/// their phonemes): where each text word begins, `None` for one that makes no sound.
/// `None` overall when the best match differs in more than [`MAX_MISMATCH`] of the
/// phonemes.
pub fn align(alone: &[String], spoken: &[Vec<char>]) -> Option<Vec<Option<Place>>> {
    let text: Vec<Vec<char>> = alone.iter().map(|a| key(a)).collect();
    let alone_words: Vec<usize> = alone.iter().map(|a| a.split_whitespace().count()).collect();
    let phonemes: Vec<Vec<char>> = spoken
        .iter()
        .map(|w| w.iter().copied().filter(compared).collect())
        .collect();
    let (n, m) = (text.len(), phonemes.len());
    // cost[i][j]: the least cost of matching the first i text words to the first j
    // phoneme words, in hundredths of an edit, plus one for every step that is not one
    // word to one word (so that ties go to the plain match).
    const EDIT: usize = 100;
    let mut cost = vec![vec![usize::MAX; m + 1]; n + 1];
    let mut step = vec![
        vec![
            Step {
                text: 0,
                phonemes: 0
            };
            m + 1
        ];
        n + 1
    ];
    cost[0][0] = 0;
    let concat = |words: &[Vec<char>]| -> Vec<char> { words.concat() };
    for i in 0..=n {
        // Only near the diagonal: joins and splits drift a match off it by a few words,
        // and a sentence of hundreds of words stays cheap.
        let diagonal = i * m / n.max(1);
        let band = diagonal.saturating_sub(BAND)..=(diagonal + BAND).min(m);
        for j in band {
            let here = cost[i][j];
            if here == usize::MAX {
                continue;
            }
            let mut offer = |t: usize, p: usize, c: usize| {
                if here + c < cost[i + t][j + p] {
                    cost[i + t][j + p] = here + c;
                    step[i + t][j + p] = Step {
                        text: t,
                        phonemes: p,
                    };
                }
            };
            if i < n {
                // A text word that makes no sound (or that espeak-ng left out).
                offer(1, 0, text[i].len() * EDIT + 1);
                // One text word to one or more phoneme words.
                let most = (alone_words[i].max(1) + EXTRA_SPLIT).min(m - j);
                for p in 1..=most {
                    let penalty = usize::from(p != alone_words[i].max(1));
                    offer(
                        1,
                        p,
                        distance(&text[i], &concat(&phonemes[j..j + p])) * EDIT + penalty,
                    );
                }
                // Several text words joined into one phoneme word.
                if j < m {
                    for t in 2..=MAX_JOINED.min(n - i) {
                        offer(
                            t,
                            1,
                            distance(&concat(&text[i..i + t]), &phonemes[j]) * EDIT + 1,
                        );
                    }
                }
            }
            if j < m {
                // A phoneme word for no text word: it lengthens the word before.
                offer(0, 1, phonemes[j].len() * EDIT + 1);
            }
        }
    }
    let total: usize = phonemes.iter().map(Vec::len).sum::<usize>().max(1);
    if cost[n][m] / EDIT > (MAX_MISMATCH * total as f64) as usize {
        return None;
    }
    // The steps, from the end back.
    let mut steps = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let s = step[i][j];
        steps.push((i - s.text, j - s.phonemes, s));
        i -= s.text;
        j -= s.phonemes;
    }
    steps.reverse();
    let mut places = vec![None; n];
    for (i, j, s) in steps {
        match (s.text, s.phonemes) {
            (0, _) => {}
            (_, 0) => places[i] = None,
            (1, _) => {
                places[i] = Some(Place {
                    word: j,
                    phoneme: 0,
                })
            }
            (t, _) => {
                // Joined words: the phoneme word cut where their phonemes meet, each
                // cut moved back from compared phonemes to the word's own.
                let own: Vec<usize> = spoken[j]
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| compared(c))
                    .map(|(k, _)| k)
                    .collect();
                let cuts = segment(&phonemes[j], &text[i..i + t]);
                for (k, cut) in cuts.into_iter().enumerate() {
                    places[i + k] = if text[i + k].is_empty() {
                        None
                    } else {
                        Some(Place {
                            word: j,
                            phoneme: own.get(cut).copied().unwrap_or(spoken[j].len()),
                        })
                    };
                }
                // The first word begins with the phoneme word, its marks included.
                if let Some(first) = places[i].as_mut() {
                    first.phoneme = 0;
                }
            }
        }
    }
    Some(places)
}

/// Where each of `parts` begins in `word`: the cut of `word` into as many consecutive
/// runs (the first at 0) that differs least from them, run by run.
pub fn segment(word: &[char], parts: &[Vec<char>]) -> Vec<usize> {
    let (len, count) = (word.len(), parts.len());
    if count == 0 {
        return Vec::new();
    }
    // best[p][x]: the least cost of making word[..x] of the first p parts.
    let mut best = vec![vec![usize::MAX; len + 1]; count + 1];
    let mut from = vec![vec![0; len + 1]; count + 1];
    best[0][0] = 0;
    for p in 1..=count {
        for x in 0..=len {
            for y in 0..=x {
                if best[p - 1][y] == usize::MAX {
                    continue;
                }
                let c = best[p - 1][y] + distance(&word[y..x], &parts[p - 1]);
                if c < best[p][x] {
                    best[p][x] = c;
                    from[p][x] = y;
                }
            }
        }
    }
    let mut starts = vec![0; count];
    let mut x = len;
    for p in (1..=count).rev() {
        x = from[p][x];
        starts[p - 1] = x;
    }
    starts
}

/// The word marks of `text` (its words as [`crate::synthesize::word_ranges`] gives
/// them, each `alone` phonemized) from the timed phoneme words of its speech: a word
/// begins where its first phoneme does and ends where the next word begins (the last
/// where its phoneme words end); a word that makes no sound joins the word before it (or
/// after it, at the start). `None` when [`align`] finds no trustworthy match.
pub fn word_marks(
    words: &[(usize, usize)],
    alone: &[String],
    spoken: &[PhonemeWord],
) -> Option<Vec<WordMark>> {
    // Phoneme words without a compared phoneme (a lone punctuation mark) are pauses.
    let spoken: Vec<&PhonemeWord> = spoken
        .iter()
        .filter(|w| w.phonemes.iter().any(compared))
        .collect();
    let phonemes: Vec<Vec<char>> = spoken.iter().map(|w| w.phonemes.clone()).collect();
    let places = align(alone, &phonemes)?;
    let end = spoken.last().map_or(0, |w| w.end);
    // (text start, text end, sample start) of each sounding word, silent ones joined.
    let mut marks: Vec<(usize, usize, usize)> = Vec::new();
    let mut waiting: Option<usize> = None;
    for (&(a, b), place) in words.iter().zip(&places) {
        match place {
            Some(p) => {
                let word = spoken[p.word];
                let start = word.starts.get(p.phoneme).copied().unwrap_or(word.end);
                marks.push((waiting.take().unwrap_or(a), b, start));
            }
            None => match marks.last_mut() {
                Some(last) => last.1 = b,
                None => {
                    waiting.get_or_insert(a);
                }
            },
        }
    }
    let mut out: Vec<WordMark> = Vec::with_capacity(marks.len());
    for (k, &(text_start, text_end, start)) in marks.iter().enumerate() {
        let next = marks.get(k + 1).map_or(end, |m| m.2);
        out.push(WordMark {
            text_start,
            text_end,
            start,
            end: next.max(start),
            estimated: false,
        });
    }
    // Starts never go back: a match that would put a word before the one ahead of it
    // is not trusted.
    out.windows(2)
        .all(|w| w[0].start <= w[1].start)
        .then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthesize::espeak;
    use crate::synthesize::piper::ids;
    use crate::synthesize::piper::noise::{node, put_bytes};
    use crate::synthesize::word_ranges;

    fn chars(words: &str) -> Vec<Vec<char>> {
        words.split(' ').map(|w| w.chars().collect()).collect()
    }

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    fn at(word: usize, phoneme: usize) -> Option<Place> {
        Some(Place { word, phoneme })
    }

    /// Words espeak-ng says as it writes them: one to one.
    #[test]
    fn words_said_as_written_match_one_to_one() {
        let places = align(
            &strings(&["ðə", "kˈaʊnsəl", "vˈoʊɾᵻd"]),
            &chars("ðə kˈaʊnsəl vˈoʊɾᵻd."),
        );
        assert_eq!(places, Some(vec![at(0, 0), at(1, 0), at(2, 0)]));
    }

    /// Cases where espeak-ng's phoneme words are not the text's words, one table: the
    /// text's words said alone, the sentence's phoneme words, where each text word
    /// begins (phoneme word, phoneme).
    #[test]
    fn joined_split_and_silent_words_are_matched() {
        type Case<'a> = (&'a str, &'a [&'a str], &'a str, &'a [Option<Place>]);
        let cases: &[Case] = &[
            (
                "'of the' is one phoneme word, cut where 'the' begins",
                &["wˈʌn", "ʌv", "ðə", "bˈɛst"],
                "wˈʌn ʌvðə bˈɛst",
                &[at(0, 0), at(1, 0), at(1, 2), at(2, 0)],
            ),
            (
                "'in the' joined, 'the' said 'ðɪ' in context",
                &["ˈɪn", "ðə", "mˈɔːɹnɪŋ."],
                "ɪnðɪ mˈɔːɹnɪŋ.",
                &[at(0, 0), at(0, 2), at(1, 0)],
            ),
            (
                "a number said alone as two words is two phoneme words in the sentence",
                &["ɪn", "nˈaɪntiːnhˈʌndɹɪd nˈaɪnti, ", "æt"],
                "ɪn nˈaɪntiːnhˈʌndɹɪd nˈaɪnti, æt",
                &[at(0, 0), at(1, 0), at(3, 0)],
            ),
            (
                "'twenty-two' said alone as two words, as one in the sentence",
                &["pˈeɪd", "twˈɛnti tˈuː", "dˈɑːlɚz"],
                "pˈeɪd twˈɛntitˈuː dˈɑːlɚz",
                &[at(0, 0), at(1, 0), at(2, 0)],
            ),
            (
                "letters 'F-B-I': one phoneme word, stress moved in context",
                &["ðə", "ˈɛfbˈiːˈaɪ", "ˈeɪdʒənt"],
                "ðɪ ˈɛfbˈiːaɪ ˈeɪdʒənt",
                &[at(0, 0), at(1, 0), at(2, 0)],
            ),
            (
                "a dash makes no sound; the words around it are joined",
                &["ɪt", "ɪz", "", "kwˈoʊɾᵻd"],
                "ɪɾ ˈɪzkwˈoʊɾᵻd",
                &[at(0, 0), at(1, 0), None, at(1, 3)],
            ),
            (
                "a lexicon phoneme span is one word like any other",
                &["sˈɛd", "həlˈoʊ", "tuː"],
                "sˈɛd həlˈoʊ tə",
                &[at(0, 0), at(1, 0), at(2, 0)],
            ),
            (
                "'e.g.' read as 'for example' in context: matched by its neighbours",
                &[
                    "smˈɪθz",
                    "ˌiːdʒˈiː.",
                    "kˈoʊˈɑːp",
                    "wʌz",
                    "klˈoʊzd",
                    "lˈæst",
                    "mˈʌndeɪ.",
                ],
                "smˈɪθz fˌɔːɹɛɡzˈæmpəl kˈoʊˈɑːp wʌz klˈoʊzd lˈæst mˈʌndeɪ.",
                &[
                    at(0, 0),
                    at(1, 0),
                    at(2, 0),
                    at(3, 0),
                    at(4, 0),
                    at(5, 0),
                    at(6, 0),
                ],
            ),
        ];
        for (name, alone, spoken, expected) in cases {
            assert_eq!(
                align(&strings(alone), &chars(spoken)).as_deref(),
                Some(*expected),
                "{name}"
            );
        }
    }

    #[test]
    fn phonemes_that_do_not_match_the_text_give_no_places() {
        // One word read otherwise in a sentence of three is too much of it to trust.
        assert_eq!(
            align(
                &strings(&["smˈɪθz", "ˌiːdʒˈiː.", "kˈoʊˈɑːp."]),
                &chars("smˈɪθz fˌɔːɹɛɡzˈæmpəl kˈoʊˈɑːp.")
            ),
            None
        );
        // Another voice's phonemes, or another text: too far apart to trust.
        assert_eq!(
            align(&strings(&["ðə", "kˈaʊnsəl"]), &chars("bɹˈɪdʒ ɪz ʃˈʌt")),
            None
        );
        // Nothing said at all for words that have sounds.
        assert_eq!(align(&strings(&["ðə", "kˈaʊnsəl"]), &[]), None);
        // Nothing to match: no places, trusted.
        assert_eq!(align(&[], &[]), Some(vec![]));
    }

    #[test]
    fn a_word_is_cut_where_its_parts_meet() {
        let word: Vec<char> = "ʌvðə".chars().collect();
        let parts = chars("ʌv ðə");
        assert_eq!(segment(&word, &parts), vec![0, 2]);
        // A part that makes no sound takes nothing.
        let parts = vec!["ɪz".chars().collect(), vec![], "kwoʊɾᵻd".chars().collect()];
        let word: Vec<char> = "ɪzkwoʊɾᵻd".chars().collect();
        assert_eq!(segment(&word, &parts), vec![0, 2, 2]);
    }

    fn config() -> PiperConfig {
        PiperConfig::parse(
            r#"{"audio": {"sample_rate": 22050},
                "phoneme_id_map": {"_": [0], "^": [1], "$": [2], " ": [3], ".": [10],
                  "a": [14], "b": [15], "ˈ": [120]}}"#,
        )
        .unwrap()
    }

    #[test]
    fn phonemes_are_timed_by_the_durations_of_their_ids() {
        let config = config();
        // ^ _ a _ b _ ␠ _ ˈ _ a _ . _ $: 15 ids.
        let ids = ids::phoneme_ids("ab ˈa.", &config);
        assert_eq!(ids.len(), 15);
        let durations = [1., 2., 3., 1., 2., 1., 4., 1., 1., 1., 3., 1., 2., 1., 1.];
        let total = 25;
        let words = phoneme_words("ab ˈa.", &config, &durations, total * 256, 1000).unwrap();
        let s = |frames: usize| 1000 + frames * 256;
        assert_eq!(
            words,
            vec![
                PhonemeWord {
                    phonemes: vec!['a', 'b'],
                    starts: vec![s(3), s(7)],
                    // The word ends where the space's id begins.
                    end: s(10),
                },
                PhonemeWord {
                    phonemes: vec!['ˈ', 'a', '.'],
                    starts: vec![s(15), s(17), s(21)],
                    // The last word ends where the end-of-sentence id begins.
                    end: s(24),
                },
            ]
        );
        // Durations that are not the audio's, or not one per id, give nothing.
        assert!(phoneme_words("ab ˈa.", &config, &durations, total * 256 + 7, 0).is_none());
        assert!(phoneme_words("ab ˈa.", &config, &durations[1..], 24 * 256, 0).is_none());
        assert!(phoneme_words("ab", &config, &durations, total * 256, 0).is_none());
        let mut broken = durations;
        broken[3] = f32::NAN;
        assert!(phoneme_words("ab ˈa.", &config, &broken, total * 256, 0).is_none());
    }

    fn timed(phonemes: &str, starts: &[usize], end: usize) -> PhonemeWord {
        PhonemeWord {
            phonemes: phonemes.chars().collect(),
            starts: starts.to_vec(),
            end,
        }
    }

    #[test]
    fn marks_cover_the_text_and_silent_words_join_a_neighbour() {
        let text = "— Hello — world .";
        let words = word_ranges(text);
        let alone = strings(&["", "həlˈoʊ", "", "wˈɜːld", ""]);
        let spoken = [
            timed("həlˈoʊ", &[100, 110, 120, 130, 140, 150], 300),
            timed("wˈɜːld.", &[400, 410, 420, 430, 440, 450, 460], 700),
        ];
        let marks = word_marks(&words, &alone, &spoken).unwrap();
        let described: Vec<(&str, usize, usize, bool)> = marks
            .iter()
            .map(|m| (&text[m.text_start..m.text_end], m.start, m.end, m.estimated))
            .collect();
        assert_eq!(
            described,
            vec![("— Hello —", 100, 400, false), ("world .", 400, 700, false)]
        );
    }

    /// The phoneme words of a sentence as espeak-ng gives them, each text word said
    /// alone: the sentence cases of the table above, from the real phonemizer.
    #[test]
    fn real_sentences_match_their_words() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "One of the best of them.",
                &[("the", "ðə"), ("best", "bˈɛst")],
            ),
            (
                "He paid twenty-two dollars to the F-B-I agent.",
                &[
                    ("twenty-two", "twˈɛntitˈuː"),
                    ("F-B-I", "ˈɛfbˈiːaɪ"),
                    ("agent.", "ˈeɪdʒənt."),
                ],
            ),
            (
                "She said [[h@'loU]] to them.",
                &[("[[h@'loU]]", "həlˈoʊ"), ("to", "tə")],
            ),
            (
                "It is what it is — quoted words.",
                &[("quoted", "kwˈoʊɾᵻd"), ("words.", "wˈɜːdz.")],
            ),
        ];
        for (sentence, expected) in cases {
            let clauses = espeak::phonemize("en-us", sentence).unwrap();
            let phonemes = ids::sentences(&clauses).join(" ");
            let spoken: Vec<Vec<char>> = phonemes
                .split_whitespace()
                .map(|w| w.nfd().collect())
                .collect();
            let words = word_ranges(sentence);
            let alone: Vec<String> = words
                .iter()
                .map(|&(a, b)| {
                    ids::sentences(&espeak::phonemize("en-us", &sentence[a..b]).unwrap()).join(" ")
                })
                .collect();
            let places = align(&alone, &spoken).expect(sentence);
            // In order, and each expected word begins where its phonemes do.
            let flat: Vec<Place> = places.iter().flatten().copied().collect();
            assert!(
                flat.windows(2)
                    .all(|w| (w[0].word, w[0].phoneme) < (w[1].word, w[1].phoneme)),
                "{sentence}: {places:?}"
            );
            for (word, begins) in *expected {
                let k = words
                    .iter()
                    .position(|&(a, b)| &sentence[a..b] == *word)
                    .unwrap();
                let p = places[k].unwrap();
                let heard: String = spoken[p.word][p.phoneme..].iter().collect();
                let begins: String = begins.nfd().collect();
                assert!(
                    heard.starts_with(&begins),
                    "{sentence}: '{word}' begins at '{heard}', not '{begins}'"
                );
            }
        }
    }

    fn graph_model(nodes: &[Vec<u8>]) -> Vec<u8> {
        let mut graph = Vec::new();
        for n in nodes {
            put_bytes(&mut graph, field::GRAPH_NODE, n);
        }
        let mut model = Vec::new();
        put_bytes(&mut model, field::MODEL_GRAPH, &graph);
        model
    }

    #[test]
    fn the_durations_are_found_by_the_nodes_around_them() {
        let exp = node("Exp", "e", &["logw"], &["w"], &[]);
        let ceil = |out: &str| node("Ceil", "any name", &["w"], &[out], &[]);
        let cumsum = |input: &str| node("CumSum", "c", &[input, "axis"], &["cum"], &[]);
        let found = |nodes: &[Vec<u8>]| find_output(&graph_model(nodes)).unwrap();
        assert_eq!(
            found(&[exp.clone(), ceil("d"), cumsum("d")]),
            Some("d".into())
        );
        // Through a Cast, and whatever the order of the nodes.
        let cast = node("Cast", "k", &["d"], &["d64"], &[("to", 7)]);
        assert_eq!(found(&[cumsum("d64"), cast, ceil("d")]), Some("d".into()));
        // A Ceil nothing sums is not the durations; two that are, neither.
        assert_eq!(found(&[exp.clone(), ceil("d")]), None);
        assert_eq!(
            found(&[ceil("d"), ceil("e"), cumsum("d"), cumsum("e")]),
            None
        );
        assert!(find_output(&[0x0a, 0x05]).is_err());
    }
}
