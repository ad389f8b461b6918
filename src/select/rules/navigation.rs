//! Drops what is around and between the story rather than in it: menus, lists of other
//! headlines, teaser blurbs, footers. It drops only where the document shows page chrome
//! and only on evidence of place; shortness alone never drops a line.
//!
//! 0. **Evidence first.** A document in which neither the reader nor an earlier rule
//!    found page chrome (menus, share, subscription or ad boxes, cross-links, legal
//!    lines) is a clean article: every block of it is story, short headings, one-line
//!    paragraphs and a short last section included, and this rule drops nothing.
//!
//! Otherwise a jusText-style classifier on blocks (jusText works on HTML; narrate gets
//! plain text too, so this is a hand-written variant):
//!
//! 1. Each block still narrated is *good* (a sentence: final punctuation and at least
//!    seven words), *near-good* (a short finished sentence, or a long unfinished one),
//!    *short* (a label, a menu item, a headline, a subheading) or *repeated* (a short
//!    line that stands more than once in the document: a section label or a teaser's
//!    headline that the layout repeats). Blocks dropped by earlier rules count as
//!    chrome; duplicates are skipped.
//! 2. Short blocks are decided by their context, as the classic boilerplate classifiers
//!    do: one or two short lines followed by text are a subheading, which costs nothing;
//!    three or more in a row are a list of links; a lone chrome line between paragraphs
//!    ("Advertisement") interrupts the story at little cost.
//! 3. The story is the stretch of blocks with the best balance of text against short,
//!    repeated and chrome blocks (a maximum-sum run), widened to strong text beside it;
//!    everything outside it is the page around the story: short blocks there are
//!    `navigation`, sentences there (teasers) `boilerplate`. Inside it, text and
//!    subheadings are kept, and runs of list lines dropped as navigation.
//!
//! The title is kept unless it starts a run of short blocks (a menu), or is a site name:
//! fewer than four words not followed by story text.
//!
//! Blocks the reader marked as not story (HTML outside the article) take no part: the
//! rule judges the text the reader left, as it judges a whole text file. Blocks the
//! reader marked as quoted (a block quote) are story text however short.

use super::duplicate::fingerprint;
use crate::document::BlockKind;
use crate::select::blocks::{
    alive, drop_block, ends_sentence, reason, sentence_ranges, word_count,
};
use crate::select::{Context, Decision, Reason, Rule};
use std::collections::HashMap;

pub struct Navigation;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Good,
    Near,
    /// A long line without final punctuation: a paragraph that lost its full stop, or a
    /// teaser under a headline.
    Long,
    Short,
    /// Dropped by an earlier rule as page chrome.
    Bad,
    /// Dropped by an earlier rule as picture or link furniture, which stories carry.
    Furniture,
    /// Quoted text (the reader saw a block quote): story, whatever its length.
    Quote,
    /// An entry of a list the author wrote (the reader saw a list item): text,
    /// whatever its length, where it stands in the story.
    Item,
    /// A short line that stands more than once in the document: a section label or a
    /// teaser's headline that the page's layout repeats. Never a subheading.
    Repeated,
}

/// A good block scores its length in characters up to this.
const GOOD_CAP: i64 = 400;
/// What a short block costs.
const PENALTY: i64 = 60;
/// What a block dropped by a pattern rule costs: captions, credits and cross-links sit
/// inside stories, so they cost little.
const BAD: i64 = 10;
/// A run of more short blocks than this is a list, not a subheading.
const MAX_HEADING_RUN: usize = 2;

fn classify(text: &str) -> Class {
    let words = word_count(text);
    let finished = ends_sentence(text);
    if finished && words >= 7 {
        Class::Good
    } else if finished && words >= 2 {
        Class::Near
    } else if words >= 12 {
        Class::Long
    } else {
        Class::Short
    }
}

fn score(class: Class, text: &str) -> i64 {
    match class {
        Class::Good | Class::Near | Class::Quote | Class::Item => {
            (text.chars().count() as i64).min(GOOD_CAP)
        }
        Class::Long => 0,
        Class::Short => -PENALTY,
        // Layout, not writing: counts twice against the text around it.
        Class::Repeated => -2 * PENALTY,
        Class::Bad => -PENALTY,
        Class::Furniture => -BAD,
    }
}

/// The maximum-sum run of `scores` (inclusive bounds), if any score is positive.
fn best_run(scores: &[i64]) -> Option<(usize, usize)> {
    let mut best: Option<(i64, usize, usize)> = None;
    let mut sum = 0;
    let mut start = 0;
    for (i, &s) in scores.iter().enumerate() {
        if sum <= 0 {
            sum = 0;
            start = i;
        }
        sum += s;
        if sum > 0 && best.is_none_or(|(b, _, _)| sum > b) {
            best = Some((sum, start, i));
        }
    }
    best.map(|(_, s, e)| (s, e))
}

