//! The customer's portrait, drawn procedurally so it can follow the simulated state exactly.
//! Who the customer is comes from the scenario's look (`customer.look`: gender, age, hair,
//! clothes, glasses, beard); how they feel is drawn over it: the background and skin flush follow
//! the emotional colour, the brows anger, the mouth and eyes satisfaction (with a pleased state,
//! smiling eyes and an open smile, above calm), the posture patience (slumping as it runs out) and
//! trust (leaning in as it grows). The play screen animates the numbers it passes in; this module
//! only paints one frame of them.

use std::f32::consts::PI;

use bevy_egui::egui::{
    self, Color32, Pos2, Shape, Stroke, Vec2,
    epaint::{CubicBezierShape, QuadraticBezierShape},
};

use crate::engine::Colour;
use crate::engine::model::{Age, Beard, Clothes, ClothesColour, Gender, Hair, HairColour, Look};

/// What the portrait shows (values 0–100, possibly mid-animation).
#[derive(Clone, Copy, Debug)]
pub struct Face {
    pub satisfaction: f32,
    pub anger: f32,
    pub patience: f32,
    pub trust: f32,
    pub look: Look,
}

/// The customer's mood as the trainee reads it (the core's, shared with the room's devices).
pub use crate::engine::model::Feeling;

impl Face {
    pub fn colour(&self) -> Colour {
        Colour::from_anger(self.anger)
    }

    pub fn feeling(&self) -> Feeling {
        Feeling::of(self.satisfaction, self.anger)
    }
}

fn mix(a: Color32, b: Color32, t: f32) -> Color32 {
    let t = t.clamp(0.0, 1.0);
    let l = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    Color32::from_rgb(l(a.r(), b.r()), l(a.g(), b.g()), l(a.b(), b.b()))
}

fn cloth(c: ClothesColour) -> Color32 {
    use ClothesColour::*;
    match c {
        Navy => Color32::from_rgb(44, 58, 96),
        Charcoal => Color32::from_rgb(70, 72, 78),
        Blue => Color32::from_rgb(74, 126, 184),
        Green => Color32::from_rgb(72, 132, 92),
        Red => Color32::from_rgb(176, 58, 52),
        Brown => Color32::from_rgb(120, 84, 58),
        Beige => Color32::from_rgb(200, 178, 140),
        Purple => Color32::from_rgb(112, 78, 140),
        Teal => Color32::from_rgb(40, 130, 136),
    }
}

fn hair_colour(c: HairColour) -> Color32 {
    match c {
        HairColour::Black => Color32::from_rgb(42, 34, 32),
        HairColour::Brown => Color32::from_rgb(108, 70, 44),
        HairColour::Grey => Color32::from_rgb(150, 148, 146),
        HairColour::White => Color32::from_rgb(226, 224, 218),
    }
}

/// A filled ellipse as a polygon with as many corners as its size needs: each side stays within
/// about 0.3 px of the curve, under the anti-aliased edge, and the polygon has the ellipse's
/// area. egui's own ellipse always has at least 32 corners and a circle of 5 to 18 px 32 as well,
/// so a 6 px eye was 94 triangles (with the anti-aliasing slivers) and is 28 here; under llvmpipe
/// every triangle costs (docs/performance.md). Large ones keep egui's shape.
fn oval(painter: &egui::Painter, c: Pos2, r: Vec2, fill: Color32) {
    let n = (PI / (1.0 - 0.3 / r.max_elem().max(0.3)).acos()).ceil() as usize;
    if n >= 32 {
        painter.add(Shape::ellipse_filled(c, r, fill));
        return;
    }
    let n = n.max(8);
    // Corners a little outside the curve, so that the polygon covers the ellipse's area (corners
    // on the curve would make a small eye visibly smaller).
    let k = (2.0 * PI / (n as f32 * (2.0 * PI / n as f32).sin())).sqrt();
    let mut pts = arc(c, r * k, 0.0, 2.0 * PI, n);
    pts.pop(); // the last point is the first again
    painter.add(Shape::convex_polygon(pts, fill, Stroke::NONE));
}

