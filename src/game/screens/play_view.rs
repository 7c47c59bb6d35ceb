//! The play screen's layout: one egui pass over a call, with no Bevy in it, so a test can run it
//! headlessly with the real fonts and measure where everything landed ([`Measured`]).
//!
//! Left: the portrait (it shrinks when the text is large), the customer's name and feeling, the
//! four meters with the change the last answer made. Centre: the conversation so far, which
//! yields its height to the current turn; the coach's verdict on the last answer as a banner; the
//! customer's line; the options. Every size follows the text scale. When the turn does not fit,
//! the turn area scrolls, and an option is only taken when it is fully on screen: a digit key or
//! click on an option that is cut off scrolls it into view first. When the call ends, an end card
//! shows the outcome and reveals the total before the debrief.

use std::sync::Arc;

use bevy_egui::egui::{self, Color32, FontId, Galley, Key, Pos2, Rect, RichText, Sense, Stroke, TextStyle, Vec2};

use crate::engine::coach::Verdict;
use crate::engine::compile::CNode;
use crate::engine::sim::Sim;
use crate::engine::{Compiled, Lang, Mood};

use crate::game::portrait::{self, Face, Feeling};
use crate::game::session::Session;
use crate::game::text::{self, galley};
use crate::game::ui::{self, tr};

/// What the screen shows this frame.
pub struct View<'a> {
    pub sc: &'a Compiled,
    pub session: &'a Session,
    pub lang: Lang,
    /// Seconds left on the decision timer (≤ 0 once it ran out); None without a timer.
    pub remaining: Option<f64>,
    /// Replaces the customer's mood (the performance run keeps the portrait moving).
    pub mood: Option<Mood>,
}

/// What the player did this frame, and where things were drawn.
#[derive(Default, Debug)]
pub struct Actions {
    /// 0-based option taken (only ever one fully on screen).
    pub chosen: Option<usize>,
    pub debrief: bool,
    pub quit: bool,
    pub measured: Measured,
}

/// Screen rectangles of this frame, for tests.
#[derive(Debug, Clone)]
pub struct Measured {
    pub screen: Rect,
    /// Each option's button.
    pub options: Vec<Rect>,
    /// The part of the screen the options are visible in (the turn area's clip).
    pub options_view: Rect,
    /// How far the widest text row of any option reaches past its button's text area (≤ 0: fits).
    pub option_overflow: f32,
    /// The option a key or click asked for that was scrolled into view instead of taken.
    pub revealing: Option<usize>,
    /// Font sizes of the customer's line and name.
    pub line_font: f32,
    pub name_font: f32,
    /// The lowest point of the left panel's content.
    pub left_bottom: f32,
    /// The title's right edge and the leftmost top-bar control.
    pub title_right: f32,
    pub controls_left: f32,
    /// The coach's banner and the end card, when shown.
    pub banner: Option<Rect>,
    pub end_card: Option<Rect>,
}

impl Default for Measured {
    fn default() -> Self {
        Measured {
            screen: Rect::NOTHING,
            options: Vec::new(),
            options_view: Rect::NOTHING,
            option_overflow: f32::NEG_INFINITY,
            revealing: None,
            line_font: 0.0,
            name_font: 0.0,
            left_bottom: 0.0,
            title_right: 0.0,
            controls_left: 0.0,
            banner: None,
            end_card: None,
        }
    }
}

/// Room kept at the right of the scrolling areas for the scroll bar.
const GUTTER: f32 = 14.0;

fn feeling_name(lang: Lang, f: Feeling) -> &'static str {
    match f {
        Feeling::Pleased => tr(lang, "满意", "pleased"),
        Feeling::Calm => tr(lang, "平静", "calm"),
        Feeling::Uneasy => tr(lang, "不满", "uneasy"),
        Feeling::Angry => tr(lang, "愤怒", "angry"),
    }
}

/// A height measured when this part was last drawn, or `estimate` the first time.
fn remembered(ctx: &egui::Context, id: egui::Id, estimate: f32) -> f32 {
    ctx.data(|d| d.get_temp(id)).unwrap_or(estimate)
}

/// Keeps the height a part was drawn at; when it differs from what the layout assumed, the pass
/// is redone at once (egui's discard), so no frame is shown laid out with a wrong height.
fn remember(ctx: &egui::Context, id: egui::Id, assumed: f32, measured: f32) {
    ctx.data_mut(|d| d.insert_temp(id, measured));
    if (assumed - measured).abs() > 1.0 {
        ctx.request_discard("play screen: a part's height changed");
        ctx.request_repaint();
    }
}

fn row_height(ctx: &egui::Context, font: &FontId) -> f32 {
    ctx.fonts_mut(|f| f.row_height(font))
}

fn body_font(ctx: &egui::Context) -> FontId {
    ctx.global_style().text_styles[&TextStyle::Body].clone()
}

/// Draws the play screen for one frame.
pub fn show(ctx: &egui::Context, v: &View) -> Actions {
    let mut out = Actions::default();
    let sim = v.session.sim().expect("a call in progress has a scenario");
    let screen = ctx.viewport_rect();
    out.measured.screen = screen;
    let scale = body_font(ctx).size / 18.0;
    let mut root = ui::root(ctx);

    egui::Panel::top("play_top").show(&mut root, |ui| top_bar(ui, v, &sim, &mut out));

    let lw = (300.0 + 60.0 * (scale - 1.0))
        .clamp(260.0, 380.0)
        .min(screen.width() * 0.34);
    egui::Panel::left("play_left")
        .exact_size(lw)
        .resizable(false)
        .show(&mut root, |ui| left_panel(ui, v, &sim, &mut out));

    egui::CentralPanel::default().show(&mut root, |ui| {
        if sim.finished() && v.session.team.is_some() {
            team_end_card(ui, v, &sim, &mut out);
        } else if sim.finished() {
            end_card(ui, v, &sim, &mut out);
        } else {
            turn(ui, v, &sim, &mut out);
        }
        if ui::pressed(ui, Key::Escape) {
            out.quit = true;
        }
    });
    out
}

