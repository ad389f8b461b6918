//! Drops advertising and affiliate disclaimers: "This article contains affiliate links",
//! "We may earn a commission when you buy through links on our site", "Sponsored
//! content", "Paid for by Friends of Jane Doe", "Advertiser content from Acme", "The views
//! expressed are the author's own". They are the page's notices about money and
//! liability, not the story.
//!
//! Signals, all of form: the site speaking of its earnings or independence in the first
//! person ("we may earn", "our editors independently select"); a notice about the page
//! itself ("this article contains affiliate links", "this content was paid for by");
//! or a short sponsorship label ("Sponsored by Acme", "In partnership with Acme": a
//! line of a few words with no clause after a comma). A story about a company's
//! commission ("The broker may earn a commission of 2%, the filing showed") has no
//! first-person site and reports; "Sponsored by the senator, the bill passed" has a
//! clause after the comma. Hand-written: no crate knows advertising disclosures.

use super::promo::is_reported;
use crate::select::blocks::{judge_blocks, word_count};
use crate::select::{Context, Decision, Reason, Rule};
use regex::Regex;
use std::sync::LazyLock;

pub struct Disclaimer;

/// Notices about the page's money and liability.
static NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        \b(?:we|this\ (?:site|website|page|publication)|our\ (?:site|editors|partners))\b[^.]{0,40}?\b(?:may|might|will|could|can|do|often)?\s?(?:earn|receive|get|make|collect)\ (?:a\ |an\ )?(?:small\ |affiliate\ )?(?:commission|share|portion|percentage|fee|compensation|revenue|money)
        | ^(?:disclosure|disclaimer|advertising\ disclosure|affiliate\ disclosure)\s*:\s*\S
        | \bfor\ (?:informational|information|general\ information|educational)\ purposes\ only\b
        | \b(?:does|do|should)\ not\ (?:constitute|be\ (?:taken|construed)\ as)\ (?:financial|investment|legal|medical|tax|professional)\ advice\b
        | \b(?:contains?|includes?|uses?|may\ contain|features?)\ (?:some\ )?(?:affiliate|sponsored|paid|partner|referral)\ links?\b
        | \baffiliate\ (?:links?|commissions?|partnerships?|programs?|programmes?|disclosure|marketing\ programs?)\b.*\b(?:we|our|us|you)\b
        | \b(?:we|us|our)\b.*\baffiliate\ (?:links?|commissions?|partnerships?|programs?|programmes?)\b
        | \bat\ no\ (?:extra|additional)\ cost\ to\ you\b
        | \bas\ an\ amazon\ associate\b
        | \bparticipant\ in\ the\ amazon\ services\b
        | \b(?:independently|editorially)\ (?:selected|chosen|reviewed|curated)\b.*\b(?:we|our|us)\b
        | \b(?:we|our\ editors|our\ journalists)\ (?:independently|only)\ (?:select|choose|recommend|review)\b
        | ^(?:this|the\ following)\ (?:article|story|content|post|feature|page|piece|series|video|podcast|episode|newsletter)\ (?:is|was|has\ been)\ (?:sponsored|paid\ for|produced|created|written|brought\ to\ you|presented|funded|supported|underwritten)\b.{0,40}\b(?:by|with|for|in\ partnership|on\ behalf|in\ association)\b
        | ^(?:this|the)\ (?:article|story|content|post|page|piece)\ (?:does\ not|is\ not\ intended\ to|should\ not\ be)\ (?:constitute|provide|be\ (?:taken|construed|considered)\ as)\b.*\badvice\b
        | \b(?:views|opinions)\ expressed\b.*\b(?:are|do\ not)\b.*\b(?:author|writer|contributor)s?['’]?s?\b
        | \b(?:was|were|is)\ not\ involved\ in\ the\ (?:creation|production|writing)\ of\ this\ (?:content|article|story)
        | ^(?:advertiser|sponsored|partner|paid|promoted|branded)\ (?:content|post|story|feature|article|partner|links?|stories|message)\b
        | ^advertisement\ feature\b
        | ^(?:content|stories)\ (?:from|by)\ (?:our\ )?(?:partners?|sponsors?|advertisers?)\b
        | ^(?:promoted|recommended)\ by\ (?:outbrain|taboola|revcontent|zergnet)\b
        | \bby\ (?:outbrain|taboola)\b
        ",
    )
    .expect("disclaimer pattern")
});

/// Sponsorship labels: a few words, nothing after a comma.
static SPONSOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^(?:sponsored|presented|paid\ for|brought\ to\ you|supported|powered|funded|underwritten|produced)\ by\s+\S
        | ^in\ (?:partnership|association|collaboration)\ with\s+\S",
    )
    .expect("sponsor pattern")
});

/// A sponsorship label is at most this many words.
const LABEL_WORDS: usize = 10;
/// A notice is at most this many words.
const NOTICE_WORDS: usize = 80;

/// Whether a block is an advertising or affiliate disclaimer.
pub fn is_disclaimer(text: &str) -> bool {
    let t = text.trim();
    let words = word_count(t);
    if words == 0 || words > NOTICE_WORDS || is_reported(t) {
        return false;
    }
    NOTICE.is_match(t) || (words <= LABEL_WORDS && !t.contains(',') && SPONSOR.is_match(t))
}

impl Rule for Disclaimer {
    fn prepare(&self) {
        LazyLock::force(&NOTICE);
        LazyLock::force(&SPONSOR);
    }

    fn name(&self) -> &'static str {
        "disclaimer"
    }

    fn apply(&self, cx: &Context<'_>, decisions: &mut [Decision]) {
        judge_blocks(cx, decisions, |_, text| {
            is_disclaimer(text).then_some(Reason::Boilerplate)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_disclaimers() {
        assert!(is_disclaimer(
            "We may earn a commission when you buy through links on our site."
        ));
        assert!(is_disclaimer("Paid for by Friends of Jane Doe"));
        assert!(!is_disclaimer(
            "Sponsored by the senator, the bill passed the House on Tuesday."
        ));
        assert!(!is_disclaimer(
            "The broker may earn a commission of 2% on each trade, the filing showed."
        ));
    }
}
