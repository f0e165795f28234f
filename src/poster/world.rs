//! The typst `World` posters are compiled in: the theme's `poster/` files, its fonts, and the
//! data of one poster, all in memory. Nothing is read from disk, nothing from the network, no
//! system font is used and `today()` is `None`, so the same input gives the same PDF.
//!
//! typst interns file ids globally and never frees them, so every render serves the same fixed
//! virtual paths (`/data.json`, `/qr-1.svg`, `/qr-2.svg`) with different contents.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};

use crate::theme::FontSet;
use crate::theme::Theme;

pub use crate::plan::posters::TEMPLATE;
/// Where the template finds the poster's data (`json("/data.json")`).
pub const DATA_PATH: &str = "/data.json";
/// Where the template finds the QR codes, one per language (`/qr-1.svg`, `/qr-2.svg`).
pub const QR_PATHS: [&str; 2] = ["/qr-1.svg", "/qr-2.svg"];

/// What is shared by every poster render: the standard library, the fonts and the theme's
/// poster files, parsed once.
pub struct Typesetter {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: FontSet,
    main: FileId,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
    origins: HashMap<FileId, PathBuf>,
    data_id: FileId,
    qr_ids: [FileId; 2],
}

/// A typst error or warning, located in a theme file when typst knows where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypstMessage {
    /// The theme file (as shown in diagnostics), when known.
    pub file: Option<PathBuf>,
    /// 1-based line and column, when known.
    pub at: Option<(usize, usize)>,
    /// The message, with typst's hints.
    pub message: String,
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("poster paths are valid virtual paths");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl Typesetter {
    /// Loads the theme's fonts and `poster/` files. `None` when the theme has no poster template.
    pub fn new(theme: &Theme) -> Option<Typesetter> {
        Typesetter::for_template(theme, TEMPLATE)
    }

    /// Loads the theme's fonts and the files of the folder of `template` (`share/card.typ`:
    /// the `share/` files), with `template` as the main file. `None` when the theme lacks it.
    pub fn for_template(theme: &Theme, template: &str) -> Option<Typesetter> {
        let (folder, main_rel) = template.split_once('/')?;
        let template_file = theme.file(template)?;
        let mut sources = HashMap::new();
        let mut files = HashMap::new();
        let mut origins = HashMap::new();
        for (rel, file) in theme.files_under(folder) {
            let id = file_id(&format!("/{rel}"));
            let bytes = file.bytes.clone();
            if rel.ends_with(".typ") {
                let text = String::from_utf8_lossy(&file.bytes).into_owned();
                sources.insert(id, Source::new(id, text));
            }
            files.insert(id, bytes);
            origins.insert(id, file.origin.clone());
        }
        let main = file_id(&format!("/{main_rel}"));
        debug_assert!(origins.get(&main) == Some(&template_file.origin));
        let fonts = theme.fonts().clone();
        Some(Typesetter {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(fonts.book.clone()),
            fonts,
            main,
            sources,
            files,
            origins,
            data_id: file_id(DATA_PATH),
            qr_ids: QR_PATHS.map(file_id),
        })
    }

    /// The fonts, for coverage checks.
    pub fn fonts(&self) -> &FontSet {
        &self.fonts
    }

    /// Compiles the template with `data` (JSON) and QR code SVGs into a laid-out document.
    pub fn compile(
        &self,
        data: &[u8],
        qr: &[String],
    ) -> Result<typst_layout::PagedDocument, Vec<TypstMessage>> {
        let world = PosterWorld {
            engine: self,
            data: Bytes::new(data.to_vec()),
            qr: qr.iter().map(|s| Bytes::from_string(s.clone())).collect(),
        };
        let result = typst::compile::<typst_layout::PagedDocument>(&world);
        result
            .output
            .map_err(|errors| errors.iter().map(|e| world.message(e)).collect())
    }

    /// typst diagnostics that are not from compiling (PDF export), located like compile errors.
    pub fn messages(&self, diagnostics: &[SourceDiagnostic]) -> Vec<TypstMessage> {
        let world = PosterWorld {
            engine: self,
            data: Bytes::new(Vec::new()),
            qr: Vec::new(),
        };
        diagnostics.iter().map(|e| world.message(e)).collect()
    }

    /// Where a theme file came from, for diagnostics.
    fn origin(&self, id: FileId) -> Option<&Path> {
        self.origins.get(&id).map(PathBuf::as_path)
    }
}

/// The world of one render: the shared engine plus this poster's data and QR codes.
struct PosterWorld<'a> {
    engine: &'a Typesetter,
    data: Bytes,
    qr: Vec<Bytes>,
}

impl PosterWorld<'_> {
    fn message(&self, diagnostic: &SourceDiagnostic) -> TypstMessage {
        let id = diagnostic.span.id();
        let at = self.range(diagnostic.span).and_then(|range| {
            let source = self.source(id?).ok()?;
            let (line, column) = source.lines().byte_to_line_column(range.start)?;
            Some((line + 1, column + 1))
        });
        let mut message = diagnostic.message.to_string();
        for hint in &diagnostic.hints {
            message.push_str(&format!(" (hint: {})", hint.v));
        }
        TypstMessage {
            file: id
                .and_then(|id| self.engine.origin(id))
                .map(Path::to_path_buf),
            at,
            message,
        }
    }
}

impl World for PosterWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.engine.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.engine
            .sources
            .get(&id)
            .cloned()
            .ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.engine.data_id {
            return Ok(self.data.clone());
        }
        if let Some(i) = self.engine.qr_ids.iter().position(|q| *q == id) {
            return self.qr.get(i).cloned().ok_or_else(|| not_found(id));
        }
        self.engine
            .files
            .get(&id)
            .cloned()
            .ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.vpath().get_with_slash()))
}
