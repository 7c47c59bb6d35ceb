//! The scenario lab's tools for authors and translators, without I/O: a commented skeleton to
//! start a scenario from (`skeleton.rs`) and the translation CSV (`translate.rs`).

pub mod skeleton;
pub mod translate;
