//! The customer's portrait, drawn procedurally so it can follow the simulated state exactly:
//! the background and skin flush follow the emotional colour, the brows anger, the mouth
//! satisfaction, the posture patience (slumping as it runs out) and trust (leaning in as it grows).
//! The play screen animates the numbers it passes in; this module only paints one frame of them.

use bevy_egui::egui::{self, Color32, Pos2, Shape, Stroke, Vec2, epaint::QuadraticBezierShape};

use crate::engine::{Archetype, Colour};

/// What the portrait shows (values 0–100, possibly mid-animation).
#[derive(Clone, Copy, Debug)]
pub struct Face {
    pub satisfaction: f32,
    pub anger: f32,
    pub patience: f32,
    pub trust: f32,
    pub archetype: Archetype,
}

impl Face {
    pub fn colour(&self) -> Colour {
        if self.anger >= 65.0 {
            Colour::Red
        } else if self.anger >= 35.0 {
            Colour::Yellow
        } else {
            Colour::Green
        }
    }
}

fn mix(a: Color32, b: Color32, t: f32) -> Color32 {
    let t = t.clamp(0.0, 1.0);
    let l = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    Color32::from_rgb(l(a.r(), b.r()), l(a.g(), b.g()), l(a.b(), b.b()))
}

/// Paints the portrait into `rect`.
pub fn paint(painter: &egui::Painter, rect: egui::Rect, face: &Face) {
    let anger = (face.anger / 100.0).clamp(0.0, 1.0);
    let joy = ((face.satisfaction - 50.0) / 50.0).clamp(-1.0, 1.0);
    let tired = (1.0 - face.patience / 100.0).clamp(0.0, 1.0);
    let trust = (face.trust / 100.0).clamp(0.0, 1.0);

    let bg = match face.colour() {
        Colour::Green => Color32::from_rgb(214, 238, 221),
        Colour::Yellow => Color32::from_rgb(248, 233, 196),
        Colour::Red => Color32::from_rgb(248, 208, 200),
    };
    painter.rect_filled(rect, 16.0, bg);

    let w = rect.width();
    let c = rect.center();
    // Posture: slump as patience runs out, lean in (larger, lower) with anger and trust.
    let lean = 0.06 * anger + 0.04 * trust;
    let head_r = w * (0.22 + lean * 0.5);
    let head = Pos2::new(c.x, rect.top() + rect.height() * (0.40 + 0.06 * tired));
    let shoulder_y = head.y + head_r * 1.05 + rect.height() * 0.05 * tired;

    // Body and clothes; key accounts wear a suit and tie.
    let suit = match face.archetype {
        Archetype::KeyAccount => Color32::from_rgb(52, 62, 84),
        Archetype::Angry => Color32::from_rgb(120, 64, 58),
        Archetype::Mild => Color32::from_rgb(84, 120, 150),
    };
    let body = egui::Rect::from_min_max(
        Pos2::new(c.x - w * (0.36 - 0.04 * tired), shoulder_y),
        Pos2::new(c.x + w * (0.36 - 0.04 * tired), rect.bottom()),
    );
    painter.rect_filled(
        body,
        egui::CornerRadius {
            nw: 60,
            ne: 60,
            sw: 0,
            se: 0,
        },
        suit,
    );
    if face.archetype == Archetype::KeyAccount {
        let t = shoulder_y;
        painter.add(Shape::convex_polygon(
            vec![
                Pos2::new(c.x - 8.0, t),
                Pos2::new(c.x + 8.0, t),
                Pos2::new(c.x + 11.0, t + 46.0),
                Pos2::new(c.x, t + 58.0),
                Pos2::new(c.x - 11.0, t + 46.0),
            ],
            Color32::from_rgb(180, 40, 44),
            Stroke::NONE,
        ));
    }

    // Head with an anger flush.
    let skin = mix(
        Color32::from_rgb(246, 214, 186),
        Color32::from_rgb(236, 140, 120),
        anger * 0.9,
    );
    painter.circle_filled(Pos2::new(c.x, shoulder_y - 2.0), head_r * 0.45, skin); // neck
    painter.circle(head, head_r, skin, Stroke::new(2.0, Color32::from_rgb(120, 84, 64)));
    // Hair.
    let hair = Color32::from_rgb(58, 44, 38);
    painter.add(Shape::convex_polygon(
        (0..=16)
            .map(|i| {
                let a = std::f32::consts::PI * (1.0 + i as f32 / 16.0);
                Pos2::new(head.x + head_r * 1.02 * a.cos(), head.y + head_r * 1.02 * a.sin() - 2.0)
            })
            .collect(),
        hair,
        Stroke::NONE,
    ));

    let ink = Stroke::new(3.5, Color32::from_rgb(50, 36, 30));
    let eye_y = head.y - head_r * 0.05;
    let dx = head_r * 0.38;
    // Eyes narrow with anger and droop when tired.
    for s in [-1.0, 1.0] {
        let e = Pos2::new(head.x + s * dx, eye_y);
        let h = head_r * (0.13 - 0.07 * anger - 0.03 * tired).max(0.03);
        painter.add(Shape::ellipse_filled(
            e,
            Vec2::new(head_r * 0.1, h),
            Color32::from_rgb(40, 30, 26),
        ));
        // Brows: inner ends down with anger, up when sad or impatient.
        let inner_drop = head_r * (0.22 * anger - 0.12 * (-joy).max(0.0) - 0.1 * tired);
        let by = eye_y - head_r * 0.28;
        let inner = Pos2::new(head.x + s * dx * 0.45, by + inner_drop);
        let outer = Pos2::new(head.x + s * dx * 1.45, by - inner_drop * 0.3);
        painter.line_segment([inner, outer], ink);
    }

    // Mouth: a smile or a frown; opens when shouting.
    let my = head.y + head_r * 0.48;
    let half = head_r * (0.34 + 0.06 * joy.abs());
    let curve = head_r * 0.32 * joy;
    if anger > 0.7 {
        painter.add(Shape::ellipse_filled(
            Pos2::new(head.x, my + 2.0),
            Vec2::new(half * 0.55, head_r * 0.12 * (anger - 0.55) * 4.0),
            Color32::from_rgb(110, 30, 30),
        ));
    } else {
        painter.add(QuadraticBezierShape::from_points_stroke(
            [
                Pos2::new(head.x - half, my),
                Pos2::new(head.x, my + curve),
                Pos2::new(head.x + half, my),
            ],
            false,
            Color32::TRANSPARENT,
            ink,
        ));
    }
    // Cheeks glow when pleased.
    if joy > 0.3 {
        let a = ((joy - 0.3) * 200.0) as u8;
        for s in [-1.0, 1.0] {
            painter.circle_filled(
                Pos2::new(head.x + s * head_r * 0.62, my - head_r * 0.12),
                head_r * 0.14,
                Color32::from_rgba_unmultiplied(240, 120, 120, a),
            );
        }
    }
    // Steam when red.
    if face.colour() == Colour::Red {
        let st = Stroke::new(3.0, Color32::from_rgb(200, 56, 48));
        for s in [-1.0, 1.0] {
            let base = Pos2::new(head.x + s * head_r * 0.95, head.y - head_r * 0.95);
            painter.line_segment([base, base + Vec2::new(s * 12.0, -14.0)], st);
            painter.line_segment([base + Vec2::new(s * 6.0, 6.0), base + Vec2::new(s * 22.0, -4.0)], st);
        }
    }
}
