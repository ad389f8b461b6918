//! The listen page (`narrate render --page`), end to end: written beside the audio for
//! every format and every input of a batch, refused on standard output, small, and
//! working in a real headless Chromium (see `common/chromium.rs`): seeking to a
//! sentence highlights it and its first word, clicking a sentence plays it, playing
//! moves the highlight on, and nothing loads but the page and its audio.
//!
//! `cargo test --release --test page -- --ignored screenshot` writes
//! `docs/listen-page.png` for the README (`scripts/screenshot.sh`).

#[path = "common/chromium.rs"]
mod chromium;
mod common;

use chromium::{file_url, Chromium};
use common::{narrate, seed, stderr};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Renders the seed with espeak-ng into `dir` as `article.EXT`, with its page and
/// manifest; returns the page's path and the manifest.
fn render_seed(dir: &Path, ext: &str) -> (PathBuf, Value) {
    let audio = dir.join(format!("article.{ext}"));
    let manifest = render_with_page(&seed(), &audio);
    (dir.join("article.html"), manifest)
}

/// Renders `input` with espeak-ng to `audio`, with its page and manifest beside it;
/// returns the manifest.
fn render_with_page(input: &Path, audio: &Path) -> Value {
    let out = narrate(
        &[
            "render",
            input.to_str().expect("UTF-8 path"),
            "--voice",
            "en-us",
            "--page",
            "--manifest",
            "-q",
            "-o",
            audio.to_str().expect("UTF-8 path"),
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        audio.with_extension("html").is_file(),
        "the page is written beside the audio"
    );
    let manifest = std::fs::read_to_string(audio.with_extension("json")).expect("the manifest");
    serde_json::from_str(&manifest).expect("JSON")
}

/// Waits until the page's audio has its metadata (or failed); returns its error code
/// (0 for none) and duration.
fn audio_ready(browser: &mut Chromium) -> (i64, f64) {
    let v = browser.eval(
        r#"new Promise(resolve => {
            const a = document.getElementById("audio");
            const done = () => resolve([a.error ? a.error.code : 0, a.duration || 0]);
            if (a.readyState >= 1 || a.error) return done();
            a.addEventListener("loadedmetadata", done);
            a.addEventListener("error", done);
            a.load();
        })"#,
    );
    (v[0].as_i64().unwrap_or(-1), v[1].as_f64().unwrap_or(0.0))
}

/// What the page highlights: (data-s of the sentence, text of the word), null if none.
fn highlighted(browser: &mut Chromium) -> (Value, Value) {
    let v = browser.eval(
        r#"(() => {
            const s = document.querySelectorAll(".s.now");
            const w = document.querySelectorAll(".w.now");
            return [s.length === 1 ? Number(s[0].dataset.s) : (s.length ? "many" : null),
                    w.length === 1 ? w[0].textContent : (w.length ? "many" : null),
                    w.length === 1 && s.length === 1 && s[0].contains(w[0])];
        })()"#,
    );
    assert!(
        v[2] == Value::Bool(true) || v[1].is_null(),
        "the word is inside the sentence: {v}"
    );
    (v[0].clone(), v[1].clone())
}

/// Seeks the page's audio to `seconds` and waits for the seek to finish.
fn seek_to(browser: &mut Chromium, seconds: f64) {
    browser.eval(&format!(
        r#"new Promise(resolve => {{
            const a = document.getElementById("audio");
            a.pause();
            a.addEventListener("seeked", () => resolve(a.currentTime), {{ once: true }});
            a.currentTime = {seconds};
        }})"#
    ));
}

/// Waits until the page has stopped scrolling (it follows the reading position with a
/// smooth scroll).
fn settle(browser: &mut Chromium) {
    browser.eval(
        r#"new Promise(resolve => {
            let last = -1, same = 0;
            const check = () => {
                if (window.scrollY === last) {
                    if (++same > 5) return resolve();
                } else {
                    same = 0;
                    last = window.scrollY;
                }
                requestAnimationFrame(check);
            };
            check();
        })"#,
    );
}

