//! Stage 3, **select**: the document and its sentences in, one [`Decision`] per sentence
//! out: narrate it, or drop it with a [`Reason`].
//!
//! A [`Selector`] runs a list of [`Rule`]s in order; each rule sees the whole document
//! (captions and cross-links are recognised by their neighbours) and may drop sentences
//! that are still narrated. Rules only ever drop, and every drop names its reason, so
//! `narrate plan` can show why each sentence will or will not be heard.

pub mod blocks;
pub mod rules;

use crate::document::{Document, Furniture, Sentence};
use serde::Serialize;
use std::fmt;

/// Why a sentence is not narrated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The same text was already narrated (a repeated title or paragraph).
    Duplicate,
    /// Self-promotion: "You can now listen to…", "Sign up for…", "Download the app".
    Promo,
    /// A photo or video caption.
    Caption,
    /// A photo credit: "(AP Photo/…)", "Getty Images".
    Credit,
    /// A link to another story, such as an all-caps headline.
    CrossLink,
    /// "By NAME", author and agency lines.
    Byline,
    /// "Published …", "Updated …" stamps and bare dates.
    Timestamp,
    /// Copyright and legal lines.
    Copyright,
    /// Share, print, comment and advertisement chrome, footers; ad copy, advertising and
    /// affiliate disclaimers, bare labels.
    Boilerplate,
    /// Menus and other page navigation.
    Navigation,
    /// A code block of a Markdown article: not prose, not read aloud.
    Code,
    /// An image's alternative text in a Markdown article.
    Image,
    /// A post embedded from a social network and not marked as quoted: its text,
    /// "pic.twitter.com/…", the "— Name (@handle) May 3, 2019" signature, "View this
    /// post on Instagram".
    Social,
    /// A citation or a reference-list entry: "Retrieved 3 May 2019.", "Archived from the
    /// original…", "Smith, J. (2019). Title. Publisher. pp. 4–9.".
    Reference,
}

impl Reason {
    /// The short word scripts see in `plan --json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Duplicate => "duplicate",
            Reason::Promo => "promo",
            Reason::Caption => "caption",
            Reason::Credit => "credit",
            Reason::CrossLink => "cross-link",
            Reason::Byline => "byline",
            Reason::Timestamp => "timestamp",
            Reason::Copyright => "copyright",
            Reason::Boilerplate => "boilerplate",
            Reason::Navigation => "navigation",
            Reason::Code => "code",
            Reason::Image => "image",
            Reason::Social => "social",
            Reason::Reference => "reference",
        }
    }

    /// Every reason, in the order of the enum: the names `--keep` takes. A new reason
    /// goes here too (a test fails to compile until it does).
    pub const ALL: &'static [Reason] = &[
        Reason::Duplicate,
        Reason::Promo,
        Reason::Caption,
        Reason::Credit,
        Reason::CrossLink,
        Reason::Byline,
        Reason::Timestamp,
        Reason::Copyright,
        Reason::Boilerplate,
        Reason::Navigation,
        Reason::Code,
        Reason::Image,
        Reason::Social,
        Reason::Reference,
    ];
}

impl std::str::FromStr for Reason {
    type Err = String;

    /// A reason from its name ([`Reason::as_str`]); the error lists every name.
    fn from_str(name: &str) -> Result<Reason, String> {
        Reason::ALL
            .iter()
            .copied()
            .find(|r| r.as_str() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
                format!(
                    "unknown reason '{name}'; the reasons are: {}",
                    names.join(", ")
                )
            })
    }
}

