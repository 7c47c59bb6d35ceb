//! Reading scenario files. The only module of the engine that touches the file system.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::compile::{Compiled, Diagnostic, SourceIndex, compile};
use super::model::Scenario;
use super::text::Text;

/// Largest scenario file read (bytes). The biggest shipped scenario is a few tens of kilobytes; a
/// file larger than this is refused before it is read.
pub const MAX_SCENARIO_BYTES: u64 = 16 << 20;
/// Largest weights, setup or play-script file read (bytes).
pub const MAX_SMALL_FILE_BYTES: u64 = 1 << 20;
/// How deeply RON values may nest in a scenario file (`all([any([not(…)])])` …).
pub const MAX_NESTING: usize = 64;

/// Why a text file could not be read. `line` and `col` are 1-based when the problem has a place in
/// the file (a byte that is not UTF-8), 0 otherwise. `Display` is the message (English / 中文).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    pub line: usize,
    pub col: usize,
    pub message: Text,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: ", self.line, self.col)?;
        }
        write!(f, "{} / {}", self.message.en, self.message.zh)
    }
}

fn read_err(message: Text) -> ReadError {
    ReadError {
        line: 0,
        col: 0,
        message,
    }
}

/// What a path that is not a readable regular file is, in words (following symlinks by hand so that
/// a loop and a dangling link are told apart from a missing file).
fn not_a_file(path: &Path, e: &std::io::Error) -> Text {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        let mut at = path.to_path_buf();
        let mut seen = vec![at.clone()];
        for _ in 0..40 {
            let Ok(target) = std::fs::read_link(&at) else { break };
            let next = match at.parent() {
                Some(dir) if target.is_relative() => dir.join(&target),
                _ => target.clone(),
            };
            match std::fs::symlink_metadata(&next) {
                Err(_) => {
                    return Text::new(
                        format!("无法读取：符号链接指向的 {} 不存在", target.display()),
                        format!(
                            "cannot read: dangling symlink (it points to {}, which does not exist)",
                            target.display()
                        ),
                    );
                }
                Ok(m) if !m.file_type().is_symlink() => break,
                Ok(_) => {}
            }
            if seen.contains(&next) {
                return Text::new(
                    "无法读取：符号链接循环（链接又指回了自己）",
                    "cannot read: symlink loop (the link leads back to itself)",
                );
            }
            seen.push(next.clone());
            at = next;
        }
        if seen.len() > 40 {
            return Text::new(
                "无法读取：符号链接层数过多",
                "cannot read: symlink loop (too many levels of links)",
            );
        }
    }
    match e.kind() {
        std::io::ErrorKind::NotFound => Text::new("无法读取：找不到文件", "cannot read: no such file"),
        std::io::ErrorKind::PermissionDenied => Text::new("无法读取：没有读取权限", "cannot read: permission denied"),
        _ => Text::new(format!("无法读取：{e}"), format!("cannot read: {e}")),
    }
}

/// Refuses anything but a regular file (after following symlinks): a directory, a named pipe (which
/// would block), a device (`/dev/zero` never ends), a socket.
fn check_regular(m: &std::fs::Metadata) -> Result<(), Text> {
    let ft = m.file_type();
    if ft.is_file() {
        return Ok(());
    }
    let (zh, en) = if ft.is_dir() {
        ("是一个目录", "a directory")
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if ft.is_fifo() {
                ("是一个命名管道", "a named pipe")
            } else if ft.is_char_device() || ft.is_block_device() {
                ("是一个设备", "a device")
            } else if ft.is_socket() {
                ("是一个套接字", "a socket")
            } else {
                ("不是普通文件", "not a regular file")
            }
        }
        #[cfg(not(unix))]
        {
            ("不是普通文件", "not a regular file")
        }
    };
    Err(Text::new(
        format!("不是普通文件（{zh}）；请给一个文本文件"),
        format!("not a regular file ({en}); give a text file"),
    ))
}