fn top_bar(ui: &mut egui::Ui, v: &View, sim: &Sim, out: &mut Actions) {
    let lang = v.lang;
    let body = body_font(ui.ctx());
    ui.add_space(4.0);
    // Inside a row: a right-to-left layout straight in the panel would take the panel's whole
    // height and grow it every frame.
    ui.horizontal(|ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let esc = if sim.finished() && v.session.team.is_some() {
                tr(lang, "回到工作坊", "Back to the workshop")
            } else if sim.finished() {
                tr(lang, "返回选择场景", "Back to the scenarios")
            } else {
                tr(lang, "放弃本次通话", "Abandon the call")
            };
            let r = ui.button(format!("Esc  {esc}"));
            if r.clicked() {
                out.quit = true;
            }
            let mut left = r.rect.left();
            if !sim.finished() {
                let turn = format!("{} {}", tr(lang, "回合", "Turn"), sim.turn() + 1);
                left = ui.label(RichText::new(turn).color(ui::MUTED)).rect.left();
                if let Some(r) = v.remaining {
                    let (txt, col) = if r > 0.0 {
                        let secs = r.ceil() as u64;
                        let txt = match lang {
                            Lang::Zh => format!("⏱ {secs} 秒"),
                            Lang::En => format!("⏱ {secs} s"),
                        };
                        (txt, if r < 10.0 { ui::WARN } else { ui::MUTED })
                    } else {
                        (tr(lang, "⏱ 时间到，请决定", "⏱ Time's up: decide").to_string(), ui::BAD)
                    };
                    left = ui.label(RichText::new(txt).color(col).strong()).rect.left();
                }
            }
            out.measured.controls_left = left;
            let rest = ui.available_width();
            ui.allocate_ui_with_layout(
                Vec2::new(rest, 0.0),
                egui::Layout::left_to_right(egui::Align::Center),
                |ui| {
                    if let Some(t) = &v.session.team {
                        let who = format!("{} · {} {}", t.name, tr(lang, "轮次", "round"), t.round);
                        ui.label(RichText::new(who).color(ui::ACCENT).strong());
                    }
                    // One row: at large text a wrapped title would take the turn's room; the full
                    // title is in the hover text and on the picker.
                    let title = v.sc.title.get(lang);
                    let font = FontId::proportional(body.size * 1.15);
                    let r = ui.add(
                        egui::Label::new(RichText::new(title).font(font))
                            .truncate()
                            .selectable(false),
                    );
                    out.measured.title_right = r.rect.right();
                },
            );
        })
    });
    ui.add_space(2.0);
}

/// The customer after the last answer, and how far each meter moved with it.
fn animated_face(ctx: &egui::Context, v: &View, mood: Mood) -> Face {
    Face {
        satisfaction: ctx.animate_value_with_time(egui::Id::new("sat"), mood.satisfaction, 0.6),
        anger: ctx.animate_value_with_time(egui::Id::new("ang"), mood.anger, 0.6),
        patience: ctx.animate_value_with_time(egui::Id::new("pat"), mood.patience, 0.6),
        trust: ctx.animate_value_with_time(egui::Id::new("tru"), mood.trust, 0.6),
        look: v.sc.customer.look(&v.sc.id),
    }
}

fn left_panel(ui: &mut egui::Ui, v: &View, sim: &Sim, out: &mut Actions) {
    let lang = v.lang;
    let ctx = ui.ctx().clone();
    let body = body_font(&ctx);
    let scale = body.size / 18.0;
    let mood = v.mood.unwrap_or(sim.mood());
    let before = if v.mood.is_some() {
        None
    } else {
        v.session.mood_before_last()
    };
    let face = animated_face(&ctx, v, mood);

    let name_font = FontId::proportional(22.0 * scale);
    out.measured.name_font = name_font.size;
    let sp = ui.spacing().item_spacing.y;
    let bar_h = (10.0 * scale).max(10.0);
    let row = row_height(&ctx, &body);
    // Everything under the portrait: name, feeling, four meters (label row and bar each).
    let small = row_height(&ctx, &ui.style().text_styles[&TextStyle::Small]);
    let estimate = row_height(&ctx, &name_font) + row + 4.0 * (small + bar_h + 2.0 * sp + 2.0) + 2.0 * sp + 8.0;
    let below_id = egui::Id::new(("play_left_below", lang, (scale * 100.0) as u32));
    let below = remembered(&ctx, below_id, estimate);
    let side = (ui.available_height() - below - 12.0).clamp(96.0, ui.available_width() - 12.0);
    ui.add_space(8.0);
    let (row_rect, _) = ui.allocate_exact_size(Vec2::new(ui.available_width(), side), Sense::hover());
    let rect = Rect::from_center_size(row_rect.center(), Vec2::splat(side));
    portrait::paint(ui.painter(), rect, &face);
    ui.add_space(4.0);
    let g = galley(
        &ctx,
        v.sc.customer.name.get(lang),
        &name_font,
        ui::INK,
        ui.available_width(),
    );
    ui.add(egui::Label::new(g).selectable(false));
    let feeling = face.feeling();
    let col = match feeling {
        Feeling::Pleased | Feeling::Calm => ui::GOOD,
        Feeling::Uneasy => ui::WARN,
        Feeling::Angry => ui::BAD,
    };
    ui.horizontal(|ui| {
        let (r, _) = ui.allocate_exact_size(Vec2::splat(row * 0.6), Sense::hover());
        ui.painter().circle_filled(r.center(), r.width() / 2.0, col);
        ui.label(RichText::new(feeling_name(lang, feeling)).color(col).strong());
    });
    ui.add_space(4.0);
    let delta = |now: f32, then: Option<f32>| then.map(|t| now - t);
    meter(
        ui,
        tr(lang, "满意度", "Satisfaction"),
        face.satisfaction,
        delta(mood.satisfaction, before.map(|b| b.satisfaction)),
        true,
        ui::satisfaction_colour(face.satisfaction),
        bar_h,
    );
    meter(
        ui,
        tr(lang, "怒气", "Anger"),
        face.anger,
        delta(mood.anger, before.map(|b| b.anger)),
        false,
        ui::colour_of(face.colour()),
        bar_h,
    );
    meter(
        ui,
        tr(lang, "耐心", "Patience"),
        face.patience,
        delta(mood.patience, before.map(|b| b.patience)),
        true,
        ui::colour_of_patience(face.patience),
        bar_h,
    );
    meter(
        ui,
        tr(lang, "信任", "Trust"),
        face.trust,
        delta(mood.trust, before.map(|b| b.trust)),
        true,
        Color32::from_rgb(80, 120, 180),
        bar_h,
    );
    // The last meter's bottom (the panel's own rect always reaches the window's bottom).
    let bottom = ui.cursor().top() - ui.spacing().item_spacing.y;
    out.measured.left_bottom = bottom;
    remember(&ctx, below_id, below, bottom - row_rect.bottom());
}

