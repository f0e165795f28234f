//! Share cards, campus-screen slides and link previews (`[share]`): every page's Open Graph
//! tags read by an independent parser (PyPI's `extruct`) resolve to files of the output with
//! the declared sizes; cards and slides have their sizes; an Arabic card reads right to left and
//! a Chinese title wraps inside its card (read from the rendered pixels); the screen feeds
//! validate (Atom against its RELAX NG schema with xmllint, JSON Feed against its JSON Schema)
//! and leave expired advisories out; injection payloads stay text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::example::{built_example, copy_of_example_without_posters};
use crate::support::{ok, repository};

const BASE: &str = "https://alerts.example.org/";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const CARD_MAX_BYTES: u64 = 300 * 1024;

/// Every page's Open Graph properties as extruct reads them.
fn open_graph(out: &Path) -> BTreeMap<String, Value> {
    let python = repository().join(".test-venv/bin/python");
    let run = Command::new(&python)
        .arg(repository().join("tests/support/og_extract.py"))
        .arg(out)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run scripts/install-test-deps.sh)",
                python.display()
            )
        });
    assert!(
        run.status.success(),
        "extruct: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&run.stdout).expect("extruct's JSON")
}

/// The output file an absolute URL of the site names.
fn file_of(out: &Path, url: &str) -> PathBuf {
    let rel = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not absolute on {BASE}"));
    if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    }
}

/// Width, height and RGBA pixels of a PNG.
fn decode(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgba, "{}", path.display());
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn props(page: &Value) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for pair in page["og"].as_array().unwrap() {
        let key = pair[0].as_str().unwrap().to_owned();
        map.entry(key)
            .or_default()
            .push(pair[1].as_str().unwrap().to_owned());
    }
    map
}

#[test]
fn every_page_has_open_graph_tags_resolving_to_files_of_the_declared_size() {
    let out = built_example();
    let pages = open_graph(out);
    assert!(pages.len() > 40, "pages read: {}", pages.len());
    for (file, page) in &pages {
        let p = props(page);
        let one = |k: &str| -> &str {
            let v = p.get(k).unwrap_or_else(|| panic!("{file}: no {k}"));
            assert_eq!(v.len(), 1, "{file}: {k} once");
            &v[0]
        };
        for key in ["og:title", "og:description", "og:site_name", "og:image:alt"] {
            assert!(!one(key).is_empty(), "{file}: {key} empty");
        }
        let advisory = file.contains("advisories/");
        assert_eq!(
            one("og:type"),
            if advisory { "article" } else { "website" },
            "{file}"
        );
        if !file.ends_with("404.html") {
            assert_eq!(
                file_of(out, one("og:url")),
                out.join(file),
                "{file}: og:url"
            );
        }
        let image = file_of(out, one("og:image"));
        let (w, h, _) = decode(&image);
        assert_eq!(one("og:image:type"), "image/png");
        assert_eq!(
            [one("og:image:width"), one("og:image:height")],
            [&*w.to_string(), &*h.to_string()],
            "{file}"
        );
        assert_eq!([w, h], [1200, 630], "{file}");
        assert!(
            std::fs::metadata(&image).unwrap().len() <= CARD_MAX_BYTES,
            "{}",
            image.display()
        );
        assert_eq!(page["twitter"], "summary_large_image", "{file}");
        let locale = one("og:locale").to_owned();
        let mut all = p.get("og:locale:alternate").cloned().unwrap_or_default();
        all.push(locale);
        all.sort();
        assert_eq!(
            all,
            ["ar", "en", "fr", "zh_Hans"],
            "{file}: og:locale and its alternates"
        );
        if advisory {
            assert!(one("article:published_time").len() == 10, "{file}");
            assert!(one("article:modified_time").len() == 10, "{file}");
            let ld = &page["ld"][0];
            assert_eq!(
                ld["image"]["url"].as_str(),
                Some(one("og:image")),
                "{file}: JSON-LD image"
            );
            assert!(
                !ld["publisher"]["name"].as_str().unwrap_or("").is_empty(),
                "{file}: publisher name"
            );
        }
    }
}

