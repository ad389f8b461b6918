//! The parsed page's body in, its blocks of visible text out ([`RawBlock`]s), with the
//! hinted elements around them and how much of each block's text the extractor kept.
//!
//! Every block-level element ends a block, and so does every `<br>`: a line is a block,
//! except that a line starting in lower case after one without final punctuation
//! continues it (a break inside a sentence). Three lines or more written with `<br>` in
//! one element are a list the author wrote (a ranking "1. Name<br>2. Name…"): each line
//! is an entry, read as a line of the story, unless they are a list of links. A `<pre>`
//! keeps its own line breaks: marked as code or written as code, it is one block marked
//! as code; otherwise it is prose, cut at blank lines into paragraphs whose lines go
//! through the plain-text reader's paragraph logic (soft-wrapped lines join, and a
//! paragraph of three lines or more left is a list). Footnote markers and heading
//! permalinks ([`is_marker`]) are not read.

use super::hints::{heading_level, hidden, hint_of, is_code_markup, is_dateline, is_marker};
use crate::document::Furniture;
use crate::read::text::{ends_with_final, join_wrapped};
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
    /// The block's text, white space folded.
    pub(super) text: String,
    /// Characters of the block's text, and how many of them the extractor kept.
    pub(super) chars: usize,
    pub(super) story_chars: usize,
    /// Characters inside links.
    pub(super) link_chars: usize,
    /// Characters in bold (`<b>`, `<strong>`).
    pub(super) bold_chars: usize,
    /// The innermost hinted element around the block.
    pub(super) hint: Option<usize>,
    /// Inside a `<blockquote>`.
    pub(super) quoted: bool,
    /// The block's first text node, which places it in the page.
    pub(super) node: NodeId,
    /// Not a line of a list written with line breaks (nor of a `<pre>` list).
    pub(super) alone: bool,
    /// An entry of a list (`<li>`, `<dt>`, `<dd>`) or a table cell (`<td>`, `<th>`):
    /// the innermost block element around it.
    pub(super) item: Option<Entry>,
    /// All of its text is inside an element named a dateline.
    pub(super) dateline: bool,
    /// A `<pre>` of code.
    pub(super) code: bool,
}

/// What kind of entry a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Entry {
    /// An entry of a list the author wrote.
    List,
    /// A cell of a table.
    Cell,
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

/// The text of a `<pre>` being read.
#[derive(Default)]
struct Pre {
    text: String,
    code: bool,
    node: Option<NodeId>,
    chars: usize,
    story_chars: usize,
    link_chars: usize,
}

/// Counts of the text collected for a line.
#[derive(Default, Clone, Copy)]
struct Counts {
    chars: usize,
    story_chars: usize,
    link_chars: usize,
    bold_chars: usize,
    dateline_chars: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.chars += other.chars;
        self.story_chars += other.story_chars;
        self.link_chars += other.link_chars;
        self.bold_chars += other.bold_chars;
        self.dateline_chars += other.dateline_chars;
    }
}

/// A finished line of the block being built.
struct Line {
    text: String,
    counts: Counts,
}

/// Walks the body into blocks.
pub(super) struct Walker<'s> {
    story: Option<&'s HashSet<NodeId>>,
    pub(super) blocks: Vec<RawBlock>,
    pub(super) hinted: Vec<Hinted>,
    hint_stack: Vec<usize>,
    levels: Vec<u8>,
    /// Open block-level elements, each with what entry it is, if one.
    containers: Vec<Option<Entry>>,
    /// How many `<blockquote>`s, links (`<a href>`), bold elements and datelines are
    /// open.
    quotes: usize,
    links: usize,
    bolds: usize,
    datelines: usize,
    /// Inside a `<pre>`: its text so far, and how many `<pre>`s are open.
    pre: Option<Pre>,
    pres: usize,
    /// The line being collected, the finished lines of the block, its first text node.
    line: String,
    lines: Vec<Line>,
    node: Option<NodeId>,
    /// Counts of the line being collected.
    counts: Counts,
}

