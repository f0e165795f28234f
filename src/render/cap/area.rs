//! The `<area>` blocks of an alert's `<info>`: one per region of the advisory, described in the
//! info's language (its `area_desc` in that language, else its label) with the region's geography as
//! `taxonomies.yaml` gives it. Codes and shapes are the same in every language; only the
//! description is localised.

use crate::model::TaxonomyKind;
use crate::render::syndication::Syndication;
use crate::render::xml::XmlWriter;

/// Writes one `<area>` per region (ids of `content/taxonomies.yaml`), in `lang`.
pub fn write_areas(x: &mut XmlWriter, s: &Syndication, regions: &[String], lang: &str) {
    let taxonomies = &s.site.taxonomies;
    for id in regions {
        let Some(label) = taxonomies.label(TaxonomyKind::Regions, id) else {
            continue;
        };
        let area = taxonomies.areas.get(id);
        // `area_desc` in the info's language, else the region's label in it.
        let default = &s.site.config.default_language;
        let desc = area
            .and_then(|a| a.area_desc.as_ref())
            .map(|d| d.resolve(lang, default))
            .filter(|d| d.lang == lang)
            .map_or_else(|| s.localized(label, lang), |d| d.text);
        x.open("area", &[]);
        x.text("areaDesc", &[], desc);
        let Some(area) = area else {
            x.close("area");
            continue;
        };
        if let Some(polygon) = &area.polygon {
            let points: Vec<String> = polygon
                .iter()
                .map(|[lat, lon]| format!("{lat},{lon}"))
                .collect();
            x.text("polygon", &[], &points.join(" "));
        }
        if let Some(c) = &area.circle {
            x.text(
                "circle",
                &[],
                &format!("{},{} {}", c.lat, c.lon, c.radius_km),
            );
        }
        for code in &area.geocodes {
            x.open("geocode", &[]);
            x.text("valueName", &[], &code.value_name);
            x.text("value", &[], &code.value);
            x.close("geocode");
        }
        x.close("area");
    }
}
