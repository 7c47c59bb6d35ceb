use std::process::ExitCode;

use clap::Parser;
use service_arena::cli::{Cli, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.command.is_none() {
        eprintln!(
            "The game window is not built yet (see the game issue). Use the terminal mode:\n  \
             service-arena list\n  service-arena play <scenario>\n  service-arena --help"
        );
        return ExitCode::FAILURE;
    }
    run(&cli)
}