/// What to undo when leaving an element.
#[derive(Default)]
struct Open {
    boundary: bool,
    hinted: bool,
    heading: bool,
    container: bool,
    quote: bool,
    link: bool,
    bold: bool,
    dateline: bool,
    pre: bool,
}

enum Step<'a> {
    Enter(NodeRef<'a>),
    Exit(Open),
}

impl<'s> Walker<'s> {
    pub(super) fn new(story: Option<&'s HashSet<NodeId>>) -> Self {
        Walker {
            story,
            blocks: Vec::new(),
            hinted: Vec::new(),
            hint_stack: Vec::new(),
            levels: Vec::new(),
            containers: Vec::new(),
            quotes: 0,
            links: 0,
            bolds: 0,
            datelines: 0,
            pre: None,
            pres: 0,
            line: String::new(),
            lines: Vec::new(),
            node: None,
            counts: Counts::default(),
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
                    if SKIPPED.contains(&name.as_str()) || hidden(&node) || is_marker(&node, &name)
                    {
                        continue;
                    }
                    if name == "br" {
                        self.line_break();
                        continue;
                    }
                    let open = if self.pres > 0 {
                        // Inside a `<pre>` every element is inline; a button or other
                        // chrome there ("Copy") is not part of the text.
                        if hint_of(&node, &name, true).is_some() {
                            continue;
                        }
                        let pre = name == "pre";
                        self.pres += usize::from(pre);
                        Open {
                            pre,
                            ..Open::default()
                        }
                    } else {
                        self.enter(&node, &name)
                    };
                    stack.push(Step::Exit(open));
                    stack.extend(node.children_it(true).map(Step::Enter));
                }
                Step::Exit(open) => self.exit(open),
            }
        }
        self.flush();
    }

    /// Opens an element outside any `<pre>`.
    fn enter(&mut self, node: &NodeRef<'_>, name: &str) -> Open {
        if name == "pre" {
            self.flush();
            self.pres = 1;
            self.pre = Some(Pre {
                code: is_code_markup(node),
                ..Pre::default()
            });
            return Open {
                pre: true,
                ..Open::default()
            };
        }
        // A hinted element inside one hinted for the same reason (the brackets of an
        // edit link, the number of a contents entry) adds nothing and splits no text.
        let hint = hint_of(node, name, !self.levels.is_empty()).filter(|&reason| {
            self.hint_stack
                .last()
                .is_none_or(|&k| self.hinted[k].reason != reason)
        });
        let block_level = BLOCK_LEVEL.contains(&name);
        let boundary = hint.is_some() || block_level;
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
        let level = heading_level(name);
        if let Some(level) = level {
            self.levels.push(level);
        }
        if block_level {
            self.containers.push(match name {
                "li" | "dd" | "dt" => Some(Entry::List),
                "td" | "th" => Some(Entry::Cell),
                _ => None,
            });
        }
        let open = Open {
            boundary,
            hinted: hint.is_some(),
            heading: level.is_some(),
            container: block_level,
            quote: name == "blockquote",
            link: name == "a" && node.has_attr("href"),
            bold: matches!(name, "b" | "strong"),
            dateline: is_dateline(node),
            pre: false,
        };
        self.quotes += usize::from(open.quote);
        self.links += usize::from(open.link);
        self.bolds += usize::from(open.bold);
        self.datelines += usize::from(open.dateline);
        open
    }

    fn exit(&mut self, open: Open) {
        if open.pre {
            self.pres -= 1;
            if self.pres == 0 {
                self.finish_pre();
            }
            return;
        }
        if open.boundary {
            self.flush();
        }
        if open.hinted {
            if let Some(i) = self.hint_stack.pop() {
                self.hinted[i].end = self.blocks.len();
            }
        }
        if open.heading {
            self.levels.pop();
        }
        if open.container {
            self.containers.pop();
        }
        self.quotes -= usize::from(open.quote);
        self.links -= usize::from(open.link);
        self.bolds -= usize::from(open.bold);
        self.datelines -= usize::from(open.dateline);
    }

    fn push_text(&mut self, id: NodeId, text: &str) {
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        let story = chars > 0 && self.story.is_some_and(|s| s.contains(&id));
        if let Some(pre) = &mut self.pre {
            pre.text.push_str(text);
            if chars > 0 {
                pre.node.get_or_insert(id);
            }
            pre.chars += chars;
            pre.story_chars += if story { chars } else { 0 };
            return;
        }
        if chars == 0 {
            if !self.line.is_empty() {
                self.line.push(' ');
            }
            return;
        }
        self.node.get_or_insert(id);
        self.line.push_str(text);
        let c = &mut self.counts;
        c.chars += chars;
        if self.links > 0 {
            c.link_chars += chars;
        }
        if story {
            c.story_chars += chars;
        }
        if self.bolds > 0 {
            c.bold_chars += chars;
        }
        if self.datelines > 0 {
            c.dateline_chars += chars;
        }
    }

    /// A `<br>`: ends the line, or the block after an empty line.
    fn line_break(&mut self) {
        if let Some(pre) = &mut self.pre {
            pre.text.push('\n');
            return;
        }
        let text = collapse(&self.line);
        self.line.clear();
        let counts = std::mem::take(&mut self.counts);
        if !text.is_empty() {
            self.lines.push(Line { text, counts });
        } else if !self.lines.is_empty() {
            self.flush();
        }
    }

    /// Ends the block being collected, if it has any text: one block per line.
    fn flush(&mut self) {
        let text = collapse(&self.line);
        self.line.clear();
        let counts = std::mem::take(&mut self.counts);
        let mut lines = std::mem::take(&mut self.lines);
        if !text.is_empty() {
            lines.push(Line { text, counts });
        }
        let Some(node) = self.node.take() else {
            return;
        };
        let lines = continued_lines(lines);
        let container = self.containers.last().copied().flatten();
        for (line, item) in lines_as_entries(lines, container) {
            let counts = line.counts;
            self.blocks.push(RawBlock {
                level: self.levels.last().copied().unwrap_or(0),
                text: line.text,
                chars: counts.chars,
                story_chars: counts.story_chars,
                link_chars: counts.link_chars,
                bold_chars: counts.bold_chars,
                hint: self.hint_stack.last().copied(),
                quoted: self.quotes > 0,
                node,
                alone: item.is_none() || item == container,
                item,
                dateline: counts.chars > 0 && counts.dateline_chars == counts.chars,
                code: false,
            });
        }
    }

    /// Ends a `<pre>`: one block of code, or the lines of its paragraphs of prose.
    fn finish_pre(&mut self) {
        let Some(pre) = self.pre.take() else {
            return;
        };
        let Some(node) = pre.node else {
            return;
        };
        let mut push = |text: String, item: Option<Entry>, code: bool| {
            let chars = text.chars().filter(|c| !c.is_whitespace()).count();
            let share = |n: usize| (chars * n).checked_div(pre.chars).unwrap_or(0);
            self.blocks.push(RawBlock {
                level: self.levels.last().copied().unwrap_or(0),
                text,
                chars,
                story_chars: share(pre.story_chars),
                link_chars: share(pre.link_chars),
                bold_chars: 0,
                hint: self.hint_stack.last().copied(),
                quoted: self.quotes > 0,
                node,
                alone: item.is_none(),
                item,
                dateline: false,
                code,
            });
        };
        if pre.code || looks_like_code(&pre.text) {
            push(collapse(&pre.text), None, true);
            return;
        }
        let mut group: Vec<(usize, String)> = Vec::new();
        for (n, line) in pre.text.lines().chain(std::iter::once("")).enumerate() {
            let line = collapse(line);
            if !line.is_empty() {
                group.push((n, line));
                continue;
            }
            if group.is_empty() {
                continue;
            }
            let lines = join_wrapped(&std::mem::take(&mut group));
            let item = (lines.len() >= LIST_LINES).then_some(Entry::List);
            for (_, text) in lines {
                push(text, item, false);
            }
        }
    }
}

