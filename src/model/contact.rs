//! Contacts: who to call (emergency numbers, police, fraud reporting, support), with the
//! sources their numbers were checked against.

use jiff::civil::Date;
use serde::Serialize;

use super::Localized;

/// What kind of service a contact is; contacts are shown in this order.
// Theme contexts carry the variant's name (`CreditBureau`); files and the JSON Schemas
// (`crate::schema`) its kebab-case id (`credit-bureau`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case")]
pub enum ContactKind {
    /// An emergency number such as 911: first and most prominent.
    Emergency,
    /// A police service.
    Police,
    /// Where to report fraud.
    Report,
    /// A support service.
    Support,
    /// A credit bureau.
    CreditBureau,
}

impl ContactKind {
    /// All kinds, in display order.
    pub const ALL: [ContactKind; 5] = [
        ContactKind::Emergency,
        ContactKind::Police,
        ContactKind::Report,
        ContactKind::Support,
        ContactKind::CreditBureau,
    ];

    /// The name used in YAML.
    pub fn id(self) -> &'static str {
        match self {
            ContactKind::Emergency => "emergency",
            ContactKind::Police => "police",
            ContactKind::Report => "report",
            ContactKind::Support => "support",
            ContactKind::CreditBureau => "credit-bureau",
        }
    }
}

/// A validated phone number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// As people read it, in international format (`+1 416-808-2300`), or a short code (`911`).
    pub display: String,
    /// The `tel:` URI (`tel:+14168082300`, `tel:911`).
    pub tel: String,
}

/// An emergency or support contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Its id in `contacts.yaml`; `None` for a contact written inline in an advisory.
    pub id: Option<String>,
    /// Its name.
    pub name: Localized,
    /// What kind of service it is.
    pub kind: ContactKind,
    /// Its phone number.
    pub phone: Phone,
    /// Opening hours.
    pub hours: Option<Localized>,
    /// Its website (https).
    pub url: Option<String>,
    /// Regions it serves (taxonomy ids).
    pub regions: Vec<String>,
    /// The official page its number was checked against.
    pub source: Option<ContactSource>,
}

/// The official page a contact's number was checked against, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactSource {
    /// The page (https).
    pub url: String,
    /// The day someone last compared the number with that page.
    pub checked: Option<Date>,
}

impl Contact {
    /// Whether the number is in the range North America reserves for fiction (555-0100 to
    /// 555-0199), as the example's sample institutions use: there is nothing to check it against.
    pub fn is_fictional(&self) -> bool {
        let digits: String = self
            .phone
            .tel
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        digits.len() == 11
            && digits.starts_with('1')
            && digits[4..7] == *"555"
            && digits[7..9] == *"01"
    }
}
