//! Checks of a laid-out poster that typst does not make: every run of text is at least
//! `MIN_TEXT_PT`, lies inside the printable area of the page and prints over no other text.
//! typst lets a word wider than its line run past the page edge (where the printer cuts it off)
//! or into the next column, without a word of warning.

use typst::layout::{Abs, Frame, FrameItem, Point, Transform};

/// The smallest text a poster may print, in points (captions, the address, the date and the
/// tear-off tabs included).
pub const MIN_TEXT_PT: f64 = 12.0;

/// Most printers cannot print this close to the paper's edge (a quarter inch).
pub const PRINTABLE_INSET_PT: f64 = 18.0;

/// A run of text as printed on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// Its characters.
    pub text: String,
    /// Its size in points, as printed (scaled by any transformation).
    pub size: f64,
    /// Leftmost and rightmost extent on the page, in points.
    pub x: (f64, f64),
    /// Top and bottom extent on the page, in points (from the font size: 0.8 em above the
    /// baseline, 0.2 em below).
    pub y: (f64, f64),
}

/// Every run of text of the page `frame`, with its size and horizontal extent.
pub fn text_runs(frame: &Frame) -> Vec<TextRun> {
    let mut runs = Vec::new();
    collect(frame, Transform::identity(), &mut runs);
    runs
}

fn collect(frame: &Frame, ts: Transform, runs: &mut Vec<TextRun>) {
    for (pos, item) in frame.items() {
        let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
        match item {
            FrameItem::Group(group) => {
                collect(&group.frame, here.pre_concat(group.transform), runs)
            }
            FrameItem::Text(text) => {
                let size = text.size.to_pt();
                let (width, ascent, descent) = (text.width(), text.size * 0.8, text.size * 0.2);
                let corners = [
                    Point::new(Abs::zero(), -ascent),
                    Point::new(width, -ascent),
                    Point::new(Abs::zero(), descent),
                    Point::new(width, descent),
                ]
                .map(|p| p.transform(here));
                let extent = |axis: fn(&Point) -> Abs| {
                    let values = corners.iter().map(|p| axis(p).to_pt());
                    (
                        values.clone().fold(f64::INFINITY, f64::min),
                        values.fold(f64::NEG_INFINITY, f64::max),
                    )
                };
                let scale = (here.sx.get() * here.sy.get() - here.kx.get() * here.ky.get())
                    .abs()
                    .sqrt();
                runs.push(TextRun {
                    text: text.text.to_string(),
                    size: size * scale,
                    x: extent(|p| p.x),
                    y: extent(|p| p.y),
                });
            }
            _ => {}
        }
    }
}

/// The runs printed smaller than `MIN_TEXT_PT`.
pub fn too_small(runs: &[TextRun]) -> Vec<&TextRun> {
    runs.iter()
        .filter(|r| r.size < MIN_TEXT_PT - 0.01 && !r.text.trim().is_empty())
        .collect()
}

/// The runs that reach outside the printable width of a page `width` points wide.
pub fn off_the_page(runs: &[TextRun], width: f64) -> Vec<&TextRun> {
    runs.iter()
        .filter(|r| r.x.0 < PRINTABLE_INSET_PT || r.x.1 > width - PRINTABLE_INSET_PT)
        .collect()
}

/// Two runs printed on top of each other (their boxes share more than a fifth of the smaller
/// one): a text too long for its box ran into its neighbour.
pub fn overlapping(runs: &[TextRun]) -> Option<(&TextRun, &TextRun)> {
    let visible: Vec<&TextRun> = runs.iter().filter(|r| !r.text.trim().is_empty()).collect();
    let area = |r: &TextRun| (r.x.1 - r.x.0) * (r.y.1 - r.y.0);
    for (i, a) in visible.iter().enumerate() {
        for b in &visible[i + 1..] {
            let w = a.x.1.min(b.x.1) - a.x.0.max(b.x.0);
            let h = a.y.1.min(b.y.1) - a.y.0.max(b.y.0);
            if w > 0.0 && h > 0.0 && w * h > 0.2 * area(a).min(area(b)) {
                return Some((a, b));
            }
        }
    }
    None
}
