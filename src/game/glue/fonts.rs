//! Chinese text needs a CJK font: egui's defaults have none. The game embeds a subset of Noto Sans
//! CJK SC (SIL Open Font License; `assets/fonts/README.md` says how it was made) and puts it second
//! in each family: after egui's text font, so Latin text keeps egui's look, and before egui's emoji
//! fonts, whose icon font has its own glyphs for the full-width ！？（ and would draw Chinese
//! punctuation as heavy icons.
//! Fonts are set once the egui context exists (setting them earlier is lost, bevy_egui #397).
//!
//! The glyph atlas: bevy_egui 0.42 never tells egui the GPU's largest texture, so egui keeps its
//! portable default of 2048×2048. Chinese at 160–200 % text, with the projector's large join code
//! and the room's thirty team cards, fills that; egui then clears the atlas and re-rasterises, and
//! a frame (or, when one screen alone needs more than fits, every frame) is drawn with glyphs
//! missing. The side is raised to what the device allows, at most 8192 (egui caps it at 16384).

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub const CJK_FONT: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Subset.ttf");

pub fn plugin(app: &mut App) {
    app.add_systems(EguiPrimaryContextPass, install.run_if(run_once))
        .add_systems(PreUpdate, atlas_side);
}

/// Largest glyph atlas side asked for (64 MiB of RGBA at most).
pub const ATLAS_SIDE: u32 = 8192;

/// Tells egui, before each pass, the atlas side the GPU allows (without a render device — tests
/// with `MinimalPlugins` — egui keeps its default).
fn atlas_side(device: Option<Res<bevy::render::renderer::RenderDevice>>, mut inputs: Query<&mut bevy_egui::EguiInput>) {
    let Some(device) = device else { return };
    let side = device.limits().max_texture_dimension_2d.min(ATLAS_SIDE) as usize;
    for mut input in &mut inputs {
        input.bypass_change_detection().0.max_texture_side = Some(side);
    }
}

pub fn definitions() -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::default();
    fonts
        .font_data
        .insert("noto_sans_sc".into(), egui::FontData::from_static(CJK_FONT).into());
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        let list = fonts.families.entry(family).or_default();
        list.insert(list.len().min(1), "noto_sans_sc".into());
    }
    fonts
}

fn install(mut contexts: EguiContexts) -> Result {
    contexts.ctx_mut()?.set_fonts(definitions());
    Ok(())
}
