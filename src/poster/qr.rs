//! QR codes for posters: a URL → a vector SVG (one path) with the standard quiet zone of four
//! light modules on every side, which typst embeds as vector graphics in the PDF.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// A QR code as SVG, and how many modules wide it is including the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrSvg {
    /// The SVG document.
    pub svg: String,
    /// Width in modules, quiet zone included.
    pub modules: usize,
}

/// Light modules on each side of the code, as ISO/IEC 18004 requires.
pub const QUIET_ZONE: usize = 4;

/// A URL that does not fit in a QR code.
#[derive(Debug, thiserror::Error)]
#[error("cannot encode {url} as a QR code: {source}")]
pub struct QrError {
    /// The URL.
    pub url: String,
    /// Why the encoder refused it (too long).
    source: qrcode::types::QrError,
}

/// Encodes `url` at error-correction level M (15 %: survives a scuffed or folded poster).
pub fn qr_svg(url: &str) -> Result<QrSvg, QrError> {
    let code =
        QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).map_err(|source| {
            QrError {
                url: url.to_owned(),
                source,
            }
        })?;
    let svg = code
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    Ok(QrSvg {
        svg,
        modules: code.width() + 2 * QUIET_ZONE,
    })
}

/// The QR codes of one render, each made once per URL: a URL's code is the same on every paper
/// size and every poster that shows it, and making one (choosing its mask tries all eight) was
/// the costliest step of checking that a poster is unchanged.
#[derive(Default)]
pub struct QrCodes {
    made: Mutex<HashMap<String, Arc<QrSvg>>>,
}

impl QrCodes {
    /// The QR code of `url`, made on first use.
    pub fn get(&self, url: &str) -> Result<Arc<QrSvg>, QrError> {
        let made = || {
            self.made
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        };
        if let Some(code) = made().get(url) {
            return Ok(Arc::clone(code));
        }
        let code = Arc::new(qr_svg(url)?);
        made().insert(url.to_owned(), Arc::clone(&code));
        Ok(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_a_url_with_a_quiet_zone() {
        let qr = qr_svg("https://alerts.example.org/advisories/x/").unwrap();
        assert!(qr.svg.starts_with("<?xml"));
        assert!(qr.svg.contains(&format!("width=\"{}\"", qr.modules)));
        assert!(qr.modules >= 21 + 8);
    }

    #[test]
    fn a_url_too_long_for_a_code_is_an_error_naming_it() {
        let url = format!("https://alerts.example.org/{}", "x".repeat(3000));
        let message = qr_svg(&url).unwrap_err().to_string();
        assert_eq!(
            message,
            format!("cannot encode {url} as a QR code: data too long")
        );
    }

    #[test]
    fn each_url_is_encoded_once_per_render_and_errors_are_kept() {
        let codes = QrCodes::default();
        let a = "https://alerts.example.org/advisories/a/";
        let first = codes.get(a).unwrap();
        assert!(Arc::ptr_eq(&first, &codes.get(a).unwrap()), "made once");
        assert_eq!(*first, qr_svg(a).unwrap());
        let b = codes
            .get("https://alerts.example.org/fr/advisories/a/")
            .unwrap();
        assert_ne!(first.svg, b.svg);
        let long = format!("https://alerts.example.org/{}", "x".repeat(3000));
        assert!(codes.get(&long).is_err());
    }
}
