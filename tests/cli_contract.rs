//! Small promises of the command line, run the way users run them (inside the site folder):
//! exit code 2 when there is no site to work on, quiet exits when the reader of the output goes
//! away (`| head`), a `--base-url` that is not an address refused, a UTF-16 file named rather
//! than quoted as mojibake, and relative links with a colon kept as links.

use std::io::{PipeReader, PipeWriter};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use redflag::scaffold::init_site;

const ADVISORY: &str = "content/advisories/fake-police-calls/index.md";

fn redflag(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redflag"))
        .args(args)
        .current_dir(cwd)
        .env_remove("CI")
        .output()
        .unwrap()
}

fn new_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    init_site(dir.path()).unwrap();
    dir
}

fn edit(site: &Path, file: &str, from: &str, to: &str) {
    let path = site.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} lacks {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn no_site_here_exits_with_2() {
    let empty = tempfile::tempdir().unwrap();
    for args in [
        &["build"][..],
        &["check"],
        &["check", "--format", "json"],
        &["translations"],
        &["posters"],
    ] {
        let output = redflag(args, empty.path());
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(output.status.code(), Some(2), "{args:?}: {said}");
        assert!(said.contains("cannot read site.toml"), "{args:?}: {said}");
    }
    assert_eq!(
        std::fs::read_dir(empty.path()).unwrap().count(),
        0,
        "nothing was written"
    );
}

/// A pipe whose reading end is already closed: whatever the command writes into it fails with
/// a broken pipe at once, as with `| head` once `head` has its lines.
fn closed_pipe() -> PipeWriter {
    let (reader, writer): (PipeReader, PipeWriter) = std::io::pipe().unwrap();
    drop(reader);
    writer
}

/// Runs redflag inside `cwd` with standard output (or standard error) into a closed pipe.
fn into_closed_pipe(args: &[&str], cwd: &Path, stderr_too: bool) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_redflag"));
    command
        .args(args)
        .current_dir(cwd)
        .env_remove("CI")
        .stdout(closed_pipe());
    if stderr_too {
        command.stderr(closed_pipe());
    } else {
        command.stderr(Stdio::piped());
    }
    command.output().unwrap()
}

#[test]
fn output_into_a_closed_pipe_ends_quietly_with_the_commands_own_exit_code() {
    let dir = new_site();
    let site = dir.path();
    for (args, code) in [
        (&["translations", "--format", "json"][..], 0),
        (&["translations"], 0),
        (&["schema", "front-matter"], 0),
        (&["check", "--format", "json"], 0),
        (&["check", "--format", "github"], 0),
    ] {
        let output = into_closed_pipe(args, site, false);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    // With an error in the site, the exit code still says so.
    edit(site, ADVISORY, "severity: high", "severity: urgent");
    let output = into_closed_pipe(&["check", "--format", "json"], site, false);
    assert_eq!(output.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
    // `redflag check 2>&1 | head`: the human report goes to standard error.
    let output = into_closed_pipe(&["check"], site, true);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_base_url_flag_that_is_not_an_address_is_refused() {
    let dir = new_site();
    for url in [
        "https://alerts.example.org/a b",
        "https://alerts.example.org/\"><script>",
        "alerts.example.org",
        "https://",
    ] {
        let output = redflag(&["build", "--base-url", url], dir.path());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{url}: {stderr}");
        assert!(stderr.contains("error[RF006]: base_url"), "{url}: {stderr}");
        assert!(!dir.path().join("public").exists());
    }
    let output = redflag(
        &["build", "--base-url", "https://alerts.example.org/campus/"],
        dir.path(),
    );
    assert!(output.status.success());
}

#[test]
fn a_utf16_file_is_named_not_quoted_as_mojibake() {
    let dir = new_site();
    let path = dir.path().join(ADVISORY);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&path, bytes).unwrap();
    let output = redflag(&["check"], dir.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[RF018]: the file is saved as UTF-16 text, not UTF-8"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("--> {ADVISORY}\n")), "{stderr}");
    for garbage in ['\u{FFFD}', '\0', 'ÿ', 'þ'] {
        assert!(!stderr.contains(garbage), "{garbage:?} in:\n{stderr}");
    }
}

#[test]
fn relative_links_with_a_colon_are_kept_as_links() {
    let dir = new_site();
    edit(
        dir.path(),
        ADVISORY,
        "[red flags](#red-flags)",
        "[the notes](<notes):>), [the 2024 report](2024:report.pdf)",
    );
    let output = redflag(&["build"], dir.path());
    assert!(output.status.success());
    let page = std::fs::read_to_string(
        dir.path()
            .join("public/advisories/fake-police-calls/index.html"),
    )
    .unwrap();
    assert!(page.contains(r#"href="notes):""#), "{page}");
    assert!(page.contains(r#"href="2024:report.pdf""#), "{page}");
    // Not neutralised, so `check` judges them as links inside the site, not as unsafe schemes.
    let output = redflag(&["check", "--format", "json"], dir.path());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains("RF020"), "{stdout}");
    assert!(stdout.contains("broken link `2024:report.pdf`"), "{stdout}");
}

#[test]
fn a_control_character_pasted_into_a_body_is_reported_where_it_is_and_shown() {
    let dir = new_site();
    edit(
        dir.path(),
        ADVISORY,
        "This is an example advisory.",
        "This is an example\u{7} advisory.",
    );
    let output = redflag(&["check"], dir.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let text = std::fs::read_to_string(dir.path().join(ADVISORY)).unwrap();
    let line = text.lines().position(|l| l.contains('\u{7}')).unwrap() + 1;
    assert!(
        stderr.contains(&format!(
            "error[RF044]: the text contains the invisible control character U+0007\n  --> {ADVISORY}:{line}:19\n"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("| This is an example\u{2407} advisory."),
        "{stderr}"
    );
    assert!(
        !stderr.contains('\u{7}'),
        "the bell itself is never printed"
    );
}
