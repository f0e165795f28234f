//! Languages beyond the example's four, run as a user runs them (the binary, from inside the
//! site folder, relative paths): a site in seventeen languages builds with the right `lang` and
//! `dir` on every page and a poster in every language whose fonts are embedded and whose text
//! holds the advisory's title; a language no bundled font covers gets its web pages and a poster
//! error; `fr-CA` falls back to `fr` for content as for UI strings.

use std::path::Path;
use std::time::Instant;

use crate::support::{run_in, tool};

/// Tag, name in itself, direction, the advisory's title and one red flag in that language.
const LANGUAGES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "en",
        "English",
        "ltr",
        "Fake police calls demand money",
        "The caller says you are under investigation and must pay.",
    ),
    (
        "fr",
        "Français",
        "ltr",
        "De faux policiers exigent de l’argent au téléphone",
        "L’appelant dit que vous faites l’objet d’une enquête et que vous devez payer.",
    ),
    (
        "zh-Hans",
        "简体中文",
        "ltr",
        "假警察来电要钱",
        "来电者说你正在被调查，必须付款。",
    ),
    (
        "ar",
        "العربية",
        "rtl",
        "مكالمات شرطة مزيفة تطلب المال",
        "يقول المتصل إنك قيد التحقيق ويجب أن تدفع.",
    ),
    (
        "zh-Hant",
        "繁體中文",
        "ltr",
        "假警察來電要錢",
        "來電者說您正在被調查，必須付款。",
    ),
    (
        "ko",
        "한국어",
        "ltr",
        "가짜 경찰 전화가 돈을 요구합니다",
        "전화한 사람이 당신이 수사를 받고 있으며 돈을 내야 한다고 말합니다.",
    ),
    (
        "hi",
        "हिन्दी",
        "ltr",
        "नकली पुलिस कॉल पैसे माँगती हैं",
        "फ़ोन करने वाला कहता है कि आपकी जाँच चल रही है और आपको पैसे देने होंगे।",
    ),
    (
        "pa",
        "ਪੰਜਾਬੀ",
        "ltr",
        "ਨਕਲੀ ਪੁਲਿਸ ਕਾਲਾਂ ਪੈਸੇ ਮੰਗਦੀਆਂ ਹਨ",
        "ਫ਼ੋਨ ਕਰਨ ਵਾਲਾ ਕਹਿੰਦਾ ਹੈ ਕਿ ਤੁਹਾਡੀ ਜਾਂਚ ਚੱਲ ਰਹੀ ਹੈ ਅਤੇ ਤੁਹਾਨੂੰ ਪੈਸੇ ਦੇਣੇ ਪੈਣਗੇ।",
    ),
    (
        "gu",
        "ગુજરાતી",
        "ltr",
        "નકલી પોલીસ કૉલ પૈસા માગે છે",
        "ફોન કરનાર કહે છે કે તમારી તપાસ ચાલી રહી છે અને તમારે પૈસા ચૂકવવા પડશે.",
    ),
    (
        "bn",
        "বাংলা",
        "ltr",
        "ভুয়া পুলিশ ফোন করে টাকা চায়",
        "ফোনকারী বলেন আপনার বিরুদ্ধে তদন্ত চলছে এবং আপনাকে টাকা দিতে হবে।",
    ),
    (
        "ne",
        "नेपाली",
        "ltr",
        "नक्कली प्रहरीको फोनले पैसा माग्छ",
        "फोन गर्ने व्यक्ति भन्छ तपाईंमाथि अनुसन्धान भइरहेको छ र तपाईंले पैसा तिर्नुपर्छ।",
    ),
    (
        "fa",
        "فارسی",
        "rtl",
        "تماس‌های پلیس قلابی پول می‌خواهند",
        "تماس‌گیرنده می‌گوید شما تحت تحقیق هستید و باید پول بپردازید.",
    ),
    (
        "ur",
        "اردو",
        "rtl",
        "جعلی پولیس کالز پیسے مانگتی ہیں",
        "کال کرنے والا کہتا ہے کہ آپ کے خلاف تفتیش ہو رہی ہے اور آپ کو پیسے دینے ہوں گے۔",
    ),
    (
        "vi",
        "Tiếng Việt",
        "ltr",
        "Cuộc gọi giả danh cảnh sát đòi tiền",
        "Người gọi nói rằng bạn đang bị điều tra và phải trả tiền.",
    ),
    (
        "tl",
        "Tagalog",
        "ltr",
        "Pekeng tawag mula sa pulis na humihingi ng pera",
        "Sinasabi ng tumatawag na iniimbestigahan ka at kailangan mong magbayad.",
    ),
    (
        "es",
        "Español",
        "ltr",
        "Llamadas de falsos policías que exigen dinero",
        "Quien llama dice que usted está siendo investigado y debe pagar.",
    ),
    (
        "pt",
        "Português",
        "ltr",
        "Ligações de falsos policiais exigem dinheiro",
        "Quem liga diz que você está sendo investigado e precisa pagar.",
    ),
];

