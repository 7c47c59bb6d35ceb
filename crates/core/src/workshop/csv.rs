//! CSV export that Excel opens correctly with Chinese text: UTF-8 with a byte-order mark, CRLF line
//! ends, RFC 4180 quoting. Layout in docs/workshop.md ("CSV export").

use super::model::Workshop;
use crate::engine::Principle;
use crate::engine::scoring::PRINCIPLES;
use crate::practice::PracticeRun;

/// The UTF-8 byte-order mark Excel needs to read the file as UTF-8.
pub const BOM: &str = "\u{feff}";

/// Quotes a field when it holds a comma, quote, or line break (quotes doubled).
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"):
/// `=HYPERLINK(…)` in a team name would run when the export is opened in Excel.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn formula_like(s: &str) -> bool {
    s.starts_with(FORMULA_START) || s.strip_prefix('\'').is_some_and(formula_like)
}

/// A cell of text typed by a person (a name, a reason): one `'` is put in front when it starts like
/// a formula, so spreadsheets show it as text; [`parse`] takes it off again. Numbers are written
/// without it (a negative growth stays a number).
pub fn text(s: &str) -> String {
    if formula_like(s) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The text a cell written by [`text`] stood for.
pub fn untext(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => cell,
    }
}

fn line(out: &mut String, fields: &[String]) {
    out.push_str(&fields.iter().map(|f| field(f)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
}

fn num(v: f32) -> String {
    format!("{v:.1}")
}

/// The fixed columns, then one column per principle ("peak_end 峰终体验", …).
fn header(fixed: &[&str]) -> Vec<String> {
    let principles = PRINCIPLES.iter().map(|p| format!("{} {}", p.id(), p.label().zh));
    fixed.iter().map(|s| s.to_string()).chain(principles).collect()
}

/// One cell per principle, in header order: the score, or empty when the run has none for it.
fn principle_cells(scores: &[(Principle, f32)]) -> impl Iterator<Item = String> + '_ {
    PRINCIPLES.iter().map(|p| {
        scores
            .iter()
            .find(|(q, _)| q == p)
            .map(|(_, s)| num(*s))
            .unwrap_or_default()
    })
}

fn choices_cell(choices: &[usize]) -> String {
    choices.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(" ")
}

/// One row per team per round: the round's result and one column per principle (empty when the
/// scenario does not test it or the team did not play). The header has both languages.
pub fn workshop(ws: &Workshop) -> String {
    let mut out = String::from(BOM);
    let head = header(&[
        "workshop 工作坊",
        "round 轮次",
        "scenario 场景",
        "seed 种子",
        "team 队伍",
        "status 状态",
        "rank 名次",
        "total 总分",
        "growth 进步",
        "outcome 结果",
        "choices 选择",
        "note 备注",
    ]);
    line(&mut out, &head);
    // One pass over the runs and skips, so the export is linear in rounds (it used to look every
    // team's run up in the whole list, and rank every earlier round again, for every round).
    use std::collections::HashMap;
    let mut active: HashMap<(usize, usize), &super::model::TeamRun> = HashMap::new();
    let mut redos: HashMap<(usize, usize), Vec<String>> = HashMap::new();
    for x in &ws.runs {
        match &x.redone {
            None => {
                active.insert((x.round, x.team), x);
            }
            Some(why) => redos
                .entry((x.round, x.team))
                .or_default()
                .push(format!("redo {:.1}: {why}", x.total)),
        }
    }
    let mut skips: HashMap<(usize, usize), &str> = HashMap::new();
    for s in &ws.skips {
        skips.insert((s.round, s.team), s.reason.as_str());
    }
    let teams = ws.setup.teams.len();
    let mut before: Vec<Option<f32>> = vec![None; teams];
    for (ri, round) in ws.setup.rounds.iter().enumerate() {
        let r = ri + 1;
        let scores: Vec<Option<f32>> = (0..teams).map(|t| active.get(&(r, t)).map(|x| x.total)).collect();
        let rank = super::rules::ranks(&scores);
        for (t, team) in ws.setup.teams.iter().enumerate() {
            let run = active.get(&(r, t)).copied();
            let (status, note) = match (run, skips.get(&(r, t))) {
                (Some(_), _) => ("played", String::new()),
                (None, Some(why)) => ("skipped", why.to_string()),
                (None, None) => ("waiting", String::new()),
            };
            let note = [note]
                .into_iter()
                .chain(redos.get(&(r, t)).into_iter().flatten().cloned())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
            let growth = match (r > 1, scores[t], before[t]) {
                (true, Some(n), Some(b)) => Some((super::rules::tenths(n) - super::rules::tenths(b)) as f32 / 10.0),
                _ => None,
            };
            let mut f = vec![
                text(&ws.setup.name),
                r.to_string(),
                text(&round.scenario),
                round.seed.to_string(),
                text(&team.name),
                status.to_string(),
                rank[t].map(|k| k.to_string()).unwrap_or_default(),
                run.map(|x| num(x.total)).unwrap_or_default(),
                growth.map(num).unwrap_or_default(),
                run.and_then(|x| x.outcome.clone()).unwrap_or_default(),
                run.map(|x| choices_cell(&x.choices)).unwrap_or_default(),
                text(&note),
            ];
            f.extend(principle_cells(run.map_or(&[], |x| &x.principles)));
            line(&mut out, &f);
        }
        before = scores;
    }
    out
}

/// A person's practice history: one row per run, oldest first, one column per principle.
pub fn practice(runs: &[PracticeRun]) -> String {
    let mut out = String::from(BOM);
    let head = header(&[
        "player 学员",
        "finished_at_utc 完成时间(UTC)",
        "scenario 场景",
        "seed 种子",
        "total 总分",
        "outcome 结果",
        "choices 选择",
    ]);
    line(&mut out, &head);
    for r in runs {
        let mut f = vec![
            text(&r.player),
            utc(r.finished_at),
            text(&r.scenario),
            r.seed.to_string(),
            num(r.total),
            r.outcome.clone().unwrap_or_default(),
            choices_cell(&r.choices),
        ];
        f.extend(principle_cells(&r.principles));
        line(&mut out, &f);
    }
    out
}

/// `YYYY-MM-DD HH:MM:SS` for unix seconds (UTC), without a date crate.
pub fn utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Parses CSV text written by this module back into rows of fields (BOM stripped, the `'` that
/// [`text`] adds taken off). Used by the round-trip tests and by anyone re-importing an export.
pub fn parse(text: &str) -> Result<Vec<Vec<String>>, String> {
    let rows = parse_raw(text)?;
    Ok(rows
        .into_iter()
        .map(|r| r.into_iter().map(|c| untext(&c).to_string()).collect())
        .collect())
}

/// The cells exactly as written.
pub fn parse_raw(text: &str) -> Result<Vec<Vec<String>>, String> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut started = false;
    while let Some(c) = chars.next() {
        started = true;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cur.push('"');
                }
                '"' => quoted = false,
                _ => cur.push(c),
            }
            continue;
        }
        match c {
            '"' if cur.is_empty() => quoted = true,
            ',' => row.push(std::mem::take(&mut cur)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                row.push(std::mem::take(&mut cur));
                rows.push(std::mem::take(&mut row));
                started = false;
            }
            _ => cur.push(c),
        }
    }
    if quoted {
        return Err("unterminated quoted field".into());
    }
    if started {
        row.push(cur);
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip_through_quoting() {
        let rows = vec![
            vec![
                "红队, \"先锋\"".to_string(),
                "a\r\nb".into(),
                String::new(),
                "plain".into(),
            ],
            vec!["x".into(), "".into(), "y".into(), "\"".into()],
        ];
        let mut text = String::from(BOM);
        for r in &rows {
            line(&mut text, r);
        }
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(parse(&text).unwrap(), rows);
        assert!(parse("\"open").is_err());
    }

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01 00:00:00");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00");
        assert_eq!(utc(1_700_000_000), "2023-11-14 22:13:20");
    }
}
