//! Diagnostics: the one type for every problem redflag finds in a site, and its three renderings
//! (human, JSON, GitHub annotations).
//!
//! Loading and validation collect `Diagnostic`s as values and never print; the command layer
//! decides how to show them. Every diagnostic carries a stable code documented in
//! `docs/diagnostics.md`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site cannot be built.
    Error,
    /// The site builds, but a reviewer should look.
    Warning,
    /// For information only.
    Info,
}

/// Stable diagnostic codes. The numbers never change meaning; new codes are appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Code {
    /// A file could not be read.
    Io,
    /// YAML that does not parse (syntax, tabs, duplicate keys).
    YamlSyntax,
    /// TOML that does not parse, or a `site.toml` value of the wrong shape.
    TomlSyntax,
    /// A key that redflag does not know.
    UnknownKey,
    /// A required field is missing.
    MissingField,
    /// A value of the wrong type or form.
    InvalidValue,
    /// A slug (advisory folder, contact or institution id) that is not lowercase ASCII, digits and hyphens.
    InvalidSlug,
    /// A language tag that is not valid BCP 47.
    InvalidLanguage,
    /// A translation or reference to a language the site does not configure.
    UnknownLanguage,
    /// A date that is not `YYYY-MM-DD`, or dates in the wrong order.
    InvalidDate,
    /// A severity other than low, medium, high, critical.
    InvalidSeverity,
    /// A contact id that `contacts.yaml` does not define.
    UnknownContact,
    /// A taxonomy id that `taxonomies.yaml` does not define.
    UnknownTaxonomyTerm,
    /// A phone number that does not parse, is not valid, or is premium-rate.
    InvalidPhone,
    /// A translated list whose length differs from the source's.
    ListLengthMismatch,
    /// A required list that is empty.
    EmptyList,
    /// An advisory file without front matter, or whose front matter is not closed.
    FrontMatter,
    /// A file that is not UTF-8.
    NotUtf8,
    /// A template that does not parse or fails to render.
    Template,
    /// A URL with a scheme that is not allowed (only https, http, mailto, tel).
    UnsafeUrl,
    /// A translation sets a field that only the default language may set.
    NotTranslatable,
    /// A translation with no default-language advisory beside it.
    OrphanTranslation,
    /// Two entries with the same id.
    DuplicateId,
    /// A file in a place redflag does not expect, or a limit exceeded.
    UnexpectedFile,
    /// A link inside the site to a page or file the site does not generate.
    BrokenLink,
    /// A link to an `#id` the target page does not have.
    MissingAnchor,
    /// An external link that did not answer with success (`check --external`).
    ExternalLink,
    /// An advisory not translated into a configured language (info).
    MissingTranslation,
    /// A translation made from an older version of the source.
    StaleTranslation,
    /// A translation that records no `source_digest`.
    UnverifiedTranslation,
    /// UI strings of the theme missing in a language.
    MissingUiString,
    /// A contact of `contacts.yaml` that nothing refers to (info).
    UnusedContact,
    /// English text above the target reading grade (Flesch-Kincaid).
    ReadingGrade,
    /// An advisory past its `expires` date.
    Expired,
    /// An advisory without a source.
    NoSource,
    /// An `http:` address where only `https:` is accepted.
    InsecureUrl,
    /// Placeholder text left from `redflag new`.
    Placeholder,
    /// Translated text identical to the source text.
    UntranslatedText,
    /// A poster that cannot be made (it does not fit on one page, or its QR code fails).
    Poster,
    /// Poster text with characters that no bundled font covers.
    MissingGlyphs,
    /// A control character (other than tab and line feed) in text.
    ControlCharacter,
    /// A poster that leaves out part of its advisory to fit on one page.
    PosterLeftOut,
    /// A contact whose number cites no official page (`source`).
    ContactSource,
    /// A taxonomy label, contact name or site title with no text in a configured language.
    UntranslatedLabel,
    /// A language whose word coverage is below its `min_coverage`.
    CoverageBelowMinimum,
    /// CAP profile: an alert without an `<area>`, or a region without the geocode or shape
    /// the profile needs.
    CapArea,
    /// CAP profile: a scam type without the `<eventCode>` the profile needs.
    CapEventCode,
    /// CAP profile: alerts sent with a zero (UTC) offset.
    CapTimeZone,
    /// CAP profile: a headline longer than the profile accepts.
    CapHeadline,
    /// CAP profile: an advisory without the `expires` the profile needs.
    CapExpires,
    /// CAP profile: an alert without the languages the profile expects.
    CapLanguages,
    /// CAP profile: a site setting the profile discourages (Google: Test alerts).
    CapStatus,
    /// `content/retired.yaml` lists an advisory that is still in `content/advisories/`.
    RetiredStillPresent,
    /// An advisory's SMS text sent as more messages than `[share] sms_max_segments`.
    SmsSegments,
}