/// A filled circle, drawn as [`oval`].
fn disc(painter: &egui::Painter, c: Pos2, r: f32, fill: Color32) {
    oval(painter, c, Vec2::splat(r), fill);
}

/// Points on an ellipse arc from angle `a0` to `a1` (radians, y down).
fn arc(c: Pos2, r: Vec2, a0: f32, a1: f32, n: usize) -> Vec<Pos2> {
    (0..=n)
        .map(|i| {
            let a = a0 + (a1 - a0) * i as f32 / n as f32;
            Pos2::new(c.x + r.x * a.cos(), c.y + r.y * a.sin())
        })
        .collect()
}

/// Paints the portrait into `rect`.
pub fn paint(painter: &egui::Painter, rect: egui::Rect, face: &Face) {
    let look = face.look;
    let anger = (face.anger / 100.0).clamp(0.0, 1.0);
    let joy = ((face.satisfaction - 50.0) / 50.0).clamp(-1.0, 1.0);
    let tired = (1.0 - face.patience / 100.0).clamp(0.0, 1.0);
    let trust = (face.trust / 100.0).clamp(0.0, 1.0);
    let feeling = face.feeling();

    let bg = match feeling {
        Feeling::Pleased => Color32::from_rgb(236, 244, 200),
        Feeling::Calm => Color32::from_rgb(214, 238, 221),
        Feeling::Uneasy => Color32::from_rgb(248, 233, 196),
        Feeling::Angry => Color32::from_rgb(248, 208, 200),
    };
    painter.rect_filled(rect, 16.0, bg);
    let painter = &painter.with_clip_rect(rect.intersect(painter.clip_rect()));

    let w = rect.width();
    let u = w / 300.0; // stroke and detail scale: the portrait was designed at 300 px
    let c = rect.center();
    // Posture: slump as patience runs out, lean in (larger, lower) with anger and trust.
    let lean = 0.06 * anger + 0.04 * trust;
    let head_r = w * (0.2 + lean * 0.5);
    let head = Pos2::new(c.x, rect.top() + rect.height() * (0.40 + 0.06 * tired));
    let shoulder_y = head.y + head_r * 1.08 + rect.height() * 0.05 * tired;
    let hair = hair_colour(look.hair_colour);
    let skin = mix(
        Color32::from_rgb(244, 210, 180),
        Color32::from_rgb(236, 140, 120),
        anger * 0.9,
    );
    let outline = Stroke::new(2.0 * u, Color32::from_rgb(120, 84, 64));
    let ink = Stroke::new(3.5 * u, Color32::from_rgb(50, 36, 30));

    // Hair that falls behind the head and shoulders.
    let behind = |painter: &egui::Painter| match look.hair {
        Hair::Long => {
            let top = head.y - head_r * 0.3;
            painter.rect_filled(
                egui::Rect::from_min_max(
                    Pos2::new(head.x - head_r * 1.12, top),
                    Pos2::new(head.x + head_r * 1.12, shoulder_y + head_r * 0.55),
                ),
                egui::CornerRadius::same((head_r * 0.5) as u8),
                hair,
            );
        }
        Hair::Bob => {
            painter.rect_filled(
                egui::Rect::from_min_max(
                    Pos2::new(head.x - head_r * 1.1, head.y - head_r * 0.3),
                    Pos2::new(head.x + head_r * 1.1, head.y + head_r * 0.8),
                ),
                egui::CornerRadius::same((head_r * 0.35) as u8),
                hair,
            );
        }
        Hair::Ponytail => {
            oval(
                painter,
                Pos2::new(head.x + head_r * 0.95, head.y + head_r * 0.35),
                Vec2::new(head_r * 0.28, head_r * 0.75),
                hair,
            );
        }
        Hair::Bun => {
            disc(painter, Pos2::new(head.x, head.y - head_r * 1.05), head_r * 0.42, hair);
        }
        _ => {}
    };
    behind(painter);

    // Body and clothes.
    let main = cloth(look.colour);
    let half = w * (0.36 - 0.04 * tired);
    let body = egui::Rect::from_min_max(Pos2::new(c.x - half, shoulder_y), Pos2::new(c.x + half, rect.bottom()));
    let round = (60.0 * u) as u8;
    let top_round = egui::CornerRadius {
        nw: round,
        ne: round,
        sw: 0,
        se: 0,
    };
    painter.rect_filled(body, top_round, main);
    let neck_w = head_r * 0.42;
    let shirt_white = Color32::from_rgb(246, 244, 238);
    let darker = mix(main, Color32::BLACK, 0.25);
    let lighter = mix(main, Color32::WHITE, 0.35);
    let t = shoulder_y;
    let v = |depth: f32, width: f32, col: Color32| {
        painter.add(Shape::convex_polygon(
            vec![
                Pos2::new(c.x - width, t),
                Pos2::new(c.x + width, t),
                Pos2::new(c.x, t + depth),
            ],
            col,
            Stroke::NONE,
        ));
    };
    match look.clothes {
        Clothes::Suit => {
            // Lapels open on a white shirt; a tie for men, a pendant for women.
            v(head_r * 1.5, neck_w * 1.5, shirt_white);
            for s in [-1.0, 1.0] {
                painter.add(Shape::convex_polygon(
                    vec![
                        Pos2::new(c.x + s * neck_w * 1.5, t),
                        Pos2::new(c.x + s * neck_w * 2.3, t + head_r * 0.2),
                        Pos2::new(c.x + s * neck_w * 0.2, t + head_r * 1.55),
                    ],
                    darker,
                    Stroke::NONE,
                ));
            }
            if look.gender == Gender::Male {
                painter.add(Shape::convex_polygon(
                    vec![
                        Pos2::new(c.x - 7.0 * u, t + 2.0 * u),
                        Pos2::new(c.x + 7.0 * u, t + 2.0 * u),
                        Pos2::new(c.x + 10.0 * u, t + head_r * 1.05),
                        Pos2::new(c.x, t + head_r * 1.3),
                        Pos2::new(c.x - 10.0 * u, t + head_r * 1.05),
                    ],
                    Color32::from_rgb(176, 40, 48),
                    Stroke::NONE,
                ));
            } else {
                disc(
                    painter,
                    Pos2::new(c.x, t + head_r * 0.7),
                    6.0 * u,
                    Color32::from_rgb(214, 176, 80),
                );
            }
        }
        Clothes::Shirt => {
            for s in [-1.0, 1.0] {
                painter.add(Shape::convex_polygon(
                    vec![
                        Pos2::new(c.x, t + head_r * 0.35),
                        Pos2::new(c.x + s * neck_w * 1.4, t - 2.0 * u),
                        Pos2::new(c.x + s * neck_w * 1.6, t + head_r * 0.3),
                    ],
                    lighter,
                    Stroke::NONE,
                ));
            }
            for k in 1..4 {
                disc(
                    painter,
                    Pos2::new(c.x, t + head_r * (0.35 + 0.35 * k as f32)),
                    3.0 * u,
                    darker,
                );
            }
        }
        Clothes::Polo => {
            v(head_r * 0.5, neck_w * 0.9, skin);
            for s in [-1.0, 1.0] {
                painter.add(Shape::convex_polygon(
                    vec![
                        Pos2::new(c.x + s * neck_w * 0.9, t - 2.0 * u),
                        Pos2::new(c.x + s * neck_w * 1.9, t + head_r * 0.12),
                        Pos2::new(c.x + s * neck_w * 0.6, t + head_r * 0.35),
                    ],
                    lighter,
                    Stroke::NONE,
                ));
            }
            disc(painter, Pos2::new(c.x, t + head_r * 0.62), 3.0 * u, lighter);
        }
        Clothes::Sweater => {
            // Ribbed pattern (the round neckline is drawn over the neck below).
            for k in -2..=2 {
                let x = c.x + k as f32 * half * 0.35;
                painter.line_segment(
                    [Pos2::new(x, t + head_r * 0.6), Pos2::new(x, rect.bottom())],
                    Stroke::new(2.0 * u, darker),
                );
            }
        }
        Clothes::Jacket => {
            v(head_r * 0.6, neck_w * 1.1, darker);
            painter.line_segment(
                [Pos2::new(c.x, t + head_r * 0.6), Pos2::new(c.x, rect.bottom())],
                Stroke::new(3.0 * u, lighter),
            );
            for s in [-1.0, 1.0] {
                painter.line_segment(
                    [
                        Pos2::new(c.x + s * neck_w * 1.2, t),
                        Pos2::new(c.x + s * neck_w * 2.6, t + head_r * 0.4),
                    ],
                    Stroke::new(5.0 * u, lighter),
                );
            }
        }
        Clothes::Blouse => {
            for s in [-1.0, 1.0] {
                disc(
                    painter,
                    Pos2::new(c.x + s * neck_w * 0.8, t + head_r * 0.12),
                    neck_w * 0.75,
                    shirt_white,
                );
            }
            disc(painter, Pos2::new(c.x, t - head_r * 0.05), neck_w * 0.85, skin);
        }
        Clothes::Workwear => {
            // A bib apron with straps over a plain top.
            let apron = mix(main, Color32::WHITE, 0.75);
            painter.rect_filled(
                egui::Rect::from_min_max(
                    Pos2::new(c.x - half * 0.55, t + head_r * 0.55),
                    Pos2::new(c.x + half * 0.55, rect.bottom()),
                ),
                egui::CornerRadius::same((8.0 * u) as u8),
                apron,
            );
            for s in [-1.0, 1.0] {
                painter.line_segment(
                    [
                        Pos2::new(c.x + s * half * 0.5, t + head_r * 0.6),
                        Pos2::new(c.x + s * neck_w * 1.5, t),
                    ],
                    Stroke::new(6.0 * u, apron),
                );
            }
        }
    }

    // Neck and head with an anger flush.
    painter.rect_filled(
        egui::Rect::from_min_max(
            Pos2::new(head.x - neck_w * 0.7, head.y + head_r * 0.6),
            Pos2::new(head.x + neck_w * 0.7, shoulder_y + 2.0 * u),
        ),
        0.0,
        skin,
    );
    if look.clothes == Clothes::Sweater {
        // A round neckline sits over the neck.
        painter.add(Shape::ellipse_stroke(
            Pos2::new(c.x, t + 2.0 * u),
            Vec2::new(neck_w * 1.25, head_r * 0.3),
            Stroke::new(7.0 * u, darker),
        ));
    }
    // Ears, then the face: a little longer than wide.
    for s in [-1.0, 1.0] {
        disc(
            painter,
            Pos2::new(head.x + s * head_r * 0.98, head.y + head_r * 0.05),
            head_r * 0.16,
            skin,
        );
    }
    let face_r = Vec2::new(head_r * 0.95, head_r * 1.05);
    oval(painter, head, face_r, skin);
    painter.add(Shape::ellipse_stroke(head, face_r, outline));

    // Age: lines on the forehead and beside the eyes.
    let age_line = Stroke::new(1.5 * u, mix(skin, Color32::from_rgb(120, 84, 64), 0.55));
    let eye_y = head.y - head_r * 0.02;
    let dx = head_r * 0.38;
    if look.age != Age::Young {
        let rows = if look.age == Age::Senior { 2 } else { 1 };
        for k in 0..rows {
            let y = head.y - head_r * (0.58 - 0.1 * k as f32);
            painter.add(QuadraticBezierShape::from_points_stroke(
                [
                    Pos2::new(head.x - head_r * 0.32, y),
                    Pos2::new(head.x, y - head_r * 0.05),
                    Pos2::new(head.x + head_r * 0.32, y),
                ],
                false,
                Color32::TRANSPARENT,
                age_line,
            ));
        }
    }
    if look.age == Age::Senior {
        for s in [-1.0, 1.0] {
            let x = head.x + s * (dx + head_r * 0.2);
            painter.line_segment(
                [
                    Pos2::new(x, eye_y - 3.0 * u),
                    Pos2::new(x + s * 6.0 * u, eye_y - 6.0 * u),
                ],
                age_line,
            );
            painter.line_segment(
                [
                    Pos2::new(x, eye_y + 3.0 * u),
                    Pos2::new(x + s * 6.0 * u, eye_y + 6.0 * u),
                ],
                age_line,
            );
        }
    }

    // Hair on top of the head.
    let cap = |painter: &egui::Painter, lift: f32, fringe: f32| {
        // The crown from ear to ear, down to `fringe` (fraction of the radius above the centre).
        let mut pts = arc(
            head,
            Vec2::new(face_r.x * 1.04, face_r.y * (1.04 + lift)),
            PI * 1.02,
            PI * 1.98,
            18,
        );
        pts.push(Pos2::new(head.x + face_r.x * 0.9, head.y - head_r * fringe));
        pts.push(Pos2::new(head.x - face_r.x * 0.9, head.y - head_r * fringe));
        painter.add(Shape::convex_polygon(pts, hair, Stroke::NONE));
    };
    match look.hair {
        Hair::Crew => cap(painter, 0.0, 0.62),
        Hair::Parted => {
            cap(painter, 0.04, 0.55);
            // A fringe swept from the parting towards one temple.
            painter.add(Shape::convex_polygon(
                vec![
                    Pos2::new(head.x - head_r * 0.3, head.y - head_r * 0.6),
                    Pos2::new(head.x + head_r * 0.82, head.y - head_r * 0.62),
                    Pos2::new(head.x + head_r * 0.8, head.y - head_r * 0.36),
                    Pos2::new(head.x + head_r * 0.25, head.y - head_r * 0.45),
                ],
                hair,
                Stroke::NONE,
            ));
            painter.line_segment(
                [
                    Pos2::new(head.x - head_r * 0.35, head.y - head_r * 1.05),
                    Pos2::new(head.x - head_r * 0.3, head.y - head_r * 0.62),
                ],
                Stroke::new(2.0 * u, mix(hair, skin, 0.5)),
            );
        }
        Hair::Swept => {
            cap(painter, 0.22, 0.6);
            oval(
                painter,
                Pos2::new(head.x + head_r * 0.1, head.y - head_r * 0.95),
                Vec2::new(head_r * 0.8, head_r * 0.32),
                hair,
            );
        }
        Hair::Bald => {
            for s in [-1.0, 1.0] {
                oval(
                    painter,
                    Pos2::new(head.x + s * face_r.x * 0.88, head.y - head_r * 0.22),
                    Vec2::new(head_r * 0.11, head_r * 0.3),
                    hair,
                );
            }
            painter.add(QuadraticBezierShape::from_points_stroke(
                [
                    Pos2::new(head.x - head_r * 0.45, head.y - head_r * 0.8),
                    Pos2::new(head.x - head_r * 0.2, head.y - head_r * 0.92),
                    Pos2::new(head.x + head_r * 0.05, head.y - head_r * 0.85),
                ],
                false,
                Color32::TRANSPARENT,
                Stroke::new(2.5 * u, Color32::from_rgba_unmultiplied(255, 255, 255, 140)),
            ));
        }
        Hair::Bob | Hair::Long => {
            cap(painter, 0.06, 0.5);
            // Fringe cut straight across.
            painter.rect_filled(
                egui::Rect::from_min_max(
                    Pos2::new(head.x - face_r.x * 0.85, head.y - head_r * 0.75),
                    Pos2::new(head.x + face_r.x * 0.85, head.y - head_r * 0.45),
                ),
                egui::CornerRadius::same((6.0 * u) as u8),
                hair,
            );
            for s in [-1.0, 1.0] {
                painter.rect_filled(
                    egui::Rect::from_center_size(
                        Pos2::new(head.x + s * face_r.x * 0.92, head.y + head_r * 0.05),
                        Vec2::new(head_r * 0.26, head_r * 1.1),
                    ),
                    egui::CornerRadius::same((8.0 * u) as u8),
                    hair,
                );
            }
        }
        Hair::Bun | Hair::Ponytail => {
            cap(painter, 0.0, 0.55);
            // Pulled back: a side sweep.
            painter.add(QuadraticBezierShape::from_points_stroke(
                [
                    Pos2::new(head.x - head_r * 0.7, head.y - head_r * 0.6),
                    Pos2::new(head.x - head_r * 0.1, head.y - head_r * 0.9),
                    Pos2::new(head.x + head_r * 0.8, head.y - head_r * 0.6),
                ],
                false,
                Color32::TRANSPARENT,
                Stroke::new(2.0 * u, mix(hair, Color32::WHITE, 0.25)),
            ));
        }
        Hair::Curly => {
            for k in 0..11 {
                let a = PI * (1.0 + k as f32 / 10.0);
                let p = Pos2::new(
                    head.x + face_r.x * 0.95 * a.cos(),
                    head.y + face_r.y * 0.88 * a.sin() - head_r * 0.05,
                );
                disc(painter, p, head_r * 0.24, hair);
            }
            for k in 0..5 {
                let x = head.x + head_r * (-0.5 + 0.25 * k as f32);
                disc(painter, Pos2::new(x, head.y - head_r * 0.62), head_r * 0.2, hair);
            }
        }
    }

    // Beard and moustache, under the mouth.
    let my = head.y + head_r * 0.5;
    let beard = mix(hair, Color32::BLACK, 0.1);
    if look.beard == Beard::Full {
        let mut pts = arc(
            head,
            Vec2::new(face_r.x * 1.0, face_r.y * 1.03),
            PI * 0.12,
            PI * 0.88,
            16,
        );
        pts.push(Pos2::new(head.x - face_r.x * 0.8, head.y + head_r * 0.33));
        pts.push(Pos2::new(head.x + face_r.x * 0.8, head.y + head_r * 0.33));
        painter.add(Shape::convex_polygon(pts, beard, Stroke::NONE));
        oval(
            painter,
            Pos2::new(head.x, my + head_r * 0.02),
            Vec2::new(head_r * 0.42, head_r * 0.16),
            mix(skin, beard, 0.3),
        );
    }

    // Eyes: narrow with anger, droop when tired, smile when pleased.
    let eye_col = Color32::from_rgb(40, 30, 26);
    let brow = Stroke::new(
        3.5 * u,
        if look.hair_colour == HairColour::White || look.hair_colour == HairColour::Grey {
            mix(hair, Color32::BLACK, 0.35)
        } else {
            hair
        },
    );
    for s in [-1.0, 1.0] {
        let e = Pos2::new(head.x + s * dx, eye_y);
        if feeling == Feeling::Pleased {
            painter.add(QuadraticBezierShape::from_points_stroke(
                [
                    e + Vec2::new(-head_r * 0.12, head_r * 0.03),
                    e + Vec2::new(0.0, -head_r * 0.12),
                    e + Vec2::new(head_r * 0.12, head_r * 0.03),
                ],
                false,
                Color32::TRANSPARENT,
                ink,
            ));
        } else {
            let h = head_r * (0.13 - 0.07 * anger - 0.03 * tired).max(0.03);
            oval(painter, e, Vec2::new(head_r * 0.1, h), eye_col);
        }
        // Brows: inner ends down with anger, up when sad or impatient.
        let inner_drop = head_r * (0.22 * anger - 0.12 * (-joy).max(0.0) - 0.1 * tired);
        let by = eye_y - head_r * 0.28;
        let inner = Pos2::new(head.x + s * dx * 0.45, by + inner_drop);
        let outer = Pos2::new(head.x + s * dx * 1.45, by - inner_drop * 0.3);
        painter.line_segment([inner, outer], brow);
    }
    if look.glasses {
        let frame = Stroke::new(2.5 * u, Color32::from_rgb(40, 40, 48));
        for s in [-1.0, 1.0] {
            painter.add(Shape::rect_stroke(
                egui::Rect::from_center_size(
                    Pos2::new(head.x + s * dx, eye_y),
                    Vec2::new(head_r * 0.48, head_r * 0.36),
                ),
                // 3 px: egui draws corners of up to 5 px (with the stroke's half width) with
                // half the segments of larger ones.
                egui::CornerRadius::same((3.0 * u) as u8),
                frame,
                egui::StrokeKind::Middle,
            ));
            painter.line_segment(
                [
                    Pos2::new(head.x + s * (dx + head_r * 0.24), eye_y - head_r * 0.05),
                    Pos2::new(head.x + s * face_r.x * 0.97, eye_y - head_r * 0.1),
                ],
                frame,
            );
        }
        painter.line_segment(
            [
                Pos2::new(head.x - dx + head_r * 0.24, eye_y - head_r * 0.04),
                Pos2::new(head.x + dx - head_r * 0.24, eye_y - head_r * 0.04),
            ],
            frame,
        );
    }
    // Nose.
    painter.add(QuadraticBezierShape::from_points_stroke(
        [
            Pos2::new(head.x - head_r * 0.02, head.y + head_r * 0.05),
            Pos2::new(head.x - head_r * 0.1, head.y + head_r * 0.26),
            Pos2::new(head.x + head_r * 0.06, head.y + head_r * 0.27),
        ],
        false,
        Color32::TRANSPARENT,
        Stroke::new(2.0 * u, mix(skin, Color32::from_rgb(120, 70, 50), 0.6)),
    ));

    // Mouth: an open smile when pleased, a smile or frown otherwise; opens when shouting.
    let half_m = head_r * (0.3 + 0.06 * joy.abs());
    let curve = head_r * 0.3 * joy;
    if anger > 0.7 {
        oval(
            painter,
            Pos2::new(head.x, my + 2.0 * u),
            Vec2::new(half_m * 0.55, head_r * 0.12 * (anger - 0.55) * 4.0),
            Color32::from_rgb(110, 30, 30),
        );
    } else if feeling == Feeling::Pleased {
        let mut pts = arc(
            Pos2::new(head.x, my - head_r * 0.02),
            Vec2::new(half_m, head_r * 0.24),
            0.0,
            PI,
            14,
        );
        pts.push(Pos2::new(head.x + half_m, my - head_r * 0.02));
        painter.add(Shape::convex_polygon(pts, Color32::from_rgb(130, 40, 44), Stroke::NONE));
        painter.rect_filled(
            egui::Rect::from_min_max(
                Pos2::new(head.x - half_m * 0.8, my - head_r * 0.02),
                Pos2::new(head.x + half_m * 0.8, my + head_r * 0.07),
            ),
            egui::CornerRadius::same((3.0 * u) as u8),
            Color32::WHITE,
        );
    } else {
        painter.add(QuadraticBezierShape::from_points_stroke(
            [
                Pos2::new(head.x - half_m, my),
                Pos2::new(head.x, my + curve),
                Pos2::new(head.x + half_m, my),
            ],
            false,
            Color32::TRANSPARENT,
            ink,
        ));
    }
    if look.beard == Beard::Moustache || look.beard == Beard::Full {
        painter.add(CubicBezierShape::from_points_stroke(
            [
                Pos2::new(head.x - head_r * 0.34, my - head_r * 0.02),
                Pos2::new(head.x - head_r * 0.2, my - head_r * 0.2),
                Pos2::new(head.x + head_r * 0.2, my - head_r * 0.2),
                Pos2::new(head.x + head_r * 0.34, my - head_r * 0.02),
            ],
            false,
            Color32::TRANSPARENT,
            Stroke::new(7.0 * u, beard),
        ));
    }
    // Cheeks glow when pleased.
    if joy > 0.3 {
        let a = ((joy - 0.3) * 200.0) as u8;
        for s in [-1.0, 1.0] {
            disc(
                painter,
                Pos2::new(head.x + s * head_r * 0.6, my - head_r * 0.16),
                head_r * 0.14,
                Color32::from_rgba_unmultiplied(240, 120, 120, a),
            );
        }
    }
    // Steam when red.
    if face.colour() == Colour::Red {
        let st = Stroke::new(3.0 * u, Color32::from_rgb(200, 56, 48));
        for s in [-1.0, 1.0] {
            let base = Pos2::new(head.x + s * head_r * 0.95, head.y - head_r * 0.95);
            painter.line_segment([base, base + Vec2::new(s * 12.0, -14.0) * u], st);
            painter.line_segment(
                [base + Vec2::new(s * 6.0, 6.0) * u, base + Vec2::new(s * 22.0, -4.0) * u],
                st,
            );
        }
    }
}
