//! Chinese text needs a CJK font: egui's defaults have none. The game embeds a subset of Noto Sans
//! CJK SC (SIL Open Font License; `assets/fonts/README.md` says how it was made) and puts it second
//! in each family: after egui's text font, so Latin text keeps egui's look, and before egui's emoji
//! fonts, whose icon font has its own glyphs for the full-width ！？（ and would draw Chinese
//! punctuation as heavy icons.
//! Fonts are set once the egui context exists (setting them earlier is lost, bevy_egui #397).

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub const CJK_FONT: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Subset.ttf");

pub fn plugin(app: &mut App) {
    app.add_systems(EguiPrimaryContextPass, install.run_if(run_once));
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
