//! The scenario lab: for a scenario author. Pick a file of the library (with its validation
//! messages); see its graph (turns and endings as boxes coloured by outcome, options as edges,
//! branch and random edges marked, unreachable and never-reached nodes flagged), the `analyze`
//! figures and the messages; click a node to play from it with a chosen customer state, and see
//! for the path just played each principle's score and what in the file would raise it
//! (`engine::hints`). The file is followed live (`reload`): the graph and figures are redone on
//! every change and the test call moves onto the edited file (`Call::carry_over`) when it can.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{Color32, Pos2, Rect, RichText, Sense, Stroke, Vec2};

use crate::engine::analyze::{Analysis, analyze};
use crate::engine::call::Call;
use crate::engine::compile::{CNext, CNode};
use crate::engine::hints::{PrincipleHints, author_hints};
use crate::engine::model::Archetype;
use crate::engine::sim::Sim;
use crate::engine::{Compiled, Diagnostic, Lang, Mood, Outcome, ScoringConfig, Text};

use crate::game::Screen;
use crate::game::data::{Catalog, Settings};
use crate::game::reload::ScenarioFiles;
use crate::game::ui::{self, tr};

pub fn plugin(app: &mut App) {
    app.init_resource::<Lab>()
        .add_systems(Update, follow_the_file.run_if(in_state(Screen::Lab)))
        .add_systems(EguiPrimaryContextPass, draw.run_if(in_state(Screen::Lab)));
}

/// The seed the lab analyses and plays with (the terminal's `analyze` default).
pub const SEED: u64 = 1;
/// Random playthroughs for the figures.
const RUNS: usize = 500;

/// What the lab shows and the test call being played.
#[derive(Resource)]
pub struct Lab {
    /// The selected scenario's id.
    pub selected: Option<String>,
    /// The scenario the figures and graph are of (the catalogue's current version).
    pub shown: Option<Arc<Compiled>>,
    /// Its analysis, worked out on a thread.
    pub analysis: Arc<OnceLock<Analysis>>,
    pub zoom: f32,
    /// Set for a new file: the next draw fits the graph to the column.
    pub fit: bool,
    /// A node clicked: where to play from and the customer state the sliders set.
    pub from: Option<(usize, Mood)>,
    pub play: Option<Call>,
    /// The played path's score per principle with the author's hints.
    pub result: Option<(f32, Vec<PrincipleHints>)>,
    /// Why the test call could not follow the last edit (it goes on as it was).
    pub kept: Option<Text>,
    /// The "new scenario" form, while it is open.
    pub new_form: Option<NewForm>,
}

/// What the "new scenario" form holds: a skeleton (`lab::skeleton`, as `new-scenario` writes) is
/// written to the watched folder as `ID.ron` and opened.
#[derive(Clone, Debug, PartialEq)]
pub struct NewForm {
    pub id: String,
    pub archetype: Archetype,
    /// `None`: both languages; `Some(l)`: only `l`.
    pub only: Option<Lang>,
    /// Why the last "create" did not (shown under the form).
    pub error: Option<Text>,
    /// The id field has been given the keyboard focus (on opening, and again after a refusal,
    /// so the author can type at once).
    pub focused: bool,
}

impl Default for NewForm {
    fn default() -> Self {
        NewForm {
            id: String::new(),
            archetype: Archetype::Angry,
            only: None,
            error: None,
            focused: false,
        }
    }
}

/// Writes a new scenario file from the skeleton into the watched folder (never over an existing
/// file), loads it at once and returns its id; or says, in both languages, why not.
pub fn create_scenario(
    files: &mut ScenarioFiles,
    catalog: &mut Catalog,
    form: &NewForm,
    now: f64,
) -> Result<String, Text> {
    let Some(dir) = files.dir.clone() else {
        return Err(Text::new(
            "没有场景文件夹可写：游戏是用内置场景启动的。",
            "There is no scenario folder to write to: the game started with its built-in scenarios.",
        ));
    };
    let id = form.id.trim();
    if id.is_empty() {
        return Err(Text::new(
            "先填一个 id（小写字母、数字和下划线，例如 my_refund）。",
            "Type an id first (lower-case letters, digits and underscores, e.g. my_refund).",
        ));
    }
    let file = dir.join(format!("{id}.ron"));
    // The skeleton always validates, except with an id a scenario cannot have: say which rule.
    let src = match crate::lab::skeleton::checked(id, form.archetype, form.only, &file.display().to_string()) {
        Ok((src, _)) => src,
        Err(ds) => {
            return Err(ds
                .into_iter()
                .next()
                .map(|d| d.message)
                .unwrap_or_else(|| Text::new("这个 id 不能用。", "This id cannot be used.")));
        }
    };
    if let Some(other) = catalog.find(id) {
        return Err(crate::engine::load::id_in_use(id, &other.source));
    }
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .and_then(|mut f| std::io::Write::write_all(&mut f, src.as_bytes()));
    if let Err(e) = written {
        return Err(if e.kind() == std::io::ErrorKind::AlreadyExists {
            Text::new(
                format!("{} 已经存在：新骨架不会覆盖它。换一个 id。", file.display()),
                format!(
                    "{} already exists: a new skeleton never overwrites a file. Choose another id.",
                    file.display()
                ),
            )
        } else {
            Text::new(
                format!("写不进 {}：{e}", file.display()),
                format!("Could not write {}: {e}", file.display()),
            )
        });
    }
    crate::game::reload::refresh(files, catalog, now);
    match catalog.find(id) {
        Some(_) => Ok(id.to_string()),
        None => Err(Text::new(
            format!("已写入 {}，但它没有加载：见左边的错误。", file.display()),
            format!(
                "{} was written but did not load: see its errors on the left.",
                file.display()
            ),
        )),
    }
}

impl Default for Lab {
    fn default() -> Self {
        Lab {
            selected: None,
            shown: None,
            analysis: Arc::default(),
            zoom: 1.0,
            fit: true,
            from: None,
            play: None,
            result: None,
            kept: None,
            new_form: None,
        }
    }
}

impl Lab {
    /// Shows `sc` (a new file, or a new version of the same one) and starts its analysis.
    pub fn show_scenario(&mut self, sc: Arc<Compiled>, cfg: &ScoringConfig) {
        let same_file = self.shown.as_ref().is_some_and(|s| s.id == sc.id);
        self.analysis = Arc::default();
        let (out, s, c) = (self.analysis.clone(), sc.clone(), cfg.clone());
        std::thread::spawn(move || {
            let _ = out.set(analyze(&s, &c, SEED, RUNS));
        });
        self.kept = None;
        if same_file {
            // The test call follows the edit when its path is still there.
            if let Some(call) = &self.play {
                match call.carry_over(sc.clone()) {
                    Ok(moved) => {
                        self.play = Some(moved);
                        if self.result.is_some() {
                            self.result = score(self.play.as_ref().expect("just set"), cfg);
                        }
                    }
                    Err(why) => self.kept = Some(why),
                }
            }
            if let Some((n, _)) = self.from
                && n >= sc.nodes.len()
            {
                self.from = None;
            }
        } else {
            self.from = None;
            self.play = None;
            self.result = None;
            self.fit = true;
        }
        self.shown = Some(sc);
    }
}

fn score(call: &Call, cfg: &ScoringConfig) -> Option<(f32, Vec<PrincipleHints>)> {
    let done = call.finish(cfg).ok()?;
    Some((done.score.total, author_hints(call.scenario(), &done.score)))
}

