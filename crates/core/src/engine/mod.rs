//! The engine: scenario model and loading, the simulated customer, scoring and analysis.
//! It knows nothing of Bevy or the terminal; the game and the CLI are thin shells on it.
//! Only `load` touches the file system.

pub mod analyze;
pub mod call;
pub mod catalogue;
pub mod coach;
pub mod compile;
pub mod feedback;
pub mod hints;
pub mod load;
pub mod model;
pub mod principle;
pub mod report;
mod ron_error;
pub mod scoring;
pub mod sim;
pub mod text;
pub mod texts;

/// Builders for tests and benchmarks (small scenarios from act lists, hand-built runs).
#[doc(hidden)]
pub mod testkit;

pub use compile::{Compiled, Diagnostic};
pub use model::{Archetype, Colour, Outcome};
pub use scoring::{Principle, Score, Scorer, ScoringConfig};
pub use sim::{Mood, Run, Sim};
pub use text::{Lang, Text};
