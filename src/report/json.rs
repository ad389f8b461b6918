//! `narrate plan --json`: one JSON object with every sentence of the input, in order.

use super::{PlanContext, PlanFormat};
use crate::pipeline::Plan;
use serde::Serialize;
use std::io::Write;

pub struct Json;

#[derive(Serialize)]
struct Report<'a> {
    source: &'a str,
    title: Option<&'a str>,
    voice: &'a str,
    speed: f32,
    counts: Counts,
    estimated_seconds: f64,
    sentences: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Counts {
    blocks: usize,
    sentences: usize,
    narrated: usize,
    dropped: usize,
    narrated_words: usize,
}

#[derive(Serialize)]
struct Entry<'a> {
    index: usize,
    block: usize,
    kind: crate::document::BlockKind,
    line: usize,
    text: &'a str,
    keep: bool,
    reason: Option<&'static str>,
    spoken: Option<String>,
}

impl PlanFormat for Json {
    fn write(&self, plan: &Plan, cx: &PlanContext, out: &mut dyn Write) -> std::io::Result<()> {
        let narrated = plan.narrated().count();
        let report = Report {
            source: plan.source(),
            title: plan.title(),
            voice: &cx.voice,
            speed: cx.speed,
            counts: Counts {
                blocks: plan.document.blocks.len(),
                sentences: plan.sentences.len(),
                narrated,
                dropped: plan.sentences.len() - narrated,
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
                        keep: s.decision.keep(),
                        reason: s.decision.reason().map(|r| r.as_str()),
                        spoken: plan.spoken(s),
                    }
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)
    }
}