/// Keeps the lab on the catalogue's current version of its file (live reload).
fn follow_the_file(mut lab: ResMut<Lab>, catalog: Res<Catalog>) {
    let Some(id) = lab.selected.clone() else { return };
    match catalog.find(&id) {
        Some(sc) if !lab.shown.as_ref().is_some_and(|s| Arc::ptr_eq(s, &sc)) => lab.show_scenario(sc, &catalog.cfg),
        Some(_) => {}
        None => {
            lab.shown = None;
            lab.play = None;
            lab.result = None;
            lab.from = None;
        }
    }
}

/// How a node's box is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Turn,
    End(Outcome),
}

/// How an option leads on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Goto,
    /// One of a `branch`'s targets (a condition on the customer decides).
    Branch,
    /// One of a `random`'s targets.
    Random,
}

/// The scenario as a graph in layers: layer = fewest choices from the start (nodes the start
/// cannot reach go in a last layer of their own).
#[derive(Clone, Debug)]
pub struct Graph {
    /// Per node: (layer, row in the layer).
    pub place: Vec<(usize, usize)>,
    pub kind: Vec<Kind>,
    /// No path from the start leads here.
    pub unreachable: Vec<bool>,
    /// (from, to, how, the options' numbers as written), one edge per pair and kind.
    pub edges: Vec<(usize, usize, Via, Vec<usize>)>,
    pub layers: usize,
    pub rows: usize,
}

pub fn graph(sc: &Compiled) -> Graph {
    let n = sc.nodes.len();
    let mut edges: Vec<(usize, usize, Via, Vec<usize>)> = Vec::new();
    for (i, node) in sc.nodes.iter().enumerate() {
        let CNode::Turn { options, .. } = node else { continue };
        let mut opts: Vec<_> = options.iter().collect();
        opts.sort_by_key(|o| o.written);
        for o in opts {
            let (via, targets) = match &o.next {
                CNext::Goto(t) => (Via::Goto, vec![*t]),
                CNext::Branch(..) => (Via::Branch, o.next.targets()),
                CNext::Random(..) => (Via::Random, o.next.targets()),
            };
            for t in targets {
                match edges.iter_mut().find(|e| e.0 == i && e.1 == t && e.2 == via) {
                    Some(e) => {
                        if !e.3.contains(&(o.written + 1)) {
                            e.3.push(o.written + 1);
                        }
                    }
                    None => edges.push((i, t, via, vec![o.written + 1])),
                }
            }
        }
    }
    // Fewest choices from the start.
    let mut depth = vec![usize::MAX; n];
    depth[sc.start] = 0;
    let mut queue = std::collections::VecDeque::from([sc.start]);
    while let Some(i) = queue.pop_front() {
        for e in edges.iter().filter(|e| e.0 == i) {
            if depth[e.1] == usize::MAX {
                depth[e.1] = depth[i] + 1;
                queue.push_back(e.1);
            }
        }
    }
    // The walkout ending is reached from any turn: put it after the deepest turn.
    let deepest = depth.iter().filter(|d| **d != usize::MAX).max().copied().unwrap_or(0);
    if let Some(w) = sc.walkout
        && depth[w] == usize::MAX
    {
        depth[w] = deepest + 1;
    }
    let unreachable: Vec<bool> = (0..n).map(|i| depth[i] == usize::MAX).collect();
    let last = depth.iter().filter(|d| **d != usize::MAX).max().copied().unwrap_or(0);
    let layer: Vec<usize> = depth
        .iter()
        .map(|d| if *d == usize::MAX { last + 1 } else { *d })
        .collect();
    let layers = layer.iter().max().copied().unwrap_or(0) + 1;
    // Rows: within a layer, by the mean row of the nodes leading there (fewer crossings), then
    // by name.
    let mut place = vec![(0usize, 0usize); n];
    let mut rows = 0;
    for l in 0..layers {
        let mut here: Vec<(f32, &str, usize)> = (0..n)
            .filter(|i| layer[*i] == l)
            .map(|i| {
                let parents: Vec<f32> = edges
                    .iter()
                    .filter(|e| e.1 == i && layer[e.0] < l)
                    .map(|e| place[e.0].1 as f32)
                    .collect();
                let key = if parents.is_empty() {
                    f32::MAX
                } else {
                    parents.iter().sum::<f32>() / parents.len() as f32
                };
                (key, sc.names[i].as_str(), i)
            })
            .collect();
        here.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
        for (row, (_, _, i)) in here.iter().enumerate() {
            place[*i] = (l, row);
        }
        rows = rows.max(here.len());
    }
    let kind = sc
        .nodes
        .iter()
        .map(|node| match node {
            CNode::Turn { .. } => Kind::Turn,
            CNode::End { outcome, .. } => Kind::End(*outcome),
        })
        .collect();
    Graph {
        place,
        kind,
        unreachable,
        edges,
        layers,
        rows,
    }
}

/// The customer's state the best path reaches at each node it passes (before choosing there).
pub fn best_states(sc: &Compiled, a: &Analysis) -> HashMap<usize, Mood> {
    let mut sim = Sim::new(sc, SEED);
    let mut at = HashMap::new();
    // `path` numbers the choices from 1, as `play --choices` does.
    for &c in &a.best.path {
        at.entry(sim.node()).or_insert(sim.mood());
        if sim.choose(c - 1).is_err() {
            break;
        }
    }
    at.entry(sim.node()).or_insert(sim.mood());
    at
}

fn outcome_colour(o: Outcome) -> Color32 {
    match o {
        Outcome::WonOver => ui::GOOD,
        Outcome::Neutral => Color32::from_rgb(150, 140, 128),
        Outcome::Lost => ui::BAD,
        Outcome::Escalated => Color32::from_rgb(150, 40, 120),
    }
}

const BRANCH: Color32 = Color32::from_rgb(40, 100, 190);
const RANDOM: Color32 = Color32::from_rgb(130, 70, 170);

/// What the user did on the lab screen.
#[derive(Debug, PartialEq)]
pub enum Action {
    Select(String),
    /// A node clicked: play from there (prefilled state).
    PickNode(usize),
    /// Start the test call from the picked node with the sliders' state.
    PlayFromHere,
    /// An option of the test call, 0-based in played order.
    Choose(usize),
    StopPlaying,
    /// Open or close the "new scenario" form.
    ToggleNew,
    /// Create the scenario the form describes.
    Create,
    Back,
}

/// What the lab screen draws from.
pub struct View<'a> {
    pub lang: Lang,
    pub scenarios: &'a [Arc<Compiled>],
    pub files: &'a ScenarioFiles,
}

/// Where things were drawn (tests).
#[derive(Debug, Default)]
pub struct Measured {
    /// Each node's box on screen.
    pub nodes: Vec<Rect>,
    pub play_button: Option<Rect>,
    pub options: Vec<Rect>,
    pub new_button: Option<Rect>,
    pub new_id: Option<Rect>,
    pub create_button: Option<Rect>,
}

fn draw(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    mut catalog: ResMut<Catalog>,
    mut files: ResMut<ScenarioFiles>,
    mut lab: ResMut<Lab>,
    mut next: ResMut<NextState<Screen>>,
    time: Res<Time<Real>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let view = View {
        lang: settings.lang(),
        scenarios: &catalog.scenarios,
        files: &files,
    };
    let (action, _) = show(ctx, &view, &mut lab);
    if lab.shown.is_some() && lab.analysis.get().is_none() {
        // The analysis is running on its thread: look again shortly.
        ctx.request_repaint_after(std::time::Duration::from_millis(200));
    }
    match action {
        Some(Action::Create) => {
            let Some(form) = lab.new_form.clone() else {
                return Ok(());
            };
            match create_scenario(&mut files, &mut catalog, &form, time.elapsed_secs_f64()) {
                Ok(id) => {
                    lab.new_form = None;
                    apply(&mut lab, Action::Select(id), &catalog, &mut next);
                }
                Err(why) => {
                    lab.new_form = Some(NewForm {
                        error: Some(why),
                        focused: false,
                        ..form
                    })
                }
            }
        }
        Some(a) => apply(&mut lab, a, &catalog, &mut next),
        None => {}
    }
    Ok(())
}

