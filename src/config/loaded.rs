//! What reading `site.toml` gives: the configuration, the ids it refers to in the content
//! (for the content loader to resolve) and the problems found.

use crate::diagnostics::{Diagnostic, Position};
use crate::model::{Config, TaxonomyKind};

/// What an id in `site.toml` refers to in the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    /// An id in `contacts.yaml`.
    Contact,
    /// A term of a taxonomy in `taxonomies.yaml` (a region, a scam type, an audience).
    Term(TaxonomyKind),
}

/// An id in `site.toml` that the content loader must resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// What it refers to.
    pub kind: ReferenceKind,
    /// The id.
    pub id: String,
    /// Where it is written.
    pub at: Position,
    /// The line of `site.toml` it is written on, for quoting.
    pub line_text: String,
}

/// A parsed `site.toml`.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    /// The configuration: usable to check the content even when `diagnostics` has errors, but
    /// never to build the site.
    pub config: Config,
    /// The ids it refers to, for the content loader to resolve.
    pub references: Vec<Reference>,
    /// The problems found in it.
    pub diagnostics: Vec<Diagnostic>,
}
