//! egui's fragment shader, made cheaper for software rendering.
//!
//! bevy_egui's shader converts every fragment from linear to sRGB and back with six `pow` calls.
//! On a GPU that costs nothing; under Mesa's llvmpipe (no GPU: CI, virtual machines, remote
//! desktops) each `pow` is a log2/exp2 pair evaluated per pixel, and egui covers about half of the
//! play screen every frame. `egui.wgsl` is the same shader with the two curves replaced by fitted
//! ones: a quintic for decoding, three square roots for encoding, each exact below the sRGB knee.
//! Their largest errors are 0.012 and 0.011 of one 8-bit level (the tests below check every level),
//! so the picture is the same. The texel is read with `textureLoad` instead of a filtered sample:
//! egui puts glyphs on whole pixels at one texel per pixel, where filtering returns the texel
//! itself, and llvmpipe runs both sides of a branch, so the shader cannot skip the read for fills
//! (which read the white texel); those are drawn by a second entry point, `fs_fill`, which has
//! the white texel's value written in (`window_pass.rs` chooses it for runs of fills). Under
//! llvmpipe the curves took the play screen's median frame down by about 1.5 ms and its p95 by
//! about 3 ms (docs/performance.md).
//!
//! The shader replaces bevy_egui's by its public handle. It is written for bevy_egui's
//! non-bindless pipeline layout, so the game turns bindless mode off (`mod.rs`); bevy_egui is
//! pinned to the exact version whose interface it matches. If the shader ever stops matching,
//! egui draws nothing, and `scripts/screenshots.sh` (run by CI) fails on the blank screens.

use bevy::prelude::*;
use bevy::shader::Shader;

/// Coefficients of the decoding quintic in x (constant term first), for x ≥ 0.04045.
const DECODE: [f32; 6] = [0.0009168809, 0.032746354, 0.5193795, 0.6671692, -0.30739018, 0.08728869];
/// Weights of x^(1/2), x^(1/4), x^(1/8) and x in the encoding curve, for x ≥ 0.0031308.
const ENCODE: [f32; 4] = [0.6423614, 0.7121151, -0.33687185, -0.017561396];

/// Must be added after `EguiPlugin`, which stores its own shader under the same handle.
pub fn plugin(app: &mut App) {
    let shader = Shader::from_wgsl(source(), "service-arena/egui.wgsl");
    app.world_mut()
        .resource_mut::<Assets<Shader>>()
        .insert(bevy_egui::render::EGUI_SHADER_HANDLE.id(), shader)
        .expect("bevy_egui's shader handle is a fixed UUID handle, always valid");
}

/// `egui.wgsl` with the coefficients written in.
fn source() -> String {
    let mut src = include_str!("egui.wgsl").to_string();
    for (i, c) in DECODE.iter().enumerate() {
        src = src.replace(&format!("{{D{i}}}"), &format!("{c:?}"));
    }
    for (i, c) in ENCODE.iter().enumerate() {
        src = src.replace(&format!("{{E{i}}}"), &format!("{c:?}"));
    }
    src
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact_decode(x: f64) -> f64 {
        if x < 0.04045 {
            x / 12.92
        } else {
            ((x + 0.055) / 1.055).powf(2.4)
        }
    }
    fn exact_encode(x: f64) -> f64 {
        if x < 0.0031308 {
            x * 12.92
        } else {
            1.055 * x.powf(1.0 / 2.4) - 0.055
        }
    }
    /// The shader's curves, in f32 as the GPU evaluates them.
    fn decode(x: f32) -> f32 {
        if x < 0.04045 {
            return x / 12.92;
        }
        let [d0, d1, d2, d3, d4, d5] = DECODE;
        d0 + x * (d1 + x * (d2 + x * (d3 + x * (d4 + x * d5))))
    }
    fn encode(x: f32) -> f32 {
        if x < 0.0031308 {
            return x * 12.92;
        }
        let (r2, [e0, e1, e2, e3]) = (x.sqrt(), ENCODE);
        e0 * r2 + e1 * r2.sqrt() + e2 * r2.sqrt().sqrt() + e3 * x
    }

    #[test]
    fn decoding_is_within_two_hundredths_of_a_level_once_the_target_re_encodes_it() {
        // The target stores sRGB: what matters is the error after exact re-encoding, in levels.
        for i in 0..=1000 {
            let x = i as f64 / 1000.0;
            let got = exact_encode(decode(x as f32) as f64);
            assert!((got - x).abs() * 255.0 < 0.02, "x = {x}: {got}");
        }
    }

    #[test]
    fn encoding_is_within_two_hundredths_of_a_level() {
        for i in 0..=1000 {
            let linear = exact_decode(i as f64 / 1000.0);
            let (got, want) = (encode(linear as f32) as f64, exact_encode(linear));
            assert!((got - want).abs() * 255.0 < 0.02, "linear {linear}: {got} vs {want}");
        }
    }

    #[test]
    fn texel_times_colour_stores_the_same_8_bit_level_as_the_exact_shader() {
        // Every texture level against every vertex colour, through both shaders, as stored.
        let level = |l: f64| (exact_encode(l.clamp(0.0, 1.0)) * 255.0).round() as i32;
        let (mut differ, mut worst) = (0, 0);
        for t in 0..=255u32 {
            let texel = exact_decode(t as f64 / 255.0);
            for v in 0..=255u32 {
                let colour = v as f64 / 255.0;
                let exact = exact_decode(exact_encode(texel) * colour);
                let fitted = decode(encode(texel as f32) * colour as f32) as f64;
                let d = (level(exact) - level(fitted)).abs();
                differ += (d > 0) as u32;
                worst = worst.max(d);
            }
        }
        // Off by one only where the exact value sits on a rounding boundary.
        assert!(
            worst <= 1 && differ < 65536 / 100,
            "{differ} of 65536 differ, worst by {worst}"
        );
    }

    #[test]
    fn every_placeholder_is_filled() {
        let src = source();
        assert!(!src.contains("{D") && !src.contains("{E"), "{src}");
        assert!(src.contains(&format!("{:?}", DECODE[5])) && src.contains(&format!("{:?}", ENCODE[3])));
    }
}
