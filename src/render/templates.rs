//! The theme's Tera templates: compiled once per render, and Tera errors turned into diagnostics
//! that name the template file, line and column.

use std::path::Path;

use tera::{ErrorKind, Tera};

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::theme::Theme;

/// Compiles every template under the theme's `templates/` folder.
pub fn compile(theme: &Theme) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    let sources: Vec<(&str, String)> = theme
        .files_under("templates")
        .map(|(name, file)| (name, String::from_utf8_lossy(&file.bytes).into_owned()))
        .collect();
    tera.add_raw_templates(sources.iter().map(|(name, text)| (*name, text.as_str())))
        .map_err(|err| vec![diagnostic(theme, "", &err)])?;
    Ok(tera)
}

/// A diagnostic for a Tera error, located in the theme file it comes from.
pub fn diagnostic(theme: &Theme, template: &str, err: &tera::Error) -> Diagnostic {
    let (name, at, message, source) = match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            let name = if report.filename().is_empty() {
                template
            } else {
                report.filename()
            };
            let source = theme
                .file(&format!("templates/{name}"))
                .map(|f| String::from_utf8_lossy(&f.bytes).into_owned());
            (
                name.to_owned(),
                Position::new(span.start_line, span.start_col + 1),
                report.message().to_owned(),
                source,
            )
        }
        _ => (
            template.to_owned(),
            Position::default(),
            err.to_string(),
            None,
        ),
    };
    let file = theme
        .file(&format!("templates/{name}"))
        .map_or_else(|| Path::new("templates").join(&name), |f| f.origin.clone());
    let mut diagnostic = Diagnostic::error(
        Code::Template,
        &file,
        at,
        format!("template error: {message}"),
    )
    .with_hint("fix the template; every variable it uses is listed in docs/theming.md");
    if let Some(source) = source {
        diagnostic = diagnostic.with_source_from(&source);
    }
    diagnostic
}
