//! Tests of the Markdown renderer: dialect, ids, alerts, footnotes, URL checks and sanitising.

use super::events::line_starts;
use super::safety::is_safe_url;
use super::*;

fn labels() -> AlertLabels {
    AlertLabels {
        note: "Remarque".into(),
        tip: "Astuce".into(),
        important: "Important".into(),
        warning: "Attention <danger> & co".into(),
        caution: "Prudence".into(),
    }
}

const RESERVED: &[&str] = &["red-flags", "prevention", "contacts", "main", "details"];

fn render(source: &str) -> RenderedMarkdown {
    let labels = labels();
    render_markdown(
        source,
        &MarkdownOptions {
            alert_labels: &labels,
            reserved_ids: RESERVED,
            heading_offset: 0,
        },
    )
}

fn ids(source: &str) -> Vec<String> {
    render(source).headings.into_iter().map(|h| h.id).collect()
}

#[test]
fn plain_paragraph_is_a_fragment() {
    let out = render("Hello *world*.");
    assert_eq!(out.html, "<p>Hello <em>world</em>.</p>\n");
    assert!(out.headings.is_empty());
    assert!(out.links.is_empty());
}

#[test]
fn tables() {
    let out = render("| Who | Says |\n|:----|-----:|\n| Caller | Police |\n");
    assert!(out.html.contains("<table>"), "{}", out.html);
    assert!(out.html.contains("<th style=\"text-align: left\">Who</th>"));
    assert!(
        out.html
            .contains("<td style=\"text-align: right\">Police</td>")
    );
}

#[test]
fn tables_keep_alignment_through_sanitizer() {
    let out = render("<b>x</b>\n\n| A | B |\n|:-:|---|\n| 1 | 2 |\n");
    assert!(out.html.contains("<table>"), "{}", out.html);
    assert!(out.html.contains("text-align:center") || out.html.contains("text-align: center"));
}

#[test]
fn footnotes() {
    let out = render("Claim[^src] and again[^src].\n\n[^src]: Police statement.\n");
    let html = &out.html;
    assert_eq!(
        html.matches("<sup class=\"footnote-reference\"><a href=\"#fn-1\">1</a></sup>")
            .count(),
        2,
        "{html}"
    );
    assert!(html.contains(
            "<div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">1</sup>"
        ));
    assert!(html.contains("Police statement."));
    assert!(!html.contains("id=\"src\""));
}

#[test]
fn footnote_ids_are_not_given_to_headings() {
    assert_eq!(
        ids("# Fn 1 {#fn-1}\n\n## fn 2\n\nx[^a]\n\n[^a]: y\n"),
        ["fn-1-1", "fn-2-1"]
    );
}

#[test]
fn strikethrough() {
    let out = render("This is ~~not~~ the police.");
    assert!(out.html.contains("<del>not</del>"), "{}", out.html);
}

#[test]
fn alert_with_localised_escaped_title() {
    let out = render("> [!WARNING]\n> Hang up.\n\n> [!NOTE]\n> Fine.\n\n> Quote.\n");
    let html = &out.html;
    assert!(
        html.contains(
            "<div class=\"markdown-alert markdown-alert-warning\" role=\"note\">\n\
             <p class=\"markdown-alert-title\">Attention &lt;danger&gt; &amp; co</p>\n"
        ),
        "{html}"
    );
    assert!(html.contains("<p>Hang up.</p>\n</div>\n"), "{html}");
    assert!(html.contains("<p class=\"markdown-alert-title\">Remarque</p>"));
    assert!(html.contains("<blockquote>\n<p>Quote.</p>\n</blockquote>"));
    assert!(!html.contains("[!WARNING]"));
}

#[test]
fn alert_survives_sanitizer() {
    let out = render("<span>raw</span>\n\n> [!CAUTION]\n> Careful.\n");
    assert!(
        out.html
            .contains("<div class=\"markdown-alert markdown-alert-caution\" role=\"note\">"),
        "{}",
        out.html
    );
    assert!(
        out.html
            .contains("<p class=\"markdown-alert-title\">Prudence</p>")
    );
}

