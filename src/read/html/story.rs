//! The walk's blocks in, the document's blocks out: which are the story, which are
//! furniture and why, which is the title, which are subheadings.
//!
//! The story is what the extractor kept, widened where it holds only part of the page's
//! running text (see [`widen`]), plus what it left out between story blocks (a run of
//! prose of any length, or up to [`RESCUE_RUN`] other blocks) and the running text
//! between the title and the story (a standfirst, a lede under share buttons). Hints
//! then drop chrome inside and out; a heading whose section is all furniture goes with
//! it ("References" above the reference list). A dateline in an element of its own
//! ("TOKYO –") is joined to the lede it opens. A paragraph that is all bold, or a
//! short numbered line ("3. Lock the back door"), is a subheading.

use super::locate::Locator;
use super::walk::{collapse, Entry, Hinted, RawBlock, Walker};
use crate::document::{Block, BlockKind, Furniture};
use crate::select::blocks::{ends_sentence, word_count};
use crate::select::rules::duplicate::fingerprint;
use dom_query::{Document as Dom, NodeId};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// A hinted element that holds at least this share of the story's characters (and at
/// least [`GUARD_MIN_CHARS`]) is a wrapper of the story, not chrome: its hint is ignored.
pub(super) const GUARD_SHARE: f64 = 0.4;
pub(super) const GUARD_MIN_CHARS: usize = 300;

/// What the extractor found.
pub(super) struct Extract {
    /// The text nodes of the story.
    pub(super) story: HashSet<NodeId>,
    pub(super) title: String,
    /// The byline, site name, date and address the extractor found (JSON-LD included).
    pub(super) metadata: crate::tags::Metadata,
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
        let text = |v: Option<String>| v.as_deref().and_then(crate::tags::clean);
        Some(Extract {
            story,
            metadata: crate::tags::Metadata {
                title: None,
                author: text(article.byline),
                site: text(article.site_name),
                date: text(article.published_time),
                url: text(article.url),
                language: None,
            },
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

/// What the walk found, with its hints resolved.
struct Page<'a> {
    blocks: &'a [RawBlock],
    hinted: &'a [Hinted],
    /// Per hinted element: whether it wraps so much of the story that its hint is
    /// ignored.
    guarded: Vec<bool>,
}

impl Page<'_> {
    /// The furniture a block's innermost unguarded hint names.
    fn reason(&self, i: usize) -> Option<Furniture> {
        let mut h = self.blocks[i].hint;
        while let Some(k) = h {
            if !self.guarded[k] {
                return Some(self.hinted[k].reason);
            }
            h = self.hinted[k].parent;
        }
        None
    }

    /// Running text: a paragraph of sentences (final punctuation, at least
    /// [`RUNNING_WORDS`] words), mostly not links, not code, under no hint.
    fn running(&self, i: usize) -> bool {
        let b = &self.blocks[i];
        b.level == 0
            && !b.code
            && b.link_chars * 2 < b.chars
            && word_count(&b.text) >= RUNNING_WORDS
            && ends_sentence(&b.text)
            && self.reason(i).is_none()
    }
}

impl Page<'_> {
    /// A standfirst: a line of at least [`RUNNING_WORDS`] words under no hint, mostly
    /// not links, with or without final punctuation ("Four summers of counts, and
    /// what they say").
    fn standfirst(&self, i: usize) -> bool {
        let b = &self.blocks[i];
        b.level == 0
            && !b.code
            && b.alone
            && b.link_chars * 2 < b.chars
            && word_count(&b.text) >= RUNNING_WORDS
            && self.reason(i).is_none()
    }
}

/// A paragraph of running text has at least this many words.
const RUNNING_WORDS: usize = 10;

