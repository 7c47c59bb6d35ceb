//! `--help` and argument errors in the chosen language. The English texts are the doc comments on
//! the clap derive types; the Chinese ones are the table below, applied at run time to the
//! `Command` clap builds, with Chinese headings. The language is read from the arguments before
//! clap parses them (`--lang zh`, `--lang=zh`; zh when absent, like every other output).

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgMatches, Command, CommandFactory, FromArgMatches};

use super::Cli;
use crate::engine::Lang;

/// Chinese help, by command path ("" is the program, "workshop play-round" a subcommand) and, for
/// an argument, its id after a space-separated `--`: "play --seed". An id on its own ("--json")
/// serves every command that has it.
const ZH: &[(&str, &str)] = &[
    (
        "",
        "客服擂台 · Service Arena — 客服培训游戏。不带命令时打开游戏窗口；下面的命令在终端里使用。",
    ),
    (
        "--scenarios",
        "场景文件目录（默认：$SERVICE_ARENA_SCENARIOS，否则 ./scenarios，否则源代码旁的场景）。",
    ),
    ("--lang", "输出语言：zh（中文）或 en（English）。"),
    (
        "--data",
        "数据库目录（练习记录、工作坊）；默认：$SERVICE_ARENA_DATA，否则系统的数据目录（见 docs/workshop.md 的“Storage”）。",
    ),
    ("--json", "以 JSON 输出（格式见 docs/cli.md）。"),
    ("--weights", "评分权重文件（RON，见 docs/scoring.md）。"),
    ("--help", "显示帮助。"),
    ("--version", "显示版本。"),
    ("validate", "检查场景文件，每个问题都给出 文件:行:列。"),
    ("validate --paths", "要检查的文件或目录（默认：场景目录）。"),
    ("list", "列出所有场景。"),
    (
        "play",
        "在终端里练习一个场景（不给 --choices 时逐回合提问），然后显示复盘。",
    ),
    ("play --scenario", "场景 id，或 .ron 文件的路径。"),
    (
        "play --seed",
        "客户反应的随机种子：同样的种子加同样的选择，结果完全相同。",
    ),
    (
        "play --choices",
        "用逗号分隔的选项编号（从 1 开始），例如 1,3,2：不再提问，直接按这些选择走完。",
    ),
    (
        "play --player",
        "把这次练习记入此人的练习记录（见 history），并和他之前的最佳成绩比较。",
    ),
    (
        "play --coach",
        "教练模式：每次选择后说明这一步是好还是有风险，并给出理由。",
    ),
    ("play --acts", "在逐回合回顾里显示每个选项的行为标签（给场景作者看）。"),
    (
        "play --file_order",
        "按文件里写的顺序显示选项并编号，而不是学员看到的打乱顺序（给场景作者用）。",
    ),
    (
        "new-scenario",
        "写出一个带注释的场景文件作为起点：它能通过检查，结构达到内置场景的标准。默认中英双语；用 --lang 指定时只写那一种语言。",
    ),
    ("new-scenario --id", "新场景的 id（小写英文字母、数字和 _）。"),
    (
        "new-scenario --archetype",
        "客户类型：angry（愤怒型）、mild（温和型）或 key_account（大客户）。",
    ),
    (
        "new-scenario --out",
        "写入这个文件（不会覆盖已有文件），而不是标准输出。",
    ),
    (
        "translations",
        "翻译用的 CSV：把场景的所有文字导出（export），译好后再写回文件（import）。",
    ),
    (
        "translations export",
        "把场景文件里的每段文字写成 CSV（key、zh、en 三列；带 BOM 的 UTF-8，Excel 可直接打开）。",
    ),
    ("translations export --file", "场景文件（.ron）。"),
    (
        "translations export --out",
        "写入这个文件而不是标准输出（只会覆盖之前导出的文件）。",
    ),
    (
        "translations import",
        "把 translations export 导出并改好的 CSV 写回场景文件，其余内容（注释、格式）保持不变。",
    ),
    (
        "translations import --file",
        "场景文件（.ron）；不给 --out 时直接修改它。",
    ),
    ("translations import --csv", "导出并改好的 CSV（key、zh、en）。"),
    (
        "translations import --out",
        "把结果写到这个新文件，而不修改原来的场景文件。",
    ),
    (
        "analyze --file_order",
        "路径里的选择按文件里写的顺序编号（配合 play --file-order 使用）。",
    ),
    ("catalogue", "根据场景文件生成场景目录（Markdown）。"),
    (
        "catalogue --out",
        "写入这个文件而不是标准输出（例如 docs/scenarios.md）。",
    ),
    (
        "analyze",
        "一个场景能拿到的最高分和最低分、随机试玩的分布，以及各原则能否区分好坏。",
    ),
    ("analyze --scenario", "场景 id，或 .ron 文件的路径。"),
    ("analyze --runs", "随机试玩的次数。"),
    ("analyze --seed", "穷举搜索和第一次随机试玩用的种子。"),
    (
        "workshop",
        "团队擂台工作坊：创建、逐轮对练、缺席、重来、暂停、成绩、导出 CSV。",
    ),
    (
        "workshop new",
        "根据设置文件创建工作坊（RON 或 JSON，格式见 docs/workshop.md）。",
    ),
    ("workshop new --setup", "工作坊设置文件。"),
    ("workshop list", "数据库里的工作坊，最新的在前。"),
    (
        "workshop host",
        "不开窗口打开房间：各队用浏览器加入；讲师命令从标准输入读取，每行一条（start、end、pause、resume、lock、unlock、next、release N、rename N 队名、remove N 原因、redo N 原因、status、quit）。",
    ),
    (
        "workshop host --bind",
        "监听的 IP 和端口，如 192.168.1.20:8080（端口 0：任选空闲端口）。请用各队所在网络的地址；127.0.0.1 只供本机。",
    ),
    (
        "workshop host --db",
        "数据库文件（默认：--data 目录或系统数据目录中的那个）。",
    ),
    ("workshop status", "当前轮次：哪些队已经练过，下一个是谁。"),
    (
        "workshop play-round",
        "记录当前轮次的对练：一个队（--team、--choices）或整份脚本（--script）。",
    ),
    ("workshop play-round --team", "对练的队（设置文件里的队名）。"),
    (
        "workshop play-round --choices",
        "这个队的选项编号（从 1 开始），例如 1,3,2。",
    ),
    (
        "workshop play-round --script",
        "每行一个队的文件：`队名 = 1,3,2`（# 开头为注释）。",
    ),
    ("workshop skip", "记一个队本轮缺席（本轮之后仍可补练）。"),
    ("workshop redo", "把一个队的成绩作废、重练本轮；原因会被记录。"),
    (
        "workshop redo --round",
        "轮次（默认：当前轮次；若已全部练完，则为最后一轮）。",
    ),
    ("workshop pause", "暂停：在 resume 之前不记录任何对练、缺席或重来。"),
    ("workshop resume", "继续已暂停的工作坊。"),
    ("workshop results", "排名、奖惩、播报、名次变化、决策统计、最弱的原则。"),
    (
        "workshop results --round",
        "轮次（默认：当前轮次；全部练完后为最后一轮）。",
    ),
    (
        "workshop export",
        "写出 CSV（UTF-8 带 BOM，可用 Excel 打开）：每队每轮一行，每个原则一列。",
    ),
    ("workshop export --out", "CSV 文件的路径。"),
    ("--workshop", "工作坊的编号或名称（默认：最新的工作坊）。"),
    ("--team", "队名（设置文件里的队名）。"),
    ("--reason", "原因（记入工作坊，并出现在导出里）。"),
    ("history", "个人练习记录：列出与导出 CSV。"),
    ("history list", "练习记录：所有练习者，或某一个人的每次练习。"),
    ("history list --player", "只看这个人的练习。"),
    ("history export", "把一个人的练习记录写成 CSV（UTF-8 带 BOM）。"),
    ("history export --player", "要导出的练习者。"),
    ("history export --out", "CSV 文件的路径。"),
];