#[test]
fn heading_ids_ascii() {
    let out = render("# What happens?\n\n## Who is   targeted -- and why?\n\n### C++ & Rust_2\n");
    let ids: Vec<_> = out.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["what-happens", "who-is-targeted-and-why", "c-rust2"]);
    assert_eq!(out.headings[0].text, "What happens?");
    assert_eq!(out.headings[1].level, 2);
    assert!(
        out.html
            .contains("<h1 id=\"what-happens\">What happens?</h1>"),
        "{}",
        out.html
    );
}

#[test]
fn heading_text_is_plain() {
    let out = render("## Call *the* `police` [now](https://example.org)\n");
    assert_eq!(out.headings[0].text, "Call the police now");
    assert_eq!(out.headings[0].id, "call-the-police-now");
    assert!(
        out.html
            .contains("<h2 id=\"call-the-police-now\">Call <em>the</em>")
    );
    assert_eq!(out.links[0].destination, "https://example.org");
}

#[test]
fn heading_ids_chinese_and_arabic() {
    assert_eq!(ids("## 如何保护自己\n"), ["如何保护自己"]);
    assert_eq!(ids("## 如何保护自己？（重要）\n"), ["如何保护自己重要"]);
    assert_eq!(ids("## كيف تحمي نفسك؟\n"), ["كيف-تحمي-نفسك"]);
    // Harakat and Devanagari vowel signs / virama are kept.
    assert_eq!(ids("## مُهِمّ\n"), ["مُهِمّ"]);
    assert_eq!(ids("## सुरक्षा सलाह\n"), ["सुरक्षा-सलाह"]);
    assert_eq!(ids("## Ÿes ÉTÉ\n"), ["ÿes-été"]);
    let out = render("## 如何保护自己\n");
    assert!(
        out.html
            .contains("<h2 id=\"如何保护自己\">如何保护自己</h2>")
    );
}

#[test]
fn heading_ids_empty_and_duplicates() {
    assert_eq!(
        ids("# ???\n\n# ???\n\n# Step\n\n# Step\n\n# Step\n\n# Step 1\n"),
        [
            "section",
            "section-1",
            "step",
            "step-1",
            "step-2",
            "step-1-1"
        ]
    );
}

#[test]
fn heading_ids_reserved() {
    assert_eq!(
        ids("# Red flags\n\n# Prevention\n\n# Contacts\n\n# Main\n\n# Details\n\n# Red flags\n"),
        [
            "red-flags-1",
            "prevention-1",
            "contacts-1",
            "main-1",
            "details-1",
            "red-flags-2"
        ]
    );
}

#[test]
fn heading_ids_explicit() {
    let out =
        render("# Title {#custom-id}\n\n# Other {#custom-id}\n\n# Custom id\n\n# X {#main}\n");
    let ids: Vec<_> = out.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["custom-id", "custom-id-1", "custom-id-2", "main-1"]);
    assert_eq!(out.headings[0].text, "Title");
    assert!(
        out.html.contains("<h1 id=\"custom-id\">Title</h1>"),
        "{}",
        out.html
    );
}

#[test]
fn heading_attributes_other_than_id_are_dropped() {
    let out = render("# Title {#t .big onclick=alert(1) style=color:red}\n");
    assert_eq!(out.html, "<h1 id=\"t\">Title</h1>\n");
}

#[test]
fn script_does_not_survive() {
    let out =
        render("Hello\n\n<script>alert(1)</script>\n\nInline <script>alert(2)</script> too.\n");
    assert!(!out.html.contains("<script"), "{}", out.html);
    assert!(!out.html.contains("alert("), "{}", out.html);
    assert!(out.html.contains("Hello"));
}

#[test]
fn img_onerror_is_removed() {
    let out = render("<img src=x onerror=alert(1)>\n");
    assert!(!out.html.contains("onerror"), "{}", out.html);
    assert!(out.html.contains("<img src=\"x\">"), "{}", out.html);
}

