//! The ready-to-send texts of the example (`share/` of every advisory in every language):
//! SMS lengths against Python's GSM 03.38 codec (`gsm0338`) and UTF-16, every `.eml` through
//! Python's `email` package (policy `default`, no defect), its HTML part through the Nu Html
//! Checker (vnu.jar) and under Gmail's 102 KB, and `check`'s RF085 above `sms_max_segments`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::example::{built_example, copy_of_example_without_typesetting};

const PYTHON: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/.test-venv/bin/python");
const VNU: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/node_modules/vnu-jar/build/dist/vnu.jar"
);

/// Every file below `dir` whose path ends with `suffix`.
fn files_ending(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(suffix) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Runs a Python script with `input` on stdin; returns its stdout (panics on failure).
fn python(script: &str, input: &str) -> String {
    let mut child = Command::new(PYTHON)
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the test venv's Python runs (scripts/install-test-deps.sh)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Python's count of each text: GSM-7 septets from the `gsm0338` codec (a character it cannot
/// encode makes the text UCS-2), UTF-16 code units otherwise; parts of 153 septets or 67 units
/// that never split a character.
const SMS_COUNT: &str = r#"
import json, sys
import gsm0338  # registers the gsm03.38 codec
out = []
for text in json.load(sys.stdin):
    try:
        sizes = [len(c.encode("gsm03.38")) for c in text]
        encoding, single, part = "gsm7", 160, 153
    except UnicodeEncodeError:
        sizes = [len(c.encode("utf-16-le")) // 2 for c in text]
        encoding, single, part = "ucs2", 70, 67
    units = sum(sizes)
    assert units == (len(text.encode("gsm03.38")) if encoding == "gsm7" else len(text.encode("utf-16-le")) // 2)
    segments, used = 1, 0
    if units > single:
        for s in sizes:
            if used + s > part:
                segments, used = segments + 1, 0
            used += s
    out.append([encoding, units, segments])
print(json.dumps(out))
"#;

#[test]
fn sms_counts_match_the_gsm_0338_codec_for_every_example_text_and_edge_cases() {
    let out = built_example();
    let files = files_ending(out, "/share/sms.txt");
    assert_eq!(
        files.len(),
        3 * 4,
        "an SMS per advisory and language: {files:?}"
    );
    let mut texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    for edge in [
        "€",
        "^",
        "{",
        "}",
        "[",
        "]",
        "~",
        "|",
        "\\",
        "€uro ^{x}",
        "🚨 alert",
        "⚠",
        "café",
        "Ça coûte 5 €",
        "ç",
        "Ä Ö Ñ Ü à",
        "Police: 警察 شرطة 🚨",
        "“quoted”",
        "",
    ] {
        texts.push(edge.to_owned());
    }
    for n in [70, 71, 134, 135, 153, 154, 160, 161, 306, 307] {
        texts.push("a".repeat(n));
        texts.push("中".repeat(n));
        texts.push(format!("{}€", "a".repeat(n.saturating_sub(2))));
        texts.push(format!("{}🚨", "中".repeat(n.saturating_sub(2))));
    }
    texts.push(format!("{}€{}", "a".repeat(152), "a".repeat(153)));
    let input = serde_json::to_string(&texts).unwrap();
    let python: Vec<(String, usize, usize)> =
        serde_json::from_str(&python(SMS_COUNT, &input)).unwrap();
    for (text, (encoding, units, segments)) in texts.iter().zip(python) {
        let ours = redflag::sms::count(text);
        let ours_encoding = match ours.encoding {
            redflag::sms::SmsEncoding::Gsm7 => "gsm7",
            redflag::sms::SmsEncoding::Ucs2 => "ucs2",
        };
        assert_eq!(
            (ours_encoding, ours.units, ours.segments),
            (encoding.as_str(), units, segments),
            "{text:?}"
        );
    }
    // Texts translated into Chinese or Arabic are UCS-2; English ones (the default language's,
    // and those shown untranslated in another language) fit GSM-7 (typography made plain).
    for file in &files {
        let path = file
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let count = redflag::sms::count(&std::fs::read_to_string(file).unwrap());
        let slug = path.split('/').rev().nth(2).unwrap();
        let own = |tag: &str| {
            crate::support::repository()
                .join(format!("content/advisories/{slug}/index.{tag}.md"))
                .exists()
        };
        let expected = match path.split('/').next().unwrap() {
            "zh-hans" if own("zh-Hans") => redflag::sms::SmsEncoding::Ucs2,
            "ar" if own("ar") => redflag::sms::SmsEncoding::Ucs2,
            "advisories" | "zh-hans" | "ar" => redflag::sms::SmsEncoding::Gsm7,
            _ => count.encoding,
        };
        assert_eq!(count.encoding, expected, "{path}");
    }
}

/// Parses every `.eml` with `email.policy.default`: no defect anywhere, a multipart/alternative
/// of text/plain then text/html in UTF-8, a Date and Message-ID; writes each HTML part next to
/// the output folder for vnu; prints `file<TAB>html bytes<TAB>lang<TAB>dir` per message.
const EML_CHECK: &str = r#"
import email, email.policy, json, re, sys, pathlib
files, html_dir = json.load(sys.stdin)
for i, name in enumerate(files):
    msg = email.message_from_bytes(pathlib.Path(name).read_bytes(), policy=email.policy.default)
    defects = [(p.get_content_type(), p.defects) for p in msg.walk() if p.defects]
    assert not defects, (name, defects)
    assert msg.get_content_type() == "multipart/alternative", name
    parts = [p.get_content_type() for p in msg.iter_parts()]
    assert parts == ["text/plain", "text/html"], (name, parts)
    for p in msg.iter_parts():
        assert p.get_content_charset() == "utf-8", name
    assert msg["Date"].datetime is not None and msg["Message-ID"], name
    assert msg["Subject"] and msg["From"], name
    html = msg.get_body(("html",)).get_content()
    text = msg.get_body(("plain",)).get_content()
    assert "://" in text, name
    m = re.search(r'<html lang="([^"]+)" dir="(ltr|rtl)">', html)
    assert m, name
    for bad in ("<img", "<style", "<link", "<script", " src=", "url("):
        assert bad not in html.lower(), (name, bad)
    out = pathlib.Path(html_dir) / f"email-{i}.html"
    out.write_text(html, encoding="utf-8")
    print(f"{name}\t{len(html.encode())}\t{m.group(1)}\t{m.group(2)}")
"#;

#[test]
fn every_email_parses_without_defects_has_valid_small_html_and_its_language() {
    let out = built_example();
    let files = files_ending(out, "/share/email.eml");
    assert_eq!(files.len(), 3 * 4, "an email per advisory and language");
    let html_dir = tempfile::tempdir().unwrap();
    let input = serde_json::to_string(&(&files, html_dir.path())).unwrap();
    let report = python(EML_CHECK, &input);
    for line in report.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let (file, bytes, lang, dir) = (fields[0], fields[1], fields[2], fields[3]);
        let bytes: usize = bytes.parse().unwrap();
        assert!(
            bytes < 102 * 1024,
            "{file}: HTML of {bytes} bytes clips in Gmail"
        );
        let rel = Path::new(file).strip_prefix(out).unwrap().to_string_lossy();
        let expected_lang = match rel.split('/').next() {
            Some("advisories") => "en",
            Some(prefix) => prefix,
            None => unreachable!(),
        };
        assert_eq!(lang.to_lowercase(), expected_lang, "{rel}");
        assert_eq!(dir, if lang == "ar" { "rtl" } else { "ltr" }, "{rel}");
    }
    assert_eq!(report.lines().count(), files.len());
    let vnu = Command::new("java")
        .args(["-jar", VNU, "--errors-only", "--skip-non-html"])
        .arg(html_dir.path())
        .output()
        .expect("java runs vnu.jar (npm vnu-jar)");
    assert!(
        vnu.status.success(),
        "the Nu Html Checker found errors in the emails' HTML:\n{}",
        String::from_utf8_lossy(&vnu.stderr)
    );
}

#[test]
fn check_warns_at_the_poster_headline_above_sms_max_segments() {
    let site = copy_of_example_without_typesetting("");
    let config = site.path().join("site.toml");
    let toml = std::fs::read_to_string(&config).unwrap();
    // The example sets its own limit in `[share]`: lower it to one message.
    let toml = toml.replacen("\nsms_max_segments = ", "\nsms_max_segments = 1\n# was ", 1);
    assert!(
        toml.contains("sms_max_segments = 1"),
        "the example's [share] limit moved"
    );
    std::fs::write(&config, toml).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_redflag"))
        .current_dir(site.path())
        .args(["check", "--format", "json"])
        .env_remove("CI")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let found: Vec<serde_json::Value> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|d| d["code"] == "RF085")
        .collect();
    assert!(
        !found.is_empty(),
        "no RF085 with sms_max_segments = 1:\n{stdout}"
    );
    let file = "content/advisories/virtual-kidnapping-calgary/index.ar.md";
    let ar = found
        .iter()
        .find(|d| d["file"] == file)
        .unwrap_or_else(|| panic!("no RF085 for the Arabic text:\n{stdout}"));
    assert_eq!(ar["severity"], "warning");
    let text = std::fs::read_to_string(site.path().join(file)).unwrap();
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("headline:"))
        .unwrap()
        + 1;
    assert_eq!(ar["line"], line, "{ar}");
    assert!(
        ar["message"]
            .as_str()
            .unwrap()
            .contains("the ar SMS text is sent as 3 messages"),
        "{ar}"
    );

    // With the example's own limit, one warning per SMS text of more messages than that.
    let config: toml::Value = toml::from_str(
        &std::fs::read_to_string(crate::support::repository().join("site.toml")).unwrap(),
    )
    .unwrap();
    let limit = config["share"]["sms_max_segments"]
        .as_integer()
        .unwrap_or(2) as usize;
    let run = Command::new(env!("CARGO_BIN_EXE_redflag"))
        .args(["check", "--format", "json", "--root"])
        .arg(crate::support::repository())
        .env_remove("CI")
        .output()
        .unwrap();
    let warned = String::from_utf8_lossy(&run.stdout)
        .matches("\"RF085\"")
        .count();
    let long = files_ending(built_example(), "/share/sms.txt")
        .iter()
        .filter(|f| redflag::sms::count(&std::fs::read_to_string(f).unwrap()).segments > limit)
        .count();
    assert_eq!(warned, long);
}
