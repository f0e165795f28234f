//! Tests of positions, syntax errors, control characters and field-by-field reading.

use super::*;

const DOC: &str =
    "title: Hello\nlist:\n  - one\n  - two\nflow: [a, b]\nnested:\n  name: { en: Hi, fr: Salut }\n";

fn file(yaml: &'static str) -> YamlFile<'static> {
    YamlFile::new(Path::new("x.md"), yaml, yaml, 0)
}

#[test]
fn locates_values_in_block_and_flow_style() {
    let f = file(DOC);
    let key = |k: &str| Seg::Key(k.into());
    assert_eq!(f.value_position(&[key("title")]), Position::new(1, 8));
    assert_eq!(
        f.value_position(&[key("list"), Seg::Index(1)]),
        Position::new(4, 5)
    );
    assert_eq!(
        f.value_position(&[key("flow"), Seg::Index(1)]),
        Position::new(5, 11)
    );
    assert_eq!(
        f.value_position(&[key("nested"), key("name"), key("fr")]),
        Position::new(7, 23)
    );
    assert_eq!(f.key_position(&[key("nested")]), Position::new(6, 1));
}

#[test]
fn unknown_path_falls_back_to_nearest_ancestor() {
    let f = file(DOC);
    let at = f.value_position(&[Seg::Key("list".into()), Seg::Index(9)]);
    assert_eq!(at, Position::new(3, 3));
}

#[test]
fn lines_are_quoted_as_str_lines_gives_them() {
    for text in ["", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n\nc\r", "x\ry\n\n"] {
        let f = file(text);
        for n in 0usize..6 {
            let expected = n.checked_sub(1).and_then(|i| text.lines().nth(i));
            assert_eq!(f.line(n), expected, "{text:?} line {n}");
        }
    }
}

#[test]
fn line_offset_is_added() {
    let text = "---\ntitle: [\n---\n";
    let f = YamlFile::new(Path::new("x.md"), text, "title: [\n", 1);
    let err = f.parse().unwrap_err();
    assert_eq!(err.code, Code::YamlSyntax);
    assert!(err.line >= 2, "line {}", err.line);
}

#[test]
fn nested_duplicate_keys_point_at_the_repeated_key() {
    let f = file("a:\n  b: 1\nc:\n  - d: 1\n    e: 2\n    d: 3\n");
    let err = f.parse().unwrap_err();
    assert!(err.message.contains("duplicate"), "{}", err.message);
    assert_eq!((err.line, err.column), (6, 5));
}

#[test]
fn control_characters_are_located() {
    let f = file("title: ok\nsummary: a\u{1}b\n");
    let err = f.parse().unwrap_err();
    assert_eq!((err.line, err.column), (2, 11), "{}", err.message);
    assert!(err.hint.unwrap().contains("control character"));
}

#[test]
fn duplicate_keys_are_errors() {
    let f = file("a: 1\na: 2\n");
    let err = f.parse().unwrap_err();
    assert!(err.message.contains("duplicate"), "{}", err.message);
    assert_eq!(err.line, 2);
}

#[test]
fn reader_reports_unknown_and_missing_keys_together() {
    let f = file("titel: x\nsummary: 3\n");
    let value = f.parse().unwrap();
    let mut r = f.reader(&value, vec![], &["title", "summary"]);
    assert!(r.required::<String>("title").is_none());
    let _ = r.required::<Vec<String>>("summary");
    let diags = r.finish();
    let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        vec![Code::MissingField, Code::InvalidValue, Code::UnknownKey]
    );
    assert_eq!(diags[2].hint.as_deref(), Some("did you mean `title`?"));
    assert_eq!(diags[1].line, 2);
    assert_eq!(diags[1].message, "`summary` must be a list, found a number");
    assert_eq!(diags[1].hint.as_deref(), Some("write `summary` as a list"));
}

#[test]
fn wrong_types_are_explained_in_plain_words() {
    let f = file("title: [a, b]\ndraft: maybe\n");
    let value = f.parse().unwrap();
    let mut r = f.reader(&value, vec![], &["title", "draft"]);
    assert!(r.required::<String>("title").is_none());
    assert!(r.optional::<bool>("draft").is_none());
    let diags = r.finish();
    assert_eq!(diags[0].message, "`title` must be text, found a list");
    assert!(
        diags[0]
            .hint
            .as_deref()
            .unwrap()
            .starts_with("put the text in quotes")
    );
    assert_eq!(
        diags[1].message,
        "`draft` must be true or false, found text"
    );
    assert_eq!(
        diags[1].hint.as_deref(),
        Some("write `draft` as true or false")
    );
}

#[test]
fn string_list_points_at_the_bad_item() {
    let f = file("red_flags:\n  - ok\n  - 42\n");
    let value = f.parse().unwrap();
    let mut r = f.reader(&value, vec![], &["red_flags"]);
    let list = r.string_list("red_flags").unwrap();
    assert_eq!(list, vec!["ok"]);
    let diags = r.finish();
    assert_eq!(diags.len(), 1);
    assert_eq!((diags[0].line, diags[0].column), (3, 5));
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "its schema does not describe it")]
fn reading_a_key_the_schema_does_not_describe_is_a_bug() {
    let f = file("title: x\n");
    let value = f.parse().unwrap();
    let mut r = f.reader(&value, vec![], &["title"]);
    r.raw("titel");
}

#[test]
fn a_refused_key_is_not_also_unknown() {
    let f = file("title: x\ndate: 2024-01-01\n");
    let value = f.parse().unwrap();
    let mut r = f.reader(&value, vec![], &["title"]);
    assert!(r.optional::<String>("title").is_some());
    assert!(r.refused("date").is_some());
    assert!(r.finish().is_empty());
    let mut r = f.reader(&value, vec![], &["title"]);
    assert!(r.optional::<String>("title").is_some());
    let diags = r.finish();
    assert_eq!(diags[0].message, "unknown key `date`");
    assert_eq!(diags[0].hint.as_deref(), Some("known keys here: title"));
}