#[test]
fn dangerous_markdown_links_are_neutralised() {
    let cases = [
        "[x](javascript:alert(1))",
        "[x](JaVa&#x09;Script:alert(1))",
        "[x](<java\tscript:alert(1)>)",
        "[x]( JAVASCRIPT:alert(1))",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x](vbscript:msgbox)",
        "[x](file:///etc/passwd)",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "<javascript:alert(1)>",
    ];
    for case in cases {
        let out = render(case);
        assert!(out.html.contains("href=\"#\""), "{case}: {}", out.html);
        for href in out.html.split("href=\"").skip(1) {
            let href = &href[..href.find('"').unwrap()];
            assert_eq!(href, "#", "{case}: {}", out.html);
        }
        assert!(!out.html.contains("<script"), "{case}: {}", out.html);
        assert_eq!(out.links.len(), 1, "{case}");
    }
}

#[test]
fn dangerous_images_become_alt_text() {
    let out = render("![Fake *badge*](javascript:alert(1)) and ![ok](img/ok.png)");
    assert_eq!(
        out.html,
        "<p>Fake <em>badge</em> and <img src=\"img/ok.png\" alt=\"ok\" /></p>\n"
    );
    let out = render("![x](data:image/svg+xml;base64,AAAA)");
    assert_eq!(out.html, "<p>x</p>\n");
    assert_eq!(out.links[0].destination, "data:image/svg+xml;base64,AAAA");
}

#[test]
fn safe_links_are_kept() {
    let out = render(
        "[a](https://police.example/report) [b](HTTP://x.example) [c](mailto:help@uni.example) \
             [d](tel:+61-2-1234) [e](../other/) [f](#red-flags) [g](/a:b) [h](./x:y) [i](?q=a:b)",
    );
    for href in [
        "https://police.example/report",
        "HTTP://x.example",
        "mailto:help@uni.example",
        "tel:+61-2-1234",
        "../other/",
        "#red-flags",
        "/a:b",
        "./x:y",
        "?q=a:b",
    ] {
        assert!(
            out.html.contains(&format!("href=\"{href}\"")),
            "{href}: {}",
            out.html
        );
    }
    assert!(!out.html.contains("target="));
    assert!(!out.html.contains("rel="));
}

#[test]
fn url_check() {
    for ok in [
        "",
        "#x",
        "a/b",
        "https://x",
        "Mailto:a@b",
        "//cdn.example/x",
        "a/b:c",
        "foo):",
        "see (notes): x",
        "?q=a:b",
        "#a:b",
        "2024:report",
    ] {
        assert!(is_safe_url(ok), "{ok}");
    }
    for bad in [
        "javascript:x",
        " \u{1}java\nscript:x",
        "jav\u{0}ascript:x",
        "data:x",
        "ftp://x",
        "foo:bar",
        "java\u{a0}script:x",
    ] {
        assert!(!is_safe_url(bad), "{bad:?}");
    }
}

#[test]
fn raw_html_links_are_neutralised() {
    let out = render(
        "<a href=\"javascript:alert(1)\">click</a> and <a href=\"https://ok.example\" onclick=\"x()\">ok</a>\n",
    );
    assert!(
        !out.html.to_ascii_lowercase().contains("javascript"),
        "{}",
        out.html
    );
    assert!(!out.html.contains("onclick"), "{}", out.html);
    assert!(
        out.html.contains("href=\"https://ok.example\""),
        "{}",
        out.html
    );
    assert!(out.html.contains("click</a>"));
    // Raw HTML links are not reported as links.
    assert!(out.links.is_empty());
}

#[test]
fn raw_html_keeps_generated_markup_and_drops_reserved_ids() {
    let src = "<div id=\"main\" class=\"markdown-alert evil\">x</div>\n\n# Main\n\nText[^1]\n\n[^1]: Note\n";
    let out = render(src);
    let html = &out.html;
    assert!(!html.contains("id=\"main\""), "{html}");
    assert!(
        html.contains("<div class=\"markdown-alert\">x</div>"),
        "{html}"
    );
    assert!(html.contains("<h1 id=\"main-1\">Main</h1>"), "{html}");
    assert!(
        html.contains("<sup class=\"footnote-reference\"><a href=\"#fn-1\""),
        "{html}"
    );
    assert!(
        html.contains("<div class=\"footnote-definition\" id=\"fn-1\">"),
        "{html}"
    );
}

