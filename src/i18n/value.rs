//! A UI string's value (text, plural forms, list) and the CLDR plural category names, shared by
//! the check of a file (`file_check`) and the lookup (`strings`).

use indexmap::IndexMap;

/// One UI string: plain text, plural forms by CLDR category, or a list (month names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UiValue {
    /// Plain text, possibly with `{placeholders}`.
    Text(String),
    /// Forms by CLDR plural category (`zero`, `one`, `two`, `few`, `many`, `other`).
    Plural(IndexMap<String, String>),
    /// A list of texts, e.g. the twelve month names.
    List(Vec<String>),
}

/// Every CLDR plural category, in CLDR order.
pub(super) const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];
