//! An HTML page in, the blocks of its visible text out, each block either story or
//! dropped with a reason. The page is parsed as browsers parse it (html5ever through
//! dom_query: malformed markup is repaired, never an error; entities decoded) and its
//! body walked once into blocks: every block-level element (`p`, `li`, `h1`–`h6`,
//! `blockquote`, `td`, `div`…) and every `<br>` ends a block, inline elements join into
//! their block without losing the spaces between words, and white space is folded.
//! Scripts, styles, media, form widgets, hidden elements (`hidden`, `aria-hidden`,
//! inline `display: none`) and hover pop-ups are not text a reader sees and give no
//! block. Which blocks are the story is decided with the DOM in hand:
//!
//! - **The extractor.** dom_smoothie, a maintained port of Readability.js, finds the
//!   article on a copy of the page (the copy keeps the page's node ids); a block is
//!   story when most of its characters are in text nodes the extractor kept. A run of
//!   at most three blocks it left out between two story blocks (an embedded post, a
//!   widget it cleaned away) is taken back for the selection rules to judge. Every
//!   other block of the page is still a block of the document, dropped as `navigation`
//!   (short lines) or `boilerplate` (sentences): `plan` shows the whole page's text and
//!   why each line is not read, menus included. Pages of more than
//!   [`EXTRACT_MAX_ELEMENTS`] elements skip the extractor, which copies the page once
//!   per attempt; so does a page it cannot read. Then no block is dropped for being
//!   outside the story, and the selection rules find the story as they do in text.
//! - **Structure rules**, inside the story and out: `figure` and `figcaption` are
//!   captions, `nav` navigation, `aside` cross-links, `footer`, buttons and dialogs
//!   boilerplate; `role` values and words of `class` and `id` do the same for any
//!   element ("related", "read-more" → cross-link; "share", "social", "comments", ads →
//!   boilerplate; "newsletter", "subscribe" → promo; "caption", "credit", "byline"…).
//!   The innermost such element decides; links and emphasis inside a sentence never
//!   do. A hint never applies to an element that holds a large part of the story (a
//!   `<body class="has-sidebar">`), so one bad class cannot drop the article. A story
//!   paragraph that is all link is a cross-link (a teaser, a card for a show).
//!   Block-quote text is marked quoted, which the navigation rule never takes for a
//!   menu line.
//! - **The title** is the heading that matches the page's title (JSON-LD headline,
//!   `og:title` or `<title>`, as the extractor reads them), else the last `<h1>` before
//!   the story, else a title block made from that metadata; `h1`–`h6` below it are
//!   headings, read with a heading pause; list items are blocks of their own.
//!
//! The blocks then go through the same segment and select stages as plain text, so the
//! caption, promo and cross-link rules serve both. A block's line is where its first
//! long plain word is found in the source, searched forward within a bounded budget
//! (approximate where the page writes that word with entities).

use super::Reader;
use crate::document::{Block, BlockKind, Document, Furniture};
use crate::select::blocks::{ends_sentence, word_count};
use crate::select::rules::duplicate::fingerprint;
use dom_query::{Document as Dom, NodeData, NodeId, NodeRef};
use std::collections::HashSet;

/// Reads HTML pages into blocks.
#[derive(Debug, Default, Clone, Copy)]
pub struct Html;

/// Pages with more elements than this are not given to the extractor, which copies the
/// whole page once per attempt (up to four): above it, time and memory would grow with
/// the page for little gain. News pages have a few thousand elements (the devdata pages
/// at most 1,700); a 50 MB page of 59,600 paragraphs is planned, extractor included, in
/// about 8 s and 300 MB.
pub const EXTRACT_MAX_ELEMENTS: usize = 60_000;

/// A hinted element that holds at least this share of the story's characters (and at
/// least [`GUARD_MIN_CHARS`]) is a wrapper of the story, not chrome: its hint is ignored.
const GUARD_SHARE: f64 = 0.4;
const GUARD_MIN_CHARS: usize = 300;

/// Elements whose content is not text a reader sees.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "head", "title", "meta", "link",
    "iframe", "object", "embed", "video", "audio", "canvas", "img", "picture", "source", "track",
    "map", "area", "input", "select", "option", "optgroup", "textarea", "datalist", "frameset",
    "frame", "param",
];

