//! SSML input: a `<speak>` document in, a [`Document`] whose blocks carry their
//! sentences as the script cut them ([`Block::script`]), or one error with the line and
//! column of what is wrong.
//!
//! Parsed with `roxmltree` (a maintained XML parser that reports positions). Each `p`
//! is a paragraph block, and so is text directly in `speak`; each `s` is one sentence,
//! not cut again; text outside `s` is cut by the news segmenter as any article is. A
//! `break` ends the sentence before it (inside an `s` too) and asks for its pause after
//! it. `say-as` ([`say_as`]), `sub` and `phoneme` ([`ipa`]) give spoken forms the speak
//! stage leaves as they are. `prosody rate` and `lang` (and `xml:lang` on `p` and `s`)
//! hold for whole sentences, so their spans begin and end sentences. `mark` names a
//! point of a sentence. `emphasis` is read plainly. Any other element's text is read,
//! and the element named once in a warning.

pub mod ipa;
pub mod say_as;

use crate::document::{Block, BlockKind, Document, Pause, PauseStrength, ScriptPiece, Scripted};
use crate::error::{Error, Result};
use crate::segment::{NewsSegmenter, Segmenter};
use roxmltree::{Node, NodeType};
use std::collections::BTreeSet;

/// The XML namespace of `xml:lang`.
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// The longest `break` narrate takes, in milliseconds.
pub const MAX_BREAK_MS: u32 = 60_000;

/// What reading a script gives besides the document: one warning per thing read
/// otherwise than the script asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    pub document: Document,
    pub warnings: Vec<String>,
}

/// Reads the SSML `text` that came from `source`.
pub fn read(source: &str, text: &str) -> Result<Read> {
    let xml = roxmltree::Document::parse(text).map_err(|e| {
        let pos = e.pos();
        Error::Ssml {
            path: source.to_string(),
            line: pos.row as usize,
            column: pos.col as usize,
            message: xml_message(&e),
        }
    })?;
    let root = xml.root_element();
    let mut walker = Walker::new(source, &xml);
    if root.tag_name().name() != "speak" {
        return Err(walker.error(
            root,
            format!(
                "the root element is <{}>, not <speak>",
                root.tag_name().name()
            ),
        ));
    }
    walker.children(root)?;
    walker.flush(true, None);
    walker.close_block();
    walker.finish();
    Ok(Read {
        document: Document {
            source: source.to_string(),
            blocks: walker.blocks,
            metadata: Default::default(),
        },
        warnings: walker.warnings,
    })
}

/// roxmltree's message without the position it appends (the error line gives it first).
fn xml_message(e: &roxmltree::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at ") {
        Some(i) if message[i + 4..].contains(':') => message[..i].to_string(),
        _ => message,
    }
}

/// Text of the sentences not yet made: pieces, and the marks among them.
#[derive(Default)]
struct Run {
    pieces: Vec<ScriptPiece>,
    /// Each mark with the index of the piece it comes before.
    marks: Vec<(String, usize)>,
    /// Set by a mark: the next text starts a piece of its own, so that the mark falls
    /// between pieces.
    split: bool,
}

impl Run {
    fn push_text(&mut self, text: &str) {
        let split = std::mem::take(&mut self.split);
        match self.pieces.last_mut() {
            Some(last) if last.spoken.is_none() && !split => last.written.push_str(text),
            _ => self.pieces.push(ScriptPiece {
                written: text.to_string(),
                spoken: None,
            }),
        }
    }

    fn has_words(&self) -> bool {
        self.pieces
            .iter()
            .any(|p| !p.written.trim().is_empty() || p.spoken.is_some())
    }
}

/// The block being filled: its text and sentences.
struct OpenBlock {
    text: String,
    line: usize,
    sentences: Vec<Scripted>,
}

struct Walker<'a, 'input> {
    source: &'a str,
    xml: &'a roxmltree::Document<'input>,
    blocks: Vec<Block>,
    block: Option<OpenBlock>,
    run: Run,
    /// The line where the run's first text is, for the block it opens.
    run_line: usize,
    /// The rate and language in force, innermost last.
    rates: Vec<u32>,
    languages: Vec<Option<String>>,
    warnings: Vec<String>,
    unknown: BTreeSet<String>,
}

