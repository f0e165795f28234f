//! The theme's UI strings (`i18n/<lang>.yaml`): loaded (each file checked by `file_check`),
//! looked up through the one fallback chain, with plural forms by the CLDR categories of each
//! language and localised dates.

use std::collections::HashMap;
use std::path::Path;

use icu_plurals::{PluralCategory, PluralRules};
use indexmap::IndexMap;
use jiff::civil::Date;

use super::fallback_chain;
use super::file_check::{Checked, check_file};
use super::value::{PLURAL_CATEGORIES, UiValue};
use crate::diagnostics::Diagnostic;

/// The theme's UI strings for every language, looked up through the fallback chain.
pub struct UiStrings {
    default_language: String,
    by_language: HashMap<String, IndexMap<String, UiValue>>,
    plural_rules: HashMap<String, PluralRules>,
    warnings: Vec<Diagnostic>,
}

impl UiStrings {
    /// Parses and checks the theme's `i18n/<lang>.yaml` files. Wrong shapes, placeholders that
    /// redflag does not fill in and plural categories the language does not have are errors;
    /// keys redflag does not know are kept (a theme's own templates may use them) and reported
    /// as warnings (`warnings`).
    ///
    /// `files` yields `(language, path shown in diagnostics, text)`; a language without a file
    /// takes every string from the next language of its fallback chain.
    pub fn load<'a>(
        default_language: &str,
        files: impl IntoIterator<Item = (&'a str, &'a Path, &'a str)>,
    ) -> Result<UiStrings, Vec<Diagnostic>> {
        let mut by_language = HashMap::new();
        let mut diagnostics = Vec::new();
        let mut warnings = Vec::new();
        let mut plural_rules = HashMap::new();
        for (lang, path, text) in files {
            let rules = plural_rules_for(lang);
            let categories: Vec<&str> = rules
                .as_ref()
                .map(|r| r.categories().map(category_name).collect())
                .unwrap_or_else(|| vec!["other"]);
            let mut checked = Checked::default();
            check_file(path, text, lang, &categories, &mut checked);
            by_language.insert(lang.to_owned(), checked.strings);
            diagnostics.append(&mut checked.errors);
            warnings.append(&mut checked.warnings);
            if let Some(rules) = rules {
                plural_rules.insert(lang.to_owned(), rules);
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        Ok(UiStrings {
            default_language: default_language.to_owned(),
            by_language,
            plural_rules,
            warnings,
        })
    }

    /// Keys that redflag does not know, one warning each (for `check`).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The value of `key` for `lang` and the language it was found in.
    fn lookup<'s>(&'s self, lang: &str, key: &str) -> Option<(&'s str, &'s UiValue)> {
        fallback_chain(lang, &self.default_language).find_map(|l| {
            let (l, strings) = self.by_language.get_key_value(l)?;
            strings.get(key).map(|value| (l.as_str(), value))
        })
    }

    /// The text of `key` in `lang` (falling back), or the key itself when no language has it.
    pub fn text<'s>(&'s self, lang: &str, key: &'s str) -> &'s str {
        match self.lookup(lang, key) {
            Some((_, UiValue::Text(text))) => text,
            Some((_, UiValue::Plural(forms))) => forms.get("other").map_or(key, String::as_str),
            _ => key,
        }
    }

    /// `key` in `lang` with `{name}` placeholders replaced.
    pub fn format(&self, lang: &str, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.text(lang, key), args)
    }

    /// The plural form of `key` for `count` in `lang`, with `{count}` filled in. The category
    /// follows the rules of the language the string was found in.
    pub fn plural(&self, lang: &str, key: &str, count: usize) -> String {
        let template = match self.lookup(lang, key) {
            Some((found, UiValue::Plural(forms))) => {
                let category = self
                    .plural_rules
                    .get(found)
                    .map_or(PluralCategory::Other, |rules| rules.category_for(count));
                forms
                    .get(category_name(category))
                    .or_else(|| forms.get("other"))
                    .map_or(key, String::as_str)
            }
            Some((_, UiValue::Text(text))) => text,
            _ => key,
        };
        fill(template, &[("count", &count.to_string())])
    }

