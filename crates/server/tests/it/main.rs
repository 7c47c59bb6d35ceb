//! The server's integration tests: real WebSocket clients against a room on 127.0.0.1.

mod common;
mod fuzz;
mod limits;
mod play;
mod resume;
