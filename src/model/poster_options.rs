//! An advisory's poster options: its headline and what a full poster may leave out.

/// A part of a full poster that it may leave out to fit on one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PosterPart {
    /// Contacts other than emergency numbers, police and the institution's own.
    MinorContacts,
    /// The summary under the headline.
    Summary,
    /// The prevention tips.
    Prevention,
    /// The tear-off tabs (their number stays among the contacts).
    TearOff,
    /// "If it has happened to you" (`if_targeted`): left out last, and only when the headline
    /// says what to do.
    IfTargeted,
}

impl PosterPart {
    /// Every part, in the order a full poster leaves them out.
    pub const ALL: [PosterPart; 5] = [
        PosterPart::MinorContacts,
        PosterPart::Summary,
        PosterPart::Prevention,
        PosterPart::TearOff,
        PosterPart::IfTargeted,
    ];

    /// Its name in `poster: optional:`.
    pub fn id(self) -> &'static str {
        match self {
            PosterPart::IfTargeted => "if_targeted",
            PosterPart::MinorContacts => "contacts",
            PosterPart::Summary => "summary",
            PosterPart::Prevention => "prevention",
            PosterPart::TearOff => "tear_off",
        }
    }

    /// What it is, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            PosterPart::IfTargeted => "'If it has happened to you'",
            PosterPart::MinorContacts => "the contacts other than emergency and police",
            PosterPart::Summary => "the summary",
            PosterPart::Prevention => "the prevention tips",
            PosterPart::TearOff => "the tear-off tabs",
        }
    }
}

/// What the default-language file says about its posters beyond wording.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PosterOptions {
    /// The poster headline says what to do (`poster: action: true`), so a full poster may leave
    /// out "If it has happened to you".
    pub action: bool,
    /// Parts a full poster may leave out without a warning (`poster: optional:`).
    pub optional: Vec<PosterPart>,
    /// The advisory gets no poster (`poster: false`): it is not for notice boards.
    pub none: bool,
}