impl Code {
    /// The stable `RFnnn` identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Io => "RF001",
            Code::YamlSyntax => "RF002",
            Code::TomlSyntax => "RF003",
            Code::UnknownKey => "RF004",
            Code::MissingField => "RF005",
            Code::InvalidValue => "RF006",
            Code::InvalidSlug => "RF007",
            Code::InvalidLanguage => "RF008",
            Code::UnknownLanguage => "RF009",
            Code::InvalidDate => "RF010",
            Code::InvalidSeverity => "RF011",
            Code::UnknownContact => "RF012",
            Code::UnknownTaxonomyTerm => "RF013",
            Code::InvalidPhone => "RF014",
            Code::ListLengthMismatch => "RF015",
            Code::EmptyList => "RF016",
            Code::FrontMatter => "RF017",
            Code::NotUtf8 => "RF018",
            Code::Template => "RF019",
            Code::UnsafeUrl => "RF020",
            Code::NotTranslatable => "RF021",
            Code::OrphanTranslation => "RF022",
            Code::DuplicateId => "RF023",
            Code::UnexpectedFile => "RF024",
            Code::BrokenLink => "RF025",
            Code::MissingAnchor => "RF026",
            Code::ExternalLink => "RF027",
            Code::MissingTranslation => "RF028",
            Code::StaleTranslation => "RF029",
            Code::UnverifiedTranslation => "RF030",
            Code::MissingUiString => "RF031",
            Code::UnusedContact => "RF032",
            Code::ReadingGrade => "RF033",
            Code::Expired => "RF034",
            Code::NoSource => "RF035",
            Code::InsecureUrl => "RF036",
            Code::Placeholder => "RF037",
            Code::UntranslatedText => "RF038",
            Code::Poster => "RF040",
            Code::MissingGlyphs => "RF041",
            Code::PosterLeftOut => "RF042",
            Code::ContactSource => "RF043",
            Code::ControlCharacter => "RF044",
            Code::UntranslatedLabel => "RF050",
            Code::CoverageBelowMinimum => "RF060",
            Code::CapArea => "RF070",
            Code::CapEventCode => "RF071",
            Code::CapTimeZone => "RF072",
            Code::CapHeadline => "RF073",
            Code::CapExpires => "RF074",
            Code::CapLanguages => "RF075",
            Code::CapStatus => "RF076",
            Code::RetiredStillPresent => "RF135",
            Code::SmsSegments => "RF085",
        }
    }
}

/// A place in a file: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Position {
    /// A position from 1-based line and column.
    pub fn new(line: usize, column: usize) -> Self {
        Position { line, column }
    }

    /// The position of a byte offset in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position::new(line, before[line_start..].chars().count() + 1)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One problem found in a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Its stable code.
    #[serde(serialize_with = "serialize_code")]
    pub code: Code,
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line (0 when the problem concerns the whole file).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The offending line of the file, when known.
    #[serde(skip)]
    pub source_line: Option<String>,
}

fn serialize_code<S: serde::Serializer>(code: &Code, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(code.as_str())
}

impl Diagnostic {
    /// An error at a position of a file.
    pub fn error(code: Code, file: &Path, at: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.to_path_buf(),
            line: at.line,
            column: at.column,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    /// Adds a hint: what the author should do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Turns this diagnostic into a warning.
    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Turns this diagnostic into information.
    pub fn as_info(mut self) -> Self {
        self.severity = Severity::Info;
        self
    }

    /// Attaches the offending line itself.
    pub fn with_source_line(mut self, line: &str) -> Self {
        self.source_line = Some(line.to_owned());
        self
    }

    /// Attaches the offending line, taken from the file's text.
    pub fn with_source_from(mut self, text: &str) -> Self {
        if self.line > 0 {
            self.source_line = text.lines().nth(self.line - 1).map(str::to_owned);
        }
        self
    }
}

/// Sorts diagnostics by file, line and column so output is stable whatever order work ran in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
    });
}

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// How many diagnostics there are of each severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

impl Counts {
    /// Counts `diagnostics` by severity.
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let mut counts = Counts::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }

    /// A summary such as `2 errors, 1 warning, 0 infos`.
    pub fn summary(self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!(
            "{}, {}, {}",
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.infos, "info")
        )
    }
}