/// A meter: the label, the value and the change the last answer made on one row, the bar under it.
fn meter(ui: &mut egui::Ui, label: &str, value: f32, delta: Option<f32>, up_is_good: bool, fill: Color32, bar_h: f32) {
    ui.horizontal(|ui| {
        ui.style_mut().override_text_style = Some(TextStyle::Small);
        ui.label(RichText::new(label).color(ui::MUTED));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(d) = delta.filter(|d| d.abs() >= 0.5) {
                let good = (d > 0.0) == up_is_good;
                let txt = format!("{}{:.0}", if d > 0.0 { "+" } else { "-" }, d.abs());
                ui.label(RichText::new(txt).strong().color(if good { ui::GOOD } else { ui::BAD }));
            }
            ui.label(RichText::new(format!("{value:.0}")).strong());
        });
    });
    let (rect, _) = ui.allocate_exact_size(Vec2::new(ui.available_width(), bar_h), Sense::hover());
    let p = ui.painter();
    p.rect_filled(rect, bar_h / 2.0, Color32::from_rgb(232, 224, 214));
    let mut f = rect;
    f.set_width(rect.width() * (value / 100.0).clamp(0.0, 1.0));
    p.rect_filled(f, bar_h / 2.0, fill);
    ui.add_space(2.0);
}

/// A round badge with a tick or a cross, drawn (no font has both at the same weight).
fn verdict_icon(ui: &mut egui::Ui, good: bool, size: f32) {
    let (r, _) = ui.allocate_exact_size(Vec2::splat(size), Sense::hover());
    let p = ui.painter();
    let col = if good { ui::GOOD } else { ui::BAD };
    p.circle_filled(r.center(), size / 2.0, col);
    let s = Stroke::new((size * 0.12).max(2.0), Color32::WHITE);
    let c = r.center();
    let k = size * 0.22;
    if good {
        p.line_segment([c + Vec2::new(-k, 0.0), c + Vec2::new(-k * 0.25, k * 0.8)], s);
        p.line_segment([c + Vec2::new(-k * 0.25, k * 0.8), c + Vec2::new(k * 1.1, -k * 0.8)], s);
    } else {
        p.line_segment([c + Vec2::splat(-k), c + Vec2::splat(k)], s);
        p.line_segment([c + Vec2::new(-k, k), c + Vec2::new(k, -k)], s);
    }
}

/// The coach's banner on the last answer: its laid-out reason and the banner's height.
struct Banner {
    good: bool,
    title: &'static str,
    why: Arc<Galley>,
    height: f32,
}

const BANNER_MARGIN: f32 = 10.0;

fn banner(ctx: &egui::Context, v: &View, width: f32) -> Option<Banner> {
    let a = v.session.advice.last()?.as_ref()?;
    let lang = v.lang;
    let body = body_font(ctx);
    let good = a.verdict == Verdict::Good;
    let title = if good {
        tr(lang, "教练：这一步走得好", "Coach: a good answer")
    } else {
        tr(lang, "教练：这一步有风险", "Coach: a risky answer")
    };
    let icon = row_height(ctx, &body) * 1.3;
    let inner = width - 2.0 * BANNER_MARGIN - 2.0;
    let why = galley(ctx, a.reason.get(lang), &body, ui::INK, inner - icon - 10.0);
    let height = 2.0 * BANNER_MARGIN + 2.0 + row_height(ctx, &body) + 4.0 + why.size().y;
    Some(Banner {
        good,
        title,
        why,
        height: height.max(icon + 2.0 * BANNER_MARGIN),
    })
}

fn show_banner(ui: &mut egui::Ui, b: &Banner, out: &mut Actions) {
    let (fill, stroke) = if b.good {
        (Color32::from_rgb(222, 242, 228), ui::GOOD)
    } else {
        (Color32::from_rgb(252, 226, 222), ui::BAD)
    };
    let body = body_font(ui.ctx());
    let icon = row_height(ui.ctx(), &body) * 1.3;
    let r = egui::Frame::new()
        .fill(fill)
        .stroke(Stroke::new(1.0, stroke))
        .corner_radius(10)
        .inner_margin(BANNER_MARGIN)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_top(|ui| {
                verdict_icon(ui, b.good, icon);
                ui.vertical(|ui| {
                    ui.spacing_mut().item_spacing.y = 4.0;
                    ui.label(RichText::new(b.title).strong().color(stroke));
                    ui.add(egui::Label::new(b.why.clone()).selectable(false));
                });
            });
        });
    out.measured.banner = Some(r.response.rect);
}

/// An option button: a key badge and the laid-out text, `size` big.
fn option_button(ui: &mut egui::Ui, key: &str, text: &Arc<Galley>, size: Vec2, key_w: f32) -> egui::Response {
    let (rect, resp) = ui.allocate_exact_size(size, Sense::click());
    if ui.is_rect_visible(rect) {
        let pad = ui.spacing().button_padding;
        let vis = ui.style().interact(&resp);
        let p = ui.painter();
        // Outlined, filled only under the pointer: under a software renderer every filled pixel
        // costs, and four full-width fills were a large part of the screen.
        let hot = resp.hovered() || resp.has_focus();
        let fill = if hot { vis.weak_bg_fill } else { Color32::TRANSPARENT };
        let stroke = Stroke::new(1.0, Color32::from_rgb(222, 210, 198));
        p.rect(rect, vis.corner_radius, fill, stroke, egui::StrokeKind::Inside);
        if resp.has_focus() {
            p.rect_stroke(
                rect,
                vis.corner_radius,
                Stroke::new(2.0, ui::ACCENT),
                egui::StrokeKind::Inside,
            );
        }
        let font = ui.style().text_styles[&TextStyle::Button].clone();
        let badge = Rect::from_min_size(
            Pos2::new(rect.left() + pad.x, rect.top() + pad.y),
            Vec2::new(key_w - 10.0, row_height(ui.ctx(), &font)),
        );
        p.rect_filled(badge, ui::BUTTON_CORNER, Color32::from_rgb(246, 212, 200));
        p.text(badge.center(), egui::Align2::CENTER_CENTER, key, font, ui::ACCENT);
        p.galley(
            Pos2::new(rect.left() + pad.x + key_w, rect.top() + pad.y),
            text.clone(),
            ui::INK,
        );
    }
    resp
}

