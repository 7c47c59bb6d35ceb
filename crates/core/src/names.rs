//! Names people type (workshops, teams, members, players) and short texts (slogans, reasons): what
//! is accepted, and the one form that is stored. A name is trimmed and put in Unicode NFC, so two
//! ways of typing the same letters are one name; control characters (terminal escapes, NUL, line
//! breaks) and invisible direction or width marks are refused, since they would rewrite the
//! trainer's terminal, print fake lines, or make two different-looking names equal.

use unicode_normalization::UnicodeNormalization;

use crate::engine::Text;

/// Longest name, in characters (a team, a member, a player, a workshop).
pub const MAX_NAME_CHARS: usize = 40;
/// Longest short text, in characters (a slogan, a reward or penalty, a skip or redo reason).
pub const MAX_TEXT_CHARS: usize = 200;

/// Characters that are never part of a name or a short text: C0/C1 controls (ESC, NUL, CR, LF,
/// TAB, DEL, …), bidirectional marks and overrides, zero-width characters, line and paragraph
/// separators, the byte-order mark.
pub fn forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// The stored form of `raw`: trimmed, NFC. Does not check anything (used to look names up).
pub fn normal(raw: &str) -> String {
    raw.trim().nfc().collect()
}

/// Checks and normalises a name. `what` names it in the message, in English and Chinese
/// (e.g. `("team name", "队名")`).
pub fn name(raw: &str, what: (&str, &str)) -> Result<String, String> {
    check_name(raw, what).map_err(both)
}

/// Checks and normalises a short free text; it may be empty.
pub fn text(raw: &str, what: (&str, &str)) -> Result<String, String> {
    check_text(raw, what).map_err(both)
}

/// [`name`], with the message in each language apart (a form shows the one the user reads).
pub fn check_name(raw: &str, what: (&str, &str)) -> Result<String, Text> {
    checked(raw, what, MAX_NAME_CHARS, false)
}

/// [`text`], with the message in each language apart.
pub fn check_text(raw: &str, what: (&str, &str)) -> Result<String, Text> {
    checked(raw, what, MAX_TEXT_CHARS, true)
}

/// "English / 中文", as the terminal prints it.
fn both(t: Text) -> String {
    format!("{} / {}", t.en, t.zh)
}

fn checked(raw: &str, (en, zh): (&str, &str), max: usize, empty_ok: bool) -> Result<String, Text> {
    if let Some(c) = raw.chars().find(|c| forbidden(*c)) {
        let (shown, code) = (shown(raw), c as u32);
        return Err(Text::new(
            format!("{zh}含有不可见字符或控制字符（U+{code:04X}）"),
            format!("{en} {shown:?} contains the invisible or control character U+{code:04X}; type it without"),
        ));
    }
    let s = normal(raw);
    if s.is_empty() && !empty_ok {
        return Err(Text::new(format!("{zh}不能为空"), format!("the {en} is blank")));
    }
    let n = s.chars().count();
    if n > max {
        return Err(Text::new(
            format!("{zh}过长（{n} 个字符，上限 {max}）"),
            format!("{en} is {n} characters long; at most {max}"),
        ));
    }
    Ok(s)
}

/// The first characters of `raw` for a message, controls made visible.
fn shown(raw: &str) -> String {
    let mut s: String = raw
        .chars()
        .take(30)
        .map(|c| if forbidden(c) { '\u{FFFD}' } else { c })
        .collect();
    if raw.chars().count() > 30 {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_normalised_bounded_and_clean() {
        let what = ("team name", "队名");
        assert_eq!(name("  红队 ", what).unwrap(), "红队");
        // e + combining acute (NFD) and é (NFC) are one name.
        assert_eq!(name("Cafe\u{301}", what).unwrap(), name("Caf\u{e9}", what).unwrap());
        for bad in [
            "\u{1b}[2J",
            "a\nb",
            "a\0",
            "\u{200f}abc",
            "\u{202e}abc",
            "a\tb",
            "x\u{7f}",
        ] {
            let e = name(bad, what).unwrap_err();
            assert!(e.contains("control character U+") && e.contains("队名"), "{bad:?}: {e}");
            assert!(
                !e.contains('\u{1b}') && !e.contains('\n'),
                "the message itself is clean"
            );
        }
        assert!(name("   ", what).unwrap_err().contains("blank"));
        assert!(
            name(&"长".repeat(41), what)
                .unwrap_err()
                .contains("41 characters long; at most 40")
        );
        assert_eq!(name(&"长".repeat(40), what).unwrap().chars().count(), 40);
        assert_eq!(text("", ("reason", "原因")).unwrap(), "");
    }
}
