//! The user's pronunciation lexicon, the first step of the speak stage: a sentence's
//! written text in, the same text out with every listed word or name replaced by its
//! spoken form (`[say]`, "Qatar" → "Kuh-tar") or by its phonemes (`[phonemes]`, in
//! espeak-ng's ASCII phoneme mnemonics, written into the text as espeak-ng's phoneme
//! input `[[zEl'EnskI]]`, which both engines read as phonemes). Case rules: a key with
//! a capital letter matches exactly that spelling ("Xi" matches "Xi", not "XI" or
//! "xi"); an all-lowercase key matches the word in any capitalisation ("covid" matches
//! "covid", "Covid" and "COVID"); the replacement is written as the file gives it.
//! Matches are whole words: not preceded or followed by a letter, a digit, or a hyphen
//! or apostrophe that joins on to a further letter or digit ("Qatar" does not match in
//! "Qatari" or "Qatar-based"), except that a possessive `'s` or `’s` after the word is
//! kept ("Milley's" → "Milly's"; after phonemes it is spoken inside them). A key of
//! several words matches across any run of white space. Where matches overlap, the
//! longest key wins (and, of equally long ones, a key with capitals). Any `[[` or `]]`
//! that the text itself contains is split ("[ [") on the way through, so that the only
//! phoneme spans a voice ever sees are the lexicon's.

use super::Normalizer;
use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use toml::Spanned;

/// What a key is replaced by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spoken {
    /// Text the voice reads instead.
    Say(String),
    /// espeak-ng phoneme mnemonics, written as `[[…]]`.
    Phonemes(String),
}

/// One entry: a key (white space collapsed to single spaces) and what it becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    key: String,
    /// The key's characters, lower-cased when `any_case`.
    chars: Vec<char>,
    /// An all-lowercase key, which matches in any capitalisation.
    any_case: bool,
    spoken: Spoken,
    /// The file and line it was read from, to blame it for what it does.
    origin: Option<Origin>,
}

/// Where a lexicon entry was written: its file and the line of its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub path: std::path::PathBuf,
    pub line: usize,
}

/// An entry of a lexicon that replaced something in a text: for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Used<'a> {
    /// The key as the file gives it (white space collapsed).
    pub key: &'a str,
    /// How many characters it writes into the spoken form.
    pub spoken_chars: usize,
    pub origin: Option<&'a Origin>,
}

impl Entry {
    /// An entry for `key`, its white space collapsed already.
    fn new(key: String, spoken: Spoken) -> Entry {
        let any_case = !key.chars().any(char::is_uppercase);
        let chars: Vec<char> = if any_case {
            key.chars().flat_map(char::to_lowercase).collect()
        } else {
            key.chars().collect()
        };
        Entry {
            key,
            chars,
            any_case,
            spoken,
            origin: None,
        }
    }
}

/// A pronunciation lexicon: keys and their spoken forms or phonemes.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    entries: Vec<Entry>,
    /// Entries by the lower-cased first character of their key.
    by_first: HashMap<char, Vec<usize>>,
    /// The insides of the phoneme spans this lexicon writes (with and without a
    /// possessive), which it keeps when it meets them again.
    spans: HashSet<String>,
}

/// A lexicon file as TOML gives it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(default)]
    say: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    phonemes: BTreeMap<Spanned<String>, Spanned<String>>,
}

