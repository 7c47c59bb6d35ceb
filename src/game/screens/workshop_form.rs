//! Creating a workshop in the window (what `service-arena workshop new --setup FILE` does from a
//! file): its name, the rounds and a scenario per round from the loaded catalogue, the discussion
//! time per decision, the reward and penalty texts, and the teams with their slogans and members.
//! Every field is checked by the core's rules for names and texts (`names::check_name`,
//! `names::check_text`) and the whole setup by `workshop::setup::build`; the messages stand next
//! to the field in the chosen language, and nothing is handed to the store until all is valid.

use bevy_egui::egui;
use egui::RichText;

use crate::engine::{Lang, Text};
use crate::names;
use crate::workshop::model::{DEFAULT_DISCUSSION_SECS, DEFAULT_ROUNDS, MAX_MEMBERS, MAX_ROUNDS, MAX_TEAMS};
use crate::workshop::{Member, Pacing, Role, Setup, Team};

use crate::game::data::Catalog;
use crate::game::ui::{self, tr};

/// Longest discussion time per decision the form offers (seconds; 0 = no timer).
pub const MAX_DISCUSSION_SECS: u32 = 600;

/// The form as the trainer is filling it in.
#[derive(Clone, Debug)]
pub struct Form {
    pub name: String,
    /// A scenario id per round (its length is the number of rounds).
    pub scenarios: Vec<String>,
    pub discussion_secs: u32,
    pub reward: String,
    pub penalty: String,
    /// Free (each team at its own pace) or trainer-paced (used by the room).
    pub pacing: Pacing,
    pub teams: Vec<TeamRow>,
    /// Set by the first "create" pressed: from then on the messages follow every edit.
    pub tried: bool,
    pub errors: Errors,
}

#[derive(Clone, Debug, Default)]
pub struct TeamRow {
    pub name: String,
    pub slogan: String,
    pub members: Vec<(String, Role)>,
}

/// What is wrong, field by field (None = fine).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Errors {
    pub name: Option<Text>,
    pub reward: Option<Text>,
    pub penalty: Option<Text>,
    pub scenarios: Vec<Option<Text>>,
    pub teams: Vec<TeamErrors>,
    /// About the form as a whole (no team, or what the core's setup check said).
    pub general: Option<Text>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TeamErrors {
    pub name: Option<Text>,
    pub slogan: Option<Text>,
    pub members: Vec<Option<Text>>,
}

impl Errors {
    pub fn any(&self) -> bool {
        self.name.is_some()
            || self.reward.is_some()
            || self.penalty.is_some()
            || self.general.is_some()
            || self.scenarios.iter().any(Option::is_some)
            || self
                .teams
                .iter()
                .any(|t| t.name.is_some() || t.slogan.is_some() || t.members.iter().any(Option::is_some))
    }
}

/// What the trainer did with the form this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum FormAction {
    /// A valid setup to store (the seeds: None = derived from the workshop id, as for a file).
    Create(Box<Setup>, Vec<Option<u64>>),
    Cancel,
}

impl Form {
    /// An empty form: the course's three rounds, the catalogue's scenarios in turn, the default
    /// discussion time, one team row to fill in.
    pub fn new(catalog: &Catalog) -> Form {
        let mut f = Form {
            name: String::new(),
            scenarios: Vec::new(),
            discussion_secs: DEFAULT_DISCUSSION_SECS,
            reward: String::new(),
            penalty: String::new(),
            pacing: Pacing::Free,
            teams: vec![TeamRow::default()],
            tried: false,
            errors: Errors::default(),
        };
        f.set_rounds(DEFAULT_ROUNDS, catalog);
        f
    }

