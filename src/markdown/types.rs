//! The public values of a Markdown render: the options a caller passes (alert titles,
//! reserved ids, heading offset) and what comes back (HTML, headings, links).

/// Localised titles for GFM alerts (`> [!NOTE]`, TIP, IMPORTANT, WARNING, CAUTION).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertLabels {
    /// Title of `> [!NOTE]`.
    pub note: String,
    /// Title of `> [!TIP]`.
    pub tip: String,
    /// Title of `> [!IMPORTANT]`.
    pub important: String,
    /// Title of `> [!WARNING]`.
    pub warning: String,
    /// Title of `> [!CAUTION]`.
    pub caution: String,
}

/// Options for one render.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownOptions<'a> {
    /// Localised alert titles.
    pub alert_labels: &'a AlertLabels,
    /// Ids the surrounding page already uses (e.g. `main`, `details`); headings never get them.
    pub reserved_ids: &'a [&'a str],
    /// Levels added to every heading (1 when the page puts the body under its own `<h2>`:
    /// `#` becomes `<h2>`, `##` `<h3>`), capped at 6.
    pub heading_offset: u8,
}

/// A rendered Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMarkdown {
    /// The sanitised HTML fragment.
    pub html: String,
    /// The headings in document order.
    pub headings: Vec<Heading>,
    /// Every link and image destination, in document order.
    pub links: Vec<Link>,
}

/// A heading of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The unique `id` attribute written on the heading.
    pub id: String,
    /// The heading's plain text.
    pub text: String,
}

/// A link or image destination found in the body, with its 1-based line in the Markdown source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as written (reference links resolved; email autolinks get `mailto:`),
    /// even when it was neutralised in the HTML.
    pub destination: String,
    /// 1-based line of the link in the source.
    pub line: usize,
    /// Whether the page keeps it: false for a scheme that is not allowed, shown as a link to `#`
    /// (an image is left out).
    pub allowed: bool,
}
