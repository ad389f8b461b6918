//! A block's text in, the line of the page where it starts out.

/// Finds the line of each block in the source, searching forward from the last block's
/// word for the longest plain word among the block's first six. The search is bounded:
/// at most [`LOCATE_WINDOW`] bytes per block and four times the source's length in all
/// (it is charged what it reads), so a page whose words are all entities costs no more
/// than a few passes over it.
pub(super) struct Locator<'a> {
    pub(super) source: &'a str,
    pub(super) cursor: usize,
    pub(super) line: usize,
    pub(super) budget: usize,
}

pub(super) const LOCATE_WINDOW: usize = 64 * 1024;

impl<'a> Locator<'a> {
    pub(super) fn new(source: &'a str) -> Self {
        let body = find_ascii_ci(source, "<body").unwrap_or(0);
        let line = 1 + source[..body].matches('\n').count();
        Locator {
            source,
            cursor: body,
            line,
            budget: source.len().saturating_mul(4),
        }
    }

    pub(super) fn locate(&mut self, text: &str) -> usize {
        let Some(word) = text
            .split_whitespace()
            .take(6)
            .filter(|w| w.chars().all(|c| c.is_ascii_alphanumeric()))
            .max_by_key(|w| w.len())
        else {
            return self.line;
        };
        if self.budget == 0 || self.cursor >= self.source.len() {
            return self.line;
        }
        let mut end = (self.cursor + LOCATE_WINDOW).min(self.source.len());
        while !self.source.is_char_boundary(end) {
            end -= 1;
        }
        let window = &self.source[self.cursor..end];
        // What the search read: up to the word where it is found, the window if not.
        match window.find(word) {
            Some(at) => {
                self.budget = self.budget.saturating_sub(at + word.len());
                self.line += window[..at].matches('\n').count();
                self.cursor += at + word.len();
            }
            None => self.budget = self.budget.saturating_sub(window.len()),
        }
        self.line
    }
}

/// Byte offset of an ASCII `needle` in `hay`, ignoring ASCII case.
pub(super) fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    hay.as_bytes()
        .windows(n)
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_block_of_a_small_page_gets_its_own_line() {
        let page = "<html>\n<body>\n<p>First paragraph here.</p>\n<p>Second paragraph here.</p>\n<p>Third one.</p>\n<p>Fourth one.</p>\n<p>Fifth one.</p>\n<p>Sixth paragraph.</p>\n</body></html>";
        let mut locator = Locator::new(page);
        let lines: Vec<usize> = [
            "First paragraph here.",
            "Second paragraph here.",
            "Third one.",
            "Fourth one.",
            "Fifth one.",
            "Sixth paragraph.",
        ]
        .iter()
        .map(|t| locator.locate(t))
        .collect();
        assert_eq!(lines, [3, 4, 5, 6, 7, 8]);
    }
}
