//! The bevy_egui glue: what it takes to make egui inside Bevy behave like a desktop program on
//! this project's machines. Each piece exists for a measured reason:
//!
//! - `fonts`: installs the embedded Noto Sans SC subset into egui once its context exists (fonts set
//!   earlier are lost; bevy_egui issues #397, #408, #456), between egui's text and emoji fonts.
//! - `power`: redraw only on input or a timer (idle CPU 0 %), and drops bevy_egui 0.42's repeated
//!   per-frame `ModifiersChanged` event, which made egui repaint every frame.
//! - `shader`: bevy_egui's fragment shader replaced by one with fitted sRGB curves and an unfiltered
//!   texel read (the largest cost of a frame under a software renderer).
//! - `window_pass`: egui drawn straight into the window instead of into the camera's texture and
//!   then copied to the window by a full-screen pass (that copy was a third of a frame under llvmpipe);
//!   runs of fills and lines drawn by a second pipeline that reads no texture (0.3–1.6 ms a frame).

pub mod fonts;
pub mod power;
pub mod shader;
pub mod window_pass;
