//! The selection rules, one file each, and the order they run in.
//!
//! The pattern rules drop the chrome they recognise by its form (disguised ad copy,
//! embedded social posts, citations, disclaimers, promos, captions, credits,
//! cross-links, bylines, stamps, copyright lines, buttons, bare labels); the navigation
//! rule then decides by context what is left around the story (it leaves copies of a
//! kept title alone); last, duplicates of narrated text are dropped.

pub mod byline;
pub mod caption;
pub mod chrome;
pub mod copyright;
pub mod credit;
pub mod cross_link;
pub mod disclaimer;
pub mod duplicate;
pub mod homoglyph;
pub mod label;
pub mod navigation;
pub mod promo;
pub mod reference;
pub mod social;
pub mod timestamp;

pub use byline::Byline;
pub use caption::Caption;
pub use chrome::Chrome;
pub use copyright::Copyright;
pub use credit::Credit;
pub use cross_link::CrossLink;
pub use disclaimer::Disclaimer;
pub use duplicate::Duplicate;
pub use homoglyph::Homoglyph;
pub use label::Label;
pub use navigation::Navigation;
pub use promo::Promo;
pub use reference::Reference;
pub use social::Social;
pub use timestamp::Timestamp;

use super::Rule;

/// The rules narrate uses, in the order they run.
pub fn default_rules() -> Vec<Box<dyn Rule>> {
    vec![
        // Disguised ad copy, embedded posts and citations first: their lines would
        // otherwise pass for promos, stamps or credits.
        Box::new(Homoglyph),
        Box::new(Social),
        Box::new(Reference),
        Box::new(Disclaimer),
        Box::new(Promo),
        Box::new(Caption),
        Box::new(Credit),
        Box::new(CrossLink),
        Box::new(Byline),
        Box::new(Timestamp),
        Box::new(Copyright),
        Box::new(Chrome),
        // Labels are judged by what the rules above left around them.
        Box::new(Label),
        Box::new(Navigation),
        Box::new(Duplicate),
    ]
}
