//! An element in, what its tag, role, `class` or `id` says it is out: page furniture
//! (a menu, a share bar, a caption) or nothing; and whether a reader of the page sees
//! it at all. Hand-written: these are word lists, page chrome named as sites name it.

use crate::document::Furniture;
use dom_query::NodeRef;

/// Inline elements whose class never makes them chrome: a link or emphasis inside a
/// sentence stays in the sentence.
pub(super) const INLINE_TEXT: &[&str] = &[
    "a", "b", "strong", "em", "i", "u", "abbr", "code", "q", "mark", "sup", "sub", "s", "del",
    "ins", "kbd", "var", "dfn", "bdi", "bdo", "wbr", "font",
];

/// Words of `class` and `id` values that name page chrome, with the reason.
pub(super) const CLASS_HINTS: &[(&str, Furniture)] = &[
    ("nav", Furniture::Navigation),
    ("navbar", Furniture::Navigation),
    ("navigation", Furniture::Navigation),
    ("menu", Furniture::Navigation),
    ("menubar", Furniture::Navigation),
    ("megamenu", Furniture::Navigation),
    ("breadcrumb", Furniture::Navigation),
    ("breadcrumbs", Furniture::Navigation),
    ("pagination", Furniture::Navigation),
    ("pager", Furniture::Navigation),
    ("topnav", Furniture::Navigation),
    ("subnav", Furniture::Navigation),
    ("related", Furniture::CrossLink),
    ("recommended", Furniture::CrossLink),
    ("recommendation", Furniture::CrossLink),
    ("recommendations", Furniture::CrossLink),
    ("recirc", Furniture::CrossLink),
    ("recirculation", Furniture::CrossLink),
    ("trending", Furniture::CrossLink),
    ("popular", Furniture::CrossLink),
    ("mostpopular", Furniture::CrossLink),
    ("mostread", Furniture::CrossLink),
    ("readmore", Furniture::CrossLink),
    ("morestories", Furniture::CrossLink),
    ("sidebar", Furniture::CrossLink),
    ("newsletter", Furniture::Promo),
    ("newsletters", Furniture::Promo),
    ("subscribe", Furniture::Promo),
    ("subscription", Furniture::Promo),
    ("signup", Furniture::Promo),
    ("promo", Furniture::Promo),
    ("optin", Furniture::Promo),
    ("share", Furniture::Boilerplate),
    ("shares", Furniture::Boilerplate),
    ("sharing", Furniture::Boilerplate),
    ("sharebar", Furniture::Boilerplate),
    ("social", Furniture::Boilerplate),
    ("addthis", Furniture::Boilerplate),
    ("sharethis", Furniture::Boilerplate),
    ("comment", Furniture::Boilerplate),
    ("comments", Furniture::Boilerplate),
    ("disqus", Furniture::Boilerplate),
    ("ad", Furniture::Boilerplate),
    ("ads", Furniture::Boilerplate),
    ("advert", Furniture::Boilerplate),
    ("advertisement", Furniture::Boilerplate),
    ("advertising", Furniture::Boilerplate),
    ("adslot", Furniture::Boilerplate),
    ("adunit", Furniture::Boilerplate),
    ("dfp", Furniture::Boilerplate),
    ("sponsor", Furniture::Boilerplate),
    ("sponsored", Furniture::Boilerplate),
    ("taboola", Furniture::Boilerplate),
    ("outbrain", Furniture::Boilerplate),
    ("footer", Furniture::Boilerplate),
    ("cookie", Furniture::Boilerplate),
    ("consent", Furniture::Boilerplate),
    ("gdpr", Furniture::Boilerplate),
    ("caption", Furniture::Caption),
    ("captions", Furniture::Caption),
    ("figcaption", Furniture::Caption),
    ("cutline", Furniture::Caption),
    ("credit", Furniture::Credit),
    ("credits", Furniture::Credit),
    ("copyright", Furniture::Copyright),
    ("byline", Furniture::Byline),
    ("timestamp", Furniture::Timestamp),
    ("dateline", Furniture::Timestamp),
];

