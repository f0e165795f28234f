//! Poster tests: the example site's posters are valid PDFs (qpdf), embed their fonts (pdffonts),
//! have the right page size (pdfinfo), carry a QR code that decodes to the right page (pdftoppm +
//! zbarimg) and the right text in every language (pdftotext); over-full and uncovered text are
//! clear errors; author text is never evaluated. They read the shared build of the example
//! (`support::example::built_example`); `reproducible.rs` compares two builds.
//!
//! Needs poppler-utils, qpdf and zbar-tools (`scripts/install-test-deps.sh`).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use redflag::build::load;
use redflag::content::LoadOptions;

use crate::support::example::built_example;
use crate::support::pdf::{holds, page_count, text_of, tool};

const BASE_URL: &str = "https://alerts.example.org";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every poster the example site must have: (path, languages, size).
fn expected_posters() -> Vec<(String, Vec<&'static str>, &'static str)> {
    let mut posters = Vec::new();
    let advisories: [(&str, &[&str]); 3] = [
        ("virtual-kidnapping-calgary", &["en", "fr", "zh-Hans", "ar"]),
        (
            "police-impersonation-calls-toronto",
            &["en", "fr", "zh-Hans", "ar"],
        ),
        ("fake-chinese-police-video-calls", &["en", "zh-Hans"]),
    ];
    for size in ["letter", "a4"] {
        for (slug, languages) in advisories {
            for lang in languages {
                posters.push((
                    format!("advisories/{slug}/poster-{lang}-{size}.pdf"),
                    vec![*lang],
                    size,
                ));
            }
        }
        posters.push((
            format!("posters/northgate-college/virtual-kidnapping-calgary-{size}.pdf"),
            vec!["en", "zh-Hans"],
            size,
        ));
        posters.push((
            format!("posters/lakeshore-polytechnic/police-impersonation-calls-toronto-{size}.pdf"),
            vec!["en", "ar"],
            size,
        ));
        // This advisory has no Arabic translation: the institution's poster is in English.
        posters.push((
            format!("posters/lakeshore-polytechnic/fake-chinese-police-video-calls-{size}.pdf"),
            vec!["en"],
            size,
        ));
    }
    posters
}

fn slug_of(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap();
    if path.starts_with("advisories/") {
        path.split('/').nth(1).unwrap()
    } else {
        name.rsplit_once('-').unwrap().0
    }
}

fn page_url(slug: &str, lang: &str) -> String {
    let segment = if lang == "en" {
        String::new()
    } else {
        format!("{}/", lang.to_lowercase())
    };
    format!("{BASE_URL}/{segment}advisories/{slug}/")
}

#[test]
fn every_poster_exists_with_a_preview() {
    let out = built_example();
    let expected = expected_posters();
    for (path, _, _) in &expected {
        assert!(out.join(path).is_file(), "{path} is missing");
        let png = out.join(path.replace(".pdf", ".png"));
        let bytes = std::fs::read(&png).unwrap_or_else(|_| panic!("{} is missing", png.display()));
        assert!(bytes.starts_with(b"\x89PNG"), "{}", png.display());
    }
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "pdf") {
            found.push(entry.path().strip_prefix(out).unwrap().to_path_buf());
        }
    }
    assert_eq!(found.len(), expected.len(), "{found:?}");
}

