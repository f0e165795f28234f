//! A MIME message (RFC 5322, RFC 2045–2047) with a plain-text and an HTML alternative, both
//! UTF-8 in base64 (lines of 76 characters, so no line of any length or content can break the
//! message), header text as RFC 2047 encoded words, CRLF line ends. Small on purpose: it
//! writes one shape of message, and the tests parse every one with Python's `email` package.

use base64::Engine;

/// The headers and parts of a message.
pub struct Message<'a> {
    /// The sender's display name.
    pub from_name: &'a str,
    /// The sender's address (ASCII).
    pub from_address: &'a str,
    /// The subject.
    pub subject: &'a str,
    /// The RFC 5322 date.
    pub date: &'a str,
    /// The Message-ID, without angle brackets (ASCII).
    pub message_id: &'a str,
    /// The language tag of the content.
    pub language: &'a str,
    /// The MIME boundary (ASCII letters, digits and `-`; in neither part, which are base64).
    pub boundary: &'a str,
    /// The plain-text part.
    pub text: &'a str,
    /// The HTML part.
    pub html: &'a str,
}

impl Message<'_> {
    /// The message's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = String::new();
        let mut header = |name: &str, value: &str| {
            out.push_str(name);
            out.push_str(": ");
            out.push_str(value);
            out.push_str("\r\n");
        };
        header(
            "From",
            &format!("{} <{}>", encoded_words(self.from_name), self.from_address),
        );
        header("Subject", &encoded_words(self.subject));
        header("Date", self.date);
        header("Message-ID", &format!("<{}>", self.message_id));
        header("MIME-Version", "1.0");
        header("Content-Language", self.language);
        // Mail programs (Outlook, Thunderbird) open the file as a draft to send.
        header("X-Unsent", "1");
        header(
            "Content-Type",
            &format!("multipart/alternative; boundary=\"{}\"", self.boundary),
        );
        out.push_str("\r\n");
        for (kind, body) in [("plain", self.text), ("html", self.html)] {
            out.push_str(&format!("--{}\r\n", self.boundary));
            out.push_str(&format!("Content-Type: text/{kind}; charset=utf-8\r\n"));
            out.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
            // Text is encoded in its canonical form, with CRLF line ends (RFC 2045 §6.8).
            let canonical = body.replace("\r\n", "\n").replace('\n', "\r\n");
            let encoded = base64(canonical.as_bytes());
            let mut rest = encoded.as_str();
            while !rest.is_empty() {
                let (line, after) = rest.split_at(rest.len().min(76));
                out.push_str(line);
                out.push_str("\r\n");
                rest = after;
            }
        }
        out.push_str(&format!("--{}--\r\n", self.boundary));
        out.into_bytes()
    }
}

/// `text` as RFC 2047 `B` encoded words of at most 75 characters, folded onto continuation
/// lines, each holding whole characters (45 bytes of UTF-8 at most).
fn encoded_words(text: &str) -> String {
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        if chunk.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    if !chunk.is_empty() || words.is_empty() {
        words.push(chunk);
    }
    words
        .iter()
        .map(|w| format!("=?utf-8?b?{}?=", base64(w.as_bytes())))
        .collect::<Vec<_>>()
        .join("\r\n ")
}

/// Standard base64 with padding (RFC 4648 §4).
fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_test_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn encoded_words_keep_characters_whole_and_short() {
        let subject = "防诈骗警示：“虚拟绑架”诈骗针对国际学生".repeat(3);
        let folded = encoded_words(&subject);
        for word in folded.split("\r\n ") {
            assert!(word.len() <= 75, "{word}");
            assert!(word.starts_with("=?utf-8?b?") && word.ends_with("?="));
        }
        assert_eq!(encoded_words(""), "=?utf-8?b??=");
    }
}
