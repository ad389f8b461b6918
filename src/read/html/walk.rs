//! The parsed page's body in, its blocks of visible text out ([`RawBlock`]s), with the
//! hinted elements around them and how much of each block's text the extractor kept.

use super::hints::{hidden, hint_of};
use crate::document::Furniture;
use dom_query::{NodeData, NodeId, NodeRef};
use std::collections::HashSet;

/// Elements whose content is not text a reader sees.
pub(super) const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "head", "title", "meta", "link",
    "iframe", "object", "embed", "video", "audio", "canvas", "img", "picture", "source", "track",
    "map", "area", "input", "select", "option", "optgroup", "textarea", "datalist", "frameset",
    "frame", "param",
];

/// Elements that start and end a block of text.
pub(super) const BLOCK_LEVEL: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "button",
];

/// A block as the walk found it.
pub(super) struct RawBlock {
    /// Heading level 1–6, or 0 for any other block.
    pub(super) level: u8,
    pub(super) text: String,
    /// Characters of the block's text, and how many of them the extractor kept.
    pub(super) chars: usize,
    pub(super) story_chars: usize,
    /// Characters inside links.
    pub(super) link_chars: usize,
    /// The innermost hinted element around the block.
    pub(super) hint: Option<usize>,
    /// Inside a `<blockquote>`.
    pub(super) quoted: bool,
}

/// An element whose tag, role or class says what it is.
pub(super) struct Hinted {
    pub(super) reason: Furniture,
    /// The hinted element around this one.
    pub(super) parent: Option<usize>,
    /// The blocks inside it.
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Walks the body into blocks.
pub(super) struct Walker<'s> {
    pub(super) story: Option<&'s HashSet<NodeId>>,
    pub(super) blocks: Vec<RawBlock>,
    pub(super) hinted: Vec<Hinted>,
    pub(super) hint_stack: Vec<usize>,
    pub(super) levels: Vec<u8>,
    /// How many `<blockquote>`s are open.
    pub(super) quotes: usize,
    /// How many links (`<a href>`) are open.
    pub(super) links: usize,
    pub(super) text: String,
    pub(super) chars: usize,
    pub(super) story_chars: usize,
    pub(super) link_chars: usize,
}

pub(super) enum Step<'a> {
    Enter(NodeRef<'a>),
    Exit {
        boundary: bool,
        hinted: bool,
        heading: bool,
        quote: bool,
        link: bool,
    },
}

impl<'s> Walker<'s> {
    pub(super) fn new(story: Option<&'s HashSet<NodeId>>) -> Self {
        Walker {
            story,
            blocks: Vec::new(),
            hinted: Vec::new(),
            hint_stack: Vec::new(),
            levels: Vec::new(),
            quotes: 0,
            links: 0,
            text: String::new(),
            chars: 0,
            story_chars: 0,
            link_chars: 0,
        }
    }

    /// Walks `root` depth first without recursion (pages can nest very deep).
    pub(super) fn walk(&mut self, root: NodeRef<'_>) {
        let mut stack = vec![Step::Enter(root)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Enter(node) => {
                    if let Some(text) = text_of(&node) {
                        self.push_text(node.id, &text);
                        continue;
                    }
                    let Some(name) = node.node_name() else {
                        continue;
                    };
                    let name = name.to_ascii_lowercase();
                    if SKIPPED.contains(&name.as_str()) || hidden(&node) {
                        continue;
                    }
                    if name == "br" {
                        self.flush();
                        continue;
                    }
                    let hint = hint_of(&node, &name);
                    let boundary = hint.is_some() || BLOCK_LEVEL.contains(&name.as_str());
                    if boundary {
                        self.flush();
                    }
                    if let Some(reason) = hint {
                        self.hinted.push(Hinted {
                            reason,
                            parent: self.hint_stack.last().copied(),
                            start: self.blocks.len(),
                            end: self.blocks.len(),
                        });
                        self.hint_stack.push(self.hinted.len() - 1);
                    }
                    let level = heading_level(&name);
                    if let Some(level) = level {
                        self.levels.push(level);
                    }
                    let quote = name == "blockquote";
                    self.quotes += usize::from(quote);
                    let link = name == "a" && node.has_attr("href");
                    self.links += usize::from(link);
                    stack.push(Step::Exit {
                        boundary,
                        hinted: hint.is_some(),
                        heading: level.is_some(),
                        quote,
                        link,
                    });
                    stack.extend(node.children_it(true).map(Step::Enter));
                }
                Step::Exit {
                    boundary,
                    hinted,
                    heading,
                    quote,
                    link,
                } => {
                    if boundary {
                        self.flush();
                    }
                    if hinted {
                        if let Some(i) = self.hint_stack.pop() {
                            self.hinted[i].end = self.blocks.len();
                        }
                    }
                    if heading {
                        self.levels.pop();
                    }
                    self.quotes -= usize::from(quote);
                    self.links -= usize::from(link);
                }
            }
        }
        self.flush();
    }

    fn push_text(&mut self, id: NodeId, text: &str) {
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        if chars == 0 {
            if !self.text.is_empty() {
                self.text.push(' ');
            }
            return;
        }
        self.text.push_str(text);
        self.chars += chars;
        if self.links > 0 {
            self.link_chars += chars;
        }
        if self.story.is_some_and(|s| s.contains(&id)) {
            self.story_chars += chars;
        }
    }

    /// Ends the block being collected, if it has any text.
    fn flush(&mut self) {
        let text = collapse(&self.text);
        self.text.clear();
        let (chars, story_chars, link_chars) = (self.chars, self.story_chars, self.link_chars);
        self.chars = 0;
        self.story_chars = 0;
        self.link_chars = 0;
        if text.is_empty() {
            return;
        }
        self.blocks.push(RawBlock {
            level: self.levels.last().copied().unwrap_or(0),
            text,
            chars,
            story_chars,
            link_chars,
            hint: self.hint_stack.last().copied(),
            quoted: self.quotes > 0,
        });
    }
}

/// The contents of a text node.
pub(super) fn text_of(node: &NodeRef<'_>) -> Option<String> {
    node.query(|n| match &n.data {
        NodeData::Text { contents } => Some(contents.to_string()),
        _ => None,
    })
    .flatten()
}

/// `1` for `h1` … `6` for `h6`.
pub(super) fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Trims, removes invisible characters (zero-width spaces, soft hyphens) and folds
/// every run of white space to one space.
pub(super) fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        let word: String = word
            .chars()
            .filter(|c| {
                !matches!(
                    c,
                    '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
                )
            })
            .collect();
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_folds_space_and_drops_invisible_characters() {
        assert_eq!(collapse("  a\u{a0}\u{200b}b \n\t c\u{ad}d "), "a b cd");
    }
}
