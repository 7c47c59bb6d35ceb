use std::process::ExitCode;
use std::time::Instant;

use service_arena::cli::{parse_args, run};

fn main() -> ExitCode {
    let launched = Instant::now();
    // Help and usage errors come in the language `--lang` asks for.
    let (cli, _) = parse_args();
    if cli.command.is_none() {
        // `--lang` given on the command line overrides the saved setting; the default does not.
        let opts = service_arena::game::Options {
            scenarios: cli.scenarios.clone(),
            lang: cli.lang_given.then_some(cli.lang),
            data: cli.data.clone(),
        };
        return service_arena::game::run(opts, launched);
    }
    run(&cli)
}