fn turn(ui: &mut egui::Ui, v: &View, sim: &Sim, out: &mut Actions) {
    let lang = v.lang;
    let ctx = ui.ctx().clone();
    let body = body_font(&ctx);
    let scale = body.size / 18.0;
    let sp = ui.spacing().item_spacing.y;
    let pad = ui.spacing().button_padding;
    let width = ui.available_width() - GUTTER;
    let height = ui.available_height();

    // The current turn, laid out before anything is drawn so its height is known.
    let banner = banner(&ctx, v, width);
    let line_font = FontId::proportional(body.size * 1.2);
    out.measured.line_font = line_font.size;
    let name_font = FontId::proportional(body.size * 1.05);
    let line = match &v.sc.nodes[sim.node()] {
        CNode::Turn { customer, .. } => customer.get(lang),
        _ => "",
    };
    let line_g = galley(&ctx, line, &line_font, ui::INK, width);
    let button_font = ui.style().text_styles[&TextStyle::Button].clone();
    let key_w = row_height(&ctx, &button_font) * 1.3 + 10.0;
    let text_w = width - 2.0 * pad.x - key_w;
    let options: Vec<Arc<Galley>> = sim
        .options()
        .iter()
        .map(|o| galley(&ctx, o.text.get(lang), &button_font, ui::INK, text_w))
        .collect();
    let min_h = (44.0 * scale).min(row_height(&ctx, &button_font) + 2.0 * pad.y + 18.0);
    let heights: Vec<f32> = options.iter().map(|g| (g.size().y + 2.0 * pad.y).max(min_h)).collect();
    out.measured.option_overflow = options
        .iter()
        .map(|g| g.size().x - text_w)
        .fold(f32::NEG_INFINITY, f32::max);
    let estimate = banner.as_ref().map_or(0.0, |b| b.height + sp)
        + row_height(&ctx, &name_font)
        + sp
        + line_g.size().y
        + sp
        + 6.0
        + heights.iter().sum::<f32>()
        + sp * heights.len().saturating_sub(1) as f32
        + 12.0;
    let turn_id = egui::Id::new((
        "play_turn_h",
        sim.turn(),
        lang,
        (scale * 100.0) as u32,
        v.session.advice.len(),
    ));
    let turn_h = remembered(&ctx, turn_id, estimate);
    // The conversation gets what the turn leaves, but never less than about two lines.
    let sep = sp * 2.0 + 1.0;
    let tallest = heights.iter().copied().fold(0.0, f32::max);
    let min_conv = (2.2 * row_height(&ctx, &body) + sp)
        .min(height * 0.25)
        .min((height - sep - tallest - 4.0 * sp).max(0.0));
    let mut conv_h = (height - turn_h - sep).max(min_conv);
    // An option taller than the room under the conversation: the conversation steps aside.
    if tallest + 6.0 * sp + sep + conv_h > height {
        conv_h = 0.0;
    }
    if conv_h > 0.0 {
        egui::ScrollArea::vertical()
            .id_salt("conversation")
            .max_height(conv_h)
            .auto_shrink([false, true])
            .stick_to_bottom(true)
            .show(ui, |ui| conversation(ui, v, sim));
        ui.separator();
    }

    let digit = ui::digit_pressed(ui).filter(|d| *d < options.len());
    // When the turn is taller than its room, a line under it says how to reach the rest.
    let small = ui.style().text_styles[&TextStyle::Small].clone();
    let room = ui.available_height();
    let overflowing = turn_h > room + 1.0;
    // (Left out when even that line would leave an option no room to be shown whole.)
    let hint_h = 2.0 * row_height(&ctx, &small) + sp;
    let hinted = overflowing && room - hint_h >= tallest + 2.0 * sp;
    let hint_h = if hinted { hint_h } else { 0.0 };
    let area = egui::ScrollArea::vertical()
        // A new turn starts scrolled to its top.
        .id_salt(("turn", sim.turn()))
        .max_height(room - hint_h)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            let clip = ui.clip_rect().intersect(out.measured.screen);
            out.measured.options_view = clip;
            if let Some(b) = &banner {
                ui.allocate_ui(Vec2::new(width, b.height), |ui| show_banner(ui, b, out));
            }
            ui.label(
                RichText::new(v.sc.customer.name.get(lang))
                    .font(name_font.clone())
                    .color(ui::ACCENT)
                    .strong(),
            );
            ui.add(egui::Label::new(line_g.clone()).selectable(false));
            ui.add_space(6.0);
            for (i, g) in options.iter().enumerate() {
                let resp = option_button(ui, &(i + 1).to_string(), g, Vec2::new(width, heights[i]), key_w);
                let r = resp.rect;
                out.measured.options.push(r);
                // Half a pixel of rounding at the scroll's end still counts as fully shown.
                let visible = clip.expand(0.5).contains_rect(r);
                if resp.clicked() || digit == Some(i) {
                    if visible {
                        out.chosen = Some(i);
                    } else {
                        // Centred, with a margin when there is room for one.
                        let target = if r.height() + 2.0 * sp <= clip.height() {
                            r.expand(sp)
                        } else {
                            r
                        };
                        ui.scroll_to_rect(target, Some(egui::Align::Center));
                        out.measured.revealing = Some(i);
                    }
                }
            }
        });
    remember(&ctx, turn_id, turn_h, area.content_size.y + 12.0);
    if hinted {
        let hint = tr(
            lang,
            "下方还有：可滚动；数字键先把选项完整显示，再按一次选定。",
            "More below: scroll, or press a digit to show that option in full, then again to choose.",
        );
        text::label(ui, hint, small, ui::MUTED);
    }
}

