//! Fuzzing of the text stages on arbitrary input, in the normal `cargo test` (a bounded
//! number of proptest cases each, seconds in a release build):
//!
//! - **read**: any bytes are decoded or refused with an error, never a panic; every
//!   format reads any text; plain text keeps every character but white space.
//! - **segment**: any document's sentences are spans of their block, in order, none
//!   empty, none overlapping, none longer than [`MAX_SENTENCE_CHARS`], and give back
//!   every character of the block but white space, once.
//! - **select**: every sentence gets a decision, and kept and dropped sentences
//!   together give back every character of a plain-text input but white space, once.
//! - **speak**: every narrated sentence is spoken without panic, and one with a letter
//!   or a digit is never spoken as silence.
//!
//! The inputs mix raw bytes, Unicode with control characters, byte-order marks, tags,
//! and paragraphs thousands of characters long with no full stop. (The generated news
//! dumps of `plan_properties.rs`, the short texts of `segment_classes.rs` and the
//! token soup of `speak_properties.rs` check the same stages on friendlier text.)

mod common;

use narrate::pipeline::Planner;
use narrate::read::{self, Format};
use narrate::segment::{self, NewsSegmenter, MAX_SENTENCE_CHARS};
use proptest::prelude::*;
use proptest::strategy::Union;
use std::sync::LazyLock;

static PLANNER: LazyLock<Planner> = LazyLock::new(|| {
    let planner = Planner::default();
    planner.prepare();
    planner
});

fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A piece of hostile text: words, punctuation, controls, tags, odd Unicode.
fn piece() -> BoxedStrategy<String> {
    Union::new(vec![
        "\\PC{0,40}".boxed(),
        "[a-zA-Z ]{1,60}".boxed(),
        "[\\x00-\\x1f\\x7f\u{80}-\u{9f}]{1,4}".boxed(),
        prop::sample::select(vec![
            "\u{1b}[31m",
            "\u{1b}]0;title\u{7}",
            "\r",
            "\n",
            "\n\n",
            "\t",
            "\u{feff}",
            "\u{202e}",
            "<p>",
            "</p>",
            "<b>bold</b>",
            "<script>x()</script>",
            "<!DOCTYPE html>",
            "# ",
            "> ",
            "* ",
            "1. ",
            "...",
            ". ",
            "? ",
            "Mr. ",
            "U.S. ",
            "$5.2bn",
            "3.5%",
            "\u{300}",
            "\u{fe0f}",
            "👍🏽",
            "𝄞",
            "ﬁ",
            "İ",
            "ß",
        ])
        .prop_map(str::to_string)
        .boxed(),
        // A run of words with no full stop, longer than a sentence may be.
        (600usize..3000, "[a-z]{1,9}")
            .prop_map(|(n, w)| {
                let mut s = String::with_capacity(n + 10);
                while s.len() < n {
                    s.push_str(&w);
                    s.push(if s.len().is_multiple_of(7) { ',' } else { ' ' });
                }
                s
            })
            .boxed(),
        // One "word" longer than a sentence may be.
        "[a-z]{600,900}".boxed(),
    ])
    .boxed()
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..12).prop_map(|v| v.concat())
}

/// Bytes: raw, or hostile text encoded as UTF-8 or UTF-16 with a byte-order mark.
fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    Union::new(vec![
        prop::collection::vec(any::<u8>(), 0..400).boxed(),
        hostile_text().prop_map(String::into_bytes).boxed(),
        hostile_text()
            .prop_map(|t| {
                std::iter::once(0xfeff)
                    .chain(t.encode_utf16())
                    .flat_map(u16::to_le_bytes)
                    .collect()
            })
            .boxed(),
        hostile_text()
            .prop_map(|t| {
                std::iter::once(0xfeff)
                    .chain(t.encode_utf16())
                    .flat_map(u16::to_be_bytes)
                    .collect()
            })
            .boxed(),
        (hostile_text(), any::<u8>())
            .prop_map(|(t, b)| {
                let mut bytes = t.into_bytes();
                let at = usize::from(b) % (bytes.len() + 1);
                bytes.insert(at, b);
                bytes
            })
            .boxed(),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::property_cases(256)))]

    #[test]
    fn read_decodes_or_refuses_any_bytes_and_plain_text_keeps_every_character(
        bytes in hostile_bytes()
    ) {
        let Ok(text) = read::decode("fuzz", bytes) else {
            return Ok(());
        };
        prop_assert!(!text.trim().is_empty());
        let _ = Format::sniff(&text);
        let _ = Format::is_page(&text);
        for format in [Format::Html, Format::Markdown] {
            let _ = format.read("fuzz", &text);
        }
        let document = Format::Text.read("fuzz", &text);
        let blocks: String = document.blocks.iter().map(|b| squeezed(&b.text)).collect();
        prop_assert_eq!(blocks, squeezed(&text));
    }

    #[test]
    fn segment_gives_bounded_ordered_spans_that_keep_every_character(text in hostile_text()) {
        let document = Format::Text.read("fuzz", &text);
        let sentences = segment::segment(&document, &NewsSegmenter);
        for (index, block) in document.blocks.iter().enumerate() {
            let mut end = 0;
            let mut joined = String::new();
            for s in sentences.iter().filter(|s| s.block == index) {
                prop_assert!(s.range.start >= end, "overlap at {:?}", s.range);
                prop_assert!(!s.range.is_empty());
                let span = block.text.get(s.range.clone());
                prop_assert!(span.is_some(), "not a span of its block: {:?}", s.range);
                let span = span.unwrap_or_default();
                prop_assert_eq!(span.trim(), span);
                prop_assert!(span.chars().count() <= MAX_SENTENCE_CHARS);
                joined.push_str(span);
                end = s.range.end;
            }
            prop_assert_eq!(squeezed(&joined), squeezed(&block.text));
        }
    }

    #[test]
    fn select_decides_every_sentence_and_loses_no_character(text in hostile_text()) {
        let plan = PLANNER.plan_text("fuzz", &text);
        let planned: String = plan.sentences.iter().map(|s| squeezed(plan.text(s))).collect();
        prop_assert_eq!(planned, squeezed(&text));
        for format in [Format::Html, Format::Markdown] {
            let _ = PLANNER.plan_input("fuzz", &text, format);
        }
    }

    #[test]
    fn speak_voices_every_narrated_sentence(text in hostile_text()) {
        let plan = PLANNER.plan_text("fuzz", &text);
        for (_, s) in plan.narrated() {
            let written = plan.text(s);
            let spoken = plan.spoken(s).unwrap_or_default();
            if written.chars().any(char::is_alphanumeric) {
                prop_assert!(!spoken.trim().is_empty(), "{:?} is spoken as silence", written);
            }
        }
    }
}