/// Applies the user's action (outside the draw).
pub fn apply(lab: &mut Lab, action: Action, catalog: &Catalog, next: &mut NextState<Screen>) {
    match action {
        Action::Back => next.set(Screen::Title),
        Action::Select(id) => {
            lab.selected = Some(id.clone());
            lab.shown = None;
            lab.play = None;
            lab.result = None;
            lab.from = None;
            if let Some(sc) = catalog.find(&id) {
                lab.show_scenario(sc, &catalog.cfg);
            }
        }
        Action::PickNode(n) => {
            let Some(sc) = lab.shown.clone() else { return };
            let start = sc.customer.start;
            let mood = lab
                .analysis
                .get()
                .and_then(|a| best_states(&sc, a).get(&n).copied())
                .unwrap_or(Mood {
                    satisfaction: start.satisfaction,
                    anger: start.anger,
                    trust: start.trust,
                    patience: start.patience,
                    expectation: start.expectation,
                });
            lab.from = Some((n, mood));
        }
        Action::PlayFromHere => {
            let (Some(sc), Some((n, mood))) = (lab.shown.clone(), lab.from) else {
                return;
            };
            lab.play = Call::from_node(sc, SEED, n, mood);
            lab.result = None;
            lab.kept = None;
            if let Some(call) = &lab.play
                && call.finished()
            {
                lab.result = score(call, &catalog.cfg);
            }
        }
        Action::Choose(i) => {
            let Some(call) = &mut lab.play else { return };
            if call.choose(i, None).is_ok() && call.finished() {
                lab.result = score(call, &catalog.cfg);
            }
        }
        Action::StopPlaying => {
            lab.play = None;
            lab.result = None;
        }
        Action::ToggleNew => {
            lab.new_form = match lab.new_form {
                Some(_) => None,
                None => Some(NewForm::default()),
            }
        }
        // Needs the folder and the catalogue to write to: done by the draw system.
        Action::Create => {}
    }
}

pub fn show(ctx: &egui::Context, v: &View, lab: &mut Lab) -> (Option<Action>, Measured) {
    let lang = v.lang;
    let mut action = None;
    let mut m = Measured::default();
    let back = ui::page(ctx, lang, tr(lang, "场景实验室", "Scenario lab"), |ui| {
        // Three fixed columns, each in its own clipped area, so a long line in one never pushes
        // the others off the window.
        let full = ui.available_rect_before_wrap();
        let list_w = (full.width() * 0.18).clamp(150.0, 260.0);
        let side_w = (full.width() * 0.28).clamp(240.0, 420.0);
        let gap = 10.0;
        let list = Rect::from_min_size(full.min, Vec2::new(list_w, full.height()));
        let side = Rect::from_min_max(Pos2::new(full.max.x - side_w, full.min.y), full.max);
        let mid = Rect::from_min_max(
            Pos2::new(list.max.x + gap, full.min.y),
            Pos2::new(side.min.x - gap, full.max.y),
        );
        let column = |ui: &mut egui::Ui, r: Rect, add: &mut dyn FnMut(&mut egui::Ui)| {
            ui.scope_builder(
                egui::UiBuilder::new()
                    .max_rect(r)
                    .layout(egui::Layout::top_down(egui::Align::Min)),
                |ui| {
                    ui.set_clip_rect(r.intersect(ui.clip_rect()));
                    ui.set_width(r.width());
                    add(ui)
                },
            );
        };
        let line = Stroke::new(1.0, Color32::from_rgb(226, 218, 208));
        ui.painter().vline(list.max.x + gap / 2.0, full.y_range(), line);
        ui.painter().vline(side.min.x - gap / 2.0, full.y_range(), line);
        column(ui, list, &mut |ui| file_list(ui, v, lab, &mut action, &mut m));
        column(ui, mid, &mut |ui| middle(ui, v, lab, &mut action, &mut m));
        column(ui, side, &mut |ui| {
            egui::ScrollArea::vertical().id_salt("lab_side").show(ui, |ui| {
                side_panel(ui, v, lab, &mut action, &mut m);
            });
        });
        ui.allocate_rect(full, Sense::hover());
    });
    if let Some(form) = &mut lab.new_form {
        new_dialog(ctx, lang, form, &mut action, &mut m);
    }
    if back {
        // Esc closes the dialog first; with none open it leaves the lab.
        action = Some(if lab.new_form.is_some() {
            Action::ToggleNew
        } else {
            Action::Back
        });
    }
    (action, m)
}

fn file_list(ui: &mut egui::Ui, v: &View, lab: &Lab, action: &mut Option<Action>, m: &mut Measured) {
    let lang = v.lang;
    ui.label(RichText::new(tr(lang, "场景文件", "Scenario files")).strong());
    if let Some(d) = &v.files.dir {
        ui.label(RichText::new(d.display().to_string()).small().color(ui::MUTED));
    }
    // One scroll for the new-scenario button and the files (its dialog is drawn over the lab).
    egui::ScrollArea::vertical().id_salt("lab_files").show(ui, |ui| {
        if v.files.dir.is_some() {
            new_scenario(ui, lang, lab, action, m);
        }
        files(ui, v, lab, action);
    });
}

/// The "new scenario" button (its dialog is drawn over the lab by `show`).
fn new_scenario(ui: &mut egui::Ui, lang: Lang, lab: &Lab, action: &mut Option<Action>, m: &mut Measured) {
    let open = lab.new_form.is_some();
    let r = ui.add(egui::Button::selectable(
        open,
        tr(lang, "＋ 新建场景…", "+ New scenario…"),
    ));
    m.new_button = Some(r.rect);
    if r.clicked() {
        *action = Some(Action::ToggleNew);
    }
}

/// The library's files, each with its count of errors (×) or warnings (⚠).
fn files(ui: &mut egui::Ui, v: &View, lab: &Lab, action: &mut Option<Action>) {
    let lang = v.lang;
    for s in v.scenarios {
        let errors = v.files.errors_of(&s.id).len();
        let file = std::path::Path::new(&s.source)
            .file_name()
            .map_or(s.source.clone(), |f| f.to_string_lossy().into_owned());
        let mark = match (errors, s.warnings.len()) {
            (0, 0) => String::new(),
            (0, w) => format!("  ⚠{w}"),
            (e, _) => format!("  ×{e}"),
        };
        let selected = lab.selected.as_deref() == Some(&s.id);
        let r = ui.add(egui::Button::selectable(
            selected,
            RichText::new(format!("{file}{mark}")).color(if errors > 0 { ui::BAD } else { ui::INK }),
        ));
        if r.clicked() && !selected {
            *action = Some(Action::Select(s.id.clone()));
        }
    }
    for (p, ds) in v.files.broken() {
        let file = p
            .file_name()
            .map_or(String::new(), |f| f.to_string_lossy().into_owned());
        ui.label(RichText::new(format!("{file}  ×{}", ds.len())).color(ui::BAD))
            .on_hover_text(ds.iter().map(|d| d.show(lang)).collect::<Vec<_>>().join("\n"));
    }
}

