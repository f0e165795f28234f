//! Reading the site's own files (`site.toml`, `content/`): one size limit, one symlink policy
//! and one text normalisation for every file redflag loads.
//!
//! Symbolic links are refused, never followed: a link could make a build publish a file from
//! outside the site (a key, a private note). Pipes and devices are refused too (a read would
//! block forever), and so is any file over `MAX_FILE_BYTES`. This module reads; it parses
//! nothing.

use std::fmt;
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::encoding::reject_wide_text;

/// Largest file redflag reads (a body of tens of megabytes is a mistake, not an advisory).
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum SourceError {
    /// It is a symbolic link.
    Symlink,
    /// It is a folder, pipe or device.
    NotRegular,
    /// It is larger than `MAX_FILE_BYTES`; the size in bytes.
    TooLarge(u64),
    /// Its metadata cannot be read (it does not exist, or its folder is closed).
    Stat(std::io::Error),
    /// Its bytes cannot be read.
    Read(std::io::Error),
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::Symlink => f.write_str("symbolic links are not followed"),
            SourceError::NotRegular => f.write_str("not a regular file (a folder, pipe or device)"),
            SourceError::TooLarge(_) => write!(
                f,
                "the file is larger than the limit of {} MB",
                MAX_FILE_BYTES / 1024 / 1024
            ),
            SourceError::Stat(err) | SourceError::Read(err) => err.fmt(f),
        }
    }
}

/// The bytes of the file at `path`, under the policy above.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, SourceError> {
    let metadata = std::fs::symlink_metadata(path).map_err(SourceError::Stat)?;
    if metadata.file_type().is_symlink() {
        return Err(SourceError::Symlink);
    }
    if !metadata.is_file() {
        return Err(SourceError::NotRegular);
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(SourceError::TooLarge(metadata.len()));
    }
    std::fs::read(path).map_err(SourceError::Read)
}

/// Reads a text file, enforcing the policy above and UTF-8; `shown` is the path in diagnostics.
/// The text is `normalise`d.
pub fn read_text_file(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = read_bytes(path).map_err(|err| read_error(&err, shown))?;
    reject_wide_text(&bytes, shown)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(normalise(text)),
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let at = Position::of_offset(&String::from_utf8_lossy(valid), valid.len());
            let lossy = normalise(String::from_utf8_lossy(err.as_bytes()).into_owned());
            Err(Diagnostic::error(Code::NotUtf8, shown, at, "the file is not valid UTF-8 text")
                .with_hint("save the file with UTF-8 encoding (most editors: File → Save with Encoding → UTF-8)")
                .with_source_from(&lossy))
        }
    }
}

/// The diagnostic for a content file that `read_bytes` refused.
fn read_error(err: &SourceError, shown: &Path) -> Diagnostic {
    let error =
        |code, message: String| Diagnostic::error(code, shown, Position::default(), message);
    match err {
        SourceError::Symlink => error(Code::UnexpectedFile, err.to_string())
            .with_hint("copy the file into the site instead of linking to it"),
        SourceError::NotRegular => error(Code::UnexpectedFile, err.to_string())
            .with_hint("replace it with an ordinary text file"),
        SourceError::TooLarge(len) => error(
            Code::UnexpectedFile,
            format!(
                "the file is {} MB, more than the limit of {} MB",
                len.div_ceil(1024 * 1024),
                MAX_FILE_BYTES / 1024 / 1024
            ),
        )
        .with_hint("split it up or shorten it: an advisory should be readable on a phone"),
        SourceError::Stat(io) => error(Code::Io, format!("cannot read the file: {io}")),
        SourceError::Read(io) => error(Code::Io, format!("cannot read the file: {io}"))
            .with_hint("check that the file exists and that you may read it"),
    }
}

/// Removes a UTF-8 byte-order mark and turns CRLF line ends into LF.
pub fn normalise(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_bom_and_crlf() {
        assert_eq!(normalise("\u{feff}---\r\na: b\r\n".into()), "---\na: b\n");
    }

    #[test]
    fn refuses_links_and_folders() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("site.toml");
        std::fs::write(&file, "title = \"x\"\n").unwrap();
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert_eq!(read_bytes(&file).unwrap(), b"title = \"x\"\n");
        assert!(matches!(read_bytes(&link), Err(SourceError::Symlink)));
        assert!(matches!(
            read_bytes(dir.path()),
            Err(SourceError::NotRegular)
        ));
        let shown = Path::new("content/link.toml");
        let d = read_text_file(&link, shown).unwrap_err();
        assert_eq!(
            (d.code, d.message.as_str()),
            (Code::UnexpectedFile, "symbolic links are not followed")
        );
    }
}