/// Turns the walk into the document's blocks: hints resolved, story membership decided,
/// the title found.
pub(super) fn decide(
    dom: &Dom,
    walker: Walker<'_>,
    extracted: bool,
    title: &str,
    source: &str,
) -> Vec<Block> {
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
    let page = Page {
        blocks: &blocks,
        hinted: &hinted,
        guarded,
    };
    let mut story: Vec<bool> = blocks
        .iter()
        .map(|b| !extracted || b.story_chars * 2 > b.chars)
        .collect();
    if extracted {
        widen(dom, &page, &mut story);
    }
    let first_story =
        |story: &[bool]| (0..blocks.len()).find(|&i| story[i] && page.reason(i).is_none());
    let title_at = find_title(&blocks, title, first_story(&story), &story);
    if extracted {
        if let (Some(t), Some(first)) = (title_at, first_story(&story)) {
            // Running text between the title and the story: a standfirst, a lede the
            // extractor left with the share buttons under the headline.
            for (i, s) in story.iter_mut().enumerate().take(first).skip(t + 1) {
                *s |= page.running(i) || page.standfirst(i);
            }
        }
        rescue(&page, &mut story);
    }
    let first = first_story(&story);
    // Without a title heading, a title block made from the metadata stands just before
    // the story; a page without story gets none.
    let mut made_title = match (title_at, first) {
        (None, Some(at)) => Some((at, collapse(title))).filter(|(_, t)| !t.is_empty()),
        _ => None,
    };
    let mut out: Vec<(usize, Block)> = Vec::with_capacity(blocks.len() + 1);
    for (i, b) in blocks.iter().enumerate() {
        let kind = if Some(i) == title_at {
            BlockKind::Title
        } else if b.level > 0 || subheading(b) {
            BlockKind::Heading
        } else {
            BlockKind::Paragraph
        };
        let dropped = if Some(i) == title_at {
            None
        } else if let Some(reason) = page.reason(i) {
            Some(reason)
        } else if b.code {
            Some(Furniture::Code)
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
        out.push((
            i,
            Block {
                kind,
                text: b.text.clone(),
                line: 0,
                dropped,
                quoted: b.quoted,
                // An entry of a list the author wrote, unless it is mostly a link: a
                // list of links is for the rules to judge as links.
                item: b.item == Some(Entry::List) && b.link_chars * 2 < b.chars,
                script: None,
            },
        ));
    }
    drop_chrome_sections(&blocks, &mut out, title_at);
    let out = join_datelines(&blocks, out);
    let mut lines = Locator::new(source);
    let mut result = Vec::with_capacity(out.len() + 1);
    for (i, mut block) in out {
        block.line = lines.locate(&block.text);
        if let Some((_, title)) = made_title.take_if(|(at, _)| i >= *at) {
            result.push(Block::new(BlockKind::Title, title, block.line));
        }
        result.push(block);
    }
    result
}

/// The story is widened until it holds this share of the page's running text...
const WIDEN_TO: f64 = 0.9;
/// ...one element up at a time, while what the step adds (text under no hint) is at
/// least this share running text.
const WIDEN_DENSITY: f64 = 0.5;

/// Widens the story when the extractor kept only part of the page's running text (it
/// settled on the intro, on one section, on the notes): from the element around
/// everything it kept, up one ancestor at a time while that leaves more than a tenth
/// of the running text out and the step adds mostly running text (sections beside it,
/// not a comment thread of names and dates), and every paragraph of running text
/// inside the element reached becomes story. The selection rules judge them, and the
/// short blocks between them come back with [`rescue`]; hints still drop chrome.
fn widen(dom: &Dom, page: &Page<'_>, story: &mut [bool]) {
    let blocks = page.blocks;
    let running: Vec<usize> = (0..blocks.len()).filter(|&i| page.running(i)).collect();
    let total: usize = running.iter().map(|&i| blocks[i].chars).sum();
    let kept: usize = running
        .iter()
        .filter(|&&i| story[i])
        .map(|&i| blocks[i].chars)
        .sum();
    if total == 0 || kept == total {
        return;
    }
    let ancestors = |i: usize| -> Vec<NodeId> {
        dom.tree
            .get(&blocks[i].node)
            .map(|n| n.ancestors_it(None).map(|a| a.id).collect())
            .unwrap_or_default()
    };
    // Running text, and all text under no hint, inside each element.
    let mut inside: HashMap<NodeId, (usize, usize)> = HashMap::new();
    for i in (0..blocks.len()).filter(|&i| page.reason(i).is_none()) {
        let run = if page.running(i) { blocks[i].chars } else { 0 };
        for id in ancestors(i) {
            let e = inside.entry(id).or_default();
            e.0 += run;
            e.1 += blocks[i].chars;
        }
    }
    let at = |id: &NodeId| inside.get(id).copied().unwrap_or((0, 0));
    // The element around the extractor's first and last story blocks (around the
    // first running text when it kept none).
    let first = (0..blocks.len())
        .find(|&i| story[i])
        .or(running.first().copied());
    let last = (0..blocks.len())
        .rfind(|&i| story[i])
        .or(running.last().copied());
    let (Some(first), Some(last)) = (first, last) else {
        return;
    };
    let up = ancestors(first);
    let around_last: HashSet<NodeId> = ancestors(last).into_iter().collect();
    let Some(mut k) = up.iter().position(|id| around_last.contains(id)) else {
        return;
    };
    let need = (WIDEN_TO * total as f64).ceil() as usize;
    while at(&up[k]).0 < need && k + 1 < up.len() {
        let (run, all) = at(&up[k]);
        let (run_up, all_up) = at(&up[k + 1]);
        let added = all_up - all;
        if ((run_up - run) as f64) < WIDEN_DENSITY * added as f64 {
            break;
        }
        k += 1;
    }
    let root = up[k];
    for &i in &running {
        if !story[i] && ancestors(i).contains(&root) {
            story[i] = true;
        }
    }
}

/// Takes back what the extractor left out between two story blocks when no hint names
/// it: a run of mostly running text of any length (a section it cleaned away), or a
/// run of at most [`RESCUE_RUN`] other blocks (an embedded post, a small widget, a
/// subheading); and a heading right before a story block.
fn rescue(page: &Page<'_>, story: &mut [bool]) {
    let blocks = page.blocks;
    // Hinted blocks (an edit link, an ad slot, a figure) stay dropped wherever they
    // are: they neither end a run nor count in it.
    let open: Vec<usize> = (0..blocks.len())
        .filter(|&i| page.reason(i).is_none())
        .collect();
    let anchor = |i: usize, story: &[bool]| story[i];
    let mut k = 0;
    while k < open.len() {
        if anchor(open[k], story) {
            k += 1;
            continue;
        }
        let start = k;
        while k < open.len() && !anchor(open[k], story) {
            k += 1;
        }
        if start == 0 || k == open.len() {
            continue;
        }
        let run = &open[start..k];
        let chars: usize = run.iter().map(|&i| blocks[i].chars).sum();
        let prose: usize = run
            .iter()
            .filter(|&&i| page.running(i))
            .map(|&i| blocks[i].chars)
            .sum();
        if run.len() <= RESCUE_RUN || prose * 2 >= chars {
            for &i in run {
                story[i] = true;
            }
        }
    }
    // A heading right before story text is the story's heading (one that is a link
    // is a teaser's headline).
    for pair in open.windows(2) {
        let heading = &blocks[pair[0]];
        if heading.level > 0 && heading.link_chars * 2 < heading.chars && story[pair[1]] {
            story[pair[0]] = true;
        }
    }
}

/// The most blocks of any kind the extractor may leave out between two story blocks
/// and still be taken back as story.
const RESCUE_RUN: usize = 3;

/// Whether a paragraph is written as a subheading: all bold (`<p><strong>…</strong>`)
/// and short without a full stop, or a short numbered line without one ("3. Lock the
/// back door", "4) Keep a spare key"). A list item or a table cell is neither.
fn subheading(b: &RawBlock) -> bool {
    if b.level > 0 || b.item.is_some() || !b.alone || b.code {
        return false;
    }
    let t = b.text.trim();
    let words = word_count(t);
    if words == 0 || words > SUBHEADING_WORDS || t.ends_with('.') {
        return false;
    }
    static NUMBERED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\d{1,2}[.):]\s+\S").expect("numbered subheading"));
    let bold = b.bold_chars == b.chars;
    bold || (NUMBERED.is_match(t) && !t.ends_with([',', ';']))
}

