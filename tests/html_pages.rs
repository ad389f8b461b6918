//! Long pages of the kinds on which an extractor settles on one part of the story (the
//! intro, one section, the notes): an encyclopaedia article, a documentation page, a long
//! blog post and a report, each written for issue 12 as its generator writes pages
//! (`tests/data/html/NAME.html`), with what narrate must do with each of its blocks
//! (`NAME.gold`): story narrated in every section, chrome dropped, code dropped as code.
//!
//! A story line (`+`) must be in the narrated text (compared without white space). A
//! chrome line (`-`) is matched to the blocks whose text it is (or, for a line of at
//! least 30 characters, that hold it): there must be one, and none of its sentences may
//! be narrated. A heading line (`#`) must be a heading block the reader kept as story,
//! and a `~` line a block the reader kept; whether those short lines are then narrated
//! is the navigation rule's decision, printed but not asserted here. Run with
//! `--nocapture` to see the figures per page.

mod common;

use common::*;
use narrate::document::{Block, BlockKind};
use narrate::pipeline::{Plan, Planner};
use narrate::read::Format;
use narrate::Reason;

/// The text without white space.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// One line of a gold file.
enum Expect {
    Story(String),
    Heading(String),
    ReaderStory(String),
    Chrome(String),
    Code(String),
}

fn gold(name: &str) -> Vec<Expect> {
    let path = repo().join(format!("tests/data/html/{name}.gold"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("//"))
        .filter_map(|l| {
            let (mark, rest) = l.split_once(' ')?;
            let rest = rest.to_string();
            Some(match mark {
                "+" => Expect::Story(rest),
                "#" => Expect::Heading(rest),
                "~" => Expect::ReaderStory(rest),
                "-" => Expect::Chrome(rest),
                "-code" => Expect::Code(rest),
                _ => return None,
            })
        })
        .collect()
}

fn page(name: &str) -> Plan {
    let path = repo().join(format!("tests/data/html/{name}.html"));
    let html = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Planner::default().plan_input(&format!("{name}.html"), &html, Format::Html)
}

/// The blocks whose text is `line` (or holds it, for a long line), with their index.
fn blocks_of<'a>(plan: &'a Plan, line: &str) -> Vec<(usize, &'a Block)> {
    let want = squeeze(line);
    plan.document
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| {
            let text = squeeze(&b.text);
            text == want || (want.chars().count() >= 30 && text.contains(&want))
        })
        .collect()
}

fn narrated(plan: &Plan, block: usize) -> bool {
    plan.sentences
        .iter()
        .any(|s| s.sentence.block == block && s.decision.keep())
}

fn check(name: &str) {
    let plan = page(name);
    let kept = squeeze(&kept_blocks(&plan).join("\n"));
    let mut failures = Vec::new();
    let (mut story, mut found, mut chrome, mut rejected) = (0, 0, 0, 0);
    let (mut short, mut short_narrated) = (0, 0);
    for expect in gold(name) {
        match &expect {
            Expect::Story(line) => {
                story += 1;
                if kept.contains(&squeeze(line)) {
                    found += 1;
                } else {
                    failures.push(format!("story not narrated: {line}"));
                }
            }
            Expect::Heading(line) | Expect::ReaderStory(line) => {
                short += 1;
                let heading = matches!(expect, Expect::Heading(_));
                let blocks = blocks_of(&plan, line);
                let kept = blocks.iter().any(|(_, b)| {
                    b.dropped.is_none() && (!heading || b.kind == BlockKind::Heading)
                });
                if !kept {
                    failures.push(format!("not a story block of the reader: {line}"));
                }
                if blocks.iter().any(|&(i, _)| narrated(&plan, i)) {
                    short_narrated += 1;
                }
            }
            Expect::Chrome(line) => {
                chrome += 1;
                let blocks = blocks_of(&plan, line);
                if blocks.is_empty() {
                    failures.push(format!("no such block: {line}"));
                } else if blocks.iter().any(|&(i, _)| narrated(&plan, i)) {
                    failures.push(format!("chrome narrated: {line}"));
                } else {
                    rejected += 1;
                }
            }
            Expect::Code(line) => {
                chrome += 1;
                let blocks = blocks_of(&plan, line);
                let code = !blocks.is_empty()
                    && blocks.iter().all(|&(i, _)| {
                        plan.sentences
                            .iter()
                            .filter(|s| s.sentence.block == i)
                            .all(|s| s.decision.reason() == Some(Reason::Code))
                    });
                if code {
                    rejected += 1;
                } else {
                    failures.push(format!("not dropped as code: {line}"));
                }
            }
        }
    }
    println!(
        "{name:14} story {found}/{story}  chrome rejected {rejected}/{chrome}  headings and standfirsts narrated {short_narrated}/{short}"
    );
    assert!(story > 0 && chrome > 0, "{name}: an empty gold file");
    assert!(failures.is_empty(), "{name}:\n{}", failures.join("\n"));
}

#[test]
fn an_encyclopaedia_article_is_read_in_every_section() {
    check("encyclopaedia");
}

#[test]
fn a_documentation_page_is_read_without_its_code_or_sidebar() {
    check("docs");
}

#[test]
fn a_long_blog_post_is_read_without_comments_or_widgets() {
    check("blog");
}

#[test]
fn a_report_is_read_without_its_bibliography() {
    check("report");
}
