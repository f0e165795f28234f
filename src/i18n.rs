//! Languages and UI strings: language tags, text direction, the theme's translated strings with
//! their fallback chain, CLDR plural categories and localised dates.
//!
//! It knows nothing of advisories; content text falls back through `model::Localized`.

use std::collections::HashMap;
use std::path::Path;

use icu_locale::{LanguageIdentifier, LocaleDirectionality};
use icu_plurals::{PluralCategory, PluralRules};
use indexmap::IndexMap;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::yaml::{Seg, YamlFile, kind_of};

/// Writing direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left (Arabic, Persian, Hebrew, Urdu ...).
    Rtl,
}

/// A language the site is published in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// Canonical BCP 47 tag, e.g. `zh-Hans`.
    pub tag: String,
    /// The language's name in itself, e.g. `简体中文`.
    pub name: String,
    /// Its writing direction, derived from the tag.
    pub dir: Direction,
    /// Its folder in URLs: the tag lower-cased (`zh-hans`), empty for the default language.
    pub url_segment: String,
}

/// Parses a BCP 47 tag and returns its canonical spelling (`zh-hans` → `zh-Hans`).
pub fn canonical_tag(tag: &str) -> Result<String, String> {
    LanguageIdentifier::try_from_str(tag)
        .map(|id| id.to_string())
        .map_err(|e| format!("`{tag}` is not a valid BCP 47 language tag ({e})"))
}

/// The writing direction of a (valid) language tag, from CLDR's likely scripts.
pub fn direction_of(tag: &str) -> Direction {
    let Ok(id) = LanguageIdentifier::try_from_str(tag) else {
        return Direction::Ltr;
    };
    match LocaleDirectionality::new_common().get(&id) {
        Some(icu_locale::Direction::RightToLeft) => Direction::Rtl,
        _ => Direction::Ltr,
    }
}

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

/// The theme's UI strings for every language, with fallback to the default language.
pub struct UiStrings {
    default_language: String,
    by_language: HashMap<String, IndexMap<String, UiValue>>,
    plural_rules: HashMap<String, PluralRules>,
}

const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

impl UiStrings {
    /// Parses the theme's `i18n/<lang>.yaml` files for the site's languages.
    ///
    /// `files` yields `(language, path shown in diagnostics, text)`; a language without a file
    /// falls back entirely to the default language.
    pub fn load<'a>(
        default_language: &str,
        files: impl IntoIterator<Item = (&'a str, &'a Path, &'a str)>,
    ) -> Result<UiStrings, Vec<Diagnostic>> {
        let mut by_language = HashMap::new();
        let mut diagnostics = Vec::new();
        let mut plural_rules = HashMap::new();
        for (lang, path, text) in files {
            match parse_strings(path, text) {
                Ok(strings) => {
                    by_language.insert(lang.to_owned(), strings);
                }
                Err(mut errs) => diagnostics.append(&mut errs),
            }
            if let Ok(id) = LanguageIdentifier::try_from_str(lang)
                && let Ok(rules) = PluralRules::try_new(id.into(), Default::default())
            {
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
        })
    }

    fn lookup(&self, lang: &str, key: &str) -> Option<&UiValue> {
        self.fallback_chain(lang)
            .into_iter()
            .find_map(|l| self.by_language.get(l).and_then(|m| m.get(key)))
    }

    /// The languages tried for `lang`, in order: itself, its base language, the default.
    fn fallback_chain<'s>(&'s self, lang: &'s str) -> Vec<&'s str> {
        let mut chain = vec![lang];
        if let Some((base, _)) = lang.split_once('-') {
            chain.push(base);
        }
        chain.push(&self.default_language);
        chain
    }

    /// The text of `key` in `lang` (falling back), or the key itself when no language has it.
    pub fn text<'s>(&'s self, lang: &str, key: &'s str) -> &'s str {
        match self.lookup(lang, key) {
            Some(UiValue::Text(text)) => text,
            Some(UiValue::Plural(forms)) => forms.get("other").map_or(key, String::as_str),
            _ => key,
        }
    }

