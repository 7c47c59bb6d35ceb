//! The server's integration tests: real WebSocket clients (and one real browser) against a room on
//! 127.0.0.1.

mod browser;
mod common;
mod fuzz;
mod limits;
mod paced;
mod play;
mod resume;
mod webdriver;
