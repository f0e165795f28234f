//! "Today" for `build`, `check` and `serve`: the local date, or the date that the
//! reproducible-builds variable `SOURCE_DATE_EPOCH` gives (seconds since 1970-01-01 UTC, read
//! as a UTC date), so that a build of the same sources on another day, or a test run after
//! the example's alerts would have expired, gives the same output.

use jiff::civil::Date;

/// The environment variable of the reproducible-builds convention.
pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

/// Today: `SOURCE_DATE_EPOCH`'s UTC date when it is set, else the local date. A value that is
/// not a whole number of seconds in jiff's range is an error naming the variable (the
/// convention asks tools to fail rather than guess).
pub fn today() -> Result<Date, EpochError> {
    match std::env::var(SOURCE_DATE_EPOCH) {
        Ok(value) => from_epoch(&value),
        Err(std::env::VarError::NotPresent) => Ok(jiff::Zoned::now().date()),
        Err(std::env::VarError::NotUnicode(_)) => Err(EpochError("(not UTF-8)".into())),
    }
}

/// A `SOURCE_DATE_EPOCH` that is not a date: its value, and what to set instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{SOURCE_DATE_EPOCH}={0} is not a number of seconds since 1970-01-01 UTC: \
     set it to one (e.g. `date +%s`) or unset it to use today's date"
)]
pub struct EpochError(pub String);

/// The UTC date of `value` seconds since the Unix epoch.
fn from_epoch(value: &str) -> Result<Date, EpochError> {
    let invalid = || EpochError(value.to_owned());
    let seconds: i64 = value.trim().parse().map_err(|_| invalid())?;
    let at = jiff::Timestamp::from_second(seconds).map_err(|_| invalid())?;
    Ok(at.to_zoned(jiff::tz::TimeZone::UTC).date())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_epoch_is_read_as_a_utc_date() {
        // 2028-01-01T00:00:00Z and one second before it.
        assert_eq!(from_epoch("1830297600"), Ok(jiff::civil::date(2028, 1, 1)));
        assert_eq!(
            from_epoch("1830297599"),
            Ok(jiff::civil::date(2027, 12, 31))
        );
        assert!(
            from_epoch("tomorrow")
                .unwrap_err()
                .to_string()
                .starts_with("SOURCE_DATE_EPOCH=tomorrow is not a number")
        );
        assert!(from_epoch("99999999999999999").is_err());
    }
}
