//! `narrate plan`: one line per sentence, `+` for narrated, `-` and the reason for
//! dropped, with a summary line first.

use super::{PlanContext, PlanFormat};
use crate::pipeline::Plan;
use std::io::Write;

pub struct Text {
    /// Also show the spoken form of narrated sentences where it differs from the text.
    pub spoken: bool,
}

/// `83` as `1m 23s`.
pub fn format_duration(seconds: f64) -> String {
    let s = seconds.round() as u64;
    if s >= 60 {
        format!("{}m {:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

impl PlanFormat for Text {
    fn write(&self, plan: &Plan, cx: &PlanContext, out: &mut dyn Write) -> std::io::Result<()> {
        let narrated = plan.narrated().count();
        writeln!(
            out,
            "{}: {} sentences, {} narrated, {} dropped; about {} with voice {}",
            plan.source(),
            plan.sentences.len(),
            narrated,
            plan.sentences.len() - narrated,
            format_duration(plan.estimated_seconds(cx.speed, &cx.pauses)),
            cx.voice,
        )?;
        let mut last_block = None;
        for s in &plan.sentences {
            if last_block.is_some() && last_block != Some(s.sentence.block) {
                writeln!(out)?;
            }
            last_block = Some(s.sentence.block);
            let text = plan.text(s);
            match s.decision.reason() {
                None => writeln!(out, "  + {:<12} {}", "", text)?,
                Some(r) => writeln!(out, "  - {:<12} {}", r.as_str(), text)?,
            }
            if self.spoken {
                if let Some(spoken) = plan.spoken(s).filter(|sp| sp != text) {
                    writeln!(out, "    {:<12} > {}", "", spoken)?;
                }
            }
        }
        Ok(())
    }
}
