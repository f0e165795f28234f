//! Poster tests: the example site's posters are valid PDFs (qpdf), embed their fonts (pdffonts),
//! have the right page size (pdfinfo), carry a QR code that decodes to the right page (pdftoppm +
//! zbarimg) and the right text in every language (pdftotext); over-full and uncovered text are
//! clear errors; output is reproducible; author text is never evaluated.
//!
//! Needs poppler-utils, qpdf and zbar-tools (`scripts/install-test-deps.sh`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use redflag::build::{BuildError, BuildOptions, build, load};
use redflag::diagnostics::Code;

const BASE_URL: &str = "https://alerts.example.org";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn today() -> jiff::civil::Date {
    jiff::civil::date(2024, 1, 1)
}

/// The example site, built once for every test of this file.
fn example_output() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let out = dir.join("public");
        let report = build(&BuildOptions {
            root: repo().to_path_buf(),
            out: out.clone(),
            base_url: None,
            drafts: false,
            today: today(),
        })
        .unwrap_or_else(|err| panic!("the example site builds: {err:?}"));
        eprintln!(
            "{} posters in {:.2} s (slowest {:.0} ms)",
            report.posters.posters,
            report.posters.elapsed.as_secs_f64(),
            report.posters.slowest.as_secs_f64() * 1000.0
        );
        out
    })
}

fn tool(name: &str, args: &[&str]) -> String {
    let output = Command::new(name).args(args).output().unwrap_or_else(|err| {
        panic!("cannot run {name} ({err}): install the test tools with scripts/install-test-deps.sh")
    });
    assert!(
        output.status.success(),
        "{name} {args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn text_of(pdf: &Path) -> String {
    tool("pdftotext", &[pdf.to_str().unwrap(), "-"])
}

/// Text without whitespace and bidi controls, so line breaks chosen by the layout and the
/// direction marks pdftotext adds do not matter. Arabic vowel marks are dropped too: pdftotext
/// repeats a mark that typst draws as its own glyph.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
                && !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')
        })
        .collect()
}

/// Whether the poster text holds `expected`. Right-to-left text is compared word by word:
/// pdftotext keeps each line in logical order but may list a paragraph's lines out of order, and
/// it splits the lam-alef ligature, so a few words in ten may not come back intact.
fn holds(text: &str, expected: &str, lang: &str) -> bool {
    if lang != "ar" {
        return squash(text).contains(&squash(expected));
    }
    let letters =
        |w: &str| -> String { squash(w).chars().filter(|c| c.is_alphanumeric()).collect() };
    let text = letters(text);
    let words: Vec<String> = expected
        .split_whitespace()
        .map(letters)
        .filter(|w| !w.is_empty())
        .collect();
    let found = words.iter().filter(|w| text.contains(w.as_str())).count();
    found * 10 >= words.len() * 8
}

fn page_count(info: &str) -> Option<&str> {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(str::trim)
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
    let out = example_output();
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
    let out = example_output();
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
    let out = example_output();
    let dir = tempfile::tempdir().unwrap();
    for (i, (path, languages, _)) in expected_posters().into_iter().enumerate() {
        let prefix = dir.path().join(format!("p{i}"));
        tool(
            "pdftoppm",
            &[
                "-r",
                "150",
                "-png",
                "-singlefile",
                out.join(&path).to_str().unwrap(),
                prefix.to_str().unwrap(),
            ],
        );
        let png = prefix.with_extension("png");
        let decoded: BTreeSet<String> = tool("zbarimg", &["--raw", "-q", png.to_str().unwrap()])
            .lines()
            .map(str::to_owned)
            .collect();
        let slug = slug_of(&path);
        let expected: BTreeSet<String> = languages.iter().map(|l| page_url(slug, l)).collect();
        assert_eq!(decoded, expected, "{path}");
    }
}