impl From<Furniture> for Reason {
    /// The reason a block the reader marked as page furniture is dropped for.
    fn from(furniture: Furniture) -> Reason {
        match furniture {
            Furniture::Caption => Reason::Caption,
            Furniture::Credit => Reason::Credit,
            Furniture::CrossLink => Reason::CrossLink,
            Furniture::Byline => Reason::Byline,
            Furniture::Timestamp => Reason::Timestamp,
            Furniture::Copyright => Reason::Copyright,
            Furniture::Boilerplate => Reason::Boilerplate,
            Furniture::Navigation => Reason::Navigation,
            Furniture::Promo => Reason::Promo,
            Furniture::Code => Reason::Code,
            Furniture::Image => Reason::Image,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What happens to one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Narrate,
    Drop(Reason),
}

impl Decision {
    pub fn keep(self) -> bool {
        self == Decision::Narrate
    }

    pub fn reason(self) -> Option<Reason> {
        match self {
            Decision::Narrate => None,
            Decision::Drop(r) => Some(r),
        }
    }
}

/// What a rule sees: the document, its sentences, and the decisions made so far.
pub struct Context<'a> {
    pub doc: &'a Document,
    pub sentences: &'a [Sentence],
}

impl Context<'_> {
    /// The text of sentence `i`.
    pub fn text(&self, i: usize) -> &str {
        self.doc.text(&self.sentences[i])
    }
}

/// One selection rule.
pub trait Rule: Send + Sync {
    /// A name for debugging and documentation.
    fn name(&self) -> &'static str;
    /// Drops sentences by setting their decision to [`Decision::Drop`]. A rule must not
    /// change a decision that is already a drop.
    fn apply(&self, cx: &Context<'_>, decisions: &mut [Decision]);
    /// Does the rule's one-time set-up (compiling its patterns) ahead of the first
    /// [`Rule::apply`], so that [`Selector::prepare`] can run it in parallel.
    fn prepare(&self) {}
}

/// Runs rules in order over a document's sentences.
pub struct Selector {
    rules: Vec<Box<dyn Rule>>,
}

impl Default for Selector {
    fn default() -> Self {
        Selector {
            rules: rules::default_rules(),
        }
    }
}

impl Selector {
    pub fn new(rules: Vec<Box<dyn Rule>>) -> Selector {
        Selector { rules }
    }

    /// Sets up every rule at once, in parallel; [`Selector::select`] would otherwise do
    /// it one rule after another on first use.
    pub fn prepare(&self) {
        use rayon::prelude::*;
        self.rules.par_iter().for_each(|r| r.prepare());
    }

    /// One decision per sentence, in order. Sentences of blocks the reader marked as
    /// not story start dropped with the reader's reason; the rules judge the rest.
    pub fn select(&self, doc: &Document, sentences: &[Sentence]) -> Vec<Decision> {
        let mut decisions: Vec<Decision> = sentences
            .iter()
            .map(|s| match doc.blocks.get(s.block).and_then(|b| b.dropped) {
                Some(furniture) => Decision::Drop(furniture.into()),
                None => Decision::Narrate,
            })
            .collect();
        let cx = Context { doc, sentences };
        for rule in &self.rules {
            rule.apply(&cx, &mut decisions);
        }
        // A script's author wrote every word to be read: none of its sentences drops.
        for (decision, s) in decisions.iter_mut().zip(sentences) {
            if doc.blocks.get(s.block).is_some_and(|b| b.script.is_some()) {
                *decision = Decision::Narrate;
            }
        }
        decisions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_is_listed_in_order_and_its_name_parses_back() {
        for (i, &reason) in Reason::ALL.iter().enumerate() {
            assert_eq!(reason as usize, i, "{reason} out of the enum's order");
            assert_eq!(reason.as_str().parse::<Reason>(), Ok(reason));
        }
        // No wildcard arm: a new reason stops this compiling until it is named here, as
        // a reminder to list it in `ALL` too (where the loop above checks its place).
        let _every_reason_named = |r: Reason| match r {
            Reason::Duplicate
            | Reason::Promo
            | Reason::Caption
            | Reason::Credit
            | Reason::CrossLink
            | Reason::Byline
            | Reason::Timestamp
            | Reason::Copyright
            | Reason::Boilerplate
            | Reason::Navigation
            | Reason::Code
            | Reason::Image
            | Reason::Social
            | Reason::Reference => (),
        };
    }

    #[test]
    fn an_unknown_name_is_refused_with_the_list() {
        for name in ["captions", "Caption", "", "all", "cross_link"] {
            let err = name.parse::<Reason>().unwrap_err();
            assert!(err.contains(&format!("'{name}'")), "{err}");
            assert!(err.contains("caption, credit, cross-link"), "{err}");
        }
    }
}
