//! The rules for the names and addresses the model holds: slugs (advisory folders, contact,
//! term and institution ids) and the site's base URL.

/// Why a base URL is refused; `shown` is the URL with control characters escaped. The caller
/// says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BaseUrlError {
    /// A space, control character or character an address cannot hold unescaped.
    #[error("base_url `{shown}` contains {what}, which an address cannot contain")]
    Unwritable {
        /// The URL as shown.
        shown: String,
        /// `a space` or the character in backticks.
        what: String,
    },
    /// Not `http://` or `https://`.
    #[error("base_url `{0}` must start with https:// (or http://)")]
    NotHttp(String),
    /// Not an address at all.
    #[error("base_url `{shown}` is not a valid address: {source}")]
    Invalid {
        /// The URL as shown.
        shown: String,
        /// What the URL parser said.
        source: url::ParseError,
    },
    /// A host alone is wanted: no query, fragment or user.
    #[error("base_url `{0}` must be a plain address such as https://alerts.example.org")]
    NotPlain(String),
}

/// Splits a base URL into its origin-and-path (no trailing slash) and its path (`/…/`),
/// refusing anything but an absolute `http(s)` address that pages can write as it is.
pub fn split_base_url(url: &str) -> Result<(String, String), BaseUrlError> {
    let shown: String = url
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    let unwritable = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
    };
    if let Some(bad) = url.chars().find(|&c| unwritable(c)) {
        let what = if bad.is_whitespace() && !bad.is_control() {
            "a space".to_owned()
        } else {
            format!("`{}`", bad.escape_debug())
        };
        return Err(BaseUrlError::Unwritable { shown, what });
    }
    let trimmed = url.trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .ok_or_else(|| BaseUrlError::NotHttp(shown.clone()))?;
    let parsed = url::Url::parse(trimmed).map_err(|source| BaseUrlError::Invalid {
        shown: shown.clone(),
        source,
    })?;
    if rest.is_empty()
        || parsed.query().is_some()
        || parsed.fragment().is_some()
        || !parsed.username().is_empty()
        || parsed.password().is_some()
    {
        return Err(BaseUrlError::NotPlain(shown));
    }
    let path = rest
        .find('/')
        .map_or("/".to_owned(), |i| format!("{}/", &rest[i..]));
    Ok((trimmed.to_owned(), path))
}

/// The hint shown for every invalid slug.
pub const SLUG_HINT: &str =
    "use lowercase ASCII letters, digits and single hyphens, e.g. `virtual-kidnapping-calgary`";

/// Whether `slug` is lowercase ASCII letters, digits and single inner hyphens.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 100
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_valid_slug("virtual-kidnapping-2018"));
        for bad in [
            "",
            "Upper",
            "two--hyphens",
            "-lead",
            "trail-",
            "sp ace",
            "dot.dot",
            "ünï",
            "..",
        ] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }

    #[test]
    fn base_url_must_be_an_absolute_address_pages_can_write() {
        for bad in [
            "https://alerts.example.org/a b",
            " https://alerts.example.org",
            "https://alerts.example.org/\"onmouseover=x",
            "https://alerts.example.org/<script>",
            "https://alerts.example.org/?q=1",
            "https://alerts.example.org/#top",
            "https://user:secret@alerts.example.org",
            "https://",
            "https://exa_mple.org:99999",
            "ftp://alerts.example.org",
            "alerts.example.org",
        ] {
            assert!(split_base_url(bad).is_err(), "{bad}");
        }
        let message = split_base_url("https://x.org/a\u{7}b")
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("`https://x.org/a\\u{7}b` contains `\\u{7}`"),
            "{message}"
        );
        assert_eq!(
            split_base_url("https://alerts.example.org/campus/").unwrap(),
            (
                "https://alerts.example.org/campus".to_owned(),
                "/campus/".to_owned()
            )
        );
        assert!(split_base_url("http://localhost:8080").is_ok());
    }
}
