//! Shared look and widgets: the theme (applied when the settings change), bilingual strings, the
//! root `Ui` every screen draws into, large option buttons, meters and the header bar.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{Color32, CornerRadius, FontId, RichText, Stroke, TextStyle, Vec2};

use crate::engine::{Colour, Lang};

use super::data::Settings;

pub fn plugin(app: &mut App) {
    let window_pass = app.is_plugin_added::<super::glue::window_pass::WindowPassPlugin>();
    app.insert_resource(ClearColor(Color::srgb_u8(PAPER.r(), PAPER.g(), PAPER.b())))
        .add_systems(Startup, spawn_camera(window_pass))
        .add_systems(EguiPrimaryContextPass, apply_theme);
}

/// egui draws through the first camera: one 2D camera, nothing else in the scene. No MSAA: egui
/// anti-aliases its own shapes, and 4× multisampling doubled the frame time under a software
/// renderer (docs/performance.md).
///
/// egui is drawn straight into the window (`glue::window_pass`), which that pass clears to the
/// `ClearColor`; nothing draws into the camera's own texture, so it is not cleared.
fn spawn_camera(window_pass: bool) -> impl FnMut(Commands) {
    move |mut commands: Commands| {
        commands.spawn((
            Camera2d,
            Camera {
                // Without the window pass (the performance script's stock yardstick,
                // `SERVICE_ARENA_PERF=empty-stock`) Bevy copies the camera's texture to the window,
                // so the camera clears it.
                clear_color: if window_pass {
                    ClearColorConfig::None
                } else {
                    ClearColorConfig::Default
                },
                ..default()
            },
            bevy::render::view::Msaa::Off,
        ));
    }
}

/// Buttons' corner radius (see `apply_style`).
pub const BUTTON_CORNER: u8 = 4;

pub const ACCENT: Color32 = Color32::from_rgb(196, 64, 44);
pub const INK: Color32 = Color32::from_rgb(40, 36, 34);
pub const MUTED: Color32 = Color32::from_rgb(110, 102, 96);
pub const PAPER: Color32 = Color32::from_rgb(250, 246, 240);
pub const CARD: Color32 = Color32::from_rgb(255, 253, 250);
pub const GOOD: Color32 = Color32::from_rgb(46, 140, 87);
pub const WARN: Color32 = Color32::from_rgb(214, 150, 30);
pub const BAD: Color32 = Color32::from_rgb(200, 56, 48);

/// The string for the current language.
pub fn tr<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

pub fn colour_of(c: Colour) -> Color32 {
    match c {
        Colour::Green => GOOD,
        Colour::Yellow => WARN,
        Colour::Red => BAD,
    }
}

pub fn colour_name(lang: Lang, c: Colour) -> &'static str {
    match c {
        Colour::Green => tr(lang, "绿色 · 平静", "green · calm"),
        Colour::Yellow => tr(lang, "黄色 · 不满", "yellow · uneasy"),
        Colour::Red => tr(lang, "红色 · 愤怒", "red · angry"),
    }
}

/// Score colour: green from 80 (the course's pass mark), amber from 60, else red.
pub fn score_colour(score: f32) -> Color32 {
    if score >= 80.0 {
        GOOD
    } else if score >= 60.0 {
        WARN
    } else {
        BAD
    }
}