/// The lines of a block with the entry each is: lines of a group of at least
/// [`LIST_LINES`] are entries of a list the author wrote ("1. Name<br>2. Name…"),
/// unless they are a list of links (links, and short labels such as "Read more:");
/// other lines are what their container is.
fn lines_as_entries(lines: Vec<Line>, container: Option<Entry>) -> Vec<(Line, Option<Entry>)> {
    let link = |l: &Line| l.counts.link_chars * 2 >= l.counts.chars;
    let links = lines.iter().filter(|l| link(l)).count() >= 2
        && lines
            .iter()
            .all(|l| link(l) || l.text.split_whitespace().count() <= LABEL_WORDS);
    let list = lines.len() >= LIST_LINES && !links;
    lines
        .into_iter()
        .map(|l| (l, if list { Some(Entry::List) } else { container }))
        .collect()
}

/// A group of at least this many lines is a list.
const LIST_LINES: usize = 3;

/// A line of at most this many words among lines of links is a label.
const LABEL_WORDS: usize = 4;

/// Joins a line that starts in lower case to the line before it when that one has no
/// final punctuation: a break inside a sentence, not between lines.
fn continued_lines(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for line in lines {
        match out.last_mut() {
            Some(prev)
                if !ends_with_final(&prev.text)
                    && line.text.chars().next().is_some_and(char::is_lowercase) =>
            {
                prev.text.push(' ');
                prev.text.push_str(&line.text);
                prev.counts += line.counts;
            }
            _ => out.push(line),
        }
    }
    out
}

