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

/// Chinese line breaking (禁则, kinsoku): closing punctuation never starts a line and opening
/// punctuation never ends one. Any two Chinese characters may be split; Latin words only at spaces.
pub mod kinsoku {
    /// Marks that must not begin a line: closing brackets and quotes, sentence and clause
    /// punctuation (full-width and ASCII), the ellipsis and the dash.
    pub fn no_line_start(c: char) -> bool {
        matches!(
            c,
            '，' | '。'
                | '、'
                | '；'
                | '：'
                | '？'
                | '！'
                | '）'
                | '」'
                | '』'
                | '】'
                | '》'
                | '〉'
                | '”'
                | '’'
                | '…'
                | '—'
                | '～'
                | '·'
                | '%'
                | ','
                | '.'
                | ';'
                | ':'
                | '?'
                | '!'
                | ')'
                | ']'
        )
    }

    /// Marks that must not end a line: opening brackets and quotes.
    pub fn no_line_end(c: char) -> bool {
        matches!(c, '（' | '「' | '『' | '【' | '《' | '〈' | '“' | '‘' | '(' | '[')
    }

    /// Columns a character takes in a terminal: 2 for CJK and full-width forms, else 1.
    pub fn columns(c: char) -> usize {
        let u = c as u32;
        let wide = matches!(u,
            0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
            | 0xA960..=0xA97F | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
            || c == '…'
            || c == '—';
        if wide { 2 } else { 1 }
    }

    /// True where a line may break between `a` and `b` (neither is a space).
    pub fn may_break_between(a: char, b: char) -> bool {
        if no_line_start(b) || no_line_end(a) {
            return false;
        }
        // Inside a Latin word or number there is no break; next to a wide character there is.
        columns(a) == 2 || columns(b) == 2
    }

    /// `text` wrapped into lines of at most `width` columns. Spaces where a line breaks are
    /// dropped; `\n` always breaks. A closing mark that does not fit takes the character before it
    /// onto the next line (no line starts with it); only a word wider than a line is left too wide.
    pub fn wrap(text: &str, width: usize) -> Vec<String> {
        let width = width.max(2);
        let mut out = Vec::new();
        for para in text.split('\n') {
            let chars: Vec<char> = para.chars().collect();
            let mut line: Vec<char> = Vec::new();
            let mut cols = 0;
            // Index in `line` after which it may break (the line's length at that point).
            let mut last_break: Option<usize> = None;
            for &c in &chars {
                if c == ' ' {
                    if !line.is_empty() {
                        last_break = Some(line.len());
                    }
                    line.push(c);
                    cols += 1;
                    continue;
                }
                if let (Some(&prev), false) = (line.last(), line.is_empty())
                    && prev != ' '
                    && may_break_between(prev, c)
                {
                    last_break = Some(line.len());
                }
                let w = columns(c);
                if cols + w > width {
                    if let Some(at) = last_break.filter(|&at| at > 0) {
                        let rest: Vec<char> = line.split_off(at);
                        push_trimmed(&mut out, &line);
                        line = rest.into_iter().skip_while(|c| *c == ' ').collect();
                        cols = line.iter().map(|c| columns(*c)).sum();
                        last_break = None;
                        // The carried-over part may itself hold break points.
                        for k in 1..line.len() {
                            let (a, b) = (line[k - 1], line[k]);
                            if a == ' ' || (b != ' ' && may_break_between(a, b)) {
                                last_break = Some(k);
                            }
                        }
                    }
                }
                line.push(c);
                cols += w;
            }
            push_trimmed(&mut out, &line);
        }
        out
    }

    /// Breaks `text` into lines no wider than `max`, where `advance(i, c)` is the width of the
    /// `i`th character `c` (the game passes its font's glyph advances; `wrap` is the terminal's
    /// version in columns). Breaks at spaces and where [`may_break_between`] allows; a closing mark
    /// that does not fit takes the character before it along; unlike `wrap`, a word wider than a
    /// line is cut (a window cannot overflow). Spaces at a break are dropped; `\n` always breaks.
    /// Returns each line's byte range in `text`.
    pub fn line_breaks(
        text: &str,
        max: f32,
        mut advance: impl FnMut(usize, char) -> f32,
    ) -> Vec<std::ops::Range<usize>> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let widths: Vec<f32> = chars.iter().enumerate().map(|(i, &(_, c))| advance(i, c)).collect();
        let byte = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
        let trim = |start: usize, mut e: usize| {
            while e > start && chars[e - 1].1 == ' ' {
                e -= 1;
            }
            e
        };
        let mut lines = Vec::new();
        let mut i = 0;
        loop {
            // Skip the spaces a break left at the start of a line.
            while i < chars.len() && chars[i].1 == ' ' {
                i += 1;
            }
            let start = i;
            let mut width = 0.0;
            // The last place this line may end (char index) and where the next one then starts.
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
                } else if i > start && chars[i - 1].1 != ' ' && may_break_between(chars[i - 1].1, c) {
                    last_break = Some((i, i));
                }
                if c != ' ' && width + widths[i] > max && i > start {
                    end = Some(match last_break {
                        Some(b) if b.0 > start => b,
                        // One word wider than the line: cut it, keeping a closing mark with the
                        // character before when there is room to.
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
                    lines.push(byte(start)..byte(trim(start, e)));
                    i = next;
                    if next == chars.len() && chars.last().is_some_and(|c| c.1 == '\n') {
                        lines.push(text.len()..text.len());
                        break;
                    }
                }
                None => {
                    if start < chars.len() || lines.is_empty() {
                        lines.push(byte(start)..byte(trim(start, chars.len())));
                    }
                    break;
                }
            }
        }
        lines
    }