impl<'a, 'input> Walker<'a, 'input> {
    fn new(source: &'a str, xml: &'a roxmltree::Document<'input>) -> Self {
        Walker {
            source,
            xml,
            blocks: Vec::new(),
            block: None,
            run: Run::default(),
            run_line: 1,
            rates: vec![100],
            languages: vec![None],
            warnings: Vec::new(),
            unknown: BTreeSet::new(),
        }
    }

    fn line(&self, node: Node) -> usize {
        self.xml.text_pos_at(node.range().start).row as usize
    }

    /// An error at `node`'s position.
    fn error(&self, node: Node, message: String) -> Error {
        let pos = self.xml.text_pos_at(node.range().start);
        Error::Ssml {
            path: self.source.to_string(),
            line: pos.row as usize,
            column: pos.col as usize,
            message,
        }
    }

    fn warn(&mut self, node: Node, message: String) {
        let pos = self.xml.text_pos_at(node.range().start);
        self.warnings.push(format!(
            "{}:{}:{}: {message}",
            self.source, pos.row, pos.col
        ));
    }

    fn children(&mut self, node: Node) -> Result<()> {
        for child in node.children() {
            self.node(child)?;
        }
        Ok(())
    }

    fn node(&mut self, node: Node) -> Result<()> {
        match node.node_type() {
            NodeType::Text => {
                if !self.run.has_words() {
                    self.run_line = self.line(node);
                }
                let text = collapse(node.text().unwrap_or_default());
                self.run.push_text(&text);
                Ok(())
            }
            NodeType::Element => self.element(node),
            _ => Ok(()),
        }
    }

    fn element(&mut self, node: Node) -> Result<()> {
        let name = node.tag_name().name();
        match name {
            "p" | "paragraph" => {
                self.flush(true, None);
                self.close_block();
                self.block = Some(OpenBlock {
                    text: String::new(),
                    line: self.line(node),
                    sentences: Vec::new(),
                });
                self.with_language(node, |w| w.children(node))?;
                self.flush(true, None);
                self.close_block();
            }
            "s" | "sentence" => {
                self.flush(true, None);
                self.with_language(node, |w| w.children(node))?;
                self.flush(false, None);
            }
            "break" => {
                let pause = self.pause(node)?;
                let inside_s = node
                    .ancestors()
                    .skip(1)
                    .any(|a| matches!(a.tag_name().name(), "s" | "sentence"));
                self.flush(!inside_s, Some(pause));
            }
            "say-as" => {
                let text = node_text(node);
                let kind = node.attribute("interpret-as").ok_or_else(|| {
                    self.error(node, "<say-as> needs an interpret-as attribute".to_string())
                })?;
                match say_as::spoken(kind, node.attribute("format"), &text) {
                    Ok(spoken) => self.exact(node, text, spoken),
                    Err(why) => {
                        self.warn(
                            node,
                            format!("<say-as>: {why}; its text is read as written"),
                        );
                        self.run.push_text(&collapse(&text));
                    }
                }
            }
            "sub" => {
                let alias = node.attribute("alias").ok_or_else(|| {
                    self.error(node, "<sub> needs an alias attribute".to_string())
                })?;
                self.exact(node, node_text(node), collapse(alias).trim().to_string());
            }
            "phoneme" => {
                let text = node_text(node);
                let ph = node.attribute("ph").ok_or_else(|| {
                    self.error(node, "<phoneme> needs a ph attribute".to_string())
                })?;
                let alphabet = node.attribute("alphabet").unwrap_or("ipa");
                let converted = if alphabet.eq_ignore_ascii_case("ipa") {
                    ipa::to_espeak(ph)
                } else {
                    Err(format!(
                        "alphabet \"{alphabet}\" is not one narrate reads (it reads ipa)"
                    ))
                };
                match converted {
                    Ok(phonemes) => self.exact(node, text, phonemes),
                    Err(why) => {
                        self.warn(
                            node,
                            format!("<phoneme ph=\"{ph}\">: {why}; its text is read instead"),
                        );
                        self.run.push_text(&collapse(&text));
                    }
                }
            }
            "prosody" => {
                let rate = match node.attribute("rate") {
                    Some(r) => {
                        parse_rate(r, self.rates.last().copied().unwrap_or(100)).map_err(|why| {
                            self.error(node, format!("<prosody rate=\"{r}\">: {why}"))
                        })?
                    }
                    None => self.rates.last().copied().unwrap_or(100),
                };
                for other in ["pitch", "volume", "contour", "range", "duration"] {
                    if node.attribute(other).is_some() {
                        self.warn(node, format!("<prosody {other}> is not supported; read at the voice's own {other}"));
                    }
                }
                self.span(node, |w| {
                    w.rates.push(rate);
                    let result = w.children(node);
                    w.flush(!inside_s(node), None);
                    w.rates.pop();
                    result
                })?;
            }
            "lang" => {
                self.span(node, |w| {
                    w.with_language(node, |w| {
                        let result = w.children(node);
                        w.flush(!inside_s(node), None);
                        result
                    })
                })?;
            }
            "emphasis" => self.children(node)?,
            "mark" => {
                let name = node
                    .attribute("name")
                    .ok_or_else(|| self.error(node, "<mark> needs a name attribute".to_string()))?;
                self.run
                    .marks
                    .push((name.to_string(), self.run.pieces.len()));
                self.run.split = true;
            }
            "speak" => self.with_language(node, |w| w.children(node))?,
            other => {
                if self.unknown.insert(other.to_string()) {
                    self.warn(
                        node,
                        format!("<{other}> is not an SSML element narrate knows; its text is read"),
                    );
                }
                self.children(node)?;
            }
        }
        Ok(())
    }

