//! Titles and honorifics ("Gen.", "Col.", "Dr.") read as words.

use super::Normalizer;

pub struct Titles;

impl Normalizer for Titles {
    fn normalize(&self, text: &str) -> String {
        text.to_string()
    }
}