impl Lexicon {
    /// Reads a lexicon file.
    pub fn load(path: &Path) -> Result<Lexicon> {
        let error = |message: String| Error::Lexicon {
            path: path.to_path_buf(),
            message,
        };
        let bytes = std::fs::read(path).map_err(|e| error(format!("cannot read it: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            error(format!(
                "not valid UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        Lexicon::parse(&text, path)
    }

    /// Parses the TOML text of a lexicon file; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Lexicon> {
        let error = |message: String| Error::Lexicon {
            path: path.to_path_buf(),
            message,
        };
        let file: LexiconFile = toml::from_str(text).map_err(|e| {
            let at = e
                .span()
                .map(|s| format!("{}: ", position(text, s.start)))
                .unwrap_or_default();
            let message: Vec<&str> = e.message().lines().map(str::trim).collect();
            error(format!("invalid TOML: {at}{}", message.join("; ")))
        })?;
        // Every entry with where it stands, checked in the order of the file.
        let mut raw: Vec<(&str, Spanned<String>, Spanned<String>)> = Vec::new();
        raw.extend(file.say.into_iter().map(|(k, v)| ("say", k, v)));
        raw.extend(file.phonemes.into_iter().map(|(k, v)| ("phonemes", k, v)));
        raw.sort_by_key(|(_, k, _)| k.span().start);
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut lexicon = Lexicon::default();
        let mut seen: HashMap<String, (&str, String)> = HashMap::new();
        for (table, key, value) in raw {
            let line = format!(
                "line {}",
                line_starts.partition_point(|&s| s <= key.span().start)
            );
            let written = key.get_ref().as_str();
            let normal = written.split_whitespace().collect::<Vec<_>>().join(" ");
            if normal.is_empty() {
                return Err(error(format!("{line}: an empty key in [{table}]")));
            }
            // TOML refuses a key twice in one table; this is the same key twice in
            // both tables, or twice with other white space.
            if let Some((other, first)) = seen.get(&normal) {
                return Err(error(format!(
                    "{line}: \"{written}\" in [{table}] is the same key as \"{first}\" in [{other}]"
                )));
            }
            seen.insert(normal.clone(), (table, written.to_string()));
            let value = value.into_inner();
            if value.trim().is_empty() {
                return Err(error(format!("{line}: \"{written}\" has an empty value")));
            }
            if value.contains(char::is_control) {
                return Err(error(format!(
                    "{line}: the value of \"{written}\" contains a control character"
                )));
            }
            if value.contains("[[") || value.contains("]]") {
                return Err(error(format!(
                    "{line}: the value of \"{written}\" contains `[[` or `]]`; write phonemes without brackets in [phonemes]"
                )));
            }
            let spoken = if table == "say" {
                Spoken::Say(value)
            } else {
                if value.contains(['[', ']']) {
                    return Err(error(format!(
                        "{line}: the phonemes of \"{written}\" contain a bracket"
                    )));
                }
                Spoken::Phonemes(value.trim().to_string())
            };
            let mut entry = Entry::new(normal, spoken);
            entry.origin = Some(Origin {
                path: path.to_path_buf(),
                line: line_starts.partition_point(|&s| s <= key.span().start),
            });
            lexicon.entries.push(entry);
        }
        lexicon.index();
        Ok(lexicon)
    }

    /// Adds `other`'s entries, which replace entries of this lexicon with the same key.
    pub fn extend(&mut self, other: Lexicon) {
        let mut at: HashMap<String, usize> = (self.entries.iter().enumerate())
            .map(|(i, e)| (e.key.clone(), i))
            .collect();
        for entry in other.entries {
            match at.get(&entry.key) {
                Some(&i) => self.entries[i] = entry,
                None => {
                    at.insert(entry.key.clone(), self.entries.len());
                    self.entries.push(entry);
                }
            }
        }
        self.index();
    }

    /// How many entries it has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// What `key` (exactly as written in a file, white space aside) is replaced by.
    pub fn get(&self, key: &str) -> Option<&Spoken> {
        let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
        self.entries
            .iter()
            .find(|e| e.key == key)
            .map(|e| &e.spoken)
    }

    /// The entries that replace something in `text`, in order, each once.
    pub fn used_in(&self, text: &str) -> Vec<Used<'_>> {
        if self.entries.is_empty() {
            return Vec::new();
        }
        let chars: Vec<char> = text.chars().collect();
        let mut used: Vec<Used<'_>> = Vec::new();
        for m in self.matches(&chars) {
            let e = &self.entries[m.entry];
            if used.iter().any(|u| u.key == e.key) {
                continue;
            }
            let spoken_chars = match &e.spoken {
                Spoken::Say(s) => s.chars().count(),
                // The span's brackets are spoken text too.
                Spoken::Phonemes(p) => p.chars().count() + 4,
            };
            used.push(Used {
                key: &e.key,
                spoken_chars,
                origin: e.origin.as_ref(),
            });
        }
        used
    }

    /// Rebuilds the lookup tables from the entries.
    fn index(&mut self) {
        self.by_first.clear();
        self.spans.clear();
        for (i, e) in self.entries.iter().enumerate() {
            if let Some(&first) = e.chars.first() {
                self.by_first.entry(lower(first)).or_default().push(i);
            }
            if let Spoken::Phonemes(p) = &e.spoken {
                self.spans.insert(p.clone());
                self.spans.insert(format!("{p}{}", possessive(p)));
            }
        }
    }

    /// The matches to replace in `text`: longest key first, none overlapping, in order.
    fn matches(&self, text: &[char]) -> Vec<Match> {
        let mut found = Vec::new();
        for start in 0..text.len() {
            if joined_before(text, start) {
                continue;
            }
            let Some(candidates) = self.by_first.get(&lower(text[start])) else {
                continue;
            };
            for &entry in candidates {
                if let Some(m) = self.match_at(text, start, entry) {
                    found.push(m);
                }
            }
        }
        // Longest key first; of equal ones a key with capitals, then the earlier one.
        found.sort_by_key(|m| {
            let e = &self.entries[m.entry];
            (std::cmp::Reverse(e.chars.len()), e.any_case, m.start)
        });
        let mut taken: Vec<Match> = Vec::new();
        for m in found {
            if taken.iter().all(|t| m.end <= t.start || m.start >= t.end) {
                taken.push(m);
            }
        }
        taken.sort_by_key(|m| m.start);
        taken
    }

    /// Entry `entry` as a whole word at `start` of `text`, if it is there.
    fn match_at(&self, text: &[char], start: usize, entry: usize) -> Option<Match> {
        let e = &self.entries[entry];
        let mut at = start;
        for &k in &e.chars {
            let &c = text.get(at)?;
            if k == ' ' {
                if !c.is_whitespace() {
                    return None;
                }
                while text.get(at).is_some_and(|c| c.is_whitespace()) {
                    at += 1;
                }
                continue;
            }
            let same = if e.any_case {
                c == k || c.to_lowercase().eq(k.to_lowercase())
            } else {
                c == k
            };
            if !same {
                return None;
            }
            at += 1;
        }
        let end = at;
        // A possessive 's after the word: the word matches, the 's stays.
        let has_possessive = matches!(text.get(end), Some('\'' | '’'))
            && matches!(text.get(end + 1), Some('s' | 'S'))
            && !text
                .get(end + 2)
                .is_some_and(|&c| continues(text, end + 2, c));
        if !has_possessive && text.get(end).is_some_and(|&c| continues(text, end, c)) {
            return None;
        }
        Some(Match {
            start,
            end,
            after_possessive: has_possessive.then_some(end + 2),
            entry,
        })
    }

    /// Replaces the matches in `text` (written text, no spans of this lexicon in it).
    fn replace_into(&self, text: &str, out: &mut SpokenText) {
        if self.entries.is_empty() {
            out.text(text);
            return;
        }
        let chars: Vec<char> = text.chars().collect();
        let mut last = 0;
        for m in self.matches(&chars) {
            out.text(&chars[last..m.start].iter().collect::<String>());
            match &self.entries[m.entry].spoken {
                Spoken::Say(s) => {
                    out.text(s);
                    last = m.end;
                }
                Spoken::Phonemes(p) => match m.after_possessive {
                    Some(after) => {
                        out.span(&format!("{p}{}", possessive(p)));
                        last = after;
                    }
                    None => {
                        out.span(p);
                        last = m.end;
                    }
                },
            }
        }
        out.text(&chars[last..].iter().collect::<String>());
    }
}

impl Normalizer for Lexicon {
    fn normalize(&self, text: &str) -> String {
        if self.entries.is_empty() && !text.contains(['[', ']']) {
            return text.to_string();
        }
        let mut out = SpokenText::default();
        for piece in pieces(text) {
            match piece {
                Piece::Phonemes(span) if self.spans.contains(inside(span)) => {
                    out.span(inside(span))
                }
                Piece::Phonemes(span) | Piece::Text(span) => self.replace_into(span, &mut out),
            }
        }
        out.text
    }
}

/// One match of an entry in a text, as character indices.
#[derive(Debug, Clone, Copy)]
struct Match {
    start: usize,
    /// The end of the key.
    end: usize,
    /// The end of a possessive `'s` after the key, when there is one.
    after_possessive: Option<usize>,
    entry: usize,
}

/// A piece of spoken text: a phoneme span `[[…]]` (brackets included) or the text
/// between spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Phonemes(&'a str),
}