/// Reads a text file a person wrote: a regular file (symlinks followed) of at most `limit` bytes, in
/// UTF-8 with or without a byte-order mark. Invalid UTF-8 is reported at the line and column of the
/// first bad byte, and a file that looks like GBK/GB18030 or UTF-16 is named as such, with the way
/// out (save it as UTF-8). An empty file is an error: no format this program reads is empty.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| read_err(not_a_file(path, &e)))?;
    check_regular(&meta).map_err(read_err)?;
    let file = std::fs::File::open(path).map_err(|e| read_err(not_a_file(path, &e)))?;
    // Checked again on the open file, in case the path was swapped meanwhile.
    let meta = file
        .metadata()
        .map_err(|e| read_err(Text::new(format!("无法读取：{e}"), format!("cannot read: {e}"))))?;
    check_regular(&meta).map_err(read_err)?;
    let too_big = |n: u64| {
        read_err(Text::new(
            format!("文件过大（{n} 字节；上限 {limit} 字节）"),
            format!("file too large ({n} bytes; the limit is {limit} bytes)"),
        ))
    };
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_err(Text::new(format!("无法读取：{e}"), format!("cannot read: {e}"))))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    decode(bytes)
}

/// UTF-8 text from a file's bytes, without a leading byte-order mark.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(read_err(Text::new("文件为空", "the file is empty")));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(read_err(Text::new(
            "文件是 UTF-16 编码，请另存为 UTF-8",
            "the file is saved as UTF-16: save it as UTF-8",
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let prefix = std::str::from_utf8(&bytes[..good]).expect("valid up to here");
        let (line, col) = SourceIndex::new(prefix).position(good);
        let message = if looks_like_gbk(bytes) {
            Text::new(
                format!("文件不是 UTF-8 编码（像是 GBK/GB18030），请另存为 UTF-8（第 {line} 行第 {col} 列）"),
                "the file is not UTF-8 (it looks like GBK/GB18030): save it as UTF-8",
            )
        } else {
            let b = bytes[good];
            Text::new(
                format!("第 {line} 行第 {col} 列不是有效的 UTF-8（字节 0x{b:02X}），请另存为 UTF-8"),
                format!("not valid UTF-8 (byte 0x{b:02X}): save the file as UTF-8"),
            )
        };
        ReadError { line, col, message }
    })
}

/// True when the non-ASCII bytes pair up as GBK/GB18030 double-byte characters (lead byte
/// 0x81–0xFE, trail byte 0x40–0xFE except 0x7F) — the encoding Chinese Windows editors save in.
fn looks_like_gbk(b: &[u8]) -> bool {
    let (mut pairs, mut bad) = (0usize, 0usize);
    let mut i = 0;
    while i < b.len() {
        if b[i] < 0x80 {
            i += 1;
        } else if (0x81..=0xFE).contains(&b[i]) && b.get(i + 1).is_some_and(|t| (0x40..=0xFE).contains(t) && *t != 0x7F)
        {
            pairs += 1;
            i += 2;
        } else {
            bad += 1;
            i += 1;
        }
    }
    pairs > 0 && bad * 10 <= pairs
}

/// Why a scenario cannot have `id`: the scenario loaded from `other` has it.
pub fn id_in_use(id: &str, other: &str) -> Text {
    Text::new(
        format!("id“{id}”已经被 {other} 用了"),
        format!("id \"{id}\" is already used by {other}"),
    )
}

/// Parses and validates one scenario from its text. `file` names it in diagnostics.
pub fn parse_str(src: &str, file: &str) -> Result<Compiled, Vec<Diagnostic>> {
    let sc = parse_scenario(src, file)?;
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    compile(&sc, file, src)
}

/// Parses one scenario as written, without validating it (the translation tools read the texts
/// of a file that may not validate yet).
pub fn parse_scenario(src: &str, file: &str) -> Result<Scenario, Vec<Diagnostic>> {
    // `implicit_some` lets authors write `note: (zh: …, en: …)` instead of `note: Some((…))`.
    let options = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING);
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let sc: Scenario = options.from_str(src).map_err(|e| {
        vec![Diagnostic {
            file: file.to_string(),
            line: e.span.start.line,
            col: e.span.start.col,
            message: super::ron_error::explain(&e.code),
        }]
    })?;
    Ok(sc)
}

