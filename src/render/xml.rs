//! A small XML writer for the feeds, CAP alerts and sitemap, over `quick-xml`.
//!
//! Every text and attribute value goes through `quick-xml`'s escaping, and characters that
//! XML 1.0 forbids (control characters a YAML escape could smuggle in) are dropped first, so
//! author text can never break the markup. Writing goes to memory and cannot fail.

use std::borrow::Cow;

use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// An XML document being written, indented by two spaces.
pub struct XmlWriter {
    inner: Writer<Vec<u8>>,
}

const IN_MEMORY: &str = "writing XML to memory cannot fail";

impl XmlWriter {
    /// A new document, starting with the `<?xml version="1.0" encoding="UTF-8"?>` declaration.
    pub fn new() -> Self {
        let mut inner = Writer::new_with_indent(Vec::new(), b' ', 2);
        inner
            .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
            .expect(IN_MEMORY);
        XmlWriter { inner }
    }

    /// Opens element `name` with attributes.
    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let start = start_tag(name, attributes);
        self.inner
            .write_event(Event::Start(start))
            .expect(IN_MEMORY);
    }

    /// Closes element `name`.
    pub fn close(&mut self, name: &str) {
        self.inner
            .write_event(Event::End(BytesEnd::new(name)))
            .expect(IN_MEMORY);
    }

    /// Writes `<name attributes>text</name>` (`<`, `>` and `&` escaped; quotes need not be).
    pub fn text(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.open(name, attributes);
        self.inner
            .write_event(Event::Text(BytesText::from_escaped(partial_escape(
                xml_chars(text),
            ))))
            .expect(IN_MEMORY);
        self.close(name);
    }

    /// Writes `<name attributes/>`.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let start = start_tag(name, attributes);
        self.inner
            .write_event(Event::Empty(start))
            .expect(IN_MEMORY);
    }

    /// The finished document, ending with a newline.
    pub fn finish(self) -> Vec<u8> {
        let mut bytes = self.inner.into_inner();
        bytes.push(b'\n');
        bytes
    }
}

fn start_tag<'a>(name: &'a str, attributes: &[(&str, &str)]) -> BytesStart<'a> {
    let mut start = BytesStart::new(name);
    for (key, value) in attributes {
        start.push_attribute((*key, xml_chars(value).as_ref()));
    }
    start
}

/// `text` without the characters XML 1.0 cannot contain.
fn xml_chars(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
    };
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|c| allowed(*c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes_and_drops_forbidden_characters() {
        let mut xml = XmlWriter::new();
        xml.open("a", &[("title", "\"<&>\"")]);
        xml.text("b", &[], "<script>&amp;\u{7}</script>");
        xml.empty("c", &[("href", "x?a=1&b=2")]);
        xml.close("a");
        let out = String::from_utf8(xml.finish()).unwrap();
        assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        assert!(out.contains("title=\"&quot;&lt;&amp;&gt;&quot;\""), "{out}");
        assert!(
            out.contains("<b>&lt;script&gt;&amp;amp;&lt;/script&gt;</b>"),
            "{out}"
        );
        assert!(out.contains("href=\"x?a=1&amp;b=2\""), "{out}");
    }
}
