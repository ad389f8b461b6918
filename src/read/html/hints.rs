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
    // A sentence of the story shown again in large type beside it.
    ("pullquote", Furniture::Boilerplate),
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
    // Wiki and documentation furniture: edit links beside section headings, notes
    // pointing to other articles, fact boxes, tables of contents, and the lists of
    // sources and notes at the foot of an article (links to other works).
    ("editsection", Furniture::Navigation),
    ("hatnote", Furniture::Navigation),
    ("toc", Furniture::Navigation),
    ("infobox", Furniture::Boilerplate),
    ("references", Furniture::CrossLink),
    ("reflist", Furniture::CrossLink),
    ("footnotes", Furniture::CrossLink),
    ("endnotes", Furniture::CrossLink),
    ("bibliography", Furniture::CrossLink),
    ("citations", Furniture::CrossLink),
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
    ("of", "contents", Furniture::Navigation),
    ("pull", "quote", Furniture::Boilerplate),
    // A box about the author under the story: their picture, a line about them.
    ("author", "bio", Furniture::Byline),
    ("author", "box", Furniture::Byline),
    ("author", "info", Furniture::Byline),
    ("author", "card", Furniture::Byline),
    ("author", "profile", Furniture::Byline),
    ("about", "author", Furniture::Byline),
];

/// Class words of code blocks and of the boxes around them (syntax highlighters,
/// documentation generators).
const CODE_WORDS: &[&str] = &[
    "code",
    "highlight",
    "highlighter",
    "sourcecode",
    "codehilite",
    "hljs",
    "prettyprint",
    "syntax",
    "brush",
    "programlisting",
    "listing",
    "language",
    "lang",
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

/// What an element's tag, role, class or id says it is, if chrome. The `id` of a
/// heading, of an element inside one, or of a section that opens with the heading it
/// names is the heading's anchor, made from its words ("In popular culture", "Sharing
/// data"), and says nothing of what the element is.
pub(super) fn hint_of(node: &NodeRef<'_>, name: &str, in_heading: bool) -> Option<Furniture> {
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
    if let Some(value) = node.attr("class") {
        class_words(&value, &mut words);
    }
    if let Some(value) = node.attr("id") {
        if !in_heading && heading_level(name).is_none() && !anchors_heading(node, &value) {
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

/// Whether an element's `id` is the anchor of the heading it opens with: the id's words
/// are the first words of the heading's text (its first element child, or that
/// child's first element child, as `<section id="see-also"><h2>See also</h2>` and
/// `<div id="x"><div class="heading"><h2>`).
fn anchors_heading(node: &NodeRef<'_>, id: &str) -> bool {
    let mut ids = Vec::new();
    class_words(id, &mut ids);
    if ids.is_empty() {
        return false;
    }
    let mut child = node.first_element_child();
    for _ in 0..2 {
        let Some(c) = child else {
            return false;
        };
        let is_heading = c
            .node_name()
            .is_some_and(|n| heading_level(&n.to_ascii_lowercase()).is_some());
        if is_heading {
            let mut words = Vec::new();
            class_words(&c.text(), &mut words);
            return words.len() >= ids.len() && words[..ids.len()] == ids[..];
        }
        child = c.first_element_child();
    }
    false
}

/// `1` for `h1` … `6` for `h6`.
pub(super) fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Whether an element's class names it a dateline ("TOKYO –"): the place the story
/// was filed from, which opens the lede.
pub(super) fn is_dateline(node: &NodeRef<'_>) -> bool {
    node.attr("class").is_some_and(|class| {
        let mut words = Vec::new();
        class_words(&class, &mut words);
        words.iter().any(|w| w == "dateline")
    })
}

/// Whether a `<pre>` is marked as code: a `<code>`, `<samp>` or `<kbd>` holds its
/// text, or its class, or the class of a box around it (three levels up), names code
/// or a syntax highlighter.
pub(super) fn is_code_markup(pre: &NodeRef<'_>) -> bool {
    let wrapped = pre.element_children().iter().any(|c| {
        c.node_name()
            .is_some_and(|n| matches!(&*n.to_ascii_lowercase(), "code" | "samp" | "kbd"))
    });
    wrapped
        || std::iter::once(*pre)
            .chain(pre.ancestors_it(Some(3)))
            .any(|n| {
                n.attr("class").is_some_and(|class| {
                    let mut words = Vec::new();
                    class_words(&class, &mut words);
                    words.iter().any(|w| CODE_WORDS.contains(&w.as_str()))
                })
            })
}

/// Whether an element is a marker that points elsewhere and is not read: a footnote
/// or citation marker (`<sup>[1]</sup>`, `<sup>[citation needed]</sup>`, a superscript
/// link to a note on the page, a link written "[2]" to one), or a heading's permalink
/// (a link to a place on the page whose text has no letter or digit: `¶`, `#`, `§`).
pub(super) fn is_marker(node: &NodeRef<'_>, name: &str) -> bool {
    let local = |n: &NodeRef<'_>| n.attr("href").is_some_and(|h| h.trim().starts_with('#'));
    match name {
        "sup" => {
            let text = node.text();
            let text = text.trim();
            let short = text.chars().count() <= 4;
            let bracketed =
                text.starts_with('[') && text.ends_with(']') && text.chars().count() <= 40;
            bracketed || (short && node.descendants_it().any(|d| d.has_name("a") && local(&d)))
        }
        "a" if local(node) => {
            let text = node.text();
            let text = text.trim();
            let numbered = text.len() <= 6
                && text.starts_with('[')
                && text.ends_with(']')
                && text[1..text.len() - 1].chars().all(|c| c.is_ascii_digit());
            numbered || (!text.is_empty() && !text.chars().any(char::is_alphanumeric))
        }
        _ => false,
    }
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
