//! The listen page (`OUT.html`): a [`Transcript`] in, one self-contained HTML file out,
//! on which a reader listens to the narration beside its text and follows along.
//!
//! The page holds everything but the audio: its style ([`page/page.css`]) and script
//! ([`page/page.js`]) inline, the text of the title, headings and narrated paragraphs
//! (dropped sentences are not in the transcript, so not on the page), and the timings as
//! a JSON data block. It loads only the audio, by the relative link of
//! [`Transcript::audio`], so it works from `file://` with the audio beside it and on a
//! web server alike. A Content-Security-Policy meta tag says so to the browser: nothing
//! may load but the audio (`media-src 'self'`), and the only script and style that run
//! are the page's own, named by their SHA-256 hashes (not `'unsafe-inline'`: text that
//! got past the escaping could still not run).
//!
//! The text is HTML with `&`, `<`, `>` and `"` escaped; each sentence is a
//! `<span class="s">` and the script wraps its words in spans from their character
//! ranges. The data block is JSON with `<`, `>`, `&` and the line separators written as
//! `\u` escapes, so no text in it can end the `<script>` element
//! ([`script_json`]). Times in it are seconds, rounded to the millisecond like the
//! manifest's:
//!
//! `{"duration": D, "sentences": [{"start": S, "end": E, "words": [[c0, c1, s, e], …]}, …]}`
//!
//! where `c0`, `c1` are a word's `chars` (Unicode scalar values of the sentence's text;
//! the script converts them to JavaScript's UTF-16 indices) and `s`, `e` its times. The
//! `i`-th sentence of the data is the `<span class="s" data-s="i">` of the text.
//!
//! The page's behaviour (player, highlighting, following, keys) is described in
//! `page.js`; the README's "The listen page" section says how to publish it.

use super::{Export, Transcript, VoiceCredit};
use crate::document::BlockKind;
use crate::synthesize::catalogue;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Write;

pub struct Page;

/// The page's style and script, kept as files of their own to stay readable.
const STYLE: &str = include_str!("page/page.css");
const SCRIPT: &str = include_str!("page/page.js");

/// espeak-ng's voices come with espeak-ng, under its licence.
pub const ESPEAK_LICENCE: &str = "GPL-3.0-or-later";

/// The credit for the voice a render was asked for by `name` (as `--voice` takes it),
/// found as [`crate::synthesize::open`] finds the voice: a Piper model by path (whose
/// licence narrate does not know), a voice of the catalogue (with its licence), else a
/// voice built into espeak-ng.
pub fn voice_credit(name: &str) -> VoiceCredit {
    if name.ends_with(".onnx") || std::path::Path::new(name).is_file() {
        return VoiceCredit {
            engine: "Piper".into(),
            licence: None,
            language: crate::synthesize::language_of(name),
        };
    }
    let (entries, _) = catalogue::load();
    match entries.into_iter().find(|e| e.name == name) {
        Some(entry) => VoiceCredit {
            engine: match entry.engine.as_str() {
                "piper" => "Piper".into(),
                other => other.to_string(),
            },
            licence: Some(entry.licence),
            language: entry.language,
        },
        None => VoiceCredit {
            engine: "espeak-ng".into(),
            licence: Some(ESPEAK_LICENCE.into()),
            language: name.to_string(),
        },
    }
}

/// The timings the script reads.
#[derive(Serialize)]
struct Data {
    duration: f64,
    sentences: Vec<SentenceData>,
}

#[derive(Serialize)]
struct SentenceData {
    start: f64,
    end: f64,
    /// `[c0, c1, start, end]` for each word.
    words: Vec<(usize, usize, f64, f64)>,
}

/// `samples` at `rate` in seconds, rounded to the millisecond (as in the manifest).
fn seconds(samples: u64, rate: u32) -> f64 {
    (samples as f64 * 1000.0 / rate.max(1) as f64).round() / 1000.0
}

/// `text` escaped for HTML text and for attribute values in double quotes.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// `value` as JSON that can stand inside a `<script>` element: `<`, `>` and `&` are
/// written as `\u` escapes (so neither `</script>` nor `<!--` can appear), and so are
/// U+2028 and U+2029 (which old JavaScript engines took for line ends). The result
/// parses to the same value.
pub fn script_json<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The CSP source for an inline element with this content: `'sha256-BASE64'`.
fn hash_source(content: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(content.as_bytes())))
}

/// Standard base64 with padding: 32 bytes of a hash need no crate of their own.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The page's Content-Security-Policy: nothing loads but media from the page's own
/// origin (the audio beside it; on `file://`, Chromium counts files as the page's own),
/// and only the page's own script and style run.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; media-src 'self'; script-src {}; style-src {}; base-uri 'none'; form-action 'none'",
        hash_source(SCRIPT),
        hash_source(STYLE)
    )
}