const SLUG: &str = "fake-police-calls";

const CONTACTS: &str =
    "emergency:\n  name: { en: Emergency }\n  kind: emergency\n  phone: \"911\"\n";
const TAXONOMIES: &str = "scam_types: {}\naudiences: {}\nregions:\n  calgary: { en: Calgary }\n";

/// Writes a site in `languages` (tag, name, title, red flag; the first is the default) with one
/// advisory translated into each, title and red flag only (the rest is inherited).
fn write_site(root: &Path, languages: &[(&str, &str, &str, &str)]) {
    let mut toml = format!(
        "title = \"Scam Alert\"\nbase_url = \"https://alerts.example.org\"\ndefault_language = \"{}\"\n\n",
        languages[0].0
    );
    for (tag, name, _, _) in languages {
        toml.push_str(&format!("[languages.{tag}]\nname = \"{name}\"\n"));
    }
    toml.push_str("\n[posters]\nsizes = [\"letter\"]\n");
    std::fs::write(root.join("site.toml"), toml).unwrap();
    let dir = root.join("content/advisories").join(SLUG);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(root.join("content/contacts.yaml"), CONTACTS).unwrap();
    std::fs::write(root.join("content/taxonomies.yaml"), TAXONOMIES).unwrap();
    let q = |s: &str| serde_json::to_string(s).unwrap();
    let (_, _, title, flag) = languages[0];
    std::fs::write(
        dir.join("index.md"),
        format!(
            "---\ntitle: {}\nsummary: Callers pretend to be police and demand payment.\ndate: 2024-01-01\nseverity: high\nregions: [calgary]\nred_flags:\n  - {}\nprevention:\n  - Hang up and call the police yourself.\ncontacts: [emergency]\n---\nThe caller says a relative is in trouble.\n",
            q(title),
            q(flag)
        ),
    )
    .unwrap();
    for (tag, _, title, flag) in &languages[1..] {
        std::fs::write(
            dir.join(format!("index.{tag}.md")),
            format!(
                "---\ntitle: {}\nred_flags:\n  - {}\n---\n",
                q(title),
                q(flag)
            ),
        )
        .unwrap();
    }
}

/// Letters and marks only: pdftotext's line breaks, bidi marks and joiners do not count.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric() || is_mark(*c))
        .collect()
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0900}'..='\u{0DFF}') && !c.is_alphanumeric()
}

/// Whether the poster text holds `title`: every word of it, in order of appearance within the
/// word (pdftotext may list right-to-left lines out of order, so words are looked for one by
/// one).
fn holds_title(text: &str, title: &str) -> bool {
    let text = letters(text);
    title
        .split_whitespace()
        .map(letters)
        .filter(|w| !w.is_empty())
        .all(|w| text.contains(&w))
}

/// Every HTML page under `out` with its language folder's expected `lang` and `dir`.
fn check_lang_and_dir(out: &Path, languages: &[(&str, &str, &str)]) -> Vec<String> {
    let html = scraper::Selector::parse("html").unwrap();
    let mut wrong = Vec::new();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") || path.starts_with(out.join("pagefind")) {
            continue;
        }
        let rel = path
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let first = rel.split('/').next().unwrap_or_default();
        let (tag, dir) = languages
            .iter()
            .find(|(tag, _, _)| tag.to_lowercase() == first)
            .or(languages.first())
            .map(|(tag, _, dir)| (*tag, *dir))
            .unwrap();
        let source = std::fs::read_to_string(path).unwrap();
        let document = scraper::Html::parse_document(&source);
        let root = document.select(&html).next().expect("<html>");
        pages += 1;
        if (root.attr("lang"), root.attr("dir")) != (Some(tag), Some(dir)) {
            wrong.push(format!(
                "{rel}: lang={:?} dir={:?}, expected {tag} {dir}",
                root.attr("lang"),
                root.attr("dir")
            ));
        }
    }
    assert!(pages > 0, "no pages under {}", out.display());
    wrong
}

#[test]
fn a_site_in_seventeen_languages_builds_with_a_poster_in_every_language() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    let languages: Vec<(&str, &str, &str, &str)> = LANGUAGES
        .iter()
        .map(|(t, n, _, title, flag)| (*t, *n, *title, *flag))
        .collect();
    write_site(site, &languages);
    let started = Instant::now();
    let built = run_in(site, &["build"]);
    let elapsed = started.elapsed();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let out = site.join("public");
    let tags: Vec<(&str, &str, &str)> = LANGUAGES
        .iter()
        .map(|(t, n, d, _, _)| (*t, *n, *d))
        .collect();
    let wrong = check_lang_and_dir(&out, &tags);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let mut posters = 0;
    for (tag, _, _, title, _) in LANGUAGES {
        let pdf = out.join(format!("advisories/{SLUG}/poster-{tag}-letter.pdf"));
        assert!(pdf.is_file(), "no {tag} poster");
        let pdf = pdf.to_str().unwrap();
        let fonts = tool("pdffonts", &[pdf]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{tag}: no fonts");
        for row in rows {
            let columns: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(
                columns[columns.len() - 5],
                "yes",
                "{tag}: font not embedded: {row}"
            );
        }
        let text = tool("pdftotext", &[pdf, "-"]);
        assert!(
            holds_title(&text, title),
            "{tag}: the poster text lacks `{title}`:\n{text}"
        );
        posters += 1;
    }
    eprintln!(
        "seventeen languages: {posters} posters, built in {:.1} s (debug build)",
        elapsed.as_secs_f64()
    );
}

