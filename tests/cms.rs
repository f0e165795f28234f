//! `redflag cms`: the content manager in `admin/`. Its `config.yml` is checked against Sveltia
//! CMS's own JSON Schema (shipped in the pinned npm package) with check-jsonschema, every
//! front-matter property of redflag's schema must have its field (so a new property without
//! its form field fails here), translatable exactly where a translation file may carry it, and
//! the vendored CMS must be the pinned npm package's files.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use redflag::cms::{Backend, TRANSLATION_ONLY, cms_config};
use redflag::schema::{SchemaKind, schema};

use super::support::example::copy_of_example_without_typesetting;
use super::support::{printed, properties, redflag_in, repository};

fn example_config() -> serde_yaml::Value {
    let prepared =
        redflag::build::load(&repository(), &redflag::content::LoadOptions::with_drafts())
            .expect("example loads");
    cms_config(&prepared.site, &Backend::github("owner/site"))
}

fn advisory_fields(config: &serde_yaml::Value) -> &Vec<serde_yaml::Value> {
    let collection = &config["collections"][0];
    assert_eq!(collection["folder"].as_str(), Some("content/advisories"));
    assert_eq!(collection["path"].as_str(), Some("{{slug}}/index"));
    collection["fields"].as_sequence().expect("fields")
}

#[test]
fn every_front_matter_property_has_a_field_translatable_as_redflag_inherits_it() {
    let config = example_config();
    let fields = advisory_fields(&config);
    let names: BTreeSet<String> = fields
        .iter()
        .map(|f| f["name"].as_str().expect("name").to_owned())
        .collect();
    let front = properties(SchemaKind::FrontMatter);
    let missing: Vec<&String> = front.difference(&names).collect();
    assert!(missing.is_empty(), "no CMS field for {missing:?}");
    assert!(names.contains("body"));

    let translated = properties(SchemaKind::Translation);
    for field in fields {
        let name = field["name"].as_str().unwrap();
        let i18n = field["i18n"].as_bool().expect("i18n set on every field");
        let expected = name == "body" || translated.contains(name);
        if TRANSLATION_ONLY.contains(&name) {
            assert!(i18n, "{name} is kept in translations");
            continue;
        }
        assert_eq!(i18n, expected, "i18n of `{name}`");
    }
    for only in TRANSLATION_ONLY {
        assert!(
            translated.contains(*only),
            "{only} is no longer a translation key"
        );
        // Kept, hidden, in translations; empty (and so left out) in index.md.
        let field = fields.iter().find(|f| f["name"].as_str() == Some(*only));
        let field = field.unwrap_or_else(|| panic!("{only} has no hidden field"));
        assert_eq!(field["widget"].as_str(), Some("hidden"), "{only}");
    }
    let i18n = &config["i18n"];
    assert_eq!(i18n["structure"].as_str(), Some("multiple_files"));
    assert_eq!(
        i18n["omit_default_locale_from_file_path"].as_bool(),
        Some(true)
    );
    let locales: Vec<&str> = i18n["locales"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|l| l.as_str())
        .collect();
    assert_eq!(locales, ["en", "fr", "zh-Hans", "ar"]);
}