/// `text` cut into phoneme spans and the text around them. A span is `[[`, at least
/// one character that is not a bracket, and `]]`; any other bracket is text.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut last = 0;
    let mut from = 0;
    while let Some(open) = text[from..].find("[[").map(|i| from + i) {
        let inner = &text[open + 2..];
        let len = inner.find(['[', ']']).unwrap_or(inner.len());
        if len > 0 && inner[len..].starts_with("]]") {
            if open > last {
                out.push(Piece::Text(&text[last..open]));
            }
            let end = open + 2 + len + 2;
            out.push(Piece::Phonemes(&text[open..end]));
            last = end;
            from = end;
        } else {
            from = open + 1;
        }
    }
    if last < text.len() {
        out.push(Piece::Text(&text[last..]));
    }
    out
}

/// The phonemes inside a span `[[…]]`.
fn inside(span: &str) -> &str {
    span.strip_prefix("[[")
        .and_then(|s| s.strip_suffix("]]"))
        .unwrap_or(span)
}

/// Spoken text being built: text with its brackets split, and phoneme spans kept apart
/// from brackets next to them, so that `[[` and `]]` stand only around the spans.
#[derive(Default)]
struct SpokenText {
    text: String,
}

impl SpokenText {
    fn text(&mut self, s: &str) {
        for c in s.chars() {
            if matches!(c, '[' | ']') && self.text.ends_with(c) {
                self.text.push(' ');
            }
            self.text.push(c);
        }
    }

