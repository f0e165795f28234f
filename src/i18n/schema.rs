//! The UI strings a theme may define and the shape of each: plain text with the placeholders
//! redflag fills in, plural forms, or the twelve month names. `strings` checks every file
//! against this table while loading it.

/// The shape of one UI string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiKey {
    /// Text; the placeholders redflag fills in (none for text the templates print as is).
    Text(&'static [&'static str]),
    /// Plural forms by CLDR category, with these placeholders.
    Plural(&'static [&'static str]),
    /// The twelve month names.
    Months,
}

const NONE: &[&str] = &[];

/// Every UI string of the default theme and what redflag passes to it. Keys `language_<tag>`
/// (a language's name) are text too.
const KEYS: &[(&str, UiKey)] = &[
    ("skip_to_content", UiKey::Text(NONE)),
    ("languages", UiKey::Text(NONE)),
    ("main_navigation", UiKey::Text(NONE)),
    ("home", UiKey::Text(NONE)),
    ("home_intro", UiKey::Text(NONE)),
    ("latest_advisories", UiKey::Text(NONE)),
    ("browse_by_topic", UiKey::Text(NONE)),
    ("no_advisories", UiKey::Text(NONE)),
    ("pagination", UiKey::Text(NONE)),
    ("newer_page", UiKey::Text(NONE)),
    ("older_page", UiKey::Text(NONE)),
    ("page_of", UiKey::Text(&["number", "total"])),
    ("advisory_count", UiKey::Plural(&["count"])),
    ("severity_label", UiKey::Text(NONE)),
    ("severity_low", UiKey::Text(NONE)),
    ("severity_medium", UiKey::Text(NONE)),
    ("severity_high", UiKey::Text(NONE)),
    ("severity_critical", UiKey::Text(NONE)),
    ("expired", UiKey::Text(NONE)),
    ("published", UiKey::Text(NONE)),
    ("updated", UiKey::Text(NONE)),
    ("expires", UiKey::Text(NONE)),
    ("in_danger", UiKey::Text(NONE)),
    ("call", UiKey::Text(NONE)),
    ("red_flags", UiKey::Text(NONE)),
    ("prevention", UiKey::Text(NONE)),
    ("if_targeted", UiKey::Text(NONE)),
    ("contacts", UiKey::Text(NONE)),
    ("details", UiKey::Text(NONE)),
    ("sources", UiKey::Text(NONE)),
    ("filed_under", UiKey::Text(NONE)),
    ("list_separator", UiKey::Text(NONE)),
    ("field_title", UiKey::Text(NONE)),
    ("field_summary", UiKey::Text(NONE)),
    ("field_poster_headline", UiKey::Text(NONE)),
    ("kind_emergency", UiKey::Text(NONE)),
    ("kind_police", UiKey::Text(NONE)),
    ("kind_report", UiKey::Text(NONE)),
    ("kind_support", UiKey::Text(NONE)),
    ("kind_credit_bureau", UiKey::Text(NONE)),
    ("taxonomy_scam_types", UiKey::Text(NONE)),
    ("taxonomy_audiences", UiKey::Text(NONE)),
    ("taxonomy_regions", UiKey::Text(NONE)),
    (
        "notice_fallback",
        UiKey::Text(&["language", "source_language"]),
    ),
    (
        "notice_partial",
        UiKey::Text(&["language", "source_language", "fields"]),
    ),
    ("notice_stale", UiKey::Text(&["source_language"])),
    (
        "notice_stale_fields",
        UiKey::Text(&["source_language", "fields"]),
    ),
    ("notice_expired", UiKey::Text(&["date"])),
    ("notice_incomplete_language", UiKey::Text(&["language"])),
    ("not_found_title", UiKey::Text(NONE)),
    ("not_found_text", UiKey::Text(NONE)),
    ("back_home", UiKey::Text(NONE)),
    ("footer_reminder", UiKey::Text(NONE)),
    ("feed", UiKey::Text(NONE)),
    ("search", UiKey::Text(NONE)),
    ("search_title", UiKey::Text(NONE)),
    ("search_intro", UiKey::Text(NONE)),
    ("search_noscript", UiKey::Text(NONE)),
    ("alerts_feed", UiKey::Text(NONE)),
    ("date_format", UiKey::Text(&["year", "month", "day"])),
    ("months", UiKey::Months),
    ("alert_note", UiKey::Text(NONE)),
    ("alert_tip", UiKey::Text(NONE)),
    ("alert_important", UiKey::Text(NONE)),
    ("alert_warning", UiKey::Text(NONE)),
    ("alert_caution", UiKey::Text(NONE)),
    ("poster_scan", UiKey::Text(NONE)),
    ("poster_section", UiKey::Text(NONE)),
    ("poster_intro", UiKey::Text(NONE)),
    ("poster_for", UiKey::Text(&["institution"])),
    ("poster_preview", UiKey::Text(NONE)),
    ("poster_notice", UiKey::Text(NONE)),
    ("paper_letter", UiKey::Text(NONE)),
    ("paper_a4", UiKey::Text(NONE)),
    ("paper_tabloid", UiKey::Text(NONE)),
    ("paper_a3", UiKey::Text(NONE)),
    ("share_section", UiKey::Text(NONE)),
    ("share_intro", UiKey::Text(NONE)),
    ("share_sms", UiKey::Text(NONE)),
    ("share_sms_parts", UiKey::Plural(&["count"])),
    ("share_messaging", UiKey::Text(NONE)),
    ("share_email", UiKey::Text(NONE)),
    ("share_copy", UiKey::Text(NONE)),
    ("share_copied", UiKey::Text(NONE)),
    ("share_read_more", UiKey::Text(NONE)),
];

/// The UI strings that name the parts of an advisory, by the translation field they name
/// (for notices that list what is untranslated or changed).
pub const UI_FIELD_KEYS: &[(&str, &str)] = &[
    ("title", "field_title"),
    ("summary", "field_summary"),
    ("red_flags", "red_flags"),
    ("prevention", "prevention"),
    ("if_targeted", "if_targeted"),
    ("poster_headline", "field_poster_headline"),
    ("body", "details"),
];

/// The shape of UI string `key`, or `None` when redflag does not know it.
pub fn ui_key(key: &str) -> Option<UiKey> {
    if key
        .strip_prefix("language_")
        .is_some_and(|tag| super::canonical_tag(tag).is_ok())
    {
        return Some(UiKey::Text(NONE));
    }
    KEYS.iter()
        .find(|(k, _)| *k == key)
        .map(|(_, shape)| *shape)
}

/// Every known key, for "did you mean" hints.
pub fn known_keys() -> Vec<&'static str> {
    KEYS.iter().map(|(k, _)| *k).collect()
}

/// The `{placeholders}` of a text, in order, each once.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !found.contains(&name)
        {
            found.push(name);
        }
        rest = &after[close + 1..];
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_placeholders() {
        assert_eq!(ui_key("page_of"), Some(UiKey::Text(&["number", "total"])));
        assert_eq!(ui_key("language_zh-Hant"), Some(UiKey::Text(NONE)));
        assert_eq!(ui_key("language_not a tag"), None);
        assert_eq!(ui_key("red_flag"), None);
        assert_eq!(
            placeholders("{count} of {total}, {count} {not a name} {"),
            ["count", "total"]
        );
    }
}