/// The "new scenario" dialog: an id, the kind of customer, the languages; "create" writes the
/// file. A dialog over the lab rather than a form in the file column, which is too narrow for it
/// at large text.
fn new_dialog(ctx: &egui::Context, lang: Lang, form: &mut NewForm, action: &mut Option<Action>, m: &mut Measured) {
    let width = (ctx.content_rect().width() * 0.8).min(560.0);
    egui::Modal::new(egui::Id::new("lab_new_scenario")).show(ctx, |ui| {
        ui.set_width(width);
        ui.label(RichText::new(tr(lang, "新建场景", "New scenario")).heading());
        crate::game::text::para(
            ui,
            tr(
                lang,
                "写一个带注释的骨架文件到场景文件夹：它能通过校验，结构和内置场景一样；把方括号里的文字换成你的客户。",
                "Writes a commented skeleton into the scenario folder: it validates and has the shipped structure; replace the bracketed texts with your own customer.",
            ),
            egui::TextStyle::Small,
            Some(ui::MUTED),
        );
        ui.add_space(6.0);
        ui.label(tr(
            lang,
            "文件名（id）：小写字母、数字和下划线",
            "File name (id): lower-case letters, digits, underscores",
        ));
        let r = ui.add(
            egui::TextEdit::singleline(&mut form.id)
                .hint_text("my_refund")
                .desired_width(f32::INFINITY),
        );
        m.new_id = Some(r.rect);
        if !std::mem::replace(&mut form.focused, true) {
            r.request_focus();
        }
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        // Under the id: what is refused is nearly always the id.
        if let Some(why) = &form.error {
            crate::game::text::para(ui, why.get(lang), egui::TextStyle::Body, Some(ui::BAD));
        }
        ui.add_space(4.0);
        ui.label(tr(lang, "客户类型", "Kind of customer"));
        ui.horizontal_wrapped(|ui| {
            for a in Archetype::ALL {
                ui.radio_value(&mut form.archetype, a, a.label().get(lang));
            }
        });
        ui.label(tr(lang, "语言", "Languages"));
        ui.horizontal_wrapped(|ui| {
            for (only, label) in [
                (None, tr(lang, "中文和英文", "Chinese and English")),
                (Some(Lang::Zh), tr(lang, "只有中文", "Chinese only")),
                (Some(Lang::En), tr(lang, "只有英文", "English only")),
            ] {
                ui.radio_value(&mut form.only, only, label);
            }
        });
        ui.add_space(8.0);
        ui.horizontal_wrapped(|ui| {
            let r = ui.button(RichText::new(tr(lang, "创建并打开", "Create and open")).strong());
            m.create_button = Some(r.rect);
            if r.clicked() || enter {
                *action = Some(Action::Create);
            }
            // Esc cancels even while the id is being typed (where the screen's own Esc is off).
            if ui.button(tr(lang, "取消（Esc）", "Cancel (Esc)")).clicked()
                || ui.input(|i| i.key_pressed(egui::Key::Escape))
            {
                *action = Some(Action::ToggleNew);
            }
        });
    });
}

fn messages(ui: &mut egui::Ui, lang: Lang, errors: &[Diagnostic], warnings: &[Diagnostic]) {
    if !errors.is_empty() {
        ui.label(
            RichText::new(tr(
                lang,
                "文件有错误，下面显示的是它上一次能加载的版本：",
                "The file has errors; what is shown is its last version that loaded:",
            ))
            .color(ui::BAD)
            .strong(),
        );
    }
    for d in errors {
        crate::game::text::para(ui, &d.show(lang), egui::TextStyle::Small, Some(ui::BAD));
    }
    for d in warnings {
        crate::game::text::para(ui, &d.show(lang), egui::TextStyle::Small, Some(ui::WARN));
    }
    if errors.is_empty() && warnings.is_empty() {
        ui.label(
            RichText::new(tr(lang, "校验通过，没有错误或警告。", "Valid: no errors or warnings.")).color(ui::GOOD),
        );
    }
}

