//! A play script: `TEAM = 1,3,2` per line.

use std::path::Path;

use super::*;

/// Reads a play script: `TEAM = 1,3,2` per line; blank lines and `#` comments are ignored.
pub fn read_script(path: &Path) -> Res<Vec<(String, Vec<usize>)>> {
    let src = crate::cli::read_small(path)?;
    parse_script(&src).map_err(|e| CliError(format!("{}:{e}", path.display())))
}

/// Parses a play script; errors start with the line number.
pub fn parse_script(src: &str) -> Result<Vec<(String, Vec<usize>)>, String> {
    let mut lines = Vec::new();
    for (i, line) in src.lines().enumerate() {
        let line = line
            .split('#')
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches('\u{feff}');
        if line.is_empty() {
            continue;
        }
        let Some((team, choices)) = line.rsplit_once('=') else {
            return Err(format!("{}: expected `TEAM = 1,3,2`, found \"{line}\"", i + 1));
        };
        let choices: Vec<usize> = choices
            .split(',')
            .map(|c| c.trim().parse::<usize>())
            .collect::<Result<_, _>>()
            .map_err(|_| {
                format!(
                    "{}: choices must be numbers like 1,3,2, found \"{}\"",
                    i + 1,
                    choices.trim()
                )
            })?;
        lines.push((team.trim().to_string(), choices));
    }
    if lines.is_empty() {
        return Err("1: the script has no `TEAM = choices` line".into());
    }
    Ok(lines)
}