#[test]
fn posters_are_valid_pdfs_with_embedded_fonts_and_the_right_size() {
    let out = built_example();
    for (path, _, size) in expected_posters() {
        let pdf = out.join(&path);
        let pdf = pdf.to_str().unwrap();
        tool("qpdf", &["--check", pdf]);
        let info = tool("pdfinfo", &[pdf]);
        assert_eq!(page_count(&info), Some("1"), "{path}: {info}");
        let expected_size = match size {
            "letter" => "612 x 792 pts (letter)",
            "a4" => "595.276 x 841.89 pts (A4)",
            _ => unreachable!(),
        };
        assert!(info.contains(expected_size), "{path}: {info}");
        let fonts = tool("pdffonts", &[pdf]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{path}: no fonts");
        for row in rows {
            let columns: Vec<&str> = row.split_whitespace().collect();
            // name type [encoding] emb sub uni object-id: emb and sub are the 5th/4th from the end.
            let n = columns.len();
            assert_eq!(columns[n - 5], "yes", "{path}: font not embedded: {row}");
            assert_eq!(columns[n - 4], "yes", "{path}: font not subset: {row}");
        }
    }
}

#[test]
fn qr_codes_decode_to_the_advisory_page_in_each_language() {
    let out = built_example();
    let dir = tempfile::tempdir().unwrap();
    for (i, (path, languages, _)) in expected_posters().into_iter().enumerate() {
        let prefix = dir.path().join(format!("p{i}"));
        tool(
            "pdftoppm",
            &[
                "-r",
                "150",
                "-gray",
                "-singlefile",
                out.join(&path).to_str().unwrap(),
                prefix.to_str().unwrap(),
            ],
        );
        // A grey-scale PGM: a third of the time of a PNG to write and to read, same pixels.
        let pgm = prefix.with_extension("pgm");
        let decoded: BTreeSet<String> = tool("zbarimg", &["--raw", "-q", pgm.to_str().unwrap()])
            .lines()
            .map(str::to_owned)
            .collect();
        let slug = slug_of(&path);
        let expected: BTreeSet<String> = languages.iter().map(|l| page_url(slug, l)).collect();
        assert_eq!(decoded, expected, "{path}");
    }
}

/// A grey-scale raster: one byte per pixel, 0 black, 255 white.
struct Gray {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

impl Gray {
    /// Reads a binary PGM (`P5`), as `pdftoppm -gray` writes it.
    fn read_pgm(path: &Path) -> Gray {
        let bytes = std::fs::read(path).unwrap();
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            while bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let start = at;
            while !bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
        }
        assert_eq!(fields[0], "P5", "{}", path.display());
        let (width, height) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
        Gray {
            width,
            height,
            pixels: bytes[at + 1..].to_vec(),
        }
    }

    fn at(&self, x: usize, y: usize) -> u8 {
        self.pixels[y * self.width + x]
    }

    /// Writes the rectangle [x0, x1) × [y0, y1) as a PGM.
    fn write_crop(&self, (x0, x1): (usize, usize), (y0, y1): (usize, usize), path: &Path) {
        let mut out = format!("P5\n{} {}\n255\n", x1 - x0, y1 - y0).into_bytes();
        for y in y0..y1 {
            out.extend_from_slice(&self.pixels[y * self.width + x0..y * self.width + x1]);
        }
        std::fs::write(path, out).unwrap();
    }
}

/// Whether zbarimg finds a QR code in the image at `path`.
fn decodes(path: &Path) -> bool {
    let output = Command::new("zbarimg")
        .args(["-q", "--raw", path.to_str().unwrap()])
        .output()
        .expect("zbarimg runs (scripts/install-test-deps.sh installs it)");
    output.status.success() && !output.stdout.is_empty()
}

/// The largest `n` in `lo..=hi` for which `ok(n)` holds, given that it holds for `lo` and, once
/// it fails, fails for every larger `n`.
fn last_true(mut lo: usize, mut hi: usize, ok: impl Fn(usize) -> bool) -> usize {
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if ok(mid) { lo = mid } else { hi = mid - 1 }
    }
    lo
}