    /// A stretch that holds for whole sentences: the sentence before it ends here.
    fn span(&mut self, node: Node, f: impl FnOnce(&mut Self) -> Result<()>) -> Result<()> {
        self.flush(!inside_s(node), None);
        f(self)
    }

    /// Runs `f` with the language `node` names (`xml:lang`) in force; on `speak` the
    /// document's own language, which the voice already speaks, so not set.
    fn with_language(&mut self, node: Node, f: impl FnOnce(&mut Self) -> Result<()>) -> Result<()> {
        let lang = node.attribute((XML_NAMESPACE, "lang")).or_else(|| {
            (node.tag_name().name() == "lang")
                .then(|| node.attribute("lang"))
                .flatten()
        });
        let Some(lang) = lang.filter(|_| node.tag_name().name() != "speak") else {
            return f(self);
        };
        if node.tag_name().name() == "lang" && lang.trim().is_empty() {
            return Err(self.error(node, "<lang> needs an xml:lang attribute".to_string()));
        }
        let changes = self.languages.last().cloned().flatten().as_deref() != Some(lang);
        if changes {
            self.flush(!inside_s(node), None);
        }
        self.languages.push(Some(lang.to_string()));
        let result = f(self);
        if changes {
            self.flush(!inside_s(node), None);
        }
        self.languages.pop();
        result
    }

    /// Adds a piece whose spoken form is given.
    fn exact(&mut self, node: Node, written: String, spoken: String) {
        if !self.run.has_words() {
            self.run_line = self.line(node);
        }
        self.run.pieces.push(ScriptPiece {
            written: collapse(&written),
            spoken: Some(spoken),
        });
    }

    /// The pause of a `break`: its time, else its strength, else medium.
    fn pause(&self, node: Node) -> Result<Pause> {
        if let Some(time) = node.attribute("time") {
            return parse_time(time)
                .map(Pause::Millis)
                .map_err(|why| self.error(node, format!("<break time=\"{time}\">: {why}")));
        }
        let strength = node.attribute("strength").unwrap_or("medium");
        let strength = match strength {
            "none" => PauseStrength::None,
            "x-weak" => PauseStrength::XWeak,
            "weak" => PauseStrength::Weak,
            "medium" => PauseStrength::Medium,
            "strong" => PauseStrength::Strong,
            "x-strong" => PauseStrength::XStrong,
            other => {
                return Err(self.error(node, format!(
                    "<break strength=\"{other}\">: strength is none, x-weak, weak, medium, strong or x-strong"
                )))
            }
        };
        Ok(Pause::Strength(strength))
    }

