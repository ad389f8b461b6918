//! The walk's blocks in, the document's blocks out: which are the story, which are
//! furniture and why, and which is the title.

use super::locate::Locator;
use super::walk::{collapse, RawBlock, Walker};
use crate::document::{Block, BlockKind, Furniture};
use crate::select::blocks::{ends_sentence, word_count};
use crate::select::rules::duplicate::fingerprint;
use dom_query::{Document as Dom, NodeId};
use std::collections::HashSet;

/// A hinted element that holds at least this share of the story's characters (and at
/// least [`GUARD_MIN_CHARS`]) is a wrapper of the story, not chrome: its hint is ignored.
pub(super) const GUARD_SHARE: f64 = 0.4;
pub(super) const GUARD_MIN_CHARS: usize = 300;

/// What the extractor found.
pub(super) struct Extract {
    /// The text nodes of the story.
    pub(super) story: HashSet<NodeId>,
    pub(super) title: String,
}

/// Runs the extractor on a copy of the page. The copy keeps the node ids of the page,
/// and the extractor moves nodes rather than copying them, so the text nodes under its
/// article root are the page's own.
pub(super) fn extract(dom: &Dom) -> Option<Extract> {
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
pub(super) fn meta_title(dom: &Dom) -> String {
    let og = dom.select("meta[property='og:title']");
    if let Some(content) = og.attr("content") {
        if !content.trim().is_empty() {
            return content.to_string();
        }
    }
    dom.select("title").text().to_string()
}

/// Turns the walk into the document's blocks: hints resolved, story membership decided,
/// the title found.
pub(super) fn decide(walker: Walker<'_>, extracted: bool, title: &str, source: &str) -> Vec<Block> {
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
pub(super) fn story_blocks(
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
pub(super) const RESCUE_RUN: usize = 3;

/// The block that is the article's title: a heading equal to the page title, else one
/// containing it or contained in it, else the last `<h1>` before the story (or the
/// first in it).
pub(super) fn find_title(
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
