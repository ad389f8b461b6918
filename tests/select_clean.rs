//! Story text that is short is still story. Two sets of documents written for this:
//!
//! - `tests/data/clean/`: articles without any page chrome (Markdown, an HTML
//!   `<article>`, plain text) with short headings, one-line paragraphs, a short last
//!   section, an interview of one-line questions and answers, lists and a letter's
//!   greeting and sign-off. Every sentence of them is narrated.
//! - `tests/data/wrapped/`: short stories inside a copied page (menus, share buttons,
//!   an "Advertisement" line between sections, teaser lists, footers), as text dumps
//!   HTML and Markdown. `NAME.story` lists the sentences to narrate after the title, one a line;
//!   everything else is dropped.

mod common;

use common::{kept_sentences, repo};
use narrate::pipeline::{Plan, Planner};
use narrate::read::Format;
use narrate::BlockKind;
use std::path::Path;

fn plan(path: &Path) -> Plan {
    let text = std::fs::read_to_string(path).expect("a fixture");
    let format = Format::from_extension(path).expect("a fixture's extension names its format");
    Planner::default().plan_input(&path.display().to_string(), &text, format)
}

fn fixtures(folder: &str, exts: &[&str]) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = std::fs::read_dir(repo().join("tests/data").join(folder))
        .expect("the fixture folder")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| exts.iter().any(|x| e == *x)))
        .collect();
    paths.sort();
    paths
}

#[test]
fn clean_documents_keep_every_sentence() {
    let docs = fixtures("clean", &["md", "html", "txt"]);
    assert!(docs.len() >= 7, "{docs:?}");
    for path in docs {
        let plan = plan(&path);
        let dropped: Vec<String> = plan
            .sentences
            .iter()
            .filter(|s| !s.decision.keep())
            .map(|s| format!("{:?}: {}", s.decision.reason(), plan.text(s)))
            .collect();
        assert!(dropped.is_empty(), "{}: {dropped:#?}", path.display());
        assert!(plan.narrated().count() >= 5, "{}", path.display());
    }
}

#[test]
fn short_story_text_inside_a_page_is_kept_and_the_page_dropped() {
    let pages = fixtures("wrapped", &["txt", "html", "md"]);
    assert!(pages.len() >= 3, "{pages:?}");
    for path in pages {
        let story = std::fs::read_to_string(path.with_extension("story")).expect("NAME.story");
        let expected: Vec<&str> = story.lines().filter(|l| !l.is_empty()).collect();
        let plan = plan(&path);
        let title = plan
            .document
            .blocks
            .iter()
            .position(|b| b.kind == BlockKind::Title);
        let kept: Vec<String> = plan
            .narrated()
            .filter(|(_, s)| Some(s.sentence.block) != title)
            .map(|(_, s)| plan.text(s).to_string())
            .collect();
        assert_eq!(kept, expected, "{}", path.display());
        assert!(kept_sentences(&plan).len() <= expected.len() + 1);
    }
}