fn zh(path: &str) -> Option<&'static str> {
    ZH.iter().find(|(k, _)| *k == path).map(|(_, v)| *v)
}

/// The language the arguments ask for (zh unless `--lang en`); an unknown value counts as zh, and
/// clap then reports it.
pub fn lang_of(args: &[OsString]) -> Lang {
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        let value = match a.strip_prefix("--lang") {
            Some("") => it.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => continue,
        };
        if let Some(l) = value.as_deref().and_then(Lang::parse) {
            return l;
        }
    }
    Lang::Zh
}

/// The program's `Command` with help in `lang`.
pub fn command(lang: Lang) -> Command {
    let cmd = Cli::command();
    match lang {
        Lang::En => cmd,
        Lang::Zh => localise(cmd, ""),
    }
}

fn localise(mut cmd: Command, path: &str) -> Command {
    if let Some(about) = zh(path) {
        cmd = cmd.about(about).long_about(None::<&str>);
    }
    let subs: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in subs {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |s| localise(s, &sub_path));
    }
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        let text = zh(&format!("{path} --{id}").trim_start().to_string()).or_else(|| zh(&format!("--{id}")));
        cmd = cmd.mut_arg(&id, |a| {
            // clap writes "[default: 1]" in English: the default goes into the Chinese text instead.
            let default: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            match (text, default.is_empty()) {
                (Some(t), true) => a.help(t),
                (Some(t), false) => a
                    .help(format!("{}（默认：{}）。", t.trim_end_matches('。'), default.join(",")))
                    .hide_default_value(true),
                (None, _) => a,
            }
            .long_help(None::<&str>)
        });
    }
    // clap ends its own headings with an ASCII colon; the sections are laid out here instead.
    let mut template = String::from("{about-with-newline}\n用法：{usage}\n");
    if cmd.get_positionals().next().is_some() {
        template.push_str("\n参数：\n{positionals}\n");
    }
    template.push_str("\n选项：\n{options}\n");
    if cmd.has_subcommands() {
        template.push_str("\n命令：\n{subcommands}\n");
    }
    cmd.subcommand_value_name("命令")
        .disable_help_subcommand(true)
        .help_template(template)
}

