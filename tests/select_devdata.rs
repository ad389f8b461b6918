//! Selection on real news pages: the whole visible text of 24 pages (menus, share
//! buttons, captions, related links, footers) against the article paragraphs people
//! marked. The kept text must contain at least 95% of the article paragraphs that occur
//! in the dumps; the chrome that is still kept is measured and printed.
//!
//! The data is a compressed copy of `shared/devdata` in `tests/data/devdata`
//! (`NARRATE_DEVDATA` names another folder). Run with `--nocapture` to see the figures; set `NARRATE_DEVDATA_SHOW=1`
//! to also see every missed paragraph and every kept line that is not in the article.

mod common;

use common::*;
use narrate::pipeline::Planner;

struct Totals {
    paragraphs: usize,
    found: usize,
    kept_words: usize,
    chrome_words: usize,
    narrated: usize,
    narrated_chrome: usize,
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
                if show {
                    println!("  {name} KEPT CHROME: {b}");
                }
            }
        }
        let narrated: Vec<_> = plan.narrated().map(|(_, s)| fold(plan.text(s))).collect();
        let narrated_chrome = narrated
            .iter()
            .filter(|s| !body.contains(s.as_str()))
            .count();
        if show {
            for p in with.iter().filter(|p| !kept.contains(p.as_str())) {
                println!("  {name} MISSED: {p}");
            }
        }
        println!(
            "{name:28} recall {found:3}/{:3}  chrome words {chrome_words:4}/{kept_words:5}  chrome sentences {narrated_chrome:3}/{:3}",
            with.len(),
            narrated.len()
        );
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
    println!(
        "TOTAL recall {:.4} ({}/{})  kept words not in article {:.4} ({}/{})  narrated sentences not in article {:.4} ({}/{})",
        recall, t.found, t.paragraphs, chrome, t.chrome_words, t.kept_words,
        chrome_sentences, t.narrated_chrome, t.narrated
    );
    assert!(recall >= 0.95, "recall {recall:.4} is below 0.95");
}