/// A sentence's `words[i].text` as the page slices it: `chars` of the sentence text.
fn word_text(sentence: &Value, i: usize) -> String {
    let text = sentence["text"].as_str().expect("text");
    let chars = &sentence["words"][i]["chars"];
    let (a, b) = (
        chars[0].as_u64().expect("chars") as usize,
        chars[1].as_u64().expect("chars") as usize,
    );
    text.chars().skip(a).take(b - a).collect()
}

/// Sentences of the manifest with speech and words, spread over the article.
fn sample_sentences(manifest: &Value) -> Vec<usize> {
    let sentences = manifest["sentences"].as_array().expect("sentences");
    let with_words: Vec<usize> = (0..sentences.len())
        .filter(|&k| {
            sentences[k]["end"].as_f64() > sentences[k]["start"].as_f64()
                && sentences[k]["words"]
                    .as_array()
                    .is_some_and(|w| !w.is_empty())
        })
        .collect();
    assert!(with_words.len() >= 4, "the seed has sentences to check");
    let n = with_words.len();
    let mut picks = vec![
        with_words[0],
        with_words[1],
        with_words[n / 2],
        with_words[n - 1],
    ];
    picks.dedup();
    picks
}

#[test]
fn page_follows_the_audio_in_a_real_browser() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (page, manifest) = render_seed(dir.path(), "wav");
    let size = std::fs::metadata(&page).expect("the page").len();
    assert!(
        size < 50 * 1024,
        "the seed's page is {size} bytes, over 50 KB"
    );
    let sentences = manifest["sentences"].as_array().expect("sentences").clone();

    let mut browser = Chromium::launch(800, 900);
    let page_url = browser.open(&page);
    let (error, duration) = audio_ready(&mut browser);
    assert_eq!(error, 0, "the audio loads");
    let expected = manifest["duration"].as_f64().expect("duration");
    assert!(
        (duration - expected).abs() < 0.05,
        "{duration} vs {expected}"
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('.s').length"),
        Value::from(sentences.len()),
        "one span per narrated sentence"
    );
    // The page's words are the manifest's, cut where their character ranges say.
    let words: Vec<String> =
        serde_json::from_value(browser.eval(
            "Array.from(document.querySelectorAll('.s[data-s=\"1\"] .w'), w => w.textContent)",
        ))
        .expect("strings");
    let expected_words: Vec<String> = (0..sentences[1]["words"].as_array().expect("words").len())
        .map(|i| word_text(&sentences[1], i))
        .collect();
    assert_eq!(words, expected_words);

    for k in sample_sentences(&manifest) {
        let s = &sentences[k];
        let start = s["start"].as_f64().expect("start");
        // Seeking to sentence k's start highlights it and its first word.
        seek_to(&mut browser, start);
        let (sentence, word) = highlighted(&mut browser);
        assert_eq!(sentence, Value::from(k), "at {start} s");
        assert_eq!(
            word,
            Value::from(word_text(s, 0)),
            "sentence {k} at {start} s"
        );
        // Half-way through its second word, that word.
        if s["words"].as_array().is_some_and(|w| w.len() > 1) {
            let w = &s["words"][1];
            let middle =
                (w["start"].as_f64().expect("start") + w["end"].as_f64().expect("end")) / 2.0;
            seek_to(&mut browser, middle);
            let (sentence, word) = highlighted(&mut browser);
            assert_eq!(sentence, Value::from(k));
            assert_eq!(
                word,
                Value::from(word_text(s, 1)),
                "sentence {k} at {middle} s"
            );
        }

        // Clicking sentence k (on its first line) seeks to its start and plays.
        seek_to(&mut browser, 0.0);
        settle(&mut browser);
        let at = browser.eval(&format!(
            r#"(() => {{
                const el = document.querySelector('.s[data-s="{k}"]');
                el.scrollIntoView({{ block: "center" }});
                const r = el.getClientRects()[0];
                return [r.left + Math.min(8, r.width / 2), r.top + r.height / 2];
            }})()"#
        ));
        browser.click(at[0].as_f64().expect("x"), at[1].as_f64().expect("y"));
        let state = browser.eval(
            "(() => { const a = document.getElementById('audio'); const t = a.currentTime; const p = a.paused; a.pause(); return [t, p]; })()",
        );
        let t = state[0].as_f64().expect("time");
        assert!(
            t >= start - 0.002 && t < start + 0.5,
            "clicking sentence {k} goes to {start} s, not {t} s"
        );
        assert_eq!(state[1], Value::Bool(false), "and plays");
    }

    // The page follows the reading position, until the reader scrolls away.
    let last = sample_sentences(&manifest)[3];
    let near_end = sentences[last]["start"].as_f64().expect("start");
    seek_to(&mut browser, near_end);
    settle(&mut browser);
    let in_view = format!(
        r#"(() => {{
            const r = document.querySelector('.s[data-s="{last}"]').getBoundingClientRect();
            return r.bottom > 0 && r.top < window.innerHeight;
        }})()"#
    );
    assert_eq!(
        browser.eval(&in_view),
        Value::Bool(true),
        "scrolled to sentence {last}"
    );
    browser.call(
        "Input.dispatchMouseEvent",
        serde_json::json!({"type": "mouseWheel", "x": 400, "y": 500, "deltaX": 0, "deltaY": -100000}),
    );
    settle(&mut browser);
    assert_eq!(
        browser.eval("window.scrollY"),
        Value::from(0),
        "the reader scrolled up"
    );
    assert_eq!(
        browser.eval("document.getElementById('follow').hidden"),
        Value::Bool(false)
    );
    let later = sentences[last]["end"].as_f64().expect("end") - 0.05;
    seek_to(&mut browser, later);
    settle(&mut browser);
    assert_eq!(
        browser.eval("window.scrollY"),
        Value::from(0),
        "and the page stays there"
    );
    let button = browser.eval(
        "(() => { const r = document.getElementById('follow').getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()",
    );
    browser.click(
        button[0].as_f64().expect("x"),
        button[1].as_f64().expect("y"),
    );
    settle(&mut browser);
    assert_eq!(
        browser.eval(&in_view),
        Value::Bool(true),
        "the button goes back"
    );
    assert_eq!(
        browser.eval("document.getElementById('follow').hidden"),
        Value::Bool(true)
    );

    // The keys: Space plays and pauses, the arrows skip 15 seconds.
    seek_to(&mut browser, 20.0);
    browser.eval("document.activeElement && document.activeElement.blur()");
    browser.press("ArrowRight", "ArrowRight", 39);
    let t = browser
        .eval("document.getElementById('audio').currentTime")
        .as_f64()
        .expect("time");
    assert!((t - 35.0).abs() < 0.01, "ArrowRight goes 15 s on: {t}");
    browser.press("ArrowLeft", "ArrowLeft", 37);
    browser.press("ArrowLeft", "ArrowLeft", 37);
    let t = browser
        .eval("document.getElementById('audio').currentTime")
        .as_f64()
        .expect("time");
    assert!((t - 5.0).abs() < 0.01, "ArrowLeft goes 15 s back: {t}");
    browser.press(" ", "Space", 32);
    assert_eq!(
        browser.eval("document.getElementById('audio').paused"),
        Value::Bool(false)
    );
    assert_eq!(
        browser.eval(
            "new Promise(r => setTimeout(() => r(document.getElementById('play').getAttribute('aria-label')), 100))"
        ),
        Value::from("Pause")
    );
    browser.press(" ", "Space", 32);
    assert_eq!(
        browser.eval("document.getElementById('audio').paused"),
        Value::Bool(true)
    );

    // Playing for a second moves the highlighted word on.
    let k = sample_sentences(&manifest)[1];
    let start = sentences[k]["start"].as_f64().expect("start");
    seek_to(&mut browser, start);
    let (_, first) = highlighted(&mut browser);
    let played = browser.eval(
        r#"new Promise(resolve => {
            const a = document.getElementById("audio");
            const from = a.currentTime;
            a.play().then(() => setTimeout(() => { a.pause(); resolve(a.currentTime - from); }, 1200),
                          e => resolve("cannot play: " + e));
        })"#,
    );
    let played = played.as_f64().unwrap_or_else(|| panic!("{played}"));
    assert!(played > 0.5, "the audio played for {played} s");
    let (sentence, word) = highlighted(&mut browser);
    assert_eq!(sentence, Value::from(k));
    assert_ne!(
        word, first,
        "the highlighted word moved on as the audio played"
    );

    // A phone's width: nothing sticks out sideways, every control is on screen.
    browser.call(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": true}),
    );
    let fits = browser.eval(
        r#"(() => {
            const wide = document.documentElement.scrollWidth;
            const off = Array.from(document.querySelectorAll(".player button, .player select, .player input"))
                .filter(el => { const r = el.getBoundingClientRect(); return r.left < 0 || r.right > 360; })
                .map(el => el.id);
            return [wide, off];
        })()"#,
    );
    assert_eq!(
        fits,
        serde_json::json!([360, []]),
        "at 360 px: [page width, controls off screen]"
    );
    // Light and dark themes.
    let background = |browser: &mut Chromium, scheme: &str| {
        browser.call(
            "Emulation.setEmulatedMedia",
            serde_json::json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        );
        browser.eval("getComputedStyle(document.body).backgroundColor")
    };
    let light = background(&mut browser, "light");
    let dark = background(&mut browser, "dark");
    assert_ne!(light, dark, "the theme follows prefers-color-scheme");

    // Nothing was loaded but the page and its audio, both from files.
    let audio_url = file_url(&dir.path().join("article.wav"));
    let urls = browser.requested_urls();
    assert!(urls.contains(&page_url), "{urls:?}");
    for url in &urls {
        assert!(
            url == &page_url || url == &audio_url,
            "the page loaded {url} (only {page_url} and its audio may load)"
        );
    }
    let resources: Vec<String> = serde_json::from_value(
        browser.eval("performance.getEntriesByType('resource').map(e => e.name)"),
    )
    .expect("names");
    assert!(resources.iter().all(|r| r == &audio_url), "{resources:?}");
    let errors = browser.errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[test]
