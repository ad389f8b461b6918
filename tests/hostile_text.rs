//! Inputs that are not what their name or their bytes first suggest, through the
//! binary: a web page saved as `.txt` is read as HTML (and prose that mentions a tag
//! stays text); UTF-16 with a byte-order mark is decoded; a paragraph that never stops
//! is cut into sentences of bounded length and narrated, not refused or dropped.

mod common;

use common::{narrate, read_wav, stderr, stdout};
use narrate::segment::MAX_SENTENCE_CHARS;

/// `narrate plan --json ARGS`, parsed; the run must succeed.
fn plan_json(args: &[&str], stdin: Option<&[u8]>) -> serde_json::Value {
    let mut full = vec!["plan", "--json", "--voice", "en-us"];
    full.extend_from_slice(args);
    let out = narrate(&full, stdin);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("plan --json prints JSON")
}

/// The text of every sentence of a JSON plan, and whether it is narrated.
fn sentences(plan: &serde_json::Value) -> Vec<(String, bool)> {
    plan["sentences"]
        .as_array()
        .expect("a list of sentences")
        .iter()
        .map(|s| {
            (
                s["text"].as_str().expect("text").to_string(),
                s["keep"].as_bool().expect("keep"),
            )
        })
        .collect()
}

fn narrated(plan: &serde_json::Value) -> Vec<String> {
    sentences(plan)
        .into_iter()
        .filter(|(_, n)| *n)
        .map(|(t, _)| t)
        .collect()
}

/// A small news page with the chrome and script a saved page has.
const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><title>Bridge closed after flood</title>
<script>window.dataLayer = window.dataLayer || []; function track(){ dataLayer.push(arguments); }</script>
<style>.nav { color: red; }</style></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>Bridge closed after flood</h1>
<p>The old bridge over the river was closed on Tuesday after the water rose two metres overnight.</p>
<p>Engineers will inspect its pillars before any traffic is allowed back, the council said.</p>
</article><footer><p>Copyright 2026 The Paper</p></footer></body></html>
"#;

/// Cases of a `.txt` file's content: a page (read as HTML) or prose (read as text).
struct FormatCase {
    name: &'static str,
    content: &'static str,
    /// Words a narrated sentence must hold.
    narrated: &'static str,
    /// Words no narrated sentence may hold.
    never: &'static [&'static str],
}

#[test]
fn a_txt_file_holding_a_web_page_is_read_as_html_and_prose_about_tags_is_not() {
    let fragment = format!(
        "<div class=\"story\">{}</div>",
        (1..=12)
            .map(|i| format!("<p>Paragraph number {i} of the story goes on at some length.</p>"))
            .collect::<String>()
    );
    let fragment: &'static str = Box::leak(fragment.into_boxed_str());
    let cases = [
        FormatCase {
            name: "a saved page",
            content: PAGE,
            narrated: "The old bridge over the river was closed on Tuesday",
            never: &["<", "dataLayer", "function", "color: red"],
        },
        FormatCase {
            name: "a page without its head, dense with tags",
            content: fragment,
            narrated: "Paragraph number 3 of the story",
            never: &["<p>", "class="],
        },
        FormatCase {
            name: "prose that mentions tags",
            content: "Writing for the web\n\nThe <b> tag makes text bold and <i> makes it \
                      italic. Old pages used <font> for colour, which is now frowned upon.\n",
            narrated: "The <b> tag makes text bold",
            never: &[],
        },
    ];
    for case in cases {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("saved.txt");
        std::fs::write(&file, case.content).unwrap();
        let plan = plan_json(&[file.to_str().unwrap()], None);
        let kept = narrated(&plan);
        assert!(
            kept.iter().any(|s| s.contains(case.narrated)),
            "{}: {kept:#?}",
            case.name
        );
        for words in case.never {
            assert!(
                kept.iter().all(|s| !s.contains(words)),
                "{}: '{words}' narrated in {kept:#?}",
                case.name
            );
        }
    }
}

#[test]
fn utf16_with_a_byte_order_mark_is_decoded_from_a_file_and_from_stdin() {
    let article = "Le café rouvre\n\nThe council met on Monday and voted to reopen the café.\n";
    let units: Vec<u16> = std::iter::once(0xfeff)
        .chain(article.encode_utf16())
        .collect();
    let little: Vec<u8> = units.iter().flat_map(|u| u.to_le_bytes()).collect();
    let big: Vec<u8> = units.iter().flat_map(|u| u.to_be_bytes()).collect();
    for (name, bytes) in [("little-endian", little), ("big-endian", big)] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("article.txt");
        std::fs::write(&file, &bytes).unwrap();
        for plan in [
            plan_json(&[file.to_str().unwrap()], None),
            plan_json(&["-"], Some(&bytes)),
        ] {
            let texts: Vec<String> = sentences(&plan).into_iter().map(|(t, _)| t).collect();
            assert_eq!(
                texts,
                [
                    "Le café rouvre",
                    "The council met on Monday and voted to reopen the café."
                ],
                "{name}"
            );
        }
    }
}

/// `count` words from a small vocabulary in an order that does not repeat, with no
/// full stop anywhere (a few commas when `commas`).
fn endless_paragraph(count: usize, commas: bool) -> String {
    const WORDS: [&str; 16] = [
        "river",
        "council",
        "bridge",
        "engineers",
        "water",
        "morning",
        "residents",
        "road",
        "pillars",
        "traffic",
        "inspection",
        "overnight",
        "town",
        "crews",
        "rain",
        "boats",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut text = String::with_capacity(count * 8);
    for i in 0..count {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        if i > 0 {
            text.push_str(if commas && i.is_multiple_of(37) {
                ", "
            } else {
                " "
            });
        }
        text.push_str(WORDS[(state % 16) as usize]);
    }
    text
}

#[test]
fn a_paragraph_that_never_stops_is_cut_into_sentences_and_narrated() {
    // Five thousand characters: rendered, in full.
    let dir = tempfile::tempdir().unwrap();
    let text = endless_paragraph(700, false);
    assert!(text.len() > 5000);
    let article = format!("Flood day\n\n{text}\n");
    let wav = dir.path().join("long.wav");
    let out = narrate(
        &[
            "render",
            "--voice",
            "en-us",
            "-",
            "-o",
            wav.to_str().unwrap(),
        ],
        Some(article.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (spec, samples) = read_wav(&wav);
    let seconds = samples.len() as f64 / spec.sample_rate as f64;
    // About 700 words at espeak-ng's 175 words a minute.
    assert!(seconds > 150.0, "{seconds} s for 700 words");

    // Two megabytes, some commas: planned in bounded time, every word narrated once,
    // no sentence past the limit.
    let text = endless_paragraph(300_000, true);
    assert!(text.len() > 2_000_000);
    let article = format!("Flood day\n\n{text}\n");
    let started = std::time::Instant::now();
    let plan = plan_json(&["-"], Some(article.as_bytes()));
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    let all = sentences(&plan);
    assert!(all.iter().all(|(_, narrated)| *narrated));
    assert!(all.len() > 2_000_000 / MAX_SENTENCE_CHARS, "{}", all.len());
    for (sentence, _) in &all {
        assert!(sentence.chars().count() <= MAX_SENTENCE_CHARS, "{sentence}");
    }
    let squeezed = |t: &str| t.split_whitespace().collect::<String>();
    let planned: String = all.iter().map(|(s, _)| squeezed(s)).collect();
    assert_eq!(planned, squeezed(&article));
}