    /// A date written the way `lang` writes it (`date_format` and `months` strings).
    pub fn format_date(&self, lang: &str, date: Date) -> String {
        let month = match self.lookup(lang, "months") {
            Some((_, UiValue::List(months))) if months.len() == 12 => {
                months[usize::from(date.month().unsigned_abs()) - 1].clone()
            }
            _ => date.month().to_string(),
        };
        let pattern = match self.lookup(lang, "date_format") {
            Some((_, UiValue::Text(p))) => p.as_str(),
            _ => "{year}-{month}-{day}",
        };
        fill(
            pattern,
            &[
                ("year", &date.year().to_string()),
                ("month", &month),
                ("day", &day_of_month(lang, date.day())),
            ],
        )
    }

    /// Every plain-text string for `lang`, fallbacks resolved: the templates' `t`.
    pub fn template_strings(&self, lang: &str) -> IndexMap<String, String> {
        let chain: Vec<&str> = fallback_chain(lang, &self.default_language).collect();
        let mut out = IndexMap::new();
        for l in chain.into_iter().rev() {
            for (key, value) in self.by_language.get(l).into_iter().flatten() {
                if let UiValue::Text(text) = value {
                    out.insert(key.clone(), text.clone());
                }
            }
        }
        out
    }

    /// Keys the default language has and no language of `lang`'s chain before the default.
    pub fn missing_keys(&self, lang: &str) -> Vec<&str> {
        let own: Vec<&IndexMap<String, UiValue>> = fallback_chain(lang, &self.default_language)
            .filter(|l| *l != self.default_language)
            .filter_map(|l| self.by_language.get(l))
            .collect();
        self.by_language
            .get(&self.default_language)
            .into_iter()
            .flat_map(|m| m.keys())
            .filter(|k| !own.iter().any(|o| o.contains_key(*k)))
            .map(String::as_str)
            .collect()
    }
}

/// The CLDR plural categories of `lang` in CLDR order (`zero`, `one`, `two`, `few`, `many`,
/// `other`): gettext's plural form `i` of the language is its `i`-th category.
pub fn plural_categories(lang: &str) -> Vec<&'static str> {
    let Some(rules) = plural_rules_for(lang) else {
        return vec!["other"];
    };
    let has: Vec<&str> = rules.categories().map(category_name).collect();
    PLURAL_CATEGORIES
        .into_iter()
        .filter(|c| has.contains(c))
        .collect()
}

/// CLDR's plural rules for a language tag, after replacing legacy language codes (CLDR keeps
/// Tagalog's rules under `fil`, not `tl`).
fn plural_rules_for(lang: &str) -> Option<PluralRules> {
    let mut locale = icu_locale::Locale::try_from_str(lang).ok()?;
    icu_locale::LocaleCanonicalizer::new_extended().canonicalize(&mut locale);
    PluralRules::try_new((&locale).into(), Default::default()).ok()
}

fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// Languages that write the first day of the month as an ordinal: French "1er avril".
const ORDINAL_FIRST_DAY: &[(&str, &str)] = &[("fr", "1er")];

/// The day of the month as `lang` writes it in a date.
fn day_of_month(lang: &str, day: i8) -> String {
    let base = lang.split('-').next().unwrap_or(lang);
    match ORDINAL_FIRST_DAY.iter().find(|(l, _)| *l == base) {
        Some((_, first)) if day == 1 => (*first).to_owned(),
        _ => day.to_string(),
    }
}