    /// A filled-in form whose second and third teams share a name, the message shown (the
    /// screenshot run's example).
    pub fn example(catalog: &Catalog, lang: Lang) -> Form {
        let mut f = Form::new(catalog);
        let (names, slogans): ([&str; 3], [&str; 3]) = match lang {
            Lang::Zh => (
                ["飞虎队", "先锋队", "先锋队"],
                ["用心服务，声声入耳", "先处理心情，再处理事情", ""],
            ),
            Lang::En => (
                ["Flying Tigers", "Vanguard", "Vanguard"],
                ["Every call, heard", "Feelings first, then facts", ""],
            ),
        };
        f.name = tr(lang, "华东区客服 PK · 三月班", "Support team PK, March").into();
        f.reward = tr(
            lang,
            "最高分队伍和进步最快队伍各得一面小红旗",
            "The top and the fastest-growing team each get a small red flag",
        )
        .into();
        f.penalty = tr(
            lang,
            "最后一名为全班表演一段才艺",
            "The last team performs a short act for the class",
        )
        .into();
        let people = [
            ["李娜", "王芳", "张伟", "刘洋"],
            ["Alex", "Sam", "Kim", "Lee"],
            ["赵磊", "孙丽", "", ""],
        ];
        f.teams = names
            .iter()
            .zip(slogans)
            .zip(people)
            .map(|((name, slogan), members)| TeamRow {
                name: name.to_string(),
                slogan: slogan.to_string(),
                members: members
                    .iter()
                    .filter(|m| !m.is_empty())
                    .zip(Role::ALL)
                    .map(|(m, r)| (m.to_string(), r))
                    .collect(),
            })
            .collect();
        f.tried = true;
        f
    }

    /// Changes the number of rounds (1–`MAX_ROUNDS`); a new round gets the next scenario of the
    /// catalogue after the previous round's.
    pub fn set_rounds(&mut self, n: usize, catalog: &Catalog) {
        let n = n.clamp(1, MAX_ROUNDS);
        let ids: Vec<&str> = catalog.scenarios.iter().map(|s| s.id.as_str()).collect();
        while self.scenarios.len() < n {
            let after = self
                .scenarios
                .last()
                .and_then(|l| ids.iter().position(|i| i == l))
                .map_or(0, |p| p + 1);
            self.scenarios.push(
                ids.get(after % ids.len().max(1))
                    .map_or(String::new(), |s| s.to_string()),
            );
        }
        self.scenarios.truncate(n);
    }

    /// The setup this form describes, or what is wrong with it.
    pub fn check(&self, catalog: &Catalog) -> Result<(Setup, Vec<Option<u64>>), Errors> {
        let mut e = Errors {
            name: names::check_name(&self.name, ("workshop name", "工作坊名称")).err(),
            reward: names::check_text(&self.reward, ("reward", "奖励")).err(),
            penalty: names::check_text(&self.penalty, ("penalty", "惩罚")).err(),
            ..Errors::default()
        };
        e.scenarios = self
            .scenarios
            .iter()
            .map(|id| {
                catalog.find(id).is_none().then(|| {
                    Text::new(
                        format!("请选择一个场景（“{id}”不在已载入的场景中）"),
                        format!("choose a scenario (\"{id}\" is not among the loaded ones)"),
                    )
                })
            })
            .collect();
        let mut seen: Vec<String> = Vec::new();
        for t in &self.teams {
            let name = names::check_name(&t.name, ("team name", "队名"));
            let mut te = TeamErrors {
                slogan: names::check_text(&t.slogan, ("slogan", "口号")).err(),
                members: t
                    .members
                    .iter()
                    .map(|(m, _)| names::check_name(m, ("member name", "队员姓名")).err())
                    .collect(),
                ..TeamErrors::default()
            };
            match name {
                Ok(n) if seen.contains(&n) => {
                    te.name = Some(Text::new(
                        format!("已经有一个队叫“{n}”，请换个队名"),
                        format!("another team is already called \"{n}\""),
                    ))
                }
                Ok(n) => seen.push(n),
                Err(m) => te.name = Some(m),
            }
            e.teams.push(te);
        }
        if e.any() {
            return Err(e);
        }
        let teams = self
            .teams
            .iter()
            .map(|t| Team {
                name: t.name.clone(),
                slogan: t.slogan.clone(),
                members: t
                    .members
                    .iter()
                    .map(|(name, role)| Member {
                        name: name.clone(),
                        role: *role,
                    })
                    .collect(),
                withdrawn: None,
            })
            .collect();
        // The core's own check of the whole setup (the same as for a setup file).
        crate::workshop::setup::build(
            self.name.clone(),
            teams,
            Some(self.scenarios.len()),
            self.scenarios.clone(),
            Vec::new(),
            Some(self.discussion_secs),
            self.reward.clone(),
            self.penalty.clone(),
        )
        .map(|(mut setup, seeds)| {
            setup.pacing = self.pacing;
            (setup, seeds)
        })
        .map_err(|m| Errors {
            // Its message is in both languages ("English / 中文"): shown whole.
            general: Some(Text::new(m.clone(), m)),
            ..Errors::default()
        })
    }
}

