//! Shapes the news segmenter recognises around a stop: text at a byte offset in, the
//! extent of the shape (or a verdict) out. List markers ("1.", "2.)", "iv.", "a)",
//! "• 9."), footnote markers (".11 12", ".[1]", "¹²"), parenthetical citations
//! ("(Moreau 112)."), and what counts as a sentence with words in it.
//!
//! Hand-written for the same reason as the segmenter: each shape is a few lines of
//! character tests at a known offset, run only at candidate stops.

use std::ops::Range;

/// Bullet symbols that open a list item ("• First thing", "⁃9. The item").
const BULLETS: &[char] = &['•', '⁃', '▪', '‣', '◦', '●', '○', '■', '□', '►', '▸'];

/// Dash and star bullets: accepted before a numbered marker ("- 9."), never alone,
/// since a dash alone is common in running text.
const PLAIN_BULLETS: &[char] = &['-', '*', '–', '—'];

/// How an item's ordinal is closed: "1." / "1)" / "1.)" (and "(1)").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    Period,
    Paren,
    PeriodParen,
    /// No ordinal at all: a bullet alone.
    None,
}

/// A list marker at the start of an item, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListMarker<'a> {
    /// The bullet before the ordinal, if any.
    pub bullet: Option<char>,
    /// The ordinal as written ("9", "b", "iv"), empty for a bullet alone.
    pub ordinal: &'a str,
    pub delimiter: Delimiter,
    /// Whether the ordinal was opened by "(" as in "(a)".
    pub parenthesised: bool,
    /// The bytes of the marker, delimiter included, in the text it was read from.
    pub span: Range<usize>,
}

impl ListMarker<'_> {
    /// Whether `next` continues the list this marker belongs to: the same bullet and
    /// delimiter, and the next number, letter or roman numeral.
    pub fn is_followed_by(&self, next: &ListMarker) -> bool {
        if self.bullet != next.bullet
            || self.delimiter != next.delimiter
            || self.parenthesised != next.parenthesised
        {
            return false;
        }
        if self.delimiter == Delimiter::None {
            return true;
        }
        successive(self.ordinal, next.ordinal)
    }

    /// An upper-case letter with a period ("B.") reads as an initial as often as a
    /// marker: such a marker opens an item only at the start of a sentence.
    pub fn may_be_initial(&self) -> bool {
        self.delimiter == Delimiter::Period
            && self.ordinal.len() == 1
            && self.ordinal.chars().all(|c| c.is_ascii_uppercase())
    }
}

/// The list marker that starts at byte `at` of `text`, if one does, followed by white
/// space or the end of the text.
pub fn list_marker(text: &str, at: usize) -> Option<ListMarker<'_>> {
    let rest = text.get(at..)?;
    let mut bullet = None;
    let mut pos = 0;
    if let Some(c) = rest.chars().next() {
        if BULLETS.contains(&c) || PLAIN_BULLETS.contains(&c) {
            bullet = Some(c);
            pos = c.len_utf8();
        }
    }
    let bullet_end = pos;
    pos += rest[pos..]
        .char_indices()
        .find(|&(_, c)| c != ' ' && c != '\u{a0}')
        .map_or(rest.len() - pos, |(i, _)| i);
    let spaced = |end: usize| rest[end..].chars().next().is_none_or(char::is_whitespace);
    if let Some((ordinal, delimiter, parenthesised, end)) = numbered(&rest[pos..]) {
        if spaced(pos + end) {
            return Some(ListMarker {
                bullet,
                ordinal,
                delimiter,
                parenthesised,
                span: at..at + pos + end,
            });
        }
    }
    // A bullet alone: one of the true bullet symbols, then white space.
    (bullet.is_some_and(|b| BULLETS.contains(&b)) && spaced(bullet_end)).then_some(ListMarker {
        bullet,
        ordinal: "",
        delimiter: Delimiter::None,
        parenthesised: false,
        span: at..at + bullet_end,
    })
}

/// An ordinal and its delimiter at the start of `s` ("9.", "2.)", "b)", "(iv)"), with
/// the byte length they take.
fn numbered(s: &str) -> Option<(&str, Delimiter, bool, usize)> {
    let parenthesised = s.starts_with('(');
    let mut pos = usize::from(parenthesised);
    let len = s[pos..]
        .char_indices()
        .find(|&(_, c)| !c.is_ascii_alphanumeric())
        .map_or(s.len() - pos, |(i, _)| i);
    let ordinal = &s[pos..pos + len];
    if !is_ordinal(ordinal) {
        return None;
    }
    pos += len;
    let delimiter = if s[pos..].starts_with(".)") {
        Delimiter::PeriodParen
    } else if s[pos..].starts_with(')') {
        Delimiter::Paren
    } else if s[pos..].starts_with('.') && !parenthesised {
        Delimiter::Period
    } else {
        return None;
    };
    pos += if delimiter == Delimiter::PeriodParen {
        2
    } else {
        1
    };
    Some((ordinal, delimiter, parenthesised, pos))
}