    fn span(&mut self, phonemes: &str) {
        if self.text.ends_with('[') {
            self.text.push(' ');
        }
        self.text.push_str("[[");
        self.text.push_str(phonemes);
        self.text.push_str("]]");
    }
}

/// The phonemes of a possessive `'s` after `phonemes`, as English says it: "Iz" after a
/// hissing sound (s, z, sh, zh, ch, j), "s" after another voiceless sound, else "z".
fn possessive(phonemes: &str) -> &'static str {
    // Stress, length and syllable marks are not sounds.
    let sounds = phonemes.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\'' | ',' | '%' | '=' | ':' | '#' | ';' | '_' | '-')
    });
    match sounds.chars().last() {
        Some('s' | 'z' | 'S' | 'Z') => "I#z",
        Some('p' | 't' | 'k' | 'f' | 'T' | 'x') => "s",
        _ => "z",
    }
}

/// Whether `c`, at `at` of `text`, carries the word on: a letter, a digit, a combining
/// mark, or a hyphen or apostrophe with a letter or digit after it.
fn continues(text: &[char], at: usize, c: char) -> bool {
    word_char(c) || (joiner(c) && text.get(at + 1).is_some_and(|&n| word_char(n)))
}

/// Whether the word at `start` is joined on to what comes before it: a letter, digit or
/// mark just before it, or a hyphen or apostrophe with one of those before it.
fn joined_before(text: &[char], start: usize) -> bool {
    let Some(&before) = start.checked_sub(1).and_then(|i| text.get(i)) else {
        return false;
    };
    word_char(before)
        || (joiner(before)
            && start
                .checked_sub(2)
                .and_then(|i| text.get(i))
                .is_some_and(|&c| word_char(c)))
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Hyphens and apostrophes, which join parts of one word.
fn joiner(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\'' | '’')
}