    /// Makes the run's text into sentences of the open block (opening one if none is):
    /// cut by the segmenter when `segment`, else one sentence. The last one made gets
    /// `pause` after it; with no text, the last sentence so far does.
    fn flush(&mut self, segment: bool, pause: Option<Pause>) {
        if !self.run.has_words() {
            // Marks wait for the next sentence's start; the text (white space) goes.
            self.run.pieces.clear();
            for mark in &mut self.run.marks {
                mark.1 = 0;
            }
            if let Some(pause) = pause {
                if let Some(last) = self.last_sentence() {
                    last.pause_after = Some(pause);
                }
            }
            return;
        }
        let run = std::mem::take(&mut self.run);
        let mut sentences = cut(&run, segment);
        let rate = self.rates.last().copied().unwrap_or(100);
        let language = self.languages.last().cloned().flatten();
        if let Some(last) = sentences.last_mut() {
            last.pause_after = pause;
        }
        let line = self.run_line;
        let block = self.block.get_or_insert_with(|| OpenBlock {
            text: String::new(),
            line,
            sentences: Vec::new(),
        });
        for mut s in sentences {
            let written: String = s.pieces.iter().map(|p| p.written.as_str()).collect();
            if !block.text.is_empty() {
                block.text.push(' ');
            }
            let start = block.text.len();
            block.text.push_str(&written);
            s.range = start..block.text.len();
            s.rate_percent = (rate != 100).then_some(rate);
            s.language = language.clone();
            block.sentences.push(s);
        }
    }

    fn last_sentence(&mut self) -> Option<&mut Scripted> {
        if let Some(b) = self.block.as_mut().filter(|b| !b.sentences.is_empty()) {
            return b.sentences.last_mut();
        }
        self.blocks
            .last_mut()
            .and_then(|b| b.script.as_mut())
            .and_then(|s| s.last_mut())
    }

    /// Ends the open block, if it has sentences.
    fn close_block(&mut self) {
        if let Some(open) = self.block.take().filter(|b| !b.sentences.is_empty()) {
            let mut block = Block::new(BlockKind::Paragraph, open.text, open.line);
            block.script = Some(open.sentences);
            self.blocks.push(block);
        }
    }

    /// Marks after the last words go at the end of the last sentence.
    fn finish(&mut self) {
        let marks = std::mem::take(&mut self.run.marks);
        if let Some(last) = self.last_sentence() {
            let end = last.pieces.len();
            last.marks
                .extend(marks.into_iter().map(|(name, _)| (name, end)));
        }
    }
}

fn inside_s(node: Node) -> bool {
    node.ancestors()
        .skip(1)
        .any(|a| matches!(a.tag_name().name(), "s" | "sentence"))
}

