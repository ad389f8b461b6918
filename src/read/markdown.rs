//! Markdown (CommonMark) in, blocks out: headings, paragraphs, list items (one block
//! each) and the paragraphs of block quotes. A heading that opens the document is the
//! title; later headings are headings. Emphasis, inline code and link text are kept as
//! words of their sentence; link URLs are not (an autolink, whose text is its URL, is
//! left out). Code blocks and images (their alternative text) become blocks dropped
//! with the reason `code` or `image`, so `plan` shows them; raw HTML and front matter
//! are not prose and are skipped. Parsed with pulldown-cmark, a maintained CommonMark
//! parser that gives each event its byte range (hence each block's line): Markdown's
//! corner cases (lazy continuation lines, reference links, nested lists) are not worth
//! writing again.

use super::Reader;
use crate::document::{Block, BlockKind, Document, Furniture};
use crate::tags::{clean, Metadata};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// Reads Markdown into blocks.
#[derive(Debug, Default, Clone, Copy)]
pub struct Markdown;

/// A block being collected.
struct Pending {
    kind: BlockKind,
    text: String,
    line: usize,
    dropped: Option<Furniture>,
    quoted: bool,
    item: bool,
}

/// Collects blocks from the parser's events.
struct Builder<'a> {
    lines: &'a LineIndex,
    blocks: Vec<Block>,
    current: Option<Pending>,
    /// Images of the current block (alternative text, line), emitted after it.
    images: Vec<(String, usize)>,
    /// Inside an image: its alternative text so far.
    image: Option<(String, usize)>,
    /// Inside an autolink or e-mail link, whose text is the address.
    in_autolink: usize,
    /// Inside front matter or a raw HTML block.
    skipping: usize,
    /// Inside front matter.
    in_front_matter: bool,
    /// The front matter's text.
    front_matter: String,
    /// Whether a story block (neither dropped nor the title) has been emitted.
    story_started: bool,
    /// How many block quotes are open.
    quotes: usize,
    /// How many list items are open.
    items: usize,
}