fn page_plays_every_audio_format() {
    let mut browser = Chromium::launch(800, 600);
    for ext in ["mp3", "flac", "opus"] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (page, manifest) = render_seed(dir.path(), ext);
        let html = std::fs::read_to_string(&page).expect("the page");
        assert!(
            html.contains(&format!("<audio id=\"audio\" src=\"./article.{ext}\"")),
            "the page links the {ext} file"
        );
        browser.open(&page);
        let (error, duration) = audio_ready(&mut browser);
        assert_eq!(error, 0, "Chromium loads the {ext} file");
        let expected = manifest["duration"].as_f64().expect("duration");
        assert!(
            (duration - expected).abs() < 0.1,
            "{ext}: {duration} s in the browser, {expected} s in the manifest"
        );
        let played = browser.eval(
            r#"new Promise(resolve => {
                const a = document.getElementById("audio");
                a.currentTime = 10;
                a.play().then(() => setTimeout(() => { a.pause(); resolve(a.currentTime - 10); }, 600),
                              e => resolve("cannot play: " + e));
            })"#,
        );
        let played = played.as_f64().unwrap_or_else(|| panic!("{ext}: {played}"));
        assert!(played > 0.2, "{ext} played for {played} s");
    }
    let errors = browser.errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[test]
fn page_cuts_words_right_after_characters_outside_the_basic_plane() {
    // Emoji and a musical symbol are two UTF-16 units each in JavaScript, one character
    // in the manifest's ranges: every word after them must still be cut where it is.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let input = dir.path().join("emoji.txt");
    std::fs::write(
        &input,
        "Concert notes\n\nThe 🎻 violinist played Bach’s 𝄞 suite in Zürich 🇨🇭 on Friday, and 😀 everyone cheered.\n",
    )
    .expect("writes");
    let audio = dir.path().join("emoji.wav");
    let manifest = render_with_page(&input, &audio);
    let mut browser = Chromium::launch(800, 600);
    browser.open(&dir.path().join("emoji.html"));
    let sentences = manifest["sentences"].as_array().expect("sentences");
    let mut checked = 0;
    for (k, s) in sentences.iter().enumerate() {
        let expected: Vec<String> = (0..s["words"].as_array().expect("words").len())
            .map(|i| word_text(s, i))
            .collect();
        let words: Vec<String> = serde_json::from_value(browser.eval(&format!(
            "Array.from(document.querySelectorAll('.s[data-s=\"{k}\"] .w'), w => w.textContent)"
        )))
        .expect("strings");
        assert_eq!(words, expected, "sentence {k}");
        checked += expected.len();
    }
    assert!(checked >= 10, "the words were checked ({checked})");
    let text = browser.eval("document.querySelector('.s[data-s=\"1\"]').textContent");
    assert_eq!(
        text, sentences[1]["text"],
        "the text is whole after the cutting"
    );
}