/// Loads one scenario file.
pub fn load_file(path: &Path) -> Result<Compiled, Vec<Diagnostic>> {
    let file = path.display().to_string();
    let src = read_text(path, MAX_SCENARIO_BYTES).map_err(|e| {
        vec![Diagnostic {
            file: file.clone(),
            line: e.line,
            col: e.col,
            message: if e.message.en.starts_with("the file is empty") {
                Text::new("不是场景文件（文件为空）", "not a scenario file (the file is empty)")
            } else {
                e.message
            },
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
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Text> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let rd = std::fs::read_dir(p).map_err(|e| {
                Text::new(
                    format!("{}：无法列出目录内容：{e}", p.display()),
                    format!("{}: cannot list: {e}", p.display()),
                )
            })?;
            let mut files: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "ron"))
                .collect();
            files.sort();
            out.extend(files);
        } else if std::fs::symlink_metadata(p).is_ok() {
            // A file, or something that is not one (a pipe, a device, a dangling link): loading
            // it says precisely what is wrong.
            out.push(p.clone());
        } else {
            return Err(Text::new(
                format!("{}：没有这个文件或目录", p.display()),
                format!("{}: no such file or directory", p.display()),
            ));
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
                        line: sc.id_at.0,
                        col: sc.id_at.1,
                        message: id_in_use(&sc.id, &prev.source),
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

/// Why no scenario directory could be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioDirError {
    /// `--scenarios DIR` is not a directory.
    FlagNotADir(PathBuf),
    /// `SERVICE_ARENA_SCENARIOS` names something that is not a directory.
    EnvNotADir(PathBuf),
    /// None of the default places exists.
    NotFound(Vec<PathBuf>),
}

impl ScenarioDirError {
    pub fn text(&self) -> Text {
        match self {
            ScenarioDirError::FlagNotADir(d) => Text::new(
                format!("--scenarios {}：不是目录", d.display()),
                format!("--scenarios {}: not a directory", d.display()),
            ),
            ScenarioDirError::EnvNotADir(d) => Text::new(
                format!("{SCENARIOS_ENV}={}：不是目录", d.display()),
                format!("{SCENARIOS_ENV}={}: not a directory", d.display()),
            ),
            ScenarioDirError::NotFound(tried) => {
                let list = tried
                    .iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                Text::new(
                    format!("找不到场景目录（试过 {list}）；请用 --scenarios DIR 指定"),
                    format!("no scenario directory found (tried {list}); pass --scenarios DIR"),
                )
            }
        }
    }
}

/// Environment variable naming the scenario directory.
pub const SCENARIOS_ENV: &str = "SERVICE_ARENA_SCENARIOS";

/// Where scenarios are looked for, in order: `flag` (`--scenarios`), then `$SERVICE_ARENA_SCENARIOS`,
/// then `scenarios/` in the working directory, then `built_in` (the checkout the program was built
/// from). The first that is given, or the first default that exists, is used.
pub fn scenario_dir(flag: Option<&Path>, built_in: &Path) -> Result<PathBuf, ScenarioDirError> {
    if let Some(d) = flag {
        return if d.is_dir() {
            Ok(d.to_path_buf())
        } else {
            Err(ScenarioDirError::FlagNotADir(d.to_path_buf()))
        };
    }
    if let Ok(d) = std::env::var(SCENARIOS_ENV) {
        let d = PathBuf::from(d);
        return if d.is_dir() {
            Ok(d)
        } else {
            Err(ScenarioDirError::EnvNotADir(d))
        };
    }
    let tried = [PathBuf::from("scenarios"), built_in.to_path_buf()];
    match tried.iter().find(|d| d.is_dir()) {
        Some(d) => Ok(d.clone()),
        None => Err(ScenarioDirError::NotFound(tried.to_vec())),
    }
}
