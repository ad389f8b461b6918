//! An HTML page in, the blocks of its visible text out, each block either story or
//! dropped with a reason. The page is parsed as browsers parse it (html5ever through
//! dom_query: malformed markup is repaired, never an error; entities decoded) and its
//! body walked once into blocks (`walk.rs`): every block-level element (`p`, `li`,
//! `h1`–`h6`, `blockquote`, `td`, `div`…) and every `<br>` ends a block, inline
//! elements join into their block without losing the spaces between words, and white
//! space is folded. Three lines or more written with `<br>` in one element are entries
//! of a list (a ranking "1. Name<br>2. Name"), read as lines of the story. A `<pre>` is
//! read: code (marked, or written as code) is one block dropped as `code`, prose is cut
//! into paragraphs as plain text is. Scripts, styles, media, form widgets, hidden
//! elements (`hidden`, `aria-hidden`, inline `display: none`), hover pop-ups, footnote
//! markers and heading permalinks are not text a listener needs and give no block.
//! Which blocks are the story is decided with the DOM in hand (`story.rs`):
//!
//! - **The extractor.** dom_smoothie, a maintained port of Readability.js, finds the
//!   article on a copy of the page (the copy keeps the page's node ids); a block is
//!   story when most of its characters are in text nodes the extractor kept. Where it
//!   kept only part of the page's running text (it settled on the intro, one section,
//!   the notes), the story is widened from its element up the page while each step adds
//!   mostly running text. What it left out between story blocks (a run of prose, or up
//!   to three other blocks), the running text and standfirst between the title and the
//!   story, and a heading right before story text are taken back for the selection
//!   rules to judge. Every other block of the page is still a block of the document,
//!   dropped as `navigation` (short lines) or `boilerplate` (sentences): `plan` shows
//!   the whole page's text and why each line is not read, menus included. Pages of
//!   more than [`EXTRACT_MAX_ELEMENTS`] elements skip the extractor, which copies the
//!   page once per attempt; so does a page it cannot read. Then no block is dropped for
//!   being outside the story, and the selection rules find the story as they do in
//!   text.
//! - **Structure rules** (`hints.rs`), inside the story and out: `figure` and
//!   `figcaption` are captions, `nav` navigation, `aside` cross-links, `footer`,
//!   buttons and dialogs boilerplate; `role` values and words of `class` and `id` do
//!   the same for any element ("related", "read-more", reference lists → cross-link;
//!   "share", "social", "comments", ads, infoboxes, pull quotes → boilerplate;
//!   "newsletter", "subscribe" → promo; "caption", "credit", "byline", author boxes,
//!   edit links, tables of contents…). The innermost such element decides; links and
//!   emphasis inside a sentence never do, and the `id` of a heading (its anchor, made
//!   from its words) never does. A hint never applies to an element that holds a large
//!   part of the story (a `<body class="has-sidebar">`), so one bad class cannot drop
//!   the article. A story paragraph that is all link is a cross-link (a teaser, a card
//!   for a show); a heading whose section is all furniture goes with it. Block-quote
//!   text is marked quoted, list entries (not lists of links) as items, which the
//!   navigation rule reads as story text however short.
//! - **The title** is the heading that matches the page's title (JSON-LD headline,
//!   `og:title` or `<title>`, as the extractor reads them), else the last `<h1>` before
//!   the story, else a title block made from that metadata; `h1`–`h6` below it are
//!   headings, read with a heading pause, and so are paragraphs written as subheadings
//!   (all bold, or a short numbered line: "3. Lock the back door"). A dateline in an
//!   element of its own ("TOKYO –") is joined to the lede it opens.
//!
//! The blocks then go through the same segment and select stages as plain text, so the
//! caption, promo and cross-link rules serve both. A block's line is where the longest
//! plain word of its start is found in the source, searched forward within a bounded
//! budget (`locate.rs`; approximate where the page writes that word with entities).
//! The page's author, site, date and address (`meta.rs`) come from its `<meta>` and
//! `<link rel=canonical>` elements, else from what the extractor found.
//! Hand-written around the extractor: what is story on a page depends on its markup
//! (hints, lists, datelines, code), which no extractor crate reports.

mod depth;
mod hints;
mod locate;
mod meta;
mod story;
mod walk;

use super::Reader;
use crate::document::Document;
use depth::cap_depth;
use dom_query::Document as Dom;
use story::{decide, extract, meta_title};
use walk::Walker;

pub use depth::MAX_DEPTH;

/// Reads HTML pages into blocks.
#[derive(Debug, Default, Clone, Copy)]
pub struct Html;

/// Pages with more elements than this are not given to the extractor, which copies the
/// whole page once per attempt (up to four): above it, time and memory would grow with
/// the page for little gain. News pages have a few thousand elements (the devdata pages
/// at most 1,700); a 50 MB page of 59,600 paragraphs is planned, extractor included, in
/// about 8 s and 300 MB.
pub const EXTRACT_MAX_ELEMENTS: usize = 60_000;

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
        let blocks = decide(&dom, walker, extract.is_some(), &title, text);
        let metadata = meta::metadata(&dom, extract.as_ref().map(|e| &e.metadata));
        Document {
            source: source.to_string(),
            blocks,
            metadata,
        }
    }
}

/// How many elements the page has.
fn count_elements(dom: &Dom) -> usize {
    dom.root()
        .descendants_it()
        .filter(|n| n.is_element())
        .count()
}
