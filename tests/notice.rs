//! The notice layout (`[posters] layouts = ["handout", "notice"]`), for notice boards: on Tabloid
//! and A3 in every language, read with independent tools — the page size by `pdfinfo`, the
//! headline's and the emergency number's type size from `pdftotext -bbox-layout`, and the QR
//! code decoded by `zbarimg` at the resolution a phone two metres away gives, its printed width
//! measured on a rendered image; and every notice PDF/UA-1 by the two checkers of `pdfua.rs`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::example::{add_to_posters_table, copy_of_example_without_share_images};
use crate::support::pdf::tool;

/// Noto Sans's ascender + descender in em (1069 + 293 per 1000): poppler's word boxes are
/// this tall per point of type.
const NOTO_SANS_BOX_EM: f64 = 1.362;

/// A phone camera (4000 pixels across a 70° view) two metres away sees about 36 pixels per inch
/// of paper: 2 × 2 m × tan 35° = 2.8 m across 4000 pixels.
const PHONE_AT_TWO_METRES_DPI: &str = "36";

const SLUG: &str = "fake-chinese-police-video-calls";

/// The example with notices, its posters written by `redflag posters`; `SLUG`'s folder. Only
/// the advisories' notices are made (no handouts, no institution's posters): the test reads
/// those alone.
fn notices() -> (tempfile::TempDir, PathBuf) {
    let dir = copy_of_example_without_share_images("");
    add_to_posters_table(dir.path(), "layouts = [\"notice\"]\ninstitutions = []");
    let out = Command::new(env!("CARGO_BIN_EXE_redflag"))
        .current_dir(dir.path())
        .args(["posters"])
        .env_remove("CI")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let folder = dir.path().join("public/advisories").join(SLUG);
    (dir, folder)
}

/// Words and their boxes (x0, y0, x1, y1) in points, as `pdftotext -bbox-layout` reads them.
fn words(pdf: &Path) -> Vec<(String, [f64; 4])> {
    let xml = tool("pdftotext", &["-bbox-layout", pdf.to_str().unwrap(), "-"]);
    xml.lines()
        .filter_map(|line| {
            let line = line.trim().strip_prefix("<word ")?;
            let (attrs, rest) = line.split_once('>')?;
            let word = rest.strip_suffix("</word>")?.to_owned();
            let value = |key: &str| -> f64 {
                let at = attrs.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
                attrs[at..].split('"').next().unwrap().parse().unwrap()
            };
            Some((
                word,
                [value("xMin"), value("yMin"), value("xMax"), value("yMax")],
            ))
        })
        .collect()
}

fn type_size(pdf: &Path, word: &str) -> f64 {
    let (_, b) = words(pdf)
        .into_iter()
        .find(|(w, _)| w == word)
        .unwrap_or_else(|| panic!("no word `{word}` in {}", pdf.display()));
    (b[3] - b[1]) / NOTO_SANS_BOX_EM
}

