//! Every piece of text a scenario file holds, each with a stable key: what validation checks for
//! its languages and what the translation CSV (`translate.rs`) carries. Options are numbered as
//! written in the file (1-based), never in the shuffled order they are played in.

use super::model::{Node, Scenario};
use super::text::{Lang, Text};

/// Where a text is in a scenario. Stable across edits that do not rename a node or an item, or
/// reorder the options of a turn.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TextKey {
    Title,
    Briefing,
    Goal,
    CustomerName,
    /// The label of a fact: `list` is `bad_news`, `info` or `rituals`.
    Item {
        list: &'static str,
        id: String,
    },
    /// A turn's customer line.
    Customer {
        node: String,
    },
    /// An option's text; `option` is 1-based, as written in the file.
    Option {
        node: String,
        option: usize,
    },
    /// An option's teaching note.
    Note {
        node: String,
        option: usize,
    },
    /// An ending's text.
    Ending {
        node: String,
    },
}

impl TextKey {
    /// The key as written in the translation CSV: `title`, `customer.name`, `bad_news.late`,
    /// `node.a.customer`, `node.a.2.text`, `node.a.2.note`, `node.won.text`.
    pub fn code(&self) -> String {
        match self {
            TextKey::Title => "title".into(),
            TextKey::Briefing => "briefing".into(),
            TextKey::Goal => "goal".into(),
            TextKey::CustomerName => "customer.name".into(),
            TextKey::Item { list, id } => format!("{list}.{id}"),
            TextKey::Customer { node } => format!("node.{node}.customer"),
            TextKey::Option { node, option } => format!("node.{node}.{option}.text"),
            TextKey::Note { node, option } => format!("node.{node}.{option}.note"),
            TextKey::Ending { node } => format!("node.{node}.text"),
        }
    }

    /// What the text is, for a message ("the title", "node \"b\" option 2").
    pub fn describe(&self) -> Text {
        match self {
            TextKey::Title => Text::new("标题", "the title"),
            TextKey::Briefing => Text::new("任务说明（briefing）", "the briefing"),
            TextKey::Goal => Text::new("教学目标（goal）", "the goal"),
            TextKey::CustomerName => Text::new("客户的称呼", "the customer's name"),
            TextKey::Item { list, id } => Text::new(
                format!("{list} 事项“{id}”的说法"),
                format!("the label of {list} item \"{id}\""),
            ),
            TextKey::Customer { node } => Text::new(
                format!("节点“{node}”里客户说的话"),
                format!("node \"{node}\"'s customer line"),
            ),
            TextKey::Option { node, option } => Text::new(
                format!("节点“{node}”的第 {option} 个选项"),
                format!("node \"{node}\" option {option}"),
            ),
            TextKey::Note { node, option } => Text::new(
                format!("节点“{node}”第 {option} 个选项的点评（note）"),
                format!("node \"{node}\" option {option} note"),
            ),
            TextKey::Ending { node } => Text::new(format!("结局“{node}”的文字"), format!("ending \"{node}\"'s text")),
        }
    }

    /// What a diagnostic about this text is located at (see `compile`'s `Ctx::err`).
    pub fn anchor(&self) -> String {
        match self {
            TextKey::Title => "title:".into(),
            TextKey::Briefing => "briefing:".into(),
            TextKey::Goal => "goal:".into(),
            TextKey::CustomerName => "name:".into(),
            TextKey::Item { id, .. } => format!("\"{id}\""),
            TextKey::Customer { node }
            | TextKey::Option { node, .. }
            | TextKey::Note { node, .. }
            | TextKey::Ending { node } => format!("\"{node}\""),
        }
    }
}

/// One walk over a scenario's texts, by shared or by mutable reference (`$($m)?` is `mut` or
/// nothing), in file order: header, customer, facts, then the nodes by name.
macro_rules! walk {
    ($sc:expr, $($m:ident)?) => {{
        let sc = $sc;
        let mut out = vec![
            (TextKey::Title, & $($m)? sc.title),
            (TextKey::Briefing, & $($m)? sc.briefing),
            (TextKey::Goal, & $($m)? sc.goal),
            (TextKey::CustomerName, & $($m)? sc.customer.name),
        ];
        for (list, items) in [
            ("bad_news", & $($m)? sc.facts.bad_news),
            ("info", & $($m)? sc.facts.info),
            ("rituals", & $($m)? sc.facts.rituals),
        ] {
            for it in items.into_iter() {
                out.push((TextKey::Item { list, id: it.id.clone() }, & $($m)? it.label));
            }
        }
        for (name, node) in & $($m)? sc.nodes {
            match node {
                Node::Turn { customer, options, .. } => {
                    out.push((TextKey::Customer { node: name.clone() }, customer));
                    for (i, o) in options.into_iter().enumerate() {
                        out.push((TextKey::Option { node: name.clone(), option: i + 1 }, & $($m)? o.text));
                        if let Some(n) = & $($m)? o.note {
                            out.push((TextKey::Note { node: name.clone(), option: i + 1 }, n));
                        }
                    }
                }
                Node::End { text, .. } => out.push((TextKey::Ending { node: name.clone() }, text)),
            }
        }
        out
    }};
}

/// Every text of the scenario with its key.
pub fn texts(sc: &Scenario) -> Vec<(TextKey, &Text)> {
    walk!(sc,)
}

/// Every text of the scenario with its key, to change.
pub fn texts_mut(sc: &mut Scenario) -> Vec<(TextKey, &mut Text)> {
    walk!(sc, mut)
}

/// The languages every text of the scenario is written in.
pub fn complete_langs(sc: &Scenario) -> Vec<Lang> {
    let all = texts(sc);
    Lang::ALL
        .into_iter()
        .filter(|l| all.iter().all(|(_, t)| !t.get(*l).trim().is_empty()))
        .collect()
}