/// Whether `text` (a whole span) is nothing but a list marker: "7.", "iv.", "a)",
/// "• 9.", "2.)".
pub fn is_bare_marker(text: &str) -> bool {
    list_marker(text, 0).is_some_and(|m| m.span.end == text.len())
}

/// One to three digits, one ASCII letter, or a roman numeral up to 39.
fn is_ordinal(s: &str) -> bool {
    (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        || s.len() == 1 && s.bytes().all(|b| b.is_ascii_alphabetic())
        || roman_value(s).is_some()
}

/// Whether ordinal `b` comes right after ordinal `a` ("9" → "10", "b" → "c",
/// "iv" → "v"; "i", "v" and "x" may be letters or numerals).
fn successive(a: &str, b: &str) -> bool {
    if let (Ok(x), Ok(y)) = (a.parse::<u32>(), b.parse::<u32>()) {
        return y == x + 1;
    }
    let same_case =
        a.chars().all(|c| c.is_ascii_lowercase()) == b.chars().all(|c| c.is_ascii_lowercase());
    if !same_case {
        return false;
    }
    if let (Some(x), Some(y)) = (roman_value(a), roman_value(b)) {
        if y == x + 1 {
            return true;
        }
    }
    match (single_letter(a), single_letter(b)) {
        (Some(x), Some(y)) => y as u32 == x as u32 + 1,
        _ => false,
    }
}

fn single_letter(s: &str) -> Option<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
        _ => None,
    }
}

/// The value of a roman numeral made of i, v and x (one case throughout), up to 39.
fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 6 {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    if !(s == lower || s == s.to_ascii_uppercase()) {
        return None;
    }
    const NUMERALS: [&str; 39] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv",
        "xv", "xvi", "xvii", "xviii", "xix", "xx", "xxi", "xxii", "xxiii", "xxiv", "xxv", "xxvi",
        "xxvii", "xxviii", "xxix", "xxx", "xxxi", "xxxii", "xxxiii", "xxxiv", "xxxv", "xxxvi",
        "xxxvii", "xxxviii", "xxxix",
    ];
    NUMERALS
        .iter()
        .position(|n| *n == lower)
        .map(|i| i as u32 + 1)
}

fn is_superscript_digit(c: char) -> bool {
    matches!(c, '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹')
}

/// A footnote or reference marker glued to a stop, starting at byte `at` (right after
/// the stop): "11", "11 12" or "11,12" ("…the spring.14 15 Its"), "[1]", "[1][2]",
/// "[a]", "[citation needed]", "¹²". Returns where it ends, if it is followed by white
/// space and then something other than a lower-case letter.
pub fn footnote_after(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    let first = rest.chars().next()?;
    let end = if first.is_ascii_digit() {
        // Groups of up to three digits, separated by one space or comma.
        let bytes = rest.as_bytes();
        let mut pos = 0;
        loop {
            let digits = bytes[pos..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if !(1..=3).contains(&digits) {
                return None;
            }
            pos += digits;
            let joined = matches!(bytes.get(pos), Some(b' ' | b','))
                && bytes.get(pos + 1).is_some_and(u8::is_ascii_digit);
            if !joined {
                break;
            }
            pos += 1;
        }
        pos
    } else if first == '[' {
        let mut pos = 0;
        while rest[pos..].starts_with('[') {
            let close = rest[pos..].find(']')?;
            let inner = &rest[pos + 1..pos + close];
            let note = !inner.is_empty()
                && inner.chars().count() <= 24
                && inner
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, ' ' | ',' | '-' | '–'));
            if !note {
                return None;
            }
            pos += close + 1;
        }
        pos
    } else if is_superscript_digit(first) {
        rest.char_indices()
            .find(|&(_, c)| !is_superscript_digit(c))
            .map_or(rest.len(), |(i, _)| i)
    } else {
        return None;
    };
    let after = &rest[end..];
    let spaced = after.chars().next().is_some_and(char::is_whitespace);
    let next = after.trim_start().chars().next();
    (spaced && next.is_none_or(|c| !c.is_lowercase())).then_some(at + end)
}

