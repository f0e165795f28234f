//! `[posters] languages / regions / institutions` and `poster: false` in front matter: the build
//! makes only the posters asked for, and its summary says how many it left out and why.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use redflag::build::load;
use redflag::plan::posters::left_out;

use crate::support::example::{add_to_posters_table, copy_of_example_without_share_images};
use crate::support::{printed, redflag_in};

/// A copy of the example (without share images: only posters are typeset) with `settings`
/// (lines) added to its `[posters]` table and, if `no_poster` names an advisory, `poster: false`
/// instead of its `poster:` map in its default-language front matter.
fn restricted_example(settings: &str, no_poster: Option<&str>) -> tempfile::TempDir {
    let dir = copy_of_example_without_share_images("");
    add_to_posters_table(dir.path(), settings);
    if let Some(slug) = no_poster {
        let file = dir
            .path()
            .join(format!("content/advisories/{slug}/index.md"));
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, without_poster(&text)).unwrap();
    }
    dir
}

/// Front matter whose `poster:` map is replaced by `poster: false`.
fn without_poster(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in text.lines() {
        if line == "poster:" {
            inside = true;
            out.push_str("poster: false\n");
        } else if !(inside && line.starts_with("  ")) {
            inside = false;
            out.push_str(line);
            out.push('\n');
        }
    }
    assert!(out.contains("\nposter: false\n"), "no poster map in {text}");
    out
}

