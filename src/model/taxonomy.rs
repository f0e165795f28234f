//! The taxonomies advisories are classified by (scam types, audiences, regions), their
//! localised labels and regions' CAP geography.

use indexmap::IndexMap;

use super::{Localized, ValuePair};

/// The three taxonomies advisories are classified by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaxonomyKind {
    /// What kind of scam.
    ScamTypes,
    /// Who is targeted.
    Audiences,
    /// Where.
    Regions,
}

impl TaxonomyKind {
    /// All taxonomies, in display order.
    pub const ALL: [TaxonomyKind; 3] = [
        TaxonomyKind::ScamTypes,
        TaxonomyKind::Audiences,
        TaxonomyKind::Regions,
    ];

    /// The key in front matter and `taxonomies.yaml`.
    pub fn key(self) -> &'static str {
        match self {
            TaxonomyKind::ScamTypes => "scam_types",
            TaxonomyKind::Audiences => "audiences",
            TaxonomyKind::Regions => "regions",
        }
    }

    /// The folder in URLs.
    pub fn url_segment(self) -> &'static str {
        match self {
            TaxonomyKind::ScamTypes => "scam-types",
            TaxonomyKind::Audiences => "audiences",
            TaxonomyKind::Regions => "regions",
        }
    }
}

/// Labels of every taxonomy term, by taxonomy, in file order.
#[derive(Debug, Clone, Default)]
pub struct Taxonomies {
    /// Terms by taxonomy: id → label.
    pub terms: IndexMap<TaxonomyKind, IndexMap<String, Localized>>,
    /// The geography of regions that give one, by region id.
    pub areas: IndexMap<String, Area>,
}

/// Where a region is, for the `<area>` of CAP alerts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Area {
    /// How alerts describe it, per language (the region's label when not given).
    pub area_desc: Option<Localized>,
    /// Codes of the area (`profile:CAP-CP:Location:0.3` → `4806016`, `SAME` → …).
    pub geocodes: Vec<ValuePair>,
    /// A closed ring of `[lat, lon]` points (WGS 84), the first repeated last.
    pub polygon: Option<Vec<[f64; 2]>>,
    /// A circle.
    pub circle: Option<Circle>,
}

/// A circle on Earth (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Circle {
    /// Latitude of the centre, degrees.
    pub lat: f64,
    /// Longitude of the centre, degrees.
    pub lon: f64,
    /// Radius in kilometres.
    pub radius_km: f64,
}

impl Taxonomies {
    /// The terms of one taxonomy.
    pub fn of(&self, kind: TaxonomyKind) -> impl Iterator<Item = (&String, &Localized)> {
        self.terms.get(&kind).into_iter().flatten()
    }

    /// The label of a term.
    pub fn label(&self, kind: TaxonomyKind, id: &str) -> Option<&Localized> {
        self.terms.get(&kind)?.get(id)
    }
}
