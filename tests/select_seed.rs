//! The seed article against its gold selection: the ten story sentences narrated in
//! order, the eight chrome lines dropped, the repeated title dropped as a duplicate.

use narrate::pipeline::{Plan, Planner};
use narrate::Reason;
use std::path::PathBuf;

struct Gold {
    narrate: Vec<String>,
    drop: Vec<String>,
}

/// The seed article (`examples/article.txt`) and its gold selection
/// (`tests/data/seed/gold.json`), both copies of `shared/seed`.
fn load() -> (Plan, Gold) {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let article =
        std::fs::read_to_string(repo.join("examples/article.txt")).expect("seed article.txt");
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo.join("tests/data/seed/gold.json")).expect("seed gold.json"),
    )
    .expect("gold.json is JSON");
    let list = |key: &str| -> Vec<String> {
        gold[key]
            .as_array()
            .expect("gold list")
            .iter()
            .map(|s| s.as_str().expect("gold string").to_string())
            .collect()
    };
    let plan = Planner::default().plan_text("article.txt", &article);
    (
        plan,
        Gold {
            narrate: list("narrate"),
            drop: list("drop"),
        },
    )
}

/// Text of each block with its sentences joined, for blocks whose sentences are all
/// narrated (`true`) or all dropped (`false`); a block with mixed fates is reported.
fn blocks(plan: &Plan, narrated: bool) -> Vec<String> {
    let mut out = Vec::new();
    for (i, block) in plan.document.blocks.iter().enumerate() {
        let sentences: Vec<_> = plan
            .sentences
            .iter()
            .filter(|s| s.sentence.block == i)
            .collect();
        let kept = sentences.iter().filter(|s| s.decision.keep()).count();
        assert!(
            kept == 0 || kept == sentences.len(),
            "block {i} is partly narrated: {}",
            block.text
        );
        if !sentences.is_empty() && (kept > 0) == narrated {
            out.push(block.text.clone());
        }
    }
    out
}

#[test]
fn seed_sentences_match_gold_exactly() {
    let (plan, gold) = load();
    let narrated: Vec<String> = plan
        .narrated()
        .map(|(_, s)| plan.text(s).to_string())
        .collect();
    assert_eq!(narrated, gold.narrate);
    let dropped: Vec<String> = plan
        .sentences
        .iter()
        .filter(|s| !s.decision.keep())
        .map(|s| plan.text(s).to_string())
        .collect();
    let mut expected = vec![gold.narrate[0].clone()];
    expected.extend(gold.drop.iter().cloned());
    assert_eq!(dropped, expected);
}

#[test]
fn seed_blocks_match_gold() {
    let (plan, gold) = load();
    // Narrated and dropped text, a block at a time: right whatever the segmenter does.
    assert_eq!(blocks(&plan, true), gold.narrate);
    let mut expected = vec![gold.narrate[0].clone()];
    expected.extend(gold.drop.iter().cloned());
    assert_eq!(blocks(&plan, false), expected);
    // The repeated title is dropped as a duplicate; every drop has a reason.
    let first_drop = plan
        .sentences
        .iter()
        .find(|s| !s.decision.keep())
        .expect("something is dropped");
    assert_eq!(first_drop.decision.reason(), Some(Reason::Duplicate));
    assert_eq!(plan.title(), Some(gold.narrate[0].as_str()));
}