/// What a site's build would make and leave out.
struct Plan {
    jobs: Vec<redflag::plan::posters::PosterJob>,
    left_out: Vec<(&'static str, usize)>,
    slugs: Vec<String>,
}

fn plan_of(root: &Path) -> Plan {
    let prepared =
        load(root, &redflag::content::LoadOptions::default()).unwrap_or_else(|e| panic!("{e:?}"));
    let site = &prepared.site;
    Plan {
        left_out: left_out(site, &prepared.theme),
        slugs: site.advisories.iter().map(|a| a.slug.clone()).collect(),
        jobs: prepared.posters,
    }
}

#[test]
fn posters_are_made_only_for_the_languages_institutions_and_advisories_asked_for() {
    let full = restricted_example("", None);
    let full = plan_of(full.path());
    assert!(full.left_out.is_empty(), "{:?}", full.left_out);
    let all = full.jobs;
    assert_eq!(all.len(), 26);

    let dir = restricted_example(
        "languages = [\"en\", \"fr\"]\ninstitutions = [\"lakeshore-polytechnic\"]",
        Some("fake-chinese-police-video-calls"),
    );
    let Plan {
        jobs: plan,
        left_out: reasons,
        slugs,
    } = plan_of(dir.path());
    let reasons: HashMap<&str, usize> = reasons.into_iter().collect();
    assert_eq!(
        plan.len() + reasons.values().sum::<usize>(),
        all.len(),
        "every poster is either made or counted as left out: {reasons:?}"
    );
    for job in &plan {
        assert_ne!(
            slugs[job.advisory], "fake-chinese-police-video-calls",
            "{job:?}"
        );
        match job.institution {
            None => assert!(
                job.languages.iter().all(|l| l == "en" || l == "fr"),
                "{job:?}"
            ),
            Some(_) => assert!(
                job.path.starts_with("posters/lakeshore-polytechnic/"),
                "{job:?}"
            ),
        }
    }
    // fake-chinese: en and zh-Hans × 2 sizes, and Lakeshore's (Toronto) 2.
    assert_eq!(
        reasons["of advisories with `poster: false`"], 6,
        "{reasons:?}"
    );
    // Northgate's Calgary poster in 2 sizes.
    assert_eq!(reasons["of institutions not in [posters] institutions"], 2);
    // zh-Hans and ar of the two other advisories, 2 sizes each.
    assert_eq!(reasons["in languages not in [posters] languages"], 8);
}

#[test]
fn the_build_says_how_many_posters_it_left_out_and_why() {
    let dir = restricted_example(
        "languages = [\"fr\"]\nregions = [\"calgary\"]\ninstitutions = []",
        None,
    );
    let out = dir.path().join("public");
    let built = Command::new(env!("CARGO_BIN_EXE_redflag"))
        .current_dir(dir.path())
        // The summary is what a person at a terminal reads; CI=true (as on CI) makes it quiet.
        .env_remove("CI")
        .args(["build", "--out", "public"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "{stderr}");
    assert!(stderr.contains("and 2 posters"), "{stderr}");
    assert!(
        stderr.contains(
            "24 posters not made as the site asks: 16 of advisories outside [posters] regions, \
             2 of institutions not in [posters] institutions, 6 in languages not in [posters] languages"
        ),
        "{stderr}"
    );
    assert!(
        out.join("advisories/virtual-kidnapping-calgary/poster-fr-letter.pdf")
            .is_file()
    );
    assert!(
        !out.join("advisories/virtual-kidnapping-calgary/poster-en-letter.pdf")
            .exists()
    );
    assert!(!out.join("posters").exists());
}

#[test]
fn posters_can_be_restricted_by_region_scam_type_and_audience() {
    for (setting, reason) in [
        (
            "regions = [\"calgary\"]",
            "of advisories outside [posters] regions",
        ),
        (
            "scam_types = [\"virtual-kidnapping\"]",
            "of advisories outside [posters] scam_types",
        ),
        (
            "audiences = [\"international-students\"]",
            "of advisories outside [posters] audiences",
        ),
    ] {
        let dir = restricted_example(setting, None);
        let Plan {
            jobs: plan,
            left_out: reasons,
            slugs,
        } = plan_of(dir.path());
        assert!(
            plan.iter()
                .all(|j| slugs[j.advisory] == "virtual-kidnapping-calgary"),
            "{setting}: {plan:?}"
        );
        assert_eq!(
            plan.len(),
            10,
            "{setting}: 4 languages and Northgate's, 2 sizes: {plan:?}"
        );
        assert_eq!(reasons, [(reason, 16)], "{setting}");
    }
}

#[test]
fn an_unknown_scam_type_or_audience_is_an_error_at_its_line_of_site_toml() {
    for (setting, id) in [
        ("scam_types = [\"no-such-scam\"]", "no-such-scam"),
        ("audiences = [\"nobody-at-all\"]", "nobody-at-all"),
    ] {
        let dir = restricted_example(setting, None);
        let errors = match load(dir.path(), &redflag::content::LoadOptions::default()) {
            Ok(_) => panic!("{setting} was accepted"),
            Err(errors) => errors,
        };
        let text = std::fs::read_to_string(dir.path().join("site.toml")).unwrap();
        let line = text.lines().position(|l| l == setting).unwrap() + 1;
        assert!(
            errors
                .iter()
                .any(|d| d.file.ends_with("site.toml") && d.line == line && d.message.contains(id)),
            "{setting}: {errors:?}"
        );
    }
}

#[test]
fn a_selection_naming_what_the_site_lacks_exits_2_saying_what_to_use_and_writes_nothing() {
    let dir = copy_of_example_without_share_images("");
    let cases: [(&[&str], &str); 4] = [
        (
            &["posters", "no-such-advisory"],
            "there is no advisory `no-such-advisory`: name the folder of one under content/advisories/",
        ),
        (
            &["posters", "--lang", "xx"],
            "the site has no language `xx`: use one of the tags under [languages] in site.toml",
        ),
        (
            &["posters", "--lang", "en,fr,ar"],
            "a poster carries one or two languages: give --lang once or twice",
        ),
        (
            &["posters", "--institution", "no-such-college"],
            "there is no institution `no-such-college` in site.toml: use the `id` of one of its [[institutions]]",
        ),
    ];
    for (args, message) in cases {
        let run = redflag_in(dir.path(), args);
        let said = printed(&run);
        assert_eq!(run.status.code(), Some(2), "{args:?}:\n{said}");
        assert_eq!(said.trim(), format!("error: {message}"), "{args:?}");
        assert!(
            !dir.path().join("public").exists(),
            "{args:?} wrote public/"
        );
    }
}