#[test]
fn selects_offer_the_sites_own_ids_and_required_follows_the_schema() {
    let config = example_config();
    let fields = advisory_fields(&config);
    let field = |name: &str| {
        fields
            .iter()
            .find(|f| f["name"].as_str() == Some(name))
            .unwrap_or_else(|| panic!("no field {name}"))
    };
    let values = |name: &str| -> Vec<String> {
        field(name)["options"]
            .as_sequence()
            .unwrap_or_else(|| panic!("{name} has no options"))
            .iter()
            .map(|o| o["value"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(values("severity"), ["low", "medium", "high", "critical"]);
    assert!(values("regions").contains(&"calgary".to_owned()));
    assert!(values("contacts").contains(&"emergency".to_owned()));
    let emergency = &field("contacts")["options"][0];
    assert!(
        emergency["label"].as_str().unwrap().contains("911"),
        "{emergency:?}"
    );
    assert_eq!(field("regions")["multiple"].as_bool(), Some(true));
    assert_eq!(field("red_flags")["widget"].as_str(), Some("list"));
    assert_eq!(field("red_flags")["min"].as_u64(), Some(1));
    assert_eq!(field("red_flags")["max"].as_u64(), Some(50));
    assert_eq!(field("date")["widget"].as_str(), Some("datetime"));
    assert_eq!(field("date")["format"].as_str(), Some("YYYY-MM-DD"));
    assert_eq!(field("title")["required"].as_bool(), Some(true));
    assert_eq!(field("expires")["required"].as_bool(), Some(false));
    let sources = field("sources")["fields"].as_sequence().unwrap();
    let source = |name: &str| {
        sources
            .iter()
            .find(|f| f["name"].as_str() == Some(name))
            .unwrap_or_else(|| panic!("sources has no {name}"))
    };
    assert_eq!(source("title")["required"].as_bool(), Some(true));
    assert_eq!(source("date")["widget"].as_str(), Some("datetime"));
    let url = source("url")["pattern"][0].as_str().unwrap();
    assert!(url.starts_with("^[Hh][Tt]"), "{url}");
}

fn check_against_sveltia(config: &Path) -> Output {
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/.test-venv/bin/python");
    let schema = repository().join("node_modules/@sveltia/cms/schema/sveltia-cms.json");
    assert!(
        Path::new(python).is_file() && schema.is_file(),
        "check-jsonschema or @sveltia/cms is missing: run `bash scripts/install-test-deps.sh`"
    );
    Command::new(python)
        .args(["-m", "check_jsonschema", "--schemafile"])
        .arg(schema)
        .arg(config)
        .output()
        .expect("run check-jsonschema")
}

#[test]
fn redflag_cms_writes_an_admin_that_sveltias_schema_accepts() {
    let site = copy_of_example_without_typesetting("");
    let out = Command::new(env!("CARGO_BIN_EXE_redflag"))
        .current_dir(site.path())
        .args(["cms", "--repo", "example-office/alerts"])
        .env_remove("CI")
        .output()
        .expect("run redflag cms");
    assert!(out.status.success(), "redflag cms: {}", printed(&out));
    let admin = site.path().join("public/admin");
    let config = admin.join("config.yml");
    let valid = check_against_sveltia(&config);
    assert!(
        valid.status.success(),
        "Sveltia's schema: {}",
        printed(&valid)
    );

    let yaml = std::fs::read_to_string(&config).unwrap();
    assert!(yaml.contains("repo: example-office/alerts"), "{yaml}");
    assert_retired_form(&serde_yaml::from_str(&yaml).unwrap());
    let broken = site.path().join("broken.yml");
    let typo = yaml.replace("structure: multiple_files", "structure: multiple_file");
    std::fs::write(&broken, typo).unwrap();
    let invalid = check_against_sveltia(&broken);
    assert!(
        !invalid.status.success(),
        "Sveltia's schema accepted `multiple_file`"
    );

    let index = std::fs::read_to_string(admin.join("index.html")).unwrap();
    assert!(
        index.contains("import CMS from './cms/index.js'"),
        "{index}"
    );
    assert!(
        !index.contains("//"),
        "the admin page names another host: {index}"
    );
    assert!(admin.join("cms/index.js").is_file());
    assert!(admin.join("cms/assets").is_dir());
}

/// The `retired` collection edits `content/retired.yaml` as one top-level list of entries: the
/// keys in the order the README documents, dates with a date picker, title and summary one
/// string per language, regions and scam types chosen from the site's terms.
fn assert_retired_form(config: &serde_yaml::Value) {
    let collection = config["collections"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|c| c["name"].as_str() == Some("retired"))
        .expect("a retired collection");
    let file = &collection["files"][0];
    assert_eq!(file["file"].as_str(), Some("content/retired.yaml"));
    assert_eq!(file["format"].as_str(), Some("yaml"));
    let [list] = file["fields"].as_sequence().unwrap().as_slice() else {
        panic!("one field, the file's list: {file:?}");
    };
    assert_eq!(list["widget"].as_str(), Some("list"));
    assert_eq!(list["root"].as_bool(), Some(true));
    let fields = list["fields"].as_sequence().unwrap();
    let field = |name: &str| {
        fields
            .iter()
            .find(|f| f["name"].as_str() == Some(name))
            .unwrap()
    };
    let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "slug",
            "retired",
            "date",
            "updated",
            "expires",
            "reviewed",
            "title",
            "summary",
            "regions",
            "scam_types"
        ]
    );
    for (name, required) in [("retired", true), ("date", true), ("updated", false)] {
        assert_eq!(field(name)["widget"].as_str(), Some("datetime"), "{name}");
        assert_eq!(field(name)["required"].as_bool(), Some(required), "{name}");
    }
    for name in ["title", "summary"] {
        let languages: Vec<(&str, &str, bool)> = field(name)["fields"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|f| {
                let widget = f["widget"].as_str().unwrap();
                (
                    f["name"].as_str().unwrap(),
                    widget,
                    f["required"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            languages,
            [
                ("en", "string", true),
                ("fr", "string", false),
                ("zh-Hans", "string", false),
                ("ar", "string", false)
            ],
            "{name}"
        );
    }
    for (name, term) in [("regions", "calgary"), ("scam_types", "virtual-kidnapping")] {
        assert_eq!(field(name)["widget"].as_str(), Some("select"), "{name}");
        let values: Vec<&str> = field(name)["options"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|o| o["value"].as_str().unwrap())
            .collect();
        assert!(values.contains(&term), "{name}: {values:?}");
    }
}

#[test]
fn the_vendored_cms_is_the_npm_package_pinned_in_package_lock() {
    let root = repository();
    let npm = root.join("node_modules/@sveltia/cms/npm");
    assert!(npm.is_dir(), "run `bash scripts/install-test-deps.sh`");
    let lock: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("package-lock.json")).unwrap()).unwrap();
    let version = lock["packages"]["node_modules/@sveltia/cms"]["version"]
        .as_str()
        .expect("@sveltia/cms in package-lock.json");
    let readme = std::fs::read_to_string(root.join("vendor/sveltia-cms/README.md")).unwrap();
    assert!(
        readme.contains(&format!("**{version}**")),
        "README names another version"
    );
    let vendor = root.join("vendor/sveltia-cms");
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(&npm) {
        let entry = entry.unwrap();
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_some_and(|e| e == "map") {
            continue;
        }
        let relative = path.strip_prefix(&npm).unwrap();
        let ours = std::fs::read(vendor.join(relative))
            .unwrap_or_else(|_| panic!("vendor/sveltia-cms lacks {}", relative.display()));
        assert!(
            ours == std::fs::read(path).unwrap(),
            "{} differs",
            relative.display()
        );
        compared += 1;
    }
    assert!(compared > 10, "only {compared} files");
}

#[test]
fn build_writes_the_admin_that_cms_in_site_toml_asks_for_and_reports_a_bad_one() {
    let site = copy_of_example_without_typesetting("");
    let toml = site.path().join("site.toml");
    let plain = std::fs::read_to_string(&toml).unwrap();
    let out = redflag_in(site.path(), &["build"]);
    assert!(out.status.success(), "{}", printed(&out));
    assert!(
        !site.path().join("public/admin").exists(),
        "no [cms], no admin"
    );

    let cms = "\n[cms]\nbackend = \"gitlab\"\nrepo = \"office/web/alerts\"\nbranch = \"live\"\n\
               base_url = \"https://auth.example.org\"\n";
    std::fs::write(&toml, format!("{plain}{cms}")).unwrap();
    let out = redflag_in(site.path(), &["build"]);
    assert!(out.status.success(), "{}", printed(&out));
    let config = site.path().join("public/admin/config.yml");
    let yaml = std::fs::read_to_string(&config).expect("build wrote admin/config.yml");
    for line in [
        "name: gitlab",
        "repo: office/web/alerts",
        "branch: live",
        "base_url: https://auth.example.org",
    ] {
        assert!(yaml.contains(line), "{line} in {yaml}");
    }
    let valid = check_against_sveltia(&config);
    assert!(
        valid.status.success(),
        "Sveltia's schema: {}",
        printed(&valid)
    );

    // A wrong value: reported at its line of site.toml, and the last output stays.
    let wrong = format!("{plain}{}", cms.replace("office/web/alerts", "alerts"));
    let line = 1 + wrong
        .lines()
        .position(|l| l == "repo = \"alerts\"")
        .unwrap();
    std::fs::write(&toml, wrong).unwrap();
    for command in ["check", "build"] {
        let out = redflag_in(site.path(), &[command]);
        let said = printed(&out);
        assert_eq!(out.status.code(), Some(1), "{command}: {said}");
        assert!(
            said.contains(&format!("site.toml:{line}:")) && said.contains("`alerts`"),
            "{command}: {said}"
        );
    }
    assert!(config.is_file(), "the previous output is intact");
}

/// The dotted key paths of the CMS `fields`, in the order of the form (an object's or a list of
/// objects' fields under `name.`).
fn form_order(fields: &serde_yaml::Value, prefix: &str, out: &mut Vec<String>) {
    for field in fields.as_sequence().into_iter().flatten() {
        let path = format!("{prefix}{}", field["name"].as_str().expect("name"));
        out.push(path.clone());
        form_order(&field["fields"], &format!("{path}."), out);
    }
}

/// The dotted key paths of a YAML file's mappings in file order, each once (the items of a list
/// of mappings under the list's key).
fn file_order(value: &serde_yaml::Value, prefix: &str, out: &mut Vec<String>) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (key, value) in map {
                let path = format!("{prefix}{}", key.as_str().expect("string key"));
                if !out.contains(&path) {
                    out.push(path.clone());
                }
                file_order(value, &format!("{path}."), out);
            }
        }
        serde_yaml::Value::Sequence(items) => {
            for item in items {
                file_order(item, prefix, out);
            }
        }
        _ => {}
    }
}

