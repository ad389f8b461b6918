//! The pipeline: an input's text in, a [`Plan`] (every sentence with its decision, and
//! its spoken form on request) out, and from a plan and a [`Voice`] a [`Narration`].
//! A planner's [`Keep`] narrates sentences the selector dropped, for the reasons the user
//! named (`--keep`); the plan still says what the selector decided.
//! Synthesis runs on rayon's pool, a bounded window of sentences at a time, and the
//! chunks are stitched in input order as soon as they and all before them are done.
//! With a [`Cache`], a sentence whose clip is cached is not synthesized, and every clip
//! synthesized is stored as soon as it is made.

use crate::cache::{Cache, Key};
use crate::document::{BlockKind, Document, Pause, Sentence};
use crate::error::{Error, Result};
use crate::language::Language;
use crate::read::{text::PlainText, Format, Reader};
use crate::segment::{self, NewsSegmenter, Segmenter};
use crate::select::{Decision, Reason, Selector};
use crate::speak::{Lexicon, Speaker};
use crate::stitch::{Break, Clip, Narration, Part, Pauses, Stitcher, Timing};
use crate::synthesize::{estimate_words, Chunk, Style, Voice};
use std::collections::VecDeque;
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The longest stretch of text handed to a voice at once, in characters. Longer
/// sentences are cut at clause breaks (commas, semicolons, dashes).
pub const MAX_PIECE_CHARS: usize = 1000;

/// Sentences in flight or waiting for an earlier one to finish, per thread: the reorder
/// window that bounds memory while the narration streams to its file.
pub const WINDOW_PER_THREAD: usize = 2;

/// Average speaking rate used to estimate durations, in words per minute.
const WORDS_PER_MINUTE: f64 = 165.0;

/// The most a voice takes to say one character of a sentence's spoken form at speed
/// 1.0, in seconds: espeak-ng and the Piper voices say 12 to 16 characters a second,
/// and even a slow voice on long words stays under 8 (0.125 s each).
pub const MAX_SECONDS_PER_CHAR: f64 = 0.2;

/// The least a voice takes to say one character of a sentence's spoken form at speed
/// 1.0, in seconds: no voice narrates news faster than 40 characters a second (the
/// voices here say 12 to 20), so a narration is at least this long.
pub const MIN_SECONDS_PER_CHAR: f64 = 0.025;

/// The most a sentence's audio takes beyond its characters (the margins of speech
/// kept after trimming, a voice's breath at the start), in seconds.
pub const MAX_SECONDS_PER_SENTENCE: f64 = 0.5;

/// One sentence of the input with what will happen to it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedSentence {
    pub sentence: Sentence,
    /// What the selector decided.
    pub decision: Decision,
    /// Narrated on request ([`Keep`]) although the selector dropped it.
    pub kept_on_request: bool,
}

impl PlannedSentence {
    /// Whether it will be read: the selector narrates it, or it is kept on request.
    pub fn narrated(&self) -> bool {
        self.decision.keep() || self.kept_on_request
    }
}

/// The dropped sentences to narrate all the same: those dropped for some reasons, or
/// every one. Parsed from `--keep`'s names: `caption,credit`, or `all`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Keep {
    /// The selector's decisions stand.
    #[default]
    Nothing,
    /// Sentences dropped for one of these reasons are narrated.
    Reasons(Vec<Reason>),
    /// Every sentence is narrated, whatever its reason (those to come included).
    All,
}

impl Keep {
    /// The name that stands for every reason.
    pub const ALL_NAME: &'static str = "all";

    /// Whether a sentence dropped for `reason` is narrated.
    pub fn covers(&self, reason: Reason) -> bool {
        match self {
            Keep::Nothing => false,
            Keep::Reasons(reasons) => reasons.contains(&reason),
            Keep::All => true,
        }
    }

    /// Every name `--keep` takes: `all`, then the reasons'.
    pub fn names() -> impl Iterator<Item = &'static str> {
        std::iter::once(Keep::ALL_NAME).chain(Reason::ALL.iter().map(|r| r.as_str()))
    }

    /// Adds what `other` keeps.
    fn union(self, other: Keep) -> Keep {
        match (self, other) {
            (Keep::All, _) | (_, Keep::All) => Keep::All,
            (Keep::Nothing, k) | (k, Keep::Nothing) => k,
            (Keep::Reasons(mut a), Keep::Reasons(b)) => {
                for r in b {
                    if !a.contains(&r) {
                        a.push(r);
                    }
                }
                Keep::Reasons(a)
            }
        }
    }
}

impl std::str::FromStr for Keep {
    type Err = String;

