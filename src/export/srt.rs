//! SubRip subtitles (`OUT.srt`): the [`cues`](super::cues) numbered from 1, each a number
//! line, a `HH:MM:SS,mmm --> HH:MM:SS,mmm` line and its one or two lines of text, with a
//! blank line between cues. The text is written as it is (SubRip has no escapes); a cue
//! never holds `-->` or a blank line.

use super::cues::cues;
use super::{Export, Transcript};
use std::io::Write;

pub struct Srt;

/// `ms` milliseconds as `HH:MM:SS` and the milliseconds after `separator` (hours grow
/// past two digits if they must).
pub(crate) fn timestamp(ms: u64, separator: char) -> String {
    let (h, m, s, ms) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    format!("{h:02}:{m:02}:{s:02}{separator}{ms:03}")
}

impl Export for Srt {
    fn extension(&self) -> &'static str {
        "srt"
    }

    fn write(&self, t: &Transcript, out: &mut dyn Write) -> std::io::Result<()> {
        for (i, cue) in cues(t).iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            writeln!(out, "{}", i + 1)?;
            writeln!(
                out,
                "{} --> {}",
                timestamp(cue.start_ms, ','),
                timestamp(cue.end_ms, ',')
            )?;
            for line in &cue.lines {
                writeln!(out, "{line}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::transcript;

    fn srt(t: &Transcript) -> String {
        let mut out = Vec::new();
        Srt.write(t, &mut out).expect("writes to memory");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn export_srt_timestamps() {
        assert_eq!(timestamp(0, ','), "00:00:00,000");
        assert_eq!(timestamp(61_001, ','), "00:01:01,001");
        assert_eq!(timestamp(3_723_456, ','), "01:02:03,456");
        assert_eq!(timestamp(360_000_000, '.'), "100:00:00.000");
    }

    #[test]
    fn export_srt_writes_numbered_cues() {
        let t = transcript(
            22050,
            200_000_000,
            &[
                (
                    "Milley speaks with Gerasimov",
                    "Milley speaks with Gerasimov",
                    2205,
                    46_305,
                ),
                ("+Silent.", "Silent.", 46_305, 46_305),
                (
                    "A <b>bold</b> move --> & more.",
                    "A bold move and more.",
                    53_022,
                    99_225,
                ),
                ("An hour in.", "An hour in.", 79_380_000, 79_402_050),
            ],
        );
        // 2205 = 100 ms; 46305 = 2100 ms; 53022 = 2404.6 ms, up to 2405;
        // 99225 = 4500 ms; 79380000 = 1 h; 79402050 = 1 h 1 s.
        assert_eq!(
            srt(&t),
            "1\n00:00:00,100 --> 00:00:02,100\nMilley speaks with Gerasimov\n\n\
             2\n00:00:02,405 --> 00:00:04,500\nA <b>bold</b> move → & more.\n\n\
             3\n01:00:00,000 --> 01:00:01,000\nAn hour in.\n"
        );
    }

    #[test]
    fn export_srt_scales_positions_to_the_final_rate() {
        use crate::export::{Settings, Transcript};
        use crate::pipeline::Planner;
        use crate::stitch::Timing;
        let plan = Planner::default().plan_text("a.txt", "A title\n\nOne sentence here.\n");
        // 22050 Hz timings in a 48000 Hz file: 1103 → 2401.09 → 2401 samples = 50.02 ms,
        // up to 51; 33075 → 72000 = 1500 ms; 44100 → 96000 = 2000 ms; 66149 →
        // 143997.8 → 143998 = 2999.96 ms, down to 2999.
        let timings = [
            Timing {
                start: 1103,
                end: 33075,
                ..Default::default()
            },
            Timing {
                start: 44100,
                end: 66149,
                ..Default::default()
            },
        ];
        let settings: Settings = crate::export::tests::settings();
        let t = Transcript::new(
            &plan,
            &timings,
            22050,
            48000,
            150_000,
            "a.wav".into(),
            "en-us".into(),
            settings,
            None,
        );
        assert_eq!(
            srt(&t),
            "1\n00:00:00,051 --> 00:00:01,500\nA title\n\n\
             2\n00:00:02,000 --> 00:00:02,999\nOne sentence here.\n"
        );
    }

    #[test]
    fn export_srt_splits_a_long_sentence_into_two_line_cues() {
        let text = "Russia's Chief of the General Staff, Valery Gerasimov, spoke with Milley \
                    on several security-related issues of concern, a spokesperson said in a \
                    readout of the call on Thursday, adding that both sides agreed to keep \
                    the lines of communication open in the weeks ahead; no details were given \
                    about the length of the call.";
        assert!(text.chars().count() >= 300);
        let t = transcript(1000, 60_000, &[(text, text, 1_000, 21_000)]);
        let out = srt(&t);
        let cues: Vec<&str> = out.split("\n\n").collect();
        assert!(cues.len() >= 4, "{out}");
        let mut shown = Vec::new();
        let mut previous_end = String::from("00:00:01,000");
        for (i, cue) in cues.iter().enumerate() {
            let lines: Vec<&str> = cue.trim_end().lines().collect();
            assert_eq!(lines[0], (i + 1).to_string());
            let (start, end) = lines[1].split_once(" --> ").expect("a timing line");
            // Tiled: each cue starts where the one before ended.
            assert_eq!(start, previous_end, "{out}");
            assert!(start < end);
            previous_end = end.to_string();
            let text = &lines[2..];
            assert!((1..=2).contains(&text.len()), "{out}");
            assert!(text.iter().all(|l| l.chars().count() <= 42), "{out}");
            shown.extend(text.iter().map(|l| l.to_string()));
        }
        assert_eq!(previous_end, "00:00:21,000");
        assert_eq!(shown.join(" "), text);
        // Clause breaks where there are some.
        assert!(out.contains("Valery Gerasimov,\n"), "{out}");
    }
}