/// All the text inside `node`.
fn node_text(node: Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// White space runs made one space (XML's line breaks and indentation are layout).
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// The run cut into sentences, their pieces trimmed at the edges, with its marks.
fn cut(run: &Run, segment: bool) -> Vec<Scripted> {
    // Where each piece starts in the run's written text.
    let mut starts = Vec::with_capacity(run.pieces.len());
    let mut text = String::new();
    for p in &run.pieces {
        starts.push(text.len());
        text.push_str(&p.written);
    }
    let inside_exact = |at: usize| {
        run.pieces
            .iter()
            .zip(&starts)
            .any(|(p, &s)| p.spoken.is_some() && s < at && at < s + p.written.len())
    };
    let mut bounds: Vec<usize> = vec![0];
    if segment {
        bounds.extend(
            NewsSegmenter
                .split(&text)
                .iter()
                .skip(1)
                .map(|r| r.start)
                .filter(|&at| !inside_exact(at)),
        );
    }
    bounds.push(text.len() + 1);
    let mut out = Vec::new();
    for window in bounds.windows(2) {
        let (from, to) = (window[0], window[1]);
        let mut pieces: Vec<(usize, ScriptPiece)> = Vec::new();
        for (p, &s) in run.pieces.iter().zip(&starts) {
            let end = s + p.written.len();
            if p.spoken.is_some() {
                if (from..to).contains(&s) {
                    pieces.push((s, p.clone()));
                }
            } else if s < to && end > from {
                let a = s.max(from);
                let b = end.min(to.min(text.len()));
                pieces.push((
                    a,
                    ScriptPiece {
                        written: text[a..b].to_string(),
                        spoken: None,
                    },
                ));
            }
        }
        // Trimmed at the sentence's edges; pieces left empty go.
        if let Some((_, first)) = pieces.first_mut() {
            first.written = first.written.trim_start().to_string();
        }
        if let Some((_, last)) = pieces.last_mut() {
            last.written = last.written.trim_end().to_string();
        }
        pieces.retain(|(_, p)| !p.written.is_empty() || p.spoken.is_some());
        if pieces.is_empty() {
            continue;
        }
        let marks = run
            .marks
            .iter()
            .filter(|(_, piece)| {
                let at = starts.get(*piece).copied().unwrap_or(text.len());
                (from..to).contains(&at)
            })
            .map(|(name, piece)| {
                let at = starts.get(*piece).copied().unwrap_or(text.len());
                (name.clone(), pieces.iter().filter(|(s, _)| *s < at).count())
            })
            .collect();
        out.push(Scripted {
            pieces: pieces.into_iter().map(|(_, p)| p).collect(),
            marks,
            ..Scripted::default()
        });
    }
    out
}

/// A `break` time: "500ms", "2s", "1.5s".
fn parse_time(time: &str) -> std::result::Result<u32, String> {
    let time = time.trim();
    let (number, scale) = if let Some(n) = time.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = time.strip_suffix('s') {
        (n, 1000.0)
    } else {
        return Err(
            "a time is a number of seconds (\"2s\") or milliseconds (\"500ms\")".to_string(),
        );
    };
    let value: f64 = number
        .trim()
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| format!("\"{number}\" is not a length of time"))?;
    let ms = (value * scale).round();
    if ms > f64::from(MAX_BREAK_MS) {
        return Err(format!("narrate pauses at most {} s", MAX_BREAK_MS / 1000));
    }
    Ok(ms as u32)
}

/// A `prosody rate` in percent of the voice's normal rate, given the enclosing one:
/// a label (x-slow 50, slow 75, medium and default 100, fast 125, x-fast 150), a
/// percentage of the normal rate ("120%"), a change of the enclosing one ("+20%",
/// "-10%") or a multiple of the normal rate ("1.5").
fn parse_rate(rate: &str, enclosing: u32) -> std::result::Result<u32, String> {
    let rate = rate.trim();
    let percent = match rate {
        "x-slow" => 50.0,
        "slow" => 75.0,
        "medium" | "default" => 100.0,
        "fast" => 125.0,
        "x-fast" => 150.0,
        _ => {
            let number = |s: &str| -> std::result::Result<f64, String> {
                s.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| "a rate is x-slow, slow, medium, fast, x-fast, a percentage (\"120%\", \"+20%\") or a multiple (\"1.5\")".to_string())
            };
            match rate.strip_suffix('%') {
                Some(p) if p.starts_with(['+', '-']) => {
                    f64::from(enclosing) * (1.0 + number(p)? / 100.0)
                }
                Some(p) => number(p)?,
                None => number(rate)? * 100.0,
            }
        }
    };
    if !(MIN_RATE_PERCENT as f64..=MAX_RATE_PERCENT as f64).contains(&percent) {
        return Err(format!(
            "narrate reads at {MIN_RATE_PERCENT}% to {MAX_RATE_PERCENT}% of the voice's rate"
        ));
    }
    Ok(percent.round() as u32)
}

/// The slowest and fastest `prosody rate`, in percent (the range `--speed` takes).
pub const MIN_RATE_PERCENT: u32 = 25;
pub const MAX_RATE_PERCENT: u32 = 400;

#[cfg(test)]
mod tests {
    use super::*;