/// Elements that start and end a block of text.
const BLOCK_LEVEL: &[&str] = &[
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

/// Inline elements whose class never makes them chrome: a link or emphasis inside a
/// sentence stays in the sentence.
const INLINE_TEXT: &[&str] = &[
    "a", "b", "strong", "em", "i", "u", "abbr", "code", "q", "mark", "sup", "sub", "s", "del",
    "ins", "kbd", "var", "dfn", "bdi", "bdo", "wbr", "font",
];

/// Words of `class` and `id` values that name page chrome, with the reason.
const CLASS_HINTS: &[(&str, Furniture)] = &[
    ("nav", Furniture::Navigation),
    ("navbar", Furniture::Navigation),
    ("navigation", Furniture::Navigation),
    ("menu", Furniture::Navigation),
    ("menubar", Furniture::Navigation),
    ("megamenu", Furniture::Navigation),
    ("breadcrumb", Furniture::Navigation),
    ("breadcrumbs", Furniture::Navigation),
    ("pagination", Furniture::Navigation),
    ("pager", Furniture::Navigation),
    ("topnav", Furniture::Navigation),
    ("subnav", Furniture::Navigation),
    ("related", Furniture::CrossLink),
    ("recommended", Furniture::CrossLink),
    ("recommendation", Furniture::CrossLink),
    ("recommendations", Furniture::CrossLink),
    ("recirc", Furniture::CrossLink),
    ("recirculation", Furniture::CrossLink),
    ("trending", Furniture::CrossLink),
    ("popular", Furniture::CrossLink),
    ("mostpopular", Furniture::CrossLink),
    ("mostread", Furniture::CrossLink),
    ("readmore", Furniture::CrossLink),
    ("morestories", Furniture::CrossLink),
    ("sidebar", Furniture::CrossLink),
    ("newsletter", Furniture::Promo),
    ("newsletters", Furniture::Promo),
    ("subscribe", Furniture::Promo),
    ("subscription", Furniture::Promo),
    ("signup", Furniture::Promo),
    ("promo", Furniture::Promo),
    ("optin", Furniture::Promo),
    ("share", Furniture::Boilerplate),
    ("shares", Furniture::Boilerplate),
    ("sharing", Furniture::Boilerplate),
    ("sharebar", Furniture::Boilerplate),
    ("social", Furniture::Boilerplate),
    ("addthis", Furniture::Boilerplate),
    ("sharethis", Furniture::Boilerplate),
    ("comment", Furniture::Boilerplate),
    ("comments", Furniture::Boilerplate),
    ("disqus", Furniture::Boilerplate),
    ("ad", Furniture::Boilerplate),
    ("ads", Furniture::Boilerplate),
    ("advert", Furniture::Boilerplate),
    ("advertisement", Furniture::Boilerplate),
    ("advertising", Furniture::Boilerplate),
    ("adslot", Furniture::Boilerplate),
    ("adunit", Furniture::Boilerplate),
    ("dfp", Furniture::Boilerplate),
    ("sponsor", Furniture::Boilerplate),
    ("sponsored", Furniture::Boilerplate),
    ("taboola", Furniture::Boilerplate),
    ("outbrain", Furniture::Boilerplate),
    ("footer", Furniture::Boilerplate),
    ("cookie", Furniture::Boilerplate),
    ("consent", Furniture::Boilerplate),
    ("gdpr", Furniture::Boilerplate),
    ("caption", Furniture::Caption),
    ("captions", Furniture::Caption),
    ("figcaption", Furniture::Caption),
    ("cutline", Furniture::Caption),
    ("credit", Furniture::Credit),
    ("credits", Furniture::Credit),
    ("copyright", Furniture::Copyright),
    ("byline", Furniture::Byline),
    ("timestamp", Furniture::Timestamp),
    ("dateline", Furniture::Timestamp),
];

/// Class words of pop-ups that the page shows only on hover.
const POPUP_WORDS: &[&str] = &["rollover", "tooltip", "popover", "hovercard"];

/// Pairs of adjacent class words that name chrome ("read-more", "more-stories").
const CLASS_PAIRS: &[(&str, &str, Furniture)] = &[
    ("read", "more", Furniture::CrossLink),
    ("more", "stories", Furniture::CrossLink),
    ("most", "read", Furniture::CrossLink),
    ("most", "popular", Furniture::CrossLink),
    ("see", "also", Furniture::CrossLink),
    ("sign", "up", Furniture::Promo),
];

/// A block as the walk found it.
struct RawBlock {
    /// Heading level 1–6, or 0 for any other block.
    level: u8,
    text: String,
    /// Characters of the block's text, and how many of them the extractor kept.
    chars: usize,
    story_chars: usize,
    /// Characters inside links.
    link_chars: usize,
    /// The innermost hinted element around the block.
    hint: Option<usize>,
    /// Inside a `<blockquote>`.
    quoted: bool,
}

/// An element whose tag, role or class says what it is.
struct Hinted {
    reason: Furniture,
    /// The hinted element around this one.
    parent: Option<usize>,
    /// The blocks inside it.
    start: usize,
    end: usize,
}

/// What the extractor found.
struct Extract {
    /// The text nodes of the story.
    story: HashSet<NodeId>,
    title: String,
}

impl Reader for Html {
    fn read(&self, source: &str, text: &str) -> Document {
        let dom = Dom::from(cap_depth(text, MAX_DEPTH).as_ref());
        let elements = count_elements(&dom);
        let extract = (elements <= EXTRACT_MAX_ELEMENTS)
            .then(|| extract(&dom))
            .flatten();
        let mut walker = Walker::new(extract.as_ref().map(|e| &e.story));
        if let Some(body) = dom.body() {
            walker.walk(body);
        }
        let title = match &extract {
            Some(e) if !e.title.trim().is_empty() => e.title.clone(),
            _ => meta_title(&dom),
        };
        let blocks = decide(walker, extract.is_some(), &title, text);
        Document {
            source: source.to_string(),
            blocks,
        }
    }
}

/// Elements nested deeper than this are flattened before parsing, as Blink's parser
/// does at the same depth: the HTML tree builder scans the stack of open elements for
/// most tags, so a page of a million unclosed `<div>`s would take time that grows with
/// the square of its size. News pages nest less than 50 deep.
pub const MAX_DEPTH: usize = 512;

/// Elements whose end tag may be left out, which never count as nesting.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot",
    "colgroup", "caption", "rb", "rt", "rp", "rtc",
];

