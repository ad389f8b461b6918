//! Stage 4, **speak**: a narrated sentence's text in, the text a voice should read out.
//!
//! A [`Speaker`] runs [`Normalizer`]s in order, each rewriting one kind of written form
//! for the ear (titles and honorifics first; numbers, dates, money and symbols follow).
//! The stage is deterministic and never drops text: a token no normalizer understands
//! passes through unchanged.

pub mod titles;

pub use titles::Titles;

/// Rewrites one kind of written form into its spoken form.
pub trait Normalizer: Send + Sync {
    fn normalize(&self, text: &str) -> String;
}

/// The normalizers of one language, in order.
pub struct Speaker {
    normalizers: Vec<Box<dyn Normalizer>>,
}

impl Default for Speaker {
    /// US English.
    fn default() -> Self {
        Speaker {
            normalizers: vec![Box::new(Titles)],
        }
    }
}

impl Speaker {
    pub fn new(normalizers: Vec<Box<dyn Normalizer>>) -> Speaker {
        Speaker { normalizers }
    }

    /// The spoken form of `text`.
    pub fn speak(&self, text: &str) -> String {
        let mut spoken = text.to_string();
        for n in &self.normalizers {
            spoken = n.normalize(&spoken);
        }
        spoken
    }
}
