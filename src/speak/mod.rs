//! Stage 4, **speak**: a narrated sentence's text in, the text a voice should read out.
//!
//! A [`Speaker`] runs [`Normalizer`]s in order, each rewriting one kind of written form
//! for the ear: the user's lexicon first, then web addresses, telephone numbers,
//! party-state tags, date and weekday ranges, dates (and ranges again, for an end a
//! date became), times, money, units, references ("Ch. 3", "§ 12"), scores and votes,
//! numbers fused with letters ("49ers", "3D"), numbers, symbols, titles, Roman
//! numerals and acronyms. The stage is
//! deterministic, the same for every voice, idempotent (speaking its own output
//! changes nothing) and never drops text: a token no normalizer understands passes
//! through unchanged.
//!
//! The spoken forms follow US newsroom reading: docs/speech.md lists them all, each
//! normalizer's doc its own, and tests/data/speak.tsv holds their cases.
//! Three conventions hold across them, because the voices' phonemizer (espeak-ng, for
//! both engines) reads them reliably and no later normalizer takes them for something
//! else: numbers become words ("twenty-two"); letters read one by one are capitals
//! joined by hyphens ("F-B-I", "U-S", "a-m" for "a.m."), never dotted, since a dot
//! before a capital ends espeak-ng's sentence; acronyms read as words are written as
//! names ("Nato").
//!
//! Everything English lives in the normalizers' tables and in [`words`]; another
//! language brings its own normalizer list and number words, chosen by
//! [`Speaker::for_language`] from the article's language (other languages get only
//! the web addresses and the lexicon yet: their voices read digits in their own
//! language).
//!
//! The [`lexicon`] may write phonemes into the text as espeak-ng's phoneme input,
//! `[[zEl'EnskI]]`; no other normalizer sees those spans, and any `[[` or `]]` of the
//! written text is split, so a voice reads as phonemes only what the lexicon wrote.

pub mod align;
pub mod lexicon;
pub mod words;

mod acronyms;
pub(crate) mod dates;
mod fused;
mod money;
mod numbers;
mod parties;
mod phones;
mod ranges;
mod references;
mod roman;
mod scores;
mod symbols;
mod times;
mod titles;
mod units;
mod web;

pub use acronyms::Acronyms;
pub use dates::Dates;
pub use fused::Fused;
pub use lexicon::Lexicon;
pub use money::Money;
pub use numbers::Numbers;
pub use parties::Parties;
pub use phones::Phones;
pub use ranges::Ranges;
pub use references::References;
pub use roman::Roman;
pub use scores::Scores;
pub use symbols::Symbols;
pub use times::Times;
pub use titles::Titles;
pub use units::Units;
pub use web::Web;

use regex::{Captures, Regex};

/// Rewrites one kind of written form into its spoken form.
pub trait Normalizer: Send + Sync {
    fn normalize(&self, text: &str) -> String;

    /// Does the one-time set-up (compiling patterns) now rather than on first use.
    fn prepare(&self) {}
}

/// The user's lexicon, then the normalizers of one language, in order.
pub struct Speaker {
    lexicon: Lexicon,
    normalizers: Vec<Box<dyn Normalizer>>,
}

impl Default for Speaker {
    /// US English.
    fn default() -> Self {
        Speaker {
            lexicon: Lexicon::default(),
            normalizers: vec![
                Box::new(Web),
                // Before anything reads their digits as a year, a range or a count.
                Box::new(Phones),
                // Before the acronyms spell "N.Y." and the titles see "Sen.".
                Box::new(Parties),
                // Before the dates, which would say each end of "Nov. 7-9" alone.
                Box::new(Ranges),
                Box::new(Dates),
                // Again: a range whose end the dates just wrote as a month's name
                // ("January-1/1/2000" "January to January first, two thousand").
                Box::new(Ranges),
                Box::new(Times),
                Box::new(Money),
                Box::new(Units),
                // Before the numbers: "Sec. 230" is a section, not the Secretary.
                Box::new(References),
                Box::new(Scores),
                Box::new(Fused),
                Box::new(Numbers),
                // Before the titles, which read an abbreviation by the word after it:
                // they see the word a symbol is said as ("Jr. #A" "junior number A").
                Box::new(Symbols),
                // After the numbers, which change what follows an abbreviation.
                Box::new(Titles),
                Box::new(Roman),
                // Last: whether a sentence is shouted counts the words the others say.
                Box::new(Acronyms),
            ],
        }
    }
}