#[test]
fn page_is_written_for_each_input_of_a_batch() {
    let inputs = tempfile::tempdir().expect("a temporary folder");
    let out = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        inputs.path().join("first.txt"),
        "Talks resume\n\nThe talks resume in Geneva next week, officials said.\n",
    )
    .expect("writes");
    std::fs::write(
        inputs.path().join("second.md"),
        "# Rain ends\n\nThe rain ended on Tuesday after three days.\n",
    )
    .expect("writes");
    let dest = format!("{}/", out.path().display());
    let result = narrate(
        &[
            "render",
            inputs.path().to_str().expect("UTF-8"),
            "--voice",
            "en-us",
            "--format",
            "mp3",
            "--page",
            "-q",
            "-o",
            &dest,
        ],
        None,
    );
    assert!(result.status.success(), "{}", stderr(&result));
    for (name, words) in [("first", "Geneva"), ("second", "three days")] {
        let page = std::fs::read_to_string(out.path().join(format!("{name}.html")))
            .unwrap_or_else(|e| panic!("{name}.html: {e}"));
        assert!(page.contains(&format!("src=\"./{name}.mp3\"")), "{name}");
        assert!(page.contains(words), "{name}.html holds its own text");
        assert!(out.path().join(format!("{name}.mp3")).is_file());
    }
}

