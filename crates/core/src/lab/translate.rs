//! Translation export and import: every text of a scenario file to a CSV a translator opens in
//! Excel (key, zh, en), and the CSV back into the file. Import edits only the quoted texts in the
//! file's own source, so comments, layout and everything else stay as they were.

use std::collections::{BTreeMap, HashMap};

use crate::engine::load::parse_scenario;
use crate::engine::texts::{TextKey, texts};
use crate::engine::{Diagnostic, Lang, Text};
use crate::workshop::csv;

/// The CSV's header row.
pub const HEADER: [&str; 3] = ["key", "zh", "en"];

/// Every text of the scenario in `src` as CSV: UTF-8 with a byte-order mark, CRLF line ends, one
/// row per text in file order, cells that look like formulas neutralised.
pub fn export(src: &str, file: &str) -> Result<String, Vec<Diagnostic>> {
    let sc = parse_scenario(src, file)?;
    let mut out = String::from(csv::BOM);
    let mut row = |cells: [&str; 3]| {
        let cells: Vec<String> = cells.iter().map(|c| csv::field(&csv::text(c))).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    row(HEADER);
    for (key, t) in texts(&sc) {
        row([&key.code(), &t.zh, &t.en]);
    }
    Ok(out)
}

/// Why a CSV could not be imported. The message is in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError(pub Text);

fn fail(zh: String, en: String) -> ImportError {
    ImportError(Text::new(zh, en))
}

/// What an import changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// The new source text of the scenario file.
    pub source: String,
    /// How many texts (one language of one key) changed.
    pub changed: usize,
}

/// The scenario `src` with the texts of `csv_text` written into it. Rows are matched by key; a
/// key the file does not have, a key given twice or a missing row is an error (nothing is
/// written). An empty cell where the file has no text in that language leaves it absent.
pub fn import(src: &str, file: &str, csv_text: &str) -> Result<Imported, ImportError> {
    let diags = |ds: Vec<Diagnostic>| {
        let zh: Vec<String> = ds.iter().map(|d| d.show(Lang::Zh)).collect();
        let en: Vec<String> = ds.iter().map(|d| d.show(Lang::En)).collect();
        fail(zh.join("\n"), en.join("\n"))
    };
    let sc = parse_scenario(src, file).map_err(diags)?;
    let rows = csv::parse(csv_text).map_err(|e| fail(format!("CSV 格式有误：{e}"), format!("bad CSV: {e}")))?;
    let Some((head, rows)) = rows.split_first() else {
        return Err(fail("CSV 是空的".into(), "the CSV is empty".into()));
    };
    if head.iter().map(|h| h.trim()).ne(HEADER) {
        return Err(fail(
            format!("CSV 的第一行应该是 {}，而不是 {}", HEADER.join(","), head.join(",")),
            format!(
                "the CSV's first row must be {}, not {}",
                HEADER.join(","),
                head.join(",")
            ),
        ));
    }
    let mut given: BTreeMap<String, (usize, Text)> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        let line = i + 2;
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if r.len() != 3 {
            return Err(fail(
                format!("CSV 第 {line} 行有 {} 列，应该是 3 列（key、zh、en）", r.len()),
                format!("CSV row {line} has {} cells, not 3 (key, zh, en)", r.len()),
            ));
        }
        let key = r[0].trim().to_string();
        if let Some((first, _)) = given.insert(key.clone(), (line, Text::new(r[1].clone(), r[2].clone()))) {
            return Err(fail(
                format!("CSV 第 {line} 行的 key“{key}”在第 {first} 行已经出现过"),
                format!("CSV row {line}: key \"{key}\" was already given in row {first}"),
            ));
        }
    }
    let keys: Vec<(TextKey, Text)> = texts(&sc).into_iter().map(|(k, t)| (k, t.clone())).collect();
    let known: HashMap<String, &Text> = keys.iter().map(|(k, t)| (k.code(), t)).collect();
    if let Some((key, (line, _))) = given.iter().find(|(k, _)| !known.contains_key(k.as_str())) {
        return Err(fail(
            format!("CSV 第 {line} 行的 key“{key}”在场景文件里找不到（节点或选项改过名或顺序？）"),
            format!(
                "CSV row {line}: the scenario has no text \"{key}\" (was a node renamed or were options reordered?)"
            ),
        ));
    }
    if let Some((key, _)) = keys.iter().find(|(k, _)| !given.contains_key(&k.code())) {
        let key = key.code();
        return Err(fail(
            format!("CSV 里缺少 key“{key}”这一行（每段文字都要有一行）"),
            format!("the CSV has no row for \"{key}\" (every text needs one)"),
        ));
    }

    let places = locate(src);
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut changed = 0;
    for (key, old) in &keys {
        let code = key.code();
        let new = &given[&code].1;
        let place = places.get(&code).ok_or_else(|| {
            fail(
                format!("在文件里找不到“{code}”的位置（请用普通的 (zh: \"…\", en: \"…\") 写法）"),
                format!("cannot find \"{code}\" in the file's text (write it as (zh: \"…\", en: \"…\"))"),
            )
        })?;
        for lang in Lang::ALL {
            let (before, after) = (old.get(lang), new.get(lang));
            if before == after || (after.is_empty() && place.field(lang).is_none()) {
                continue;
            }
            changed += 1;
            match place.field(lang) {
                Some((start, end)) => edits.push((start, end, quote(after))),
                None => {
                    let sep = if place.empty {
                        ""
                    } else if place.trailing_comma {
                        " "
                    } else {
                        ", "
                    };
                    edits.push((
                        place.close,
                        place.close,
                        format!("{sep}{}: {}", lang.code(), quote(after)),
                    ));
                }
            }
        }
    }
    edits.sort_by_key(|e| std::cmp::Reverse((e.0, e.1)));
    let mut out = src.to_string();
    for (start, end, text) in edits {
        out.replace_range(start..end, &text);
    }
    // The result must read back as exactly the texts asked for, everything else unchanged.
    let check = parse_scenario(&out, file).map_err(diags)?;
    let got: HashMap<String, Text> = texts(&check).into_iter().map(|(k, t)| (k.code(), t.clone())).collect();
    for (code, (_, want)) in &given {
        if got.get(code) != Some(want) {
            return Err(fail(
                format!("写回“{code}”失败，文件没有改动"),
                format!("writing \"{code}\" back failed; the file was not changed"),
            ));
        }
    }
    Ok(Imported { source: out, changed })
}