/// The width in centimetres of the dark pixels left of `right_pt` and below `top_pt` (there is
/// nothing else than the QR code there), on a 72 dpi greyscale rendering of the page.
fn qr_width_cm(pdf: &Path, top_pt: f64, right_pt: f64) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let stem = dir.path().join("page");
    tool(
        "pdftoppm",
        &[
            "-r",
            "72",
            "-gray",
            "-singlefile",
            pdf.to_str().unwrap(),
            stem.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(stem.with_extension("pgm")).unwrap();
    let header: Vec<&[u8]> = bytes.splitn(5, |b| b.is_ascii_whitespace()).collect();
    let width: usize = std::str::from_utf8(header[1]).unwrap().parse().unwrap();
    let height: usize = std::str::from_utf8(header[2]).unwrap().parse().unwrap();
    let pixels = &bytes[bytes.len() - width * height..];
    let (mut min_x, mut max_x) = (usize::MAX, 0);
    for y in (top_pt as usize)..height {
        for x in 0..(right_pt as usize).min(width) {
            if pixels[y * width + x] < 128 {
                min_x = min_x.min(x);
                max_x = max_x.max(x);
            }
        }
    }
    assert!(min_x < max_x, "no QR code found in {}", pdf.display());
    (max_x + 1 - min_x) as f64 / 72.0 * 2.54
}

#[test]
fn notices_are_tabloid_and_a3_in_every_language_with_large_type_and_a_readable_qr_code() {
    let (dir, folder) = notices();
    let advisories = dir.path().join("public/advisories");
    let mut languages = Vec::new();
    let mut notice_files = Vec::new();
    for pdf in glob_notices(&advisories) {
        let name = pdf.file_stem().unwrap().to_str().unwrap().to_owned();
        let (lang, size) = name
            .strip_prefix("notice-")
            .and_then(|rest| rest.rsplit_once('-'))
            .unwrap();
        languages.push(lang.to_owned());
        notice_files.push(pdf.clone());
        let expected = match size {
            "tabloid" => "792 x 1224 pts",
            "a3" => "841.89 x 1190.55 pts",
            other => panic!("a notice on {other} paper"),
        };
        {
            let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
            assert!(
                info.contains(&format!("Page size:       {expected}")),
                "{name}: {info}"
            );
            assert!(info.contains("Pages:           1"), "{info}");
            assert!(info.contains("Tagged:          yes"), "{info}");
            let image = render(&pdf, dir.path(), PHONE_AT_TWO_METRES_DPI);
            let decoded = tool("zbarimg", &["-q", "--raw", &image]);
            let slug = pdf.parent().unwrap().file_name().unwrap().to_str().unwrap();
            assert!(
                decoded.trim().ends_with(&format!("/advisories/{slug}/")),
                "{name}: the QR code at {PHONE_AT_TWO_METRES_DPI} dpi reads {decoded:?}"
            );
        }
    }
    languages.sort();
    languages.dedup();
    assert_eq!(
        languages,
        ["ar", "en", "fr", "zh-Hans"],
        "a notice in every language"
    );
    // Every notice is PDF/UA-1 by both checkers, like the handouts (tests/pdfua.rs).
    let problems = crate::pdfua::ua1_problems(&notice_files);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let pdf = folder.join("notice-en-tabloid.pdf");
    // The headline's last word and the emergency number, in Noto Sans.
    let headline = type_size(&pdf, "Hang");
    assert!(headline >= 59.5, "headline at {headline:.1} pt, under 60");
    let emergency = type_size(&pdf, "911");
    assert!(emergency >= 39.5, "911 at {emergency:.1} pt, under 40");
    let all = words(&pdf);
    let scan = all
        .iter()
        .find(|(w, _)| w == "Scan")
        .expect("a QR caption")
        .1;
    let contacts_bottom = all
        .iter()
        .filter(|(w, _)| w.contains("416-808-2222"))
        .map(|(_, b)| b[3])
        .fold(0.0, f64::max);
    let width = qr_width_cm(&pdf, contacts_bottom + 1.0, scan[0] - 1.0);
    assert!(
        width >= 4.0,
        "the QR code is {width:.2} cm wide, under 4 cm"
    );
    // The English notice has at most three red flags and only what a notice shows.
    let text = crate::support::pdf::text_of(&pdf);
    assert!(!text.contains("How to protect yourself"), "{text}");
}

/// Every notice PDF below `advisories`.
fn glob_notices(advisories: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(advisories).unwrap() {
        for file in std::fs::read_dir(entry.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap();
            if name.starts_with("notice-") && name.ends_with(".pdf") {
                found.push(path);
            }
        }
    }
    found
}

/// `pdf` rendered at `dpi` to a greyscale image in `dir`.
fn render(pdf: &Path, dir: &Path, dpi: &str) -> String {
    let parent = pdf.parent().unwrap().file_name().unwrap().to_str().unwrap();
    let stem = dir.join(format!(
        "{parent}-{}",
        pdf.file_stem().unwrap().to_str().unwrap()
    ));
    tool(
        "pdftoppm",
        &[
            "-r",
            dpi,
            "-gray",
            "-singlefile",
            pdf.to_str().unwrap(),
            stem.to_str().unwrap(),
        ],
    );
    stem.with_extension("pgm").to_str().unwrap().to_owned()
}