/// Applies fonts sizes, colours and the text scale whenever the settings change (and once at
/// start). Setting the style every frame would make egui repaint for nothing.
fn apply_theme(mut contexts: EguiContexts, settings: Res<Settings>, mut done: Local<Option<f32>>) -> Result {
    let scale = settings.prefs.text_scale;
    if *done == Some(scale) {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    apply_style(ctx, scale);
    *done = Some(scale);
    Ok(())
}

/// The game's look at text scale `scale` (1.0 = 100 %).
pub fn apply_style(ctx: &egui::Context, scale: f32) {
    ctx.set_theme(egui::Theme::Light);
    let mut style = (*ctx.global_style()).clone();
    style.text_styles = [
        (TextStyle::Heading, FontId::proportional(30.0 * scale)),
        (TextStyle::Body, FontId::proportional(18.0 * scale)),
        (TextStyle::Button, FontId::proportional(19.0 * scale)),
        (TextStyle::Small, FontId::proportional(14.0 * scale)),
        (TextStyle::Monospace, FontId::monospace(16.0 * scale)),
    ]
    .into();
    let mut v = egui::Visuals::light();
    // The clear colour already paints the paper; a transparent panel saves a blended full-screen
    // quad per panel, which is most of a frame's cost under a software renderer.
    v.panel_fill = Color32::TRANSPARENT;
    v.window_fill = CARD;
    v.extreme_bg_color = Color32::from_rgb(238, 232, 224);
    v.override_text_color = Some(INK);
    v.selection.bg_fill = Color32::from_rgb(246, 212, 200);
    v.selection.stroke = Stroke::new(1.0, ACCENT);
    // Buttons' corners: 4 px. egui draws a corner of up to 5 px (its radius plus 0.4) with 4
    // segments and a larger one with 8, so an outlined 8 px button was 216 triangles and a 4 px one
    // is 120 (under llvmpipe each triangle costs; docs/performance.md).
    v.widgets.inactive.weak_bg_fill = Color32::from_rgb(242, 236, 228);
    v.widgets.inactive.corner_radius = CornerRadius::same(BUTTON_CORNER);
    v.widgets.hovered.weak_bg_fill = Color32::from_rgb(250, 226, 214);
    v.widgets.hovered.corner_radius = CornerRadius::same(BUTTON_CORNER);
    v.widgets.active.corner_radius = CornerRadius::same(BUTTON_CORNER);
    style.visuals = v;
    style.spacing.item_spacing = Vec2::new(10.0, 8.0);
    style.spacing.button_padding = Vec2::new(14.0, 8.0);
    // Checkbox and radio glyphs follow the text: egui's 14 px box suits its 12.5 px text, not 18 px
    // body text at 160 %.
    style.spacing.icon_width = 18.0 * scale;
    style.spacing.icon_width_inner = 10.0 * scale;
    style.spacing.icon_spacing = 6.0 * scale;
    style.spacing.interact_size.y = style.spacing.interact_size.y.max(22.0 * scale);
    ctx.set_global_style(style);
}

/// A context with the game's fonts and style, for layout tests.
#[cfg(test)]
pub fn test_context(scale: f32) -> egui::Context {
    let ctx = egui::Context::default();
    ctx.set_fonts(super::fonts::definitions());
    apply_style(&ctx, scale);
    ctx
}

/// What a frame hands the renderer: the triangles its shapes tessellate to and the area they cover
/// in points² (the drawing-budget tests; under a software renderer both cost).
#[cfg(test)]
pub fn drawing_cost(ctx: &egui::Context, mut out: egui::FullOutput) -> (usize, f32) {
    out.textures_delta.clear();
    let (mut triangles, mut area) = (0, 0.0);
    for prim in ctx.tessellate(out.shapes, out.pixels_per_point) {
        let egui::epaint::Primitive::Mesh(m) = prim.primitive else {
            continue;
        };
        for t in m.indices.chunks(3) {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| m.vertices[i as usize].pos);
            area += ((b - a).x * (c - a).y - (b - a).y * (c - a).x).abs() / 2.0;
            triangles += 1;
        }
    }
    (triangles, area)
}

/// One pass of `draw` in a `size` window with these input events (layout tests; the first pass
/// loads the fonts, and layouts that depend on the previous pass settle in the next).
#[cfg(test)]
pub fn pass(ctx: &egui::Context, size: Vec2, events: Vec<egui::Event>, draw: impl FnOnce(&egui::Context)) {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size)),
        events,
        ..Default::default()
    };
    let mut draw = Some(draw);
    // The font texture has no GPU to go to in a test.
    ctx.run_ui(input, |ui| {
        if let Some(d) = draw.take() {
            d(ui.ctx())
        }
    })
    .textures_delta
    .clear();
}

/// The shipped scenarios, for layout tests.
#[cfg(test)]
pub use super::data::shipped;

/// The window sizes and text scales every layout test covers: 1280×720 at 100 % and 160 %, in both
/// languages.
#[cfg(test)]
pub const LAYOUTS: [(crate::engine::Lang, f32); 4] = [
    (crate::engine::Lang::Zh, 1.0),
    (crate::engine::Lang::En, 1.0),
    (crate::engine::Lang::Zh, 1.6),
    (crate::engine::Lang::En, 1.6),
];

