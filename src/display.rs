//! Text from outside (an article's words, a file's name) made safe to show: a string
//! in, the same string out with every control character written as a visible escape.
//!
//! An article or a file name can hold terminal escapes (`ESC [ 2 J` clears the screen),
//! carriage returns that overwrite a line, or a newline that splits one path over two
//! lines of a list that scripts read line by line. Everything narrate prints that came
//! from outside goes through [`text`] or [`path`] (plans, progress and summary lines,
//! error messages, the list of written files), and [`subtitle`] cleans a cue's text.
//! Hand-written: it is one `match`, and the escapes follow Rust's own (`\n`, `\t`,
//! `\u{1b}`) so that what is shown reads the same as in a bug report.

use std::borrow::Cow;
use std::path::Path;

/// Whether `c` must not reach a terminal or a line-based file as it is: the C0 and C1
/// control characters and DEL, and the marks that reorder text on screen (bidirectional
/// overrides and isolates), which can make a line show other than what it holds.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` with each unsafe character (see [`is_unsafe`]) escaped: `\n`, `\r`, `\t`, and
/// `\u{..}` for the others; borrowed when there is none.
pub fn text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A path as shown: its lossy UTF-8 form (invalid bytes as U+FFFD), escaped by [`text`],
/// so that it is always one line.
pub fn path(p: &Path) -> String {
    text(&p.to_string_lossy()).into_owned()
}

/// A subtitle cue's text: unsafe characters become spaces (a viewer has no use for an
/// escape, and a line break inside a cue could end it early), runs of spaces made one.
pub fn subtitle(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = if is_unsafe(c) { ' ' } else { c };
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        out.push(c);
    }
    Cow::Owned(out.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_plain_text_is_untouched() {
        let cases: [(&str, &str); 6] = [
            ("A quiet headline — café", "A quiet headline — café"),
            ("red\u{1b}[31mtext", "red\\u{1b}[31mtext"),
            ("two\nlines", "two\\nlines"),
            ("over\rwrite\ttab", "over\\rwrite\\ttab"),
            ("c1 \u{9b}31m", "c1 \\u{9b}31m"),
            ("evil\u{202e}txt.exe", "evil\\u{202e}txt.exe"),
        ];
        for (input, shown) in cases {
            assert_eq!(text(input), shown, "{input:?}");
            assert!(!text(input).chars().any(is_unsafe));
        }
        assert!(matches!(text("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_path_is_always_one_line() {
        let p = Path::new("out/a\nb.wav");
        assert_eq!(path(p), "out/a\\nb.wav");
    }

    #[test]
    fn subtitle_text_loses_its_controls() {
        assert_eq!(subtitle("Hello\u{1b}[2J world"), "Hello [2J world");
        assert_eq!(subtitle("one\n\ntwo"), "one two");
        assert_eq!(subtitle("plain"), "plain");
    }
}