    /// Names separated by commas: reasons ([`Reason::as_str`]) or `all`. The error
    /// names the unknown one and lists every name.
    fn from_str(list: &str) -> Result<Keep, String> {
        list.split(',')
            .map(str::trim)
            .map(|name| {
                if name == Keep::ALL_NAME {
                    return Ok(Keep::All);
                }
                name.parse::<Reason>()
                    .map(|r| Keep::Reasons(vec![r]))
                    .map_err(|_| {
                        let names: Vec<&str> = Keep::names().collect();
                        format!("unknown reason '{name}'; --keep takes {}", names.join(", "))
                    })
            })
            .collect()
    }
}

impl FromIterator<Keep> for Keep {
    /// Everything any of them keeps.
    fn from_iter<I: IntoIterator<Item = Keep>>(iter: I) -> Keep {
        iter.into_iter().fold(Keep::Nothing, Keep::union)
    }
}

impl fmt::Display for Keep {
    /// As `--keep` takes it: `caption,credit`, `all`; nothing for [`Keep::Nothing`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Keep::Nothing => Ok(()),
            Keep::All => f.write_str(Keep::ALL_NAME),
            Keep::Reasons(reasons) => {
                let names: Vec<&str> = reasons.iter().map(|r| r.as_str()).collect();
                f.write_str(&names.join(","))
            }
        }
    }
}

/// Every sentence of one input, in order, with its decision, and the speaker that
/// gives each narrated sentence's spoken form ([`Plan::spoken`]).
///
/// The spoken forms are made when asked for, not kept: a long article's plan is held
/// for the whole render, and keeping them would hold the article's text twice. Making
/// one takes microseconds, against the tens of milliseconds its audio takes.
#[derive(Clone)]
pub struct Plan {
    pub document: Document,
    pub sentences: Vec<PlannedSentence>,
    /// The language it is read in: the planner's.
    pub language: Language,
    speaker: Arc<Speaker>,
}

impl std::fmt::Debug for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan")
            .field("document", &self.document)
            .field("sentences", &self.sentences)
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

/// What [`Plan::render_into`] did: the timing of every narrated sentence, and how many
/// of them were synthesized and how many came from the cache.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub timings: Vec<Timing>,
    pub synthesized: usize,
    pub cached: usize,
}

/// The stages that turn text into a plan.
pub struct Planner {
    pub segmenter: Box<dyn Segmenter>,
    pub selector: Selector,
    /// Shared with every plan made, which speaks its sentences with it.
    pub speaker: Arc<Speaker>,
    /// The dropped sentences every plan narrates all the same.
    pub keep: Keep,
    /// The language the segmenter and speaker are for, which every plan reports.
    pub language: Language,
}

impl Default for Planner {
    /// English.
    fn default() -> Self {
        Planner {
            segmenter: Box::new(NewsSegmenter),
            selector: Selector::default(),
            speaker: Arc::new(Speaker::default()),
            keep: Keep::Nothing,
            language: Language::default(),
        }
    }
}

impl Planner {
    /// The planner for `language`: its abbreviations ([`segment::for_language`]) and
    /// its speaker ([`Speaker::for_language`]) with `lexicon` first.
    pub fn for_language(language: Language, lexicon: Lexicon, keep: Keep) -> Planner {
        let (segmenter, _) = segment::for_language(&language.tag);
        Planner {
            segmenter,
            speaker: Arc::new(Speaker::for_language(&language.tag).with_lexicon(lexicon)),
            keep,
            language,
            ..Planner::default()
        }
    }

    /// Does the stages' one-time set-up now (in parallel), rather than on first use.
    pub fn prepare(&self) {
        rayon::join(|| self.selector.prepare(), || self.speaker.prepare());
    }

    /// Reads plain `text` that came from `source` and plans it.
    pub fn plan_text(&self, source: &str, text: &str) -> Plan {
        self.plan(PlainText.read(source, text))
    }

    /// Reads `text` of the given format (plain text, HTML, Markdown) that came from
    /// `source` and plans it.
    pub fn plan_input(&self, source: &str, text: &str, format: Format) -> Plan {
        self.plan(format.read(source, text))
    }

    /// Segments and selects a document, on the calling thread: planning 100,000 words
    /// takes under half a second, and spreading it over rayon's threads gained little
    /// time but gave each thread its own copy of every pattern's cache and left their
    /// heaps fragmented for the whole render. The planner's [`Keep`] is applied.
    pub fn plan(&self, document: Document) -> Plan {
        self.plan_timed(document).0
    }