#[test]
fn page_is_refused_on_standard_output() {
    let out = narrate(
        &["render", "-", "--voice", "en-us", "--page", "-o", "-"],
        Some(b"One sentence to read.\n"),
    );
    assert_eq!(out.status.code(), Some(2), "a usage error");
    let err = stderr(&out);
    assert!(err.starts_with("narrate: error: --page"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(out.stdout.is_empty(), "no audio is written");
}

#[test]
fn page_is_listed_in_help() {
    let out = narrate(&["render", "--help"], None);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--page"), "{help}");
    assert!(help.contains("NAME.html"), "{help}");
}

/// Writes `docs/listen-page.png`: the seed's page at a phone-to-laptop width, paused
/// in its third narrated sentence with a word highlighted.
#[test]
#[ignore = "regenerates docs/listen-page.png; run by scripts/screenshot.sh"]
fn screenshot() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (page, manifest) = render_seed(dir.path(), "mp3");
    let mut browser = Chromium::launch(720, 760);
    browser.open(&page);
    audio_ready(&mut browser);
    let k = sample_sentences(&manifest)[1];
    let word = &manifest["sentences"][k]["words"][3];
    let at = (word["start"].as_f64().expect("start") + word["end"].as_f64().expect("end")) / 2.0;
    seek_to(&mut browser, at);
    browser.eval("window.scrollTo(0, 0)");
    std::thread::sleep(Duration::from_millis(300));
    let png = browser.screenshot();
    let target = common::repo().join("docs/listen-page.png");
    std::fs::create_dir_all(target.parent().expect("docs/")).expect("docs/");
    std::fs::write(&target, png).expect("writes the screenshot");
}