impl Reader for Markdown {
    fn read(&self, source: &str, text: &str) -> Document {
        let lines = LineIndex::new(text);
        let options = Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
            | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
        let mut b = Builder {
            lines: &lines,
            blocks: Vec::new(),
            current: None,
            images: Vec::new(),
            image: None,
            in_autolink: 0,
            skipping: 0,
            in_front_matter: false,
            front_matter: String::new(),
            story_started: false,
            quotes: 0,
            items: 0,
        };
        for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
            b.event(event, range.start);
        }
        b.flush();
        Document {
            source: source.to_string(),
            blocks: b.blocks,
            metadata: front_matter(&b.front_matter),
        }
    }
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, offset: usize) {
        let line = self.lines.line(offset);
        match event {
            Event::Start(Tag::MetadataBlock(_)) => {
                self.in_front_matter = true;
                self.skipping += 1
            }
            Event::Text(text) if self.in_front_matter => self.front_matter.push_str(&text),
            Event::Start(Tag::HtmlBlock) => self.skipping += 1,
            Event::End(TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock) => {
                self.in_front_matter = false;
                self.skipping = self.skipping.saturating_sub(1)
            }
            _ if self.skipping > 0 => {}
            Event::Start(Tag::Heading { .. }) => self.begin(BlockKind::Heading, line, None),
            Event::Start(Tag::Item) => {
                self.items += 1;
                self.begin(BlockKind::Paragraph, line, None)
            }
            Event::Start(Tag::Paragraph) => self.begin(BlockKind::Paragraph, line, None),
            Event::End(TagEnd::Item) => {
                self.flush();
                self.items = self.items.saturating_sub(1);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.begin(BlockKind::Paragraph, line, Some(Furniture::Code))
            }
            Event::Start(Tag::BlockQuote(_)) => {
                self.flush();
                self.quotes += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                self.flush();
                self.quotes = self.quotes.saturating_sub(1);
            }
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Paragraph
                | TagEnd::CodeBlock
                | TagEnd::List(_)
                | TagEnd::FootnoteDefinition,
            )
            | Event::Start(Tag::List(_) | Tag::FootnoteDefinition(_))
            | Event::Rule => self.flush(),
            Event::Start(Tag::Image { .. }) => self.image = Some((String::new(), line)),
            Event::End(TagEnd::Image) => {
                if let Some(image) = self.image.take() {
                    self.images.push(image);
                }
            }
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => self.in_autolink += 1,
            Event::End(TagEnd::Link) => self.in_autolink = self.in_autolink.saturating_sub(1),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push_text(&t, line)
            }
            Event::SoftBreak => self.push_text(" ", line),
            // A hard line break ends a line the author meant to end (an address, a
            // list written as lines): kept, so that the segmenter can end a sentence there.
            Event::HardBreak => self.push_text("\n", line),
            _ => {}
        }
    }

    /// Starts a block, ending the one before (a list item's text before its sub-list).
    fn begin(&mut self, kind: BlockKind, line: usize, dropped: Option<Furniture>) {
        self.flush();
        self.current = Some(Pending {
            kind,
            text: String::new(),
            line,
            dropped,
            quoted: self.quotes > 0,
            item: self.items > 0,
        });
    }

    fn push_text(&mut self, text: &str, line: usize) {
        if let Some((alt, _)) = &mut self.image {
            alt.push_str(text);
            return;
        }
        if self.in_autolink > 0 {
            return;
        }
        match &mut self.current {
            Some(p) => p.text.push_str(text),
            // Text outside any block (a table row without the table extension).
            None => {
                self.current = Some(Pending {
                    kind: BlockKind::Paragraph,
                    text: text.to_string(),
                    line,
                    dropped: None,
                    quoted: self.quotes > 0,
                    item: self.items > 0,
                })
            }
        }
    }

    /// Ends the current block and emits it, then the images it held.
    fn flush(&mut self) {
        if let Some(p) = self.current.take() {
            let text = if p.kind == BlockKind::Paragraph && p.dropped.is_none() {
                collapse_lines(&p.text)
            } else {
                collapse(&p.text)
            };
            if !text.is_empty() {
                let kind = if p.kind == BlockKind::Heading
                    && p.dropped.is_none()
                    && !self.story_started
                    && !self.blocks.iter().any(|b| b.kind == BlockKind::Title)
                {
                    BlockKind::Title
                } else {
                    if p.dropped.is_none() {
                        self.story_started = true;
                    }
                    p.kind
                };
                self.blocks.push(Block {
                    kind,
                    text,
                    line: p.line,
                    dropped: p.dropped,
                    quoted: p.quoted,
                    item: p.item,
                    script: None,
                });
            }
        }
        for (alt, line) in std::mem::take(&mut self.images) {
            let alt = collapse(&alt);
            if !alt.is_empty() {
                self.blocks.push(Block::dropped(
                    BlockKind::Paragraph,
                    alt,
                    line,
                    Furniture::Image,
                ));
            }
        }
    }
}

