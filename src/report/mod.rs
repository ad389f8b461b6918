//! Showing a [`Plan`]: what will be read, what is dropped and why. Each output format is
//! a small [`PlanFormat`], one file each: [`text::Text`] for people, [`json::Json`] for
//! scripts.

pub mod json;
pub mod text;

use crate::pipeline::Plan;
use crate::stitch::Pauses;
use std::io::Write;

pub use json::Json;
pub use text::Text;

/// What a plan report says about the voice that will read it.
#[derive(Debug, Clone)]
pub struct PlanContext {
    pub voice: String,
    pub speed: f32,
    pub pauses: Pauses,
}

/// One way of printing a plan.
pub trait PlanFormat {
    fn write(&self, plan: &Plan, cx: &PlanContext, out: &mut dyn Write) -> std::io::Result<()>;
}
