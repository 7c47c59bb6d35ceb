//! Reading scenario files. The only module of the engine that touches the file system.

use std::path::{Path, PathBuf};

use super::compile::{Compiled, Diagnostic, compile};
use super::model::Scenario;

/// Parses and validates one scenario from its text. `file` names it in diagnostics.
pub fn parse_str(src: &str, file: &str) -> Result<Compiled, Vec<Diagnostic>> {
    // `implicit_some` lets authors write `note: (zh: …, en: …)` instead of `note: Some((…))`.
    let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let sc: Scenario = options.from_str(src).map_err(|e| {
        vec![Diagnostic {
            file: file.to_string(),
            line: e.span.start.line,
            col: e.span.start.col,
            message: format!("syntax: {}", e.code),
        }]
    })?;
    compile(&sc, file, src)
}

/// Loads one scenario file.
pub fn load_file(path: &Path) -> Result<Compiled, Vec<Diagnostic>> {
    let file = path.display().to_string();
    let src = std::fs::read_to_string(path).map_err(|e| {
        vec![Diagnostic {
            file: file.clone(),
            line: 0,
            col: 0,
            message: format!("cannot read: {e}"),
        }]
    })?;
    parse_str(&src, &file)
}

/// The outcome of loading several files: what loaded, and what did not (with why).
#[derive(Debug, Default)]
pub struct Library {
    pub scenarios: Vec<Compiled>,
    pub failures: Vec<(PathBuf, Vec<Diagnostic>)>,
}

impl Library {
    pub fn find(&self, id: &str) -> Option<&Compiled> {
        self.scenarios.iter().find(|s| s.id == id)
    }
}

/// The `.ron` files a list of paths stands for: files as given, directories expanded (sorted).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let rd = std::fs::read_dir(p).map_err(|e| format!("{}: cannot list: {e}", p.display()))?;
            let mut files: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "ron"))
                .collect();
            files.sort();
            out.extend(files);
        } else if p.is_file() {
            out.push(p.clone());
        } else {
            return Err(format!("{}: no such file or directory", p.display()));
        }
    }
    Ok(out)
}

/// Loads every file; a bad file is recorded in `failures` and never stops the others.
/// Two files with the same id: the second is a failure.
pub fn load_all(files: &[PathBuf]) -> Library {
    let mut lib = Library::default();
    for f in files {
        match load_file(f) {
            Ok(sc) => {
                if let Some(prev) = lib.find(&sc.id) {
                    let diag = Diagnostic {
                        file: f.display().to_string(),
                        line: 1,
                        col: 1,
                        message: format!("id \"{}\" is already used by {}", sc.id, prev.source),
                    };
                    lib.failures.push((f.clone(), vec![diag]));
                } else {
                    lib.scenarios.push(sc);
                }
            }
            Err(d) => lib.failures.push((f.clone(), d)),
        }
    }
    lib
}
