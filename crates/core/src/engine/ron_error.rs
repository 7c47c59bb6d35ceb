//! The RON parser's messages in sentences a trainer understands, in both languages. The parser's
//! own English wording follows in brackets (for searching and for a programmer); the place
//! (file:line:column) is the diagnostic's.

use super::load::MAX_NESTING;
use super::text::Text;

fn list(names: &[&str]) -> String {
    names.join(", ")
}

/// What went wrong, then what to do, for one parser error.
pub fn explain(code: &ron::Error) -> Text {
    use ron::Error as E;
    let (zh, en): (String, String) = match code {
        E::ExceededRecursionLimit => {
            return Text::new(
                format!("嵌套层数过多（上限 {MAX_NESTING} 层）：把条件拆成更简单的几条规则"),
                format!("nested too deeply (limit {MAX_NESTING} levels): split the condition into simpler rules"),
            );
        }
        E::ExpectedComma => (
            "这里缺少逗号：两个字段或两个值之间要用英文逗号 , 隔开".into(),
            "a comma is missing here: separate two fields or two values with ,".into(),
        ),
        E::ExpectedMapColon => (
            "这里缺少冒号：节点名后面要写英文冒号 :，例如 \"a\": turn(…)".into(),
            "a colon is missing here: a node name is followed by :, as in \"a\": turn(…)".into(),
        ),
        E::ExpectedStructLikeEnd | E::ExpectedOptionEnd => (
            "这里应该是右括号 )：前面的括号没有闭合，或者多写了东西".into(),
            "a closing ) is expected here: a bracket before it is not closed, or something extra was written".into(),
        ),
        E::ExpectedArrayEnd => (
            "这里应该是 ]：选项或列表的方括号没有闭合".into(),
            "a closing ] is expected here: the list of options or items is not closed".into(),
        ),
        E::ExpectedMapEnd => (
            "这里应该是 }：nodes 的花括号没有闭合".into(),
            "a closing } is expected here: the braces of nodes are not closed".into(),
        ),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => (
            "这里应该是左括号 (：例如 (zh: \"…\", en: \"…\")".into(),
            "an opening ( is expected here, as in (zh: \"…\", en: \"…\")".into(),
        ),
        E::ExpectedArray => (
            "这里应该是一个用 [ ] 括起来的列表".into(),
            "a list in [ ] is expected here".into(),
        ),
        E::ExpectedMap => (
            "这里应该是用 { } 括起来的节点表".into(),
            "a table of nodes in { } is expected here".into(),
        ),
        E::ExpectedString | E::ExpectedStringEnd => (
            "这里应该是一段用英文双引号 \" \" 括起来的文字（引号要成对）".into(),
            "a text in double quotes \" \" is expected here (quotes come in pairs)".into(),
        ),
        E::ExpectedInteger | E::ExpectedFloat | E::IntegerOutOfBounds | E::InvalidIntegerDigit { .. } => (
            "这里应该是一个数（不加引号），并且在允许的范围内".into(),
            "a number (without quotes) within the allowed range is expected here".into(),
        ),
        E::ExpectedBoolean => (
            "这里应该是 true 或 false".into(),
            "true or false is expected here".into(),
        ),
        E::ExpectedIdentifier => (
            "这里应该是一个字段名或取值名（英文小写，例如 angry、won_over）".into(),
            "a field or value name (lowercase English, such as angry or won_over) is expected here".into(),
        ),
        E::Eof => (
            "文件在这里意外结束了：可能少了右括号、引号或整段内容".into(),
            "the file ends unexpectedly here: a closing bracket, a quote or a whole part may be missing".into(),
        ),
        E::TrailingCharacters => (
            "场景写完之后还有多余的内容：文件只能有一个 Scenario(…)".into(),
            "there is more after the scenario's end: a file holds one Scenario(…)".into(),
        ),
        E::UnclosedBlockComment => (
            "注释 /* 没有用 */ 结束".into(),
            "a comment /* is not closed with */".into(),
        ),
        E::UnexpectedChar(c) => (
            format!("这里不能出现字符 {c:?}：中文标点只能写在引号里的文字中"),
            format!("the character {c:?} cannot stand here: full-width punctuation belongs inside quoted text"),
        ),
        E::InvalidEscape(_) => (
            "引号里的反斜杠 \\ 用法不对：要写反斜杠本身请写 \\\\".into(),
            "a backslash \\ inside quotes is misused: write \\\\ for a backslash".into(),
        ),
        E::NoSuchStructField { expected, found, .. } => (
            format!("不认识的字段“{found}”：这里可以写的字段有 {}", list(expected)),
            format!(
                "unknown field \"{found}\": the fields allowed here are {}",
                list(expected)
            ),
        ),
        E::NoSuchEnumVariant { expected, found, .. } => (
            format!("不认识的取值“{found}”：这里可以写 {}", list(expected)),
            format!("unknown value \"{found}\": allowed here are {}", list(expected)),
        ),
        E::MissingStructField { field, .. } => (
            format!("缺少必填字段“{field}”"),
            format!("the required field \"{field}\" is missing"),
        ),
        E::DuplicateStructField { field, .. } => (
            format!("字段“{field}”写了两次"),
            format!("the field \"{field}\" is written twice"),
        ),
        E::InvalidValueForType { expected, found } => (
            format!("这里应该是 {expected}，写的却是 {found}"),
            format!("{expected} is expected here, not {found}"),
        ),
        E::ExpectedDifferentLength { expected, found } => (
            format!("这里应该是 {expected}，却有 {found} 个元素"),
            format!("{expected} is expected here, but there are {found} elements"),
        ),
        E::ExpectedDifferentStructName { expected, found } => (
            format!("这里应该是 {expected}(…)，写的却是 {found}(…)"),
            format!("{expected}(…) is expected here, not {found}(…)"),
        ),
        _ => ("文件的写法有误".into(), "the file's syntax is wrong here".into()),
    };
    Text::new(
        format!("语法错误：{zh}（RON：{code}）"),
        format!("syntax: {en} (RON: {code})"),
    )
}
