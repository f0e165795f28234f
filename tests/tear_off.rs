//! Tear-off tabs (`[posters] tear_off = true`): the posters of the example site carry a row of
//! tabs, each with the poster's most important number: the institution's first contact on an
//! institution's poster, else the advisory's first contact that is not a general emergency
//! number (contacts in display order: emergency, police, report, support, credit bureau),
//! printed as dialled where it is used (a North American number without `+1`). A poster too
//! full for its page leaves the tabs out last, after its prevention tips. The
//! expected number is read from the content files here, not from redflag; the text from the PDF
//! with pdftotext (poppler-utils).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::support::example::{built_example, copy_of_example};
use crate::support::repository;

/// Tabs on a Letter or A4 poster (the theme puts seven on wider paper).
const TABS: usize = 5;
const KINDS: [&str; 5] = ["emergency", "police", "report", "support", "credit-bureau"];

/// A contact of `content/contacts.yaml`: (kind, phone as displayed).
type Contact = (String, String);

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn contacts(site: &Path) -> BTreeMap<String, Contact> {
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&read(&site.join("content/contacts.yaml"))).unwrap();
    yaml.as_mapping()
        .expect("contacts by id")
        .iter()
        .map(|(id, c)| {
            let text = |key: &str| c[key].as_str().expect(key).to_owned();
            (
                id.as_str().expect("an id").to_owned(),
                (text("kind"), text("phone")),
            )
        })
        .collect()
}

/// The contact ids an advisory lists, in its order.
fn advisory_contacts(site: &Path, slug: &str) -> Vec<String> {
    let text = read(&site.join(format!("content/advisories/{slug}/index.md")));
    let front = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .expect("front matter")
        .0;
    let yaml: serde_yaml::Value = serde_yaml::from_str(front).unwrap();
    yaml["contacts"]
        .as_sequence()
        .expect("contacts")
        .iter()
        .map(|c| c.as_str().expect("contact ids in the example").to_owned())
        .collect()
}

/// A phone number as dialled where it is used: a North American number without `+1`.
fn as_dialled(phone: &str) -> String {
    phone.strip_prefix("+1 ").unwrap_or(phone).to_owned()
}

/// The number the tabs of the poster at `path` (relative to the output) must carry.
fn tab_number(site: &Path, path: &str) -> String {
    let contacts = contacts(site);
    let phone = |id: &str| as_dialled(&contacts[id].1);
    let parts: Vec<&str> = path.split('/').collect();
    if let ["posters", institution, _] = parts[..] {
        let config: toml::Value = toml::from_str(&read(&site.join("site.toml"))).unwrap();
        let first = config["institutions"]
            .as_array()
            .expect("institutions")
            .iter()
            .find(|i| i["id"].as_str() == Some(institution))
            .and_then(|i| i["contacts"][0].as_str())
            .expect("the institution's first contact");
        return phone(first);
    }
    let mut ids = advisory_contacts(site, parts[1]);
    let rank = |id: &String| KINDS.iter().position(|k| *k == contacts[id].0);
    ids.sort_by_key(rank);
    let chosen = ids
        .iter()
        .find(|id| contacts[*id].0 != "emergency")
        .or(ids.first())
        .expect("an advisory has contacts");
    phone(chosen)
}

/// How often `needle` occurs in the poster's text, white space left out.
fn occurrences(pdf: &Path, needle: &str) -> usize {
    let output = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils; scripts/install-test-deps.sh)");
    assert!(output.status.success(), "pdftotext {}", pdf.display());
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    squash(&String::from_utf8_lossy(&output.stdout))
        .matches(&squash(needle))
        .count()
}

/// The language of a poster's first block: the one in an advisory poster's name, else the
/// institution's first language.
fn first_language(site: &Path, path: &str) -> String {
    if let Some(name) = path
        .strip_prefix("advisories/")
        .and_then(|p| p.split('/').nth(1))
    {
        let lang = name
            .strip_prefix("poster-")
            .expect("poster-<lang>-<size>.pdf");
        return lang.rsplit_once('-').expect("a size").0.to_owned();
    }
    let institution = path.split('/').nth(1).expect("posters/<institution>/…");
    let config: toml::Value = toml::from_str(&read(&site.join("site.toml"))).unwrap();
    config["institutions"]
        .as_array()
        .expect("institutions")
        .iter()
        .find(|i| i["id"].as_str() == Some(institution))
        .and_then(|i| i["languages"][0].as_str())
        .expect("the institution's languages")
        .to_owned()
}

/// The title of the prevention tips in `lang`, from the theme's UI strings.
fn prevention_title(lang: &str) -> String {
    let file = repository().join(format!("themes/default/i18n/{lang}.yaml"));
    let strings: serde_yaml::Value = serde_yaml::from_str(&read(&file)).unwrap();
    strings["prevention"]
        .as_str()
        .expect("prevention")
        .to_owned()
}

/// Every poster has its tabs, unless it had to leave them out to fit on its page: they are the
/// last thing left out (docs/theming.md), after the prevention tips.
#[test]
fn every_poster_has_tabs_with_its_number_unless_it_left_out_its_prevention_tips_first() {
    let out = built_example();
    let site = repository();
    let posters: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(posters.len(), 26, "the example site's posters");
    let mut with_tabs = 0;
    let mut wrong = Vec::new();
    for path in posters {
        let pdf = out.join(&path);
        let number = tab_number(&site, &path);
        // Each tab, and the contact list once or twice (a number shared by two contacts).
        if occurrences(&pdf, &number) >= TABS {
            with_tabs += 1;
            continue;
        }
        let prevention = prevention_title(&first_language(&site, &path));
        if occurrences(&pdf, &prevention) > 0 {
            wrong.push(format!(
                "{path}: no tabs with {number}, but \"{prevention}\""
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "tabs left out before the prevention tips: {wrong:#?}"
    );
    assert!(with_tabs > 0, "no poster has tabs");
}

#[test]
fn without_tear_off_the_same_poster_has_no_tabs() {
    let site = copy_of_example("");
    let config = site.path().join("site.toml");
    let text = read(&config);
    assert!(text.contains("tear_off = true"));
    std::fs::write(&config, text.replace("tear_off = true", "tear_off = false")).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_redflag"))
        .current_dir(site.path())
        .args([
            "posters",
            "--out",
            "posters-out",
            "--lang",
            "en",
            "--size",
            "letter",
        ])
        .arg("virtual-kidnapping-calgary")
        .output()
        .expect("run redflag posters");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let poster = "advisories/virtual-kidnapping-calgary/poster-en-letter.pdf";
    let number = tab_number(site.path(), poster);
    let with = occurrences(&built_example().join(poster), &number);
    let without = occurrences(&site.path().join("posters-out").join(poster), &number);
    assert_eq!(
        with.checked_sub(without),
        Some(TABS),
        "{number}: {with} times with tabs, {without} without"
    );
}