    /// [`Planner::plan`], with how long its stages took (for `--verbose`).
    pub fn plan_timed(&self, document: Document) -> (Plan, PlanTimings) {
        let started = Instant::now();
        let sentences = segment::segment(&document, self.segmenter.as_ref());
        let segmented = Instant::now();
        let decisions = self.selector.select(&document, &sentences);
        let timings = PlanTimings {
            segment: segmented - started,
            select: segmented.elapsed(),
        };
        let sentences = sentences
            .into_iter()
            .zip(decisions)
            .map(|(sentence, decision)| PlannedSentence {
                sentence,
                decision,
                kept_on_request: false,
            })
            .collect();
        let mut plan = Plan {
            document,
            sentences,
            language: self.language.clone(),
            speaker: Arc::clone(&self.speaker),
        };
        plan.keep(&self.keep);
        (plan, timings)
    }
}

/// How long planning's stages took.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PlanTimings {
    pub segment: Duration,
    pub select: Duration,
}

impl Plan {
    /// The text of `sentence` as it stands in the input.
    pub fn text(&self, sentence: &PlannedSentence) -> &str {
        self.document.text(&sentence.sentence)
    }

    /// What the voice reads for `sentence`, made from its text by the planner's
    /// speaker; `None` when it is not narrated.
    pub fn spoken(&self, sentence: &PlannedSentence) -> Option<String> {
        sentence
            .narrated()
            .then(|| self.spoken_and_marks(sentence).0)
    }

    /// The spoken form of `sentence`, narrated or not, and where each of its script's
    /// marks (SSML `mark`) falls in it, in bytes. A script's sentence is spoken piece
    /// by piece: the spoken forms it gives stay as they are, its other text goes
    /// through the speaker, unless the script says it is in another language than
    /// English (which the voice then reads as written).
    pub fn spoken_and_marks(&self, sentence: &PlannedSentence) -> (String, Vec<(String, usize)>) {
        match self.document.scripted(&sentence.sentence) {
            Some(script) => {
                let english = script.language.as_deref().is_none_or(|l| {
                    l.split(['-', '_'])
                        .next()
                        .is_some_and(|p| p.eq_ignore_ascii_case("en"))
                });
                script.spoken(|text| {
                    if english {
                        self.speaker.speak(text)
                    } else {
                        text.to_string()
                    }
                })
            }
            None => (self.speaker.speak(self.text(sentence)), Vec::new()),
        }
    }

    /// How a script asks `sentence` to be read beyond its words: its rate and language.
    pub fn style(&self, sentence: &PlannedSentence) -> Style {
        self.document
            .scripted(&sentence.sentence)
            .map(|s| Style {
                rate_percent: s.rate_percent,
                language: s.language.clone(),
            })
            .unwrap_or_default()
    }

    /// Narrates the sentences the selector dropped for a reason `keep` covers, and
    /// only those: the selector's decisions are kept, so applying another `keep`
    /// replaces this one.
    pub fn keep(&mut self, keep: &Keep) {
        for s in &mut self.sentences {
            s.kept_on_request = s.decision.reason().is_some_and(|r| keep.covers(r));
        }
    }

    /// How many sentences are narrated on request although the selector dropped them.
    pub fn kept_on_request(&self) -> usize {
        self.sentences.iter().filter(|s| s.kept_on_request).count()
    }