/// A subheading has at most this many words.
const SUBHEADING_WORDS: usize = 12;

/// Drops a heading whose section (the blocks up to the next heading of its level or
/// above) is all furniture the reader dropped, with the first block's reason: the
/// heading of a reference list, of a share box, of a gallery. A heading with nothing
/// under it keeps its place.
fn drop_chrome_sections(raw: &[RawBlock], out: &mut [(usize, Block)], title_at: Option<usize>) {
    for h in 0..out.len() {
        let (i, block) = &out[h];
        let level = raw[*i].level;
        if level == 0 || block.dropped.is_some() || Some(*i) == title_at {
            continue;
        }
        let section = out[h + 1..]
            .iter()
            .take_while(|(k, _)| !(1..=level).contains(&raw[*k].level));
        let mut reasons = section.map(|(_, b)| b.dropped);
        let Some(Some(first)) = reasons.next() else {
            continue;
        };
        if reasons.all(|r| r.is_some()) {
            out[h].1.dropped = Some(first);
        }
    }
}

/// A dateline written on its own: a place in capitals, perhaps with more of the
/// place, a date and the agency, ending in a dash ("TOKYO –", "WASHINGTON (AP) —",
/// "LONDON, May 3 (Reuters) -").
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\p{Lu}[\p{Lu}\p{M}'’.\- ]*\p{Lu}\.?(,[\p{L}\p{N} .'’-]{1,40})?(\s*\([\p{L} .&/-]{2,30}\))?\s*[-–—]\s*$",
    )
    .expect("dateline pattern")
});