/// "0:05", "1:29", "1:02:03".
fn clock(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// The blocks of the page: (kind, indices of its sentences in the transcript).
fn blocks(t: &Transcript) -> Vec<(BlockKind, Vec<usize>)> {
    let mut out: Vec<(usize, BlockKind, Vec<usize>)> = Vec::new();
    for (i, s) in t.sentences.iter().enumerate() {
        match out.last_mut() {
            Some((block, _, sentences)) if *block == s.block => sentences.push(i),
            _ => {
                let kind = t
                    .blocks
                    .iter()
                    .find(|b| b.index == s.block)
                    .map_or(BlockKind::Paragraph, |b| b.kind);
                out.push((s.block, kind, vec![i]));
            }
        }
    }
    out.into_iter().map(|(_, k, s)| (k, s)).collect()
}

/// The page's title: its title block's text, else the input's name.
fn title(t: &Transcript) -> String {
    let from_title: Vec<&str> = t
        .sentences
        .iter()
        .filter(|s| {
            t.blocks
                .iter()
                .any(|b| b.index == s.block && b.kind == BlockKind::Title)
        })
        .map(|s| s.text.as_str())
        .collect();
    if from_title.is_empty() {
        std::path::Path::new(&t.source)
            .file_stem()
            .map_or_else(|| t.source.clone(), |n| n.to_string_lossy().into_owned())
    } else {
        from_title.join(" ")
    }
}

impl Page {
    /// The whole page as a string.
    pub fn render(&self, t: &Transcript) -> String {
        let rate = t.sample_rate;
        let duration = t.duration();
        let data = Data {
            duration: seconds(t.samples, rate),
            sentences: t
                .sentences
                .iter()
                .map(|s| SentenceData {
                    start: seconds(s.start, rate),
                    end: seconds(s.end, rate),
                    words: s
                        .words
                        .iter()
                        .map(|w| {
                            (
                                w.chars.0,
                                w.chars.1,
                                seconds(w.start, rate),
                                seconds(w.end, rate),
                            )
                        })
                        .collect(),
                })
                .collect(),
        };
        let language = t
            .credit
            .as_ref()
            .map(|c| c.language.as_str())
            .filter(|l| !l.is_empty())
            .unwrap_or("en");
        let title = escape_html(&title(t));
        let mut text = String::new();
        for (kind, sentences) in blocks(t) {
            let tag = match kind {
                BlockKind::Title => "h1",
                BlockKind::Heading => "h2",
                BlockKind::Paragraph => "p",
            };
            text.push_str(&format!("<{tag}>"));
            for (n, &i) in sentences.iter().enumerate() {
                if n > 0 {
                    text.push(' ');
                }
                text.push_str(&format!(
                    "<span class=\"s\" data-s=\"{i}\">{}</span>",
                    escape_html(&t.sentences[i].text)
                ));
            }
            text.push_str(&format!("</{tag}>\n"));
        }
        let credit = match &t.credit {
            Some(VoiceCredit {
                engine,
                licence: Some(licence),
                ..
            }) => format!(
                "Read by the voice {} ({}, licence {}).",
                escape_html(&t.voice),
                escape_html(engine),
                escape_html(licence)
            ),
            Some(VoiceCredit { engine, .. }) => format!(
                "Read by the voice {} ({}; see its model card for its licence).",
                escape_html(&t.voice),
                escape_html(engine)
            ),
            None => format!("Read by the voice {}.", escape_html(&t.voice)),
        };
        let audio = escape_html(&relative_link(&t.audio));
        format!(
            r#"<!doctype html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="color-scheme" content="light dark">
<title>{title}</title>
<style>{STYLE}</style>
</head>
<body>
<div class="player" role="region" aria-label="Audio player">
<button type="button" id="play" aria-label="Play" aria-keyshortcuts="Space"><span class="icon" aria-hidden="true">&#9654;</span></button>
<button type="button" id="back" aria-label="Back 15 seconds" aria-keyshortcuts="ArrowLeft">&#8722;15</button>
<button type="button" id="forward" aria-label="Forward 15 seconds" aria-keyshortcuts="ArrowRight">+15</button>
<input type="range" id="seek" min="0" max="{duration:.3}" step="0.1" value="0" aria-label="Position">
<span id="time" class="time" aria-live="off"><span id="elapsed">0:00</span> / <span id="total">{total}</span></span>
<label class="speed"><span class="sr">Speed</span><select id="speed" aria-label="Speed">
<option value="0.75">0.75&#215;</option><option value="1" selected>1&#215;</option><option value="1.25">1.25&#215;</option><option value="1.5">1.5&#215;</option><option value="1.75">1.75&#215;</option><option value="2">2&#215;</option>
</select></label>
<p id="status" class="status" role="status"></p>
</div>
<audio id="audio" src="{audio}" preload="metadata"></audio>
<main id="text" aria-label="Article">
{text}</main>
<button type="button" id="follow" class="follow" hidden>Back to the reading position</button>
<footer>
<p>{credit} Narrated with narrate. Space plays and pauses, &#8592; and &#8594; go back and forward 15 seconds, Shift with them goes to the previous or next sentence; click a sentence to listen from there.</p>
</footer>
<script type="application/json" id="timings">{data}</script>
<script>{SCRIPT}</script>
</body>
</html>
"#,
            csp = content_security_policy(),
            total = clock(duration),
            data = script_json(&data),
        )
    }
}

/// The audio's file name as a relative URL: percent-encoded where a URL path needs it
/// (spaces, `#`, `?`, `%`, non-ASCII), and after `./` so that a name with a colon is not
/// taken for a scheme.
fn relative_link(name: &str) -> String {
    let mut out = String::from("./");
    for b in name.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl Export for Page {
    fn extension(&self) -> &'static str {
        "html"
    }

    fn write(&self, t: &Transcript, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(self.render(t).as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::transcript;
    use crate::export::{TimedBlock, TimedWord};

    fn page(t: &Transcript) -> String {
        let mut out = Vec::new();
        Page.write(t, &mut out).expect("writes to memory");
        String::from_utf8(out).expect("UTF-8")
    }

    /// The text of the `<script type="application/json">` element.
    fn data_block(html: &str) -> &str {
        let open = r#"<script type="application/json" id="timings">"#;
        let start = html.find(open).expect("a data block") + open.len();
        let len = html[start..]
            .find("</script>")
            .expect("the data block ends");
        &html[start..start + len]
    }

    #[test]
    fn page_script_json_cannot_end_its_element_and_parses_back() {
        let hostile = [
            "</script><script>alert(1)</script>",
            "</SCRIPT >",
            "<!-- <script>",
            "a & b > c",
            "line\u{2028}separator\u{2029}",
            "\"quoted\" \\ backslash",
        ];
        for text in hostile {
            let json = script_json(&text);
            assert!(!json.contains('<'), "{json}");
            assert!(!json.contains('>'), "{json}");
            assert!(!json.contains('\u{2028}'), "{json}");
            let back: String = serde_json::from_str(&json).expect("still JSON");
            assert_eq!(back, text);
        }
    }

    #[test]
    fn page_article_text_cannot_inject_markup() {
        let t = transcript(
            1000,
            4000,
            &[
                ("Breaking </script><script>alert(1)</script>", "x", 0, 1000),
                ("A <b>bold</b> & \"quoted\" claim.", "x", 1000, 2000),
            ],
        );
        let html = page(&t);
        assert!(!html.contains("alert(1)</script>"));
        assert!(!html.contains("<b>"));
        assert!(html.contains("Breaking &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("A &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; claim."));
        // Two script elements (data and code), each closed once.
        assert_eq!(html.matches("<script").count(), 2);
        assert_eq!(html.matches("</script>").count(), 2);
    }

    #[test]
    fn page_data_holds_each_sentence_and_word_in_seconds() {
        let mut t = transcript(
            22050,
            88200,
            &[
                ("Talks resume.", "Talks resume.", 2205, 22050),
                ("+Then 𝄞 rests.", "Then rests.", 33075, 44100),
            ],
        );
        t.sentences[1].words = vec![
            TimedWord {
                text: "Then".into(),
                chars: (0, 4),
                start: 33075,
                end: 36000,
                estimated: false,
            },
            TimedWord {
                text: "rests".into(),
                chars: (7, 12),
                start: 40000,
                end: 44100,
                estimated: false,
            },
        ];
        let html = page(&t);
        let data: serde_json::Value =
            serde_json::from_str(data_block(&html)).expect("the data block is JSON");
        assert_eq!(data["duration"], 4.0);
        assert_eq!(data["sentences"][0]["start"], 0.1);
        assert_eq!(data["sentences"][0]["end"], 1.0);
        assert_eq!(data["sentences"][1]["start"], 1.5);
        assert_eq!(
            data["sentences"][1]["words"],
            serde_json::json!([[0, 4, 1.5, 1.633], [7, 12, 1.814, 2.0]])
        );
        // Both sentences in one paragraph, numbered as in the data.
        assert!(html.contains(
            "<p><span class=\"s\" data-s=\"0\">Talks resume.</span> <span class=\"s\" data-s=\"1\">Then 𝄞 rests.</span></p>"
        ));
    }

    #[test]
    fn page_lays_out_title_headings_and_paragraphs() {
        let mut t = transcript(
            1000,
            10_000,
            &[
                ("Talks to resume", "", 0, 1000),
                ("What comes next", "", 2000, 3000),
                ("The talks resume.", "", 4000, 5000),
                ("+Both sides agree.", "", 5000, 6000),
            ],
        );
        let kinds = [BlockKind::Title, BlockKind::Heading, BlockKind::Paragraph];
        t.blocks = kinds
            .iter()
            .enumerate()
            .map(|(index, &kind)| TimedBlock {
                index,
                kind,
                start: 0,
                end: 0,
            })
            .collect();
        let html = page(&t);
        assert!(html.contains("<title>Talks to resume</title>"));
        let h1 = html.find("<h1><span class=\"s\" data-s=\"0\">Talks to resume</span></h1>");
        let h2 = html.find("<h2><span class=\"s\" data-s=\"1\">What comes next</span></h2>");
        let p = html.find("<p><span class=\"s\" data-s=\"2\">The talks resume.</span> <span class=\"s\" data-s=\"3\">Both sides agree.</span></p>");
        assert!(h1.is_some() && h2.is_some() && p.is_some(), "{html}");
        assert!(h1 < h2 && h2 < p);
        assert!(html.contains("<span id=\"total\">0:10</span>"));
    }

    #[test]
    fn page_without_a_title_block_is_named_after_its_input() {
        let t = transcript(1000, 1000, &[("Just a sentence.", "", 0, 1000)]);
        assert!(page(&t).contains("<title>article</title>"));
    }

    #[test]
    fn page_links_the_audio_relatively_and_safely() {
        assert_eq!(relative_link("article.mp3"), "./article.mp3");
        assert_eq!(relative_link("my talk #2.ogg"), "./my%20talk%20%232.ogg");
        assert_eq!(relative_link("c:a.wav"), "./c%3Aa.wav");
        assert_eq!(relative_link("café.opus"), "./caf%C3%A9.opus");
        assert_eq!(relative_link("\"><x.wav"), "./%22%3E%3Cx.wav");
        let mut t = transcript(1000, 1000, &[("One.", "", 0, 1000)]);
        t.audio = "my talk.flac".into();
        assert!(page(&t).contains(r#"<audio id="audio" src="./my%20talk.flac""#));
    }

    #[test]
    fn page_credits_the_voice_and_its_licence() {
        let mut t = transcript(1000, 1000, &[("One.", "", 0, 1000)]);
        t.credit = Some(VoiceCredit {
            engine: "espeak-ng".into(),
            licence: Some(ESPEAK_LICENCE.into()),
            language: "en-us".into(),
        });
        let html = page(&t);
        assert!(html.contains("Read by the voice en-us (espeak-ng, licence GPL-3.0-or-later)."));
        assert!(html.contains("<html lang=\"en-us\">"));
        t.credit = None;
        assert!(page(&t).contains("Read by the voice en-us."));
    }

    #[test]
    fn page_voice_credit_comes_from_the_catalogue_or_espeak() {
        let joe = voice_credit("joe");
        assert_eq!(joe.engine, "Piper");
        assert_eq!(joe.licence.as_deref(), Some("CC0-1.0"));
        let espeak = voice_credit("en-us");
        assert_eq!(espeak.engine, "espeak-ng");
        assert_eq!(espeak.licence.as_deref(), Some(ESPEAK_LICENCE));
        assert_eq!(voice_credit("some/model.onnx").licence, None);
    }

    #[test]
    fn page_allows_only_its_own_script_style_and_media() {
        let csp = content_security_policy();
        assert!(csp.starts_with("default-src 'none'; media-src 'self'; "));
        assert!(!csp.contains("unsafe"));
        // The hashes are of exactly what is inlined.
        let html = page(&transcript(1000, 1000, &[("One.", "", 0, 1000)]));
        assert!(html.contains(&format!("<script>{SCRIPT}</script>")));
        assert!(html.contains(&format!("<style>{STYLE}</style>")));
        assert!(html.contains(&format!("content=\"{csp}\"")));
        assert!(!html.contains("http://") && !html.contains("https://"));
    }

    #[test]
    fn page_base64_matches_known_values() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
        // SHA-256 of the empty string, as CSP tools print it.
        assert_eq!(
            hash_source(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }

    #[test]
    fn page_clock_reads_minutes_and_hours() {
        assert_eq!(clock(0.0), "0:00");
        assert_eq!(clock(88.6), "1:29");
        assert_eq!(clock(3723.0), "1:02:03");
    }
}