fn middle(ui: &mut egui::Ui, v: &View, lab: &mut Lab, action: &mut Option<Action>, m: &mut Measured) {
    let lang = v.lang;
    let Some(sc) = lab.shown.clone() else {
        ui.label(tr(
            lang,
            "在左边选一个场景文件：这里会显示它的结构图、分析数据和校验信息。编辑器里保存文件后，这里一秒内更新。",
            "Pick a scenario file on the left: its graph, analysis figures and validation messages appear here. Save the file in your editor and this updates within a second.",
        ));
        let broken: Vec<_> = v.files.broken().collect();
        for (_, ds) in broken {
            messages(ui, lang, ds, &[]);
        }
        return;
    };
    let analysis = lab.analysis.get();
    // The messages and figures scroll in the upper part; the graph keeps the rest.
    let column_h = ui.available_height();
    // A solid scroll bar (not the floating one that shows only under the pointer): at large
    // text the figures are taller than their part of the column and must look scrollable.
    ui.style_mut().spacing.scroll = egui::style::ScrollStyle::solid();
    egui::ScrollArea::vertical()
        .id_salt("lab_info")
        .max_height(column_h * 0.4)
        .show(ui, |ui| {
            ui.label(RichText::new(format!("{} · {}", sc.title.get(lang), sc.source)).strong());
            messages(ui, lang, v.files.errors_of(&sc.id), &sc.warnings);
            ui.add_space(4.0);
            match analysis {
                None => {
                    ui.label(RichText::new(tr(lang, "正在分析…", "Analysing…")).color(ui::MUTED));
                }
                Some(a) => figures(ui, lang, a),
            }
        });
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(tr(lang, "缩放", "Zoom"));
        ui.add(egui::Slider::new(&mut lab.zoom, 0.3..=1.6).show_value(false));
        legend(ui, lang);
    });
    let never: Vec<usize> = analysis.map_or(Vec::new(), |a| {
        a.coverage
            .unreached_nodes
            .iter()
            .filter_map(|n| sc.node_index(n))
            .collect()
    });
    let g = graph(&sc);
    // Boxes grow with the text size setting as well as with the zoom.
    let k = ui.style().text_styles[&egui::TextStyle::Small].size / 12.0;
    if std::mem::take(&mut lab.fit) {
        // A new file opens zoomed to fit the column's width, but never so small the names cannot be read.
        let natural = g.layers as f32 * 220.0 * k + 70.0 * k;
        lab.zoom = (ui.available_width() / natural).clamp(0.6, 1.0);
    }
    let z = lab.zoom * k;
    let (bw, bh, gx, gy) = (150.0 * z, 40.0 * z, 70.0 * z, 22.0 * z);
    // Room above the first row for the edges that go back (drawn as arcs over the boxes).
    let top = bh * 0.8;
    let size = Vec2::new(
        g.layers as f32 * (bw + gx) + gx,
        top + g.rows.max(1) as f32 * (bh + gy) + gy,
    );
    egui::ScrollArea::both().id_salt("lab_graph").show(ui, |ui| {
        let (area, _) = ui.allocate_exact_size(size, Sense::hover());
        let at = |i: usize| {
            let (l, r) = g.place[i];
            Rect::from_min_size(
                area.min + Vec2::new(gx / 2.0 + l as f32 * (bw + gx), top + gy / 2.0 + r as f32 * (bh + gy)),
                Vec2::new(bw, bh),
            )
        };
        let painter = ui.painter_at(area);
        let font = egui::FontId::proportional((12.0 * z).max(8.0));
        for (from, to, via, opts) in &g.edges {
            let (a, b) = (at(*from), at(*to));
            let (colour, mark) = match via {
                Via::Goto => (Color32::from_gray(150), ""),
                Via::Branch => (BRANCH, "?"),
                Via::Random => (RANDOM, "%"),
            };
            let forward = g.place[*to].0 > g.place[*from].0;
            let (p, c1, c2, q) = if forward {
                let (p, q) = (a.right_center(), b.left_center());
                let dx = (q.x - p.x) * 0.5;
                (p, p + Vec2::new(dx, 0.0), q - Vec2::new(dx, 0.0), q)
            } else {
                // Back to an earlier layer, within the layer or to itself: an arc over the top.
                let (p, q) = (
                    a.center_top() + Vec2::new(bw * 0.2, 0.0),
                    b.center_top() - Vec2::new(bw * 0.2, 0.0),
                );
                let lift = Vec2::new(0.0, -(gy * 0.5 + bh * 0.6));
                (p, p + lift, q + lift, q)
            };
            let width = if *via == Via::Goto { 1.2 } else { 1.8 };
            painter.add(egui::epaint::CubicBezierShape::from_points_stroke(
                [p, c1, c2, q],
                false,
                Color32::TRANSPARENT,
                Stroke::new(width, if forward { colour } else { colour.gamma_multiply(0.6) }),
            ));
            painter.circle_filled(q, 3.0 * z, colour);
            let label = format!(
                "{mark}{}",
                opts.iter().map(|o| o.to_string()).collect::<Vec<_>>().join(",")
            );
            // On the curve, a third of the way along (the cubic's point at t = 1/3).
            let t: f32 = 1.0 / 3.0;
            let u = 1.0 - t;
            let on = (p.to_vec2() * (u * u * u)
                + c1.to_vec2() * (3.0 * u * u * t)
                + c2.to_vec2() * (3.0 * u * t * t)
                + q.to_vec2() * (t * t * t))
                .to_pos2();
            painter.text(
                on + Vec2::new(0.0, -7.0 * z),
                egui::Align2::CENTER_CENTER,
                label,
                font.clone(),
                colour,
            );
        }
        for i in 0..sc.nodes.len() {
            let r = at(i);
            let (fill, text_colour) = match g.kind[i] {
                Kind::Turn => (Color32::from_rgb(255, 253, 250), ui::INK),
                Kind::End(o) => (outcome_colour(o), Color32::WHITE),
            };
            let picked = lab.from.is_some_and(|(n, _)| n == i);
            let stroke = if g.unreachable[i] {
                Stroke::new(2.5, ui::BAD)
            } else if never.contains(&i) {
                Stroke::new(2.5, ui::WARN)
            } else if picked {
                Stroke::new(2.5, ui::ACCENT)
            } else if i == sc.start {
                Stroke::new(2.0, ui::INK)
            } else {
                Stroke::new(1.0, Color32::from_gray(170))
            };
            painter.rect(r, 6.0 * z, fill, stroke, egui::StrokeKind::Inside);
            let mut name = sc.names[i].clone();
            if g.unreachable[i] || never.contains(&i) {
                name = format!("⚠ {name}");
            }
            painter.text(
                r.center(),
                egui::Align2::CENTER_CENTER,
                elide(&name, (bw / (7.0 * z)).max(6.0) as usize),
                font.clone(),
                text_colour,
            );
            let resp = ui.interact(r, ui.id().with(("node", i)), Sense::click());
            let tip = node_tip(&sc, i, lang, g.unreachable[i], never.contains(&i));
            let resp = resp.on_hover_text(tip);
            if resp.clicked() {
                *action = Some(Action::PickNode(i));
            }
            m.nodes.push(r);
        }
    });
}