/// Whether a dateline names a place: its first word is in capitals ("TOKYO", "NEW
/// YORK, May 3") and is no month or weekday.
fn names_place(text: &str) -> bool {
    let Some(first) = text.split_whitespace().next() else {
        return false;
    };
    let word = first.trim_end_matches([',', ':', '.']);
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let month_or_day = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC", "MON",
        "TUE", "WED", "THU", "FRI", "SAT", "SUN",
    ]
    .iter()
    .any(|m| word.starts_with(m));
    letters >= 2 && word.chars().all(|c| !c.is_alphabetic() || c.is_uppercase()) && !month_or_day
}

/// Joins a dateline that stands in an element of its own (named a dateline by its
/// class and naming a place, or written as one) to the paragraph after it, which it
/// opens; the lede keeps its place in the story, and the dateline is read with it. A
/// date in an element named a dateline is a timestamp.
fn join_datelines(raw: &[RawBlock], out: Vec<(usize, Block)>) -> Vec<(usize, Block)> {
    let mut joined: Vec<(usize, Block)> = Vec::with_capacity(out.len());
    let mut pending: Option<(usize, Block)> = None;
    for (i, block) in out {
        if let Some((d, dateline)) = pending.take() {
            if block.kind == BlockKind::Paragraph && raw[i].alone && block.dropped.is_none() {
                let text = format!("{} {}", dateline.text, block.text);
                joined.push((d, Block { text, ..block }));
                continue;
            }
            joined.push((d, dateline));
        }
        let b = &raw[i];
        let alone = b.level == 0 && b.alone && word_count(&b.text) <= 8;
        if alone && (DATELINE.is_match(&b.text) || (b.dateline && names_place(&b.text))) {
            pending = Some((i, block));
        } else if b.dateline && !names_place(&b.text) {
            // Some pages name their date line so: "Published 3 May 2019".
            joined.push((
                i,
                Block {
                    dropped: Some(Furniture::Timestamp),
                    ..block
                },
            ));
        } else {
            joined.push((i, block));
        }
    }
    joined.extend(pending);
    joined
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_are_written_as_a_place_in_capitals_and_a_dash() {
        for line in [
            "TOKYO –",
            "WASHINGTON (AP) —",
            "ROTTERDAM, March 3 (Reuters) -",
            "NEW YORK —",
            "ST. LOUIS -",
        ] {
            assert!(DATELINE.is_match(line), "{line}");
        }
        for line in ["Tokyo –", "BREAKING NEWS", "Published 3 May 2019 -", "A"] {
            assert!(!DATELINE.is_match(line), "{line}");
        }
        assert!(names_place("TOKYO"));
        assert!(names_place("LONDON, May 3"));
        assert!(!names_place("Published 3 May 2019"));
        assert!(!names_place("MAY 3, 2019"));
    }
}
