//! `redflag check`, `translations`, `new`, `init` and `schema`, run as the binary in temporary
//! sites. Each check case starts from the site `redflag init` creates (which must be clean),
//! edits one thing, and asserts the diagnostic's code, severity, file, line, column and message
//! in all three output formats. Nothing here touches the network: external links are checked
//! against a server on 127.0.0.1 started by the test.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use redflag::scaffold::init_site;

use crate::support::line_column as position;

const ADVISORY: &str = "content/advisories/fake-police-calls/index.md";
const TRANSLATION: &str = "content/advisories/fake-police-calls/index.fr.md";
const CONTACTS: &str = "content/contacts.yaml";

struct Run {
    stdout: String,
    stderr: String,
    code: i32,
}

fn redflag(args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_redflag"));
    command.args(args).env_remove("CI");
    // The external-link test talks to 127.0.0.1 directly, never through a proxy.
    for proxy in ["http_proxy", "https_proxy", "all_proxy"] {
        command.env_remove(proxy).env_remove(proxy.to_uppercase());
    }
    let output = command.output().expect("the binary runs");
    Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code().unwrap_or(-1),
    }
}

fn check(root: &Path, extra: &[&str]) -> Run {
    let root = root.to_str().unwrap();
    let mut args = vec!["check", "--root", root];
    args.extend(extra);
    redflag(&args)
}

/// A new site made by `init`.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    init_site(dir.path()).unwrap();
    dir
}

fn read(root: &Path, file: &str) -> String {
    std::fs::read_to_string(root.join(file)).unwrap()
}

fn write(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Replaces `from` (which must occur) by `to` in a file of the site.
fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let text = read(root, file);
    assert!(text.contains(from), "{file} lacks {from:?}");
    write(root, file, &text.replacen(from, to, 1));
}

/// One expected diagnostic.
struct Expect<'a> {
    severity: &'a str,
    code: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

/// Runs `check` in the three formats and finds the expected diagnostic in each.
fn assert_reported(root: &Path, expect: &Expect, extra: &[&str]) {
    let json = check(root, &[&["--format", "json"], extra].concat());
    let objects: Vec<serde_json::Value> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let found = objects
        .iter()
        .find(|o| o["code"] == expect.code)
        .unwrap_or_else(|| panic!("no {} in JSON output:\n{}", expect.code, json.stdout));
    assert_eq!(found["severity"], expect.severity, "{found}");
    assert_eq!(found["file"], expect.file, "{found}");
    assert_eq!(found["line"], expect.line, "{found}");
    assert_eq!(found["column"], expect.column, "{found}");
    assert_eq!(found["message"], expect.message, "{found}");
    assert!(
        found["hint"].is_string(),
        "every diagnostic has a hint: {found}"
    );

    let github = check(root, &[&["--format", "github"], extra].concat());
    let level = match expect.severity {
        "info" => "notice",
        other => other,
    };
    let annotation = format!(
        "::{level} file={},line={},col={},title={}::{} {}",
        expect.file.replace(':', "%3A"),
        expect.line.max(1),
        expect.column.max(1),
        expect.code,
        expect.code,
        expect.message.replace('%', "%25")
    );
    assert!(
        github.stdout.lines().any(|l| l.starts_with(&annotation)),
        "no annotation {annotation:?} in:\n{}",
        github.stdout
    );

    let human = check(root, extra);
    let head = format!("{}[{}]: {}", expect.severity, expect.code, expect.message);
    let location = match (expect.line, expect.column) {
        (0, _) => format!("--> {}\n", expect.file),
        (line, column) => format!("--> {}:{line}:{column}\n", expect.file),
    };
    assert!(
        human.stderr.contains(&head),
        "no {head:?} in:\n{}",
        human.stderr
    );
    assert!(
        human.stderr.contains(&location),
        "no {location:?} in:\n{}",
        human.stderr
    );
    if expect.line > 0 && expect.column > 0 {
        let caret = format!("{}^", " ".repeat(expect.column - 1));
        assert!(
            human.stderr.contains(&caret),
            "no caret in:\n{}",
            human.stderr
        );
    }
    let fails = expect.severity == "error";
    assert_eq!(human.code, i32::from(fails), "{}", human.stderr);
}

