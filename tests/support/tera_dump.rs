//! Reads what Tera prints for `{{ __tera_context }}`: the whole context a template receives,
//! written like JSON except that strings use Rust's `{:?}` escapes (`\u{200f}`) and a missing
//! value (`None`) prints as nothing (`"updated": ,`). `theme_contexts.rs` renders the theme with
//! templates made of that one expression to read the real contexts.

use serde_json::{Map, Value};

/// Parses a context dump into JSON (a missing value becomes `null`).
pub fn parse(text: &str) -> Result<Value, String> {
    let mut parser = Parser {
        chars: text.trim().chars().collect(),
        at: 0,
    };
    let value = parser.value()?;
    if parser.at != parser.chars.len() {
        return Err(parser.error("text after the context"));
    }
    Ok(value)
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn error(&self, what: &str) -> String {
        let near: String = self.chars.iter().skip(self.at).take(40).collect();
        format!("{what} at character {} (near {near:?})", self.at)
    }

    fn expect(&mut self, text: &str) -> Result<(), String> {
        for c in text.chars() {
            if self.peek() != Some(c) {
                return Err(self.error(&format!("expected {text:?}")));
            }
            self.at += 1;
        }
        Ok(())
    }

    fn value(&mut self) -> Result<Value, String> {
        match self.peek() {
            None | Some(',' | '}' | ']') => Ok(Value::Null),
            Some('{') => self.map(),
            Some('[') => self.array(),
            Some('"') => self.string().map(Value::String),
            Some('t') => self.expect("true").map(|()| Value::Bool(true)),
            Some('f') => self.expect("false").map(|()| Value::Bool(false)),
            Some(_) => self.number(),
        }
    }

    fn map(&mut self) -> Result<Value, String> {
        self.expect("{")?;
        let mut map = Map::new();
        while self.peek() != Some('}') {
            if !map.is_empty() {
                self.expect(", ")?;
            }
            let key = self.string()?;
            self.expect(": ")?;
            map.insert(key, self.value()?);
        }
        self.expect("}")?;
        Ok(Value::Object(map))
    }

    fn array(&mut self) -> Result<Value, String> {
        self.expect("[")?;
        let mut items = Vec::new();
        while self.peek() != Some(']') {
            if !items.is_empty() {
                self.expect(", ")?;
            }
            items.push(self.value()?);
        }
        self.expect("]")?;
        Ok(Value::Array(items))
    }

    fn string(&mut self) -> Result<String, String> {
        self.expect("\"")?;
        let mut text = String::new();
        loop {
            let c = self.peek().ok_or_else(|| self.error("unclosed string"))?;
            self.at += 1;
            match c {
                '"' => return Ok(text),
                '\\' => text.push(self.escape()?),
                c => text.push(c),
            }
        }
    }

    fn escape(&mut self) -> Result<char, String> {
        let c = self.peek().ok_or_else(|| self.error("unfinished escape"))?;
        self.at += 1;
        Ok(match c {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '0' => '\0',
            '\\' | '"' | '\'' => c,
            'u' => {
                self.expect("{")?;
                let start = self.at;
                while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                    self.at += 1;
                }
                let hex: String = self.chars[start..self.at].iter().collect();
                self.expect("}")?;
                u32::from_str_radix(&hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| self.error("bad \\u escape"))?
            }
            _ => return Err(self.error("unknown escape")),
        })
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
        {
            self.at += 1;
        }
        let text: String = self.chars[start..self.at].iter().collect();
        serde_json::from_str::<serde_json::Number>(&text)
            .map(Value::Number)
            .map_err(|_| self.error("expected a value"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_maps_lists_escapes_and_missing_values() {
        let value = super::parse(r#"{"a": [1, 2.5, "x\"\u{200f}"], "b": , "c": {"d": true}}"#)
            .expect("parses");
        assert_eq!(
            value,
            serde_json::json!({"a": [1, 2.5, "x\"\u{200f}"], "b": null, "c": {"d": true}})
        );
    }
}