/// Trims and folds every run of white space to one space.
/// What front matter says about the article: its `title`, `author`, `date`, `site` (or
/// `publisher`), `url` (or `canonical_url`) and `lang` (or `language`), each a `key: value` line of YAML or a
/// `key = "value"` line of TOML, quotes taken off. Nested values and lists are not read:
/// front matter is read only for these few strings, and no YAML crate is needed for them.
fn front_matter(text: &str) -> Metadata {
    let mut m = Metadata::default();
    for line in text.lines() {
        if line.starts_with(char::is_whitespace) {
            continue;
        }
        let Some((key, value)) = line.split_once([':', '=']) else {
            continue;
        };
        let value = value.trim();
        let value = ['"', '\'']
            .iter()
            .find_map(|&q| value.strip_prefix(q).and_then(|v| v.strip_suffix(q)))
            .unwrap_or(value);
        let slot = match key.trim().to_ascii_lowercase().as_str() {
            "title" => &mut m.title,
            "author" | "authors" | "byline" => &mut m.author,
            "date" | "published" => &mut m.date,
            "site" | "site_name" | "publisher" => &mut m.site,
            "url" | "canonical_url" | "canonical" => &mut m.url,
            "lang" | "language" | "locale" => &mut m.language,
            _ => continue,
        };
        if slot.is_none() {
            *slot = clean(value);
        }
    }
    m
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Folds white space within each line and keeps one line break between non-blank
/// lines (the hard breaks of a paragraph).
fn collapse_lines(text: &str) -> String {
    text.lines()
        .map(collapse)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Byte offsets to 1-based line numbers.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// The line of byte `offset`.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(BlockKind, String, usize, Option<Furniture>)> {
        Markdown
            .read("t.md", text)
            .blocks
            .into_iter()
            .map(|b| (b.kind, b.text, b.line, b.dropped))
            .collect()
    }

    #[test]
    fn headings_paragraphs_and_items() {
        let blocks = read("# The title\n\nFirst *para*\nwraps here.\n\n## Sub\n\n- one item.\n- two `code` item.\n");
        assert_eq!(
            blocks,
            vec![
                (BlockKind::Title, "The title".into(), 1, None),
                (
                    BlockKind::Paragraph,
                    "First para wraps here.".into(),
                    3,
                    None
                ),
                (BlockKind::Heading, "Sub".into(), 6, None),
                (BlockKind::Paragraph, "one item.".into(), 8, None),
                (BlockKind::Paragraph, "two code item.".into(), 9, None),
            ]
        );
    }

    #[test]
    fn code_and_images_are_dropped_links_keep_their_text() {
        let blocks = read("Intro with a [link](https://x.example/a) and <https://y.example>.\n\n```\nlet x = 1;\n```\n\n![A chart of sales](c.png)\n");
        assert_eq!(blocks[0].1, "Intro with a link and .");
        assert_eq!(blocks[0].0, BlockKind::Paragraph);
        assert_eq!(blocks[1].1, "let x = 1;");
        assert_eq!(blocks[1].3, Some(Furniture::Code));
        assert_eq!(blocks[2].1, "A chart of sales");
        assert_eq!(blocks[2].3, Some(Furniture::Image));
        assert_eq!(blocks.len(), 3);
    }

    #[test]
    fn hard_breaks_are_kept_as_line_breaks() {
        let blocks = read("Title\n\nOpen daily  \nMonday   to Friday\\\nClosed on\nholidays.\n");
        assert_eq!(
            blocks[1].1,
            "Open daily\nMonday to Friday\nClosed on holidays."
        );
    }

    /// Front matter, one case per way of writing it.
    #[test]
    fn front_matter_gives_the_metadata() {
        let cases: [(&str, Metadata); 6] = [
            (
                "---\ntitle: Tides of the Severn\nauthor: \"Megan Rhys\"\ndate: 2023-11-02\nsite: The Estuary Post\n---\n\n# Heading\n\nText.\n",
                Metadata {
                    title: Some("Tides of the Severn".into()),
                    author: Some("Megan Rhys".into()),
                    date: Some("2023-11-02".into()),
                    site: Some("The Estuary Post".into()),
                    url: None,
                    language: None,
                },
            ),
            (
                "+++\ntitle = \"Bridges: a history\"\nauthors = 'Ola Berg'\ncanonical_url = \"https://example.org/bridges\"\n+++\n\nText.\n",
                Metadata {
                    title: Some("Bridges: a history".into()),
                    author: Some("Ola Berg".into()),
                    url: Some("https://example.org/bridges".into()),
                    ..Metadata::default()
                },
            ),
            (
                "---\ntags:\n  - author: nested, not read\nauthor:   \ndate: 2020-01-01T08:30:00Z\n---\nText.\n",
                Metadata {
                    date: Some("2020-01-01T08:30:00Z".into()),
                    ..Metadata::default()
                },
            ),
            (
                "---\nlang: de-DE\ntitle: Neue Buslinien\n---\n\nText.\n",
                Metadata {
                    title: Some("Neue Buslinien".into()),
                    language: Some("de-DE".into()),
                    ..Metadata::default()
                },
            ),
            (
                "+++\nlanguage = \"es\"\n+++\n\nTexto.\n",
                Metadata {
                    language: Some("es".into()),
                    ..Metadata::default()
                },
            ),
            ("# No front matter\n\nauthor: a line of the story.\n", Metadata::default()),
        ];
        for (text, expected) in cases {
            let doc = Markdown.read("t.md", text);
            assert_eq!(doc.metadata, expected, "{text}");
            // Front matter is never read aloud.
            assert!(
                doc.blocks.iter().all(|b| !b.text.contains("title")),
                "{text}"
            );
        }
    }

    #[test]
    fn line_index() {
        let l = LineIndex::new("a\nb\n\nc");
        assert_eq!((l.line(0), l.line(2), l.line(4), l.line(5)), (1, 2, 3, 4));
    }
}