/// Elements without content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// The page with the start and end tags of elements nested deeper than `max` left out
/// (their content stays, one level up), found by a light scan of the tags that skips
/// comments and raw text. Nesting counts elements that need an end tag; a page that
/// never goes deeper than `max` is returned as it is.
fn cap_depth(html: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let mut cuts: Vec<std::ops::Range<usize>> = Vec::new();
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(offset) = memchr_lt(&bytes[i..]) {
        i += offset;
        let rest = &bytes[i..];
        if rest.starts_with(b"<!--") {
            i = find(bytes, i + 4, b"-->").map_or(bytes.len(), |j| j + 3);
            continue;
        }
        let end_tag = rest.get(1) == Some(&b'/');
        let name_start = i + 1 + usize::from(end_tag);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let Some(close) = tag_end(bytes, name_start + name_len) else {
            break;
        };
        let tag = i..close + 1;
        i = close + 1;
        let nests = !OPTIONAL_END.contains(&name.as_str()) && !VOID.contains(&name.as_str());
        if end_tag {
            if nests {
                if depth > max {
                    cuts.push(tag);
                }
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            let end = format!("</{name}");
            i = find_ci(bytes, i, end.as_bytes()).unwrap_or(bytes.len());
            continue;
        }
        if nests && bytes[close - 1] != b'/' {
            depth += 1;
            if depth > max {
                cuts.push(tag);
            }
        }
    }
    if cuts.is_empty() {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for cut in cuts {
        out.push_str(&html[from..cut.start]);
        from = cut.end;
    }
    out.push_str(&html[from..]);
    std::borrow::Cow::Owned(out)
}

/// The offset of the next `<`.
fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'<')
}

/// The offset of `needle` in `bytes` at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// The offset of `needle` (lower-case ASCII) in `bytes` at or after `from`, any case.
fn find_ci(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

/// The offset of the `>` that ends a tag whose attributes start at `from`, skipping
/// quoted attribute values.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    for (k, &b) in bytes.get(from..)?.iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(from + k),
            _ => {}
        }
    }
    None
}

/// How many elements the page has.
fn count_elements(dom: &Dom) -> usize {
    dom.root()
        .descendants_it()
        .filter(|n| n.is_element())
        .count()
}

