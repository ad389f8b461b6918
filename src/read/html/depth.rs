//! The page's markup in, the same markup with elements nested too deep flattened out.
//! Hand-written: a light scan of the tags is all it takes, and it must run before the
//! parser (which is what it protects).

/// Elements nested deeper than this are flattened before parsing, as Blink's parser
/// does at the same depth: the HTML tree builder scans the stack of open elements for
/// most tags, so a page of a million unclosed `<div>`s would take time that grows with
/// the square of its size. News pages nest less than 50 deep.
pub const MAX_DEPTH: usize = 512;

/// Elements whose end tag may be left out, which never count as nesting.
pub(super) const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot",
    "colgroup", "caption", "rb", "rt", "rp", "rtc",
];

/// Elements without content.
pub(super) const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements whose content is raw text up to their end tag.
pub(super) const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// The page with the start and end tags of elements nested deeper than `max` left out
/// (their content stays, one level up), found by a light scan of the tags that skips
/// comments and raw text. Nesting counts elements that need an end tag; a page that
/// never goes deeper than `max` is returned as it is.
pub(super) fn cap_depth(html: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let mut cuts: Vec<std::ops::Range<usize>> = Vec::new();
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(offset) = memchr_lt(&bytes[i..]) {
        i += offset;
        let rest = &bytes[i..];
        if rest.starts_with(b"<!--") {
            i = find(bytes, i + 4, b"-->").map_or(bytes.len(), |j| j + 3);
            continue;
        }
        let end_tag = rest.get(1) == Some(&b'/');
        let name_start = i + 1 + usize::from(end_tag);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let Some(close) = tag_end(bytes, name_start + name_len) else {
            break;
        };
        let tag = i..close + 1;
        i = close + 1;
        let nests = !OPTIONAL_END.contains(&name.as_str()) && !VOID.contains(&name.as_str());
        if end_tag {
            if nests {
                if depth > max {
                    cuts.push(tag);
                }
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            let end = format!("</{name}");
            i = find_ci(bytes, i, end.as_bytes()).unwrap_or(bytes.len());
            continue;
        }
        if nests && bytes[close - 1] != b'/' {
            depth += 1;
            if depth > max {
                cuts.push(tag);
            }
        }
    }
    if cuts.is_empty() {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for cut in cuts {
        out.push_str(&html[from..cut.start]);
        from = cut.end;
    }
    out.push_str(&html[from..]);
    std::borrow::Cow::Owned(out)
}

/// The offset of the next `<`.
pub(super) fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'<')
}

/// The offset of `needle` in `bytes` at or after `from`.
pub(super) fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// The offset of `needle` (lower-case ASCII) in `bytes` at or after `from`, any case.
pub(super) fn find_ci(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

/// The offset of the `>` that ends a tag whose attributes start at `from`, skipping
/// quoted attribute values.
pub(super) fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    for (k, &b) in bytes.get(from..)?.iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(from + k),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_depth_flattens_only_what_is_too_deep() {
        let page =
            "<div><p>a<div><span>b</span></div><!-- <div> --><script>'<div>'</script><br/></div>";
        assert_eq!(cap_depth(page, 3), page);
        let capped = cap_depth(page, 1);
        assert_eq!(
            capped,
            "<div><p>ab<!-- <div> --><script>'<div>'</script><br/></div>"
        );
        let deep = format!("{}x{}", "<div class='a>b'>".repeat(10), "</div>".repeat(10));
        assert_eq!(
            cap_depth(&deep, 4),
            format!("{}x{}", "<div class='a>b'>".repeat(4), "</div>".repeat(4))
        );
    }
}
