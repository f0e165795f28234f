//! The preview's own HTML, never part of a build: the live-reload script and the error overlay
//! added to served pages, and the page shown for every URL while no version of the site could be
//! built yet. All of it is valid HTML (the browser test checks it with the Nu Html Checker).

use crate::diagnostics::{Diagnostic, render_human};
use crate::markdown::escape_html_into;
use crate::serve::preview::Snapshot;

/// The path of the live-reload script.
pub const SCRIPT_PATH: &str = "/__redflag/live.js";

/// Adds the live-reload script, and the error overlay when the last rebuild failed, before the
/// page's `</body>`.
pub fn inject(html: &[u8], snapshot: &Snapshot) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let mut extra = script_tag(snapshot.version);
    if !snapshot.errors.is_empty() {
        extra.push_str(&overlay(
            &snapshot.errors,
            "<h2 style=\"color:#ff8a80;margin-top:0\">redflag: the last save has errors \
             (showing the last good version)</h2>",
        ));
    }
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + extra.len());
    out.push_str(&html[..at]);
    out.push_str(&extra);
    out.push_str(&html[at..]);
    out.into_bytes()
}

/// The page for every URL while the site has never been built: the errors that keep it from
/// building, and the live-reload script, so the first good save shows the site by itself.
pub fn error_page(snapshot: &Snapshot) -> String {
    let overlay = overlay(
        &snapshot.errors,
        "<h1 style=\"color:#ff8a80;margin-top:0;font-size:1.5em\">redflag: the site has errors \
         (nothing to show until they are fixed)</h1>",
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>redflag preview: errors</title>\n</head>\n<body>\n{overlay}\n{}\n</body>\n</html>\n",
        script_tag(snapshot.version)
    )
}

/// The page the preview serves for a poster it could not make: its errors (a typst error, or
/// why the PDF cannot claim PDF/UA-1) over nothing else.
pub fn poster_error_page(snapshot: &Snapshot, errors: &[Diagnostic]) -> String {
    let overlay = overlay(
        errors,
        "<h1 style=\"color:#ff8a80;margin-top:0;font-size:1.5em\">redflag: this poster could not \
         be made (PDF/UA-1)</h1>",
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>redflag preview: poster errors</title>\n</head>\n<body>\n{overlay}\n{}\n</body>\n</html>\n",
        script_tag(snapshot.version)
    )
}

fn script_tag(version: u64) -> String {
    format!("<script src=\"{SCRIPT_PATH}\" data-version=\"{version}\" defer></script>")
}

/// The errors (file:line:col, the line, a hint) over everything else, in English like the
/// terminal's, under `heading`.
fn overlay(errors: &[Diagnostic], heading: &str) -> String {
    let mut text = String::new();
    escape_html_into(&mut text, &render_human(errors, false));
    format!(
        "<div id=\"redflag-errors\" role=\"alert\" lang=\"en\" dir=\"ltr\" style=\"position:fixed;\
         inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.92);color:#fff;\
         padding:2rem;font:14px/1.5 ui-monospace,monospace\">{heading}\
         <pre style=\"white-space:pre-wrap\">{text}</pre>\
         <p>Fix the file and save: this message goes away by itself.</p></div>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_closing_body() {
        let snapshot = Snapshot::default();
        let html =
            String::from_utf8(inject(b"<html><body><p>x</p></body></html>", &snapshot)).unwrap();
        assert!(html.ends_with(&format!(
            "<script src=\"{SCRIPT_PATH}\" data-version=\"0\" defer></script></body></html>"
        )));
        assert!(!html.contains("redflag-errors"));
    }
}
