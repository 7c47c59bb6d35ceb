//! The scenario lab's commands: `new-scenario` (a skeleton to start from) and `translations`
//! (the CSV a translator works on in Excel, and back).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::workshop::write_output;
use super::{CliError, Res, read_small};
use crate::engine::load::{MAX_SCENARIO_BYTES, parse_str, read_text};
use crate::engine::model::Archetype;
use crate::engine::{Compiled, Lang};
use crate::lab::skeleton;
use crate::lab::translate;

#[derive(Subcommand, Debug)]
pub enum TranslationsCmd {
    /// Write every text of a scenario file to CSV (key, zh, en; UTF-8 with BOM, for Excel).
    Export {
        /// The scenario file (.ron).
        file: PathBuf,
        /// Write to this file instead of standard output (only over an earlier export).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Write the texts of a CSV made by `translations export` back into the scenario file.
    Import {
        /// The scenario file (.ron); changed in place unless --out is given.
        file: PathBuf,
        /// The CSV (key, zh, en), as exported and edited.
        csv: PathBuf,
        /// Write the result to this new file instead of changing the scenario file.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// `--archetype`: one of the three names (clap lists them when another is given).
pub fn archetype_parser() -> impl clap::builder::TypedValueParser<Value = Archetype> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(["angry", "mild", "key_account"]).map(|s| match s.as_str() {
        "angry" => Archetype::Angry,
        "mild" => Archetype::Mild,
        _ => Archetype::KeyAccount,
    })
}

/// A scenario file's text, with read errors in the user's language.
fn read_scenario(p: &Path, lang: Lang) -> Res<String> {
    read_text(p, MAX_SCENARIO_BYTES).map_err(|e| {
        let at = if e.line > 0 {
            format!(":{}:{}", e.line, e.col)
        } else {
            String::new()
        };
        CliError(format!("{}{at}: {}", p.display(), e.message.get(lang)))
    })
}

fn diagnostics(ds: &[crate::engine::Diagnostic], lang: Lang) -> CliError {
    CliError(ds.iter().map(|d| d.show(lang)).collect::<Vec<_>>().join("\n"))
}

/// What validation says of a file just written, on standard error.
fn report_validation(sc: &Result<Compiled, Vec<crate::engine::Diagnostic>>, lang: Lang) {
    match sc {
        Ok(sc) => {
            for d in &sc.warnings {
                eprintln!(
                    "{}{}",
                    if lang == Lang::Zh { "警告：" } else { "warning: " },
                    d.show(lang)
                );
            }
        }
        Err(ds) => {
            for d in ds {
                eprintln!(
                    "{}{}",
                    if lang == Lang::Zh { "错误：" } else { "error: " },
                    d.show(lang)
                );
            }
        }
    }
}

/// `new-scenario ID --archetype A [--out FILE]`: in both languages, or only in `only`.
pub fn new_scenario(
    id: &str,
    archetype: Archetype,
    out_file: Option<&Path>,
    only: Option<Lang>,
    lang: Lang,
    out: &mut impl Write,
) -> Res<()> {
    let name = out_file.map_or("new-scenario".to_string(), |p| p.display().to_string());
    // The skeleton always validates, except with an id a scenario cannot have: say so.
    let (src, sc) = skeleton::checked(id, archetype, only, &name).map_err(|ds| diagnostics(&ds, lang))?;
    match out_file {
        None => write!(out, "{src}")?,
        Some(p) => {
            // Never over an existing file: an author's work is not overwritten by a new skeleton.
            write_output(p, &src, &[], None)?;
            let langs = sc.langs_label(lang);
            if lang == Lang::Zh {
                eprintln!("已写入 {}（{langs}）。下一步：service-arena validate {0}", p.display());
            } else {
                eprintln!("wrote {} ({langs}). Next: service-arena validate {0}", p.display());
            }
        }
    }
    Ok(())
}

/// How an exported CSV begins: `translations export --out` overwrites only such a file.
const CSV_HEAD: &str = "\u{feff}key,zh,en";

pub fn run_translations(cmd: &TranslationsCmd, lang: Lang, out: &mut impl Write) -> Res<()> {
    match cmd {
        TranslationsCmd::Export { file, out: to } => {
            let src = read_scenario(file, lang)?;
            let name = file.display().to_string();
            let csv = translate::export(&src, &name).map_err(|ds| diagnostics(&ds, lang))?;
            match to {
                None => write!(out, "{csv}")?,
                Some(p) => {
                    write_output(p, &csv, &[CSV_HEAD], None)?;
                    let n = csv.lines().count() - 1;
                    if lang == Lang::Zh {
                        eprintln!("已写入 {}（{n} 段文字）", p.display());
                    } else {
                        eprintln!("wrote {} ({n} texts)", p.display());
                    }
                }
            }
        }
        TranslationsCmd::Import { file, csv, out: to } => {
            let src = read_scenario(file, lang)?;
            let table = read_small(csv)?;
            let name = file.display().to_string();
            let done = translate::import(&src, &name, &table).map_err(|e| CliError(e.0.get(lang).to_string()))?;
            let (target, earlier): (&PathBuf, &[&str]) = match to {
                Some(p) => (p, &[]),
                // In place: the file just read is the one replaced (through a temporary file).
                None => (file, &[""]),
            };
            if done.changed == 0 && to.is_none() {
                if lang == Lang::Zh {
                    eprintln!("{}：CSV 和文件里的文字完全一样，没有改动", file.display());
                } else {
                    eprintln!(
                        "{}: the CSV holds the same texts as the file; nothing changed",
                        file.display()
                    );
                }
                return Ok(());
            }
            write_output(target, &done.source, earlier, None)?;
            let n = done.changed;
            if lang == Lang::Zh {
                eprintln!("已写入 {}（改了 {n} 处文字）", target.display());
            } else {
                eprintln!("wrote {} ({n} texts changed)", target.display());
            }
            report_validation(&parse_str(&done.source, &target.display().to_string()), lang);
        }
    }
    Ok(())
}
