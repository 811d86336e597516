//! Draws a [`Summary`] on one A4 page with krilla, in DejaVu Sans (regular and bold, shipped
//! in `server/fonts/`, Bitstream Vera licence): it covers every letter of French, Dutch and
//! German, and krilla embeds only the glyphs used, with their Unicode, so the text can be
//! searched, copied and read aloud. Lines are wrapped at words, measured against the font.
//! Whatever would pass the foot of the page is left out, with "…": the page is one page.
use app::domain::my_data::summary::{Row, Summary};
use krilla::{
    color::rgb,
    geom::{PathBuilder, Point},
    metadata::Metadata,
    page::PageSettings,
    paint::{Fill, Stroke},
    surface::Surface,
    text::{Font, TextDirection},
    Document,
};
use std::sync::LazyLock;

const REGULAR_BYTES: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
const BOLD_BYTES: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

/// A4, in points.
const WIDTH: f32 = 595.28;
const HEIGHT: f32 = 841.89;
const MARGIN: f32 = 50.0;
const BODY: f32 = 10.0;
const LEADING: f32 = 1.35;
/// The date column: as wide as the widest date, within these.
const WHEN_MIN: f32 = 70.0;
const WHEN_MAX: f32 = 170.0;
const GUTTER: f32 = 12.0;

struct Face {
    font: Font,
    measure: ttf_parser::Face<'static>,
}

fn face(bytes: &'static [u8]) -> Option<Face> {
    Some(Face {
        font: Font::new(bytes.into(), 0)?,
        measure: ttf_parser::Face::parse(bytes, 0).ok()?,
    })
}

static FACES: LazyLock<Option<(Face, Face)>> = LazyLock::new(|| Some((face(REGULAR_BYTES)?, face(BOLD_BYTES)?)));

impl Face {
    /// The width of `text` at `size`, from the font's advances (no kerning: a little wide,
    /// which only wraps a little early).
    fn width(&self, text: &str, size: f32) -> f32 {
        let units: f32 = text
            .chars()
            .map(|c| {
                let glyph = self.measure.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
                f32::from(self.measure.glyph_hor_advance(glyph).unwrap_or(0))
            })
            .sum();
        units * size / f32::from(self.measure.units_per_em())
    }

    /// `text` in lines no wider than `width`, broken at spaces (a word longer than a line
    /// is broken where it must be).
    fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let tried = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if self.width(&tried, size) <= width {
                line = tried;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                line.push(c);
                if self.width(&line, size) > width {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// Where the next line goes, and where the page's body must stop.
struct Pen<'a, 'b> {
    surface: Surface<'a>,
    regular: &'b Face,
    bold: &'b Face,
    y: f32,
    bottom: f32,
    full: bool,
}

impl Pen<'_, '_> {
    /// Whether `height` more fits; the first time it does not, an ellipsis says so.
    fn room(&mut self, height: f32) -> bool {
        if self.full {
            return false;
        }
        if self.y + height > self.bottom {
            self.full = true;
            self.text(MARGIN, self.y + BODY, false, BODY, "…");
            return false;
        }
        true
    }

    fn text(&mut self, x: f32, baseline: f32, bold: bool, size: f32, text: &str) {
        let font = if bold { &self.bold.font } else { &self.regular.font };
        let start = Point::from_xy(x, baseline);
        self.surface
            .draw_text(start, font.clone(), size, text, false, TextDirection::Auto);
    }

    /// Lines of one style, each `size × LEADING` apart, from the pen down.
    fn lines(&mut self, x: f32, bold: bool, size: f32, lines: &[String]) -> bool {
        for line in lines {
            if !self.room(size * LEADING) {
                return false;
            }
            self.y += size * LEADING;
            self.text(x, self.y - size * (LEADING - 1.0), bold, size, line);
        }
        true
    }

    fn rule(&mut self) {
        let mut path = PathBuilder::new();
        path.move_to(MARGIN, self.y + 3.0);
        path.line_to(WIDTH - MARGIN, self.y + 3.0);
        if let Some(path) = path.finish() {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(Stroke {
                paint: rgb::Color::new(120, 120, 120).into(),
                width: 0.6,
                ..Stroke::default()
            }));
            self.surface.draw_path(&path);
            self.surface.set_stroke(None);
            self.surface.set_fill(Some(Fill::default()));
        }
        self.y += 8.0;
    }

    /// A row: its date on the left, its text wrapped on the right; kept whole or left out.
    fn row(&mut self, row: &Row, when_width: f32) -> bool {
        let what_x = MARGIN + when_width + GUTTER;
        let lines = self.regular.wrap(&row.what, BODY, WIDTH - MARGIN - what_x);
        if !self.room(lines.len() as f32 * BODY * LEADING) {
            return false;
        }
        let top = self.y;
        self.text(MARGIN, top + BODY, false, BODY, &row.when);
        self.lines(what_x, false, BODY, &lines)
    }
}

/// The summary as a PDF: one A4 page.
pub fn render(summary: &Summary) -> Result<Vec<u8>, String> {
    let (regular, bold) = FACES.as_ref().ok_or("the embedded fonts do not read")?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(summary.title.clone())
            .language(summary.language.clone())
            .creator("Vein-to-Vein".to_string()),
    );
    let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or("page size")?;
    let mut page = document.start_page_with(settings);
    draw(page.surface(), regular, bold, summary);
    page.finish();
    document.finish().map_err(|error| format!("{error:?}"))
}

fn draw(surface: Surface<'_>, regular: &Face, bold: &Face, summary: &Summary) {
    let footer_lines: Vec<Vec<String>> = summary
        .footer
        .iter()
        .map(|line| regular.wrap(line, BODY, WIDTH - 2.0 * MARGIN))
        .collect();
    let footer_height = footer_lines.iter().map(Vec::len).sum::<usize>() as f32 * BODY * LEADING;
    let mut pen = Pen {
        surface,
        regular,
        bold,
        y: MARGIN,
        bottom: HEIGHT - MARGIN - footer_height - 14.0,
        full: false,
    };
    body(&mut pen, summary);
    // The footer, always, at the foot of the page.
    pen.y = HEIGHT - MARGIN - footer_height - 6.0;
    pen.bottom = HEIGHT;
    pen.full = false;
    pen.rule();
    for lines in &footer_lines {
        pen.lines(MARGIN, false, BODY, lines);
    }
    pen.surface.finish();
}

fn body(pen: &mut Pen<'_, '_>, summary: &Summary) {
    let title = pen.bold.wrap(&summary.title, 18.0, WIDTH - 2.0 * MARGIN);
    let about = pen.regular.wrap(&summary.about, 11.0, WIDTH - 2.0 * MARGIN);
    pen.lines(MARGIN, true, 18.0, &title);
    pen.lines(MARGIN, false, 11.0, &about);
    let when_width = summary
        .sections
        .iter()
        .flat_map(|s| &s.rows)
        .map(|r| pen.regular.width(&r.when, BODY))
        .fold(WHEN_MIN, f32::max)
        .min(WHEN_MAX);
    for section in &summary.sections {
        pen.y += 10.0;
        let heading = pen.bold.wrap(&section.heading, 13.0, WIDTH - 2.0 * MARGIN);
        if !pen.lines(MARGIN, true, 13.0, &heading) {
            return;
        }
        pen.rule();
        if section.rows.is_empty() {
            let empty = pen.regular.wrap(&section.empty, BODY, WIDTH - 2.0 * MARGIN);
            if !pen.lines(MARGIN, false, BODY, &empty) {
                return;
            }
        }
        for row in &section.rows {
            if !pen.row(row, when_width) {
                return;
            }
        }
    }
}
