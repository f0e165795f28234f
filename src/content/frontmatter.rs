//! Splits an advisory file into its YAML front matter and its Markdown body.

use crate::diagnostics::Position;

/// An advisory file split into front matter and body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// The file line the body starts on (1-based).
    pub body_line: usize,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    /// Where the problem is.
    pub at: Position,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: &'static str,
}

/// Splits `text` (BOM removed, line ends normalised to `\n`) at its `---` fences.
pub fn split_front_matter(text: &str) -> Result<Split<'_>, SplitError> {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))
    else {
        return Err(SplitError {
            at: Position::new(1, 1),
            message: if text.trim().is_empty() {
                "the file is empty".into()
            } else {
                "the file does not start with front matter (a `---` line)".into()
            },
            hint: "start the file with `---`, the YAML fields, then another `---` line before the text",
        });
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let body = &rest[offset + line.len()..];
            return Ok(Split {
                yaml: &rest[..offset],
                body,
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(SplitError {
        at: Position::new(1, 1),
        message: "the front matter is not closed".into(),
        hint: "add a line with only `---` after the last front-matter field",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body() {
        let s = split_front_matter("---\ntitle: x\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn empty_front_matter_and_no_body() {
        let s = split_front_matter("---\n---\n").unwrap();
        assert_eq!((s.yaml, s.body), ("", ""));
    }

    #[test]
    fn reports_missing_and_unclosed_fences() {
        assert!(
            split_front_matter("title: x\n")
                .unwrap_err()
                .message
                .contains("does not start")
        );
        assert!(
            split_front_matter("")
                .unwrap_err()
                .message
                .contains("empty")
        );
        assert!(
            split_front_matter("---\ntitle: x\n")
                .unwrap_err()
                .message
                .contains("not closed")
        );
    }
}