/// Renders diagnostics the way rustc does: message, location, the offending line and a caret.
pub fn render_human(diagnostics: &[Diagnostic], color: bool) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    let mut out = String::new();
    for d in diagnostics {
        let (label, colour) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
            Severity::Info => ("info", "1;36"),
        };
        let _ = writeln!(
            out,
            "{}: {}",
            paint(colour, &format!("{label}[{}]", d.code.as_str())),
            paint("1", &visible(&d.message))
        );
        let location = match (d.line, d.column) {
            (0, _) => d.file.display().to_string(),
            (line, 0) => format!("{}:{line}", d.file.display()),
            (line, column) => format!("{}:{line}:{column}", d.file.display()),
        };
        let gutter = d.line.to_string().len().max(1);
        let _ = writeln!(out, "{:gutter$}{} {location}", "", paint("1;34", "-->"));
        if let Some(source) = &d.source_line {
            let source = visible(source);
            let bar = paint("1;34", "|");
            let _ = writeln!(out, "{:gutter$} {bar}", "");
            let _ = writeln!(out, "{} {bar} {source}", paint("1;34", &d.line.to_string()));
            if d.column > 0 {
                let pad: String = source
                    .chars()
                    .take(d.column - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(out, "{:gutter$} {bar} {pad}{}", "", paint(colour, "^"));
            }
        }
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "{:gutter$} = {} {hint}", "", paint("1", "help:"));
        }
        out.push('\n');
    }
    out
}

/// `text` with its control characters (but tab) shown as symbols (`␀`, `␇`, `␛`): invisible
/// otherwise, and an escape sequence quoted from a file would drive the terminal.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| match u32::from(c) {
            0x09 => c,
            code @ 0x00..=0x1F => char::from_u32(0x2400 + code).unwrap_or('\u{FFFD}'),
            0x7F => '\u{2421}',
            _ if c.is_control() => '\u{FFFD}',
            _ => c,
        })
        .collect()
}

/// Renders one JSON object per line per diagnostic.
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| serde_json::to_string(d).expect("diagnostics serialise") + "\n")
        .collect()
}

/// Renders GitHub Actions workflow annotations.
pub fn render_github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = format!("{} {}", d.code.as_str(), d.message);
        if let Some(hint) = &d.hint {
            message.push_str(&format!(" (help: {hint})"));
        }
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},title={}::{}",
            escape_github_property(&d.file.display().to_string()),
            d.line.max(1),
            d.column.max(1),
            d.code.as_str(),
            escape_github_data(&message)
        );
    }
    out
}

fn escape_github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_github_property(text: &str) -> String {
    escape_github_data(text)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagnostic {
        Diagnostic::error(
            Code::UnknownContact,
            Path::new("content/advisories/x/index.md"),
            Position::new(3, 5),
            "unknown contact `nope`",
        )
        .with_hint("define it in content/contacts.yaml")
        .with_source_from("---\ntitle: x\n  - nope\n")
    }

    #[test]
    fn human_shows_location_line_and_caret() {
        let text = render_human(&[sample()], false);
        assert!(text.contains("error[RF012]: unknown contact `nope`"));
        assert!(text.contains("--> content/advisories/x/index.md:3:5"));
        assert!(text.contains("3 |   - nope"));
        assert!(text.contains("  |     ^"));
        assert!(text.contains("help: define it"));
    }

    #[test]
    fn human_shows_control_characters_as_symbols() {
        let d = Diagnostic::error(
            Code::ControlCharacter,
            Path::new("x.md"),
            Position::new(1, 3),
            "bad",
        )
        .with_source_line("a\u{7}b\u{1b}[31m\tc");
        let text = render_human(&[d], false);
        assert!(text.contains("1 | a\u{2407}b\u{241b}[31m\tc"), "{text}");
        assert!(!text.contains('\u{1b}'), "{text}");
    }

    #[test]
    fn every_code_has_a_row_in_the_documentation() {
        let docs = include_str!("../docs/diagnostics.md");
        let source = include_str!("diagnostics.rs");
        let codes: Vec<&str> = source
            .match_indices("=> \"RF")
            .map(|(i, _)| &source[i + 4..i + 9])
            .collect();
        assert!(codes.len() >= 40, "{codes:?}");
        let missing: Vec<&&str> = codes
            .iter()
            .filter(|code| !docs.contains(&format!("\n| {code} |")))
            .collect();
        assert!(
            missing.is_empty(),
            "not in docs/diagnostics.md: {missing:?}"
        );
    }

    #[test]
    fn json_has_every_field() {
        let line = render_json(&[sample()]);
        let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
        assert_eq!(v["code"], "RF012");
        assert_eq!(v["severity"], "error");
        assert_eq!(v["line"], 3);
        assert_eq!(v["column"], 5);
        assert_eq!(v["file"], "content/advisories/x/index.md");
    }

    #[test]
    fn github_annotations_escape_data() {
        let mut d = sample();
        d.message = "50% wrong\nsecond line".into();
        let text = render_github(&[d]);
        assert!(text.starts_with("::error file=content/advisories/x/index.md,line=3,col=5,"));
        assert!(text.contains("50%25 wrong%0Asecond line"));
    }

    #[test]
    fn position_of_offset_counts_characters() {
        let text = "ab\n名字: x";
        assert_eq!(Position::of_offset(text, 0), Position::new(1, 1));
        assert_eq!(Position::of_offset(text, 3), Position::new(2, 1));
        assert_eq!(Position::of_offset(text, 9), Position::new(2, 3));
    }
}