#[test]
fn qr_code_is_at_least_3_cm_wide_on_letter() {
    // zbarimg gives no coordinates: find the smallest crop of the page that still decodes
    // (binary search on each edge), then measure the dark modules inside it. The crop keeps part
    // of the code's white quiet zone, so nothing else is inside it.
    const DPI: f64 = 150.0;
    let out = built_example();
    let dir = tempfile::tempdir().unwrap();
    for path in [
        "advisories/virtual-kidnapping-calgary/poster-en-letter.pdf",
        "posters/northgate-college/virtual-kidnapping-calgary-letter.pdf",
    ] {
        let prefix = dir.path().join("page");
        let pdf = out.join(path);
        tool(
            "pdftoppm",
            &[
                "-r",
                "150",
                "-gray",
                "-singlefile",
                pdf.to_str().unwrap(),
                prefix.to_str().unwrap(),
            ],
        );
        let page = Gray::read_pgm(&prefix.with_extension("pgm"));
        let (w, h) = (page.width, page.height);
        let crop = dir.path().join("crop.pgm");
        let decodes_in = |x: (usize, usize), y: (usize, usize)| {
            page.write_crop(x, y, &crop);
            decodes(&crop)
        };
        assert!(decodes_in((0, w), (0, h)), "{path}: no QR code found");
        let left = last_true(0, w - 1, |x0| decodes_in((x0, w), (0, h)));
        let right = w - last_true(0, w - left - 1, |cut| decodes_in((left, w - cut), (0, h)));
        let top = last_true(0, h - 1, |y0| decodes_in((left, right), (y0, h)));
        let bottom = h - last_true(0, h - top - 1, |cut| {
            decodes_in((left, right), (top, h - cut))
        });
        let dark: Vec<(usize, usize)> = (top..bottom)
            .flat_map(|y| (left..right).map(move |x| (x, y)))
            .filter(|&(x, y)| page.at(x, y) < 128)
            .collect();
        let min_x = dark.iter().map(|p| p.0).min().unwrap();
        let max_x = dark.iter().map(|p| p.0).max().unwrap();
        let width_cm = (max_x - min_x + 1) as f64 / DPI * 2.54;
        assert!(
            width_cm >= 3.0,
            "{path}: the QR code is {width_cm:.2} cm wide ({left}..{right} × {top}..{bottom} px)"
        );
    }
}

/// The first number of three digits or more (a run of digits, `+` and `-`) in a poster's text.
fn first_number(text: &str) -> Option<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '-' || c == '+'))
        .find(|token| token.chars().filter(char::is_ascii_digit).count() >= 3)
        .map(str::to_owned)
}

#[test]
fn the_emergency_number_is_the_first_number_on_every_poster() {
    let out = built_example();
    let site = load(repo(), &LoadOptions::default()).unwrap().site;
    let emergency = site
        .contacts
        .values()
        .find(|c| c.kind == redflag::model::ContactKind::Emergency)
        .expect("the example has an emergency contact");
    for (path, _, _) in expected_posters() {
        let text = text_of(&out.join(&path));
        assert_eq!(
            first_number(&text).as_deref(),
            Some(emergency.phone.display.as_str()),
            "{path}: the first number a reader meets\n{text}"
        );
    }
}

#[test]
fn every_printed_text_is_at_least_12_pt() {
    // pdftohtml reports each font size used, in pixels at the zoom asked: at zoom 3, whole
    // pixels are thirds of a point.
    let out = built_example();
    for (path, _, _) in expected_posters() {
        let xml = tool(
            "pdftohtml",
            &[
                "-xml",
                "-i",
                "-zoom",
                "3",
                "-stdout",
                "-q",
                out.join(&path).to_str().unwrap(),
            ],
        );
        let sizes: Vec<f64> = xml
            .split("<fontspec ")
            .skip(1)
            .filter_map(|spec| {
                spec.split("size=\"")
                    .nth(1)?
                    .split('"')
                    .next()?
                    .parse()
                    .ok()
            })
            .map(|px: f64| px / 3.0)
            .collect();
        assert!(!sizes.is_empty(), "{path}: no fonts\n{xml}");
        let smallest = sizes.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(
            smallest >= 11.9,
            "{path}: text printed at {smallest:.2} pt (sizes {sizes:?})"
        );
    }
}

#[test]
fn posters_carry_the_red_flags_and_numbers_in_every_language() {
    let out = built_example();
    let site = load(repo(), &LoadOptions::default()).unwrap().site;
    for (path, languages, _) in expected_posters() {
        let text = text_of(&out.join(&path));
        let advisory = site
            .advisories
            .iter()
            .find(|a| a.slug == slug_of(&path))
            .unwrap();
        for lang in &languages {
            let flags = advisory
                .field(lang, |t| t.red_flags.as_ref())
                .unwrap()
                .value;
            for flag in flags {
                assert!(holds(&text, flag, lang), "{path}: [{lang}] {flag}\n{text}");
            }
        }
        let phone = &advisory
            .contacts
            .iter()
            .min_by_key(|c| c.kind)
            .unwrap()
            .phone
            .display;
        assert!(holds(&text, phone, "en"), "{path}: {phone}");
    }
}

