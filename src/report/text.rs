//! `narrate plan`: one line per sentence, `+` for narrated, `-` and the reason for
//! dropped (`+` and the reason for a dropped sentence narrated on request, `--keep`),
//! with a summary line first (its end names the language, [`language_line`]); and [`narrated_and_dropped`], the counts `render` prints
//! for each input. Text from the article and its name is shown through
//! [`crate::display::text`], so no control character reaches the terminal.

use super::{PlanContext, PlanFormat};
use crate::display;
use crate::language::Language;
use crate::pipeline::Plan;
use crate::segment::abbreviations::table_for;
use std::io::Write;

pub struct Text {
    /// Also show the spoken form of narrated sentences where it differs from the text.
    pub spoken: bool,
}

/// A duration in whole seconds, the largest unit first: `45s`, `1m 23s`,
/// `1218h 09m 39s` (hours are not rolled into days: a narration's length reads best in
/// hours). Anything not a finite positive number of seconds is `0s`.
pub fn format_duration(seconds: f64) -> String {
    let total = if seconds.is_finite() && seconds > 0.0 {
        seconds.round() as u64
    } else {
        0
    };
    let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60);
    if hours > 0 {
        format!("{hours}h {minutes:02}m {seconds:02}s")
    } else if minutes > 0 {
        format!("{minutes}m {seconds:02}s")
    } else {
        format!("{seconds}s")
    }
}

/// `n` and the noun in the number it needs: `1 sentence`, `0 sentences`, `2 sentences`
/// (`noun` is the singular; the plural adds an s, which every noun narrate counts
/// takes).
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// How many sentences are narrated and how many dropped, for which reasons (most
/// first): `10 narrated, 8 dropped (3 caption, 2 credit, 2 promo, 1 duplicate)`, with
/// `(2 kept on request)` after the narrated when `--keep` narrates some, and `none
/// dropped` when nothing is.
pub fn narrated_and_dropped(plan: &Plan) -> String {
    let narrated = plan.narrated().count();
    let mut line = format!("{narrated} narrated");
    let kept = plan.kept_on_request();
    if kept > 0 {
        line.push_str(&format!(" ({kept} kept on request)"));
    }
    let dropped = plan.dropped_by_reason();
    if dropped.is_empty() {
        line.push_str(", none dropped");
    } else {
        let counts: Vec<String> = dropped.iter().map(|(r, n)| format!("{n} {r}")).collect();
        line.push_str(&format!(
            ", {} dropped ({})",
            plan.sentences.len() - narrated,
            counts.join(", ")
        ));
    }
    line
}

/// The language a plan is read in, how it was found, and what narrate lacks for it:
/// `language de (detected)`, `language en (default: the text is too short to tell its
/// language; …)`, `language it (option; no abbreviation table: language-neutral
/// sentence rules)`.
pub fn language_line(language: &Language) -> String {
    let mut line = format!("language {} ({}", language.tag, language.source.as_str());
    if let Some(note) = &language.note {
        line.push_str(&format!(": {note}"));
    }
    if table_for(&language.tag).is_none() {
        line.push_str("; no abbreviation table: language-neutral sentence rules");
    }
    line.push(')');
    line
}

impl PlanFormat for Text {
    fn write(&self, plan: &Plan, cx: &PlanContext, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(
            out,
            "{}: {}, {}; about {} with voice {}; {}",
            display::text(plan.source()),
            count(plan.sentences.len(), "sentence"),
            narrated_and_dropped(plan),
            format_duration(plan.estimated_seconds(cx.speed, &cx.pauses)),
            display::text(&cx.voice),
            display::text(&language_line(&plan.language)),
        )?;
        let mut last_block = None;
        for s in &plan.sentences {
            if last_block.is_some() && last_block != Some(s.sentence.block) {
                writeln!(out)?;
            }
            last_block = Some(s.sentence.block);
            let text = plan.text(s);
            let mark = if s.narrated() { '+' } else { '-' };
            let reason = s.decision.reason().map_or("", |r| r.as_str());
            writeln!(out, "  {mark} {reason:<12} {}", display::text(text))?;
            if self.spoken {
                if let Some(spoken) = plan.spoken(s).filter(|sp| sp != text) {
                    writeln!(out, "    {:<12} > {}", "", display::text(&spoken))?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_the_largest_unit_first() {
        for (seconds, shown) in [
            (0.0, "0s"),
            (44.6, "45s"),
            (83.0, "1m 23s"),
            (3599.4, "59m 59s"),
            (3600.0, "1h 00m 00s"),
            // The "73089m 39s" of the issue.
            (73089.0 * 60.0 + 39.0, "1218h 09m 39s"),
            (f64::NAN, "0s"),
            (-5.0, "0s"),
            (f64::INFINITY, "0s"),
        ] {
            assert_eq!(format_duration(seconds), shown, "{seconds}");
        }
    }

    #[test]
    fn counts_take_the_singular_for_one_only() {
        assert_eq!(count(0, "sentence"), "0 sentences");
        assert_eq!(count(1, "sentence"), "1 sentence");
        assert_eq!(count(2, "input"), "2 inputs");
    }
}