fn elide(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn node_tip(sc: &Compiled, i: usize, lang: Lang, unreachable: bool, never: bool) -> String {
    let mut s = match &sc.nodes[i] {
        CNode::Turn { customer, options } => format!(
            "{}\n{}\n{} {}",
            sc.names[i],
            customer.get(lang),
            options.len(),
            tr(lang, "个选项 · 点击从这里试玩", "options · click to play from here")
        ),
        CNode::End { outcome, text, .. } => {
            format!(
                "{} · {}\n{}",
                sc.names[i],
                ui::outcome_name(lang, Some(*outcome)),
                text.get(lang)
            )
        }
    };
    if unreachable {
        s.push('\n');
        s.push_str(tr(lang, "从开头走不到这个节点。", "No path from the start leads here."));
    } else if never {
        s.push('\n');
        s.push_str(tr(
            lang,
            "20 个随机种子下所有路径都没有走到这里（分支条件从未成立）。",
            "Never reached by any path over 20 seeds (its branch condition never holds).",
        ));
    }
    s
}

fn legend(ui: &mut egui::Ui, lang: Lang) {
    let chip = |ui: &mut egui::Ui, c: Color32, label: &str| {
        ui.label(RichText::new("■").color(c));
        ui.label(RichText::new(label).small());
    };
    chip(ui, ui::GOOD, ui::outcome_name(lang, Some(Outcome::WonOver)));
    chip(
        ui,
        outcome_colour(Outcome::Neutral),
        ui::outcome_name(lang, Some(Outcome::Neutral)),
    );
    chip(ui, ui::BAD, ui::outcome_name(lang, Some(Outcome::Lost)));
    chip(
        ui,
        outcome_colour(Outcome::Escalated),
        ui::outcome_name(lang, Some(Outcome::Escalated)),
    );
    ui.label(RichText::new(tr(lang, "?分支", "? branch")).small().color(BRANCH));
    ui.label(RichText::new(tr(lang, "%随机", "% random")).small().color(RANDOM));
    ui.label(
        RichText::new(tr(
            lang,
            "⚠ 走不到（红框）/从未走到（黄框）",
            "⚠ unreachable (red) / never reached (amber)",
        ))
        .small(),
    );
}

fn figures(ui: &mut egui::Ui, lang: Lang, a: &Analysis) {
    // Already numbered from 1.
    let path = |p: &[usize]| p.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(",");
    let row = |ui: &mut egui::Ui, head: &str, text: String, colour: Option<Color32>| {
        let sep = tr(lang, "：", ": ");
        crate::game::text::para(ui, &format!("{head}{sep}{text}"), egui::TextStyle::Body, colour);
    };
    row(
        ui,
        tr(lang, "最好", "Best"),
        format!(
            "{:.1} · {} · {} {}",
            a.best.total,
            a.best.ending,
            tr(lang, "按文件编号", "options as written"),
            path(&a.best.file_path)
        ),
        Some(ui::score_colour(a.best.total)),
    );
    row(
        ui,
        tr(lang, "最差", "Worst"),
        format!(
            "{:.1} · {} · {}",
            a.worst.total,
            a.worst.ending,
            path(&a.worst.file_path)
        ),
        None,
    );
    row(
        ui,
        tr(lang, "随机作答", "Random answers"),
        format!(
            "{} {:.1} · {} {:.1}–{:.1} · {} {:.0}%（{} {}）",
            tr(lang, "平均", "mean"),
            a.random.mean,
            tr(lang, "范围", "range"),
            a.random.min,
            a.random.max,
            tr(lang, "及格率", "pass rate"),
            a.random.pass_rate * 100.0,
            a.random.runs,
            tr(lang, "次", "runs")
        ),
        None,
    );
    if let Some(s) = a.strategies.iter().max_by(|x, y| x.max.total_cmp(&y.max)) {
        let passes = s.max >= 80.0;
        row(
            ui,
            tr(lang, "只看形式的最高策略", "Best form-only strategy"),
            format!(
                "{} {:.1}（{} {:.1}）{}",
                s.strategy.id(),
                s.max,
                tr(lang, "平均", "mean"),
                s.mean,
                if passes {
                    tr(lang, " ⚠ 不看内容也能及格", " ⚠ passes without reading")
                } else {
                    ""
                }
            ),
            passes.then_some(ui::BAD),
        );
    }
    let names: Vec<String> = a
        .principles
        .iter()
        .filter(|p| p.discriminates)
        .map(|p| format!("{} {:.0}–{:.0}", p.principle.label().get(lang), p.min, p.max))
        .collect();
    row(
        ui,
        tr(lang, "有区分度的原则", "Principles that discriminate"),
        if names.is_empty() {
            tr(lang, "无", "none").to_string()
        } else {
            names.join(" · ")
        },
        None,
    );
    if !a.coverage.unreached_targets.is_empty() {
        row(
            ui,
            tr(lang, "从未走过的去向", "Targets never taken"),
            a.coverage.unreached_targets.join("; "),
            Some(ui::WARN),
        );
    }
}

fn side_panel(ui: &mut egui::Ui, v: &View, lab: &mut Lab, action: &mut Option<Action>, m: &mut Measured) {
    let lang = v.lang;
    let Some(sc) = lab.shown.clone() else { return };
    if let Some(call) = lab.play.clone() {
        play_panel(ui, lang, &sc, &call, lab, action, m);
        return;
    }
    let Some((n, mood)) = &mut lab.from else {
        ui.label(
            RichText::new(tr(
                lang,
                "点击图中的一个回合，从那里开始试玩。",
                "Click a turn in the graph to play from there.",
            ))
            .color(ui::MUTED),
        );
        return;
    };
    ui.label(RichText::new(format!("{} {}", tr(lang, "从这里试玩：", "Play from:"), sc.names[*n])).strong());
    ui.label(
        RichText::new(tr(
            lang,
            "客户此刻的状态（预填为最佳路径走到这里时的状态）：",
            "The customer's state here (prefilled from the best path's state at this node):",
        ))
        .small()
        .color(ui::MUTED),
    );
    for (label, value) in [
        (tr(lang, "满意度", "Satisfaction"), &mut mood.satisfaction),
        (tr(lang, "怒气", "Anger"), &mut mood.anger),
        (tr(lang, "信任", "Trust"), &mut mood.trust),
        (tr(lang, "耐心", "Patience"), &mut mood.patience),
        (tr(lang, "期望", "Expectation"), &mut mood.expectation),
    ] {
        ui.add(egui::Slider::new(value, 0.0..=100.0).text(label).integer());
    }
    let r = ui.button(RichText::new(tr(lang, "▶ 从这里试玩", "▶ Play from here")).strong());
    m.play_button = Some(r.rect);
    if r.clicked() {
        *action = Some(Action::PlayFromHere);
    }
}

fn play_panel(
    ui: &mut egui::Ui,
    lang: Lang,
    sc: &Compiled,
    call: &Call,
    lab: &Lab,
    action: &mut Option<Action>,
    m: &mut Measured,
) {
    if ui.button(tr(lang, "结束试玩", "Stop playing")).clicked() {
        *action = Some(Action::StopPlaying);
    }
    if let Some(why) = &lab.kept {
        crate::game::text::para(
            ui,
            &format!(
                "{}{}",
                tr(
                    lang,
                    "试玩没有跟上最新的修改：",
                    "The test call did not follow the last edit: "
                ),
                why.get(lang)
            ),
            egui::TextStyle::Small,
            Some(ui::WARN),
        );
    }
    let sim = call.sim();
    let mood = sim.mood();
    ui.label(
        RichText::new(format!(
            "{} {:.0} · {} {:.0} · {} {:.0} · {} {:.0}",
            tr(lang, "满意", "sat."),
            mood.satisfaction,
            tr(lang, "怒气", "anger"),
            mood.anger,
            tr(lang, "信任", "trust"),
            mood.trust,
            tr(lang, "耐心", "patience"),
            mood.patience
        ))
        .small()
        .color(ui::MUTED),
    );
    if !sim.finished() {
        let node = sim.node();
        if let CNode::Turn { customer, .. } = &sc.nodes[node] {
            ui.label(RichText::new(format!("{} · {}", sc.names[node], tr(lang, "客户：", "Customer:"))).strong());
            crate::game::text::para(ui, customer.get(lang), egui::TextStyle::Body, None);
        }
        let mut order: Vec<(usize, &crate::engine::compile::COption)> = sim.options().iter().enumerate().collect();
        order.sort_by_key(|(_, o)| o.written);
        for (i, o) in order {
            let r = ui.add(egui::Button::new(format!("{}. {}", o.written + 1, o.text.get(lang))).wrap());
            m.options.push(r.rect);
            if r.clicked() {
                *action = Some(Action::Choose(i));
            }
        }
        return;
    }
    ui.label(RichText::new(ended_at(lang, sc, sim.run().ending)).strong());
    let Some((total, per)) = &lab.result else { return };
    ui.label(
        RichText::new(format!(
            "{} {total:.1}",
            tr(lang, "这条路径的总分", "This path's total")
        ))
        .heading()
        .color(ui::score_colour(*total)),
    );
    for p in per {
        ui.add_space(4.0);
        ui.label(
            RichText::new(format!(
                "{} {:.0}（{} {:.0}%）",
                p.principle.label().get(lang),
                p.score,
                tr(lang, "权重", "weight"),
                p.weight * 100.0
            ))
            .strong()
            .color(ui::score_colour(p.score)),
        );
        if p.hints.is_empty() {
            let said = if p.score >= 90.0 {
                tr(lang, "这条路径已经做到了。", "This path already does what it asks.")
            } else {
                tr(
                    lang,
                    "评分没有指出哪一处可改；公式见 docs/scoring.md。",
                    "The scorer points at no single edit here; docs/scoring.md has the formula.",
                )
            };
            ui.label(RichText::new(said).small().color(ui::MUTED));
        }
        for h in &p.hints {
            crate::game::text::para(ui, &format!("→ {}", h.get(lang)), egui::TextStyle::Small, None);
        }
    }
}

/// "The call ended: won over (node `won`)": the outcome in words, then the ending's name in the file.
pub fn ended_at(lang: Lang, sc: &Compiled, ending: Option<usize>) -> String {
    let Some(e) = ending else {
        return tr(lang, "通话结束。", "The call ended.").to_string();
    };
    let outcome = match &sc.nodes[e] {
        CNode::End { outcome, .. } => Some(*outcome),
        _ => None,
    };
    let name = ui::outcome_name(lang, outcome);
    match lang {
        Lang::Zh => format!("通话结束：{name}（结局 {}）", sc.names[e]),
        Lang::En => format!("The call ended: {name} (ending {})", sc.names[e]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One pass of the lab at 1280×720 with these events.
    fn drawn(ctx: &egui::Context, v: &View, lab: &mut Lab, events: Vec<egui::Event>) -> (Option<Action>, Measured) {
        let mut got = (None, Measured::default());
        ui::pass(ctx, Vec2::new(1280.0, 720.0), events, |ctx| got = show(ctx, v, lab));
        got
    }

    /// A click at `at` (the pointer moves there, presses, releases): the first action it gave.
    fn click(ctx: &egui::Context, v: &View, lab: &mut Lab, at: Pos2) -> Option<Action> {
        let button = |pressed| egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Default::default(),
        };
        let mut got = None;
        for events in [
            vec![egui::Event::PointerMoved(at)],
            vec![button(true)],
            vec![button(false)],
        ] {
            got = got.or(drawn(ctx, v, lab, events).0);
        }
        got
    }

    #[test]
    fn every_shipped_scenario_lays_out_in_layers_without_two_nodes_in_one_place() {
        for sc in crate::game::data::shipped() {
            let g = graph(&sc);
            assert_eq!(g.place[sc.start], (0, 0), "{}: the start is first", sc.id);
            let mut seen = std::collections::HashSet::new();
            for (i, p) in g.place.iter().enumerate() {
                assert!(seen.insert(*p), "{}: {} shares a place", sc.id, sc.names[i]);
                assert!(p.0 < g.layers && p.1 < g.rows);
            }
            // Every option is an edge, numbered as written.
            for (i, node) in sc.nodes.iter().enumerate() {
                if let CNode::Turn { options, .. } = node {
                    for o in options {
                        for t in o.next.targets() {
                            assert!(
                                g.edges
                                    .iter()
                                    .any(|e| e.0 == i && e.1 == t && e.3.contains(&(o.written + 1))),
                                "{}: option {} of {}",
                                sc.id,
                                o.written + 1,
                                sc.names[i]
                            );
                        }
                    }
                }
            }
            // A forward edge goes one layer on at most from where the node first appears.
            for e in &g.edges {
                if !g.unreachable[e.0] {
                    assert!(g.place[e.1].0 <= g.place[e.0].0 + 1, "{}: {:?}", sc.id, e);
                }
            }
        }
    }

    #[test]
    fn branch_and_random_edges_are_marked_and_a_branch_never_taken_is_flagged_by_the_coverage() {
        let src = r#"Scenario(id: "g", title: (zh: "图", en: "graph"), briefing: (zh: "图", en: "graph"),
          goal: (zh: "图", en: "graph"),
          customer: (name: (zh: "客户", en: "customer"), archetype: mild, start: (satisfaction: 50, anger: 20)),
          start: "a", shuffle_options: false,
          nodes: {
            "a": turn(customer: (zh: "一", en: "one"), options: [
                (text: (zh: "甲", en: "x"), acts: [listen], next: branch(rules: [(when: anger_above(50), goto: "lost")], otherwise: "b")),
                (text: (zh: "乙", en: "y"), acts: [empathize], next: random([(weight: 1, goto: "b"), (weight: 1, goto: "won")])),
            ]),
            "b": turn(customer: (zh: "二", en: "two"), options: [
                (text: (zh: "甲", en: "x"), acts: [solution], next: goto("won")),
            ]),
            "won": end(outcome: won_over, text: (zh: "好", en: "good")),
            "lost": end(outcome: lost, text: (zh: "坏", en: "bad")),
          })"#;
        let sc = match crate::engine::load::parse_str(src, "g.ron") {
            Ok(sc) => sc,
            Err(d) => panic!("{d:?}"),
        };
        let g = graph(&sc);
        let idx = |n: &str| sc.node_index(n).unwrap();
        // A node the start cannot reach does not load (an error), so the graph has none.
        assert!(g.unreachable.iter().all(|u| !u));
        assert_eq!(g.place[idx("b")].0, 1);
        assert_eq!(g.place[idx("won")].0, 1, "one choice away by the random edge");
        assert!(
            g.edges
                .iter()
                .any(|e| e.0 == idx("a") && e.1 == idx("lost") && e.2 == Via::Branch)
        );
        assert!(
            g.edges
                .iter()
                .any(|e| e.0 == idx("a") && e.1 == idx("won") && e.2 == Via::Random)
        );
        assert_eq!(g.kind[idx("lost")], Kind::End(Outcome::Lost));
        // The branch to "lost" never holds (anger starts at 20 and listening lowers it): the
        // analysis's coverage says so, and the lab flags it.
        let a = analyze(&sc, &ScoringConfig::default(), SEED, 10);
        assert!(a.coverage.unreached_nodes.contains(&"lost".to_string()));
    }

    #[test]
    fn clicking_a_node_prefills_the_best_paths_state_and_playing_from_it_gives_the_authors_hints() {
        let sc = crate::game::data::shipped()
            .into_iter()
            .find(|s| s.id == "ka_stockout")
            .unwrap();
        let catalog = Catalog::shipped_for_tests();
        let mut lab = Lab::default();
        let mut next = NextState::<Screen>::default();
        apply(&mut lab, Action::Select(sc.id.clone()), &catalog, &mut next);
        let a = analyze(&sc, &catalog.cfg, SEED, RUNS);
        let _ = lab.analysis.set(a.clone());
        // The second node of the best path, with the state the best path has there.
        let mut sim = Sim::new(&sc, SEED);
        sim.choose(a.best.path[0] - 1).unwrap();
        let (node, there) = (sim.node(), sim.mood());
        apply(&mut lab, Action::PickNode(node), &catalog, &mut next);
        assert_eq!(lab.from, Some((node, there)));
        apply(&mut lab, Action::PlayFromHere, &catalog, &mut next);
        let call = lab.play.as_ref().unwrap();
        assert_eq!(call.sim().node(), node);
        assert_eq!(call.sim().mood(), there);
        // Play on with each turn's first option as written, as the lab numbers them.
        let first = |lab: &Lab| {
            let sim = lab.play.as_ref().unwrap().sim();
            (0..sim.options().len()).min_by_key(|i| sim.options()[*i].written)
        };
        let mut turns = 0;
        while let Some(i) = first(&lab) {
            apply(&mut lab, Action::Choose(i), &catalog, &mut next);
            turns += 1;
            assert!(turns < 40);
        }
        let call = lab.play.as_ref().unwrap();
        assert!(call.finished());
        let (total, per) = lab.result.clone().unwrap();
        assert_eq!(total, call.finish(&catalog.cfg).unwrap().score.total);
        assert!(!per.is_empty());
        assert!(
            per.iter().any(|p| !p.hints.is_empty()),
            "the first options everywhere leave something to add"
        );
        // Stopping clears the call; the picked node and its sliders stay.
        apply(&mut lab, Action::StopPlaying, &catalog, &mut next);
        assert!(lab.play.is_none() && lab.result.is_none());
        assert_eq!(lab.from, Some((node, there)));
    }

    #[test]
    fn a_new_scenario_is_written_from_the_skeleton_loaded_at_once_and_never_over_a_file() {
        let dir = std::env::temp_dir().join(format!("sa-lab-new-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut catalog = Catalog::shipped_for_tests();
        let mut files = ScenarioFiles::new(Some(dir.clone()), &[], &[]);
        let mut form = NewForm {
            id: "my_refund".into(),
            archetype: Archetype::Mild,
            only: Some(Lang::Zh),
            ..NewForm::default()
        };
        let id = create_scenario(&mut files, &mut catalog, &form, 0.0).unwrap();
        assert_eq!(id, "my_refund");
        let file = dir.join("my_refund.ron");
        let sc = catalog.find(&id).expect("loaded at once");
        assert_eq!(sc.source, file.display().to_string());
        assert_eq!(sc.customer.archetype, Archetype::Mild);
        assert!(files.errors_of(&id).is_empty());
        // Chinese only: no English text in the file, and that is a warning, not an error.
        assert_eq!(sc.langs, vec![Lang::Zh]);
        assert!(!std::fs::read_to_string(&file).unwrap().contains("en:"));
        assert!(!sc.warnings.is_empty());
        // The lab opens it: selected, shown, its analysis under way.
        let mut lab = Lab::default();
        let mut next = NextState::<Screen>::default();
        apply(&mut lab, Action::Select(id.clone()), &catalog, &mut next);
        assert!(lab.shown.as_ref().is_some_and(|s| s.id == id));

        // The same id again: refused (the catalogue has it), the file untouched.
        let before = std::fs::read_to_string(&file).unwrap();
        form.archetype = Archetype::Angry;
        let why = create_scenario(&mut files, &mut catalog, &form, 0.0).unwrap_err();
        assert!(why.zh.contains("已经被") && why.en.contains("already used"), "{why:?}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
        // A file of that name that holds another scenario is not overwritten either.
        std::fs::write(dir.join("other.ron"), "not a scenario").unwrap();
        form.id = "other".into();
        let why = create_scenario(&mut files, &mut catalog, &form, 0.0).unwrap_err();
        assert!(
            why.en.contains("already exists") && why.zh.contains("不会覆盖"),
            "{why:?}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("other.ron")).unwrap(),
            "not a scenario"
        );
        // An id a scenario cannot have, and none at all: the rule, in both languages.
        form.id = "My Refund".into();
        let why = create_scenario(&mut files, &mut catalog, &form, 0.0).unwrap_err();
        assert!(!why.zh.is_empty() && !why.en.is_empty());
        assert!(!dir.join("My Refund.ron").exists());
        // Nor a path out of the folder.
        form.id = "../outside".into();
        assert!(create_scenario(&mut files, &mut catalog, &form, 0.0).is_err());
        assert!(!dir.parent().unwrap().join("outside.ron").exists());
        form.id = "  ".into();
        let why = create_scenario(&mut files, &mut catalog, &form, 0.0).unwrap_err();
        assert!(why.en.contains("id"), "{why:?}");
        // Without a folder (built-in scenarios only) there is nowhere to write.
        let mut none = ScenarioFiles::new(None, &[], &[]);
        form.id = "fresh".into();
        assert!(create_scenario(&mut none, &mut catalog, &form, 0.0).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_end_of_a_test_call_names_the_outcome_in_words_and_the_ending_as_written() {
        let catalog = Catalog::shipped_for_tests();
        let sc = catalog.find("ka_stockout").unwrap();
        let won = sc.node_index("won").expect("ka_stockout has an ending called won");
        assert_eq!(ended_at(Lang::Zh, &sc, Some(won)), "通话结束：赢得客户（结局 won）");
        assert_eq!(
            ended_at(Lang::En, &sc, Some(won)),
            "The call ended: won over (ending won)"
        );
    }

    #[test]
    fn the_new_scenario_dialog_fits_the_window_at_every_size_esc_closes_it_and_its_button_creates() {
        let catalog = Catalog::shipped_for_tests();
        let files = ScenarioFiles::new(Some(std::env::temp_dir()), &catalog.scenarios, &[]);
        for (lang, scale) in ui::LAYOUTS {
            let ctx = ui::test_context(scale);
            let mut lab = Lab {
                new_form: Some(NewForm {
                    id: "my_refund".into(),
                    error: Some(Text::new("这个 id 不能用。", "This id cannot be used.")),
                    ..NewForm::default()
                }),
                ..Lab::default()
            };
            let v = View {
                lang,
                scenarios: &catalog.scenarios,
                files: &files,
            };
            // The dialog is sized in its first pass and placed in the next.
            drawn(&ctx, &v, &mut lab, vec![]);
            let m = drawn(&ctx, &v, &mut lab, vec![]).1;
            let (new, id, create) = (m.new_button.unwrap(), m.new_id.unwrap(), m.create_button.unwrap());
            let column = (1280.0f32 * 0.18).clamp(150.0, 260.0) + 12.0;
            assert!(new.max.x <= column, "{lang:?} {scale}: {new:?}");
            let screen = egui::Rect::from_min_size(Pos2::ZERO, Vec2::new(1280.0, 720.0));
            assert!(
                screen.contains_rect(id) && screen.contains_rect(create),
                "{lang:?} {scale}: {id:?} {create:?}"
            );
            // The id field has the keyboard focus, to type into at once.
            assert!(ctx.text_edit_focused(), "{lang:?} {scale}");
            // Esc closes the dialog (even from the focused field) and stays in the lab.
            let esc = egui::Event::Key {
                key: egui::Key::Escape,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: Default::default(),
            };
            assert_eq!(drawn(&ctx, &v, &mut lab, vec![esc]).0, Some(Action::ToggleNew));
            let got = click(&ctx, &v, &mut lab, create.center());
            assert_eq!(got, Some(Action::Create), "{lang:?} {scale}");
        }
    }

    #[test]
    fn the_test_call_follows_an_edited_file_or_says_why_it_cannot() {
        let catalog = Catalog::shipped_for_tests();
        let sc = catalog.find("ka_stockout").unwrap();
        let mut lab = Lab::default();
        let mut next = NextState::<Screen>::default();
        apply(&mut lab, Action::Select(sc.id.clone()), &catalog, &mut next);
        apply(&mut lab, Action::PickNode(sc.start), &catalog, &mut next);
        apply(&mut lab, Action::PlayFromHere, &catalog, &mut next);
        apply(&mut lab, Action::Choose(0), &catalog, &mut next);
        // An edit that keeps the path (a new version of the same file): the call moves onto it.
        let mut edited = (*sc).clone();
        edited.title.en = "Edited".into();
        let edited = Arc::new(edited);
        lab.show_scenario(edited.clone(), &catalog.cfg);
        let call = lab.play.as_ref().unwrap();
        assert!(Arc::ptr_eq(call.scenario(), &edited));
        assert_eq!(call.choices(), &[0]);
        assert!(lab.kept.is_none());
        // An edit that renames the node the call went through: it goes on as it was, and says why.
        let played = call.sim().run().turns[0].node;
        let mut renamed = (*edited).clone();
        renamed.names[played] = "renamed".into();
        lab.show_scenario(Arc::new(renamed), &catalog.cfg);
        assert!(Arc::ptr_eq(lab.play.as_ref().unwrap().scenario(), &edited));
        let why = lab.kept.as_ref().expect("a reason");
        assert!(why.en.contains("renamed") || why.en.contains("node"), "{why:?}");
    }

    #[test]
    fn the_lab_draws_every_shipped_scenario_at_both_sizes_and_a_click_on_a_node_picks_it() {
        let catalog = Catalog::shipped_for_tests();
        let files = ScenarioFiles::new(None, &catalog.scenarios, &[]);
        for (lang, scale) in ui::LAYOUTS {
            for sc in &catalog.scenarios {
                let ctx = ui::test_context(scale);
                let mut lab = Lab::default();
                lab.selected = Some(sc.id.clone());
                lab.shown = Some(sc.clone());
                let _ = lab.analysis.set(analyze(sc, &catalog.cfg, SEED, 20));
                let v = View {
                    lang,
                    scenarios: &catalog.scenarios,
                    files: &files,
                };
                let m = drawn(&ctx, &v, &mut lab, vec![]).1;
                assert_eq!(m.nodes.len(), sc.nodes.len(), "{}", sc.id);
                let start = m.nodes[sc.start];
                assert!(start.min.x >= 0.0 && start.max.x <= 1280.0, "{}: {start:?}", sc.id);
                // Click the start node: press and release on it.
                let got = click(&ctx, &v, &mut lab, start.center());
                assert_eq!(got, Some(Action::PickNode(sc.start)), "{} {lang:?} {scale}", sc.id);
            }
        }
    }
}