/// A message under a field, in the reader's language.
fn problem(ui: &mut egui::Ui, lang: Lang, e: &Option<Text>) {
    if let Some(t) = e {
        ui.add(egui::Label::new(RichText::new(t.get(lang)).color(ui::BAD)).wrap());
    }
}

/// A labelled single-line field as wide as the row allows (`share` of it).
fn field(ui: &mut egui::Ui, label: &str, value: &mut String, share: f32, hint: &str) {
    ui.horizontal_wrapped(|ui| {
        ui.label(label);
        let w = (ui.available_width() * share).max(120.0);
        ui.add(egui::TextEdit::singleline(value).desired_width(w).hint_text(hint));
    });
}

fn role_name(lang: Lang, r: Role) -> String {
    r.label().get(lang).to_string()
}

/// Draws the form; returns what the trainer did. The content's rectangle goes to `drawn` (tests
/// check that it fits the window).
pub fn show(
    ui: &mut egui::Ui,
    lang: Lang,
    f: &mut Form,
    catalog: &Catalog,
    drawn: &mut egui::Rect,
) -> Option<FormAction> {
    let mut action = None;
    if f.tried {
        f.errors = f.check(catalog).err().unwrap_or_default();
    }
    let errors = f.errors.clone();
    let r = egui::ScrollArea::vertical()
        .id_salt("new_workshop")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            // Room for the scroll bar.
            ui.set_max_width(ui.available_width() - 14.0);
            ui.label(RichText::new(tr(lang, "新建工作坊", "New workshop")).heading());
            // Side by side when the window is wide for the text size (the buttons then under the
            // left column, in view), else one under the other.
            let k = ui.style().text_styles[&egui::TextStyle::Body].size / 18.0;
            if ui.available_width() >= 1100.0 * k {
                ui.columns(2, |c| {
                    general(&mut c[0], lang, f, catalog, &errors);
                    action = buttons(&mut c[0], lang, f, catalog, &errors);
                    teams(&mut c[1], lang, f, &errors);
                });
            } else {
                general(ui, lang, f, catalog, &errors);
                teams(ui, lang, f, &errors);
                action = buttons(ui, lang, f, catalog, &errors);
            }
        });
    *drawn = egui::Rect::from_min_size(r.inner_rect.min, r.content_size);
    action
}

/// What is wrong with the form as a whole, and "create" and "cancel".
fn buttons(ui: &mut egui::Ui, lang: Lang, f: &mut Form, catalog: &Catalog, errors: &Errors) -> Option<FormAction> {
    let mut action = None;
    if let Some(g) = &errors.general {
        ui.add(egui::Label::new(RichText::new(g.get(lang)).color(ui::BAD).strong()).wrap());
    }
    if f.tried && errors.any() {
        let fix = tr(
            lang,
            "请先改正标红的地方；还没有保存任何内容。",
            "Correct what is marked in red; nothing has been saved yet.",
        );
        ui.add(egui::Label::new(RichText::new(fix).color(ui::BAD)).wrap());
    }
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(RichText::new(tr(lang, "创建工作坊", "Create the workshop")).strong())
            .clicked()
        {
            f.tried = true;
            match f.check(catalog) {
                Ok((setup, seeds)) => action = Some(FormAction::Create(Box::new(setup), seeds)),
                Err(e) => f.errors = e,
            }
        }
        if ui.button(tr(lang, "取消", "Cancel")).clicked() {
            action = Some(FormAction::Cancel);
        }
    });
    action
}

