//! Every `site.toml` the project ships or documents matches `redflag schema site`, as the
//! independent check-jsonschema reads it: the example site's, the one `redflag init` writes, the
//! valid fixture's, and each `toml` block of README.md and docs/*.md (a part of a site.toml,
//! checked laid over the example's). A key the loader refuses is refused by the schema too.

use std::path::Path;

use serde_json::Value;

use crate::support::{json_schema, redflag_in, repository, valid_site};

fn site_schema() -> Value {
    let run = redflag_in(&repository(), &["schema", "site"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&run.stdout).expect("a JSON schema")
}

fn parse(text: &str, name: &str) -> toml::Table {
    toml::from_str(text).unwrap_or_else(|err| panic!("{name} is not TOML: {err}"))
}

fn read_site_toml(root: &Path) -> toml::Table {
    let path = root.join("site.toml");
    parse(
        &std::fs::read_to_string(&path).expect("read"),
        &path.display().to_string(),
    )
}

/// `part` laid over `base`: its tables merged key by key, its other values replacing `base`'s.
fn overlay(base: &mut toml::Table, part: toml::Table) {
    for (key, value) in part {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(inner)), toml::Value::Table(part)) => overlay(inner, part),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// The `toml` blocks of README.md and docs/*.md, each named by its file and line.
fn documented_blocks() -> Vec<(String, String)> {
    let mut files = vec![repository().join("README.md")];
    let docs = std::fs::read_dir(repository().join("docs")).expect("docs/");
    files.extend(docs.map(|entry| entry.expect("entry").path()));
    files.retain(|path| path.extension().is_some_and(|ext| ext == "md"));
    files.sort();
    let mut blocks = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read");
        let name = path.strip_prefix(repository()).expect("inside").display();
        let mut open: Option<(usize, String)> = None;
        for (index, line) in text.lines().enumerate() {
            match (&mut open, line) {
                (None, "```toml") => open = Some((index + 2, String::new())),
                (Some((start, block)), "```") => {
                    blocks.push((format!("{name}:{start}"), std::mem::take(block)));
                    open = None;
                }
                (Some((_, block)), line) => {
                    block.push_str(line);
                    block.push('\n');
                }
                (None, _) => {}
            }
        }
        assert!(open.is_none(), "{name}: a toml block is not closed");
    }
    blocks
}

fn as_json(table: toml::Table) -> Value {
    serde_json::to_value(table).expect("TOML as JSON")
}

#[test]
fn every_shipped_and_documented_site_toml_matches_the_schema() {
    let new_site = tempfile::tempdir().expect("temp dir");
    let init = redflag_in(new_site.path(), &["init"]);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let example = read_site_toml(&repository());
    let mut instances = vec![
        ("site.toml (example)".to_owned(), as_json(example.clone())),
        (
            "redflag init".to_owned(),
            as_json(read_site_toml(new_site.path())),
        ),
        (
            "tests/fixtures/valid-site".to_owned(),
            as_json(read_site_toml(&valid_site())),
        ),
    ];
    let blocks = documented_blocks();
    // The site.toml parts of the README (sharing, CAP, expiry), cms.md, editor-setup.md,
    // languages.md, translating.md and writing-advisories.md: none is left out unseen.
    assert_eq!(blocks.len(), 9, "{blocks:#?}");
    let posters = blocks.iter().find(|(_, text)| text.contains("[posters]"));
    let posters = parse(&posters.expect("a documented [posters]").1, "[posters]");
    assert!(posters["posters"].get("scam_types").is_some());
    for (name, text) in blocks {
        let mut site = example.clone();
        overlay(&mut site, parse(&text, &name));
        instances.push((name, as_json(site)));
    }
    let named: Vec<(&str, &Value)> = instances.iter().map(|(n, v)| (n.as_str(), v)).collect();
    let errors = json_schema::errors(&site_schema(), &named);
    assert!(
        errors.is_empty(),
        "do not match `redflag schema site`: {errors:#?}"
    );
}

#[test]
fn an_unknown_key_under_posters_is_refused_by_the_schema_and_the_loader() {
    let site = tempfile::tempdir().expect("temp dir");
    crate::support::copy_dir(&valid_site(), site.path());
    let mut config = read_site_toml(site.path());
    let posters = config["posters"].as_table_mut().expect("[posters]");
    posters.insert("scam_type".into(), toml::Value::Array(Vec::new()));
    let errors = json_schema::errors(&site_schema(), &[("typo", &as_json(config.clone()))]);
    assert!(
        errors.contains_key("typo"),
        "the schema accepts [posters] scam_type"
    );
    let text = toml::to_string(&config).expect("TOML");
    std::fs::write(site.path().join("site.toml"), text).expect("write");
    let root = site.path().to_str().expect("UTF-8");
    let check = redflag_in(site.path(), &["check", "--root", root]);
    let report = String::from_utf8_lossy(&check.stdout) + String::from_utf8_lossy(&check.stderr);
    assert!(!check.status.success(), "{report}");
    assert!(
        report.contains("error[RF003]: invalid site.toml: unknown field `scam_type`"),
        "{report}"
    );
}