    /// The sentences not narrated, counted by reason: most first, a tie in the order
    /// the reasons first occur in the input.
    pub fn dropped_by_reason(&self) -> Vec<(Reason, usize)> {
        let mut counts: Vec<(Reason, usize)> = Vec::new();
        for reason in self
            .sentences
            .iter()
            .filter(|s| !s.narrated())
            .filter_map(|s| s.decision.reason())
        {
            match counts.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, n)) => *n += 1,
                None => counts.push((reason, 1)),
            }
        }
        // A stable sort: ties stay in order of first occurrence.
        counts.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
        counts
    }

    /// Where the article came from.
    pub fn source(&self) -> &str {
        &self.document.source
    }

    /// The narrated sentences with their index among all sentences.
    pub fn narrated(&self) -> impl Iterator<Item = (usize, &PlannedSentence)> {
        self.sentences
            .iter()
            .enumerate()
            .filter(|(_, s)| s.narrated())
    }

    /// The title as narrated: the first narrated sentence of the title block, if any.
    pub fn title(&self) -> Option<&str> {
        self.narrated()
            .find(|(_, s)| self.document.blocks[s.sentence.block].kind == BlockKind::Title)
            .map(|(_, s)| self.text(s))
    }

    /// How many words will be read.
    pub fn narrated_words(&self) -> usize {
        self.narrated()
            .map(|(_, s)| {
                self.spoken(s)
                    .unwrap_or_default()
                    .split_whitespace()
                    .count()
            })
            .sum()
    }

    /// A rough duration of the narration at `speed`, pauses included, in seconds.
    pub fn estimated_seconds(&self, speed: f32, pauses: &Pauses) -> f64 {
        let speech =
            self.narrated_words() as f64 / (WORDS_PER_MINUTE * speed.max(0.1) as f64) * 60.0;
        let gaps: u32 = self
            .breaks()
            .iter()
            .skip(1)
            .map(|b| pauses.before(*b))
            .sum();
        speech + gaps as f64 / 1000.0
    }

    /// An upper bound on the narration's length at `speed`, pauses included, in
    /// seconds: every spoken character at [`MAX_SECONDS_PER_CHAR`] slowed by `speed`,
    /// [`MAX_SECONDS_PER_SENTENCE`] more for each sentence's own margins, every pause
    /// in full and the silence at both ends. No voice narrates longer.
    pub fn longest_seconds(&self, speed: f32, pauses: &Pauses) -> f64 {
        self.length_bound(
            speed,
            pauses,
            MAX_SECONDS_PER_CHAR,
            MAX_SECONDS_PER_SENTENCE,
        )
    }

    /// A lower bound on the narration's length at `speed`, in seconds: every spoken
    /// character at [`MIN_SECONDS_PER_CHAR`] hurried by `speed`, every pause and the
    /// silence at both ends. No voice narrates shorter, so a format that cannot hold
    /// this much is refused before any synthesis (see [`crate::render::render`]).
    pub fn shortest_seconds(&self, speed: f32, pauses: &Pauses) -> f64 {
        self.length_bound(speed, pauses, MIN_SECONDS_PER_CHAR, 0.0)
    }

    /// The narration's length with every spoken character taking `per_char` seconds at
    /// speed 1 and every sentence `per_sentence` more, pauses and edges included.
    fn length_bound(&self, speed: f32, pauses: &Pauses, per_char: f64, per_sentence: f64) -> f64 {
        let (sentences, chars) = self.narrated().fold((0usize, 0usize), |(n, c), (_, s)| {
            let spoken = self.spoken(s).unwrap_or_default();
            (n + 1, c + spoken.chars().count())
        });
        let gaps: u64 = self
            .breaks()
            .iter()
            .skip(1)
            .map(|b| u64::from(pauses.before(*b)))
            .sum();
        let speed = f64::from(speed).clamp(0.01, f64::MAX);
        chars as f64 * per_char / speed
            + sentences as f64 * per_sentence
            + gaps as f64 / 1000.0
            + 2.0 * f64::from(crate::stitch::EDGE_SILENCE_MS) / 1000.0
    }

    /// The break before each narrated sentence, in order: the pause a script asked for
    /// after the sentence before, else the break the text's structure makes.
    pub fn breaks(&self) -> Vec<Break> {
        let mut out = Vec::new();
        let mut previous: Option<usize> = None;
        let mut asked = None;
        for (_, s) in self.narrated() {
            let block = s.sentence.block;
            let heading = |b: usize| self.document.blocks[b].kind != BlockKind::Paragraph;
            let brk = match previous {
                _ if asked.is_some() => Break::Asked(asked.unwrap_or(Pause::Millis(0))),
                Some(p) if p == block => Break::Sentence,
                Some(p) if heading(p) || heading(block) => Break::Heading,
                _ => Break::Paragraph,
            };
            out.push(brk);
            previous = Some(block);
            asked = self
                .document
                .scripted(&s.sentence)
                .and_then(|script| script.pause_after);
        }
        out
    }

    /// Checks that the plan can be rendered: something is narrated, and no sentence is
    /// too long to hand to a voice. When every sentence was dropped, the error says for
    /// which reasons and the `--keep` that would narrate them.
    pub fn check(&self) -> Result<()> {
        if self.narrated().next().is_none() {
            let total = self.sentences.len();
            let reason = if total == 0 {
                "it has no text to read".to_string()
            } else {
                let dropped = self.dropped_by_reason();
                let counts: Vec<String> = dropped.iter().map(|(r, n)| format!("{n} {r}")).collect();
                let keep = Keep::Reasons(dropped.iter().map(|&(r, _)| r).collect());
                format!(
                    "{} dropped ({}); `--keep {keep}` narrates {}",
                    if total == 1 {
                        "its one sentence was".to_string()
                    } else {
                        format!("all {total} sentences were")
                    },
                    counts.join(", "),
                    if total == 1 { "it" } else { "them" },
                )
            };
            return Err(Error::NothingToNarrate {
                path: self.source().to_string(),
                reason,
            });
        }
        for (index, s) in self.narrated() {
            let spoken = self.spoken(s).unwrap_or_default();
            if pieces(&spoken, MAX_PIECE_CHARS).is_none() {
                if let Some(e) = self.lexicon_made_too_long(index, s, &spoken) {
                    return Err(e);
                }
                return Err(Error::SentenceTooLong {
                    path: self.source().to_string(),
                    index: index + 1,
                    line: self.document.blocks[s.sentence.block].line,
                    chars: spoken.chars().count(),
                    limit: MAX_PIECE_CHARS,
                });
            }
        }
        Ok(())
    }

    /// When a sentence's spoken form is too long only because of the lexicon (without
    /// it, it can be cut), the error that names the entry to blame: the one that
    /// writes the most, with its file and line.
    fn lexicon_made_too_long(
        &self,
        index: usize,
        sentence: &PlannedSentence,
        spoken: &str,
    ) -> Option<Error> {
        let text = self.text(sentence);
        let without = self.speaker.speak_without_lexicon(text);
        pieces(&without, MAX_PIECE_CHARS)?;
        let lexicon = self.speaker.lexicon();
        let entry = lexicon
            .used_in(text)
            .into_iter()
            .max_by_key(|u| u.spoken_chars)?;
        let (path, line) = match entry.origin {
            Some(origin) => (origin.path.clone(), format!("line {}: ", origin.line)),
            None => (std::path::PathBuf::from("(built in)"), String::new()),
        };
        Some(Error::Lexicon {
            path,
            message: format!(
                "{line}the entry \"{}\" makes sentence {} of {} (line {}) {} characters without a clause break, and narrate reads at most {} at once; shorten what it says or put commas in it",
                entry.key,
                index + 1,
                self.source(),
                self.document.blocks[sentence.sentence.block].line,
                spoken.chars().count(),
                MAX_PIECE_CHARS,
            ),
        })
    }

    /// Checks the plan, then synthesizes every narrated sentence with `voice` in
    /// parallel and stitches them. `tick` is called once per finished sentence, from
    /// any thread.
    pub fn render(
        &self,
        voice: &dyn Voice,
        pauses: &Pauses,
        tick: &(dyn Fn() + Sync),
    ) -> Result<Narration> {
        self.check()?;
        let mut parts = Vec::new();
        let rendered = self.render_into(voice, pauses, None, tick, &mut |p| {
            parts.push(p);
            Ok(())
        })?;
        Ok(Narration::new(voice.sample_rate(), parts, rendered.timings))
    }

    /// Synthesizes the narrated sentences in parallel and hands the narration's parts
    /// to `out` in order, each sentence as soon as it and all before it are done. At
    /// most [`WINDOW_PER_THREAD`] sentences per thread are in flight or waiting for an
    /// earlier one (the reorder window), so memory holds a few sentences of audio,
    /// however long the article. With a `cache`, a sentence whose clip it holds is
    /// taken from it, and every other one is stored in it as soon as it is synthesized,
    /// so that a run killed midway has kept all it finished. Returns the timing of every
    /// narrated sentence and the counts.
    ///
    /// The plan must have passed [`Plan::check`], as [`Plan::render`] and
    /// [`crate::render::render`] make sure before they start any output: checking
    /// speaks every sentence, and this speaks each again as it goes.
    ///
    /// The sentences are spawned on rayon's pool; when this is called from one of the
    /// pool's threads (a batch renders its inputs on them), that thread runs pending
    /// work while it waits rather than blocking a thread the pool needs.
    pub fn render_into(
        &self,
        voice: &dyn Voice,
        pauses: &Pauses,
        cache: Option<&Cache>,
        tick: &(dyn Fn() + Sync),
        out: &mut dyn FnMut(Part) -> Result<()>,
    ) -> Result<Rendered> {
        let narrated: Vec<(usize, &PlannedSentence)> = self.narrated().collect();
        let breaks = self.breaks();
        let window = WINDOW_PER_THREAD * rayon::current_num_threads();
        let mut stitcher = Stitcher::new(voice.sample_rate(), *pauses);
        let mut emit = |p: Part| out(p);
        let cache = cache.map(|c| (c, voice.identity()));
        // One sentence to a clip, and whether it came from the cache.
        let speak = |index: usize, s: &PlannedSentence, text: &str| -> Result<(Clip, bool)> {
            let style = self.style(s);
            let key = cache.as_ref().map(|(c, id)| {
                let keyed = match style.describe() {
                    Some(style) => format!("{text}\u{0}{style}"),
                    None => text.to_string(),
                };
                (c, Key::new(id, &keyed))
            });
            if let Some(clip) = key
                .as_ref()
                .and_then(|(c, key)| c.get(key, voice.sample_rate()))
            {
                tick();
                return Ok((clip, true));
            }
            let clip = speak_sentence(voice, text, &style)
                .map(Clip::new)
                .map_err(|message| Error::Synthesis {
                    voice: voice.name().to_string(),
                    index: index + 1,
                    excerpt: excerpt(self.text(s)),
                    message,
                })?;
            if let Some((c, key)) = &key {
                c.put(key, &clip);
            }
            tick();
            Ok((clip, false))
        };
        // Set when the render fails: sentences not yet started are skipped.
        let stop = AtomicBool::new(false);
        let (sender, receiver) = mpsc::channel::<Finished>();
        let mut cached = 0;
        rayon::in_place_scope_fifo(|scope| -> Result<()> {
            // The sentences from `next` (the next to stitch) to `launched`, each with
            // its clip once it is done.
            let mut waiting: VecDeque<Option<(Clip, bool)>> = VecDeque::new();
            let (mut next, mut launched) = (0, 0);
            let fail = |e: Error| {
                stop.store(true, Ordering::Relaxed);
                Err(e)
            };
            while next < narrated.len() {
                while launched < narrated.len() && launched < next + window {
                    let (index, sentence) = narrated[launched];
                    // Spoken here, in order, and handed to the task.
                    let text = self.spoken(sentence).unwrap_or_default();
                    let (sender, speak, stop) = (sender.clone(), &speak, &stop);
                    let slot = launched;
                    scope.spawn_fifo(move |_| {
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        let result =
                            panic::catch_unwind(AssertUnwindSafe(|| speak(index, sentence, &text)));
                        // The receiver is gone only when the render has already failed.
                        let _ = sender.send((slot, result));
                    });
                    waiting.push_back(None);
                    launched += 1;
                }
                let (slot, result) = receive(&receiver);
                match result {
                    Ok(Ok(clip)) => waiting[slot - next] = Some(clip),
                    Ok(Err(e)) => return fail(e),
                    Err(payload) => {
                        stop.store(true, Ordering::Relaxed);
                        panic::resume_unwind(payload)
                    }
                }
                while let Some(Some(_)) = waiting.front() {
                    let Some(Some((clip, hit))) = waiting.pop_front() else {
                        unreachable!("the front was just seen to be done");
                    };
                    cached += usize::from(hit);
                    if let Err(e) = stitcher.push(breaks[next], clip, &mut emit) {
                        return fail(e);
                    }
                    next += 1;
                }
            }
            Ok(())
        })?;
        let (timings, _) = stitcher.finish(&mut emit)?;
        Ok(Rendered {
            synthesized: timings.len() - cached,
            cached,
            timings,
        })
    }
}

