//! What a page says about its article beyond the text: a [`Document`]'s
//! [`Metadata`] (author, site, date, address) out of the page's `<meta>` and `<link>`
//! elements, and where they say nothing, out of what the extractor (dom_smoothie, a
//! Readability.js port) found: its byline, site name and date, which it also reads from
//! the page's JSON-LD.
//!
//! [`Document`]: crate::document::Document

use crate::tags::{clean, Metadata};
use dom_query::Document as Dom;

/// The first non-empty `content` of the `<meta>` elements `selectors` pick, in order.
fn meta(dom: &Dom, selectors: &[&str]) -> Option<String> {
    meta_where(dom, selectors, |_| true)
}

/// The first non-empty `content` of the `<meta>` elements `selectors` pick, in order,
/// that `fits`.
fn meta_where(dom: &Dom, selectors: &[&str], fits: impl Fn(&str) -> bool) -> Option<String> {
    selectors.iter().find_map(|s| {
        dom.select(s).iter().find_map(|m| {
            m.attr("content")
                .and_then(|c| clean(&c))
                .filter(|c| fits(c))
        })
    })
}

/// Whether `value` is a web address (`article:author` is one on many pages: the
/// author's page, not a name).
fn is_address(value: &str) -> bool {
    value.starts_with("http://") || value.starts_with("https://")
}

/// An author line without the "By" that opens it on many pages.
fn without_by(byline: &str) -> Option<String> {
    let trimmed = byline.trim();
    let rest = ["By ", "by ", "BY "]
        .iter()
        .find_map(|p| trimmed.strip_prefix(p))
        .unwrap_or(trimmed);
    clean(rest)
}

/// The language the page says it is in: the `lang` (or `xml:lang`) of its `<html>`
/// element, else a `content-language` meta element (`http-equiv` or `name`), else its
/// `og:locale` ("de_DE"). The first of a comma-separated list ("de, en") is taken.
fn language(dom: &Dom) -> Option<String> {
    let first = |value: &str| value.split(',').next().and_then(clean);
    dom.select("html")
        .iter()
        .find_map(|h| {
            h.attr("lang")
                .or_else(|| h.attr("xml:lang"))
                .and_then(|l| first(&l))
        })
        .or_else(|| {
            meta(
                dom,
                &[
                    "meta[http-equiv='content-language' i]",
                    "meta[name='content-language' i]",
                    "meta[property='og:locale']",
                ],
            )
            .and_then(|l| first(&l))
        })
}

/// The page's metadata, from its own elements first, then from `extracted` (what the
/// extractor found, when it ran).
pub(super) fn metadata(dom: &Dom, extracted: Option<&Metadata>) -> Metadata {
    let author = meta_where(
        dom,
        &[
            "meta[name='author']",
            "meta[property='article:author']",
            "meta[name='byl']",
            "meta[name='parsely-author']",
            "meta[name='dc.creator' i]",
        ],
        |a| !is_address(a),
    )
    .and_then(|a| without_by(&a));
    let site = meta(
        dom,
        &[
            "meta[property='og:site_name']",
            "meta[name='application-name']",
        ],
    );
    let date = meta(
        dom,
        &[
            "meta[property='article:published_time']",
            "meta[itemprop='datePublished']",
            "meta[name='pubdate']",
            "meta[name='publish-date']",
            "meta[name='date']",
            "meta[name='dc.date' i]",
        ],
    );
    let canonical = dom
        .select("link[rel='canonical']")
        .iter()
        .find_map(|l| l.attr("href").and_then(|h| clean(&h)));
    let url = canonical
        .filter(|u| is_address(u))
        .or_else(|| meta_where(dom, &["meta[property='og:url']"], is_address));
    let from = |f: fn(&Metadata) -> &Option<String>| extracted.and_then(|m| f(m).clone());
    Metadata {
        title: None,
        language: language(dom),
        author: author.or_else(|| from(|m| &m.author).and_then(|a| without_by(&a))),
        site: site.or_else(|| from(|m| &m.site)),
        date: date.or_else(|| from(|m| &m.date)),
        url: url.or_else(|| from(|m| &m.url).filter(|u| is_address(u))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(head: &str) -> Dom {
        Dom::from(format!("<html><head>{head}</head><body><p>Text.</p></body></html>").as_str())
    }

    /// One case per source of each field.
    #[test]
    fn meta_elements_give_the_metadata() {
        let cases: [(&str, Metadata); 4] = [
            (
                r#"<meta name="author" content="Priya  Natarajan">
                   <meta property="og:site_name" content="Harbour Gazette">
                   <meta property="article:published_time" content="2024-03-09T07:15:00+00:00">
                   <link rel="canonical" href="https://harbour.example/2024/ferry">
                   <meta property="og:url" content="https://harbour.example/amp/ferry">"#,
                Metadata {
                    title: None,
                    author: Some("Priya Natarajan".into()),
                    site: Some("Harbour Gazette".into()),
                    date: Some("2024-03-09T07:15:00+00:00".into()),
                    url: Some("https://harbour.example/2024/ferry".into()),
                    language: None,
                },
            ),
            (
                // An address as the author is no name; "By" is taken off; og:url serves
                // without a canonical link.
                r#"<meta property="article:author" content="https://news.example/staff/kb">
                   <meta name="byl" content="By Kwame Boateng">
                   <meta itemprop="datePublished" content="2019-12-31">
                   <meta property="og:url" content="https://news.example/kb/story">"#,
                Metadata {
                    author: Some("Kwame Boateng".into()),
                    date: Some("2019-12-31".into()),
                    url: Some("https://news.example/kb/story".into()),
                    ..Metadata::default()
                },
            ),
            (
                // A relative canonical link is no address to give.
                r#"<meta name="author" content="  "><link rel="canonical" href="/story">"#,
                Metadata::default(),
            ),
            ("", Metadata::default()),
        ];
        for (head, expected) in cases {
            assert_eq!(metadata(&page(head), None), expected, "{head}");
        }
    }

    /// One case per place a page states its language.
    #[test]
    fn the_page_states_its_language() {
        let cases = [
            ("<html lang=\"de\"><body><p>Text.</p></body></html>", Some("de")),
            ("<html xml:lang=\"fr-FR\"><body><p>Text.</p></body></html>", Some("fr-FR")),
            (
                "<html><head><meta http-equiv=\"Content-Language\" content=\"es, en\"></head><body><p>Text.</p></body></html>",
                Some("es"),
            ),
            (
                "<html><head><meta property=\"og:locale\" content=\"it_IT\"></head><body><p>Text.</p></body></html>",
                Some("it_IT"),
            ),
            (
                "<html lang=\" \"><body><p>Text.</p></body></html>",
                None,
            ),
            ("<p>No language anywhere.</p>", None),
        ];
        for (html, expected) in cases {
            let dom = Dom::from(html);
            assert_eq!(language(&dom).as_deref(), expected, "{html}");
        }
    }

    #[test]
    fn the_extractor_fills_what_the_elements_leave_out() {
        let extracted = Metadata {
            title: None,
            author: Some("by Lena Fischer".into()),
            site: Some("Extracted Site".into()),
            date: Some("2022-02-02".into()),
            url: Some("not-an-address".into()),
            language: None,
        };
        let dom = page(r#"<meta property="og:site_name" content="Own Site">"#);
        let m = metadata(&dom, Some(&extracted));
        assert_eq!(m.author.as_deref(), Some("Lena Fischer"));
        assert_eq!(m.site.as_deref(), Some("Own Site"));
        assert_eq!(m.date.as_deref(), Some("2022-02-02"));
        assert_eq!(m.url, None);
    }
}