    /// `key` in `lang` with `{name}` placeholders replaced.
    pub fn format(&self, lang: &str, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.text(lang, key), args)
    }

    /// The plural form of `key` for `count` in `lang`, with `{count}` filled in.
    pub fn plural(&self, lang: &str, key: &str, count: usize) -> String {
        let category = self
            .plural_rules
            .get(lang)
            .map_or(PluralCategory::Other, |rules| rules.category_for(count));
        let name = category_name(category);
        let template = match self.lookup(lang, key) {
            Some(UiValue::Plural(forms)) => forms
                .get(name)
                .or_else(|| forms.get("other"))
                .map_or(key, String::as_str),
            Some(UiValue::Text(text)) => text,
            _ => key,
        };
        fill(template, &[("count", &count.to_string())])
    }

    /// A date written the way `lang` writes it (`date_format` and `months` strings).
    pub fn format_date(&self, lang: &str, date: Date) -> String {
        let month = match self.lookup(lang, "months") {
            Some(UiValue::List(months)) if months.len() == 12 => {
                months[usize::from(date.month().unsigned_abs()) - 1].clone()
            }
            _ => date.month().to_string(),
        };
        let pattern = match self.lookup(lang, "date_format") {
            Some(UiValue::Text(p)) => p.as_str(),
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
        let mut out = IndexMap::new();
        for l in self.fallback_chain(lang).into_iter().rev() {
            for (key, value) in self.by_language.get(l).into_iter().flatten() {
                if let UiValue::Text(text) = value {
                    out.insert(key.clone(), text.clone());
                }
            }
        }
        out
    }

    /// Keys the default language has and `lang` lacks (before fallback).
    pub fn missing_keys(&self, lang: &str) -> Vec<&str> {
        let own = self.by_language.get(lang);
        self.by_language
            .get(&self.default_language)
            .into_iter()
            .flat_map(|m| m.keys())
            .filter(|k| own.is_none_or(|o| !o.contains_key(*k)))
            .map(String::as_str)
            .collect()
    }
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

#[derive(Deserialize)]
#[serde(untagged)]
enum RawUiValue {
    Text(String),
    List(Vec<String>),
    Plural(IndexMap<String, String>),
}

fn parse_strings(path: &Path, text: &str) -> Result<IndexMap<String, UiValue>, Vec<Diagnostic>> {
    let file = YamlFile::new(path, text, text, 0);
    let value = file.parse().map_err(|d| vec![d])?;
    let serde_yaml::Value::Mapping(map) = &value else {
        let at = Position::new(1, 1);
        return Err(vec![file.error(
            Code::InvalidValue,
            at,
            format!(
                "UI strings must be a mapping of `key: text`, found {}",
                kind_of(&value)
            ),
        )]);
    };
    let mut out = IndexMap::new();
    let mut diagnostics = Vec::new();
    for (key, value) in map {
        let Some(key) = key.as_str() else { continue };
        let path = [Seg::Key(key.to_owned())];
        match serde_yaml::from_value::<RawUiValue>(value.clone()) {
            Ok(RawUiValue::Text(t)) => {
                out.insert(key.to_owned(), UiValue::Text(t));
            }
            Ok(RawUiValue::List(l)) => {
                out.insert(key.to_owned(), UiValue::List(l));
            }
            Ok(RawUiValue::Plural(forms)) => {
                if let Some(bad) = forms
                    .keys()
                    .find(|k| !PLURAL_CATEGORIES.contains(&k.as_str()))
                {
                    let at = file.key_position(&[Seg::Key(key.to_owned()), Seg::Key(bad.clone())]);
                    diagnostics.push(
                        file.error(
                            Code::InvalidValue,
                            at,
                            format!("`{bad}` is not a CLDR plural category"),
                        )
                        .with_hint("use zero, one, two, few, many or other"),
                    );
                }
                out.insert(key.to_owned(), UiValue::Plural(forms));
            }
            Err(_) => {
                let at = file.value_position(&path);
                diagnostics.push(
                    file.error(
                        Code::InvalidValue,
                        at,
                        format!("UI string `{key}` must be text, a list, or plural forms"),
                    )
                    .with_hint("write `key: text`, or `key: { one: …, other: … }`"),
                );
            }
        }
    }
    if diagnostics.is_empty() {
        Ok(out)
    } else {
        Err(diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn direction_and_tags() {
        assert_eq!(direction_of("ar"), Direction::Rtl);
        assert_eq!(direction_of("fa"), Direction::Rtl);
        assert_eq!(direction_of("zh-Hans"), Direction::Ltr);
        assert_eq!(canonical_tag("zh-hans").unwrap(), "zh-Hans");
        assert!(canonical_tag("not a tag").is_err());
    }
}
