//! The geography of regions in `content/taxonomies.yaml`, for the `<area>` blocks of CAP alerts:
//! `area_desc` per language, `geocodes` (`{ valueName, value }`), a `polygon` (a closed ring of
//! `[lat, lon]` points, WGS 84) and a `circle` (`{ center: [lat, lon], radius_km }`).
//!
//! These keys sit beside a region's labels:
//!
//! ```yaml
//! calgary:
//!   en: Calgary
//!   area_desc: { en: "City of Calgary, Alberta" }
//!   geocodes:
//!     - { valueName: "profile:CAP-CP:Location:0.3", value: "4806016" }
//! ```

use serde::Deserialize;
use serde_yaml::{Mapping, Value};

use crate::content::fields::read_localized;
use crate::diagnostics::Code;
use crate::i18n::Language;
use crate::model::ValuePair;
use crate::model::{Area, Circle};
use crate::yaml::{MapReader, Seg, YamlFile};

/// The keys of a region that describe its geography rather than label it.
pub const AREA_KEYS: [&str; 4] = ["area_desc", "geocodes", "polygon", "circle"];

/// A region's note for whoever checks it (where its geocodes come from): a string, kept in the
/// file, never shown on pages.
pub const NOTE: &str = "note";

/// Whether `key` is one of a region's keys that is not a label.
fn is_region_key(key: &str) -> bool {
    key == NOTE || AREA_KEYS.contains(&key)
}

/// A term's mapping without its geography keys and note (its labels), and whether it had any.
pub fn labels_only(term: &Value) -> (Value, bool) {
    let Value::Mapping(map) = term else {
        return (term.clone(), false);
    };
    let labels: Mapping = map
        .iter()
        .filter(|(k, _)| !k.as_str().is_some_and(is_region_key))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let had = labels.len() != map.len();
    (Value::Mapping(labels), had)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCircle {
    center: [f64; 2],
    radius_km: f64,
}

/// Reads the geography of the region at `path` and checks its note (its labels are read
/// elsewhere); diagnostics go to `out`.
pub fn read_area(
    file: &YamlFile,
    term: &Value,
    path: Vec<Seg>,
    languages: &[Language],
    out: &mut MapReader,
) -> Area {
    let mut reader = file.entries(term, path);
    if let Value::Mapping(map) = term {
        for key in map.keys().filter_map(Value::as_str) {
            if !is_region_key(key) {
                reader.raw(key);
            }
        }
    }
    let _note: Option<String> = reader.optional(NOTE);
    let area_desc = read_localized(&mut reader, "area_desc", languages, false);
    let geocodes: Vec<ValuePair> = reader.optional("geocodes").unwrap_or_default();
    for (i, code) in geocodes.iter().enumerate() {
        if code.value_name.trim().is_empty() || code.value.trim().is_empty() {
            let mut at = reader.path_of("geocodes");
            at.push(Seg::Index(i));
            reader
                .error_at(
                    Code::InvalidValue,
                    &at,
                    "a geocode needs a `valueName` and a `value`",
                )
                .hint = Some(
                "write e.g. { valueName: \"profile:CAP-CP:Location:0.3\", value: \"4806016\" }"
                    .into(),
            );
        }
    }
    let polygon: Option<Vec<[f64; 2]>> = reader.optional("polygon");
    let polygon = polygon.filter(|points| check_polygon(&mut reader, points));
    let circle: Option<RawCircle> = reader.optional("circle");
    let circle = circle.and_then(|c| {
        check_circle(&mut reader, &c).then_some(Circle {
            lat: c.center[0],
            lon: c.center[1],
            radius_km: c.radius_km,
        })
    });
    for d in reader.finish() {
        out.report(d);
    }
    Area {
        area_desc,
        geocodes,
        polygon,
        circle,
    }
}

/// Whether `[lat, lon]` is on the globe; reports it at `path` when not.
fn check_point(reader: &mut MapReader, point: [f64; 2], path: &[Seg]) -> bool {
    let [lat, lon] = point;
    let ok = (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon);
    if !ok {
        reader
            .error_at(
                Code::InvalidValue,
                path,
                format!("[{lat}, {lon}] is not a point on Earth: latitude must be within ±90 and longitude within ±180"),
            )
            .hint = Some("write points as [latitude, longitude] in degrees (WGS 84), latitude first".into());
    }
    ok
}

/// Whether the polygon is a closed ring of at least four valid points, reporting each problem.
fn check_polygon(reader: &mut MapReader, points: &[[f64; 2]]) -> bool {
    let path = reader.path_of("polygon");
    let mut ok = true;
    for (i, point) in points.iter().enumerate() {
        let mut at = path.clone();
        at.push(Seg::Index(i));
        ok &= check_point(reader, *point, &at);
    }
    if points.len() < 4 {
        reader
            .error_at(
                Code::InvalidValue,
                &path,
                format!("a polygon needs at least 4 points, found {}", points.len()),
            )
            .hint = Some("list the corners in order and repeat the first point at the end".into());
        return false;
    }
    if points.first() != points.last() {
        let mut at = path.clone();
        at.push(Seg::Index(points.len() - 1));
        reader
            .error_at(
                Code::InvalidValue,
                &at,
                "the polygon is not closed: its last point differs from its first",
            )
            .hint = Some("repeat the first point as the last one".into());
        ok = false;
    }
    ok
}

fn check_circle(reader: &mut MapReader, circle: &RawCircle) -> bool {
    let mut at = reader.path_of("circle");
    at.push(Seg::Key("center".into()));
    let mut ok = check_point(reader, circle.center, &at);
    if !(circle.radius_km.is_finite() && circle.radius_km > 0.0) {
        at.pop();
        at.push(Seg::Key("radius_km".into()));
        reader
            .error_at(
                Code::InvalidValue,
                &at,
                format!("radius_km must be more than 0, not {}", circle.radius_km),
            )
            .hint = Some("write the circle's radius in kilometres, e.g. radius_km: 25".into());
        ok = false;
    }
    ok
}
