//! Rebuilding into an existing output reuses every page and the search index of every language
//! whose inputs are unchanged (issue 22), and writes exactly what a fresh build of the same
//! content writes: a generated site of 200 advisories in English, French and Simplified Chinese
//! (no posters) built once, then rebuilt with nothing changed, with one English body and title edited,
//! with one French translation edited, with one file of the French index and one page damaged in
//! the output, and with the site's title changed. After each, every file of the output has the
//! digest of the same file in a fresh build, and the summary says which pages were rendered and
//! which languages indexed, and which were reused. From the third build on, each rebuild
//! recycles the spare (the output before the previous one) as its staging folder.

use std::path::Path;

use crate::support::gen_site;
use crate::support::trees::{assert_same, digests};

const ADVISORIES: usize = 200;
const ADVISORY: &str = "content/advisories/advisory-00042";

/// What a build's summary says it reused.
#[derive(Debug, PartialEq, Eq)]
struct Reused {
    /// The pages line's counts: pages, rendered, unchanged.
    pages: (usize, usize, usize),
    /// The search line.
    search: String,
}

impl Reused {
    /// Every page rendered (`pages` of them) and every language indexed.
    fn nothing(pages: usize) -> Reused {
        Reused {
            pages: (pages, pages, 0),
            search: "search index: 3 languages (3 indexed, 0 unchanged)".into(),
        }
    }

    fn rendered(&self) -> usize {
        self.pages.1
    }
}

/// `redflag build` of `site` into `out` as a user runs it (the summary printed), on a fixed
/// date; returns what the summary says it reused.
fn build(site: &Path, out: &Path) -> Reused {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_redflag"))
        .arg("build")
        .arg("--root")
        .arg(site)
        .arg("--out")
        .arg(out)
        .env_remove("CI")
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .expect("run redflag");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "redflag build: {stderr}");
    let line = |start: &str| {
        stderr
            .lines()
            .map(str::trim)
            .find(|line| line.starts_with(start))
            .unwrap_or_else(|| panic!("no {start} line in the summary: {stderr}"))
            .to_owned()
    };
    // "pages: 1230 (12 rendered, 1218 unchanged)"
    let counts: Vec<usize> = line("pages:")
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    let [pages, rendered, unchanged] = counts[..] else {
        panic!("not a pages line: {counts:?}");
    };
    Reused {
        pages: (pages, rendered, unchanged),
        search: line("search index:"),
    }
}

/// Appends a paragraph to the body of `file` in the site.
fn edit(site: &Path, file: &str, paragraph: &str) {
    let path = site.join(ADVISORY).join(file);
    let text = std::fs::read_to_string(&path).expect("read the advisory");
    std::fs::write(&path, format!("{text}\n{paragraph}\n")).expect("write the advisory");
}

#[test]
fn rebuilds_reuse_unchanged_languages_and_write_what_a_fresh_build_writes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    gen_site(&site, ADVISORIES, "en,fr,zh-Hans");
    let out = dir.path().join("public");
    let first_build = build(&site, &out);
    let pages = first_build.pages.0;
    assert_eq!(first_build, Reused::nothing(pages));
    let fresh = |name: &str| {
        let fresh_out = dir.path().join(name);
        assert_eq!(build(&site, &fresh_out), Reused::nothing(pages));
        digests(&fresh_out)
    };
    let first = digests(&out);
    assert!(first.contains_key(".redflag-search.json"), "the manifest");
    assert!(first.contains_key(".redflag-pages.json"), "the manifest");
    let all_reused = Reused {
        pages: (pages, 0, pages),
        search: "search index: 3 languages (0 indexed, 3 unchanged)".into(),
    };

    // Each rebuild: first the files (what a reader gets), then what the summary says.
    let line = build(&site, &out);
    assert_same(&digests(&out), &first, "nothing changed");
    assert_eq!(line, all_reused);
    // The first output is now the spare, which every rebuild below recycles.
    let spare = dir.path().join(".public.redflag-spare");
    assert_same(
        &digests(&spare),
        &first,
        "the first output kept as the spare",
    );
    // A file the rebuild does not write, in a folder it does not write: both removed.
    std::fs::create_dir(spare.join("stray")).expect("a stray folder");
    std::fs::write(spare.join("stray/left.html"), "stale").expect("a stray file");
    let line = build(&site, &out);
    assert_same(
        &digests(&out),
        &first,
        "nothing changed, the spare recycled",
    );
    assert_eq!(line, all_reused);

    edit(
        &site,
        "index.md",
        "Call your bank at once if you paid with a gift card.",
    );
    // And its title, which the listings show.
    let source = site.join(ADVISORY).join("index.md");
    let text = std::fs::read_to_string(&source).expect("read the advisory");
    let retitled = text.replacen("title: \"", "title: \"Updated: ", 1);
    assert_ne!(retitled, text, "a quoted title");
    std::fs::write(&source, retitled).expect("write the advisory");
    let line = build(&site, &out);
    assert_same(
        &digests(&out),
        &fresh("fresh-en"),
        "one English body and title edited",
    );
    assert_eq!(
        line.search,
        "search index: 3 languages (1 indexed, 2 unchanged)"
    );
    // Its page in each language (the body shows in languages without a translation of its
    // own), the listings that show its title, and nothing else: a tenth of the pages at most.
    assert!((1..pages / 10).contains(&line.rendered()), "{line:?}");

    edit(
        &site,
        "index.fr.md",
        "Appelez votre banque si vous avez payé.",
    );
    let line = build(&site, &out);
    let fresh_fr = fresh("fresh-fr");
    assert_same(&digests(&out), &fresh_fr, "one French translation edited");
    assert_eq!(
        line.search,
        "search index: 3 languages (1 indexed, 2 unchanged)"
    );
    assert!((1..pages / 10).contains(&line.rendered()), "{line:?}");

    // A file of the French index changed in the output: French is indexed again, not published
    // as it is.
    let fragment = std::fs::read_dir(out.join("pagefind/fragment"))
        .expect("the fragments")
        .flatten()
        .map(|entry| entry.path())
        .find(|path| {
            path.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("fr_"))
        })
        .expect("a French fragment");
    std::fs::write(&fragment, b"damaged").expect("damage a fragment");
    // And a page (a text of its share folder): it is rendered again, not published as it is.
    let sms = out.join("zh-hans/advisories/advisory-00007/share/sms.txt");
    std::fs::write(&sms, "damaged").expect("damage a page's text");
    let line = build(&site, &out);
    assert_same(
        &digests(&out),
        &fresh_fr,
        "a French file and a page damaged",
    );
    assert_eq!(
        line,
        Reused {
            pages: (pages, 1, pages - 1),
            search: "search index: 3 languages (1 indexed, 2 unchanged)".into(),
        }
    );

    // The site's title is on every page: every page is rendered.
    let config = site.join("site.toml");
    let toml = std::fs::read_to_string(&config).expect("site.toml");
    let retitled = toml.replacen("(synthetic)", "(synthetic, retitled)", 1);
    assert_ne!(retitled, toml, "the title is in site.toml");
    std::fs::write(&config, retitled).expect("write site.toml");
    let line = build(&site, &out);
    assert_same(&digests(&out), &fresh("fresh-config"), "site.toml changed");
    assert_eq!(line.pages, (pages, pages, 0));
    assert!(
        spare.join(".redflag-output").is_file(),
        "a spare, still ours"
    );
}