/// The conversation so far: each customer line, the trainee's answer under it (indented, left
/// aligned) and the coach's verdict on it.
fn conversation(ui: &mut egui::Ui, v: &View, sim: &Sim) {
    let lang = v.lang;
    let ctx = ui.ctx().clone();
    let body = body_font(&ctx);
    let small = ui.style().text_styles[&TextStyle::Small].clone();
    let w = ui.available_width() - GUTTER;
    let g = galley(&ctx, v.sc.briefing.get(lang), &body, ui::MUTED, w);
    ui.add(egui::Label::new(g).selectable(false));
    ui.add_space(6.0);
    let name = v.sc.customer.name.get(lang);
    let me = Color32::from_rgb(40, 80, 140);
    for (k, t) in sim.run().turns.iter().enumerate() {
        let CNode::Turn { customer, options } = &v.sc.nodes[t.node] else {
            continue;
        };
        let line = format!("{name}{}{}", tr(lang, "：", ": "), customer.get(lang));
        ui.add(egui::Label::new(galley(&ctx, &line, &body, ui::INK, w)).selectable(false));
        let indent = 28.0;
        ui.horizontal_top(|ui| {
            ui.add_space(indent - ui.spacing().item_spacing.x);
            ui.vertical(|ui| {
                let answer = format!("{}{}", tr(lang, "我：", "Me: "), options[t.option].text.get(lang));
                ui.add(egui::Label::new(galley(&ctx, &answer, &body, me, w - indent)).selectable(false));
                if let Some(Some(a)) = v.session.advice.get(k) {
                    let (mark, col) = match a.verdict {
                        Verdict::Good => (tr(lang, "✓ 好", "✓ Good"), ui::GOOD),
                        Verdict::Risky => (tr(lang, "× 有风险", "× Risky"), ui::BAD),
                    };
                    let txt = format!(
                        "{} {mark}{}{}",
                        tr(lang, "教练", "Coach"),
                        tr(lang, "：", ": "),
                        a.reason.get(lang)
                    );
                    ui.add(egui::Label::new(galley(&ctx, &txt, &small, col, w - indent)).selectable(false));
                }
                if v.session.late.contains(&(k + 1)) {
                    let txt = tr(lang, "（超时后才决定）", "(decided after the timer ran out)");
                    ui.label(RichText::new(txt).font(small.clone()).color(ui::WARN));
                }
            });
        });
        ui.add_space(4.0);
    }
}

/// The end of a workshop team's call (hot-seat): it says the call is recorded and nothing about
/// how it went — no outcome, no total, no debrief — since the teams still to play are watching;
/// the results come on the workshop screen once the round is complete.
fn team_end_card(ui: &mut egui::Ui, v: &View, sim: &Sim, out: &mut Actions) {
    let lang = v.lang;
    let body = body_font(ui.ctx());
    let conv_h = (ui.available_height() * 0.55).max(0.0);
    egui::ScrollArea::vertical()
        .id_salt("conversation")
        .max_height(conv_h)
        .auto_shrink([false, true])
        .stick_to_bottom(true)
        .show(ui, |ui| conversation(ui, v, sim));
    ui.separator();
    let r = egui::ScrollArea::vertical()
        .id_salt("end_card")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            ui::card()
                .inner_margin(16)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width() - GUTTER);
                    let team = v.session.team.as_ref().map_or("", |t| t.name.as_str());
                    let saved = v.session.result.as_ref().map(|f| &f.saved);
                    let (line, col) = match saved {
                        Some(Ok(_)) => (
                            match lang {
                                Lang::Zh => format!("{team}的通话已记录。"),
                                Lang::En => format!("{team}'s call is recorded."),
                            },
                            ui::GOOD,
                        ),
                        Some(Err(e)) => (
                            match lang {
                                Lang::Zh => format!("{team}的通话没有记录：{e}"),
                                Lang::En => format!("{team}'s call was not recorded: {e}"),
                            },
                            ui::BAD,
                        ),
                        None => ("…".to_string(), ui::MUTED),
                    };
                    ui.add(
                        egui::Label::new(
                            RichText::new(line)
                                .font(FontId::proportional(body.size * 1.4))
                                .color(col)
                                .strong(),
                        )
                        .wrap(),
                    );
                    ui.add(
                        egui::Label::new(
                            RichText::new(tr(
                                lang,
                                "得分和复盘在本轮所有队伍上场之后一起公布。",
                                "Scores and the debrief are shown when every team has played this round.",
                            ))
                            .color(ui::MUTED),
                        )
                        .wrap(),
                    );
                    ui.add_space(4.0);
                    if ui::big_button(ui, "Enter", tr(lang, "回到工作坊", "Back to the workshop"), true).clicked()
                        || ui::pressed(ui, Key::Enter)
                    {
                        out.quit = true;
                    }
                })
                .response
                .rect
        });
    out.measured.end_card = Some(r.inner);
}

