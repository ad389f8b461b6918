//! Drops posts embedded from social networks. A page that embeds a tweet or an Instagram
//! post dumps it as its text, a link to its picture ("pic.twitter.com/…"), a signature
//! ("— Jane Doe (@janedoe) May 3, 2019", "A post shared by Jane Doe (@janedoe) on May 3,
//! 2019 at 10:02am PDT") and the widget's labels ("View this post on Instagram"). Read
//! aloud it repeats, without its context, what the story says in prose, and spells out
//! links and handles.
//!
//! Signals, all of form: a picture link or a short link of the network; a signature (a
//! name, a bracketed handle and a date, after a dash or "A post shared by"); a widget
//! label. The post's own text goes with it when it is no longer than a post can be: the
//! block right before a tweet's signature that stands alone ("— Name (@handle) date"),
//! or a block framed by two lines of a widget ("View this post on Instagram", the text,
//! "A post shared by …"); a story paragraph before a lone "A post shared by" line stays. A story sentence that
//! quotes a post in prose ("Omar wrote on Twitter that …") has none of these and is
//! kept.
//!
//! A post the reader saw as a block quote of the story (an HTML `<blockquote>`, a
//! Markdown `>`) is the story quoting it, as the page's markup says, and is read like
//! any quotation; the rule drops posts where nothing marks them as quoted, as in a
//! text dump of a page, where a post cannot be told from the page's social widgets. Hand-written: no crate knows the shape of embedded posts in scraped text.

use crate::select::blocks::{alive, drop_block, sentence_ranges, word_count};
use crate::select::{Context, Decision, Reason, Rule};
use regex::Regex;
use std::sync::LazyLock;

pub struct Social;

/// Links only an embedded post carries.
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bpic\.twitter\.com/[A-Za-z0-9_]+|\bhttps?://t\.co/[A-Za-z0-9_]+|\binstagram\.com/p/[A-Za-z0-9_]+")
        .expect("social link pattern")
});

/// A date as a signature gives it: "May 3, 2019", "3 May 2019", "2019-05-03".
const DATE: &str = r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+[0-9]{1,2},?\s+[0-9]{4}|[0-9]{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2})";

/// The signature of an embedded post.
static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?xi)
        (^|\s)[—–-]+\s*[^()\n]{{1,80}}\(@[A-Za-z0-9_]{{1,30}}\)\s*(on\s+)?{DATE}
        | ^a\ post\ shared\ by\b
        | ^[—–-]+\s*[^()\n]{{1,80}}\(@[A-Za-z0-9_]{{1,30}}\)\s*$
        "
    ))
    .expect("signature pattern")
});

/// Labels of the embedding widgets.
static WIDGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        ^(view|see)\ (this|the|more)\ (post|photo|video)s?\ on\ (instagram|facebook|twitter|x|tiktok|threads)\b
        | ^(view|see)\ more\ on\ (instagram|facebook|twitter|tiktok)$
        | ^see\ more\ of\ .{1,60}\ on\ (instagram|facebook|twitter|tiktok)$
        | ^[0-9][0-9,.]*\s*[km]?\s+(people\ are\ talking\ about\ this|likes|retweets|views)$
        | ^twitter\ ads\ info\ and\ privacy$
        | ^see\ .{1,60}['’]s?\ other\ tweets$
        | ^replying\ to\ @[A-Za-z0-9_]+
        | ^embedded\ (video|post|tweet|content)$
        | ^(watch|view)\ on\ (youtube|instagram|facebook|tiktok|twitter)$
        | ^♬
        | ^(@[A-Za-z0-9_]{1,30}[\s,]*)+$
        ",
    )
    .expect("widget pattern")
});

/// A post is never longer than this (in words): 280 characters, with room to spare.
const POST_WORDS: usize = 70;

/// Whether a line, on its own, is part of an embedded post.
pub fn is_social(text: &str) -> bool {
    let t = text.trim();
    if word_count(t) > POST_WORDS + 20 {
        return false;
    }
    LINK.is_match(t) || SIGNATURE.is_match(t) || WIDGET.is_match(t)
}

/// Whether a line is a tweet's signature standing alone ("— Name (@handle) date"), so
/// that the post's text is the block before it.
fn is_lone_signature(text: &str) -> bool {
    let t = text.trim();
    t.starts_with(['—', '–', '-']) && SIGNATURE.is_match(t)
}

impl Rule for Social {
    fn prepare(&self) {
        LazyLock::force(&LINK);
        LazyLock::force(&SIGNATURE);
        LazyLock::force(&WIDGET);
    }

    fn name(&self) -> &'static str {
        "social"
    }

    fn apply(&self, cx: &Context<'_>, decisions: &mut [Decision]) {
        let ranges = sentence_ranges(cx);
        let blocks = &cx.doc.blocks;
        let mut drops = vec![false; blocks.len()];
        for (i, block) in blocks.iter().enumerate() {
            if ranges[i].is_empty() || block.quoted || !is_social(&block.text) {
                continue;
            }
            drops[i] = true;
            // The post's text: before a tweet's signature, or between an Instagram
            // widget's label and its "A post shared by" line.
            let mut before = (0..i).rev().filter(|&j| !ranges[j].is_empty());
            let Some(body) = before.next() else {
                continue;
            };
            let framed = before.next().is_some_and(|j| is_social(&blocks[j].text));
            if word_count(&blocks[body].text) <= POST_WORDS
                && !blocks[body].quoted
                && !is_social(&blocks[body].text)
                && (is_lone_signature(&block.text) || framed)
            {
                drops[body] = true;
            }
        }
        for (i, range) in ranges.iter().enumerate() {
            if drops[i] && alive(decisions, range) {
                drop_block(decisions, range, Reason::Social);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_embed_lines() {
        assert!(is_social("Big day for the team! pic.twitter.com/Ab12Cd34"));
        assert!(is_social("— Jane Doe (@janedoe) May 3, 2019"));
        assert!(is_social(
            "A post shared by Jane Doe (@janedoe) on May 3, 2019 at 10:02am PDT"
        ));
        assert!(is_social("View this post on Instagram"));
        assert!(!is_social(
            "Doe wrote on Twitter on May 3, 2019, that the team had earned its win."
        ));
        assert!(!is_social(
            "The club - founded in 1901 - won on May 3, 2019."
        ));
    }
}