/// A text as a RON string literal.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Where one text group `( … )` is in the source.
#[derive(Debug, Default)]
struct Place {
    /// Byte spans of the `zh` and `en` string literals.
    zh: Option<(usize, usize)>,
    en: Option<(usize, usize)>,
    /// Byte offset of the closing `)`.
    close: usize,
    /// Nothing inside the brackets; the last thing before `)` is a comma.
    empty: bool,
    trailing_comma: bool,
}

impl Place {
    fn field(&self, lang: Lang) -> Option<(usize, usize)> {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

#[derive(Debug)]
enum Tok {
    Str(usize, usize),
    Ident(String),
    Punct(u8),
    Other,
}

/// The tokens of RON text with their byte offsets; comments and whitespace skipped.
fn tokens(src: &str) -> Vec<(usize, Tok)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == b'"' {
            let start = i;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(b.len());
            out.push((start, Tok::Str(start, i)));
        } else if c == b'r' && matches!(b.get(i + 1), Some(b'"' | b'#')) {
            // A raw string: r"…", r#"…"#.
            let start = i;
            let mut j = i + 1;
            while b.get(j) == Some(&b'#') {
                j += 1;
            }
            let hashes = j - i - 1;
            let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
            j += 1;
            while j < b.len() && !b[j..].starts_with(&close) {
                j += 1;
            }
            i = (j + close.len()).min(b.len());
            out.push((start, Tok::Str(start, i)));
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push((start, Tok::Ident(src[start..i].to_string())));
        } else if b"()[]{},:".contains(&c) {
            out.push((i, Tok::Punct(c)));
            i += 1;
        } else {
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !b"()[]{},:\"/".contains(&b[i]) {
                i += 1;
            }
            i = i.max(start + 1);
            out.push((start, Tok::Other));
        }
    }
    out
}

/// The value of a plain RON string literal (no raw strings; escapes undone well enough to name a
/// map key).
fn unquote(lit: &str) -> String {
    let inner = lit.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(lit);
    inner.replace("\\\"", "\"").replace("\\\\", "\\")
}