/// Class words of pop-ups that the page shows only on hover.
pub(super) const POPUP_WORDS: &[&str] = &["rollover", "tooltip", "popover", "hovercard"];

/// Pairs of adjacent class words that name chrome ("read-more", "more-stories").
pub(super) const CLASS_PAIRS: &[(&str, &str, Furniture)] = &[
    ("read", "more", Furniture::CrossLink),
    ("more", "stories", Furniture::CrossLink),
    ("most", "read", Furniture::CrossLink),
    ("most", "popular", Furniture::CrossLink),
    ("see", "also", Furniture::CrossLink),
    ("sign", "up", Furniture::Promo),
];

/// Whether an element is hidden from a reader of the page.
pub(super) fn hidden(node: &NodeRef<'_>) -> bool {
    if node.has_attr("hidden") || node.attr("aria-hidden").is_some_and(|v| &*v == "true") {
        return true;
    }
    // A pop-up shown on hover (a card about a name, inside the sentence that names
    // them) is hidden by the page's style sheet, which is not read: an element named
    // as a pop-up inside another one (the name, which stays) that is not the link.
    if is_popup(node) && !node.has_name("a") && node.ancestors_it(Some(4)).any(|a| is_popup(&a)) {
        return true;
    }
    node.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// Whether an element's class names it a hover pop-up or its trigger.
pub(super) fn is_popup(node: &NodeRef<'_>) -> bool {
    node.attr("class").is_some_and(|class| {
        let mut words = Vec::new();
        class_words(&class, &mut words);
        words.iter().any(|w| POPUP_WORDS.contains(&w.as_str()))
    })
}

/// What an element's tag, role, class or id says it is, if chrome.
pub(super) fn hint_of(node: &NodeRef<'_>, name: &str) -> Option<Furniture> {
    let by_tag = match name {
        "nav" => Some(Furniture::Navigation),
        "aside" => Some(Furniture::CrossLink),
        "footer" | "button" | "dialog" => Some(Furniture::Boilerplate),
        "figure" | "figcaption" => Some(Furniture::Caption),
        _ => None,
    };
    if by_tag.is_some() {
        return by_tag;
    }
    let by_role =
        node.attr("role")
            .and_then(|role| match role.trim().to_ascii_lowercase().as_str() {
                "navigation" | "menu" | "menubar" | "search" | "banner" => {
                    Some(Furniture::Navigation)
                }
                "complementary" => Some(Furniture::CrossLink),
                "contentinfo" | "dialog" | "alertdialog" | "button" | "toolbar" => {
                    Some(Furniture::Boilerplate)
                }
                _ => None,
            });
    if by_role.is_some() || INLINE_TEXT.contains(&name) {
        return by_role;
    }
    let mut words = Vec::new();
    for attr in ["class", "id"] {
        if let Some(value) = node.attr(attr) {
            class_words(&value, &mut words);
        }
    }
    if words.is_empty() {
        return None;
    }
    for pair in words.windows(2) {
        for (a, b, reason) in CLASS_PAIRS {
            if pair[0] == *a && pair[1] == *b {
                return Some(*reason);
            }
        }
    }
    words.iter().find_map(|w| {
        CLASS_HINTS
            .iter()
            .find(|(word, _)| w == word)
            .map(|(_, reason)| *reason)
    })
}

/// The lower-case words of a class or id value: split at anything not a letter or
/// digit, and at camelCase humps (`shareBar` → `share`, `bar`).
pub(super) fn class_words(value: &str, out: &mut Vec<String>) {
    for part in value.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut word = String::new();
        let mut prev_lower = false;
        for c in part.chars() {
            if c.is_ascii_uppercase() && prev_lower && !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            word.push(c.to_ascii_lowercase());
        }
        if !word.is_empty() {
            out.push(word);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_words_split_at_separators_and_humps() {
        let mut w = Vec::new();
        class_words("c-shareBar article__related--top", &mut w);
        assert_eq!(w, ["c", "share", "bar", "article", "related", "top"]);
    }
}
