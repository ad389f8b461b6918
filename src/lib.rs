//! narrate turns a news article into one narrated audio file.
//!
//! The library is a pipeline of named stages, each in its own module, data flowing one
//! way: [`read`] (bytes to [`Document`] blocks), [`segment`] (blocks to [`Sentence`]s),
//! [`select`] (a [`Decision`] for every sentence), [`speak`] (sentence text to text for
//! the ear), [`synthesize`] (spoken text to PCM [`Chunk`]s through a [`Voice`]) and
//! [`stitch`] (chunks to one [`Narration`] with the timing of every sentence), then
//! [`master`] (loudness, true-peak limiting, resampling) and [`encode`] (the audio
//! file's format) for the sound, [`export`] for subtitles and manifests, [`output`] to
//! put a unit of files in place whole, [`interrupt`] for a run stopped by a signal.
//! [`pipeline`] strings the stages together up to the stitched narration, [`render`]
//! takes one plan to its files and [`batch`] runs many; [`report`] prints plans and
//! [`cache`] keeps each sentence's audio for the next render. The `narrate` binary is a
//! thin command-line layer over this crate.

pub mod batch;
pub mod cache;
pub mod display;
pub mod document;
pub mod encode;
pub mod error;
pub mod export;
pub mod interrupt;
pub mod language;
pub mod master;
pub mod output;
pub mod pipeline;
pub mod read;
pub mod render;
pub mod report;
pub mod segment;
pub mod select;
pub mod speak;
pub mod stitch;
pub mod synthesize;
pub mod tags;

pub use document::{Block, BlockKind, Document, Sentence};
pub use error::{Error, Result};
pub use pipeline::{Plan, PlannedSentence};
pub use select::{Decision, Reason};
pub use stitch::{Narration, Pauses, Timing};
pub use synthesize::{Chunk, Voice};