/// Reasons that show a page was copied with its chrome: menus, teasers, share and
/// subscription boxes, legal lines. Captions, credits, bylines, stamps, code and
/// images belong to clean articles too, and duplicates to any text.
fn is_chrome(reason: Reason) -> bool {
    matches!(
        reason,
        Reason::Navigation
            | Reason::Boilerplate
            | Reason::CrossLink
            | Reason::Promo
            | Reason::Copyright
    )
}

/// Whether the document shows page chrome: a block the reader marked as chrome, or a
/// sentence an earlier rule dropped as chrome. Without it there is no evidence that
/// anything around the text is not story, and nothing is dropped for its place.
fn shows_chrome(cx: &Context<'_>, decisions: &[Decision]) -> bool {
    cx.doc
        .blocks
        .iter()
        .filter_map(|b| b.dropped)
        .any(|f| is_chrome(f.into()))
        || decisions.iter().filter_map(|d| d.reason()).any(is_chrome)
}

/// Whether block `k` of `seq` stands alone between text: neither neighbour is chrome,
/// a short line or a repeated one.
fn isolated(seq: &[(usize, Class)], k: usize) -> bool {
    let text = |c: Class| {
        matches!(
            c,
            Class::Good | Class::Near | Class::Long | Class::Quote | Class::Item | Class::Furniture
        )
    };
    k > 0
        && text(seq[k - 1].1)
        && seq
            .get(k + 1)
            .is_some_and(|&(_, c)| text(c) || c == Class::Short)
}

/// Which blocks of `seq` are subheadings: short blocks in a run of at most
/// [`MAX_HEADING_RUN`] that text follows (a sentence, a long line or a quote). A
/// heading followed by story text is story; it costs nothing in the story's score.
fn headings(seq: &[(usize, Class)]) -> Vec<bool> {
    let mut heads = vec![false; seq.len()];
    let mut k = 0;
    while k < seq.len() {
        if seq[k].1 != Class::Short {
            k += 1;
            continue;
        }
        let mut end = k;
        while end + 1 < seq.len() && seq[end + 1].1 == Class::Short {
            end += 1;
        }
        let text_follows = seq.get(end + 1).is_some_and(|&(_, c)| {
            matches!(
                c,
                Class::Good | Class::Near | Class::Long | Class::Quote | Class::Item
            )
        });
        if end - k < MAX_HEADING_RUN && text_follows {
            heads[k..=end].fill(true);
        }
        k = end + 1;
    }
    heads
}

/// A run of text at least this strong beside the story joins it...
const JOIN_MIN: i64 = 150;

/// The story's span: the best run, widened to strong runs beside it when the short
/// blocks between them (an inline list of links, a gallery) cost less than twice what
/// the run brings.
fn story_span(scores: &[i64]) -> Option<(usize, usize)> {
    let (mut first, mut last) = best_run(scores)?;
    loop {
        let mut grown = false;
        if let Some((s, e)) = best_run(&scores[last + 1..]) {
            let (s, e) = (last + 1 + s, last + 1 + e);
            let gain: i64 = scores[s..=e].iter().sum();
            let gap: i64 = scores[last + 1..s].iter().sum();
            if gain >= JOIN_MIN && gain + gap / 2 > 0 {
                last = e;
                grown = true;
            }
        }
        if let Some((s, e)) = best_run(&scores[..first]) {
            let gain: i64 = scores[s..=e].iter().sum();
            let gap: i64 = scores[e + 1..first].iter().sum();
            if gain >= JOIN_MIN && gain + gap / 2 > 0 {
                first = s;
                grown = true;
            }
        }
        if !grown {
            return Some((first, last));
        }
    }
}

