//! The screens, one plugin each (`pub fn plugin(app)`), switched by the `Screen` state in
//! `game/mod.rs`. A screen keeps its state in resources and calls the core; the screenshot and
//! performance runs (`tour`) drive the screens and are never imported by them.

pub mod debrief;
pub mod history;
pub mod lab;
pub mod menu;
pub mod picker;
pub mod play;
pub mod play_view;
pub mod room;
pub mod room_demo;
pub mod room_view;
pub mod session;
pub mod settings;
pub mod workshop;
pub mod workshop_form;
