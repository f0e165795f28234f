//! JSON Schema validation by an independent tool: check-jsonschema (pinned in
//! `scripts/test-requirements.txt`, installed into `.test-venv/`), not a reading of our own.

use std::collections::BTreeMap;
use std::process::Command;

use serde_json::Value;

/// The errors check-jsonschema finds in each named instance (no entry: valid).
pub fn errors(schema: &Value, instances: &[(&str, &Value)]) -> BTreeMap<String, Vec<String>> {
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/.test-venv/bin/python");
    assert!(
        std::path::Path::new(python).is_file(),
        "{python} is missing: run `bash scripts/install-test-deps.sh`"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let schema_file = dir.path().join("schema.json");
    std::fs::write(&schema_file, schema.to_string()).expect("write schema");
    let files: Vec<_> = (0..instances.len())
        .map(|i| dir.path().join(format!("{i}.json")))
        .collect();
    for (file, (_, value)) in files.iter().zip(instances) {
        std::fs::write(file, value.to_string()).expect("write instance");
    }
    let run = Command::new(python)
        .args([
            "-m",
            "check_jsonschema",
            "--output-format",
            "JSON",
            "--schemafile",
        ])
        .arg(&schema_file)
        .args(&files)
        .output()
        .expect("run check-jsonschema");
    let report: Value = serde_json::from_slice(&run.stdout).unwrap_or_else(|_| {
        panic!(
            "check-jsonschema printed no report: {}",
            String::from_utf8_lossy(&run.stderr)
        )
    });
    let unparsed = report["parse_errors"].as_array().map_or(0, Vec::len);
    assert_eq!(unparsed, 0, "check-jsonschema could not read: {report}");
    let mut found = BTreeMap::<String, Vec<String>>::new();
    for error in report["errors"].as_array().expect("an error list") {
        let file = error["filename"].as_str().expect("a file name");
        let index = files
            .iter()
            .position(|f| f.to_str() == Some(file))
            .unwrap_or_else(|| panic!("check-jsonschema named an unknown file {file}"));
        let message = format!("{}: {}", error["path"], error["message"]);
        found
            .entry(instances[index].0.to_owned())
            .or_default()
            .push(message);
    }
    assert_eq!(
        run.status.success(),
        found.is_empty(),
        "check-jsonschema's exit status and report disagree: {report}"
    );
    found
}
