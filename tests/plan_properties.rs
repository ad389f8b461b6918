//! Properties of a plan that hold for every input: text is never invented or silently
//! lost between reading and narrating, and no sentence is punctuation only.
//!
//! - The sentences of a plain-text input, kept and dropped together, in order, give back
//!   every character of the input but its white space (the reader folds white space).
//! - No sentence is made of punctuation (and list-marker digits) alone: a listener
//!   would hear nothing, and `plan` would show a line of dots. The one exception is a
//!   block with no letter at all (a separator line "* * *", a menu icon "☰", a lone "7."),
//!   whose text is its one sentence, shown in `plan` and never narrated.
//! - `--keep all` narrates every sentence of the plan and changes no span.
//!
//! Checked on generated page dumps (story sentences with abbreviations, numbers, quotes
//! and ellipses, menu lines, captions, credits, promos, list markers), on the seed and on
//! the development set's text dumps and HTML pages.

mod common;

use narrate::pipeline::{Keep, Plan, Planner};
use narrate::read::Format;
use proptest::prelude::*;

fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every sentence's text, kept or dropped, in plan order, without white space.
fn planned_text(plan: &Plan) -> String {
    plan.sentences
        .iter()
        .map(|s| squeezed(plan.text(s)))
        .collect()
}

/// No letter, and no digit but those of a bare list marker ("7.", "(12)", "3.)").
fn punctuation_only(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let marker = (1..=3).contains(&digits)
        && text
            .trim_start_matches('(')
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .chars()
            .all(|c| matches!(c, '.' | ')'))
        && text.ends_with(['.', ')']);
    !text.chars().any(char::is_alphabetic) && (digits == 0 || marker)
}

fn check(plan: &Plan) {
    for s in &plan.sentences {
        let text = plan.text(s);
        assert!(
            !text.trim().is_empty(),
            "an empty sentence in {}",
            plan.source()
        );
        let block = &plan.document.blocks[s.sentence.block].text;
        let separator = !block.chars().any(char::is_alphabetic);
        if separator {
            assert!(
                !s.narrated(),
                "{}: a line of symbols is narrated: {text:?}",
                plan.source()
            );
        } else {
            assert!(
                !punctuation_only(text),
                "{}: a sentence of punctuation only: {text:?}",
                plan.source()
            );
        }
    }
}

/// A line of a page dump: story prose, chrome, or the awkward things between.
fn line() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Gen. Mark Milley said on Jan. 28, 2022, that the U.S. would act.",
        "The rate rose 3.5 percent. Analysts had expected 3.1.",
        "\"We left. It was late,\" she said.",
        "He paused . . . then went on.",
        "It cost $1.5bn... The board agreed.",
        "Dr. A. B. Smith, Ph.D., spoke at 6 p.m. The hall was full.",
        "1. First item 2. Second item",
        "7.",
        "...",
        "(AP Photo/Jane Doe)",
        "Home",
        "World",
        "CLICK HERE TO GET THE APP",
        "Advertisement",
        "Sign up for our newsletter!",
        "What happens next",
        "Why?",
        "No. 5 was the winner, Rs. 16720 in all.",
        "Hello world.Today is Tuesday.",
        "A post shared by Someone (@someone)",
        "© 2026 The Paper",
        "— — —",
        "It ends here.[1] The next one starts.",
    ]);
    prop::collection::vec(pieces, 1..4).prop_map(|v| v.join(" "))
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec((line(), prop::bool::ANY), 1..30).prop_map(|lines| {
        let mut text = String::from("A headline for the test\n\n");
        for (line, blank) in lines {
            text.push_str(&line);
            text.push_str(if blank { "\n\n" } else { "\n" });
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::property_cases(200)))]

    #[test]
    fn generated_dumps_lose_nothing_and_invent_nothing(text in document()) {
        let plan = Planner::default().plan_text("generated", &text);
        prop_assert_eq!(planned_text(&plan), squeezed(&text));
        check(&plan);
        let mut all = plan.clone();
        all.keep(&Keep::All);
        prop_assert!(all.sentences.iter().all(|s| s.narrated()));
        prop_assert_eq!(planned_text(&all), planned_text(&plan));
    }
}

#[test]
fn the_seed_and_the_development_dumps_lose_nothing() {
    let seed = std::fs::read_to_string(common::seed()).expect("the seed article");
    let mut inputs = vec![("seed".to_string(), seed)];
    inputs.extend(
        common::gold_pages("txt")
            .into_iter()
            .map(|p| (p.name, p.text)),
    );
    assert!(inputs.len() >= 20);
    let planner = Planner::default();
    for (name, text) in inputs {
        let plan = planner.plan_text(&name, &text);
        assert_eq!(planned_text(&plan), squeezed(&text), "{name}");
        check(&plan);
    }
}

#[test]
fn development_pages_have_no_punctuation_only_sentences() {
    let planner = Planner::default();
    for page in common::gold_pages("html") {
        check(&planner.plan_input(&page.name, &page.text, Format::Html));
    }
}