#[test]
fn details_and_summary_are_kept() {
    let out = render("<details><summary>More</summary>\n\nHidden *text*.\n\n</details>\n");
    assert!(
        out.html.contains("<details><summary>More</summary>"),
        "{}",
        out.html
    );
    assert!(out.html.contains("<em>text</em>"), "{}", out.html);
    assert!(out.html.contains("</details>"));
}

#[test]
fn code_language_class_survives_sanitizer() {
    let out = render("<br>\n\n```rust\nfn main() {}\n```\n");
    assert!(
        out.html.contains("<code class=\"language-rust\">"),
        "{}",
        out.html
    );
}

#[test]
fn links_collected_with_lines() {
    let src = "# Title\n\nSee [police](https://police.example).\nAnd <https://auto.example> or\n<help@uni.example>.\r\n\
                   \n![map](img/map.png \"Map\")\n\nRef [link][r] here.\r\n\n[r]: /relative/page\n\
                   [x](javascript:alert(1))\n";
    let out = render(src);
    let got: Vec<(&str, usize, bool)> = out
        .links
        .iter()
        .map(|l| (l.destination.as_str(), l.line, l.allowed))
        .collect();
    assert_eq!(
        got,
        [
            ("https://police.example", 3, true),
            ("https://auto.example", 4, true),
            ("mailto:help@uni.example", 5, true),
            ("img/map.png", 7, true),
            ("/relative/page", 9, true),
            ("javascript:alert(1)", 12, false),
        ]
    );
    assert!(out.html.contains("href=\"mailto:help@uni.example\""));
}

#[test]
fn line_table() {
    assert_eq!(line_starts("a\nb\r\nc\rd"), [0, 2, 5, 7]);
    assert_eq!(line_starts(""), [0]);
}

#[test]
fn template_syntax_is_literal_text() {
    let out = render("Value {{ tera }} and {% x %} and {# c #}.\n\n`{{ code }}`\n");
    assert_eq!(
        out.html,
        "<p>Value {{ tera }} and {% x %} and {# c #}.</p>\n<p><code>{{ code }}</code></p>\n"
    );
    let out = render("# Intro {{ a < b & \"c\" }}\n");
    assert_eq!(out.headings[0].text, "Intro {{ a < b & \"c\" }}");
    assert!(
        out.html.contains("{{ a &lt; b &amp; \"c\" }}</h1>"),
        "{}",
        out.html
    );
}

#[test]
fn large_input_renders() {
    let block = "## Step {n}\n\nA **scammer** calls [you](https://x.example/{n}) and says \
                     ~~nothing~~ `code`.[^n]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> [!TIP]\n> Hang up.\n\n";
    let mut src = String::with_capacity(2_200_000);
    let mut n = 0;
    while src.len() < 2_000_000 {
        src.push_str(&block.replace("{n}", &n.to_string()));
        n += 1;
    }
    src.push_str("[^n]: Footnote.\n");
    let out = render(&src);
    assert_eq!(out.headings.len(), n);
    assert_eq!(out.links.len(), n);
    assert_eq!(out.headings[n - 1].id, format!("step-{}", n - 1));
    assert_eq!(out.links[n - 1].line, (n - 1) * 11 + 3);
    // The same text with raw HTML goes through the sanitizer (a tenth of it: the
    // sanitizer is the slow path, and debug builds are slow).
    let cut = src[..200_000].rfind("## Step").unwrap();
    let raw = format!("<b>raw</b>\n\n{}", &src[..cut]);
    let out = render(&raw);
    assert_eq!(out.headings.len(), raw.matches("## Step").count());
    assert!(
        out.html.starts_with("<p><b>raw</b>"),
        "{}",
        &out.html[..100]
    );
    assert!(
        out.html
            .contains("<div class=\"markdown-alert markdown-alert-tip\"")
    );
}

#[test]
fn many_duplicate_headings_are_linear() {
    let src = "# Same\n\n".repeat(20_000);
    let out = render(&src);
    assert_eq!(out.headings[19_999].id, "same-19999");
}