/// Replaces `{name}` placeholders.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;

    fn strings() -> UiStrings {
        let en = "red_flags: Red flags\nadvisory_count: { one: '{count} advisory', other: '{count} advisories' }\ndate_format: '{month} {day}, {year}'\nmonths: [January, February, March, April, May, June, July, August, September, October, November, December]\n";
        let ar = "red_flags: علامات التحذير\nadvisory_count: { zero: 'لا تنبيهات', one: 'تنبيه واحد', two: 'تنبيهان', few: '{count} تنبيهات', many: '{count} تنبيهًا', other: '{count} تنبيه' }\n";
        let zh = "date_format: '{year}年{month}月{day}日'\nmonths: ['1','2','3','4','5','6','7','8','9','10','11','12']\n";
        UiStrings::load(
            "en",
            [
                ("en", Path::new("en.yaml"), en),
                ("ar", Path::new("ar.yaml"), ar),
                ("zh-Hans", Path::new("zh-Hans.yaml"), zh),
            ],
        )
        .unwrap()
    }

    #[test]
    fn plural_categories_follow_cldr() {
        let s = strings();
        assert_eq!(s.plural("en", "advisory_count", 1), "1 advisory");
        assert_eq!(s.plural("en", "advisory_count", 2), "2 advisories");
        assert_eq!(s.plural("ar", "advisory_count", 0), "لا تنبيهات");
        assert_eq!(s.plural("ar", "advisory_count", 2), "تنبيهان");
        assert_eq!(s.plural("ar", "advisory_count", 3), "3 تنبيهات");
        assert_eq!(s.plural("ar", "advisory_count", 11), "11 تنبيهًا");
        assert_eq!(s.plural("ar", "advisory_count", 100), "100 تنبيه");
    }

    #[test]
    fn missing_strings_fall_back_to_the_default_language() {
        let s = strings();
        assert_eq!(s.text("zh-Hans", "red_flags"), "Red flags");
        assert_eq!(s.text("ar", "red_flags"), "علامات التحذير");
        assert_eq!(
            s.missing_keys("zh-Hans"),
            vec!["red_flags", "advisory_count"]
        );
    }

    #[test]
    fn dates_use_the_language_pattern() {
        let s = strings();
        let date = jiff::civil::date(2018, 6, 1);
        assert_eq!(s.format_date("en", date), "June 1, 2018");
        assert_eq!(s.format_date("zh-Hans", date), "2018年6月1日");
        assert_eq!(day_of_month("fr-CA", 1), "1er");
        assert_eq!(day_of_month("fr", 4), "4");
        assert_eq!(day_of_month("en", 1), "1");
    }

    fn errors(lang: &str, text: &str) -> Vec<(Code, usize, usize, String)> {
        match UiStrings::load("en", [(lang, Path::new("x.yaml"), text)]) {
            Ok(_) => Vec::new(),
            Err(diagnostics) => diagnostics
                .into_iter()
                .map(|d| (d.code, d.line, d.column, d.message))
                .collect(),
        }
    }

    #[test]
    fn plural_forms_need_other_and_the_language_categories() {
        let found = errors("en", "advisory_count:\n  one: '{count} advisory'\n");
        assert_eq!(found[0].0, Code::MissingField, "{found:?}");
        assert_eq!((found[0].1, found[0].2), (1, 1));
        let found = errors("en", "advisory_count:\n  few: a\n  other: b\n");
        assert_eq!((found[0].1, found[0].2), (2, 3), "{found:?}");
        assert!(found[0].3.contains("`en` has no plural category `few`"));
        assert!(errors("ar", "advisory_count: { few: a, many: b, other: c }\n").is_empty());
        assert!(errors("ko", "advisory_count: { other: '{count}' }\n").is_empty());
        assert!(!errors("ko", "advisory_count: { one: a, other: b }\n").is_empty());
        assert!(errors("tl", "advisory_count: { one: a, other: b }\n").is_empty());
    }

    #[test]
    fn placeholders_must_be_filled_in_by_redflag() {
        let found = errors("en", "page_of: 'Page {number} of {pages}'\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].1, found[0].2), (1, 28));
        assert!(found[0].3.contains("`{pages}`"));
        assert!(errors("en", "home: 'Home {count}'\n").len() == 1);
    }

    #[test]
    fn wrong_types_are_errors_and_unknown_keys_warnings() {
        let found = errors(
            "en",
            "red_flags: [a, b]\nmonths: [a]\nadvisory_count: text\n",
        );
        let codes: Vec<_> = found.iter().map(|f| (f.0, f.1)).collect();
        assert_eq!(
            codes,
            [
                (Code::InvalidValue, 1),
                (Code::InvalidValue, 2),
                (Code::InvalidValue, 3)
            ]
        );
        let s = UiStrings::load("en", [("en", Path::new("en.yaml"), "red_flag: x\n")]).unwrap();
        assert_eq!(s.warnings().len(), 1);
        assert_eq!(
            s.warnings()[0].hint.as_deref(),
            Some("did you mean `red_flags`?")
        );
        assert_eq!(
            s.text("en", "red_flag"),
            "x",
            "kept for the theme's own templates"
        );
    }

    #[test]
    fn plurals_follow_the_language_the_string_was_found_in() {
        let s = strings();
        assert_eq!(s.plural("fr-CA", "advisory_count", 1), "1 advisory");
        assert_eq!(s.text("ar-EG", "red_flags"), "علامات التحذير");
    }
}