    /// Each sentence of a script: its written text, spoken pieces as given (`None` for
    /// text the speak stage reads), pause after, rate, language and marks.
    fn sentences(ssml: &str) -> Vec<Scripted> {
        let read = read("t.ssml", ssml).unwrap();
        read.document
            .blocks
            .into_iter()
            .flat_map(|b| b.script.unwrap_or_default())
            .collect()
    }

    fn written(ssml: &str) -> Vec<String> {
        let read = read("t.ssml", ssml).unwrap();
        let doc = read.document;
        doc.blocks
            .iter()
            .flat_map(|b| {
                b.script
                    .iter()
                    .flatten()
                    .map(|s| b.text[s.range.clone()].to_string())
            })
            .collect()
    }

    #[test]
    fn paragraphs_and_sentences_are_cut_as_the_script_says() {
        // Text outside <s> is cut by the segmenter; an <s> is one sentence however
        // many stops it holds; each <p> is a block.
        let ssml =
            "<speak>Loose text. Cut in two.<p><s>Dr. Ngata spoke. Then left.</s>More.</p></speak>";
        assert_eq!(
            written(ssml),
            [
                "Loose text.",
                "Cut in two.",
                "Dr. Ngata spoke. Then left.",
                "More."
            ]
        );
        let doc = read("t.ssml", ssml).unwrap().document;
        assert_eq!(doc.blocks.len(), 2);
        assert!(doc.blocks.iter().all(|b| b.kind == BlockKind::Paragraph));
    }

    #[test]
    fn a_break_ends_the_sentence_before_it_even_inside_an_s() {
        let s = sentences(
            r#"<speak><s>First part <break time="750ms"/> second part.</s><break strength="x-weak"/><s>Next.</s></speak>"#,
        );
        let texts: Vec<&str> = s.iter().map(|s| s.pieces[0].written.as_str()).collect();
        assert_eq!(texts, ["First part", "second part.", "Next."]);
        assert_eq!(s[0].pause_after, Some(Pause::Millis(750)));
        assert_eq!(
            s[1].pause_after,
            Some(Pause::Strength(PauseStrength::XWeak))
        );
        assert_eq!(s[2].pause_after, None);
    }

    #[test]
    fn given_spoken_forms_are_pieces_of_their_own() {
        let s = sentences(
            r#"<speak><s>Call <say-as interpret-as="digits">911</say-as> or <sub alias="the W-H-O">WHO</sub>, <phoneme ph="ˈθɪŋk">think</phoneme>.</s></speak>"#,
        );
        assert_eq!(s.len(), 1);
        let pieces: Vec<(&str, Option<&str>)> = s[0]
            .pieces
            .iter()
            .map(|p| (p.written.as_str(), p.spoken.as_deref()))
            .collect();
        assert_eq!(
            pieces,
            [
                ("Call ", None),
                ("911", Some("nine one one")),
                (" or ", None),
                ("WHO", Some("the W-H-O")),
                (", ", None),
                ("think", Some("[['TINk]]")),
                (".", None),
            ]
        );
        // Spoken: the given forms as they are, the rest through the speak stage.
        let (spoken, _) = s[0].spoken(|t| t.to_uppercase());
        assert_eq!(spoken, "CALL nine one one OR the W-H-O, [['TINk]].");
    }

    #[test]
    fn a_segmenter_cut_never_falls_inside_a_given_spoken_form() {
        // "U.S. Army" would be cut after "U.S." by nothing here, but a say-as whose
        // text has stops stays whole in one sentence.
        let s = written(
            r#"<speak>Spell <say-as interpret-as="characters">a. b. c.</say-as> Then stop.</speak>"#,
        );
        assert!(s[0].contains("a. b. c."), "{s:?}");
    }

