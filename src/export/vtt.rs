//! WebVTT subtitles (`OUT.vtt`): a `WEBVTT` line, then the [`cues`](super::cues), each
//! after a blank line as a `HH:MM:SS.mmm --> HH:MM:SS.mmm` line and its one or two lines
//! of text. `&`, `<` and `>` in the text are written `&amp;`, `&lt;` and `&gt;`, so a
//! player shows them as they are and reads no tags in them. Each word heard after its
//! cue's start is preceded by a timestamp tag (`<00:00:01.250>`, the word's start), the
//! way WebVTT marks karaoke-style progress within a cue; tags increase within a cue and
//! lie strictly inside its times, as the format requires.

use super::cues::cues;
use super::srt::timestamp;
use super::{Export, Transcript};
use std::io::Write;

pub struct Vtt;

/// `text` with the characters WebVTT cue text reserves escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

impl Export for Vtt {
    fn extension(&self) -> &'static str {
        "vtt"
    }

    fn write(&self, t: &Transcript, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(out, "WEBVTT")?;
        for cue in cues(t) {
            writeln!(out)?;
            writeln!(
                out,
                "{} --> {}",
                timestamp(cue.start_ms, '.'),
                timestamp(cue.end_ms, '.')
            )?;
            for (l, line) in cue.lines.iter().enumerate() {
                // The line with a timestamp tag before each word heard after the cue's start.
                let mut at = 0;
                for &(_, offset, ms) in cue.words.iter().filter(|w| w.0 == l) {
                    write!(out, "{}<{}>", escape(&line[at..offset]), timestamp(ms, '.'))?;
                    at = offset;
                }
                writeln!(out, "{}", escape(&line[at..]))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::transcript;

    fn vtt(t: &Transcript) -> String {
        let mut out = Vec::new();
        Vtt.write(t, &mut out).expect("writes to memory");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn export_vtt_writes_escaped_cues() {
        let t = transcript(
            48000,
            200_000_000,
            &[
                (
                    "Q&A: <script> x</script>",
                    "Q and A: script x script",
                    4800,
                    96_000,
                ),
                ("+Nothing said.", "Nothing said.", 96_000, 96_000),
                (
                    "Is 3 > 2 --> yes,\n\n  sure.",
                    "Is three more than two, yes, sure.",
                    100_001,
                    144_000,
                ),
                (
                    "Two hours and then some.",
                    "Two hours and then some.",
                    345_600_000,
                    345_648_048,
                ),
            ],
        );
        // 100001 / 48 = 2083.35 ms, up to 2084; 345648048 / 48 = 7201001 ms.
        assert_eq!(
            vtt(&t),
            "WEBVTT\n\n\
             00:00:00.100 --> 00:00:02.000\nQ&amp;A: &lt;script&gt; x&lt;/script&gt;\n\n\
             00:00:02.084 --> 00:00:03.000\nIs 3 &gt; 2 → yes, sure.\n\n\
             02:00:00.000 --> 02:00:01.001\nTwo hours and then some.\n"
        );
    }

    #[test]
    fn export_vtt_tags_each_word_heard_inside_a_cue_with_its_start() {
        // At 1000 Hz; "Q&A" at 100 ms, "then" at 400 ms, "<b>" at 700 ms.
        let text = "Q&A then <b> ok.";
        let mut t = transcript(1000, 2000, &[(text, text, 100, 1000)]);
        let starts = [100, 400, 700, 850];
        t.sentences[0].words = crate::speak::align::written_words(text)
            .into_iter()
            .zip(starts)
            .map(|(r, start)| crate::export::TimedWord {
                text: text[r.clone()].to_string(),
                chars: (r.start, r.end),
                start,
                end: start + 100,
                estimated: false,
            })
            .collect();
        // The first word starts with the cue: no tag. Escapes stay whole around tags.
        assert_eq!(
            vtt(&t),
            "WEBVTT\n\n\
             00:00:00.100 --> 00:00:01.000\n\
             Q&amp;A <00:00:00.400>then <00:00:00.700>&lt;b&gt; <00:00:00.850>ok.\n"
        );
    }

    #[test]
    fn export_vtt_of_nothing_is_the_header() {
        let t = transcript(48000, 9600, &[("Silent.", "Silent.", 4800, 4800)]);
        assert_eq!(vtt(&t), "WEBVTT\n");
    }
}
