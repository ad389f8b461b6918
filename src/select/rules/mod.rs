//! The selection rules, one file each, and the order they run in.
//!
//! Duplicates go first, so a repeated title is dropped as such. Then the pattern rules
//! drop the chrome they recognise by its form (promos, captions, credits, cross-links,
//! bylines, stamps, copyright lines, buttons), and last the navigation rule decides by
//! context what is left around the story.

pub mod byline;
pub mod caption;
pub mod chrome;
pub mod copyright;
pub mod credit;
pub mod cross_link;
pub mod duplicate;
pub mod navigation;
pub mod promo;
pub mod timestamp;

pub use byline::Byline;
pub use caption::Caption;
pub use chrome::Chrome;
pub use copyright::Copyright;
pub use credit::Credit;
pub use cross_link::CrossLink;
pub use duplicate::Duplicate;
pub use navigation::Navigation;
pub use promo::Promo;
pub use timestamp::Timestamp;

use super::Rule;

/// The rules narrate uses, in the order they run.
pub fn default_rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(Duplicate),
        Box::new(Promo),
        Box::new(Caption),
        Box::new(Credit),
        Box::new(CrossLink),
        Box::new(Byline),
        Box::new(Timestamp),
        Box::new(Copyright),
        Box::new(Chrome),
        Box::new(Navigation),
    ]
}
