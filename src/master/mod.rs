//! Mastering: the stitched narration in, the samples of the final file out: brought to
//! a loudness target ([`loudness`]) with its true peaks held under a ceiling
//! ([`limiter`]), and converted to the file's sample rate ([`resample`]).
//!
//! Mastering runs after stitching and before encoding; see [`crate::render`] for the two
//! passes that let a narration of any length be measured before it is written.

pub mod decoded;
pub mod dips;
pub mod kernels;
pub mod limiter;
pub mod loudness;
pub mod relay;
pub mod resample;
