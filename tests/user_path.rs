//! The path a new user takes, in one test, exactly as the README's command line section says:
//! `redflag init my-site` beside where the site will live, then inside `my-site/` with no
//! `--root`: `redflag new <slug>`, `redflag check` (which refuses the placeholders), the
//! placeholders filled in as a writer would, `redflag check` again, a translation started with
//! `redflag new <slug> --lang fr`, and `redflag build` into `public/`. Every command is the real
//! binary started in the folder a user would be in, with relative paths only.

use std::process::Output;

use scraper::{Html, Selector};

use crate::support::redflag_in;

const SLUG: &str = "bank-inspector-calls";
const TITLE: &str = "Callers who say they are bank inspectors";

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// What a writer puts in place of each `TODO:` placeholder, by the key it stands under.
fn text_for(key: &str) -> &'static str {
    match key {
        "title" => TITLE,
        "summary" => "Scammers call and say your bank account was used in a crime.",
        "red_flags" => "The caller asks you to move your money to a safe account.",
        "prevention" => "Hang up and call your bank at the number on your card.",
        "if_targeted" => "Call your bank and the police at once.",
        "publisher" => "Example Bank (sample)",
        _ => "Bank fraud warnings",
    }
}

/// The skeleton `redflag new` wrote, filled in: every quoted `"TODO: …"` value replaced by the
/// text for its key (a list item by its list's key), and the body's placeholder by a story.
fn fill_in(skeleton: &str) -> String {
    let mut filled: Vec<String> = Vec::new();
    let mut list = "";
    for line in skeleton.lines() {
        let key = line.trim_start().trim_start_matches("- ");
        let key = key.split(':').next().unwrap_or_default();
        if !line.starts_with(' ') && line.ends_with(':') {
            list = key;
        }
        if line.starts_with("TODO: ") {
            filled.push("A caller says he is a bank inspector and asks for your card.".into());
        } else if let Some(at) = line.find("\"TODO: ") {
            let key = if line.trim_start().starts_with("- ") {
                list
            } else {
                key
            };
            filled.push(format!("{}\"{}\"", &line[..at], text_for(key)));
        } else {
            filled.push(line.to_owned());
        }
    }
    filled.join("\n") + "\n"
}

#[test]
fn init_new_check_build_as_the_readme_says() {
    let home = tempfile::tempdir().expect("temp dir");
    let init = redflag_in(home.path(), &["init", "my-site"]);
    assert!(init.status.success(), "init: {}", stderr(&init));
    let site = home.path().join("my-site");

    let new = redflag_in(&site, &["new", SLUG]);
    assert!(new.status.success(), "new: {}", stderr(&new));
    let file = format!("content/advisories/{SLUG}/index.md");
    let skeleton = std::fs::read_to_string(site.join(&file)).expect("new wrote the advisory");
    assert!(skeleton.contains("TODO: "), "{skeleton}");

    let refused = redflag_in(&site, &["check"]);
    let report = stderr(&refused);
    assert_eq!(
        refused.status.code(),
        Some(1),
        "check accepts placeholders:\n{report}"
    );
    assert!(
        report.contains("error[RF037]") && report.contains(&format!("--> {file}:")),
        "check names the placeholder and its file:\n{report}"
    );

    let filled = fill_in(&skeleton);
    std::fs::write(site.join(&file), &filled).unwrap();
    let checked = redflag_in(&site, &["check"]);
    assert!(
        checked.status.success(),
        "check after filling in:\n{}\n{filled}",
        stderr(&checked)
    );
    assert!(!stderr(&checked).contains("error["), "{}", stderr(&checked));

    let translation = redflag_in(&site, &["new", SLUG, "--lang", "fr"]);
    assert!(
        translation.status.success(),
        "new --lang: {}",
        stderr(&translation)
    );
    let french =
        std::fs::read_to_string(site.join(format!("content/advisories/{SLUG}/index.fr.md")))
            .expect("new --lang wrote the translation");
    assert!(
        french.contains(TITLE),
        "the skeleton holds the source text: {french}"
    );

    let built = redflag_in(&site, &["build"]);
    assert!(built.status.success(), "build: {}", stderr(&built));
    let out = site.join("public");
    let title = Selector::parse("h1").unwrap();
    for page in [
        format!("advisories/{SLUG}/index.html"),
        format!("fr/advisories/{SLUG}/index.html"),
    ] {
        let text = std::fs::read_to_string(out.join(&page))
            .unwrap_or_else(|e| panic!("build wrote no {page}: {e}"));
        let html = Html::parse_document(&text);
        let h1: String = html
            .select(&title)
            .next()
            .map(|h| h.text().collect())
            .unwrap_or_default();
        assert_eq!(h1.trim(), TITLE, "{page}");
    }
    let home_page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home_page.contains(&format!("/advisories/{SLUG}/")),
        "the home page lists the new advisory"
    );
}
