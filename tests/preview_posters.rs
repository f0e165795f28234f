//! The preview's "Print a poster" links, through `redflag serve` started inside the site folder:
//! each link says the standard its PDF meets (PDF/UA-1); the PDF is typeset on request and is
//! PDF/UA-1 by both checkers of `pdfua.rs`; a poster that cannot be written as PDF/UA-1 (here, a
//! theme whose QR code has no alternative text) answers with typst's reason, not "not found";
//! a notice's link says it is for notice boards, in the page's language, and a handout's does not.

use crate::pdfua::ua1_problems;
use crate::support::example::copy_of_example;
use crate::support::preview::{Server, request};
use crate::support::repository;

const PAGE: &str = "/advisories/virtual-kidnapping-calgary/";
const POSTER: &str = "/advisories/virtual-kidnapping-calgary/poster-en-letter.pdf";

fn get(server: &Server, path: &str) -> (u16, Vec<u8>) {
    request(server.port, "GET", path).expect("the preview answers")
}

#[test]
fn the_preview_links_each_poster_with_its_standard_and_serves_it_pdf_ua_1() {
    let site = copy_of_example("");
    let server = Server::start(site.path());
    let (status, page) = get(&server, PAGE);
    let page = String::from_utf8(page).unwrap();
    assert_eq!(status, 200, "{page}");
    let link = page
        .lines()
        .find(|l| l.contains(&format!("href=\"{POSTER}\" type=\"application/pdf\"")))
        .unwrap_or_else(|| panic!("no link to {POSTER}:\n{page}"));
    assert!(link.contains("(PDF, PDF/UA-1)"), "{link}");
    let (status, pdf) = get(&server, POSTER);
    assert_eq!(status, 200);
    let file = site.path().join("requested.pdf");
    std::fs::write(&file, pdf).unwrap();
    let problems = ua1_problems(&[file]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_poster_that_cannot_be_pdf_ua_1_is_answered_with_the_reason() {
    let site = copy_of_example("");
    let theme = site.path().join("themes/default/poster");
    std::fs::create_dir_all(&theme).unwrap();
    let handout =
        std::fs::read_to_string(repository().join("themes/default/poster/handout.typ")).unwrap();
    let alt = ", alt: blk.scan + \": \" + blk.url";
    assert!(
        handout.contains(alt),
        "the handout's QR code has no alt text"
    );
    std::fs::write(theme.join("handout.typ"), handout.replacen(alt, "", 1)).unwrap();
    let server = Server::start(site.path());
    let (status, page) = get(&server, PAGE);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&page));
    let (status, answer) = get(&server, POSTER);
    let answer = String::from_utf8_lossy(&answer);
    assert_eq!(status, 500, "{answer}");
    assert!(
        answer.contains("could not be made (PDF/UA-1)") && answer.contains("alt"),
        "{answer}"
    );
    assert!(answer.contains("handout.typ"), "{answer}");
}

#[test]
fn a_notice_link_says_it_is_for_notice_boards_in_the_page_language() {
    let site = copy_of_example("");
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let text = text.replacen(
        "[posters]\n",
        "[posters]\nlayouts = [\"handout\", \"notice\"]\n",
        1,
    );
    std::fs::write(&toml, text).unwrap();
    let server = Server::start(site.path());
    for (page, notice, label) in [
        (
            "/advisories/virtual-kidnapping-calgary/",
            "notice-en-tabloid",
            "Notice board (large type)",
        ),
        (
            "/zh-hans/advisories/virtual-kidnapping-calgary/",
            "notice-zh-Hans-tabloid",
            "公告栏（大字）",
        ),
        (
            "/ar/advisories/virtual-kidnapping-calgary/",
            "notice-ar-a3",
            "لوحة الإعلانات (خط كبير)",
        ),
    ] {
        let (status, body) = get(&server, page);
        let body = String::from_utf8(body).unwrap();
        assert_eq!(status, 200, "{body}");
        let links: Vec<&str> = body
            .lines()
            .filter(|l| l.contains("type=\"application/pdf\""))
            .collect();
        let notice_link = links
            .iter()
            .find(|l| l.contains(&format!("{notice}.pdf")))
            .unwrap_or_else(|| panic!("{page}: no link to {notice}: {links:?}"));
        assert!(notice_link.contains(label), "{notice_link}");
        let handouts: Vec<&&str> = links.iter().filter(|l| l.contains("/poster-")).collect();
        assert!(!handouts.is_empty(), "{page}: no handout link");
        assert!(
            handouts.iter().all(|l| !l.contains(label)),
            "a handout link says {label}: {handouts:?}"
        );
    }
}