/// Usage lines with Chinese placeholders, once the command is built (so they know their names).
fn chinese_usage(mut cmd: Command) -> Command {
    let subs: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in subs {
        cmd = cmd.mut_subcommand(&name, chinese_usage);
    }
    let usage = cmd.render_usage().to_string();
    let usage = usage.trim_start_matches("Usage:").trim().replace("[OPTIONS]", "[选项]");
    cmd.override_usage(usage)
}

/// Parses the process's arguments. Help and version are printed and the process exits, as clap
/// does; a usage error is explained in the chosen language and the process exits with code 2.
pub fn parse() -> (Cli, ArgMatches) {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = lang_of(&args);
    let mut cmd = command(lang);
    // The help flags are built when the command is; built now, they can be given Chinese texts.
    cmd.build();
    if lang == Lang::Zh {
        cmd = chinese_usage(relabel_builtins(cmd));
    }
    let result = cmd
        .clone()
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m).map(|c| (c, m)))
        .map(|(mut c, m)| {
            c.lang_given = m.value_source("lang") == Some(clap::parser::ValueSource::CommandLine);
            (c, m)
        });
    match result {
        Ok(parsed) => parsed,
        Err(e) if lang == Lang::En => e.exit(),
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => e.exit(),
            _ => {
                eprintln!("{}", explain(&e));
                std::process::exit(2);
            }
        },
    }
}

/// Chinese texts for clap's generated `--help` and `--version`, in every command.
fn relabel_builtins(mut cmd: Command) -> Command {
    let subs: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in subs {
        cmd = cmd.mut_subcommand(&name, relabel_builtins);
    }
    for (id, text) in [("help", "显示帮助。"), ("version", "显示版本。")] {
        if cmd.get_arguments().any(|a| a.get_id() == id) {
            cmd = cmd.mut_arg(id, |a| a.help(text));
        }
    }
    cmd
}

fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join("、"),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A usage error in Chinese: what was wrong, a suggestion when clap has one, and where to read more.
pub fn explain(e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg);
    let value = context(e, ContextKind::InvalidValue);
    let what = match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识的参数“{arg}”。"),
        ErrorKind::InvalidSubcommand => format!("没有“{}”这个命令。", context(e, ContextKind::InvalidSubcommand)),
        ErrorKind::InvalidValue => {
            let valid = context(e, ContextKind::ValidValue);
            if valid.is_empty() {
                format!("{arg} 的值“{value}”无效。")
            } else {
                format!("{arg} 的值“{value}”无效，可用：{valid}。")
            }
        }
        ErrorKind::ValueValidation => {
            // The parsers behind our arguments: numbers (some with a range) and the language.
            let rendered = e.render().to_string();
            let why = rendered
                .lines()
                .next()
                .and_then(|l| l.rsplit_once("': "))
                .map_or("", |(_, w)| w);
            let why = if arg.starts_with("--lang") {
                "请用 zh 或 en".to_string()
            } else if let Some((_, range)) = why.split_once(" is not in ") {
                format!("应在 {} 之间", range.replace("..=", "–"))
            } else {
                "应为非负整数".to_string()
            };
            format!("{arg} 的值“{value}”无效：{why}。")
        }
        ErrorKind::MissingRequiredArgument => {
            format!("缺少必需的参数：{arg}。")
        }
        ErrorKind::MissingSubcommand => "缺少命令。".to_string(),
        ErrorKind::ArgumentConflict => {
            format!("{arg} 不能和 {} 一起使用。", context(e, ContextKind::PriorArg))
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("{arg} 的值的个数不对。")
        }
        ErrorKind::NoEquals => format!("{arg} 需要用“=”给值。"),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文本。".to_string(),
        // Every kind clap can report for this program is above; any other is shown as clap words it.
        _ => e
            .render()
            .to_string()
            .trim_start_matches("error: ")
            .trim_end()
            .to_string(),
    };
    let mut msg = format!("错误：{what}");
    let suggested = context(e, ContextKind::SuggestedArg) + &context(e, ContextKind::SuggestedSubcommand);
    if !suggested.is_empty() {
        msg.push_str(&format!("\n  提示：你是不是想用“{suggested}”？"));
    }
    let usage = context(e, ContextKind::Usage);
    if !usage.is_empty() {
        msg.push_str(&format!(
            "\n\n{}",
            usage.replace("Usage: ", "用法：").replace("[OPTIONS]", "[选项]")
        ));
    }
    msg.push_str("\n\n更多说明：加 --help。");
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_language_is_read_before_parsing_in_both_spellings() {
        assert_eq!(lang_of(&os(&["sa", "--lang", "en", "list"])), Lang::En);
        assert_eq!(lang_of(&os(&["sa", "list", "--lang=en"])), Lang::En);
        assert_eq!(lang_of(&os(&["sa", "list"])), Lang::Zh);
        assert_eq!(lang_of(&os(&["sa", "--lang", "fr"])), Lang::Zh);
    }

    /// Walks every command and argument: in Chinese each has a help text with Chinese in it, so a
    /// new argument without a translation fails here.
    #[test]
    fn every_command_and_argument_has_chinese_help() {
        fn walk(cmd: &Command, path: &str, missing: &mut Vec<String>) {
            let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            if !cmd.get_about().is_some_and(|a| han(&a.to_string())) {
                missing.push(format!("{path} (about)"));
            }
            for a in cmd.get_arguments() {
                if !a.get_help().is_some_and(|h| han(&h.to_string())) {
                    missing.push(format!("{path} --{}", a.get_id()));
                }
            }
            for s in cmd.get_subcommands() {
                walk(s, &format!("{path} {}", s.get_name()), missing);
            }
        }
        let mut cmd = command(Lang::Zh);
        cmd.build();
        let cmd = relabel_builtins(cmd);
        let mut missing = Vec::new();
        walk(&cmd, "service-arena", &mut missing);
        assert!(missing.is_empty(), "no Chinese help for: {missing:?}");
    }
}