#[test]
fn qr_code_is_at_least_3_cm_wide_on_letter() {
    // The SVG's viewBox is the module count with the quiet zone; the template sizes the code
    // itself (without quiet zone) at 3.3 cm on Letter. Check the drawn size on the PNG preview
    // instead of trusting the template: the first dark row of the code's finder pattern.
    let out = example_output();
    let dir = tempfile::tempdir().unwrap();
    let pdf = out.join("advisories/virtual-kidnapping-calgary/poster-en-letter.pdf");
    let prefix = dir.path().join("qr");
    tool(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-png",
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let zbar = tool(
        "zbarimg",
        &[
            "-q",
            "--xml",
            prefix.with_extension("png").to_str().unwrap(),
        ],
    );
    // zbar's XML gives the polygon of the code: <point x=".." y=".."/>…
    let xs: Vec<f64> = zbar
        .split("x=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect();
    if xs.len() >= 2 {
        let width_px = xs.iter().cloned().fold(f64::MIN, f64::max)
            - xs.iter().cloned().fold(f64::MAX, f64::min);
        let width_cm = width_px / 150.0 * 2.54;
        assert!(width_cm >= 3.0, "QR code is {width_cm:.2} cm wide");
    }
}

#[test]
fn posters_carry_the_red_flags_and_numbers_in_every_language() {
    let out = example_output();
    let (site, _) = load(repo(), false, None).unwrap();
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
    let out = example_output();
    let (site, _) = load(repo(), false, None).unwrap();
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
        let security = &site.contacts[&institution.contacts[0]];
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
    let out = example_output();
    let text = text_of(&out.join("advisories/virtual-kidnapping-calgary/poster-ar-letter.pdf"));
    let text: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}'))
        .collect();
    // Words of the first Arabic red flag and of the site title, in the order they are written
    // (visual order would reverse them).
    for phrase in ["المتصل على الهاتف لساعات طويلة", "تنبيه من الاحتيال"]
    {
        assert!(text.contains(phrase), "{phrase} not in\n{text}");
    }
}

#[test]
fn posters_are_reproducible() {
    let out = example_output();
    let second = tempfile::tempdir().unwrap();
    let dest = second.path().join("public");
    build(&BuildOptions {
        root: repo().to_path_buf(),
        out: dest.clone(),
        base_url: None,
        drafts: false,
        today: today(),
    })
    .unwrap();
    for path in [
        "posters/northgate-college/virtual-kidnapping-calgary-letter.pdf",
        "advisories/police-impersonation-calls-toronto/poster-ar-a4.pdf",
    ] {
        assert!(
            std::fs::read(out.join(path)).unwrap() == std::fs::read(dest.join(path)).unwrap(),
            "{path} differs between two builds"
        );
    }
}

#[test]
fn advisory_pages_link_their_posters() {
    let out = example_output();
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

// --- Small sites made for one rule -------------------------------------------------------------

const SITE: &str = r#"
title = "Scam Alert"
base_url = "https://alerts.example.org"
default_language = "en"
[languages.en]
name = "English"
[languages.fr]
name = "Français"
[posters]
sizes = ["letter"]
tear_off = true
"#;

const CONTACTS: &str = r#"
campus:
  name: Campus Security
  kind: police
  phone: "+1 403-555-0142"
"#;

const TAXONOMIES: &str = "scam_types: {}\naudiences: {}\nregions:\n  calgary: { en: Calgary }\n";

/// A one-advisory site whose front matter has `red_flags` and `title` as given.
fn small_site(title: &str, red_flags: &[String]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("site.toml"), SITE).unwrap();
    std::fs::create_dir_all(root.join("content/advisories/test-advisory")).unwrap();
    std::fs::write(root.join("content/contacts.yaml"), CONTACTS).unwrap();
    std::fs::write(root.join("content/taxonomies.yaml"), TAXONOMIES).unwrap();
    let flags: String = red_flags
        .iter()
        .map(|f| format!("  - {}\n", serde_json::to_string(f).unwrap()))
        .collect();
    let title = serde_json::to_string(title).unwrap();
    let index = format!(
        "---\ntitle: {title}\nsummary: A summary.\ndate: 2024-01-01\nseverity: high\nregions: [calgary]\nred_flags:\n{flags}prevention:\n  - Hang up.\ncontacts:\n  - campus\n---\nBody.\n"
    );
    std::fs::write(
        root.join("content/advisories/test-advisory/index.md"),
        index,
    )
    .unwrap();
    dir
}

fn build_site(root: &Path) -> (Result<redflag::build::BuildReport, BuildError>, PathBuf) {
    let out = root.join("public");
    let result = build(&BuildOptions {
        root: root.to_path_buf(),
        out: out.clone(),
        base_url: None,
        drafts: false,
        today: today(),
    });
    (result, out)
}

#[test]
fn an_overflowing_advisory_is_a_clear_error() {
    let long = "The caller says a great many things that go on and on, in long sentences that \
                do not stop, and asks you to keep listening for hours without telling anyone.";
    let flags: Vec<String> = (1..=30).map(|i| format!("{i}. {long}")).collect();
    let site = small_site("Too much to say", &flags);
    let (result, out) = build_site(site.path());
    let Err(BuildError::Content(diagnostics)) = result else {
        panic!("the build must fail");
    };
    let d = diagnostics
        .iter()
        .find(|d| d.code == Code::Poster)
        .unwrap_or_else(|| panic!("{diagnostics:?}"));
    assert!(
        d.message.contains("advisory `test-advisory`"),
        "{}",
        d.message
    );
    assert!(
        d.message.contains("does not fit on one page"),
        "{}",
        d.message
    );
    assert!(
        d.file
            .ends_with("content/advisories/test-advisory/index.md"),
        "{d:?}"
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn a_full_advisory_shrinks_then_leaves_out_before_failing() {
    let flag = "The caller says they are from the police and that you are in trouble with the law.";
    let flags: Vec<String> = (1..=9).map(|i| format!("{i}. {flag}")).collect();
    let site = small_site("Fits when smaller", &flags);
    let (result, out) = build_site(site.path());
    result.unwrap_or_else(|e| panic!("{e:?}"));
    let info = tool(
        "pdfinfo",
        &[out
            .join("advisories/test-advisory/poster-en-letter.pdf")
            .to_str()
            .unwrap()],
    );
    assert_eq!(page_count(&info), Some("1"), "{info}");
}

#[test]
fn author_text_is_printed_never_evaluated() {
    let hostile = r#"#panic("boom") $x^2$ #image("/etc/passwd") ] [ \ // */"#;
    let site = small_site(hostile, &[hostile.to_owned()]);
    let (result, out) = build_site(site.path());
    result.unwrap_or_else(|e| panic!("{e:?}"));
    let text = text_of(&out.join("advisories/test-advisory/poster-en-letter.pdf"));
    assert!(holds(&text, hostile, "en"), "{text}");
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
        .collect();
    assert_eq!(files.len(), 2, "one PDF and its preview: {files:?}");

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