/// A sentence's slot in the render and what became of it (a panic is carried to the
/// thread that stitches, and raised there).
type Finished = (usize, std::thread::Result<Result<(Clip, bool)>>);

/// The next finished sentence. On one of rayon's threads, pending work is run while
/// none is ready (the sentences themselves may be waiting in this thread's queue);
/// elsewhere the thread sleeps until one comes.
fn receive(receiver: &mpsc::Receiver<Finished>) -> Finished {
    loop {
        match receiver.try_recv() {
            Ok(finished) => return finished,
            Err(mpsc::TryRecvError::Disconnected) => {
                unreachable!("the render holds a sender while it receives")
            }
            Err(mpsc::TryRecvError::Empty) => {}
        }
        match rayon::yield_now() {
            Some(rayon::Yield::Executed) => continue,
            Some(rayon::Yield::Idle) => {
                // Nothing to run here: the sentences are running on other threads.
                if let Ok(finished) = receiver.recv_timeout(Duration::from_millis(2)) {
                    return finished;
                }
            }
            None => {
                if let Ok(finished) = receiver.recv() {
                    return finished;
                }
            }
        }
    }
}

/// Speaks one sentence, in pieces when it is longer than [`MAX_PIECE_CHARS`].
fn speak_sentence(
    voice: &dyn Voice,
    text: &str,
    style: &Style,
) -> std::result::Result<Chunk, String> {
    let parts = pieces(text, MAX_PIECE_CHARS).ok_or("sentence too long")?;
    let mut out = Chunk::new(Vec::new(), voice.sample_rate());
    for part in parts {
        // Pieces are slices of `text`: the offset of a piece's words in the sentence.
        let offset = part.as_ptr() as usize - text.as_ptr() as usize;
        let mut chunk = voice.synthesize_styled(part, style)?;
        if chunk.words.is_empty() {
            chunk.words = estimate_words(part, &chunk.samples, chunk.sample_rate);
        }
        let shift = out.samples.len();
        out.words
            .extend(chunk.words.iter().map(|w| w.moved(offset, shift)));
        if out.samples.is_empty() {
            // The usual case, one piece: its chunk as it is, not a copy.
            out.samples = chunk.samples;
        } else {
            out.samples.extend_from_slice(&chunk.samples);
        }
    }
    Ok(out)
}

