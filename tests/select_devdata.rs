//! Selection on real news pages: the whole visible text of 24 pages (menus, share
//! buttons, captions, related links, footers) against the article paragraphs people
//! marked. Two figures, both asserted:
//!
//! - **recall**: the share of the article paragraphs found in the dumps that the kept
//!   text contains;
//! - **noise rejection**: a *noise unit* is a block of the dump (the title excepted)
//!   whose squeezed text (all white space removed) is not contained in the squeezed
//!   article body and contains no article paragraph; it is rejected when none of its
//!   sentences is narrated. Rejection is the share of noise units rejected.
//!
//! The data is a compressed copy of `shared/devdata` in `tests/data/devdata`
//! (`NARRATE_DEVDATA` names another folder). Run with `--nocapture` to see the figures; set `NARRATE_DEVDATA_SHOW=1`
//! to also see every missed paragraph and every noise unit that is still narrated.

mod common;

use common::*;
use narrate::document::BlockKind;
use narrate::pipeline::{Plan, Planner};
use narrate::Reason;

/// Recall this test guarantees. Measured 0.9688 (403/416): 6 of the 13 paragraphs
/// missed are posts embedded from Twitter, which the gold counts as article text and
/// narrate drops as `social`.
const MIN_RECALL: f64 = 0.96;
/// Noise rejection this test guarantees (measured 0.9952, 3940/3959; 0.9932 before the
/// noise-class rules).
const MIN_REJECTION: f64 = 0.99;

/// The text with all white space removed.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Why a missed paragraph was dropped: the reason of the first dropped sentence of the
/// first block that holds it (or that it holds).
fn missed_reason(plan: &Plan, paragraph: &str) -> Option<Reason> {
    let block = plan.document.blocks.iter().position(|b| {
        let text = fold(&b.text);
        !text.is_empty() && (text.contains(paragraph) || paragraph.contains(&text))
    })?;
    plan.sentences
        .iter()
        .filter(|s| s.sentence.block == block)
        .find_map(|s| s.decision.reason())
}

/// The noise units of a plan (see the module doc): for each, its text and whether it is
/// rejected (none of its sentences narrated).
fn noise_units(plan: &Plan, body: &str, with: &[String]) -> Vec<(String, bool)> {
    let body = squeeze(body);
    let with: Vec<String> = with.iter().map(|p| squeeze(p)).collect();
    let mut units = Vec::new();
    for (i, block) in plan.document.blocks.iter().enumerate() {
        let text = squeeze(&block.text);
        if block.kind == BlockKind::Title
            || text.is_empty()
            || body.contains(&text)
            || with.iter().any(|p| text.contains(p.as_str()))
        {
            continue;
        }
        let narrated = plan
            .sentences
            .iter()
            .any(|s| s.sentence.block == i && s.decision.keep());
        units.push((fold(&block.text), !narrated));
    }
    units
}

struct Totals {
    paragraphs: usize,
    found: usize,
    kept_words: usize,
    chrome_words: usize,
    narrated: usize,
    narrated_chrome: usize,
    noise: usize,
    rejected: usize,
    missed_social: usize,
}

#[test]
fn devdata_recall_and_chrome() {
    let show = std::env::var_os("NARRATE_DEVDATA_SHOW").is_some();
    let planner = Planner::default();
    let mut t = Totals {
        paragraphs: 0,
        found: 0,
        kept_words: 0,
        chrome_words: 0,
        narrated: 0,
        narrated_chrome: 0,
        noise: 0,
        rejected: 0,
        missed_social: 0,
    };
    let mut pages = 0;
    for page in gold_pages("txt") {
        let (name, with) = (page.name.as_str(), &page.with);
        let body = fold(&page.body);
        let plan = planner.plan_text(name, &page.text);
        let blocks = kept_blocks(&plan);
        let kept = blocks.join("\n");

        let found = with.iter().filter(|p| kept.contains(p.as_str())).count();
        let mut kept_words = 0;
        let mut chrome_words = 0;
        for b in &blocks {
            let words = b.split_whitespace().count();
            kept_words += words;
            if !body.contains(b.as_str()) {
                chrome_words += words;
            }
        }
        let narrated: Vec<_> = plan.narrated().map(|(_, s)| fold(plan.text(s))).collect();
        let narrated_chrome = narrated
            .iter()
            .filter(|s| !body.contains(s.as_str()))
            .count();
        let noise = noise_units(&plan, &page.body, with);
        let rejected = noise.iter().filter(|(_, r)| *r).count();
        for p in with.iter().filter(|p| !kept.contains(p.as_str())) {
            let reason = missed_reason(&plan, p);
            if reason == Some(Reason::Social) {
                t.missed_social += 1;
            }
            if show {
                let why = reason.map_or("not found", Reason::as_str);
                println!("  {name} MISSED ({why}): {p}");
            }
        }
        if show {
            for (unit, _) in noise.iter().filter(|(_, r)| !*r) {
                println!("  {name} NOISE KEPT: {unit}");
            }
        }
        println!(
            "{name:28} recall {found:3}/{:3}  noise rejected {rejected:3}/{:3}  chrome words {chrome_words:4}/{kept_words:5}  chrome sentences {narrated_chrome:3}/{:3}",
            with.len(),
            noise.len(),
            narrated.len()
        );
        t.noise += noise.len();
        t.rejected += rejected;
        t.paragraphs += with.len();
        t.found += found;
        t.kept_words += kept_words;
        t.chrome_words += chrome_words;
        t.narrated += narrated.len();
        t.narrated_chrome += narrated_chrome;
        pages += 1;
    }
    assert!(pages >= 20, "expected the 24 devdata pages, read {pages}");
    let recall = t.found as f64 / t.paragraphs as f64;
    let chrome = t.chrome_words as f64 / t.kept_words.max(1) as f64;
    let chrome_sentences = t.narrated_chrome as f64 / t.narrated.max(1) as f64;
    let rejection = t.rejected as f64 / t.noise.max(1) as f64;
    println!(
        "TOTAL recall {:.4} ({}/{})  noise rejected {:.4} ({}/{})",
        recall, t.found, t.paragraphs, rejection, t.rejected, t.noise
    );
    // The gold counts posts embedded from social networks as article text; narrate drops
    // them by design (reason `social`), and they are missed here.
    println!(
        "TOTAL missed paragraphs that are embedded social posts: {}",
        t.missed_social
    );
    println!(
        "TOTAL kept words not in article {:.4} ({}/{})  narrated sentences not in article {:.4} ({}/{})",
        chrome, t.chrome_words, t.kept_words,
        chrome_sentences, t.narrated_chrome, t.narrated
    );
    assert!(
        recall >= MIN_RECALL,
        "recall {recall:.4} is below {MIN_RECALL}"
    );
    assert!(
        rejection >= MIN_REJECTION,
        "noise rejection {rejection:.4} is below {MIN_REJECTION}"
    );
}