/// The end of the call: the outcome, the last line, the total counting up, the previous best.
fn end_card(ui: &mut egui::Ui, v: &View, sim: &Sim, out: &mut Actions) {
    let lang = v.lang;
    let ctx = ui.ctx().clone();
    let body = body_font(&ctx);
    let sp = ui.spacing().item_spacing.y;
    let width = ui.available_width() - GUTTER;
    let (text, outcome) = match sim.run().ending.map(|e| &v.sc.nodes[e]) {
        Some(CNode::End { text, outcome, .. }) => (text.get(lang), Some(*outcome)),
        _ => ("", None),
    };
    use crate::engine::Outcome;
    let (col, good) = match outcome {
        Some(Outcome::WonOver) => (ui::GOOD, true),
        Some(Outcome::Neutral) => (ui::WARN, true),
        _ => (ui::BAD, false),
    };
    let title_font = FontId::proportional(body.size * 1.4);
    let total_font = FontId::proportional((body.size * 2.4).min(64.0));
    let inner = width - 36.0;
    let text_g = galley(&ctx, text, &FontId::proportional(body.size * 1.1), ui::INK, inner);
    let card_id = egui::Id::new(("play_end_card_h", lang, (body.size * 10.0) as u32));
    let estimate = 36.0
        + row_height(&ctx, &title_font)
        + text_g.size().y
        + row_height(&ctx, &total_font)
        + 2.0 * row_height(&ctx, &body)
        + row_height(&ctx, &ui.style().text_styles[&TextStyle::Button])
        + 16.0
        + 7.0 * sp
        + 20.0;
    let card_h = remembered(&ctx, card_id, estimate);
    let conv_h = (ui.available_height() - card_h - sp * 2.0 - 1.0).max(0.0);
    if conv_h > 0.0 {
        egui::ScrollArea::vertical()
            .id_salt("conversation")
            .max_height(conv_h)
            .auto_shrink([false, true])
            .stick_to_bottom(true)
            .show(ui, |ui| conversation(ui, v, sim));
        ui.separator();
    }
    let now = ctx.input(|i| i.time);
    let fin = v.session.result.as_ref();
    let r = egui::ScrollArea::vertical()
        .id_salt("end_card")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            ui::card()
                .stroke(Stroke::new(2.0, col))
                .inner_margin(16)
                .show(ui, |ui| {
                    ui.set_width(inner);
                    ui.horizontal(|ui| {
                        verdict_icon(ui, good, row_height(&ctx, &title_font));
                        ui.label(
                            RichText::new(ui::outcome_name(lang, outcome))
                                .font(title_font.clone())
                                .color(col)
                                .strong(),
                        );
                    });
                    ui.add(egui::Label::new(text_g.clone()).selectable(false));
                    ui.add_space(4.0);
                    ui.label(RichText::new(tr(lang, "本次得分", "Your score")).color(ui::MUTED));
                    ui.horizontal(|ui| {
                        match fin {
                            Some(f) => {
                                let total = f.debrief.total;
                                // The total counts up over a second, once per finished call.
                                let id = egui::Id::new(("reveal", &v.sc.id, v.session.seed, v.session.choices.len()));
                                let t0 = ctx.data_mut(|d| *d.get_temp_mut_or_insert_with(id, || now));
                                let p = ((now - t0) / 1.0).clamp(0.0, 1.0) as f32;
                                if p < 1.0 {
                                    ctx.request_repaint();
                                }
                                let shown = total * (1.0 - (1.0 - p).powi(3));
                                ui.label(
                                    RichText::new(format!("{shown:.0}"))
                                        .font(total_font.clone())
                                        .color(ui::score_colour(shown))
                                        .strong(),
                                );
                                ui.label(RichText::new("/ 100").color(ui::MUTED));
                            }
                            None => {
                                ui.label(RichText::new("…").font(total_font.clone()));
                            }
                        }
                    });
                    if let Some(f) = fin {
                        let total = (f.debrief.total * 10.0).round() / 10.0;
                        let best = match f.previous_best {
                            None => tr(lang, "第一次完成这个场景。", "Your first time through this call.").to_string(),
                            Some(b) if total > b => match lang {
                                Lang::Zh => format!("新的个人最佳！之前最好 {b:.0} 分。"),
                                Lang::En => format!("A new personal best! Your best before was {b:.0}."),
                            },
                            Some(b) => match lang {
                                Lang::Zh => format!("你的最好成绩：{b:.0} 分。"),
                                Lang::En => format!("Your best so far: {b:.0}."),
                            },
                        };
                        ui.label(RichText::new(best).color(ui::MUTED));
                        if let Err(e) = &f.saved {
                            let msg = match lang {
                                Lang::Zh => format!("这次练习没有保存：{e}"),
                                Lang::En => format!("This run was not saved: {e}"),
                            };
                            ui.label(RichText::new(msg).color(ui::BAD));
                        }
                    }
                    ui.add_space(4.0);
                    if ui::big_button(ui, "Enter", tr(lang, "查看复盘", "See the debrief"), true).clicked()
                        || ui::pressed(ui, Key::Enter)
                    {
                        out.debrief = true;
                    }
                })
                .response
                .rect
        });
    remember(&ctx, card_id, card_h, r.content_size.y);
    out.measured.end_card = Some(r.inner);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::sim::Sim;
    use crate::engine::{Compiled, Lang, ScoringConfig};
    use crate::game::data::Catalog;
    use crate::game::text::tests::{context, shipped};

    fn catalog() -> Catalog {
        Catalog {
            scenarios: Vec::new(),
            problems: Vec::new(),
            cfg: ScoringConfig::default(),
            trains: Default::default(),
        }
    }

    fn chars(s: &str) -> usize {
        s.chars().count()
    }

    /// The turn with the most text in `lang`.
    fn longest_turn(sc: &Compiled, lang: Lang) -> usize {
        (0..sc.nodes.len())
            .filter_map(|i| match &sc.nodes[i] {
                CNode::Turn { customer, options } => Some((
                    chars(customer.get(lang)) + options.iter().map(|o| chars(o.text.get(lang))).sum::<usize>(),
                    i,
                )),
                _ => None,
            })
            .max()
            .unwrap()
            .1
    }

    /// Choices (and a seed) that bring the call to node `target`: breadth first.
    fn path_to(sc: &Compiled, target: usize) -> (u64, Vec<usize>) {
        for seed in 1..40 {
            let mut queue = std::collections::VecDeque::from([Vec::<usize>::new()]);
            while let Some(path) = queue.pop_front() {
                let mut sim = Sim::new(sc, seed);
                for &c in &path {
                    sim.choose(c).unwrap();
                }
                if sim.node() == target && !sim.finished() {
                    return (seed, path);
                }
                if sim.finished() || path.len() > 14 {
                    continue;
                }
                for c in 0..sim.options().len() {
                    let mut p = path.clone();
                    p.push(c);
                    queue.push_back(p);
                }
                if queue.len() > 50_000 {
                    break;
                }
            }
        }
        panic!("{}: node {target} unreachable", sc.id);
    }

    struct Harness {
        ctx: egui::Context,
        size: Vec2,
        time: f64,
    }

    impl Harness {
        fn new(scale: f32, size: Vec2) -> Harness {
            let ctx = context();
            ui::apply_style(&ctx, scale);
            Harness { ctx, size, time: 0.0 }
        }

        fn frame(&mut self, v: &View, keys: &[Key]) -> Actions {
            self.time += 0.1;
            let events = keys
                .iter()
                .map(|&key| egui::Event::Key {
                    key,
                    physical_key: None,
                    pressed: true,
                    repeat: false,
                    modifiers: Default::default(),
                })
                .collect();
            let input = egui::RawInput {
                screen_rect: Some(Rect::from_min_size(Pos2::ZERO, self.size)),
                time: Some(self.time),
                predicted_dt: 0.1,
                events,
                ..Default::default()
            };
            // A pass egui discards (a height changed) still acted on the input: keep what the
            // first pass did, and where the last one drew.
            let mut acts: Option<Actions> = None;
            let mut full = self.ctx.run_ui(input, |ui| {
                let a = show(ui.ctx(), v);
                acts = Some(match acts.take() {
                    None => a,
                    Some(first) => Actions {
                        chosen: first.chosen.or(a.chosen),
                        debrief: first.debrief || a.debrief,
                        quit: first.quit || a.quit,
                        measured: Measured {
                            revealing: first.measured.revealing.or(a.measured.revealing),
                            ..a.measured
                        },
                    },
                });
            });
            full.textures_delta.clear();
            if std::env::var_os("PLAY_DEBUG").is_some() {
                let m = &acts.as_ref().unwrap().measured;
                eprintln!(
                    "passes {} {:?} view {:?} left_bottom {}",
                    full.platform_output.num_completed_passes,
                    full.platform_output.request_discard_reasons,
                    m.options_view,
                    m.left_bottom
                );
            }
            acts.unwrap()
        }

        /// `n` frames with no input; the last one's actions.
        fn frames(&mut self, v: &View, n: usize) -> Actions {
            for _ in 1..n {
                self.frame(v, &[]);
            }
            self.frame(v, &[])
        }

        /// Frames with no input until the layout settles (animations, scrolling).
        fn settle(&mut self, v: &View) -> Actions {
            self.frames(v, 5)
        }
    }

    const DIGITS: [Key; 9] = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];

    /// Every shipped scenario's longest turn in `lang`, at 100 % and 200 % text in a 1280×720
    /// window, at 200 % full screen (1920×1080) and at 80 %, with the coach's banner on the
    /// previous answer: the layout is measured, and every option must be reachable and only taken
    /// when fully on screen.
    fn longest_turns_fit(lang: Lang) {
        let catalog = catalog();
        let mut problems = Vec::new();
        let (mut cases, mut scrolled) = (0, 0);
        for sc in &shipped() {
            let target = longest_turn(sc, lang);
            let (seed, path) = path_to(sc, target);
            let mut session = Session::default();
            session.start(sc, Some(seed));
            for &c in &path {
                session.choose(c, true, false, &catalog);
            }
            for (scale, size) in [
                (1.0, Vec2::new(1280.0, 720.0)),
                (2.0, Vec2::new(1280.0, 720.0)),
                (2.0, Vec2::new(1920.0, 1080.0)),
                (0.8, Vec2::new(1280.0, 720.0)),
            ] {
                cases += 1;
                let what = format!("{} {lang:?} {:.0}% {}x{}", sc.id, scale * 100.0, size.x, size.y);
                let mut h = Harness::new(scale, size);
                let v = View {
                    sc,
                    session: &session,
                    lang,
                    remaining: Some(42.0),
                    mood: None,
                };
                let mut m = h.frames(&v, 3).measured;
                let n = session.sim().unwrap().options().len();
                let body = 18.0 * scale;
                if m.options.len() != n {
                    problems.push(format!("{what}: {} of {n} options drawn", m.options.len()));
                    continue;
                }
                if m.option_overflow > 0.5 {
                    problems.push(format!("{what}: option text overflows by {}", m.option_overflow));
                }
                if m.line_font < body * 1.15 || m.name_font < body * 1.15 {
                    problems.push(format!(
                        "{what}: line {} / name {} px do not scale",
                        m.line_font, m.name_font
                    ));
                }
                if m.left_bottom > m.screen.bottom() + 0.5 {
                    problems.push(format!(
                        "{what}: left panel runs to {} of {}",
                        m.left_bottom,
                        m.screen.bottom()
                    ));
                }
                if m.title_right > m.controls_left + 0.5 {
                    problems.push(format!("{what}: the title runs under the top bar's controls"));
                }
                if !path.is_empty() && m.banner.is_none() {
                    problems.push(format!("{what}: no coach banner"));
                }
                if m.options_view.bottom() > m.screen.bottom() + 0.5 {
                    problems.push(format!("{what}: the turn area runs off the screen"));
                }
                let mut any_hidden = false;
                for i in 0..n {
                    let (r, view) = (m.options[i], m.options_view);
                    if r.height() > view.height() {
                        problems.push(format!(
                            "{what}: option {} ({} px) is taller than its view {view:?}",
                            i + 1,
                            r.height()
                        ));
                        continue;
                    }
                    let a = h.frame(&v, &[DIGITS[i]]);
                    if view.expand(0.5).contains_rect(r) {
                        if a.chosen != Some(i) {
                            problems.push(format!("{what}: key {} did not take a visible option", i + 1));
                        }
                        m = a.measured;
                        continue;
                    }
                    any_hidden = true;
                    if a.chosen.is_some() || a.measured.revealing != Some(i) {
                        problems.push(format!("{what}: key {} on a hidden option: {:?}", i + 1, a.chosen));
                        continue;
                    }
                    m = h.settle(&v).measured;
                    if !m.options_view.expand(0.5).contains_rect(m.options[i]) {
                        problems.push(format!(
                            "{what}: option {} {:?} not scrolled fully into view {:?}",
                            i + 1,
                            m.options[i],
                            m.options_view
                        ));
                    }
                    let a = h.frame(&v, &[DIGITS[i]]);
                    if a.chosen != Some(i) {
                        problems.push(format!("{what}: key {} after revealing did not take it", i + 1));
                    }
                    m = a.measured;
                }
                scrolled += any_hidden as usize;
            }
        }
        assert!(
            problems.is_empty(),
            "{} problems in {cases} cases:\n{}",
            problems.len(),
            problems.join("\n")
        );
        eprintln!("{lang:?}: {cases} cases measured; {scrolled} needed an option scrolled into view");
        assert!(cases >= 18 * 4);
    }

    /// ka_stockout started with seed 1, on its first turn.
    fn ka_stockout() -> (std::sync::Arc<Compiled>, Session) {
        let sc = shipped().into_iter().find(|s| s.id == "ka_stockout").unwrap();
        let mut session = Session::default();
        session.start(&sc, Some(1));
        (sc, session)
    }

    /// The call in Chinese, without a timer.
    fn zh_view<'a>(sc: &'a Compiled, session: &'a Session) -> View<'a> {
        View {
            sc,
            session,
            lang: Lang::Zh,
            remaining: None,
            mood: None,
        }
    }

    /// The play screen redraws every frame while the portrait moves, and under a software renderer
    /// each triangle costs (docs/performance.md): ka_stockout's first turn in Chinese at 100 %
    /// tessellates to fewer than 3,400 triangles. It was 4,223 with egui's 8 px button corners and
    /// its 32-cornered small circles and ellipses (eyes, ears) in the portrait.
    #[test]
    fn the_play_screen_stays_within_its_triangle_budget() {
        let (sc, session) = ka_stockout();
        let mut h = Harness::new(1.0, Vec2::new(1280.0, 720.0));
        let v = zh_view(&sc, &session);
        h.frames(&v, 3);
        let input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, h.size)),
            time: Some(h.time + 0.1),
            ..Default::default()
        };
        let out = h.ctx.run_ui(input, |ui| {
            show(ui.ctx(), &v);
        });
        let (triangles, _) = ui::drawing_cost(&h.ctx, out);
        assert!(triangles > 1_500, "the screen drew its turn: {triangles} triangles");
        assert!(triangles < 3_400, "{triangles} triangles");
    }

    #[test]
    fn every_longest_chinese_turn_fits_and_no_option_is_taken_unseen() {
        longest_turns_fit(Lang::Zh);
    }

    #[test]
    fn every_longest_english_turn_fits_and_no_option_is_taken_unseen() {
        longest_turns_fit(Lang::En);
    }

    #[test]
    fn digits_still_choose_after_tab_moved_the_focus_and_esc_quits() {
        let catalog = catalog();
        let (sc, mut session) = ka_stockout();
        session.choose(0, true, false, &catalog);
        let v = zh_view(&sc, &session);
        let mut h = Harness::new(1.0, Vec2::new(1280.0, 720.0));
        h.settle(&v);
        h.frame(&v, &[Key::Tab]);
        h.frame(&v, &[Key::Tab]);
        assert!(h.ctx.memory(|m| m.focused()).is_some(), "Tab focused a widget");
        assert_eq!(h.frame(&v, &[Key::Num2]).chosen, Some(1));
        assert!(h.frame(&v, &[Key::Escape]).quit);
    }

    #[test]
    fn the_end_card_shows_the_outcome_and_total_on_screen_and_enter_opens_the_debrief() {
        let catalog = catalog();
        let sc = shipped().into_iter().find(|s| s.id == "tv_dropped").unwrap();
        let session = played_out(&catalog, &sc, None);
        for (lang, scale) in [(Lang::Zh, 1.0), (Lang::En, 2.0)] {
            let v = View {
                sc: &sc,
                session: &session,
                lang,
                remaining: None,
                mood: None,
            };
            let mut h = Harness::new(scale, Vec2::new(1280.0, 720.0));
            let m = h.settle(&v).measured;
            let card = m.end_card.expect("an end card");
            assert!(
                m.screen.contains_rect(card),
                "{lang:?} {scale}: {card:?} off {:?}",
                m.screen
            );
            assert!(m.options.is_empty());
            assert!(h.frame(&v, &[Key::Enter]).debrief);
        }
    }

    /// A call of `sc` (seed 1) played to its end with the first option each time (the coach asked),
    /// scored and "saved" (previous best 50), for `team` or as practice.
    fn played_out(catalog: &Catalog, sc: &Arc<Compiled>, team: Option<crate::game::session::TeamTurn>) -> Session {
        let mut session = Session::default();
        session.start(sc, Some(1));
        session.team = team;
        while !session.sim().unwrap().finished() {
            session.choose(0, true, false, catalog);
        }
        let run = session.sim().unwrap().into_run();
        let score = crate::engine::Scorer::new(sc, &catalog.cfg).score(&run);
        session.result = Some(crate::game::session::Finished {
            debrief: crate::engine::report::debrief(sc, &catalog.cfg, &run, &score),
            previous_best: Some(50.0),
            saved: Ok(1),
        });
        session
    }

    /// Every text drawn in one frame of `v`.
    fn texts(h: &mut Harness, v: &View) -> Vec<String> {
        fn walk(shape: &egui::Shape, out: &mut Vec<String>) {
            match shape {
                egui::Shape::Text(t) => out.push(t.galley.text().to_string()),
                egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, out)),
                _ => {}
            }
        }
        h.time += 0.1;
        let input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, h.size)),
            time: Some(h.time),
            ..Default::default()
        };
        let mut full = h.ctx.run_ui(input, |ui| {
            show(ui.ctx(), v);
        });
        full.textures_delta.clear();
        let mut out = Vec::new();
        full.shapes.iter().for_each(|c| walk(&c.shape, &mut out));
        out
    }

    /// After a workshop team's call (hot-seat) the room sees that it is recorded, and neither the
    /// total, nor the outcome, nor a way to the debrief; Enter leads back to the workshop.
    #[test]
    fn a_team_call_ends_on_a_card_that_says_recorded_without_the_score_or_the_debrief() {
        let catalog = catalog();
        let sc = shipped().into_iter().find(|s| s.id == "tv_dropped").unwrap();
        let team = crate::game::session::TeamTurn {
            workshop: 1,
            round: 1,
            team: 0,
            name: "飞虎队".into(),
            discussion_secs: 60,
        };
        let session = played_out(&catalog, &sc, Some(team));
        let run = session.sim().unwrap().into_run();
        let outcome = ui::outcome_name(Lang::En, run.outcome(&sc));
        let total = format!("{:.0}", session.result.as_ref().unwrap().debrief.total);
        for (lang, scale) in [(Lang::Zh, 1.0), (Lang::En, 1.0), (Lang::En, 2.0)] {
            let v = View {
                sc: &sc,
                session: &session,
                lang,
                remaining: None,
                mood: None,
            };
            let mut h = Harness::new(scale, Vec2::new(1280.0, 720.0));
            let m = h.settle(&v).measured;
            let card = m.end_card.expect("an end card");
            assert!(m.screen.contains_rect(card), "{lang:?} {scale}: {card:?}");
            let shown = texts(&mut h, &v);
            let all = shown.join("\n");
            assert!(all.contains(tr(lang, "的通话已记录", "'s call is recorded")), "{all}");
            // The end card draws the total as a label of its own (a meter's "-29" is not it).
            assert!(
                !shown.iter().any(|t| t.trim() == total),
                "{lang:?}: the total {total} is shown: {all}"
            );
            for hidden in ["/ 100", outcome, ui::outcome_name(Lang::Zh, run.outcome(&sc))] {
                assert!(
                    !shown.iter().any(|t| t.contains(hidden)),
                    "{lang:?}: {hidden:?} is shown: {all}"
                );
            }
            assert!(!all.contains(tr(lang, "查看复盘", "See the debrief")), "{all}");
            let a = h.frame(&v, &[Key::Enter]);
            assert!(a.quit && !a.debrief);
        }
    }
}