/// Cuts `text` into pieces of at most `limit` characters at clause breaks, else (a long
/// stretch without one, such as a list of names without commas) at the last space,
/// never inside a phoneme span `[[…]]` (where `:` marks a long vowel); `None` when a
/// stretch longer than `limit` has neither, which only a phoneme span or a word of
/// `limit` characters can make.
pub fn pieces(text: &str, limit: usize) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while rest.chars().count() > limit {
        let window_end = rest
            .char_indices()
            .nth(limit)
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        // Never inside a phoneme span: where as many spans were opened as closed.
        let outside = |i: usize| rest[..i].matches("[[").count() == rest[..i].matches("]]").count();
        let cut = segment::cut_point(rest, window_end, 0, outside)?;
        out.push(rest[..cut].trim());
        rest = rest[cut..].trim_start();
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    Some(out)
}

/// The start of a sentence, for error messages.
fn excerpt(text: &str) -> String {
    let mut words = text.split_whitespace();
    let head: Vec<&str> = words.by_ref().take(8).collect();
    let mut s = head.join(" ");
    if words.next().is_some() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::select::{Context, Rule};

    /// Drops every sentence that starts with a reason's name and a colon
    /// ("caption: …") for that reason, so that a test says what is dropped and why.
    struct DropLabelled;

    impl Rule for DropLabelled {
        fn name(&self) -> &'static str {
            "labelled"
        }

        fn apply(&self, cx: &Context<'_>, decisions: &mut [Decision]) {
            for (i, decision) in decisions.iter_mut().enumerate() {
                let label = cx.text(i).split(':').next().unwrap_or_default();
                if let (Decision::Narrate, Ok(reason)) = (*decision, label.parse::<Reason>()) {
                    *decision = Decision::Drop(reason);
                }
            }
        }
    }

    /// A plan of a title and four paragraphs: two captions, a credit and a story line.
    fn labelled_plan(keep: Keep) -> Plan {
        let planner = Planner {
            selector: Selector::new(vec![Box::new(DropLabelled)]),
            keep,
            ..Planner::default()
        };
        planner.plan_text(
            "t.txt",
            "The river rose\n\ncaption: A boat on the flooded road\n\nThe water reached the bridge on Monday.\n\ncredit: Photo agency\n\ncaption: The bridge at dawn\n",
        )
    }

    /// The sentences narrated, with whether each is kept on request.
    fn narrated(plan: &Plan) -> Vec<(&str, bool)> {
        plan.narrated()
            .map(|(_, s)| (plan.text(s), s.kept_on_request))
            .collect()
    }

    #[test]
    fn keep_parses_reasons_and_all_and_refuses_other_names() {
        assert_eq!("caption".parse(), Ok(Keep::Reasons(vec![Reason::Caption])));
        assert_eq!(
            "caption, cross-link,caption".parse::<Keep>(),
            Ok(Keep::Reasons(vec![Reason::Caption, Reason::CrossLink]))
        );
        assert_eq!("credit,all".parse(), Ok(Keep::All));
        for bad in ["captions", "ALL", "", "caption,", "none"] {
            let err = bad.parse::<Keep>().unwrap_err();
            assert!(err.contains("unknown reason"), "{bad}: {err}");
            for name in Keep::names() {
                assert!(err.contains(name), "{bad}: {name} missing from {err}");
            }
        }
        // Repeated options add up, and print back as they parse.
        let keep: Keep = [
            Keep::Nothing,
            "promo".parse().unwrap(),
            "credit".parse().unwrap(),
        ]
        .into_iter()
        .collect();
        assert_eq!(keep.to_string(), "promo,credit");
        assert_eq!(keep.to_string().parse(), Ok(keep));
        assert_eq!(Keep::All.to_string().parse(), Ok(Keep::All));
        assert_eq!(Keep::names().next(), Some("all"));
        assert_eq!(Keep::names().count(), Reason::ALL.len() + 1);
    }

    #[test]
    fn keep_narrates_the_sentences_dropped_for_its_reasons_and_shows_why_they_were() {
        let plan = labelled_plan(Keep::Nothing);
        assert_eq!(
            narrated(&plan),
            vec![
                ("The river rose", false),
                ("The water reached the bridge on Monday.", false)
            ]
        );
        assert_eq!(
            plan.dropped_by_reason(),
            vec![(Reason::Caption, 2), (Reason::Credit, 1)]
        );
        assert_eq!(plan.kept_on_request(), 0);

        let mut plan = labelled_plan(Keep::Reasons(vec![Reason::Caption]));
        assert_eq!(
            narrated(&plan),
            vec![
                ("The river rose", false),
                ("caption: A boat on the flooded road", true),
                ("The water reached the bridge on Monday.", false),
                ("caption: The bridge at dawn", true),
            ]
        );
        // The selector's reason stays with the sentence; it is read and spoken.
        let kept = &plan.sentences[1];
        assert_eq!(kept.decision, Decision::Drop(Reason::Caption));
        assert!(plan.spoken(kept).is_some());
        assert_eq!(plan.dropped_by_reason(), vec![(Reason::Credit, 1)]);
        assert_eq!(plan.kept_on_request(), 2);
        assert!(plan.check().is_ok());

        // Keeping again replaces what was kept; all narrates every sentence.
        plan.keep(&Keep::Reasons(vec![Reason::Credit]));
        assert_eq!(plan.kept_on_request(), 1);
        assert!(plan.sentences[3].kept_on_request);
        plan.keep(&Keep::All);
        assert_eq!(plan.narrated().count(), plan.sentences.len());
        assert!(plan.dropped_by_reason().is_empty());
        plan.keep(&Keep::Nothing);
        assert_eq!(plan.sentences, labelled_plan(Keep::Nothing).sentences);
    }

    #[test]
    fn nothing_to_narrate_names_the_reasons_and_the_keep_that_reads_them() {
        let planner = Planner {
            selector: Selector::new(vec![Box::new(DropLabelled)]),
            ..Planner::default()
        };
        let plan = planner.plan_text(
            "t.txt",
            "promo: Get the app\n\ncredit: Photo agency\n\npromo: Sign up today\n",
        );
        let err = plan.check().unwrap_err().to_string();
        assert!(
            err.contains("all 3 sentences were dropped (2 promo, 1 credit); `--keep promo,credit` narrates them"),
            "{err}"
        );
        assert!(err.contains("narrate plan t.txt"), "{err}");
        let empty = planner.plan_text("e.txt", " \n");
        let err = empty.check().unwrap_err().to_string();
        assert!(
            err.contains("no text to read") && !err.contains("--keep"),
            "{err}"
        );
    }

    #[test]
    fn the_length_bounds_hold_the_estimate_between_them() {
        let plan = Planner::default().plan_text(
            "t",
            "Storm closes the coast road\n\nThe coast road was closed on Monday after waves washed stones across it.\n\nCrews will clear it when the wind drops, the council said.\n",
        );
        let pauses = Pauses::default();
        for speed in [0.5, 1.0, 2.0] {
            let shortest = plan.shortest_seconds(speed, &pauses);
            let estimate = plan.estimated_seconds(speed, &pauses);
            let longest = plan.longest_seconds(speed, &pauses);
            assert!(
                0.0 < shortest && shortest < estimate && estimate < longest,
                "speed {speed}: {shortest} {estimate} {longest}"
            );
        }
    }

    #[test]
    fn pieces_cut_long_text_at_clause_breaks() {
        let text = "one, two, three; four five";
        assert_eq!(pieces(text, 100).unwrap(), vec![text]);
        assert_eq!(
            pieces(text, 12).unwrap(),
            vec!["one, two,", "three;", "four five"]
        );
        // Without a clause break, at the last space; a word longer than the limit, or a
        // phoneme span, cannot be cut.
        let words = "word ".repeat(400);
        let cut = pieces(&words, 1000).unwrap();
        assert!(cut.iter().all(|p| p.chars().count() <= 1000), "{cut:?}");
        assert_eq!(cut.join(" "), words.trim());
        assert!(pieces(&"w".repeat(1001), 1000).is_none());
        let span = format!("say [[{}]]", "k'At@r ".repeat(200));
        assert!(pieces(&span, 1000).is_none());
        // Not inside a phoneme span, where ":" is a long vowel.
        let text = "one, [[dZ'En z'i: v'oUt]] two";
        assert_eq!(
            pieces(text, 24).unwrap(),
            vec!["one,", "[[dZ'En z'i: v'oUt]] two"]
        );
    }
}