/// The name, the rounds and their scenarios, the discussion time, the reward and the penalty.
fn general(ui: &mut egui::Ui, lang: Lang, f: &mut Form, catalog: &Catalog, errors: &Errors) {
    ui::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        field(
            ui,
            tr(lang, "名称", "Name"),
            &mut f.name,
            0.9,
            tr(lang, "例如：华东区客服 PK", "e.g. Support team PK, March"),
        );
        problem(ui, lang, &errors.name);
        ui.horizontal_wrapped(|ui| {
            ui.label(tr(lang, "轮数", "Rounds"));
            let mut n = f.scenarios.len();
            if ui.add_enabled(n > 1, egui::Button::new(" − ")).clicked() {
                n -= 1;
            }
            ui.label(RichText::new(n.to_string()).strong());
            if ui.add_enabled(n < MAX_ROUNDS, egui::Button::new(" + ")).clicked() {
                n += 1;
            }
            if n != f.scenarios.len() {
                f.set_rounds(n, catalog);
            }
            ui.add_space(16.0);
            ui.label(tr(lang, "每个决定的讨论时间", "Discussion time per decision"));
            ui.add(
                egui::DragValue::new(&mut f.discussion_secs)
                    .range(0..=MAX_DISCUSSION_SECS)
                    .speed(1)
                    .suffix(tr(lang, " 秒", " s")),
            );
            if f.discussion_secs == 0 {
                ui.label(RichText::new(tr(lang, "（不计时）", "(no timer)")).color(ui::MUTED));
            }
        });
        // Pacing applies to the room (teams on their own devices); hot-seat plays one team at a time.
        ui.horizontal_wrapped(|ui| {
            ui.label(tr(lang, "房间节奏", "Pace in the room"));
            ui.radio_value(
                &mut f.pacing,
                Pacing::Free,
                tr(lang, "各队自己的节奏", "each team at its own pace"),
            );
            ui.radio_value(
                &mut f.pacing,
                Pacing::Paced,
                tr(
                    lang,
                    "讲师出题（逐个决定推进）",
                    "trainer-paced (one decision at a time)",
                ),
            );
        });
    });
    ui::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(tr(
                lang,
                "每轮的场景（各队面对同一位客户）",
                "A scenario per round (every team meets the same customer)",
            ))
            .strong(),
        );
        for (i, id) in f.scenarios.iter_mut().enumerate() {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("{} {}", tr(lang, "第", "Round"), i + 1) + tr(lang, " 轮", ""));
                let title = catalog
                    .find(id)
                    .map_or_else(|| id.clone(), |s| s.title.get(lang).to_string());
                egui::ComboBox::from_id_salt(("round_scenario", i))
                    .selected_text(title)
                    .width((ui.available_width() - 8.0).clamp(120.0, 520.0))
                    .show_ui(ui, |ui| {
                        for sc in &catalog.scenarios {
                            ui.selectable_value(id, sc.id.clone(), sc.title.get(lang));
                        }
                    });
            });
            problem(ui, lang, errors.scenarios.get(i).unwrap_or(&None));
        }
    });
    ui::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        field(
            ui,
            tr(lang, "奖励", "Reward"),
            &mut f.reward,
            0.9,
            tr(
                lang,
                "例如：最高分队伍得一面小红旗",
                "e.g. the top team gets a small red flag",
            ),
        );
        problem(ui, lang, &errors.reward);
        field(
            ui,
            tr(lang, "惩罚", "Penalty"),
            &mut f.penalty,
            0.9,
            tr(
                lang,
                "例如：最后一名表演一段才艺",
                "e.g. the last team performs a short act",
            ),
        );
        problem(ui, lang, &errors.penalty);
    });
}