/// Panics unless every key of `file` is a field of `form`, in the form's order.
fn assert_in_form_order(name: &str, file: &[String], form: &[String]) {
    let mut last = 0;
    for key in file {
        let at = form.iter().position(|f| f == key);
        let at = at.unwrap_or_else(|| panic!("{name}: `{key}` has no field in the form"));
        assert!(
            at >= last,
            "{name}: `{key}` comes before `{}` in the form: the CMS would move it",
            form[last]
        );
        last = at;
    }
}

/// The content manager writes keys in the order of its form, lists one item a line: the
/// example's files are written so, so that a first save changes only what was edited (the
/// browser test saves one advisory, one contact and one taxonomy label and finds one line
/// changed).
#[test]
fn the_examples_files_are_in_the_order_and_style_the_form_writes() {
    let config = example_config();
    let mut form = Vec::new();
    form_order(&config["collections"][0]["fields"], "", &mut form);
    let advisories = repository().join("content/advisories");
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&advisories) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let front = text
            .strip_prefix("---\n")
            .and_then(|rest| rest.split_once("\n---\n"))
            .map(|(front, _)| front)
            .expect("front matter");
        let name = entry.path().display().to_string();
        let value: serde_yaml::Value = serde_yaml::from_str(front).unwrap();
        let mut keys = Vec::new();
        file_order(&value, "", &mut keys);
        assert_in_form_order(&name, &keys, &form);
        assert!(
            !front.contains(": ["),
            "{name}: a flow list (the CMS writes block lists)"
        );
        assert!(
            !front.contains('#'),
            "{name}: a comment (the CMS drops comments)"
        );
        files += 1;
    }
    assert!(files >= 10, "only {files} advisory files");

    for (name, path) in [
        ("contacts", redflag::cms::CONTACTS_FILE),
        ("taxonomies", redflag::cms::TAXONOMIES_FILE),
    ] {
        assert_file_in_form_order(&config, name, path);
    }
}

