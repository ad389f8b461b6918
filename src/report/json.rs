//! `narrate plan --json`: one JSON object with every sentence of the input, in order.
//! A sentence's `keep` says whether it is narrated and `reason` why the selector dropped
//! it; a dropped sentence narrated on request (`--keep`) has both, and
//! `kept_on_request`. The fields are documented in the README.

use super::{PlanContext, PlanFormat};
use crate::pipeline::Plan;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

pub struct Json;

#[derive(Serialize)]
struct Report<'a> {
    source: &'a str,
    title: Option<&'a str>,
    /// What the input says beyond its text: `title` (Markdown front matter), `author`,
    /// `site`, `date`, `url`, each `null` when it says nothing.
    metadata: &'a crate::tags::Metadata,
    /// The chapters an audio file gets: each narrated heading's block and title (the
    /// first chapter the title's when the narration opens otherwise).
    chapters: Vec<Chapter>,
    voice: &'a str,
    /// The language it is read in, a BCP 47 tag ("de", "fr-FR").
    language: &'a str,
    /// How the language was found: `option`, `document`, `detected`, `voice`,
    /// `default`.
    language_source: &'static str,
    /// Why a guess of the language was not taken, when it was not.
    #[serde(skip_serializing_if = "Option::is_none")]
    language_note: Option<&'a str>,
    /// Whether the segmenter has an abbreviation table for the language.
    abbreviations: bool,
    speed: f32,
    counts: Counts,
    estimated_seconds: f64,
    sentences: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Chapter {
    block: usize,
    title: String,
}

#[derive(Serialize)]
struct Counts {
    blocks: usize,
    sentences: usize,
    narrated: usize,
    dropped: usize,
    /// Of the narrated, those the selector dropped (`--keep`).
    kept_on_request: usize,
    /// The dropped (not narrated) sentences by reason.
    dropped_by_reason: BTreeMap<&'static str, usize>,
    narrated_words: usize,
}

#[derive(Serialize)]
struct Entry<'a> {
    index: usize,
    block: usize,
    kind: crate::document::BlockKind,
    line: usize,
    text: &'a str,
    /// Whether it is narrated.
    keep: bool,
    /// Why the selector dropped it, even when it is narrated on request.
    reason: Option<&'static str>,
    kept_on_request: bool,
    spoken: Option<String>,
}

impl PlanFormat for Json {
    fn write(&self, plan: &Plan, cx: &PlanContext, out: &mut dyn Write) -> std::io::Result<()> {
        let narrated = plan.narrated().count();
        let report = Report {
            source: plan.source(),
            title: plan.title(),
            metadata: &plan.document.metadata,
            chapters: crate::tags::chapter_marks(
                plan,
                plan.document.metadata.title.as_deref().or(plan.title()),
            )
            .into_iter()
            .map(|(block, title)| Chapter { block, title })
            .collect(),
            voice: &cx.voice,
            language: &plan.language.tag,
            language_source: plan.language.source.as_str(),
            language_note: plan.language.note.as_deref(),
            abbreviations: crate::segment::abbreviations::table_for(&plan.language.tag).is_some(),
            speed: cx.speed,
            counts: Counts {
                blocks: plan.document.blocks.len(),
                sentences: plan.sentences.len(),
                narrated,
                dropped: plan.sentences.len() - narrated,
                kept_on_request: plan.kept_on_request(),
                dropped_by_reason: plan
                    .dropped_by_reason()
                    .into_iter()
                    .map(|(r, n)| (r.as_str(), n))
                    .collect(),
                narrated_words: plan.narrated_words(),
            },
            estimated_seconds: (plan.estimated_seconds(cx.speed, &cx.pauses) * 10.0).round() / 10.0,
            sentences: plan
                .sentences
                .iter()
                .enumerate()
                .map(|(index, s)| {
                    let block = &plan.document.blocks[s.sentence.block];
                    Entry {
                        index,
                        block: s.sentence.block,
                        kind: block.kind,
                        line: block.line,
                        text: plan.text(s),
                        keep: s.narrated(),
                        reason: s.decision.reason().map(|r| r.as_str()),
                        kept_on_request: s.kept_on_request,
                        spoken: plan.spoken(s),
                    }
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)
    }
}