fn digest_of(root: &Path) -> String {
    let text = read(root, TRANSLATION);
    let line = text
        .lines()
        .find(|l| l.starts_with("source_digest:"))
        .unwrap();
    line["source_digest:".len()..].trim().to_owned()
}

#[test]
fn a_new_site_is_clean_and_builds() {
    let dir = site();
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Only the sample police number, fictional (555-01xx), is listed: to replace before publishing.
    assert!(
        run.stderr
            .contains("check passed: 0 errors, 0 warnings, 1 info."),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("fictional number"), "{}", run.stderr);
    let out = dir.path().join("public");
    let build = redflag(&[
        "build",
        "--root",
        dir.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    for page in [
        "index.html",
        "fr/index.html",
        "advisories/fake-police-calls/index.html",
        "fr/advisories/fake-police-calls/index.html",
        "regions/example-city/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    let again = redflag(&["init", dir.path().to_str().unwrap()]);
    assert_eq!(again.code, 2, "init refuses an existing site");
}

#[test]
fn the_example_site_has_no_errors_and_no_warnings() {
    // As a user checks it: inside the site folder, warnings denied (scripts/test.sh relies on
    // this test instead of a `check` step of its own).
    let output = Command::new(env!("CARGO_BIN_EXE_redflag"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--deny-warnings", "--format", "json"])
        .env_remove("CI")
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    for kind in ["\"error\"", "\"warning\""] {
        assert!(!stdout.contains(kind), "{stdout}");
    }
}

#[test]
fn broken_relative_link_in_a_body() {
    let dir = site();
    edit(
        dir.path(),
        ADVISORY,
        "[red flags](#red-flags)",
        "[red flags](../nowhere/)",
    );
    let (line, column) = position(&read(dir.path(), ADVISORY), "../nowhere/");
    assert_reported(
        dir.path(),
        &Expect {
            severity: "error",
            code: "RF025",
            file: ADVISORY,
            line,
            column,
            message: "broken link `../nowhere/`: the site has no page `/advisories/nowhere/`",
        },
        &[],
    );
}

#[test]
fn script_link_in_a_body_is_reported() {
    let dir = site();
    edit(
        dir.path(),
        ADVISORY,
        "[red flags](#red-flags)",
        "[red flags](JavaScript:alert(1))",
    );
    let (line, column) = position(&read(dir.path(), ADVISORY), "JavaScript:");
    assert_reported(
        dir.path(),
        &Expect {
            severity: "error",
            code: "RF020",
            file: ADVISORY,
            line,
            column,
            message: "broken link `JavaScript:alert(1)`: only http, https, mailto and tel links are allowed, so the page shows no working link here",
        },
        &[],
    );
}

#[test]
fn missing_fragment_root_relative() {
    let dir = site();
    edit(
        dir.path(),
        ADVISORY,
        "[red flags](#red-flags)",
        "[red flags](/advisories/fake-police-calls/#step-2)",
    );
    let (line, column) = position(
        &read(dir.path(), ADVISORY),
        "/advisories/fake-police-calls/#",
    );
    assert_reported(
        dir.path(),
        &Expect {
            severity: "error",
            code: "RF026",
            file: ADVISORY,
            line,
            column,
            message: "broken link `/advisories/fake-police-calls/#step-2`: page `/advisories/fake-police-calls/` has no id `step-2`",
        },
        &[],
    );
}

#[test]
fn heading_and_template_ids_resolve() {
    let dir = site();
    edit(
        dir.path(),
        ADVISORY,
        "[red flags](#red-flags)",
        "[red flags](#red-flags), [what to do](#what-to-do), [home](/#main), [fr](/fr/advisories/fake-police-calls/#contacts)",
    );
    let run = check(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        !run.stdout.contains("RF025") && !run.stdout.contains("RF026"),
        "{}",
        run.stdout
    );
}

#[test]
fn link_broken_in_one_language_only() {
    let dir = site();
    let translation = read(dir.path(), TRANSLATION);
    let end = translation.rfind("---\n").unwrap() + 4;
    write(dir.path(), TRANSLATION, &translation[..end]);
    edit(
        dir.path(),
        ADVISORY,
        "[red flags](#red-flags)",
        "[style](../../static/style.css)",
    );
    let (line, column) = position(&read(dir.path(), ADVISORY), "../../static");
    assert_reported(
        dir.path(),
        &Expect {
            severity: "error",
            code: "RF025",
            file: ADVISORY,
            line,
            column,
            message: "broken link `../../static/style.css`: the site has no page `/fr/static/style.css` (on the fr page)",
        },
        &[],
    );
}

#[test]
fn broken_link_in_a_template() {
    let dir = site();
    let template = "{% extends \"base.html\" %}\n{% block content %}\n<h1>404</h1>\n<p><a href=\"/nowhere/\">home</a></p>\n{% endblock %}\n";
    write(dir.path(), "themes/default/templates/404.html", template);
    let (line, column) = position(template, "/nowhere/");
    assert_reported(
        dir.path(),
        &Expect {
            severity: "error",
            code: "RF025",
            file: "themes/default/templates/404.html",
            line,
            column,
            message: "broken link `/nowhere/` on 2 pages, e.g. `/404.html`: the site has no page `/nowhere/`",
        },
        &[],
    );
}

/// A server on 127.0.0.1 that answers 200 for paths starting with `/ok` and 404 otherwise,
/// and stops after `requests` requests or 20 seconds.
fn serve(requests: usize) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut served = 0;
        while served < requests && Instant::now() < deadline {
            match listener.accept() {
                Ok((mut stream, _)) => {
                    stream.set_nonblocking(false).unwrap();
                    stream
                        .set_read_timeout(Some(Duration::from_secs(5)))
                        .unwrap();
                    let mut head = Vec::new();
                    let mut byte = [0u8; 1];
                    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                        head.push(byte[0]);
                    }
                    let request = String::from_utf8_lossy(&head);
                    let path = request.split_whitespace().nth(1).unwrap_or("/");
                    let status = if path.starts_with("/ok") {
                        "200 OK"
                    } else {
                        "404 Not Found"
                    };
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    );
                    served += 1;
                }
                Err(_) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    });
    port
}

#[test]
fn external_links_only_with_external() {
    let dir = site();
    let port = serve(12);
    edit(
        dir.path(),
        CONTACTS,
        "  url: https://antifraudcentre-centreantifraude.ca/\n",
        "",
    );
    edit(
        dir.path(),
        ADVISORY,
        "    url: https://antifraudcentre-centreantifraude.ca/",
        &format!("    url: http://127.0.0.1:{port}/gone"),
    );
    edit(
        dir.path(),
        ADVISORY,
        "[red flags](#red-flags)",
        &format!("[red flags](http://127.0.0.1:{port}/ok)"),
    );
    let text = read(dir.path(), ADVISORY);
    let (line, column) = position(&text, "http://127.0.0.1");
    let quiet = check(dir.path(), &[]);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert!(
        !quiet.stderr.contains("RF027"),
        "not fetched without --external"
    );
    let message =
        format!("external link `http://127.0.0.1:{port}/gone` is broken: the server answered 404");
    assert_reported(
        dir.path(),
        &Expect {
            severity: "error",
            code: "RF027",
            file: ADVISORY,
            line,
            column,
            message: &message,
        },
        &["--external", "--external-timeout", "5"],
    );
}

#[test]
fn missing_translation_is_info() {
    let dir = site();
    std::fs::remove_file(dir.path().join(TRANSLATION)).unwrap();
    assert_reported(
        dir.path(),
        &Expect {
            severity: "info",
            code: "RF028",
            file: ADVISORY,
            line: 0,
            column: 0,
            message: "advisory `fake-police-calls` has no Français translation (fr): its fr page shows the en text",
        },
        &[],
    );
}

#[test]
fn stale_translation_is_a_warning_with_the_digest() {
    let dir = site();
    let digest = digest_of(dir.path());
    edit(dir.path(), TRANSLATION, &digest, "0123456789ab");
    let (line, column) = position(&read(dir.path(), TRANSLATION), "0123456789ab");
    let message = format!(
        "the fr translation of `fake-police-calls` is stale: it was made from source `0123456789ab`, the source is now `{digest}`; which of its fields changed is unknown (the site's git history does not have that version); compare each of title, summary, red_flags, prevention, if_targeted, poster_headline, body with index.md"
    );
    assert_reported(
        dir.path(),
        &Expect {
            severity: "warning",
            code: "RF029",
            file: TRANSLATION,
            line,
            column,
            message: &message,
        },
        &[],
    );
    let denied = check(dir.path(), &["--deny-warnings"]);
    assert_eq!(denied.code, 1, "--deny-warnings fails on warnings");
    assert!(
        denied
            .stderr
            .contains("check failed (warnings are denied): 0 errors, 1 warning, 1 info."),
        "{}",
        denied.stderr
    );
}

#[test]
fn unverified_translation_is_a_warning() {
    let dir = site();
    let digest = digest_of(dir.path());
    edit(
        dir.path(),
        TRANSLATION,
        &format!("source_digest: {digest}\n"),
        "",
    );
    let (line, column) = position(&read(dir.path(), TRANSLATION), "title:");
    assert_reported(
        dir.path(),
        &Expect {
            severity: "warning",
            code: "RF030",
            file: TRANSLATION,
            line,
            column,
            message: "the fr translation of `fake-police-calls` records no `source_digest`, so it cannot be known to be current",
        },
        &[],
    );
}

#[test]
fn list_length_mismatch_is_an_error() {
    let dir = site();
    edit(
        dir.path(),
        TRANSLATION,
        "  - Coupez tout contact et ne payez pas.\n",
        "",
    );
    let (line, column) = position(&read(dir.path(), TRANSLATION), "if_targeted:");
    assert_reported(
        dir.path(),
        &Expect {
            severity: "error",
            code: "RF015",
            file: TRANSLATION,
            line,
            column,
            message: "`if_targeted` has 1 item here but 2 items in the default-language index.md",
        },
        &[],
    );
}

#[test]
fn copied_text_in_a_translation_is_a_warning() {
    let dir = site();
    edit(
        dir.path(),
        TRANSLATION,
        "title: Appels de faux policiers",
        "title: Calls from fake police officers",
    );
    let (line, column) = position(&read(dir.path(), TRANSLATION), "Calls from");
    assert_reported(
        dir.path(),
        &Expect {
            severity: "warning",
            code: "RF038",
            file: TRANSLATION,
            line,
            column,
            message: "this fr text is the same as in the source: `Calls from fake police officers`",
        },
        &[],
    );
}

#[test]
fn missing_ui_strings_are_a_warning() {
    let dir = site();
    write(dir.path(), "themes/default/i18n/fr.yaml", "home: Accueil\n");
    let run = check(dir.path(), &["--format", "json"]);
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("RF031"))
        .expect("RF031 reported");
    let found: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(found["severity"], "warning");
    assert_eq!(found["file"], "themes/default/i18n/fr.yaml");
    let message = found["message"].as_str().unwrap();
    assert!(
        message.contains("UI strings are missing in Français (fr): `skip_to_content`"),
        "{message}"
    );
    assert!(message.ends_with(" more"), "{message}");
    let count: usize = message.split_whitespace().next().unwrap().parse().unwrap();
    let (line, column) = (0, 0);
    assert_reported(
        dir.path(),
        &Expect {
            severity: "warning",
            code: "RF031",
            file: "themes/default/i18n/fr.yaml",
            line,
            column,
            message,
        },
        &[],
    );
    assert!(count > 10);
}

#[test]
fn premium_rate_number_is_refused() {
    let dir = site();
    edit(
        dir.path(),
        CONTACTS,
        "\"+1 403-555-0100\"",
        "\"+1 900-555-1234\"",
    );
    let (line, column) = position(&read(dir.path(), CONTACTS), "\"+1 900");
    assert_reported(
        dir.path(),
        &Expect {
            severity: "error",
            code: "RF014",
            file: CONTACTS,
            line,
            column,
            message: "phone number `+1 900-555-1234` is a premium-rate number",
        },
        &[],
    );
}

#[test]
fn number_invalid_for_its_region_is_refused() {
    let dir = site();
    edit(
        dir.path(),
        CONTACTS,
        "\"+1 403-555-0100\"",
        "\"+1 123-555-0100\"",
    );
    let (line, column) = position(&read(dir.path(), CONTACTS), "\"+1 123");
    assert_reported(
        dir.path(),
        &Expect {
            severity: "error",
            code: "RF014",
            file: CONTACTS,
            line,
            column,
            message: "phone number `+1 123-555-0100` is not a valid number for its country",
        },
        &[],
    );
}

#[test]
fn contact_url_must_be_https() {
    let dir = site();
    edit(
        dir.path(),
        CONTACTS,
        "url: https://antifraud",
        "url: http://antifraud",
    );
    let (line, column) = position(&read(dir.path(), CONTACTS), "http://antifraud");
    assert_reported(
        dir.path(),
        &Expect {
            severity: "error",
            code: "RF036",
            file: CONTACTS,
            line,
            column,
            message: "`http://antifraudcentre-centreantifraude.ca/` is not secure: contact addresses must use https:",
        },
        &[],
    );
}

#[test]
fn unused_contact_is_info() {
    let dir = site();
    let text = read(dir.path(), CONTACTS)
        + "\nspare-line:\n  name: Spare line\n  kind: support\n  phone: \"+1 403-555-0199\"\n";
    write(dir.path(), CONTACTS, &text);
    let (line, column) = position(&text, "spare-line:");
    assert_reported(
        dir.path(),
        &Expect {
            severity: "info",
            code: "RF032",
            file: CONTACTS,
            line,
            column,
            message: "contact `spare-line` is not used by any advisory or institution",
        },
        &[],
    );
}

#[test]
fn hard_english_is_a_warning_at_the_hardest_passage() {
    let dir = site();
    let hard = "Individuals impersonating governmental representatives systematically manipulate international students into transferring substantial financial resources through unconventional mechanisms.";
    let body = format!(
        "{hard}\n\n{hard}\n\nConsequently, institutional authorities unequivocally recommend immediate verification procedures.\n"
    );
    let text = read(dir.path(), ADVISORY);
    let end = text.rfind("---\n").unwrap() + 4;
    let text = format!("{}{body}", &text[..end]);
    write(dir.path(), ADVISORY, &text);
    let json = check(dir.path(), &["--format", "json"]);
    let line = json
        .stdout
        .lines()
        .find(|l| l.contains("RF033"))
        .expect("RF033 reported");
    let found: serde_json::Value = serde_json::from_str(line).unwrap();
    let message = found["message"].as_str().unwrap().to_owned();
    assert!(message.starts_with("reading grade "), "{message}");
    assert!(message.contains("(Flesch-Kincaid) is above 8 for this English text; the hardest passage, here, is grade "), "{message}");
    let (line, column) = position(&text, "Consequently");
    assert_reported(
        dir.path(),
        &Expect {
            severity: "warning",
            code: "RF033",
            file: ADVISORY,
            line,
            column,
            message: &message,
        },
        &[],
    );
}

#[test]
fn expired_advisory_is_a_warning() {
    let dir = site();
    edit(
        dir.path(),
        ADVISORY,
        "severity: high\n",
        "severity: high\nexpires: 2024-06-01\n",
    );
    let (line, column) = position(&read(dir.path(), ADVISORY), "2024-06-01");
    assert_reported(
        dir.path(),
        &Expect {
            severity: "warning",
            code: "RF034",
            file: ADVISORY,
            line,
            column,
            message: "advisory `fake-police-calls` expired on 2024-06-01: its pages say it is no longer current",
        },
        &[],
    );
}

#[test]
fn advisory_without_source_is_a_warning() {
    let dir = site();
    edit(
        dir.path(),
        ADVISORY,
        "sources:\n  - title: Scams and fraud\n    publisher: Canadian Anti-Fraud Centre\n    url: https://antifraudcentre-centreantifraude.ca/\n",
        "",
    );
    let (line, column) = position(&read(dir.path(), ADVISORY), "title:");
    assert_reported(
        dir.path(),
        &Expect {
            severity: "warning",
            code: "RF035",
            file: ADVISORY,
            line,
            column,
            message: "advisory `fake-police-calls` has no source",
        },
        &[],
    );
}

/// `new` writes a skeleton that check refuses until it is filled in, then accepts.
#[test]
fn new_advisory_passes_check_once_filled_in() {
    let dir = site();
    let root = dir.path().to_str().unwrap();
    let run = redflag(&["new", "bank-calls", "--root", root]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = "content/advisories/bank-calls/index.md";
    let skeleton = read(dir.path(), file);
    let before = check(dir.path(), &["--format", "json"]);
    assert_eq!(before.code, 1);
    assert!(
        before.stdout.contains("\"code\":\"RF037\""),
        "{}",
        before.stdout
    );
    let (line, column) = position(&skeleton, "\"TODO: a short headline");
    assert_reported(
        dir.path(),
        &Expect {
            severity: "error",
            code: "RF037",
            file,
            line,
            column,
            message: "placeholder text left from `redflag new`: `TODO: a short headline that names the scam`",
        },
        &[],
    );
    let filled = skeleton
        .lines()
        .map(|l| match l.find("TODO: ") {
            Some(i) => format!(
                "{}\"Do not trust callers who ask for money.\"",
                &l[..i.saturating_sub(1)]
            ),
            None => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    write(dir.path(), file, &filled);
    let after = check(dir.path(), &[]);
    assert_eq!(after.code, 0, "{}\n{filled}", after.stderr);
    assert!(!after.stderr.contains("error["), "{}", after.stderr);
    assert_eq!(
        redflag(&["new", "bank-calls", "--root", root]).code,
        2,
        "refuses to overwrite"
    );
    assert_eq!(
        redflag(&["new", "Bank_Calls", "--root", root]).code,
        2,
        "refuses a bad slug"
    );
}

#[test]
fn new_translation_holds_the_source_text_as_a_draft() {
    let dir = site();
    let root = dir.path().to_str().unwrap();
    std::fs::remove_file(dir.path().join(TRANSLATION)).unwrap();
    let report = redflag(&["translations", "--root", root, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
    let digest = report["advisories"][0]["digest"]
        .as_str()
        .unwrap()
        .to_owned();
    let run = redflag(&["new", "fake-police-calls", "--lang", "fr", "--root", root]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "translate every text, then replace `status: draft` with the `source_digest`"
        ),
        "the next step in one sentence: {}",
        run.stderr
    );
    let text = read(dir.path(), TRANSLATION);
    assert!(text.contains("\nstatus: draft\n"), "{text}");
    assert!(
        !text.contains("\nsource_digest:"),
        "no digest until done: {text}"
    );
    assert!(
        text.contains(&format!("`source_digest: {digest}`")),
        "the comment names the digest to record: {text}"
    );
    assert!(
        text.contains("title: \"Calls from fake police officers\""),
        "{text}"
    );
    assert!(
        text.contains("Someone calls you."),
        "the body is copied: {text}"
    );
    let after = check(dir.path(), &["--format", "json"]);
    assert_eq!(after.code, 0, "{}", after.stdout);
    let draft = after
        .stdout
        .lines()
        .find(|l| l.contains("\"RF028\"") && l.contains("is a draft"))
        .unwrap_or_else(|| panic!("the draft is reported: {}", after.stdout));
    assert!(draft.contains("\"severity\":\"info\""), "{draft}");
    assert!(
        !after.stdout.contains("RF029")
            && !after.stdout.contains("RF030")
            && !after.stdout.contains("RF038"),
        "a draft is not checked as a finished translation: {}",
        after.stdout
    );
}

#[test]
fn translations_table_and_json() {
    let dir = site();
    let root = dir.path().to_str().unwrap();
    let digest = digest_of(dir.path());
    let human = redflag(&["translations", "--root", root]);
    assert_eq!(human.code, 0);
    assert!(
        human.stdout.contains("fake-police-calls"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains(&digest));
    assert!(human.stdout.contains("translated"));
    edit(dir.path(), TRANSLATION, &digest, "0123456789ab");
    let json = redflag(&["translations", "--root", root, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let row = &value["advisories"][0];
    assert_eq!(row["slug"], "fake-police-calls");
    assert_eq!(row["digest"], digest.as_str());
    assert_eq!(row["languages"]["fr"]["status"], "stale");
    assert_eq!(row["languages"]["fr"]["recorded_digest"], "0123456789ab");
    assert_eq!(value["coverage"]["fr"]["percent"], 0.0);
    assert_eq!(value["coverage"]["en"]["percent"], 100.0);
}

fn schema_of(name: &str) -> serde_json::Value {
    let run = redflag(&["schema", name]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// Asserts every instance matches `schema`, as check-jsonschema reads it.
fn validate(schema: &serde_json::Value, instances: &[(&str, &serde_json::Value)]) {
    let errors = crate::support::json_schema::errors(schema, instances);
    assert!(errors.is_empty(), "do not match their schema: {errors:#?}");
}

fn yaml_value(text: &str) -> serde_json::Value {
    serde_yaml::from_str(text).unwrap()
}

fn front_matter(text: &str) -> &str {
    let rest = text.strip_prefix("---\n").unwrap();
    &rest[..rest.find("\n---\n").unwrap() + 1]
}

/// Every content file of a site validates against the generated schemas.
fn validate_site(root: &Path) {
    let site_toml: toml::Value = toml::from_str(&read(root, "site.toml")).unwrap();
    validate(
        &schema_of("site"),
        &[("site.toml", &serde_json::to_value(site_toml).unwrap())],
    );
    validate(
        &schema_of("contacts"),
        &[(CONTACTS, &yaml_value(&read(root, CONTACTS)))],
    );
    let taxonomies = "content/taxonomies.yaml";
    validate(
        &schema_of("taxonomies"),
        &[(taxonomies, &yaml_value(&read(root, taxonomies)))],
    );
    let (mut originals, mut translations) = (Vec::new(), Vec::new());
    for entry in walkdir::WalkDir::new(root.join("content/advisories")) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let front = (
            entry.path().display().to_string(),
            yaml_value(front_matter(&text)),
        );
        if name == "index.md" {
            originals.push(front);
        } else {
            translations.push(front);
        }
    }
    assert!(!originals.is_empty() && !translations.is_empty());
    for (schema, list) in [("front-matter", &originals), ("translation", &translations)] {
        let instances: Vec<(&str, &serde_json::Value)> =
            list.iter().map(|(n, v)| (n.as_str(), v)).collect();
        validate(&schema_of(schema), &instances);
    }
}

#[test]
fn example_and_new_sites_match_the_schemas() {
    validate_site(Path::new(env!("CARGO_MANIFEST_DIR")));
    validate_site(site().path());
}

#[test]
fn schemas_refuse_what_the_loaders_refuse() {
    let good = yaml_value(front_matter(&read(site().path(), ADVISORY)));
    let mut unknown = good.clone();
    unknown["titel"] = "typo".into();
    let mut bad_severity = good.clone();
    bad_severity["severity"] = "urgent".into();
    let errors = crate::support::json_schema::errors(
        &schema_of("front-matter"),
        &[
            ("good", &good),
            ("unknown key", &unknown),
            ("bad severity", &bad_severity),
        ],
    );
    let refused: Vec<&str> = errors.keys().map(String::as_str).collect();
    assert_eq!(refused, ["bad severity", "unknown key"], "{errors:#?}");
    let mut translated_date = yaml_value(front_matter(&read(site().path(), TRANSLATION)));
    translated_date["date"] = "2024-01-01".into();
    let errors = crate::support::json_schema::errors(
        &schema_of("translation"),
        &[("translated date", &translated_date)],
    );
    assert!(
        errors.contains_key("translated date"),
        "a translation cannot set `date`"
    );
}

/// The entries the loader accepts (tests/retired.rs builds with them; the README shows the
/// other) match `redflag schema retired`; an unknown key and a missing title do not.
#[test]
fn retired_yaml_matches_its_schema_and_the_schema_refuses_what_the_reader_does() {
    let readme = read(Path::new(env!("CARGO_MANIFEST_DIR")), "README.md");
    let example = readme
        .split_once("\n```yaml\n- slug: ")
        .and_then(|(_, rest)| rest.split_once("\n```\n"))
        .map(|(entry, _)| format!("- slug: {entry}"))
        .expect("the README's retired.yaml example");
    let built = yaml_value(crate::retired::RETIRED_YAML);
    let mut unknown = built.clone();
    unknown[0]["severity"] = "high".into();
    let mut untitled = built.clone();
    untitled[1].as_object_mut().unwrap().remove("title");
    let errors = crate::support::json_schema::errors(
        &schema_of("retired"),
        &[
            ("README", &yaml_value(&example)),
            ("tests/retired.rs", &built),
            ("empty file", &serde_json::Value::Null),
            ("unknown key", &unknown),
            ("no title", &untitled),
        ],
    );
    let refused: Vec<&str> = errors.keys().map(String::as_str).collect();
    assert_eq!(refused, ["no title", "unknown key"], "{errors:#?}");
}

#[test]
fn schema_writes_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let out: PathBuf = dir.path().join("schemas");
    let run = redflag(&["schema", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for name in [
        "front-matter",
        "translation",
        "contacts",
        "taxonomies",
        "retired",
        "site",
    ] {
        assert!(out.join(format!("{name}.schema.json")).is_file(), "{name}");
    }
    assert_eq!(redflag(&["schema", "nope"]).code, 2);
}