    #[test]
    fn rate_and_language_hold_for_whole_sentences() {
        let s = sentences(
            r#"<speak xml:lang="en-US"><prosody rate="slow">Slow one. <prosody rate="+100%">Faster.</prosody></prosody> Plain. <s>Say <lang xml:lang="de">guten Tag</lang> now.</s></speak>"#,
        );
        let got: Vec<(String, Option<u32>, Option<String>)> = s
            .iter()
            .map(|s| {
                let text: String = s.pieces.iter().map(|p| p.written.as_str()).collect();
                (text, s.rate_percent, s.language.clone())
            })
            .collect();
        let de = Some("de".to_string());
        assert_eq!(
            got,
            [
                ("Slow one.".to_string(), Some(75), None),
                ("Faster.".to_string(), Some(150), None),
                ("Plain.".to_string(), None, None),
                ("Say".to_string(), None, None),
                ("guten Tag".to_string(), None, de),
                ("now.".to_string(), None, None),
            ]
        );
    }

    #[test]
    fn marks_fall_before_their_word_or_at_the_end() {
        let s = sentences(
            r#"<speak><mark name="a"/><s>One <mark name="b"/>two.</s><s>Three.<mark name="c"/></s><mark name="d"/></speak>"#,
        );
        assert_eq!(s[0].marks, [("a".to_string(), 0), ("b".to_string(), 1)]);
        let (spoken, offsets) = s[0].spoken(str::to_string);
        assert_eq!(spoken, "One two.");
        assert_eq!(offsets, [("a".to_string(), 0), ("b".to_string(), 4)]);
        let (_, offsets) = s[1].spoken(str::to_string);
        assert_eq!(offsets, [("c".to_string(), 6), ("d".to_string(), 6)]);
    }

    #[test]
    fn unknown_elements_are_read_and_named_once() {
        let read = read(
            "t.ssml",
            "<speak><p><s>A <foo>b</foo> <foo>c</foo> <bar>d</bar>.</s></p></speak>",
        )
        .unwrap();
        assert_eq!(read.warnings.len(), 2, "{:?}", read.warnings);
        assert!(
            read.warnings[0].starts_with("t.ssml:1:16: <foo>"),
            "{:?}",
            read.warnings
        );
        assert!(read.warnings[1].contains("<bar>"));
        assert_eq!(read.document.blocks[0].text, "A b c d.");
    }

    #[test]
    fn errors_name_line_column_and_why() {
        let cases = [
            ("<speak>\n<s>open</p></speak>", 2, "'s'"),
            ("<speak><break time=\"-1s\"/></speak>", 1, "length of time"),
            (
                "<speak><break strength=\"huge\"/></speak>",
                1,
                "strength is",
            ),
            ("<speak>\n\n<say-as>x</say-as></speak>", 3, "interpret-as"),
            ("<speak><sub>x</sub></speak>", 1, "alias"),
            ("<speak><mark/></speak>", 1, "name"),
            (
                "<speak><prosody rate=\"quick\">x</prosody></speak>",
                1,
                "a rate is",
            ),
            ("<talk>x</talk>", 1, "not <speak>"),
        ];
        for (ssml, line, why) in cases {
            match read("t.ssml", ssml) {
                Err(Error::Ssml {
                    line: l, message, ..
                }) => {
                    assert_eq!(l, line, "{ssml}: {message}");
                    assert!(message.contains(why), "{ssml}: {message}");
                }
                other => panic!("{ssml}: {other:?}"),
            }
        }
    }

    #[test]
    fn times_and_rates_parse() {
        assert_eq!(parse_time("500ms"), Ok(500));
        assert_eq!(parse_time("2s"), Ok(2000));
        assert_eq!(parse_time(" 1.25s "), Ok(1250));
        assert!(parse_time("2").is_err());
        assert!(parse_time("2min").is_err());
        assert!(parse_time("61s").is_err());
        assert_eq!(parse_rate("x-slow", 100), Ok(50));
        assert_eq!(parse_rate("x-fast", 100), Ok(150));
        assert_eq!(parse_rate("80%", 150), Ok(80));
        assert_eq!(parse_rate("+20%", 150), Ok(180));
        assert_eq!(parse_rate("-50%", 100), Ok(50));
        assert_eq!(parse_rate("1.5", 100), Ok(150));
        assert!(parse_rate("5%", 100).is_err());
        assert!(parse_rate("NaN", 100).is_err());
    }
}