#[test]
fn institution_posters_carry_its_number_and_name_in_both_languages() {
    let out = built_example();
    let site = load(repo(), &LoadOptions::default()).unwrap().site;
    let cases = [
        (
            "northgate-college",
            "virtual-kidnapping-calgary",
            ["en", "zh-Hans"],
        ),
        (
            "lakeshore-polytechnic",
            "police-impersonation-calls-toronto",
            ["en", "ar"],
        ),
    ];
    for (id, slug, languages) in cases {
        let institution = site
            .config
            .institutions
            .iter()
            .find(|i| i.id == id)
            .unwrap();
        let security = institution
            .contacts
            .iter()
            .map(|id| &site.contacts[id])
            .find(|c| c.kind != redflag::model::ContactKind::Emergency)
            .expect("a campus contact");
        for size in ["letter", "a4"] {
            let path = format!("posters/{id}/{slug}-{size}.pdf");
            let text = text_of(&out.join(&path));
            assert!(
                holds(&text, &security.phone.display, "en"),
                "{path}: {}",
                security.phone.display
            );
            for lang in languages {
                let name = security.name.resolve(lang, "en").text;
                assert!(holds(&text, name, lang), "{path}: [{lang}] {name}\n{text}");
            }
        }
    }
}

#[test]
fn right_to_left_text_is_extracted_in_logical_order() {
    let out = built_example();
    let text = text_of(&out.join("advisories/virtual-kidnapping-calgary/poster-ar-letter.pdf"));
    let text: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}'))
        .collect();
    // Words of the first Arabic red flag and of the site title, in the order they are written
    // (visual order would reverse them).
    for phrase in ["المتصل على الهاتف لساعات", "تنبيه من الاحتيال"]
    {
        assert!(text.contains(phrase), "{phrase} not in\n{text}");
    }
}

#[test]
fn advisory_pages_link_their_posters() {
    let out = built_example();
    let html = std::fs::read_to_string(
        out.join("zh-hans/advisories/virtual-kidnapping-calgary/index.html"),
    )
    .unwrap();
    assert!(html.contains("id=\"posters\""));
    let first_link = html.find("/advisories/virtual-kidnapping-calgary/poster-zh-Hans-letter.pdf");
    let institution_link =
        html.find("/posters/northgate-college/virtual-kidnapping-calgary-a4.pdf");
    assert!(first_link.is_some() && institution_link.is_some(), "{html}");
    assert!(
        first_link < institution_link,
        "the page's language comes first"
    );
    assert!(html.contains("poster-zh-Hans-letter.png"));
}

#[test]
fn the_posters_command_renders_a_chosen_subset() {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_redflag"))
        .args([
            "posters",
            "--root",
            repo().to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "--lang",
            "fr,zh-Hans",
            "--size",
            "tabloid",
            "virtual-kidnapping-calgary",
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let pdf = out
        .path()
        .join("advisories/virtual-kidnapping-calgary/poster-fr+zh-Hans-tabloid.pdf");
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("792 x 1224 pts"), "{info}");
    let files: Vec<_> = walkdir::WalkDir::new(out.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.file_name() != redflag::poster::CACHE_MANIFEST)
        .filter(|e| e.file_name() != redflag::output::MARKER)
        .collect();
    assert_eq!(files.len(), 2, "one PDF and its preview: {files:?}");
    assert!(
        out.path().join(redflag::output::MARKER).is_file(),
        "the folder is marked as redflag's, so a later build may replace it"
    );

    let status = Command::new(env!("CARGO_BIN_EXE_redflag"))
        .args([
            "posters",
            "--root",
            repo().to_str().unwrap(),
            "--institution",
            "nowhere",
        ])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
}
