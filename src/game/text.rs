//! Text laid out with the Chinese line-breaking rule. egui wraps Chinese between any two
//! characters and lets a line begin with full-width "，", "：", "？" or "）"; these helpers break
//! the lines themselves with `engine::text::kinsoku::line_breaks` (no line starts with closing punctuation,
//! none ends with opening punctuation, English breaks at spaces), measuring each character with
//! egui's own glyph advances, and hand egui the text with the breaks already in it.

use std::sync::Arc;

use bevy_egui::egui::{self, Color32, FontId, Galley, text::LayoutJob};

use crate::engine::text::kinsoku::line_breaks;

/// `text` laid out in `font` and `color`, wrapped to `width` by the Chinese rule.
pub fn galley(ctx: &egui::Context, text: &str, font: &FontId, color: Color32, width: f32) -> Arc<Galley> {
    let wrapped = wrap(ctx, text, font, width);
    ctx.fonts_mut(|f| f.layout_job(LayoutJob::simple(wrapped, font.clone(), color, f32::INFINITY)))
}

/// `text` with a `\n` at every line break the rule chooses for `width`.
pub fn wrap(ctx: &egui::Context, text: &str, font: &FontId, width: f32) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    ctx.fonts_mut(|f| {
        for (k, para) in text.split('\n').enumerate() {
            if k > 0 {
                out.push('\n');
            }
            // The unwrapped row gives each character's advance including kerning (cached by egui).
            let row = f.layout_no_wrap(para.to_owned(), font.clone(), Color32::WHITE);
            let glyphs: &[egui::epaint::text::Glyph] = row.rows.first().map_or(&[], |r| &r.row.glyphs);
            let n = para.chars().count();
            let advances: Vec<f32> = if glyphs.len() == n {
                (0..n)
                    .map(|i| match glyphs.get(i + 1) {
                        Some(next) => next.pos.x - glyphs[i].pos.x,
                        None => glyphs[i].advance_width,
                    })
                    .collect()
            } else {
                para.chars().map(|c| f.glyph_width(font, c)).collect()
            };
            // A pixel to spare: egui rounds each glyph's position, so a row laid out again can
            // come out a pixel wider than the sum of its advances.
            for (j, r) in line_breaks(para, width - 1.0, |i, _| advances[i])
                .into_iter()
                .enumerate()
            {
                if j > 0 {
                    out.push('\n');
                }
                out.push_str(&para[r]);
            }
        }
    });
    out
}

/// A label of `text` wrapped by the Chinese rule to the width available.
pub fn label(ui: &mut egui::Ui, text: &str, font: FontId, color: Color32) -> egui::Response {
    let g = galley(ui.ctx(), text, &font, color, ui.available_width());
    ui.add(egui::Label::new(g).selectable(false))
}

/// A paragraph in one of the theme's text styles (`Body`, `Small`, …), wrapped by the Chinese rule;
/// `color` None uses the theme's text colour. For the long texts of the other screens (feedback,
/// briefings, the turn review), where a line starting with "，" shows most.
pub fn para(ui: &mut egui::Ui, text: &str, style: egui::TextStyle, color: Option<Color32>) -> egui::Response {
    let font = style.resolve(ui.style());
    let color = color.unwrap_or_else(|| ui.visuals().text_color());
    label(ui, text, font, color)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::engine::Lang;
    use crate::engine::compile::CNode;
    use crate::engine::text::kinsoku::no_line_start;

    pub(crate) use crate::game::ui::shipped;

    pub(crate) fn context() -> egui::Context {
        let ctx = crate::game::ui::test_context(1.0);
        // Fonts are installed at the start of the next pass.
        crate::game::ui::pass(&ctx, egui::vec2(800.0, 600.0), Vec::new(), |_| {});
        ctx
    }

    #[test]
    fn no_row_of_a_real_chinese_line_starts_with_closing_punctuation_at_any_width() {
        let ctx = context();
        let mut lines = Vec::new();
        for sc in shipped() {
            lines.push(sc.briefing.zh.clone());
            for n in &sc.nodes {
                match n {
                    CNode::Turn { customer, options } => {
                        lines.push(customer.get(Lang::Zh).to_owned());
                        lines.extend(options.iter().map(|o| o.text.zh.clone()));
                    }
                    CNode::End { text, .. } => lines.push(text.zh.clone()),
                }
            }
        }
        assert!(lines.len() > 300, "{} lines", lines.len());
        let font = FontId::proportional(18.0);
        let (mut rows, mut egui_bad) = (0, 0);
        for width in [180.0, 233.0, 301.0, 377.0, 452.0, 610.0, 845.0] {
            for line in &lines {
                let g = galley(&ctx, line, &font, Color32::BLACK, width);
                let text: String = g.rows.iter().flat_map(|r| r.row.glyphs.iter().map(|g| g.chr)).collect();
                // Nothing lost or added but the spaces at a break.
                assert_eq!(text.replace(' ', ""), line.replace([' ', '\n'], ""));
                for (k, r) in g.rows.iter().enumerate() {
                    rows += 1;
                    assert!(r.row.size.x <= width + 0.5, "row wider than {width}: {line}");
                    if k > 0
                        && let Some(first) = r.row.glyphs.first()
                    {
                        assert!(
                            !no_line_start(first.chr),
                            "width {width}: a row starts with {}: {line}",
                            first.chr
                        );
                    }
                }
                // egui's own wrapping, for comparison: it does start rows with "，" and "？".
                let plain = ctx.fonts_mut(|f| f.layout(line.clone(), font.clone(), Color32::BLACK, width));
                egui_bad += plain.rows[1..]
                    .iter()
                    .filter(|r| r.row.glyphs.first().is_some_and(|g| no_line_start(g.chr)))
                    .count();
            }
        }
        assert!(rows > 5000, "{rows} rows");
        assert!(egui_bad > 0, "the test must exercise lines egui itself breaks badly");
    }
}