/// Whether the text of a `<pre>` not marked as code reads as code: more of its lines
/// are written as code (ending in `;`, `{` or `}`, holding an operator such as `=`,
/// `=>`, `::` or a tag, opening with a shell prompt or a comment, or dense with
/// symbols) than as prose (five words or more, nearly all letters).
pub(super) fn looks_like_code(text: &str) -> bool {
    let (mut code, mut prose) = (0, 0);
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let visible: Vec<char> = t.chars().filter(|c| !c.is_whitespace()).collect();
        let symbols = visible
            .iter()
            .filter(|c| "{}[]<>=;$#/\\|_*&^~`@".contains(**c))
            .count();
        let letters = visible.iter().filter(|c| c.is_alphabetic()).count();
        let operator = [
            " = ", "+=", "-=", "=>", "->", "::", "==", "!=", "&&", "||", "</", "/>", "();", " // ",
        ]
        .iter()
        .any(|op| t.contains(op));
        let opener = ["$ ", "# ", "// ", "/*", ">>> ", "#include", "#!"]
            .iter()
            .any(|p| t.starts_with(p));
        if t.ends_with([';', '{', '}']) || operator || opener || symbols * 6 >= visible.len() {
            code += 1;
        } else if t.split_whitespace().count() >= 5 && letters * 10 >= visible.len() * 8 {
            prose += 1;
        }
    }
    code > prose
}

/// The contents of a text node.
fn text_of(node: &NodeRef<'_>) -> Option<String> {
    node.query(|n| match &n.data {
        NodeData::Text { contents } => Some(contents.to_string()),
        _ => None,
    })
    .flatten()
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
    fn pre_text_written_as_code_is_code() {
        for code in [
            "$ make install\n$ narrate --version",
            "[server]\nport = 8080\nhost = \"0.0.0.0\"",
            "int main() {\n    return 0;\n}",
            "for x in items:\n    total += x  # sum them\nprint(total) // done",
        ] {
            assert!(looks_like_code(code), "{code}");
        }
        for prose in [
            "Dear members,\n\nThe hall will be closed on Monday while the floor\nis sanded and sealed, and will open again on Tuesday.\n\nWith best wishes,\nThe committee",
            "Roses are red and the evening is long,\nthe river runs slow and the blackbird sings on.",
        ] {
            assert!(!looks_like_code(prose), "{prose}");
        }
    }

    #[test]
    fn collapse_folds_space_and_drops_invisible_characters() {
        assert_eq!(collapse("  a\u{a0}\u{200b}b \n\t c\u{ad}d "), "a b cd");
    }
}