#[test]
fn every_advisory_has_a_card_per_language_and_slides_per_translation() {
    let out = built_example();
    let mut cards = 0;
    let mut slides = 0;
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !entry.path().to_string_lossy().contains("/share/") || !name.ends_with(".png") {
            continue;
        }
        let (w, h, _) = decode(entry.path());
        let bytes = entry.metadata().unwrap().len();
        let expected = if name.starts_with("card-") {
            cards += 1;
            assert!(bytes <= CARD_MAX_BYTES, "{name}: {bytes} bytes");
            [1200, 630]
        } else if name.starts_with("slide-1920x1080-") {
            slides += 1;
            [1920, 1080]
        } else {
            assert!(name.starts_with("slide-1080x1920-"), "{name}");
            slides += 1;
            [1080, 1920]
        };
        assert_eq!([w, h], expected, "{name}");
    }
    // 3 advisories and the home page, in 4 languages; 10 translations, 2 slides each.
    assert_eq!(cards, 16);
    assert_eq!(slides, 20);
}

/// The rows and columns of black pixels (every channel at most 8: the title's ink; the headline
/// is #222222, the rest red or white) grouped into lines: (first row, last row, leftmost x, rightmost x).
fn title_lines(path: &Path) -> (u32, Vec<(u32, u32, u32, u32)>) {
    let (w, h, px) = decode(path);
    let black = |x: u32, y: u32| {
        let i = ((y * w + x) * 4) as usize;
        px[i] <= 8 && px[i + 1] <= 8 && px[i + 2] <= 8 && px[i + 3] == 255
    };
    let mut lines: Vec<(u32, u32, u32, u32)> = Vec::new();
    let mut gap = true;
    for y in 0..h {
        let xs: Vec<u32> = (0..w).filter(|x| black(*x, y)).collect();
        let (Some(min), Some(max)) = (xs.first(), xs.last()) else {
            gap = true;
            continue;
        };
        match lines.last_mut() {
            Some(line) if !gap || y - line.1 < 12 => {
                *line = (line.0, y, line.2.min(*min), line.3.max(*max));
            }
            _ => lines.push((y, y, *min, *max)),
        }
        gap = false;
    }
    (w, lines)
}