/// Panics unless the file of the file collection `name` is in the order and style of its form.
fn assert_file_in_form_order(config: &serde_yaml::Value, name: &str, path: &str) {
    let collection = config["collections"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|c| c["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("a {name} collection"));
    let file = &collection["files"][0];
    assert_eq!(file["file"].as_str(), Some(path));
    let mut form = Vec::new();
    form_order(&file["fields"], "", &mut form);
    let text = std::fs::read_to_string(repository().join(path)).unwrap();
    let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let mut keys = Vec::new();
    file_order(&value, "", &mut keys);
    assert_in_form_order(path, &keys, &form);
    assert!(!text.contains(": ["), "{path}: a flow list");
    assert!(!text.contains(": {"), "{path}: a flow mapping");
    assert!(
        !text.lines().any(|l| l.trim_start().starts_with('#')),
        "{path}: a comment (the CMS drops comments: write it in `note`)"
    );
}

/// Every property of a contact has a field in the contacts form, under every contact id.
#[test]
fn the_contacts_form_has_every_contact_property_for_every_contact() {
    let config = example_config();
    let contacts = &config["collections"][1];
    assert_eq!(contacts["name"].as_str(), Some("contacts"));
    let value = schema(SchemaKind::Contacts).to_value();
    let entry = &value["definitions"]["ContactEntry"]["properties"];
    let properties: BTreeSet<&String> = entry.as_object().unwrap().keys().collect();
    let objects = contacts["files"][0]["fields"].as_sequence().unwrap();
    let ids: Vec<&str> = objects
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"emergency") && ids.len() >= 10, "{ids:?}");
    for object in objects {
        assert_eq!(
            object["required"].as_bool(),
            Some(true),
            "no switch deletes a contact"
        );
        let names: BTreeSet<String> = object["fields"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_owned())
            .collect();
        for property in &properties {
            assert!(names.contains(*property), "no field {property}");
        }
    }
    let name = &objects[0]["fields"][0];
    let languages: Vec<&str> = name["fields"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(languages, ["en", "fr", "zh-Hans", "ar"]);
}

/// The taxonomies form has one required object per term of the site, its label in every
/// language, and for a region the geography and note the loader reads, in the file's order.
#[test]
fn the_taxonomies_form_has_every_term_with_its_labels_and_a_regions_geography() {
    let config = example_config();
    let taxonomies = &config["collections"][2];
    assert_eq!(taxonomies["name"].as_str(), Some("taxonomies"));
    let kinds = taxonomies["files"][0]["fields"].as_sequence().unwrap();
    let names = |fields: &serde_yaml::Value| -> Vec<String> {
        let fields = fields.as_sequence().unwrap();
        fields
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let keys: Vec<String> = names(&serde_yaml::Value::Sequence(kinds.clone()));
    assert_eq!(keys, ["scam_types", "audiences", "regions"]);
    let text = std::fs::read_to_string(repository().join(redflag::cms::TAXONOMIES_FILE)).unwrap();
    let file: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    for kind in kinds {
        let key = kind["name"].as_str().unwrap();
        let ids = names(&kind["fields"]);
        let in_file: Vec<String> = file[key]
            .as_mapping()
            .unwrap()
            .keys()
            .map(|k| k.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            ids, in_file,
            "{key}: one object per term, in the file's order"
        );
        for term in kind["fields"].as_sequence().unwrap() {
            assert_eq!(
                term["required"].as_bool(),
                Some(true),
                "no switch deletes a term"
            );
            let mut expected = vec!["en", "fr", "zh-Hans", "ar"];
            if key == "regions" {
                expected.extend(redflag::cms::REGION_ORDER);
            }
            assert_eq!(names(&term["fields"]), expected, "{key}");
        }
    }
}