fn teams(ui: &mut egui::Ui, lang: Lang, f: &mut Form, errors: &Errors) {
    ui::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(tr(lang, "队伍", "Teams")).strong());
        ui.label(
            RichText::new(tr(
                lang,
                "按上场顺序排列。每队：队名、口号、队员和角色（队长、副队长、书记、纪律委员）。",
                "In the order they play. Each team: a name, a slogan, members with their roles (captain, vice-captain, secretary, discipline officer).",
            ))
            .color(ui::MUTED),
        );
        let note = if f.teams.is_empty() {
            tr(
                lang,
                "还没有队伍：开放房间后，各队可以用自己的设备加入。在这台电脑上轮流上场则需要先填好队伍。",
                "No team yet: once the room is open, teams join from their own devices. Taking turns at this computer needs the teams listed here.",
            )
        } else {
            tr(
                lang,
                "用房间时队伍可以不填，各队用自己的设备加入。",
                "With the room, teams may also be left out here: they join from their own devices.",
            )
        };
        ui.add(egui::Label::new(RichText::new(note).color(ui::MUTED)).wrap());
        let mut remove = None;
        let none = TeamErrors::default();
        for (i, t) in f.teams.iter_mut().enumerate() {
            let te = errors.teams.get(i).unwrap_or(&none);
            ui.separator();
            // The name and the button on one row, the slogan on the next: both fit at any text size.
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("{}", i + 1)).strong());
                ui.label(tr(lang, "队名", "Name"));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button(tr(lang, "删除此队", "Remove team")).clicked() {
                        remove = Some(i);
                    }
                    ui.add(egui::TextEdit::singleline(&mut t.name).desired_width(ui.available_width()));
                });
            });
            problem(ui, lang, &te.name);
            ui.horizontal(|ui| {
                ui.label(tr(lang, "口号", "Slogan"));
                ui.add(egui::TextEdit::singleline(&mut t.slogan).desired_width(ui.available_width()));
            });
            problem(ui, lang, &te.slogan);
            let mut drop = None;
            for (j, (name, role)) in t.members.iter_mut().enumerate() {
                ui.horizontal_wrapped(|ui| {
                    ui.add_space(24.0);
                    ui.add(
                        egui::TextEdit::singleline(name)
                            .desired_width((ui.available_width() * 0.35).max(120.0))
                            .hint_text(tr(lang, "队员姓名", "Member's name")),
                    );
                    egui::ComboBox::from_id_salt(("role", i, j))
                        .selected_text(role_name(lang, *role))
                        .show_ui(ui, |ui| {
                            for r in Role::ALL {
                                ui.selectable_value(role, r, role_name(lang, r));
                            }
                        });
                    if ui.small_button(tr(lang, "删除", "Remove")).clicked() {
                        drop = Some(j);
                    }
                });
                problem(ui, lang, te.members.get(j).unwrap_or(&None));
            }
            if let Some(j) = drop {
                t.members.remove(j);
            }
            if t.members.len() < MAX_MEMBERS {
                ui.horizontal(|ui| {
                    ui.add_space(24.0);
                    if ui.small_button(tr(lang, "＋ 队员", "+ Member")).clicked() {
                        // The course's roles in order for the first four, then members.
                        let role = Role::ALL.get(t.members.len()).copied().unwrap_or(Role::Member);
                        t.members.push((String::new(), role));
                    }
                });
            }
        }
        if let Some(i) = remove {
            f.teams.remove(i);
        }
        ui.separator();
        if f.teams.len() < MAX_TEAMS && ui.button(tr(lang, "＋ 添加队伍", "+ Add a team")).clicked() {
            f.teams.push(TeamRow::default());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(catalog: &Catalog) -> Form {
        let mut f = Form::new(catalog);
        f.name = "  华东区客服 PK ".into();
        f.teams = vec![
            TeamRow {
                name: "飞虎队".into(),
                slogan: "用心服务，声声入耳".into(),
                members: vec![("李娜".into(), Role::Captain), ("王芳".into(), Role::Secretary)],
            },
            TeamRow {
                name: "Green Team".into(),
                slogan: String::new(),
                members: Vec::new(),
            },
        ];
        f
    }

    #[test]
    fn a_filled_form_gives_the_setup_the_core_builds_with_names_in_their_stored_form() {
        let catalog = Catalog::shipped_for_tests();
        let mut f = filled(&catalog);
        f.set_rounds(2, &catalog);
        f.discussion_secs = 45;
        let (setup, seeds) = f.check(&catalog).expect("valid");
        assert_eq!(setup.name, "华东区客服 PK");
        assert_eq!(setup.rounds.len(), 2);
        assert_eq!(setup.rounds[0].scenario, catalog.scenarios[0].id);
        assert_eq!(
            setup.rounds[1].scenario, catalog.scenarios[1].id,
            "rounds take the catalogue in turn"
        );
        assert_eq!(seeds, vec![None, None]);
        assert_eq!(setup.discussion_secs, 45);
        assert_eq!(setup.teams[0].members[1].role, Role::Secretary);
        crate::workshop::rules::validate_setup(&setup).unwrap();
    }

    #[test]
    fn every_mistake_is_named_at_its_field_in_both_languages_and_nothing_is_built() {
        let catalog = Catalog::shipped_for_tests();
        let mut f = filled(&catalog);
        f.name = "   ".into();
        f.teams[1].name = " 飞虎队".into();
        f.teams[0].members[0].0 = "李\u{1b}[2J娜".into();
        f.teams[0].slogan = "很".repeat(201);
        f.scenarios[2] = "gone".into();
        let e = f.check(&catalog).unwrap_err();
        let zh = |t: &Option<Text>| t.as_ref().map(|t| t.zh.clone()).unwrap_or_default();
        let en = |t: &Option<Text>| t.as_ref().map(|t| t.en.clone()).unwrap_or_default();
        assert_eq!(zh(&e.name), "工作坊名称不能为空");
        assert_eq!(en(&e.name), "the workshop name is blank");
        assert!(
            zh(&e.teams[1].name).contains("已经有一个队叫“飞虎队”"),
            "{:?}",
            e.teams[1]
        );
        assert!(en(&e.teams[0].members[0]).contains("U+001B"));
        assert!(zh(&e.teams[0].slogan).contains("201"));
        assert!(e.scenarios[2].is_some() && e.scenarios[0].is_none());
        assert!(e.teams[0].name.is_none() && e.teams[0].members[1].is_none());
        // No team: allowed (teams join the room from their devices).
        let mut f = filled(&catalog);
        f.teams.clear();
        f.pacing = Pacing::Paced;
        let (setup, _) = f.check(&catalog).expect("a workshop without teams yet");
        assert!(setup.teams.is_empty());
        assert_eq!(setup.pacing, Pacing::Paced);
    }

    #[test]
    fn rounds_stay_between_one_and_the_maximum() {
        let catalog = Catalog::shipped_for_tests();
        let mut f = Form::new(&catalog);
        assert_eq!(f.scenarios.len(), DEFAULT_ROUNDS);
        f.set_rounds(0, &catalog);
        assert_eq!(f.scenarios.len(), 1);
        f.set_rounds(MAX_ROUNDS + 5, &catalog);
        assert_eq!(f.scenarios.len(), MAX_ROUNDS);
        assert!(f.scenarios.iter().all(|id| catalog.find(id).is_some()));
    }

    /// The form with three teams of four and its messages shown fits the width of a 1280×720
    /// window in both languages at the default and the largest text size (it scrolls down).
    #[test]
    fn the_form_fits_the_window_width_in_both_languages_up_to_200_percent() {
        let catalog = Catalog::shipped_for_tests();
        for (lang, scale) in [(Lang::Zh, 1.0), (Lang::En, 1.0), (Lang::Zh, 2.0), (Lang::En, 2.0)] {
            let ctx = ui::test_context(scale);
            let mut f = filled(&catalog);
            f.teams.push(TeamRow {
                name: "飞虎队".into(),
                slogan: "A slogan long enough to need most of the row it is typed in".into(),
                members: Role::ALL.iter().map(|r| ("Alexandra Montgomery".into(), *r)).collect(),
            });
            f.name.clear();
            f.tried = true;
            let size = egui::vec2(1280.0, 720.0);
            let mut drawn = egui::Rect::NOTHING;
            for _ in 0..3 {
                ui::pass(&ctx, size, Vec::new(), |ctx| {
                    egui::CentralPanel::default().show(&mut ui::root(ctx), |ui| {
                        show(ui, lang, &mut f, &catalog, &mut drawn);
                    });
                });
            }
            assert!(f.errors.name.is_some() && f.errors.teams[2].name.is_some());
            assert!(
                drawn.right() <= size.x && drawn.left() >= 0.0,
                "{lang:?} {scale}: the form reaches {drawn:?}"
            );
        }
    }
}
