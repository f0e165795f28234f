//! Rebuilding into an existing output reuses the search index of every language whose records
//! are unchanged (issue 22), and writes exactly what a fresh build of the same content writes:
//! a generated site of 200 advisories in English, French and Simplified Chinese (no posters)
//! built once, then rebuilt with nothing changed, with one English body edited, with one French
//! translation edited, and with one file of the French index damaged in the output. After each,
//! every file of the output has the digest of the same file in a fresh build, and the summary
//! says which languages were indexed and which were reused. From the third build on, each
//! rebuild recycles the spare (the output before the previous one) as its staging folder.

use std::path::Path;

use crate::support::gen_site;
use crate::support::trees::{assert_same, digests};

const ADVISORIES: usize = 200;
const ADVISORY: &str = "content/advisories/advisory-00042";

/// `redflag build` of `site` into `out` as a user runs it (the summary printed), on a fixed
/// date; returns the summary's search line.
fn build(site: &Path, out: &Path) -> String {
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
    stderr
        .lines()
        .find(|line| line.trim_start().starts_with("search index:"))
        .unwrap_or_else(|| panic!("no search line in the summary: {stderr}"))
        .trim()
        .to_owned()
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
    let fresh = |name: &str| {
        let fresh_out = dir.path().join(name);
        let line = build(&site, &fresh_out);
        assert_eq!(line, "search index: 3 languages (3 indexed, 0 unchanged)");
        digests(&fresh_out)
    };

    assert_eq!(
        build(&site, &out),
        "search index: 3 languages (3 indexed, 0 unchanged)"
    );
    let first = digests(&out);
    assert!(first.contains_key(".redflag-search.json"), "the manifest");

    // Each rebuild: first the files (what a reader gets), then what the summary says.
    let line = build(&site, &out);
    assert_same(&digests(&out), &first, "nothing changed");
    assert_eq!(line, "search index: 3 languages (0 indexed, 3 unchanged)");
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
    assert_eq!(line, "search index: 3 languages (0 indexed, 3 unchanged)");

    edit(
        &site,
        "index.md",
        "Call your bank at once if you paid with a gift card.",
    );
    let line = build(&site, &out);
    assert_same(
        &digests(&out),
        &fresh("fresh-en"),
        "one English body edited",
    );
    assert_eq!(line, "search index: 3 languages (1 indexed, 2 unchanged)");

    edit(
        &site,
        "index.fr.md",
        "Appelez votre banque si vous avez payé.",
    );
    let line = build(&site, &out);
    let fresh_fr = fresh("fresh-fr");
    assert_same(&digests(&out), &fresh_fr, "one French translation edited");
    assert_eq!(line, "search index: 3 languages (1 indexed, 2 unchanged)");

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
    let line = build(&site, &out);
    assert_same(&digests(&out), &fresh_fr, "a French file damaged");
    assert_eq!(line, "search index: 3 languages (1 indexed, 2 unchanged)");
    assert!(
        spare.join(".redflag-output").is_file(),
        "a spare, still ours"
    );
}