/// The first character of `c` lower-cased.
fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// "line L, column C" of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let line_start = text.as_bytes()[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = text
        .get(line_start..offset)
        .map_or(1, |s| s.chars().count() + 1);
    format!("line {}, column {column}", line_of(text, offset))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::speak::{Speaker, Titles};

    fn lexicon(toml: &str) -> Lexicon {
        Lexicon::parse(toml, Path::new("test.toml")).expect("a valid lexicon")
    }

    fn error(toml: &str) -> String {
        Lexicon::parse(toml, Path::new("bad.toml"))
            .expect_err("an invalid lexicon")
            .to_string()
    }

    const NEWS: &str = r#"
        [say]
        "Milley" = "Milly"
        "Qatar" = "Kuh-tar"
        "nato" = "Nato"
        "Gen Z" = "Jen Zee"
        "Gen" = "General"
        [phonemes]
        "Zelenskyy" = "zEl'EnskI"
        "covid" = "k'oUvId"
        "covid-19" = "k'oUvId naInt'i:n"
    "#;

    fn say(text: &str) -> String {
        lexicon(NEWS).normalize(text)
    }

    #[test]
    fn a_key_with_capitals_matches_exactly_that_spelling() {
        assert_eq!(say("Milley spoke."), "Milly spoke.");
        assert_eq!(
            say("MILLEY spoke. milley too."),
            "MILLEY spoke. milley too."
        );
        assert_eq!(say("From Qatar, with love"), "From Kuh-tar, with love");
    }

    #[test]
    fn an_all_lowercase_key_matches_any_capitalisation() {
        assert_eq!(say("NATO, Nato, nato, nAtO"), "Nato, Nato, Nato, Nato");
        assert_eq!(say("COVID rates; Covid"), "[[k'oUvId]] rates; [[k'oUvId]]");
    }

    #[test]
    fn only_whole_words_match() {
        for text in [
            "Qatari officials",
            "the Qatar-based fund",
            "ex-Qatar",
            "Milley2",
            "2Milley",
            "Milleys",
            "Milley'd",
            "O'Milley",
            "naton",
            "Qatar\u{301}",
        ] {
            assert_eq!(say(text), text, "{text}");
        }
        // Punctuation, dashes and hyphens that join nothing are word boundaries.
        assert_eq!(
            say("(Milley) \"Milley\" Milley—Qatar, Milley- and -Qatar 'Milley'"),
            "(Milly) \"Milly\" Milly—Kuh-tar, Milly- and -Kuh-tar 'Milly'"
        );
    }

    #[test]
    fn a_possessive_is_kept() {
        assert_eq!(say("Milley's call"), "Milly's call");
        assert_eq!(say("Milley’s call"), "Milly’s call");
        assert_eq!(say("MILLEY'S"), "MILLEY'S");
        assert_eq!(say("NATO'S summit"), "Nato'S summit");
        // Not a possessive when a letter follows.
        assert_eq!(say("Milley'sx"), "Milley'sx");
        // After phonemes it is spoken inside the span, as English says it.
        assert_eq!(say("Zelenskyy's plan"), "[[zEl'EnskIz]] plan");
        assert_eq!(say("Zelenskyy’s."), "[[zEl'EnskIz]].");
        assert_eq!(possessive("m'aIk"), "s");
        assert_eq!(possessive("b'US"), "I#z");
        assert_eq!(possessive("b'Ul"), "z");
        assert_eq!(possessive("k,ams'A:"), "z");
    }

    #[test]
    fn multi_word_keys_match_across_white_space_and_the_longest_key_wins() {
        assert_eq!(say("Gen Z voters"), "Jen Zee voters");
        assert_eq!(say("Gen  Z and Gen\nZ"), "Jen Zee and Jen Zee");
        assert_eq!(say("Gen Zed"), "General Zed");
        assert_eq!(
            say("COVID-19 and covid"),
            "[[k'oUvId naInt'i:n]] and [[k'oUvId]]"
        );
        // Overlapping keys that start in different places: the longer one.
        let lex = lexicon("[say]\n\"New York\" = \"A\"\n\"York Times staff\" = \"B\"\n");
        assert_eq!(lex.normalize("New York Times staff"), "New B");
        // Equally long: the key with capitals wins over the any-case one.
        let lex = lexicon("[say]\n\"qatar\" = \"lower\"\n\"Qatar\" = \"exact\"\n");
        assert_eq!(lex.normalize("Qatar QATAR"), "exact lower");
    }

    #[test]
    fn entries_of_a_later_file_replace_the_same_key() {
        let mut lex = lexicon(NEWS);
        let user = lexicon("[phonemes]\n\"Milley\" = \"m'IlI\"\n[say]\n\"Kyiv\" = \"Keev\"\n");
        lex.extend(user);
        assert_eq!(lex.get("Milley"), Some(&Spoken::Phonemes("m'IlI".into())));
        assert_eq!(lex.get("Qatar"), Some(&Spoken::Say("Kuh-tar".into())));
        assert_eq!(
            lex.normalize("Milley in Kyiv and Qatar"),
            "[[m'IlI]] in Keev and Kuh-tar"
        );
        // Case is part of the key: "milley" is another entry than "Milley".
        lex.extend(lexicon("[say]\n\"milley\" = \"x\"\n"));
        assert_eq!(lex.normalize("Milley MILLEY"), "[[m'IlI]] x");
        assert_eq!(lex.len(), 10);
    }

    #[test]
    fn brackets_of_the_text_never_make_a_phoneme_span() {
        let lex = lexicon(NEWS);
        assert_eq!(lex.normalize("a [[b]] c"), "a [ [b] ] c");
        assert_eq!(lex.normalize("[[[x"), "[ [ [x");
        assert_eq!(
            Lexicon::default().normalize("wiki [[Link]]"),
            "wiki [ [Link] ]"
        );
        // Editorial brackets around a phoneme entry stay apart from its span.
        assert_eq!(lex.normalize("[Zelenskyy] said"), "[ [[zEl'EnskI]] ] said");
        assert_eq!(
            pieces(&lex.normalize("[Zelenskyy] said")),
            vec![
                Piece::Text("[ "),
                Piece::Phonemes("[[zEl'EnskI]]"),
                Piece::Text(" ] said")
            ]
        );
    }

    #[test]
    fn speaking_its_own_output_changes_nothing() {
        let lex = lexicon(NEWS);
        for text in [
            "Zelenskyy's talks with Milley in Qatar about COVID-19 and Gen Z.",
            "[Zelenskyy] and [[x]]",
        ] {
            let once = lex.normalize(text);
            assert_eq!(lex.normalize(&once), once, "{text}");
        }
    }

    #[test]
    fn pieces_split_spans_from_text() {
        assert_eq!(
            pieces("say [[h@l'oU]] now"),
            vec![
                Piece::Text("say "),
                Piece::Phonemes("[[h@l'oU]]"),
                Piece::Text(" now")
            ]
        );
        assert_eq!(pieces("no [[ span"), vec![Piece::Text("no [[ span")]);
        assert_eq!(pieces("[[]]"), vec![Piece::Text("[[]]")]);
        assert_eq!(
            pieces("[[[a]]"),
            vec![Piece::Text("["), Piece::Phonemes("[[a]]")]
        );
        assert!(pieces("").is_empty());
    }

    /// A normalizer that would wreck phonemes: digits to words, `@` to "at", upper case.
    struct Wrecker;
    impl Normalizer for Wrecker {
        fn normalize(&self, text: &str) -> String {
            text.replace('3', "three")
                .replace('@', " at ")
                .to_uppercase()
        }
    }

    #[test]
    fn phoneme_spans_pass_the_other_normalizers_untouched() {
        let lex = lexicon("[phonemes]\n\"Erdogan\" = \"'3:d@U,gan\"\n");
        let speaker = Speaker::new(vec![Box::new(Wrecker)]).with_lexicon(lex);
        assert_eq!(
            speaker.speak("Erdogan met 3 envoys @ noon."),
            "[['3:d@U,gan]] MET THREE ENVOYS  AT  NOON."
        );
        // The real titles normalizer still reads the text around a span.
        let lex = lexicon("[phonemes]\n\"Shoigu\" = \"SOIg'u:\"\n");
        let speaker = Speaker::new(vec![Box::new(Titles)]).with_lexicon(lex);
        assert_eq!(
            speaker.speak("Shoigu met Gen. Mark Milley."),
            "[[SOIg'u:]] met General Mark Milley."
        );
        // Without a lexicon, brackets of the text are split all the same.
        assert_eq!(Speaker::default().speak("a [[b]]"), "a [ [b] ]");
    }

    #[test]
    fn bad_files_are_refused_with_the_line() {
        let e = error("[say]\n\"Qatar\" = \"Kuh-tar\"\n\"\" = \"x\"\n");
        assert!(
            e.contains("bad.toml") && e.contains("line 3: an empty key"),
            "{e}"
        );
        let e = error("[say]\n\"  \" = \"x\"\n");
        assert!(e.contains("line 2: an empty key"), "{e}");
        let e = error("[say]\n\"Qatar\" = \"\"\n");
        assert!(e.contains("line 2: \"Qatar\" has an empty value"), "{e}");
        let e = error("[phonemes]\n\n\"Qatar\" = \"[[k'A:tA@]]\"\n");
        assert!(e.contains("line 3") && e.contains("`[[` or `]]`"), "{e}");
        let e = error("[say]\n\"Qatar\" = \"a ]] b\"\n");
        assert!(e.contains("line 2") && e.contains("`[[` or `]]`"), "{e}");
        let e = error("[phonemes]\n\"Qatar\" = \"k[A\"\n");
        assert!(e.contains("line 2") && e.contains("bracket"), "{e}");
        let e = error("[say]\n\"Qatar\" = \"a\\nb\"\n");
        assert!(e.contains("control character"), "{e}");
        let e = error("[say]\n\"Qatar\" = \"x\"\n[phonemes]\n\"Qatar\" = \"y\"\n");
        assert!(
            e.contains("line 4") && e.contains("same key as \"Qatar\" in [say]"),
            "{e}"
        );
        let e = error("[say]\n\"Gen Z\" = \"x\"\n\"Gen  Z\" = \"y\"\n");
        assert!(e.contains("line 3") && e.contains("same key"), "{e}");
        let e = error("[say]\n\"Qatar\" = 3\n");
        assert!(e.contains("invalid TOML: line 2, column 11"), "{e}");
        let e = error("[say]\n\"Qatar\" = \"x\"\n\"Qatar\" = \"y\"\n");
        assert!(e.contains("invalid TOML: line 3"), "{e}");
        let e = error("[sya]\n\"Qatar\" = \"x\"\n");
        assert!(
            e.contains("invalid TOML: line 1") && e.contains("sya"),
            "{e}"
        );
        let e = error("[say\n");
        assert!(e.contains("invalid TOML: line 1"), "{e}");
        for e in [error("[say]\n\"Qatar\" = 3\n"), error("[say\n")] {
            assert_eq!(e.lines().count(), 1, "one line: {e}");
        }
    }

    #[test]
    fn an_empty_file_is_an_empty_lexicon() {
        let lex = lexicon("# nothing yet\n");
        assert!(lex.is_empty());
        assert_eq!(lex.normalize("Milley"), "Milley");
    }
}
