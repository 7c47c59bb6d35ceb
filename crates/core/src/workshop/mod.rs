//! Workshop mode (工作坊): teams compete over rounds on the trainer's machine. Pure rules only —
//! data in, rankings and announcements out; storage is `crate::store`, the terminal front end is
//! `cli::workshop`, the projector screens draw [`rules::RoundResults`]. Rules: docs/workshop.md.

pub mod csv;
pub mod model;
pub mod rules;
pub mod setup;

pub use model::{
    DEFAULT_DISCUSSION_SECS, DEFAULT_ROUNDS, Member, Pacing, Pick, Role, Round, Setup, Skip, Team, TeamRun, Workshop,
};
pub use rules::{RoundResults, Status, results, status};