/// Runs the extractor on a copy of the page. The copy keeps the node ids of the page,
/// and the extractor moves nodes rather than copying them, so the text nodes under its
/// article root are the page's own.
fn extract(dom: &Dom) -> Option<Extract> {
    let copy = dom.clone();
    // A panic in the extractor on a strange page must not stop the narration: the
    // page is then read without it.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        let mut readability = dom_smoothie::Readability::with_document(copy, None, None).ok()?;
        let article = readability.parse().ok()?;
        let root = readability.doc.select_single("#readability-page-1");
        let root = root.nodes().first()?;
        let story: HashSet<NodeId> = root
            .descendants_it()
            .filter(|n| n.is_text())
            .map(|n| n.id)
            .collect();
        Some(Extract {
            story,
            title: article.title,
        })
    }))
    .ok()
    .flatten()
}

/// The page's title from `og:title` or `<title>`, when the extractor did not run.
fn meta_title(dom: &Dom) -> String {
    let og = dom.select("meta[property='og:title']");
    if let Some(content) = og.attr("content") {
        if !content.trim().is_empty() {
            return content.to_string();
        }
    }
    dom.select("title").text().to_string()
}

/// Walks the body into blocks.
struct Walker<'s> {
    story: Option<&'s HashSet<NodeId>>,
    blocks: Vec<RawBlock>,
    hinted: Vec<Hinted>,
    hint_stack: Vec<usize>,
    levels: Vec<u8>,
    /// How many `<blockquote>`s are open.
    quotes: usize,
    /// How many links (`<a href>`) are open.
    links: usize,
    text: String,
    chars: usize,
    story_chars: usize,
    link_chars: usize,
}