impl Rule for Navigation {
    fn name(&self) -> &'static str {
        "navigation"
    }

    fn apply(&self, cx: &Context<'_>, decisions: &mut [Decision]) {
        // A document without page chrome is the story, all of it: short headings, short
        // paragraphs and a short last section included.
        if !shows_chrome(cx, decisions) {
            return;
        }
        let ranges = sentence_ranges(cx);
        let blocks = &cx.doc.blocks;
        // The blocks that take part, in order, with their class; duplicates and blocks
        // without sentences are skipped.
        // A copy of a real title (scraped twice) is left for the duplicate rule.
        let title = blocks
            .iter()
            .position(|b| b.kind == BlockKind::Title)
            .filter(|&i| alive(decisions, &ranges[i]) && word_count(&blocks[i].text) >= 4)
            .map(|i| (i, fingerprint(&blocks[i].text)));
        // Copies are counted among the blocks this rule judges: a section heading that a
        // table of contents the reader set aside also lists is not repeated layout.
        let mut copies: HashMap<String, usize> = HashMap::new();
        for (i, range) in ranges.iter().enumerate() {
            if !range.is_empty() && blocks[i].dropped.is_none() {
                *copies.entry(fingerprint(&blocks[i].text)).or_default() += 1;
            }
        }
        let mut seq: Vec<(usize, Class)> = Vec::new();
        for (i, range) in ranges.iter().enumerate() {
            // Blocks the reader already knows are not story (HTML outside the article,
            // in a figure or a menu) are the page around the text this rule judges.
            if range.is_empty() || blocks[i].dropped.is_some() {
                continue;
            }
            if let Some((t, key)) = &title {
                if *t != i && fingerprint(&blocks[i].text) == *key {
                    continue;
                }
            }
            let class = if alive(decisions, range) && blocks[i].quoted {
                Class::Quote
            } else if alive(decisions, range) && blocks[i].item {
                Class::Item
            } else if alive(decisions, range) {
                match classify(&blocks[i].text) {
                    Class::Short if copies[&fingerprint(&blocks[i].text)] > 1 => Class::Repeated,
                    class => class,
                }
            } else if reason(decisions, range) == Some(Reason::Duplicate) {
                continue;
            } else if matches!(
                reason(decisions, range),
                Some(Reason::Caption | Reason::Credit | Reason::CrossLink)
            ) {
                Class::Furniture
            } else {
                Class::Bad
            };
            seq.push((i, class));
        }
        let title_at = seq.iter().position(|&(i, c)| {
            blocks[i].kind == BlockKind::Title && !matches!(c, Class::Bad | Class::Furniture)
        });
        let kept = |c: Class| {
            matches!(
                c,
                Class::Good | Class::Near | Class::Long | Class::Quote | Class::Item
            )
        };
        let heads = headings(&seq);
        let scores: Vec<i64> = seq
            .iter()
            .enumerate()
            .map(|(k, &(i, c))| {
                if Some(k) == title_at || heads[k] {
                    0
                } else if c == Class::Bad && isolated(&seq, k) {
                    // One chrome line between paragraphs ("Advertisement") interrupts
                    // the story; it does not end it.
                    -BAD
                } else {
                    score(c, &blocks[i].text)
                }
            })
            .collect();
        let (mut first, last) = story_span(&scores).unwrap_or((1, 0));
        // A standfirst: unfinished lines of text (a summary that lost its full stop)
        // between the headline and the lede open the story.
        if let Some(t) = title_at {
            if t < first && seq[t + 1..first].iter().all(|&(_, c)| c == Class::Long) {
                first = t + 1;
            }
        }

        let mut verdicts: Vec<Option<Reason>> = vec![None; seq.len()];
        let mut k = 0;
        while k < seq.len() {
            let (_, class) = seq[k];
            let inside = first <= k && k <= last;
            match class {
                Class::Bad | Class::Furniture | Class::Quote => {}
                Class::Repeated => verdicts[k] = Some(Reason::Navigation),
                Class::Good | Class::Near | Class::Long => {
                    if !inside {
                        verdicts[k] = Some(Reason::Boilerplate);
                    }
                }
                Class::Item => {
                    if !inside {
                        verdicts[k] = Some(Reason::Navigation);
                    }
                }
                Class::Short => {
                    let mut end = k;
                    while end + 1 < seq.len() && seq[end + 1].1 == Class::Short {
                        end += 1;
                    }
                    // A heading stays when the text it introduces is story.
                    let heading = heads[k] && first <= end + 1 && end < last;
                    if !heading {
                        for v in &mut verdicts[k..=end] {
                            *v = Some(Reason::Navigation);
                        }
                    }
                    k = end;
                }
            }
            k += 1;
        }

        // Headlines without final punctuation mixed with labels: a list of links, even
        // where some of its lines are long.
        let mut k = 0;
        while k < seq.len() {
            let mut end = k;
            while end < seq.len()
                && matches!(seq[end].1, Class::Short | Class::Repeated | Class::Long)
            {
                end += 1;
            }
            let run = &seq[k..end];
            let shorts = run
                .iter()
                .filter(|&&(_, c)| matches!(c, Class::Short | Class::Repeated))
                .count();
            if run.len() > MAX_HEADING_RUN && shorts >= 2 {
                for v in &mut verdicts[k..end] {
                    v.get_or_insert(Reason::Navigation);
                }
            }
            k = end.max(k + 1);
        }

        if let Some(t) = title_at {
            let (i, _) = seq[t];
            let menu_follows = seq
                .get(t + 1..t + 3)
                .is_some_and(|next| next.iter().all(|&(_, c)| c == Class::Short));
            // A short title is a site name unless the story starts right after it.
            // A title alone (`echo "Hello world." | narrate render -`) is the text.
            let story_follows = seq.get(t + 1).is_none_or(|&(_, c)| kept(c));
            let site_name = word_count(&blocks[i].text) < 4 && !story_follows;
            verdicts[t] = (site_name || menu_follows).then_some(Reason::Navigation);
        }

        for (&(i, _), verdict) in seq.iter().zip(verdicts) {
            if let Some(reason) = verdict {
                drop_block(decisions, &ranges[i], reason);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::pipeline::Planner;

    fn kept(text: &str) -> Vec<String> {
        let plan = Planner::default().plan_text("t", text);
        plan.sentences
            .iter()
            .filter(|s| s.decision.keep())
            .map(|s| plan.text(s).to_string())
            .collect()
    }

    #[test]
    fn menus_and_link_lists_go_subheadings_stay() {
        let page = "News Site\n\nHome\nWorld\nPolitics\nBusiness\nSport\n\nThe council voted on Tuesday to close the old bridge to traffic for a year.\n\nEngineers had warned that the structure was no longer safe for heavy lorries.\n\nWhat happens next\n\nRepairs will start in the spring and should be finished by the end of the year.\n\nMost read\nMan bites dog in city centre\nLocal team wins cup\nWeather warning issued for weekend\n\nThe mayor said the town would cope with the disruption.\n\nShopkeepers on the high street said they feared losing customers during the long closure.\n\nThe council promised a free bus service across the river until the bridge reopens next year.\n\nAbout us\nContact\nJobs\n";
        let kept = kept(page);
        assert!(kept.contains(&"What happens next".to_string()));
        assert!(
            kept.contains(&"The mayor said the town would cope with the disruption.".to_string())
        );
        for chrome in [
            "News Site",
            "Home",
            "Most read",
            "Local team wins cup",
            "About us",
        ] {
            assert!(!kept.contains(&chrome.to_string()), "{chrome}");
        }
    }

    #[test]
    fn a_real_title_is_kept() {
        let kept = kept("Council votes to close the old bridge\n\nThe council voted on Tuesday to close the old bridge to traffic for a year.\n");
        assert_eq!(kept[0], "Council votes to close the old bridge");
    }

    #[test]
    fn a_short_title_before_the_story_is_kept_a_site_name_is_not() {
        let kept_ = kept("Tesla cuts prices\n\nThe carmaker cut prices again on Monday, its third cut this year.\n");
        assert_eq!(kept_[0], "Tesla cuts prices");
        assert_eq!(kept("Hello world.\n"), vec!["Hello world."]);
        let kept_ = kept("Daily Planet\n\nHome\nWorld\nSport\n\nThe carmaker cut prices again on Monday, its third cut this year.\n");
        assert!(!kept_.contains(&"Daily Planet".to_string()), "{kept_:?}");
    }

    #[test]
    fn without_chrome_every_line_is_story() {
        let text = "Notes from the allotment\n\nBeans\n\nUp at last.\n\nSlugs\nSnails\nPigeons\n\nAll three came.\n";
        assert_eq!(
            kept(text),
            [
                "Notes from the allotment",
                "Beans",
                "Up at last.",
                "Slugs",
                "Snails",
                "Pigeons",
                "All three came."
            ]
        );
    }

    #[test]
    fn a_heading_and_a_short_last_section_after_an_advert_line_stay() {
        let page = "Town news\n\nHome\nWeather\nSport\nJobs\n\nThe market moves to the square on Saturday, the council said.\n\nStalls will open an hour earlier than before.\n\nAdvertisement\n\nParking\n\nThe car park is shut.\n\nPrivacy\nContact us\nCareers\n";
        let kept = kept(page);
        assert!(kept.contains(&"Parking".to_string()), "{kept:?}");
        assert!(
            kept.contains(&"The car park is shut.".to_string()),
            "{kept:?}"
        );
        assert!(!kept.contains(&"Careers".to_string()), "{kept:?}");
        assert!(!kept.contains(&"Weather".to_string()), "{kept:?}");
    }

    #[test]
    fn labels_the_layout_repeats_and_their_teasers_go() {
        let page = "Harbour plan approved\n\nHome\nNews\nSport\n\nThe harbour plan was approved on Monday after a long debate in the chamber.\n\nWork starts in May and will take two years to finish, the council said.\n\nBusiness Desk\nShop rents rise again\nRents in the old town rose for a third year running, agents said on Friday.\nBusiness Desk\nBakery changes hands\nThe family that ran it for forty years has sold it to a regional chain.\nBusiness Desk\n";
        let kept = kept(page);
        assert!(
            kept.iter().any(|s| s.starts_with("Work starts in May")),
            "{kept:?}"
        );
        for teaser in [
            "Business Desk",
            "Shop rents rise again",
            "Bakery changes hands",
        ] {
            assert!(!kept.contains(&teaser.to_string()), "{teaser}: {kept:?}");
        }
        assert!(
            !kept.iter().any(|s| s.starts_with("Rents in the old town")),
            "{kept:?}"
        );
    }
}