fn share_file(out: &Path, slug: &str, prefix: &str) -> PathBuf {
    std::fs::read_dir(out.join("advisories").join(slug).join("share"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix}… of {slug}"))
}

fn card_of(out: &Path, slug: &str, lang: &str) -> PathBuf {
    share_file(out, slug, &format!("card-{lang}-"))
}

#[test]
fn an_arabic_card_reads_right_to_left_and_a_chinese_title_wraps_inside_its_card() {
    let out = built_example();
    let slug = "police-impersonation-calls-toronto";
    for (lang, rtl) in [("ar", true), ("en", false)] {
        let (w, lines) = title_lines(&card_of(out, slug, lang));
        // Lines of text, not the dots below or above one (Arabic nuqta, diacritics).
        let lines: Vec<_> = lines.into_iter().filter(|l| l.1 - l.0 >= 20).collect();
        assert!(lines.len() >= 2, "{lang}: the title's lines: {lines:?}");
        for line in &lines {
            let (left, right) = (line.2, w - 1 - line.3);
            let (start, end) = if rtl { (right, left) } else { (left, right) };
            assert!(
                start <= 64,
                "{lang}: every line starts at the reading side: {line:?}"
            );
            assert!(start <= end, "{lang}: {line:?}");
        }
        let short = lines.iter().max_by_key(|l| l.2 + (w - 1 - l.3)).unwrap();
        let far = if rtl { short.2 } else { w - 1 - short.3 };
        assert!(
            far > 200,
            "{lang}: the shortest line ends well before the far side: {short:?}"
        );
    }
    // On a card the Chinese title fits one line; on a portrait slide (1080 pixels wide) it wraps,
    // between characters, inside the 80-pixel margins.
    for (kind, min_lines) in [("card-zh-Hans-", 1), ("slide-1080x1920-zh-Hans-", 2)] {
        let (w, lines) = title_lines(&share_file(out, "virtual-kidnapping-calgary", kind));
        assert!(
            lines.len() >= min_lines,
            "{kind}: the Chinese title wraps: {lines:?}"
        );
        for line in &lines {
            assert!(
                line.2 >= 50 && line.3 <= w - 50,
                "{kind}: inside the margins: {line:?}"
            );
        }
    }
}

fn xmllint_relaxng(file: &Path) {
    let schema = repository().join("tests/schemas/atom.rng");
    let run = Command::new("xmllint")
        .args(["--noout", "--relaxng"])
        .arg(schema)
        .arg(file)
        .output()
        .expect("xmllint (scripts/install-test-deps.sh)");
    assert!(
        run.status.success(),
        "{}: {}",
        file.display(),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Builds `site` into its `public/` folder (asserting the build succeeded) and returns that.
fn build_in(site: &Path) -> PathBuf {
    ok(site, &["build", "--out", "public"]);
    site.join("public")
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{}: no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn screen_feeds_validate_list_slides_and_leave_expired_advisories_out() {
    let site = copy_of_example_without_posters("");
    let calgary = site
        .path()
        .join("content/advisories/virtual-kidnapping-calgary/index.md");
    edit(
        &calgary,
        "severity: high\n",
        "severity: high\nexpires: 2019-06-01\n",
    );
    let out = build_in(site.path());
    let atom = out.join("screens.atom.xml");
    xmllint_relaxng(&atom);
    let text = std::fs::read_to_string(&atom).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let entries: Vec<_> = doc
        .root_element()
        .children()
        .filter(|c| c.has_tag_name((ATOM_NS, "entry")))
        .collect();
    // Toronto in 4 languages, the Chinese police one in 2; Calgary expired.
    assert_eq!(entries.len(), 6);
    for entry in &entries {
        let id = entry
            .children()
            .find(|c| c.has_tag_name((ATOM_NS, "id")))
            .unwrap()
            .text()
            .unwrap();
        assert!(!id.contains("virtual-kidnapping-calgary"), "expired: {id}");
        let enclosures: Vec<&str> = entry
            .children()
            .filter(|c| {
                c.has_tag_name((ATOM_NS, "link")) && c.attribute("rel") == Some("enclosure")
            })
            .map(|c| c.attribute("href").unwrap())
            .collect();
        assert_eq!(enclosures.len(), 2, "{id}");
        for href in enclosures {
            let (w, h, _) = decode(&file_of(&out, href));
            assert!([[1920, 1080], [1080, 1920]].contains(&[w, h]), "{href}");
        }
    }
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repository().join("tests/schemas/jsonfeed-1.1.schema.json"))
            .unwrap(),
    )
    .unwrap();
    let feed: Value =
        serde_json::from_slice(&std::fs::read(out.join("screens.json")).unwrap()).unwrap();
    let errors = crate::support::json_schema::errors(&schema, &[("screens.json", &feed)]);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(feed["items"].as_array().unwrap().len(), 6);
    assert!(
        !String::from_utf8_lossy(&std::fs::read(out.join("screens.json")).unwrap())
            .contains("virtual-kidnapping-calgary")
    );
}

#[test]
fn injection_payloads_make_a_card_and_slides_and_leave_xml_and_json_well_formed() {
    const PAYLOAD: &str =
        r#"<script>alert(1)</script> "><img src=x onerror=alert(2)> ]]> {{ x }} & \u2028"#;
    let site = copy_of_example_without_posters("");
    let toronto = site
        .path()
        .join("content/advisories/police-impersonation-calls-toronto/index.md");
    let text = std::fs::read_to_string(&toronto).unwrap();
    let title_line = text
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap()
        .to_owned();
    edit(
        &toronto,
        &title_line,
        &format!("title: {}", serde_json::to_string(PAYLOAD).unwrap()),
    );
    let out = build_in(site.path());
    let card = card_of(&out, "police-impersonation-calls-toronto", "en");
    assert_eq!(decode(&card).0, 1200);
    let atom = std::fs::read_to_string(out.join("screens.atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&atom).expect("screens.atom.xml stays well formed");
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((ATOM_NS, "title")))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        titles.contains(&PAYLOAD),
        "the payload is the title, as text"
    );
    let feed: Value =
        serde_json::from_slice(&std::fs::read(out.join("screens.json")).unwrap()).expect("JSON");
    assert!(
        feed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["title"] == PAYLOAD)
    );
    let html = std::fs::read_to_string(
        out.join("advisories/police-impersonation-calls-toronto/index.html"),
    )
    .unwrap();
    let head = &html[..html.find("</head>").unwrap()];
    assert!(
        !head.contains("<script>alert") && !head.contains("<img src=x"),
        "meta tags escape the title"
    );
    let pages = open_graph(&out);
    let page = &pages["advisories/police-impersonation-calls-toronto/index.html"];
    assert!(
        props(page)["og:title"][0].starts_with("<script>alert(1)</script>"),
        "og:title is the text"
    );
}