#[test]
fn a_language_no_font_covers_gets_its_web_pages_and_a_poster_error() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    let amharic = "የውሸት የፖሊስ ጥሪዎች ገንዘብ ይጠይቃሉ";
    write_site(
        site,
        &[
            (
                "en",
                "English",
                "Fake police calls demand money",
                "The caller says you must pay.",
            ),
            ("am", "አማርኛ", amharic, "ደዋዩ መክፈል አለብህ ይላል።"),
        ],
    );
    let built = run_in(site, &["build"]);
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert_eq!(built.status.code(), Some(1), "{stderr}");
    for expected in [
        "RF041",
        "`am`",
        SLUG,
        "'የ' (U+12E8)",
        "themes/default/fonts/",
    ] {
        assert!(stderr.contains(expected), "`{expected}` not in:\n{stderr}");
    }
    let out = site.join("public");
    let page = out.join(format!("am/advisories/{SLUG}/index.html"));
    let html = std::fs::read_to_string(&page).expect("the Amharic page is written");
    assert!(html.contains(amharic), "the page shows the Amharic title");
    assert!(
        out.join(format!("advisories/{SLUG}/poster-en-letter.pdf"))
            .is_file()
    );
    assert!(
        !out.join(format!("advisories/{SLUG}/poster-am-letter.pdf"))
            .exists()
    );
    assert!(
        !html.contains("poster-am-letter"),
        "no link to a poster that was not made"
    );
    let wrong = check_lang_and_dir(&out, &[("en", "English", "ltr"), ("am", "አማርኛ", "ltr")]);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    let checked = run_in(site, &["check", "--format", "json"]);
    assert_eq!(checked.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&checked.stdout);
    let poster_errors: Vec<&str> = stdout.lines().filter(|l| l.contains("\"RF041\"")).collect();
    assert_eq!(poster_errors.len(), 1, "{stdout}");
    assert!(poster_errors[0].contains("index.am.md"), "{stdout}");
}

#[test]
fn fr_ca_falls_back_to_fr_for_content_and_ui_alike() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    write_site(
        site,
        &[
            (
                "en",
                "English",
                "Fake police calls demand money",
                "The caller says you must pay.",
            ),
            (
                "fr",
                "Français",
                "De faux policiers exigent de l’argent",
                "L’appelant dit que vous devez payer.",
            ),
        ],
    );
    let toml = std::fs::read_to_string(site.join("site.toml")).unwrap();
    let toml = toml.replace(
        "\n[posters]",
        "[languages.fr-CA]\nname = \"Français (Canada)\"\n\n[posters]",
    );
    std::fs::write(site.join("site.toml"), toml).unwrap();
    let built = run_in(site, &["build"]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let out = site.join("public");
    let html =
        std::fs::read_to_string(out.join(format!("fr-ca/advisories/{SLUG}/index.html"))).unwrap();
    let document = scraper::Html::parse_document(&html);
    let h1 = scraper::Selector::parse("h1").unwrap();
    let title = document.select(&h1).next().unwrap();
    assert_eq!(
        title.text().collect::<String>(),
        "De faux policiers exigent de l’argent"
    );
    assert_eq!(
        title.attr("lang"),
        Some("fr"),
        "the French text is marked as French"
    );
    let notice = scraper::Selector::parse(".notice-fallback").unwrap();
    let notice: String = document
        .select(&notice)
        .next()
        .expect("a notice")
        .text()
        .collect();
    assert!(
        notice.contains("français"),
        "shown in French, said in French: {notice}"
    );
    let flags = scraper::Selector::parse(".flag-list").unwrap();
    let flags = document.select(&flags).next().unwrap();
    assert_eq!(flags.attr("lang"), Some("fr"));
    let feed = std::fs::read_to_string(out.join("fr-ca/atom.xml")).unwrap();
    let feed = roxmltree::Document::parse(&feed).unwrap();
    let entry = feed
        .descendants()
        .find(|n| n.has_tag_name("entry"))
        .unwrap();
    let xml_lang = entry.attribute(("http://www.w3.org/XML/1998/namespace", "lang"));
    assert_eq!(xml_lang, Some("fr"), "the feed entry is in French");
}