enum Step<'a> {
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
    fn new(story: Option<&'s HashSet<NodeId>>) -> Self {
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
    fn walk(&mut self, root: NodeRef<'_>) {
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
fn text_of(node: &NodeRef<'_>) -> Option<String> {
    node.query(|n| match &n.data {
        NodeData::Text { contents } => Some(contents.to_string()),
        _ => None,
    })
    .flatten()
}

/// `1` for `h1` … `6` for `h6`.
fn heading_level(name: &str) -> Option<u8> {
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

/// Whether an element is hidden from a reader of the page.
fn hidden(node: &NodeRef<'_>) -> bool {
    if node.has_attr("hidden") || node.attr("aria-hidden").is_some_and(|v| &*v == "true") {
        return true;
    }
    // A pop-up shown on hover (a card about a name, inside the sentence that names
    // them) is hidden by the page's style sheet, which is not read: an element named
    // as a pop-up inside another one (the name, which stays) that is not the link.
    if is_popup(node) && !node.has_name("a") && node.ancestors_it(Some(4)).any(|a| is_popup(&a)) {
        return true;
    }
    node.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// Whether an element's class names it a hover pop-up or its trigger.
fn is_popup(node: &NodeRef<'_>) -> bool {
    node.attr("class").is_some_and(|class| {
        let mut words = Vec::new();
        class_words(&class, &mut words);
        words.iter().any(|w| POPUP_WORDS.contains(&w.as_str()))
    })
}

/// What an element's tag, role, class or id says it is, if chrome.
fn hint_of(node: &NodeRef<'_>, name: &str) -> Option<Furniture> {
    let by_tag = match name {
        "nav" => Some(Furniture::Navigation),
        "aside" => Some(Furniture::CrossLink),
        "footer" | "button" | "dialog" => Some(Furniture::Boilerplate),
        "figure" | "figcaption" => Some(Furniture::Caption),
        _ => None,
    };
    if by_tag.is_some() {
        return by_tag;
    }
    let by_role =
        node.attr("role")
            .and_then(|role| match role.trim().to_ascii_lowercase().as_str() {
                "navigation" | "menu" | "menubar" | "search" | "banner" => {
                    Some(Furniture::Navigation)
                }
                "complementary" => Some(Furniture::CrossLink),
                "contentinfo" | "dialog" | "alertdialog" | "button" | "toolbar" => {
                    Some(Furniture::Boilerplate)
                }
                _ => None,
            });
    if by_role.is_some() || INLINE_TEXT.contains(&name) {
        return by_role;
    }
    let mut words = Vec::new();
    for attr in ["class", "id"] {
        if let Some(value) = node.attr(attr) {
            class_words(&value, &mut words);
        }
    }
    if words.is_empty() {
        return None;
    }
    for pair in words.windows(2) {
        for (a, b, reason) in CLASS_PAIRS {
            if pair[0] == *a && pair[1] == *b {
                return Some(*reason);
            }
        }
    }
    words.iter().find_map(|w| {
        CLASS_HINTS
            .iter()
            .find(|(word, _)| w == word)
            .map(|(_, reason)| *reason)
    })
}

/// The lower-case words of a class or id value: split at anything not a letter or
/// digit, and at camelCase humps (`shareBar` → `share`, `bar`).
fn class_words(value: &str, out: &mut Vec<String>) {
    for part in value.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut word = String::new();
        let mut prev_lower = false;
        for c in part.chars() {
            if c.is_ascii_uppercase() && prev_lower && !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            word.push(c.to_ascii_lowercase());
        }
        if !word.is_empty() {
            out.push(word);
        }
    }
}

/// Trims, removes invisible characters (zero-width spaces, soft hyphens) and folds
/// every run of white space to one space.
fn collapse(text: &str) -> String {
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

/// Turns the walk into the document's blocks: hints resolved, story membership decided,
/// the title found.
fn decide(walker: Walker<'_>, extracted: bool, title: &str, source: &str) -> Vec<Block> {
    let Walker { blocks, hinted, .. } = walker;
    let weight = |b: &RawBlock| if extracted { b.story_chars } else { b.chars };
    // Characters of story (or of the page, without an extractor) up to each block.
    let mut before = Vec::with_capacity(blocks.len() + 1);
    before.push(0usize);
    for b in &blocks {
        before.push(before.last().copied().unwrap_or(0) + weight(b));
    }
    let total = before.last().copied().unwrap_or(0);
    let guarded: Vec<bool> = hinted
        .iter()
        .map(|h| {
            let inside = before[h.end] - before[h.start];
            inside >= GUARD_MIN_CHARS && inside as f64 >= GUARD_SHARE * total as f64
        })
        .collect();
    let reason_of = |b: &RawBlock| -> Option<Furniture> {
        let mut h = b.hint;
        while let Some(i) = h {
            if !guarded[i] {
                return Some(hinted[i].reason);
            }
            h = hinted[i].parent;
        }
        None
    };
    let story = story_blocks(&blocks, extracted, &reason_of);
    let first_story = (0..blocks.len()).find(|&i| story[i] && reason_of(&blocks[i]).is_none());

    let title_at = find_title(&blocks, title, first_story, &story);
    // Without a title heading, a title block made from the metadata stands just before
    // the story; a page without story gets none.
    let mut made_title = match (title_at, first_story) {
        (None, Some(at)) => Some((at, collapse(title))).filter(|(_, t)| !t.is_empty()),
        _ => None,
    };
    let mut lines = Locator::new(source);
    let mut out = Vec::with_capacity(blocks.len() + 1);
    for (i, b) in blocks.iter().enumerate() {
        let line = lines.locate(&b.text);
        if let Some((_, title)) = made_title.take_if(|(at, _)| *at == i) {
            out.push(Block::new(BlockKind::Title, title, line));
        }
        let kind = if Some(i) == title_at {
            BlockKind::Title
        } else if b.level > 0 {
            BlockKind::Heading
        } else {
            BlockKind::Paragraph
        };
        let dropped = if Some(i) == title_at {
            None
        } else if let Some(reason) = reason_of(b) {
            Some(reason)
        } else if story[i] {
            // A paragraph of the story that is all link is a link to another page: a
            // teaser, a "read more", a card promoting a show.
            let link = b.level == 0 && !b.quoted && b.link_chars * 10 >= b.chars * 9;
            link.then_some(Furniture::CrossLink)
        } else if ends_sentence(&b.text) && word_count(&b.text) >= 7 {
            Some(Furniture::Boilerplate)
        } else {
            Some(Furniture::Navigation)
        };
        out.push(Block {
            kind,
            text: b.text.clone(),
            line,
            dropped,
            quoted: b.quoted,
            item: false,
        });
    }
    out
}

/// Which blocks are story: those whose text the extractor mostly kept (every block
/// without an extractor), and runs of at most [`RESCUE_RUN`] blocks it left out between
/// two story blocks when no hint names them (an embedded post, a small widget it
/// cleaned away): the selection rules judge those as they judge any story text.
fn story_blocks(
    blocks: &[RawBlock],
    extracted: bool,
    reason_of: &dyn Fn(&RawBlock) -> Option<Furniture>,
) -> Vec<bool> {
    let mut story: Vec<bool> = blocks
        .iter()
        .map(|b| !extracted || b.story_chars * 2 > b.chars)
        .collect();
    let anchor = |i: usize, story: &[bool]| story[i] && reason_of(&blocks[i]).is_none();
    let mut i = 0;
    while i < blocks.len() {
        if story[i] || reason_of(&blocks[i]).is_some() {
            i += 1;
            continue;
        }
        let start = i;
        while i < blocks.len() && !story[i] && reason_of(&blocks[i]).is_none() {
            i += 1;
        }
        let sandwiched =
            start > 0 && i < blocks.len() && anchor(start - 1, &story) && anchor(i, &story);
        if sandwiched && i - start <= RESCUE_RUN {
            story[start..i].fill(true);
        }
    }
    story
}

/// The most blocks the extractor may leave out between two story blocks and still be
/// taken back as story.
const RESCUE_RUN: usize = 3;

/// The block that is the article's title: a heading equal to the page title, else one
/// containing it or contained in it, else the last `<h1>` before the story (or the
/// first in it).
fn find_title(
    blocks: &[RawBlock],
    title: &str,
    first_story: Option<usize>,
    story: &[bool],
) -> Option<usize> {
    let key = fingerprint(title);
    let headings = || blocks.iter().enumerate().filter(|(_, b)| b.level > 0);
    if !key.is_empty() {
        if let Some((i, _)) = headings().find(|(_, b)| fingerprint(&b.text) == key) {
            return Some(i);
        }
        let close = |b: &RawBlock| {
            let k = fingerprint(&b.text);
            k.split(' ').count() >= 3 && (key.contains(&k) || k.contains(&key))
        };
        if let Some((i, _)) = headings().find(|(_, b)| close(b)) {
            return Some(i);
        }
    }
    let h1s = || headings().filter(|(_, b)| b.level == 1);
    if let Some(start) = first_story {
        if let Some((i, _)) = h1s().rfind(|&(i, _)| i <= start) {
            return Some(i);
        }
    }
    h1s().find(|&(i, _)| story[i]).map(|(i, _)| i)
}

/// Finds the line of each block in the source, searching forward for the block's
/// first long plain word. The search is bounded: at most [`LOCATE_WINDOW`] bytes per
/// block and four times the source's length in all, so a page whose words are all
/// entities costs no more than a few passes over it.
struct Locator<'a> {
    source: &'a str,
    cursor: usize,
    line: usize,
    budget: usize,
}

const LOCATE_WINDOW: usize = 64 * 1024;

impl<'a> Locator<'a> {
    fn new(source: &'a str) -> Self {
        let body = find_ascii_ci(source, "<body").unwrap_or(0);
        let line = 1 + source[..body].matches('\n').count();
        Locator {
            source,
            cursor: body,
            line,
            budget: source.len().saturating_mul(4),
        }
    }

    fn locate(&mut self, text: &str) -> usize {
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
        self.budget = self.budget.saturating_sub(window.len());
        if let Some(at) = window.find(word) {
            self.line += window[..at].matches('\n').count();
            self.cursor += at;
        }
        self.line
    }
}

/// Byte offset of an ASCII `needle` in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    hay.as_bytes()
        .windows(n)
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_words_split_at_separators_and_humps() {
        let mut w = Vec::new();
        class_words("c-shareBar article__related--top", &mut w);
        assert_eq!(w, ["c", "share", "bar", "article", "related", "top"]);
    }

    #[test]
    fn cap_depth_flattens_only_what_is_too_deep() {
        let page =
            "<div><p>a<div><span>b</span></div><!-- <div> --><script>'<div>'</script><br/></div>";
        assert_eq!(cap_depth(page, 3), page);
        let capped = cap_depth(page, 1);
        assert_eq!(
            capped,
            "<div><p>ab<!-- <div> --><script>'<div>'</script><br/></div>"
        );
        let deep = format!("{}x{}", "<div class='a>b'>".repeat(10), "</div>".repeat(10));
        assert_eq!(
            cap_depth(&deep, 4),
            format!("{}x{}", "<div class='a>b'>".repeat(4), "</div>".repeat(4))
        );
    }

    #[test]
    fn collapse_folds_space_and_drops_invisible_characters() {
        assert_eq!(collapse("  a\u{a0}\u{200b}b \n\t c\u{ad}d "), "a b cd");
    }
}