/// The whole window as a `Ui` (bevy_egui 0.42 / egui 0.36 panels are shown inside a `Ui`).
pub fn root(ctx: &egui::Context) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

/// A card frame.
pub fn card() -> egui::Frame {
    egui::Frame::new()
        .fill(CARD)
        .stroke(Stroke::new(1.0, Color32::from_rgb(226, 218, 208)))
        .corner_radius(CornerRadius::same(12))
        .inner_margin(egui::Margin::same(14))
}

/// A wide button with a key hint ("1", "Enter", …) on its left.
pub fn big_button(ui: &mut egui::Ui, key: &str, label: &str, enabled: bool) -> egui::Response {
    let width = ui.available_width();
    let text = RichText::new(format!("{key}   {label}")).size(ui.style().text_styles[&TextStyle::Button].size);
    ui.add_enabled(enabled, egui::Button::new(text).wrap().min_size(Vec2::new(width, 44.0)))
}

/// A labelled 0–100 bar.
pub fn meter(ui: &mut egui::Ui, label: &str, value: f32, fill: Color32) {
    ui.horizontal(|ui| {
        // Labels left-aligned in a column that fits the longest principle name where there is room.
        let label_w = (ui.available_width() * 0.32).clamp(90.0, 170.0);
        ui.allocate_ui_with_layout(
            Vec2::new(label_w, 20.0),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.set_min_width(label_w);
                ui.label(RichText::new(label).color(MUTED));
            },
        );
        let (rect, _) = ui.allocate_exact_size(Vec2::new(ui.available_width() - 44.0, 16.0), egui::Sense::hover());
        let p = ui.painter();
        p.rect_filled(rect, 8.0, Color32::from_rgb(232, 224, 214));
        let mut f = rect;
        f.set_width(rect.width() * (value / 100.0).clamp(0.0, 1.0));
        p.rect_filled(f, 8.0, fill);
        ui.label(RichText::new(format!("{value:.0}")).strong());
    });
}

/// The header: the product's name and the screen's title on the left, the way back on the right.
/// Returns true when the back button was clicked.
fn header(ui: &mut egui::Ui, title: &str, back: &str) -> bool {
    let mut clicked = false;
    ui.horizontal(|ui| {
        ui.label(RichText::new("客服擂台").color(ACCENT).strong().size(22.0));
        ui.label(RichText::new(title).heading());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            clicked = ui.button(format!("Esc  {back}")).clicked();
        });
    });
    ui.separator();
    clicked
}

/// A row of labels and boxes (combo boxes, buttons) centred on one line. `ui.horizontal` centres
/// each widget on the row as tall as the widgets so far, so after a combo box every later item sat
/// lower (the picker's filters stepped down like a staircase); here the row's height is fixed first.
pub fn aligned_row<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let height = ui.text_style_height(&TextStyle::Button) + 2.0 * ui.spacing().button_padding.y;
    let height = height.max(ui.spacing().interact_size.y);
    let width = ui.available_width();
    ui.allocate_ui_with_layout(
        Vec2::new(width, height),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_height(height);
            // A combo box lays itself out in a band `interact_size.y` high and grows downwards
            // from it: as high as the row, it stays centred.
            ui.spacing_mut().interact_size.y = height;
            add(ui)
        },
    )
    .inner
}

/// True if `key` was pressed this frame and no text field has focus.
pub fn pressed(ui: &egui::Ui, key: egui::Key) -> bool {
    // A text field, not any focused widget: after Tab a button has the focus, and digits and Esc
    // must keep working.
    let typing = ui.ctx().text_edit_focused();
    !typing && ui.input(|i| i.key_pressed(key))
}

/// Keys 1–9 → 0–8.
pub fn digit_pressed(ui: &egui::Ui) -> Option<usize> {
    use egui::Key::*;
    [Num1, Num2, Num3, Num4, Num5, Num6, Num7, Num8, Num9]
        .iter()
        .position(|k| pressed(ui, *k))
}

pub fn stars(d: u8) -> String {
    (0..3).map(|i| if i < d { '★' } else { '☆' }).collect()
}