/// Whether `rest` opens with a parenthetical citation closed by a stop:
/// "(Moreau 112).", "(p. 12).", "(2019)!". A bracket with a digit in it, at most a few
/// words long, and a terminator right after it.
pub fn citation_follows(rest: &str) -> bool {
    let Some(inner_and_after) = rest.strip_prefix('(') else {
        return false;
    };
    let Some(close) = inner_and_after.find(')') else {
        return false;
    };
    let inner = &inner_and_after[..close];
    let after = inner_and_after[close + 1..].chars().next();
    inner.chars().count() <= 40
        && !inner.contains('(')
        && inner.chars().any(|c| c.is_ascii_digit())
        && inner.split_whitespace().count() <= 6
        && matches!(after, Some('.' | '!' | '?' | ';'))
}

/// Whether a span has words in it: a letter, or a digit outside a bracketed note and
/// outside superscripts. A span without any is punctuation ("…", "”", ". . .") or a
/// bare note ("[1]"), never a sentence of its own.
pub fn has_words(span: &str) -> bool {
    let mut depth = 0usize;
    for c in span.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            c if c.is_alphabetic() => return true,
            c if c.is_numeric() && depth == 0 && !is_superscript_digit(c) => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(text: &str) -> Option<(Option<char>, &str, Delimiter)> {
        list_marker(text, 0).map(|m| (m.bullet, m.ordinal, m.delimiter))
    }

    #[test]
    fn list_marker_shapes() {
        assert_eq!(marker("1. The"), Some((None, "1", Delimiter::Period)));
        assert_eq!(marker("2.) The"), Some((None, "2", Delimiter::PeriodParen)));
        assert_eq!(marker("b) then"), Some((None, "b", Delimiter::Paren)));
        assert_eq!(marker("(c) then"), Some((None, "c", Delimiter::Paren)));
        assert_eq!(marker("iv. Four"), Some((None, "iv", Delimiter::Period)));
        assert_eq!(
            marker("• 9. Nine"),
            Some((Some('•'), "9", Delimiter::Period))
        );
        assert_eq!(
            marker("⁃10. Ten"),
            Some((Some('⁃'), "10", Delimiter::Period))
        );
        assert_eq!(marker("• Point"), Some((Some('•'), "", Delimiter::None)));
        assert_eq!(marker("7."), Some((None, "7", Delimiter::Period)));
        assert_eq!(marker("2019. The"), None);
        assert_eq!(marker("3.5 percent"), None);
        assert_eq!(marker("No. 5"), None);
        assert_eq!(marker("e.g. this"), None);
        assert_eq!(marker("- Point"), None);
        assert_eq!(marker("(c. 1900)"), None);
    }

    #[test]
    fn successors() {
        assert!(successive("1", "2"));
        assert!(successive("9", "10"));
        assert!(!successive("1", "3"));
        assert!(successive("a", "b"));
        assert!(successive("h", "i"));
        assert!(successive("i", "ii"));
        assert!(successive("iv", "v"));
        assert!(successive("u", "v"));
        assert!(successive("B", "C"));
        assert!(!successive("b", "C"));
        assert!(!successive("1", "b"));
    }

    #[test]
    fn bare_markers() {
        for m in ["7.", "iv.", "a)", "• 9.", "2.)", "(3)", "•"] {
            assert!(is_bare_marker(m), "{m}");
        }
        for s in ["7. Go", "Hi.", "2019.", "A.B."] {
            assert!(!is_bare_marker(s), "{s}");
        }
    }

    #[test]
    fn footnotes() {
        let t = "the spring.14 15 Its";
        assert_eq!(footnote_after(t, 11), Some(16));
        let t = "said so.[1] The";
        assert_eq!(footnote_after(t, 8), Some(11));
        let t = "said so.[1][23] The";
        assert_eq!(footnote_after(t, 8), Some(15));
        let t = "so.² The";
        assert_eq!(footnote_after(t, 3), Some(5));
        assert_eq!(footnote_after("it.11 percent", 3), None);
        assert_eq!(footnote_after("it.1234 The", 3), None);
        assert_eq!(footnote_after("it.[see http://x.y/z] The", 3), None);
    }

    #[test]
    fn citations() {
        assert!(citation_follows("(Moreau 112)."));
        assert!(citation_follows("(p. 12)."));
        assert!(!citation_follows("(He came back.)"));
        assert!(!citation_follows("(Reuters) -"));
        assert!(!citation_follows("(Smith)."));
    }

    #[test]
    fn words() {
        assert!(has_words("It is."));
        assert!(has_words("42."));
        assert!(!has_words(". . ."));
        assert!(!has_words("”"));
        assert!(!has_words("[1]"));
        assert!(!has_words("²³"));
    }
}