    fn push_trimmed(out: &mut Vec<String>, line: &[char]) {
        let s: String = line.iter().collect();
        out.push(s.trim_end().to_string());
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn width_of(s: &str) -> usize {
            s.chars().map(columns).sum()
        }

        #[test]
        fn no_line_starts_with_closing_punctuation_and_none_ends_with_an_opening_one() {
            let text = "您好，我是客服小王。请问您的订单号是多少？（我帮您查一下）好的：「马上处理」。";
            // From 6 columns on: narrower than a character and two closing marks nothing fits.
            for width in 6..40 {
                let lines = wrap(text, width);
                assert_eq!(lines.concat(), text, "width {width}: nothing lost or added");
                for (k, l) in lines.iter().enumerate() {
                    let first = l.chars().next().unwrap();
                    let last = l.chars().last().unwrap();
                    assert!(
                        !no_line_start(first),
                        "width {width}, line {k} starts with {first}: {lines:?}"
                    );
                    assert!(
                        !no_line_end(last),
                        "width {width}, line {k} ends with {last}: {lines:?}"
                    );
                    assert!(width_of(l) <= width, "width {width}: {l} in {lines:?}");
                }
            }
        }

        fn broken(text: &str, max: f32) -> Vec<&str> {
            line_breaks(text, max, |_, c| columns(c) as f32)
                .into_iter()
                .map(|r| &text[r])
                .collect()
        }

        #[test]
        fn measured_breaks_keep_closing_punctuation_off_the_start_of_a_line() {
            let s = "我现在就调您近半年的抄表记录，大约两分钟，您方便稍等吗？（请别挂）“好的”";
            for max in 4..40 {
                let lines = broken(s, max as f32);
                assert_eq!(lines.concat(), s, "nothing lost at width {max}");
                for l in &lines {
                    assert!(!no_line_start(l.chars().next().unwrap()), "width {max}: {lines:?}");
                    assert!(!no_line_end(l.chars().last().unwrap()), "width {max}: {lines:?}");
                }
            }
            // Width 28 fits 14 characters; the 14th is followed by "，", so 录 moves down with it.
            assert_eq!(broken(s, 28.0)[0], "我现在就调您近半年的抄表记");
            assert!(broken("稍等……好的", 6.0).iter().all(|l| !l.starts_with('…')));
        }

        #[test]
        fn measured_breaks_drop_spaces_and_cut_a_word_wider_than_the_line() {
            assert_eq!(
                broken("Hello Mr Zhou, it takes two minutes.", 14.0),
                ["Hello Mr Zhou,", "it takes two", "minutes."]
            );
            assert_eq!(broken("abcdefghij", 4.0), ["abcd", "efgh", "ij"]);
            assert_eq!(broken("a\nb", 10.0), ["a", "b"]);
            assert_eq!(broken("", 10.0), [""]);
            assert_eq!(broken("386比平时多", 7.0), ["386比平", "时多"]);
        }

        #[test]
        fn latin_words_break_at_spaces_and_a_closing_mark_stays_with_its_sentence() {
            assert_eq!(wrap("the quick brown fox", 10), vec!["the quick", "brown fox"]);
            assert_eq!(wrap("好的，谢谢", 6), vec!["好的，", "谢谢"]);
            // The comma does not fit: it takes 的 with it rather than start the line.
            assert_eq!(wrap("好的，谢谢", 4), vec!["好", "的，", "谢谢"]);
            assert_eq!(wrap("第一行\n第二行", 80), vec!["第一行", "第二行"]);
            // A word longer than the line is not cut.
            assert_eq!(wrap("ka_stockout_extended", 8), vec!["ka_stockout_extended"]);
            // Mixed: a number sticks to its unit's neighbours only where the rule allows.
            assert_eq!(wrap("退款 20 元", 6), vec!["退款", "20 元"]);
            assert_eq!(wrap("退款 20 元", 7), vec!["退款 20", "元"]);
        }
    }
}
