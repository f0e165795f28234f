//! SMS texts sent as more messages than `[share] sms_max_segments` (RF085), in every language
//! of the site, at the front-matter line that makes them long: the poster headline when the
//! advisory has one, else the title, in the file the text comes from.

use std::path::Path;

use super::sources::{Part, SourceMap, keys};
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::UiStrings;
use crate::model::{Advisory, Site};
use crate::plan::urls::{PageKind, Urls};
use crate::share_texts;
use crate::sms::SmsEncoding;
use crate::views::Localizer;

/// Every SMS text above the limit.
pub fn check_sms(site: &Site, ui: &UiStrings, sources: &SourceMap) -> Vec<Diagnostic> {
    let settings = &site.config.share;
    if !settings.sms {
        return Vec::new();
    }
    let urls = Urls::new(&site.config);
    let mut found = Vec::new();
    for advisory in &site.advisories {
        for lang in &site.config.languages {
            let l = Localizer { site, ui, lang };
            let url = urls.absolute(&PageKind::Advisory(advisory.slug.clone()), lang);
            let words = share_texts::words(advisory, &l, &url);
            let sms = share_texts::sms(&words, &l);
            if sms.count.segments <= settings.sms_max_segments {
                continue;
            }
            let from = match sms.longest_field {
                "poster/headline" => words.headline.as_ref().map(|h| h.lang.as_str()),
                _ => Some(words.title.lang.as_str()),
            };
            let file = source_file(advisory, from.unwrap_or(&lang.tag));
            let path = sms.longest_field.split('/').collect::<Vec<_>>();
            let encoding = match sms.count.encoding {
                SmsEncoding::Gsm7 => "GSM-7, 160 characters a message, 153 in parts",
                SmsEncoding::Ucs2 => "UCS-2, 70 characters a message, 67 in parts",
            };
            found.push(
                sources
                    .at_yaml(
                        Code::SmsSegments,
                        file,
                        &keys(&path),
                        Part::Value,
                        format!(
                            "the {} SMS text is sent as {} messages ({} units, {encoding}), more than [share] sms_max_segments = {}",
                            lang.tag, sms.count.segments, sms.count.units, settings.sms_max_segments
                        ),
                    )
                    .as_warning()
                    .with_hint(format!(
                        "shorten `{}` (the SMS is the title, the poster headline, the link and the emergency number), or raise sms_max_segments",
                        sms.longest_field.replace('/', ".")
                    )),
            );
        }
    }
    found
}

/// The file of the advisory's text in `lang`, else its default-language file.
fn source_file<'a>(advisory: &'a Advisory, lang: &str) -> &'a Path {
    advisory
        .texts
        .get(lang)
        .unwrap_or_else(|| advisory.source())
        .file
        .as_path()
}