impl Speaker {
    /// The speaker for a language ("en-us", "en-GB", "de"): the US English normalizers
    /// for English; for another language only the language-independent ones (web
    /// addresses, besides the lexicon every speaker applies), so that the voice reads
    /// numbers, dates and symbols in its own language rather than in English words.
    pub fn for_language(language: &str) -> Speaker {
        let primary = language.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") {
            Speaker::default()
        } else {
            Speaker::new(vec![Box::new(Web)])
        }
    }

    pub fn new(normalizers: Vec<Box<dyn Normalizer>>) -> Speaker {
        Speaker {
            lexicon: Lexicon::default(),
            normalizers,
        }
    }

    /// Compiles every normalizer's patterns now, in parallel, rather than while the
    /// first sentence is spoken.
    pub fn prepare(&self) {
        use rayon::prelude::*;
        self.normalizers.par_iter().for_each(|n| n.prepare());
    }

    /// The same speaker with `lexicon` applied before its normalizers.
    pub fn with_lexicon(self, lexicon: Lexicon) -> Speaker {
        Speaker { lexicon, ..self }
    }

    /// The lexicon it applies first.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The spoken form of `text`: the lexicon first, then the normalizers on the text
    /// between the phoneme spans it wrote, which pass through untouched.
    pub fn speak(&self, text: &str) -> String {
        self.speak_with(&self.lexicon, text)
    }

    /// The spoken form `text` would have without the lexicon: to tell whether the
    /// lexicon made it what it is.
    pub fn speak_without_lexicon(&self, text: &str) -> String {
        self.speak_with(&Lexicon::default(), text)
    }

    fn speak_with(&self, lexicon: &Lexicon, text: &str) -> String {
        let written = lexicon.normalize(text);
        let mut spoken = String::with_capacity(written.len());
        for piece in lexicon::pieces(&written) {
            match piece {
                lexicon::Piece::Phonemes(span) => spoken.push_str(span),
                lexicon::Piece::Text(text) => {
                    let mut piece = without_marks(text);
                    for n in &self.normalizers {
                        piece = n.normalize(&piece);
                    }
                    spoken.push_str(&piece);
                }
            }
        }
        spoken
    }
}

/// Whether `c` is a typographic mark with nothing to say: a bullet, an end-of-story
/// mark ("■", "∎"), a geometric shape or a dingbat. Writers put them in for the eye;
/// a voice would read their Unicode names ("black square") or stumble.
pub fn is_mark(c: char) -> bool {
    matches!(c, '\u{2022}' | '\u{2023}' | '\u{2043}' | '\u{220E}' | '\u{25A0}'..='\u{25FF}' | '\u{2700}'..='\u{27BF}')
}

/// `text` without its typographic marks, in every language; the white space a mark
/// stood between is kept once.
fn without_marks(text: &str) -> String {
    if !text.contains(is_mark) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_mark(c) {
            out.push(c);
            continue;
        }
        // Drop the mark and the spaces after it when a space or the text's start is
        // already before it.
        if out.is_empty() || out.ends_with(char::is_whitespace) {
            while chars.peek().is_some_and(|c| *c == ' ') {
                chars.next();
            }
        }
    }
    if text.trim_end().ends_with(is_mark) {
        out.truncate(out.trim_end().len());
    }
    out
}

/// Replaces each match of `pattern` in `text` by what `spoken` says for it; a match for
/// which it says `None` stays as written. `spoken` also gets the whole text, since the
/// `regex` crate has no look-around and context decides many readings.
pub(crate) fn rewrite(
    text: &str,
    pattern: &Regex,
    mut spoken: impl FnMut(&Captures, &str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut last = 0;
    for caps in pattern.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        if let Some(replacement) = spoken(&caps, text) {
            out.push_str(&text[last..whole.start()]);
            out.push_str(&replacement);
            last = whole.end();
        }
    }
    out.push_str(&text[last..]);
    out
}