pub fn archetype_name(lang: Lang, a: crate::engine::Archetype) -> &'static str {
    use crate::engine::Archetype::*;
    match a {
        Angry => tr(lang, "愤怒型", "angry"),
        Mild => tr(lang, "温和型", "mild"),
        KeyAccount => tr(lang, "大客户", "key account"),
    }
}

pub fn outcome_name(lang: Lang, o: Option<crate::engine::Outcome>) -> &'static str {
    use crate::engine::Outcome::*;
    match o {
        Some(WonOver) => tr(lang, "赢得客户", "won over"),
        Some(Neutral) => tr(lang, "平淡收场", "neutral"),
        Some(Lost) => tr(lang, "失去客户", "lost"),
        Some(Escalated) => tr(lang, "投诉升级", "escalated"),
        None => tr(lang, "通话中止", "cut off"),
    }
}

pub fn colour_of_patience(p: f32) -> Color32 {
    if p >= 50.0 {
        Color32::from_rgb(90, 150, 120)
    } else if p >= 25.0 {
        WARN
    } else {
        BAD
    }
}

/// A fixed colour per principle, so a principle looks the same in every chart.
pub fn principle_colour(p: crate::engine::Principle) -> Color32 {
    const PALETTE: [Color32; 11] = [
        Color32::from_rgb(196, 64, 44),
        Color32::from_rgb(230, 140, 40),
        Color32::from_rgb(60, 130, 200),
        Color32::from_rgb(130, 90, 190),
        Color32::from_rgb(46, 140, 87),
        Color32::from_rgb(200, 90, 160),
        Color32::from_rgb(150, 120, 40),
        Color32::from_rgb(90, 90, 90),
        Color32::from_rgb(20, 160, 170),
        Color32::from_rgb(120, 170, 60),
        Color32::from_rgb(170, 60, 90),
    ];
    PALETTE[p.index() % PALETTE.len()]
}

/// A fixed (no drag, zoom or scroll) plot of scores on a 0–100 axis against a count (turns, runs,
/// rounds), the kind every chart here is. The x grid is in whole units: egui_plot's base-10 default
/// labelled only 0 on a ten-turn call.
pub fn score_plot(id: &str, height: f32) -> egui_plot::Plot<'static> {
    egui_plot::Plot::new(id.to_string())
        .height(height)
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 5.0, 10.0]))
        .include_y(0.0)
        .include_y(100.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
}

/// Satisfaction on the meter: 50 is neutral, so amber spans the middle and red means unhappy.
pub fn satisfaction_colour(s: f32) -> Color32 {
    if s >= 70.0 {
        GOOD
    } else if s >= 40.0 {
        WARN
    } else {
        BAD
    }
}

/// A position change as the tables show it: ▲2 (up, green), ▼1 (down, red), = (same), nothing
/// (not ranked in both rounds).
pub fn move_mark(change: Option<i64>) -> (String, Color32) {
    match change {
        Some(c) if c > 0 => (format!("▲{c}"), GOOD),
        Some(c) if c < 0 => (format!("▼{}", -c), BAD),
        Some(_) => ("=".into(), INK),
        None => (String::new(), INK),
    }
}

/// The reward and penalty lines of a round's results: the reward when someone was named
/// (highest-scoring or fastest-growing), the penalty for the teams in last place (docs/workshop.md).
pub fn reward_and_penalty(lang: Lang, reward: &str, penalty: &str, named: bool, last: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    if !reward.is_empty() && named {
        out.push(format!("{}{reward}", tr(lang, "奖励：", "Reward: ")));
    }
    if !penalty.is_empty() && !last.is_empty() {
        let who = last.join(tr(lang, "、", ", "));
        out.push(format!("{}{who} — {penalty}", tr(lang, "惩罚：", "Penalty: ")));
    }
    out
}

/// A full-window screen: the header with its back button, then `body`. Returns true when the player
/// went back (the button or Esc).
pub fn page(ctx: &egui::Context, lang: Lang, title: &str, body: impl FnOnce(&mut egui::Ui)) -> bool {
    let mut root = root(ctx);
    let mut back = false;
    egui::CentralPanel::default().show(&mut root, |ui| {
        back = header(ui, title, tr(lang, "返回", "Back")) || pressed(ui, egui::Key::Escape);
        body(ui);
    });
    back
}
