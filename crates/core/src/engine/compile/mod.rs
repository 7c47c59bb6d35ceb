//! Validation and indexing: turns a parsed [`Scenario`] into a [`Compiled`] scenario whose node
//! references are indices and whose acts name items by number, or into a list of precise
//! diagnostics. Pure: no I/O (the loader passes the source text only to locate errors).

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use super::model::*;
use super::text::{Lang, Text};
use super::texts::{TextKey, texts, texts_mut};

/// One problem in a scenario file, with the place it was found and what it is in both languages.
/// An error stops the file from loading; a warning (in [`Compiled::warnings`]) does not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based; 0 for a problem with the file as a whole (it cannot be read), not at a place in it.
    pub line: usize,
    pub col: usize,
    pub message: Text,
}

impl Diagnostic {
    /// `file:line:column: message` in `lang`.
    pub fn show(&self, lang: Lang) -> String {
        if self.line == 0 {
            format!("{}: {}", self.file, self.message.get(lang))
        } else {
            format!("{}:{}:{}: {}", self.file, self.line, self.col, self.message.get(lang))
        }
    }
}

/// In English (logs and tests); front ends use [`Diagnostic::show`] in the user's language.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.show(Lang::En))
    }
}

/// An act with its item names replaced by indices into the scenario's fact lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CAct {
    Greet,
    Listen,
    Empathize,
    Apologize,
    OwnCause,
    Improve,
    Solution,
    Execute,
    FollowUp,
    Reflect,
    Argue,
    BlameCustomer,
    Excuse,
    Disclose(u8),
    Inform(u8),
    GoodNews(Size),
    OfferChoice(Dimension),
    AnnounceWait,
    Hold,
    Promise(u8),
    Ritual(u8),
    Surprise,
    Verify,
    Thank,
    Sell,
    ColdTone,
    Transfer,
    AskRepeat,
    PushWork,
}

#[derive(Clone, Debug)]
pub enum CCond {
    AngerAbove(f32),
    AngerBelow(f32),
    SatisfactionAbove(f32),
    SatisfactionBelow(f32),
    TrustAbove(f32),
    TrustBelow(f32),
    PatienceBelow(f32),
    Colour(Colour),
    Done(CAct),
    All(Vec<CCond>),
    Any(Vec<CCond>),
    Not(Box<CCond>),
}

#[derive(Clone, Debug)]
pub enum CNext {
    Goto(usize),
    Branch(Vec<(CCond, usize)>, usize),
    Random(Vec<(u32, usize)>),
}