/// Every text group of a scenario's source by key code: a walk over the tokens that keeps the
/// path of field names, map keys and list positions, and maps the paths of text groups to keys.
fn locate(src: &str) -> HashMap<String, Place> {
    struct Frame {
        open: u8,
        key: Option<String>,
        index: usize,
        empty: bool,
        last_comma: bool,
        zh: Option<(usize, usize)>,
        en: Option<(usize, usize)>,
    }
    let toks = tokens(src);
    let mut stack: Vec<Frame> = Vec::new();
    let mut found = HashMap::new();
    // The item ids by list, in order, to name `facts.bad_news[i].label` by its id.
    let mut item_ids: HashMap<String, Vec<String>> = HashMap::new();
    let path = |stack: &[Frame]| -> Vec<String> {
        stack
            .iter()
            .filter_map(|f| match f.open {
                b'[' => Some(f.index.to_string()),
                _ => f.key.clone(),
            })
            .collect()
    };
    let is_colon = |k: usize| matches!(toks.get(k + 1), Some((_, Tok::Punct(b':'))));
    for (k, (_, t)) in toks.iter().enumerate() {
        if let Some(f) = stack.last_mut()
            && !matches!(t, Tok::Punct(b')' | b']' | b'}'))
        {
            f.empty = false;
            f.last_comma = matches!(t, Tok::Punct(b','));
        }
        match t {
            Tok::Punct(c @ (b'(' | b'[' | b'{')) => stack.push(Frame {
                open: *c,
                key: None,
                index: 0,
                empty: true,
                last_comma: false,
                zh: None,
                en: None,
            }),
            Tok::Punct(b')' | b']' | b'}') => {
                let Some(f) = stack.pop() else { break };
                if f.open == b'(' {
                    let p = path(&stack);
                    if let Some(code) = code_of(&p, &item_ids) {
                        // The innermost group wins (`note: Some((zh: …))` closes twice).
                        found.entry(code).or_insert(Place {
                            zh: f.zh,
                            en: f.en,
                            close: toks[k].0,
                            empty: f.empty,
                            trailing_comma: f.last_comma,
                        });
                    }
                }
            }
            Tok::Punct(b',') => {
                if let Some(f) = stack.last_mut() {
                    if f.open == b'[' {
                        f.index += 1;
                    } else {
                        f.key = None;
                    }
                }
            }
            Tok::Ident(name) if is_colon(k) => {
                if let Some(f) = stack.last_mut() {
                    f.key = Some(name.clone());
                }
            }
            Tok::Str(s, e) if is_colon(k) => {
                if let Some(f) = stack.last_mut() {
                    f.key = Some(unquote(&src[*s..*e]));
                }
            }
            Tok::Str(s, e) => {
                let p = path(&stack);
                let Some(f) = stack.last_mut() else { continue };
                match f.key.as_deref() {
                    Some("zh") => f.zh = Some((*s, *e)),
                    Some("en") => f.en = Some((*s, *e)),
                    Some("id") if p.len() == 4 && p[0] == "facts" => {
                        let ids = item_ids.entry(p[1].clone()).or_default();
                        let i: usize = p[2].parse().unwrap_or(usize::MAX);
                        if ids.len() == i {
                            ids.push(unquote(&src[*s..*e]));
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    found
}

/// The key code of the text group at `path` (field names, map keys, list positions from the
/// scenario down), if it is one.
fn code_of(path: &[String], items: &HashMap<String, Vec<String>>) -> Option<String> {
    let p: Vec<&str> = path.iter().map(|s| s.as_str()).collect();
    let key = match p[..] {
        ["title"] => TextKey::Title,
        ["briefing"] => TextKey::Briefing,
        ["goal"] => TextKey::Goal,
        ["customer", "name"] => TextKey::CustomerName,
        ["facts", list @ ("bad_news" | "info" | "rituals"), i, "label"] => {
            let id = items.get(list)?.get(i.parse::<usize>().ok()?)?.clone();
            let list = match list {
                "bad_news" => "bad_news",
                "info" => "info",
                _ => "rituals",
            };
            TextKey::Item { list, id }
        }
        ["nodes", node, "customer"] => TextKey::Customer { node: node.into() },
        ["nodes", node, "text"] => TextKey::Ending { node: node.into() },
        ["nodes", node, "options", i, "text"] => TextKey::Option {
            node: node.into(),
            option: i.parse::<usize>().ok()? + 1,
        },
        ["nodes", node, "options", i, "note"] => TextKey::Note {
            node: node.into(),
            option: i.parse::<usize>().ok()? + 1,
        },
        _ => return None,
    };
    Some(key.code())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"// A comment that must survive.
Scenario(
    id: "t",
    title: (zh: "标题", en: "Title"),
    briefing: (zh: "说明"),
    goal: (zh: "目标", en: "Goal",),
    customer: (name: (zh: "王先生", en: "Mr Wang"), archetype: angry, start: (satisfaction: 30, anger: 70)),
    facts: (bad_news: [(id: "late", label: (zh: "晚到", en: "the delay"))]),
    start: "a",
    nodes: {
        "a": turn(
            customer: (zh: "怎么回事？", en: "What happened?"),
            options: [
                (text: (zh: "抱歉", en: "Sorry"), acts: [apologize], next: goto("won"), note: (zh: "好", en: "Good")),
                (text: (zh: "=1+1", en: "Not \"me\""), acts: [excuse], next: goto("won")),
            ],
        ),
        "won": end(outcome: won_over, text: (zh: "好", en: "Good")),
    },
)"#;

    #[test]
    fn export_lists_every_text_with_its_key_and_neutralises_formulas() {
        let csv = export(SRC, "t.ron").unwrap();
        assert!(csv.starts_with("\u{feff}key,zh,en\r\n"), "{csv}");
        let rows = csv::parse_raw(&csv).unwrap();
        let keys: Vec<&str> = rows.iter().skip(1).map(|r| r[0].as_str()).collect();
        assert_eq!(
            keys,
            [
                "title",
                "briefing",
                "goal",
                "customer.name",
                "bad_news.late",
                "node.a.customer",
                "node.a.1.text",
                "node.a.1.note",
                "node.a.2.text",
                "node.won.text"
            ]
        );
        assert_eq!(rows[9][1], "'=1+1", "a formula-like cell is neutralised");
        assert_eq!(rows[9][2], "Not \"me\"");
        assert_eq!(rows[2], ["briefing", "说明", ""]);
    }

    #[test]
    fn import_of_the_export_changes_nothing_and_edits_only_the_texts() {
        let csv = export(SRC, "t.ron").unwrap();
        let same = import(SRC, "t.ron", &csv).unwrap();
        assert_eq!((same.source.as_str(), same.changed), (SRC, 0));

        let edited = csv
            .replace("briefing,说明,", "briefing,说明,\"The \"\"briefing\"\", new\"")
            .replace(",Goal\r\n", ",\r\n")
            .replace("'=1+1", "'=2+2")
            .replace("晚到", "迟到");
        let out = import(SRC, "t.ron", &edited).unwrap();
        assert_eq!(out.changed, 4);
        assert!(out.source.starts_with("// A comment that must survive.\n"));
        assert!(
            out.source
                .contains(r#"briefing: (zh: "说明", en: "The \"briefing\", new"),"#),
            "{}",
            out.source
        );
        assert!(out.source.contains(r#"goal: (zh: "目标", en: "",),"#), "{}", out.source);
        assert!(out.source.contains(r#"(zh: "=2+2", en: "Not \"me\"")"#));
        assert!(out.source.contains(r#"label: (zh: "迟到", en: "the delay")"#));
        let sc = parse_scenario(&out.source, "t.ron").unwrap();
        assert_eq!(sc.briefing.en, "The \"briefing\", new");
    }

    #[test]
    fn import_refuses_unknown_missing_and_repeated_keys() {
        let csv = export(SRC, "t.ron").unwrap();
        let err = |c: &str| import(SRC, "t.ron", c).unwrap_err().0;
        let e = err(&csv.replace("node.a.2.text", "node.a.3.text"));
        assert!(
            e.en.contains("no text \"node.a.3.text\"") && e.zh.contains("找不到"),
            "{e:?}"
        );
        let e = err(&csv.replace("title,标题,Title\r\n", ""));
        assert!(e.en.contains("no row for \"title\""), "{e:?}");
        let e = err(&format!("{csv}title,a,b\r\n"));
        assert!(e.en.contains("already given in row 2"), "{e:?}");
        let e = err(&csv.replace("key,zh,en", "id,zh,en"));
        assert!(e.en.contains("first row must be key,zh,en"), "{e:?}");
        let e = err(&csv.replace("title,标题,Title", "title,标题"));
        assert!(e.en.contains("row 2 has 2 cells"), "{e:?}");
    }
}
