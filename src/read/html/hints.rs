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
/// heading, of an element inside one, or of a section that opens with the heading its
/// words repeat is the heading's anchor, made from its words ("In popular culture",
/// "Sharing data"), and says nothing of what the element is.
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
/// (two or more) are the first words of the heading's text (its first element child, or that
/// child's first element child, as `<section id="see-also"><h2>See also</h2>` and
/// `<div id="x"><div class="heading"><h2>`).
fn anchors_heading(node: &NodeRef<'_>, id: &str) -> bool {
    let mut ids = Vec::new();
    class_words(id, &mut ids);
    // A one-word id ("comments", "related") names its box more often than it repeats
    // a heading.
    if ids.len() < 2 {
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
    use dom_query::Document as Dom;

    /// The hint of the first element matching `selector` in `html`.
    fn hint(html: &str, selector: &str) -> Option<Furniture> {
        let dom = Dom::from(html);
        let found = dom.select(selector);
        let node = found.nodes().first().copied().expect("the element");
        let name = node.node_name().expect("a name").to_ascii_lowercase();
        hint_of(&node, &name, false)
    }

    #[test]
    fn the_id_of_a_heading_or_of_the_section_it_opens_is_no_hint() {
        for (html, selector) in [
            ("<section id=\"social-media\"><h2>Social media</h2><p>Text.</p></section>", "section"),
            ("<div id=\"In_popular_culture\"><div class=\"mw-heading\"><h2>In popular culture</h2></div></div>", "div"),
            ("<h2 id=\"related-work\">Related work</h2>", "h2"),
        ] {
            assert_eq!(hint(html, selector), None, "{html}");
        }
        assert_eq!(
            hint(
                "<div id=\"comments\"><h3>Comments</h3><p>Text.</p></div>",
                "div"
            ),
            Some(Furniture::Boilerplate)
        );
        assert_eq!(
            hint(
                "<section id=\"related-stories\"><p>Text.</p></section>",
                "section"
            ),
            Some(Furniture::CrossLink)
        );
    }

    #[test]
    fn footnote_markers_and_permalinks_are_markers() {
        let marker = |html: &str, selector: &str| {
            let dom = Dom::from(html);
            let found = dom.select(selector);
            let node = found.nodes().first().copied().expect("the element");
            let name = node.node_name().expect("a name").to_ascii_lowercase();
            is_marker(&node, &name)
        };
        assert!(marker(
            "<p>Text<sup><a href=\"#note-1\">[1]</a></sup></p>",
            "sup"
        ));
        assert!(marker("<p>Text<sup>[citation needed]</sup></p>", "sup"));
        assert!(marker(
            "<p>Text<sup><a href=\"#fn3\">3</a></sup></p>",
            "sup"
        ));
        assert!(marker("<h2>Title<a href=\"#title\">¶</a></h2>", "a"));
        assert!(marker("<p>Text<a href=\"#ref-2\">[2]</a></p>", "a"));
        assert!(!marker("<p>An area of 40 km<sup>2</sup></p>", "sup"));
        assert!(!marker("<p>The 5<sup>th</sup> time</p>", "sup"));
        assert!(!marker("<p><a href=\"#comments\">Comments</a></p>", "a"));
    }

    #[test]
    fn code_markup_is_the_pre_or_its_box() {
        let code = |html: &str| {
            let dom = Dom::from(html);
            let found = dom.select("pre");
            let node = found.nodes().first().copied().expect("a pre");
            is_code_markup(&node)
        };
        assert!(code("<pre><code>x = 1</code></pre>"));
        assert!(code(
            "<div class=\"highlight-sh\"><div class=\"highlight\"><pre>ls</pre></div></div>"
        ));
        assert!(code("<pre class=\"language-rust\">fn main() {}</pre>"));
        assert!(!code("<div class=\"letter\"><pre>Dear all,</pre></div>"));
    }

    #[test]
    fn class_words_split_at_separators_and_humps() {
        let mut w = Vec::new();
        class_words("c-shareBar article__related--top", &mut w);
        assert_eq!(w, ["c", "share", "bar", "article", "related", "top"]);
    }
}