impl CNext {
    pub fn targets(&self) -> Vec<usize> {
        match self {
            CNext::Goto(t) => vec![*t],
            CNext::Branch(rules, otherwise) => rules
                .iter()
                .map(|(_, t)| *t)
                .chain(std::iter::once(*otherwise))
                .collect(),
            CNext::Random(ws) => ws.iter().map(|(_, t)| *t).collect(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct COption {
    /// Its place among the turn's options as written in the file (0-based); the options are
    /// played in the shuffled order unless `shuffle_options: false`.
    pub written: usize,
    pub text: Text,
    pub note: Option<Text>,
    pub acts: Vec<CAct>,
    pub effect: Effect,
    pub next: CNext,
}

#[derive(Clone, Debug)]
pub enum CNode {
    Turn {
        customer: Text,
        options: Vec<COption>,
    },
    End {
        outcome: Outcome,
        text: Text,
        effect: Effect,
    },
}

/// A validated scenario, ready to play.
#[derive(Clone, Debug)]
pub struct Compiled {
    pub id: String,
    pub title: Text,
    pub briefing: Text,
    pub goal: Text,
    pub difficulty: u8,
    pub minutes: u8,
    pub tags: Vec<String>,
    pub customer: Customer,
    pub facts: Facts,
    /// Where the scenario was loaded from (empty for scenarios built in memory).
    pub source: String,
    /// Line and column of the `id:` field in the source (1:1 when there is no source).
    pub id_at: (usize, usize),
    pub names: Vec<String>,
    pub nodes: Vec<CNode>,
    pub start: usize,
    pub walkout: Option<usize>,
    /// Per node, the bad-news items (bit i = `facts.bad_news[i]`) the customer has found out by
    /// himself on reaching it (`found_out` in the file).
    pub found_out: Vec<u64>,
    /// The languages the scenario is written in (every text has them), Chinese first. When only
    /// one, every text was copied into the other language at compile time: the scenario is shown in
    /// the language it has, whatever the chosen one (docs/scenario-format.md, "Languages").
    pub langs: Vec<Lang>,
    /// Problems that do not stop the scenario from loading (missing translations).
    pub warnings: Vec<Diagnostic>,
}

impl Compiled {
    pub fn node_index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// The number (1-based) the file gives the option played as `option` (0-based) at `node`.
    pub fn written_number(&self, node: usize, option: usize) -> Option<usize> {
        match &self.nodes[node] {
            CNode::Turn { options, .. } => options.get(option).map(|o| o.written + 1),
            CNode::End { .. } => None,
        }
    }

    /// The played (0-based) index at `node` of the option the file numbers `written` (1-based).
    pub fn played_index(&self, node: usize, written: usize) -> Option<usize> {
        match &self.nodes[node] {
            CNode::Turn { options, .. } => options.iter().position(|o| o.written + 1 == written),
            CNode::End { .. } => None,
        }
    }

    /// Whether some turn plays its options in another order than the file's.
    pub fn shuffled(&self) -> bool {
        self.nodes.iter().any(|n| match n {
            CNode::Turn { options, .. } => options.iter().enumerate().any(|(i, o)| o.written != i),
            CNode::End { .. } => false,
        })
    }

    /// Whether the scenario is written in `lang`.
    pub fn has_lang(&self, lang: Lang) -> bool {
        self.langs.contains(&lang)
    }

    /// A fingerprint of everything a call plays and shows: the texts, the customer, the facts,
    /// the nodes and the order their options are played in, but not where the file was loaded
    /// from. A room keeps one per round it has started, so a scenario edited between two starts
    /// of the host is refused instead of replaying the choices already made on new content
    /// (`crate::room::Host::open`). It hashes the compiled scenario's debug form (no field of it
    /// is a hash map, so the form is the same in every run): a build of the game whose scenario
    /// model changed gives new fingerprints too.
    pub fn fingerprint(&self) -> String {
        let played = format!(
            "{:?}",
            (
                &self.id,
                &self.title,
                &self.briefing,
                &self.goal,
                &self.customer,
                &self.facts,
                &self.names,
                &self.nodes,
                (self.start, self.walkout),
                &self.found_out,
                &self.langs,
            )
        );
        format!("{:016x}", fnv1a(played.bytes()))
    }

    /// The language the scenario's own texts are shown in when `lang` is chosen: `lang` if the
    /// scenario has it, else the one it has.
    pub fn shown_in(&self, lang: Lang) -> Lang {
        if self.has_lang(lang) { lang } else { self.langs[0] }
    }

    /// Its languages in words ("中文、English" / "Chinese and English").
    pub fn langs_label(&self, lang: Lang) -> String {
        let names: Vec<String> = self
            .langs
            .iter()
            .map(|l| lang_label(*l).get(lang).to_string())
            .collect();
        names.join(if lang == Lang::Zh { "、" } else { " and " })
    }

    /// Said when the scenario is not written in the chosen language: what happens instead.
    pub fn lang_notice(&self, lang: Lang) -> Option<Text> {
        if self.has_lang(lang) {
            return None;
        }
        let has = self.langs[0];
        Some(Text::new(
            format!(
                "“{}”只有{}版本，将用{}显示。",
                self.title.get(has),
                lang_label(has).zh,
                lang_label(has).zh
            ),
            format!(
                "\"{}\" is written in {} only; it is shown in {}.",
                self.title.get(has),
                lang_label(has).en,
                lang_label(has).en
            ),
        ))
    }

    /// All acts that any option of the scenario can perform (used to decide which principles apply).
    pub fn all_acts(&self) -> impl Iterator<Item = &CAct> {
        self.nodes.iter().flat_map(|n| match n {
            CNode::Turn { options, .. } => options.iter().flat_map(|o| o.acts.iter()).collect(),
            CNode::End { .. } => Vec::new(),
        })
    }

    /// The act as written in a scenario file, for messages.
    pub fn act_name(&self, act: CAct) -> String {
        let item = |list: &[Item], i: u8| list.get(i as usize).map(|it| it.id.clone()).unwrap_or_default();
        match act {
            CAct::Disclose(i) => format!("disclose(\"{}\")", item(&self.facts.bad_news, i)),
            CAct::Inform(i) => format!("inform(\"{}\")", item(&self.facts.info, i)),
            CAct::Ritual(i) => format!("ritual(\"{}\")", item(&self.facts.rituals, i)),
            CAct::GoodNews(s) => format!("good_news({})", format!("{s:?}").to_lowercase()),
            CAct::OfferChoice(d) => format!("offer_choice({})", format!("{d:?}").to_lowercase()),
            CAct::Promise(l) => format!("promise({l})"),
            other => snake(&format!("{other:?}")),
        }
    }
}

fn snake(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// At most this many rules in one `branch` (each is evaluated after every choice, also by `analyze`
/// and the coach for every path they explore).
pub const MAX_RULES: usize = 16;
/// At most this many terms (conditions, counting `all`/`any`/`not` themselves) in one rule.
pub const MAX_COND_TERMS: usize = 32;
/// Largest magnitude of an `effect` value: the customer's values are 0–100, so a larger change means
/// nothing more than ±100 does (and 1e38 or `inf` only turned totals into NaN).
pub const MAX_EFFECT: f32 = 100.0;

/// Line and column lookups in one source text, built in a single pass so that locating any number of
/// diagnostics stays linear in the size of the file (a binary search over line starts, and character
/// counts kept every [`BLOCK`] bytes for the column).
pub struct SourceIndex<'a> {
    src: &'a str,
    line_starts: Vec<usize>,
    /// Characters before byte `k * BLOCK`, for every block start up to the end of the text.
    block_chars: Vec<usize>,
    /// Every map key `"name":` of the text (outside strings and comments) → byte offsets of its
    /// opening quote, in file order. In a scenario file the only quoted map keys are node names.
    keys: HashMap<&'a str, Vec<usize>>,
}

/// Bytes per block of [`SourceIndex`]'s character counts: a column costs at most this many steps.
pub const BLOCK: usize = 64;

impl<'a> SourceIndex<'a> {
    pub fn new(src: &'a str) -> SourceIndex<'a> {
        let bytes = src.as_bytes();
        let mut line_starts = vec![0];
        let mut block_chars = Vec::with_capacity(bytes.len() / BLOCK + 2);
        let mut chars = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if i % BLOCK == 0 {
                block_chars.push(chars);
            }
            if b & 0xC0 != 0x80 {
                chars += 1;
            }
            if b == b'\n' {
                line_starts.push(i + 1);
            }
        }
        if bytes.len() % BLOCK == 0 {
            block_chars.push(chars);
        }
        SourceIndex {
            src,
            line_starts,
            block_chars,
            keys: map_keys(src),
        }
    }

    /// Characters (not bytes) in `src[..at]`.
    fn chars_before(&self, at: usize) -> usize {
        let block = at / BLOCK;
        let tail = &self.src.as_bytes()[block * BLOCK..at];
        self.block_chars[block] + tail.iter().filter(|&&b| b & 0xC0 != 0x80).count()
    }

    /// 1-based line and column (in characters) of byte offset `at` (clamped to the text).
    pub fn position(&self, at: usize) -> (usize, usize) {
        let at = at.min(self.src.len());
        let line = self.line_starts.partition_point(|&s| s <= at);
        let start = self.line_starts[line - 1];
        (line, self.chars_before(at) - self.chars_before(start) + 1)
    }

    /// Where `needle` first occurs.
    pub fn locate(&self, needle: &str) -> Option<(usize, usize)> {
        self.src.find(needle).map(|at| self.position(at))
    }

    /// Every place the map key `"name":` is defined, in file order.
    pub fn keys(&self, name: &str) -> Vec<(usize, usize)> {
        self.keys
            .get(name)
            .map(|v| v.iter().map(|&at| self.position(at)).collect())
            .unwrap_or_default()
    }

    /// The first place the map key `"name":` is defined (a node's definition, not a mention).
    pub fn locate_key(&self, name: &str) -> Option<(usize, usize)> {
        self.keys.get(name).and_then(|v| v.first()).map(|&at| self.position(at))
    }
}

/// One pass over RON text: the quoted strings that are followed by `:` (map keys), skipping
/// comments and the insides of strings.
fn map_keys(src: &str) -> HashMap<&str, Vec<usize>> {
    let b = src.as_bytes();
    let mut keys: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i += 2;
            }
            b'"' => {
                let open = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                let close = i.min(b.len());
                i += 1;
                let mut j = i;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if b.get(j) == Some(&b':') {
                    keys.entry(&src[open + 1..close]).or_default().push(open);
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    keys
}

struct Ctx<'a> {
    file: &'a str,
    at: SourceIndex<'a>,
    diags: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Ctx<'_> {
    /// Records an error located at `anchor` in the source: for a quoted name (`"b"`), where it is
    /// defined as a map key; otherwise its first occurrence.
    fn err(&mut self, anchor: &str, message: Text) {
        let d = self.diagnostic(anchor, message);
        self.diags.push(d);
    }
    fn warn(&mut self, anchor: &str, message: Text) {
        let d = self.diagnostic(anchor, message);
        self.warnings.push(d);
    }
    fn diagnostic(&self, anchor: &str, message: Text) -> Diagnostic {
        let key = anchor
            .strip_prefix('"')
            .and_then(|a| a.strip_suffix('"'))
            .and_then(|n| self.at.locate_key(n));
        let (line, col) = key.or_else(|| self.at.locate(anchor)).unwrap_or((1, 1));
        Diagnostic {
            file: self.file.to_string(),
            line,
            col,
            message,
        }
    }
    fn node_err(&mut self, node: &str, message: Text) {
        let (line, col) = self.at.locate_key(node).unwrap_or((1, 1));
        let message = Text::new(
            format!("节点“{node}”：{}", message.zh),
            format!("node \"{node}\": {}", message.en),
        );
        self.diags.push(Diagnostic {
            file: self.file.to_string(),
            line,
            col,
            message,
        });
    }
    /// An effect's values must be finite and within ±[`MAX_EFFECT`].
    fn effect(&mut self, node: &str, what: Text, e: &Effect) {
        for (name, v) in [
            ("satisfaction", e.satisfaction),
            ("anger", e.anger),
            ("trust", e.trust),
            ("patience", e.patience),
            ("expectation", e.expectation),
        ] {
            if !(-MAX_EFFECT..=MAX_EFFECT).contains(&v) {
                self.node_err(
                    node,
                    Text::new(
                        format!("{}effect 的 {name} 必须是 ±{MAX_EFFECT} 以内的数，不能是 {v}", what.zh),
                        format!(
                            "{}effect {name} must be a number within ±{MAX_EFFECT}, not {v}",
                            what.en
                        ),
                    ),
                );
            }
        }
    }
}

/// A language's name in both languages.
pub fn lang_label(l: Lang) -> Text {
    match l {
        Lang::Zh => Text::new("中文", "Chinese"),
        Lang::En => Text::new("英文", "English"),
    }
}

/// Validates and indexes a scenario. `file` names it in diagnostics; `src` is its text (used only
/// to find line and column of the things diagnostics are about; pass "" when there is none).
pub fn compile(sc: &Scenario, file: &str, src: &str) -> Result<Compiled, Vec<Diagnostic>> {
    let mut cx = Ctx {
        file,
        at: SourceIndex::new(src),
        diags: Vec::new(),
        warnings: Vec::new(),
    };

    if sc.id.is_empty()
        || !sc
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        cx.err(
            "id:",
            Text::new(
                format!("id“{}”只能由小写英文字母、数字和 _ 组成", sc.id),
                format!("id \"{}\" must be lowercase letters, digits and _", sc.id),
            ),
        );
    }
    let langs = languages(&mut cx, sc);
    // A scenario in one language is shown in it whatever the chosen language: the other side of
    // every text is that language's text (said by the picker and the terminal, never silently).
    let filled;
    let sc = match langs[..] {
        [only] => {
            let mut copy = sc.clone();
            for (_, t) in texts_mut(&mut copy) {
                let s = t.get(only).to_string();
                *t = Text::new(s.clone(), s);
            }
            filled = copy;
            &filled
        }
        _ => sc,
    };
    if !(1..=3).contains(&sc.difficulty) {
        cx.err(
            "difficulty:",
            Text::new(
                format!("难度（difficulty）只能是 1、2 或 3，不能是 {}", sc.difficulty),
                format!("difficulty must be 1, 2 or 3, not {}", sc.difficulty),
            ),
        );
    }
    if sc.minutes == 0 {
        cx.err(
            "minutes:",
            Text::new("时长（minutes）至少是 1", "minutes must be at least 1"),
        );
    }
    let m = &sc.customer.start;
    for (name, v) in [
        ("satisfaction", m.satisfaction),
        ("anger", m.anger),
        ("trust", m.trust),
        ("patience", m.patience),
        ("expectation", m.expectation),
    ] {
        if !(0.0..=100.0).contains(&v) {
            cx.err(
                &format!("{name}:"),
                Text::new(
                    format!("客户开场的 {name} 必须在 0–100 之间，不能是 {v}"),
                    format!("customer start {name} must be within 0–100, not {v}"),
                ),
            );
        }
    }
    let t = &sc.customer.temperament;
    if !(0.0..=1.0).contains(&t.volatility) {
        cx.err(
            "volatility:",
            Text::new(
                format!("volatility 必须在 0–1 之间，不能是 {}", t.volatility),
                format!("volatility must be within 0–1, not {}", t.volatility),
            ),
        );
    }
    if !(0.0..=50.0).contains(&t.patience_drain) {
        cx.err(
            "patience_drain:",
            Text::new(
                format!("patience_drain 必须在 0–50 之间，不能是 {}", t.patience_drain),
                format!("patience_drain must be within 0–50, not {}", t.patience_drain),
            ),
        );
    }
    let look = &sc.customer.look;
    if let (Some(g), Some(t)) = (look.gender, sc.customer.titled_gender())
        && g != t
    {
        let gender = if g == Gender::Female { "female" } else { "male" };
        let (zh, en) = (&sc.customer.name.zh, &sc.customer.name.en);
        cx.err(
            "gender:",
            Text::new(
                format!("外貌的性别 {gender} 和客户的称呼（“{zh}”/“{en}”）对不上"),
                format!("look gender {gender} does not match the customer's title (\"{zh}\" / \"{en}\")"),
            ),
        );
    }
    if look.beard.is_some_and(|b| b != Beard::None) && sc.customer.look(&sc.id).gender == Gender::Female {
        cx.err(
            "beard:",
            Text::new(
                "有胡子（beard）的客户外貌性别须为 male",
                "a beard or moustache needs look gender male",
            ),
        );
    }
    if sc.facts.capacity > 3 {
        cx.err(
            "capacity:",
            Text::new(
                format!("capacity 只能是 0–3，不能是 {}", sc.facts.capacity),
                format!("capacity must be 0–3, not {}", sc.facts.capacity),
            ),
        );
    }
    let item_index = |cx: &mut Ctx, list: &[Item], kind: &str| -> HashMap<String, u8> {
        let mut map = HashMap::new();
        if list.len() > 64 {
            cx.err(
                &format!("{kind}:"),
                Text::new(
                    format!("{kind} 最多只能有 64 项"),
                    format!("at most 64 {kind} items are supported"),
                ),
            );
        }
        for (i, it) in list.iter().enumerate() {
            if map.insert(it.id.clone(), i as u8).is_some() {
                cx.err(
                    &format!("\"{}\"", it.id),
                    Text::new(
                        format!("{kind} 事项“{}”声明了两次", it.id),
                        format!("{kind} item \"{}\" is declared twice", it.id),
                    ),
                );
            }
        }
        map
    };
    let bad = item_index(&mut cx, &sc.facts.bad_news, "bad_news");
    let info = item_index(&mut cx, &sc.facts.info, "info");
    let rituals = item_index(&mut cx, &sc.facts.rituals, "rituals");

    let names: Vec<String> = sc.nodes.keys().cloned().collect();
    // A map keeps the last of two equal keys: the first node would be lost without a word.
    for name in &names {
        let at = cx.at.keys(name);
        if at.len() > 1 {
            let places: Vec<String> = at.iter().map(|(l, c)| format!("{l}:{c}")).collect();
            let (line, col) = at[1];
            cx.diags.push(Diagnostic {
                file: file.to_string(),
                line,
                col,
                message: Text::new(
                    format!(
                        "节点“{name}”定义了 {} 次（在 {}）；节点名不能重复",
                        at.len(),
                        places.join("、")
                    ),
                    format!(
                        "node \"{name}\" is defined {} times (at {}); node names must be unique",
                        at.len(),
                        places.join(", ")
                    ),
                ),
            });
        }
    }
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    if sc.nodes.is_empty() {
        cx.err("nodes:", Text::new("场景里没有任何节点", "the scenario has no nodes"));
    }

    let resolve = |cx: &mut Ctx, from: &str, target: &str| -> usize {
        match index.get(target) {
            Some(i) => *i,
            None => {
                cx.node_err(
                    from,
                    Text::new(
                        format!("指向了不存在的节点“{target}”"),
                        format!("refers to unknown node \"{target}\""),
                    ),
                );
                usize::MAX
            }
        }
    };
    let act = |cx: &mut Ctx, from: &str, a: &Act| -> Option<CAct> {
        let lookup = |cx: &mut Ctx, map: &HashMap<String, u8>, id: &str, kind: &str, list: &str| {
            let found = map.get(id).copied();
            if found.is_none() {
                cx.node_err(
                    from,
                    Text::new(
                        format!("{kind}(\"{id}\") 用到的事项没有在 facts.{list} 里声明"),
                        format!("{kind}(\"{id}\") names an item not declared in facts.{list}"),
                    ),
                );
            }
            found
        };
        Some(match a {
            Act::Greet => CAct::Greet,
            Act::Listen => CAct::Listen,
            Act::Empathize => CAct::Empathize,
            Act::Apologize => CAct::Apologize,
            Act::OwnCause => CAct::OwnCause,
            Act::Improve => CAct::Improve,
            Act::Solution => CAct::Solution,
            Act::Execute => CAct::Execute,
            Act::FollowUp => CAct::FollowUp,
            Act::Reflect => CAct::Reflect,
            Act::Argue => CAct::Argue,
            Act::BlameCustomer => CAct::BlameCustomer,
            Act::Excuse => CAct::Excuse,
            Act::Disclose(id) => CAct::Disclose(lookup(cx, &bad, id, "disclose", "bad_news")?),
            Act::Inform(id) => CAct::Inform(lookup(cx, &info, id, "inform", "info")?),
            Act::GoodNews(s) => CAct::GoodNews(*s),
            Act::OfferChoice(d) => CAct::OfferChoice(*d),
            Act::AnnounceWait => CAct::AnnounceWait,
            Act::Hold => CAct::Hold,
            Act::Promise(l) => {
                if !(1..=3).contains(l) {
                    cx.node_err(
                        from,
                        Text::new(
                            format!("promise({l})：承诺的级别只能是 1、2 或 3"),
                            format!("promise({l}): the level must be 1, 2 or 3"),
                        ),
                    );
                    return None;
                }
                CAct::Promise(*l)
            }
            Act::Ritual(id) => CAct::Ritual(lookup(cx, &rituals, id, "ritual", "rituals")?),
            Act::Surprise => CAct::Surprise,
            Act::Verify => CAct::Verify,
            Act::Thank => CAct::Thank,
            Act::Sell => CAct::Sell,
            Act::ColdTone => CAct::ColdTone,
            Act::Transfer => CAct::Transfer,
            Act::AskRepeat => CAct::AskRepeat,
            Act::PushWork => CAct::PushWork,
        })
    };
    fn cond(cx: &mut Ctx, from: &str, c: &Cond, act: &dyn Fn(&mut Ctx, &str, &Act) -> Option<CAct>) -> CCond {
        if let Cond::AngerAbove(v)
        | Cond::AngerBelow(v)
        | Cond::SatisfactionAbove(v)
        | Cond::SatisfactionBelow(v)
        | Cond::TrustAbove(v)
        | Cond::TrustBelow(v)
        | Cond::PatienceBelow(v) = c
            && !(0.0..=100.0).contains(v)
        {
            cx.node_err(
                from,
                Text::new(
                    format!("条件里比较的数是 {v}：请用 0–100 之间的数"),
                    format!("a condition compares with {v}: use a number within 0–100"),
                ),
            );
        }
        match c {
            Cond::AngerAbove(v) => CCond::AngerAbove(*v),
            Cond::AngerBelow(v) => CCond::AngerBelow(*v),
            Cond::SatisfactionAbove(v) => CCond::SatisfactionAbove(*v),
            Cond::SatisfactionBelow(v) => CCond::SatisfactionBelow(*v),
            Cond::TrustAbove(v) => CCond::TrustAbove(*v),
            Cond::TrustBelow(v) => CCond::TrustBelow(*v),
            Cond::PatienceBelow(v) => CCond::PatienceBelow(*v),
            Cond::Colour(c) => CCond::Colour(*c),
            Cond::Done(a) => CCond::Done(act(cx, from, a).unwrap_or(CAct::Greet)),
            Cond::All(cs) => CCond::All(cs.iter().map(|c| cond(cx, from, c, act)).collect()),
            Cond::Any(cs) => CCond::Any(cs.iter().map(|c| cond(cx, from, c, act)).collect()),
            Cond::Not(c) => CCond::Not(Box::new(cond(cx, from, c, act))),
        }
    }

    let mut nodes = Vec::with_capacity(names.len());
    let mut found_out = Vec::with_capacity(names.len());
    for (name, node) in &sc.nodes {
        let mut found = 0u64;
        if let Node::Turn { found_out: ids, .. } = node {
            for id in ids {
                match bad.get(id) {
                    Some(i) => found |= 1 << i,
                    None => cx.node_err(
                        name,
                        Text::new(
                            format!("found_out(\"{id}\")：facts.bad_news 里没有这一项"),
                            format!("found_out(\"{id}\"): no such item in facts.bad_news"),
                        ),
                    ),
                }
            }
        }
        found_out.push(found);
        match node {
            Node::Turn { customer, options, .. } => {
                if options.is_empty() {
                    cx.node_err(
                        name,
                        Text::new("一个回合（turn）至少要有一个选项", "a turn needs at least one option"),
                    );
                }
                if options.len() > 9 {
                    let n = options.len();
                    cx.node_err(
                        name,
                        Text::new(
                            format!("有 {n} 个选项：最多 9 个（按键 1–9）"),
                            format!("{n} options: at most 9 (keys 1–9)"),
                        ),
                    );
                }
                let mut copts = Vec::new();
                for (i, o) in options.iter().enumerate() {
                    let acts: Vec<CAct> = o.acts.iter().filter_map(|a| act(&mut cx, name, a)).collect();
                    let what = Text::new(format!("第 {} 个选项的 ", i + 1), format!("option {} ", i + 1));
                    cx.effect(name, what, &o.effect);
                    let next = match &o.next {
                        Next::Goto(t) => CNext::Goto(resolve(&mut cx, name, t)),
                        Next::Branch { rules, otherwise } => CNext::Branch(
                            {
                                if rules.len() > MAX_RULES {
                                    let (k, n) = (i + 1, rules.len());
                                    cx.node_err(
                                        name,
                                        Text::new(
                                            format!("第 {k} 个选项有 {n} 条规则，最多 {MAX_RULES} 条"),
                                            format!("option {k}: {n} rules, at most {MAX_RULES}"),
                                        ),
                                    );
                                }
                                for (k, r) in rules.iter().enumerate() {
                                    let n = cond_terms(&r.when);
                                    if n > MAX_COND_TERMS {
                                        let (o, r) = (i + 1, k + 1);
                                        cx.node_err(
                                            name,
                                            Text::new(
                                                format!(
                                                    "第 {o} 个选项的第 {r} 条规则：条件有 {n} 项，最多 {MAX_COND_TERMS} 项"
                                                ),
                                                format!(
                                                    "option {o} rule {r}: the condition has {n} terms, at most {MAX_COND_TERMS}"
                                                ),
                                            ),
                                        );
                                    }
                                }
                                rules
                                    .iter()
                                    .map(|r| (cond(&mut cx, name, &r.when, &act), resolve(&mut cx, name, &r.goto)))
                                    .collect()
                            },
                            resolve(&mut cx, name, otherwise),
                        ),
                        Next::Random(ws) => {
                            if ws.iter().map(|w| w.weight as u64).sum::<u64>() == 0 {
                                cx.node_err(
                                    name,
                                    Text::new(
                                        format!("第 {} 个选项：random 的权重加起来是 0", i + 1),
                                        format!("option {}: random weights sum to zero", i + 1),
                                    ),
                                );
                            }
                            CNext::Random(ws.iter().map(|w| (w.weight, resolve(&mut cx, name, &w.goto))).collect())
                        }
                    };
                    copts.push(COption {
                        written: i,
                        text: o.text.clone(),
                        note: o.note.clone(),
                        acts,
                        effect: o.effect,
                        next,
                    });
                }
                if sc.shuffle_options {
                    shuffle(&mut copts, &sc.id, name);
                }
                nodes.push(CNode::Turn {
                    customer: customer.clone(),
                    options: copts,
                });
            }
            Node::End { outcome, text, effect } => {
                cx.effect(name, Text::new("结局的 ", "the ending's "), effect);
                nodes.push(CNode::End {
                    outcome: *outcome,
                    text: text.clone(),
                    effect: *effect,
                });
            }
        }
    }

    let start = match index.get(sc.start.as_str()) {
        Some(i) if matches!(nodes[*i], CNode::End { .. }) => {
            cx.err(
                "start:",
                Text::new(
                    format!("开始节点“{}”是一个结局：通话必须从一个回合（turn）开始", sc.start),
                    format!(
                        "start node \"{}\" is an ending: the call must start with a turn",
                        sc.start
                    ),
                ),
            );
            usize::MAX
        }
        Some(i) => *i,
        None => {
            cx.err(
                "start:",
                Text::new(
                    format!("开始节点“{}”不存在", sc.start),
                    format!("start node \"{}\" does not exist", sc.start),
                ),
            );
            usize::MAX
        }
    };
    let walkout = match &sc.walkout {
        None => None,
        Some(w) => match index.get(w.as_str()) {
            Some(i) if matches!(nodes[*i], CNode::End { .. }) => Some(*i),
            Some(_) => {
                cx.err(
                    "walkout:",
                    Text::new(
                        format!("walkout“{w}”必须是一个结局（end）"),
                        format!("walkout \"{w}\" must be an end node"),
                    ),
                );
                None
            }
            None => {
                cx.err(
                    "walkout:",
                    Text::new(
                        format!("walkout 节点“{w}”不存在"),
                        format!("walkout node \"{w}\" does not exist"),
                    ),
                );
                None
            }
        },
    };

    if !cx.diags.is_empty() {
        return Err(cx.diags);
    }
    check_graph(&mut cx, &names, &nodes, start, walkout);
    if !cx.diags.is_empty() {
        return Err(cx.diags);
    }
    Ok(Compiled {
        id: sc.id.clone(),
        title: sc.title.clone(),
        briefing: sc.briefing.clone(),
        goal: sc.goal.clone(),
        difficulty: sc.difficulty,
        minutes: sc.minutes,
        tags: sc.tags.clone(),
        customer: sc.customer.clone(),
        facts: sc.facts.clone(),
        source: file.to_string(),
        id_at: cx.at.locate("id:").unwrap_or((1, 1)),
        names,
        nodes,
        start,
        walkout,
        found_out,
        langs,
        warnings: cx.warnings,
    })
}

/// Checks that every text is written in at least one language and that the scenario is complete
/// in at least one; returns the complete languages (Chinese first). A language some texts lack is
/// a warning when another is complete, an error when none is.
fn languages(cx: &mut Ctx, sc: &Scenario) -> Vec<Lang> {
    let all = texts(sc);
    let has = |t: &Text, l: Lang| !t.get(l).trim().is_empty();
    for (key, t) in &all {
        if !Lang::ALL.iter().any(|l| has(t, *l)) {
            let what = key.describe();
            cx.err(
                &key.anchor(),
                Text::new(
                    format!("{}是空的：请用中文、英文或两种语言写上", what.zh),
                    format!("{} is empty: write it in Chinese, English or both", what.en),
                ),
            );
        }
    }
    let complete: Vec<Lang> = Lang::ALL
        .into_iter()
        .filter(|l| all.iter().all(|(_, t)| has(t, *l)))
        .collect();
    for lang in Lang::ALL.into_iter().filter(|l| !complete.contains(l)) {
        let label = lang_label(lang);
        let missing: Vec<&TextKey> = all
            .iter()
            .filter(|(_, t)| !has(t, lang) && Lang::ALL.iter().any(|l| has(t, *l)))
            .map(|(k, _)| k)
            .collect();
        if let [other] = complete[..] {
            let shown = lang_label(other);
            if !all.iter().any(|(_, t)| has(t, lang)) {
                cx.warn(
                    "title:",
                    Text::new(
                        format!("场景里没有{}文字：无论选哪种语言，都用{}显示", label.zh, shown.zh),
                        format!(
                            "the scenario has no {} text: it is shown in {} whichever language is chosen",
                            label.en, shown.en
                        ),
                    ),
                );
                continue;
            }
            for key in missing {
                let what = key.describe();
                cx.warn(
                    &key.anchor(),
                    Text::new(
                        format!(
                            "{}缺少{}翻译（{}）：补齐之前，这个场景只用{}显示",
                            what.zh,
                            label.zh,
                            lang.code(),
                            shown.zh
                        ),
                        format!(
                            "missing translation ({}) for {}: until every text has it, the scenario is shown in {} only",
                            lang.code(),
                            what.en,
                            shown.en
                        ),
                    ),
                );
            }
        } else {
            for key in missing {
                let what = key.describe();
                cx.err(
                    &key.anchor(),
                    Text::new(
                        format!(
                            "{}缺少{}翻译（{}）：场景至少要有一种语言是完整的",
                            what.zh,
                            label.zh,
                            lang.code()
                        ),
                        format!(
                            "missing translation ({}) for {}: a scenario must be complete in at least one language",
                            lang.code(),
                            what.en
                        ),
                    ),
                );
            }
        }
    }
    if complete.is_empty() {
        Lang::ALL.to_vec()
    } else {
        complete
    }
}

/// Conditions in `c`, counting `all`, `any` and `not` themselves.
fn cond_terms(c: &Cond) -> usize {
    1 + match c {
        Cond::All(cs) | Cond::Any(cs) => cs.iter().map(cond_terms).sum(),
        Cond::Not(c) => cond_terms(c),
        _ => 0,
    }
}

/// 64-bit FNV-1a: a small, fixed hash (the same on every machine and in every build).
fn fnv1a(bytes: impl Iterator<Item = u8>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash = (hash ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Puts a node's options in a fixed pseudo-random order derived from the scenario id and the node
/// name, so the order authors write them in (usually best first) does not give the answer away.
/// The order is the same on every run and every machine (FNV-1a hash → ChaCha8 → Fisher–Yates).
fn shuffle<T>(items: &mut [T], scenario: &str, node: &str) {
    use rand::{RngExt, SeedableRng};
    let hash = fnv1a(scenario.bytes().chain([0]).chain(node.bytes()));
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(hash);
    for i in (1..items.len()).rev() {
        items.swap(i, rng.random_range(0..=i as u32) as usize);
    }
}

fn successors(node: &CNode) -> Vec<usize> {
    match node {
        CNode::Turn { options, .. } => {
            let set: BTreeSet<usize> = options.iter().flat_map(|o| o.next.targets()).collect();
            set.into_iter().collect()
        }
        CNode::End { .. } => Vec::new(),
    }
}

/// Reachability from the start, a path to an ending from every node, and cycles without exit.
fn check_graph(cx: &mut Ctx, names: &[String], nodes: &[CNode], start: usize, walkout: Option<usize>) {
    let n = nodes.len();
    let succ: Vec<Vec<usize>> = nodes.iter().map(successors).collect();

    let mut reach = vec![false; n];
    let mut stack = vec![start];
    stack.extend(walkout);
    while let Some(v) = stack.pop() {
        if !std::mem::replace(&mut reach[v], true) {
            stack.extend(succ[v].iter().copied());
        }
    }
    for v in 0..n {
        if !reach[v] {
            cx.node_err(
                &names[v],
                Text::new("从开始节点走不到这里", "is unreachable from the start node"),
            );
        }
    }

    // Backwards from the endings: which nodes can still finish the call?
    let mut pred = vec![Vec::new(); n];
    for (v, ss) in succ.iter().enumerate() {
        for &s in ss {
            pred[s].push(v);
        }
    }
    let mut finishes = vec![false; n];
    let mut stack: Vec<usize> = (0..n).filter(|&v| matches!(nodes[v], CNode::End { .. })).collect();
    while let Some(v) = stack.pop() {
        if !std::mem::replace(&mut finishes[v], true) {
            stack.extend(pred[v].iter().copied());
        }
    }
    if !nodes.iter().any(|n| matches!(n, CNode::End { .. })) {
        cx.err(
            "nodes:",
            Text::new("场景里没有结局（end 节点）", "the scenario has no end node"),
        );
        return;
    }
    // Nodes that cannot finish: report closed cycles once, the rest one by one.
    let comps = sccs(&succ);
    let mut reported = vec![false; n];
    for comp in &comps {
        let cyclic = comp.len() > 1 || succ[comp[0]].contains(&comp[0]);
        if cyclic && !finishes[comp[0]] && reach[comp[0]] {
            let mut members: Vec<&str> = comp.iter().map(|&v| names[v].as_str()).collect();
            members.sort();
            let first = members[0].to_string();
            let cycle = members.join(" → ");
            cx.node_err(
                &first,
                Text::new(
                    format!("没有出口的循环：{cycle} 永远走不到结局"),
                    format!("cycle with no exit: {cycle} never reach an ending"),
                ),
            );
            for &v in comp {
                reported[v] = true;
            }
        }
    }
    for v in 0..n {
        if reach[v] && !finishes[v] && !reported[v] {
            cx.node_err(&names[v], Text::new("从这里走不到任何结局", "has no path to an ending"));
        }
    }
}

/// Tarjan's strongly connected components (iterative).
fn sccs(succ: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = succ.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if *i == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on[v] = true;
            }
            if *i < succ[v].len() {
                let w = succ[v][*i];
                *i += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(p, _)) = work.last() {
                    low[p] = low[p].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut comp = Vec::new();
                    while let Some(w) = stack.pop() {
                        on[w] = false;
                        comp.push(w);
                        if w == v {
                            break;
                        }
                    }
                    out.push(comp);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
