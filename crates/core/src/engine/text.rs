//! Bilingual text: every line the player or trainer reads exists in zh-CN and en.

use serde::{Deserialize, Serialize};

/// Display language. zh-CN is the primary language of the course.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" | "chinese" => Some(Lang::Zh),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A piece of text in both languages. In scenario files: `(zh: "……", en: "……")`.
/// A missing side deserialises as empty and is reported by validation as a missing translation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    #[serde(default)]
    pub zh: String,
    #[serde(default)]
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// The languages whose text is empty (after trimming).
    pub fn missing(&self) -> impl Iterator<Item = Lang> + '_ {
        Lang::ALL.into_iter().filter(|l| self.get(*l).trim().is_empty())
    }
}

/// Characters that must not begin a line (Chinese 避头点, the kinsoku rule): closing brackets and
/// quotes, sentence and clause punctuation, and the second half of paired marks such as "……".
pub fn no_line_start(c: char) -> bool {
    "，。、；：？！）】」』”’》〉〕｝〗〙…·～%,.;:?!)]}>".contains(c)
}

/// Characters that must not end a line (避尾点): opening brackets and quotes.
pub fn no_line_end(c: char) -> bool {
    "（【「『“‘《〈〔｛〖〘([{<".contains(c)
}

/// Ideographs, kana and full-width forms: a line may break between any two of them.
fn breaks_freely(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}'
        | '…' | '—' | '“' | '”' | '‘' | '’')
}

/// May a line end after `a` when `b` follows? Spaces are handled by the wrapper.
pub fn may_break_between(a: char, b: char) -> bool {
    if no_line_start(b) || no_line_end(a) {
        return false;
    }
    // "——" and "……" stay whole.
    if a == b && (a == '—' || a == '…') {
        return false;
    }
    breaks_freely(a) || breaks_freely(b) || a == '-' || a == '/'
}

/// Breaks `text` into lines no wider than `max`, where `advance(i, c)` is the width of the `i`th
/// character `c`. Breaks at spaces and between Chinese characters, never before closing
/// punctuation or after opening punctuation (the character before is carried to the next line
/// with it); a word longer than a line is cut where it must be. Spaces at a break are dropped;
/// `\n` always breaks. Returns each line's byte range in `text`.
pub fn line_breaks(text: &str, max: f32, mut advance: impl FnMut(usize, char) -> f32) -> Vec<std::ops::Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let widths: Vec<f32> = chars.iter().enumerate().map(|(i, &(_, c))| advance(i, c)).collect();
    let byte = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut lines = Vec::new();
    let mut i = 0;
    while i <= chars.len() {
        // Skip the spaces a break left at the start of a line.
        while i < chars.len() && chars[i].1 == ' ' {
            i += 1;
        }
        let start = i;
        let mut width = 0.0;
        // The last place this line may end (exclusive char index), and where the next one starts.
        let mut last_break: Option<(usize, usize)> = None;
        let mut end = None;
        while i < chars.len() {
            let c = chars[i].1;
            if c == '\n' {
                end = Some((i, i + 1));
                break;
            }
            if c == ' ' {
                let mut j = i;
                while j < chars.len() && chars[j].1 == ' ' {
                    j += 1;
                }
                last_break = Some((i, j));
            } else if i > start && may_break_between(chars[i - 1].1, c) {
                last_break = Some((i, i));
            }
            if c != ' ' && width + widths[i] > max && i > start {
                end = Some(match last_break {
                    Some(b) if b.0 > start => b,
                    // One word wider than the line: cut it, keeping closing punctuation with
                    // the character before when there is room to.
                    _ if no_line_start(c) && i - 1 > start => (i - 1, i - 1),
                    _ => (i, i),
                });
                break;
            }
            width += widths[i];
            i += 1;
        }
        match end {
            Some((e, next)) => {
                let mut e2 = e;
                while e2 > start && chars[e2 - 1].1 == ' ' {
                    e2 -= 1;
                }
                lines.push(byte(start)..byte(e2));
                i = next;
                if next == chars.len() && chars.last().is_some_and(|c| c.1 == '\n') {
                    lines.push(text.len()..text.len());
                    break;
                }
            }
            None => {
                let mut e2 = chars.len();
                while e2 > start && chars[e2 - 1].1 == ' ' {
                    e2 -= 1;
                }
                if start < chars.len() || lines.is_empty() {
                    lines.push(byte(start)..byte(e2));
                }
                break;
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(text: &str, max: f32) -> Vec<&str> {
        // Chinese and full-width characters two columns wide, everything else one (a terminal).
        line_breaks(text, max, |_, c| if breaks_freely(c) { 2.0 } else { 1.0 })
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn chinese_breaks_between_characters_but_never_before_closing_punctuation() {
        let s = "我现在就调您近半年的抄表记录，大约两分钟，您方便稍等吗？";
        for max in 4..40 {
            let lines = wrap(s, max as f32);
            assert_eq!(lines.concat(), s, "nothing lost at width {max}");
            for l in &lines[1..] {
                let first = l.chars().next().unwrap();
                assert!(
                    !no_line_start(first),
                    "width {max}: a line starts with {first}: {lines:?}"
                );
            }
        }
        // Width 28 fits 14 characters; the 14th is followed by "，", so 录 moves down with it.
        assert_eq!(wrap(s, 28.0)[0], "我现在就调您近半年的抄表记");
    }

    #[test]
    fn opening_punctuation_stays_with_what_follows_and_paired_dashes_stay_whole() {
        let lines = wrap("请看（附件）和“说明”", 8.0);
        assert_eq!(lines.concat(), "请看（附件）和“说明”");
        assert!(
            lines.iter().all(|l| !l.ends_with('（') && !l.ends_with('“')),
            "{lines:?}"
        );
        let lines = wrap("稍等……好的", 6.0);
        assert!(lines.iter().all(|l| !l.starts_with('…')), "{lines:?}");
    }

    #[test]
    fn english_breaks_at_spaces_and_drops_them_and_a_long_word_is_cut() {
        assert_eq!(
            wrap("Hello Mr Zhou, it takes two minutes.", 14.0),
            ["Hello Mr Zhou,", "it takes two", "minutes."]
        );
        assert_eq!(wrap("abcdefghij", 4.0), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\nb", 10.0), ["a", "b"]);
        assert_eq!(wrap("", 10.0), [""]);
        // Mixed: a break may fall between Latin and Chinese.
        assert_eq!(wrap("386比平时多", 7.0), ["386比平", "时多"]);
    }
}
