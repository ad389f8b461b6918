//! The selection rules, one file each, and the order they run in.

pub mod duplicate;

pub use duplicate::Duplicate;

use super::Rule;

/// The rules narrate uses, in the order they run.
pub fn default_rules() -> Vec<Box<dyn Rule>> {
    vec![Box::new(Duplicate)]
}
