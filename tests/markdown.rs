//! Markdown input: headings, paragraphs and list items become blocks; code blocks and
//! images are dropped with a reason that `plan` shows; link text is read and URLs are
//! not; emphasis joins its words into the sentence. Through the library and the binary.

mod common;

use common::*;
use narrate::pipeline::{Plan, Planner};
use narrate::read::Format;
use narrate::{BlockKind, Reason};

const ARTICLE: &str = "# Council closes the old bridge

The city council voted on *Tuesday* to close the old river bridge to all traffic for a year, after **engineers** warned that its supports had corroded.

![The old bridge at dusk](https://example.com/bridge.jpg)

## What the report found

The report, published [on the council's website](https://example.com/report), listed three problems:

- Cracks were found in three of the five main girders.
- Rust had eaten through large parts of the deck.
- The bearings had seized on the west side.

```
curl https://example.com/report.pdf
```

> We had no choice but to close it before someone got hurt, the chief engineer said.

The mayor said the town would cope, and promised a free bus service across the river until the bridge reopens.
";

fn plan(text: &str) -> Plan {
    Planner::default().plan_input("story.md", text, Format::Markdown)
}

#[test]
fn headings_paragraphs_and_list_items_are_blocks() {
    let plan = plan(ARTICLE);
    let blocks = &plan.document.blocks;
    assert_eq!(blocks[0].kind, BlockKind::Title);
    assert_eq!(blocks[0].text, "Council closes the old bridge");
    assert_eq!(blocks[0].line, 1);
    let sub = blocks
        .iter()
        .find(|b| b.text == "What the report found")
        .expect("the subheading");
    assert_eq!(sub.kind, BlockKind::Heading);
    assert_eq!(sub.line, 7);
    let kept = kept_sentences(&plan);
    for item in [
        "Council closes the old bridge",
        "What the report found",
        "Cracks were found in three of the five main girders.",
        "Rust had eaten through large parts of the deck.",
        "The bearings had seized on the west side.",
        "We had no choice but to close it before someone got hurt, the chief engineer said.",
    ] {
        assert!(kept.contains(&item.to_string()), "{item}: {kept:?}");
    }
}

#[test]
fn code_blocks_and_images_are_dropped_with_their_reason() {
    let plan = plan(ARTICLE);
    assert_eq!(
        reason_of(&plan, "curl https://example.com/report.pdf"),
        Some(Reason::Code)
    );
    assert_eq!(
        reason_of(&plan, "The old bridge at dusk"),
        Some(Reason::Image)
    );
}

#[test]
fn link_text_is_kept_urls_are_not_and_emphasis_is_joined() {
    let plan = plan(ARTICLE);
    let kept = kept_sentences(&plan).join(" ");
    assert!(kept.contains("The city council voted on Tuesday to close the old river bridge to all traffic for a year, after engineers warned that its supports had corroded."), "{kept}");
    assert!(
        kept.contains("The report, published on the council's website, listed three problems:"),
        "{kept}"
    );
    assert!(!kept.contains("example.com"), "{kept}");
    assert!(!kept.contains('*') && !kept.contains('#'), "{kept}");
}

#[test]
fn the_binary_reads_md_files_and_markdown_on_stdin() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("story.md");
    std::fs::write(&path, ARTICLE).expect("write");
    let out = narrate(&["plan", path.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("- code         curl https://example.com/report.pdf"),
        "{text}"
    );
    assert!(
        text.contains("- image        The old bridge at dusk"),
        "{text}"
    );
    let out = narrate(
        &["plan", "--json", "--format", "markdown", "-"],
        Some(ARTICLE.as_bytes()),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["title"], "Council closes the old bridge");
    // Without --format, standard input is not guessed to be Markdown.
    let out = narrate(&["plan", "--json", "-"], Some(ARTICLE.as_bytes()));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["title"], "# Council closes the old bridge");
}

#[test]
fn only_code_is_nothing_to_narrate() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("code.md");
    std::fs::write(&path, "```\nfn main() {}\n```\n").expect("write");
    let wav = dir.path().join("code.wav");
    let out = render_with_espeak(&path, &wav);
    assert_refused(&out, "nothing to narrate", &wav);
}
