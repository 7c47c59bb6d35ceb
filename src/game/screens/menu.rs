//! The title screen (main menu) and the mode choice: practise alone, or as a team at one computer.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{Key, RichText};

use crate::game::Screen;
use crate::game::data::{Catalog, Db, Notices, Settings};
use crate::game::ui::{self, tr};

pub fn plugin(app: &mut App) {
    app.init_resource::<PracticeMode>()
        .init_resource::<QuitAsked>()
        .add_systems(
            EguiPrimaryContextPass,
            (
                title.run_if(in_state(Screen::Title)),
                mode.run_if(in_state(Screen::Mode)),
            ),
        );
}

fn title(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    notices: Res<Notices>,
    catalog: Res<Catalog>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
    mut quit_asked: ResMut<QuitAsked>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let problems: Vec<String> = notices
        .0
        .iter()
        .cloned()
        .chain(catalog.problems.iter().map(|d| d.show(settings.lang())))
        .collect();
    match title_screen(ctx, settings.lang(), catalog.scenarios.len(), &problems, quit_asked.0) {
        Some(TitleAction::Go(to)) => next.set(to),
        Some(TitleAction::AskQuit) => quit_asked.0 = true,
        Some(TitleAction::KeepPlaying) => quit_asked.0 = false,
        Some(TitleAction::Quit) => {
            exit.write(AppExit::Success);
        }
        None => {}
    }
    Ok(())
}

/// What the user did on the title screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TitleAction {
    Go(Screen),
    /// Esc or the quit button: ask first.
    AskQuit,
    /// The question answered "quit".
    Quit,
    /// The question answered "keep practising".
    KeepPlaying,
}

/// The title screen's menu; with `asking`, the quit question over it (nothing under it is taken).
pub fn title_screen(
    ctx: &egui::Context,
    lang: crate::engine::Lang,
    scenarios: usize,
    problems: &[String],
    asking: bool,
) -> Option<TitleAction> {
    let mut action = None;
    // Quitting asks first: Esc is also "back" everywhere else, so one press too many must not
    // close the game.
    if asking {
        egui::Modal::new(egui::Id::new("confirm_quit")).show(ctx, |ui| {
            ui.set_width(420.0);
            ui.label(RichText::new(tr(lang, "要退出客服擂台吗？", "Quit Service Arena?")).heading());
            ui.label(tr(lang, "练习记录已经保存。", "Your practice history is saved."));
            ui.add_space(8.0);
            if ui::big_button(ui, "Enter", tr(lang, "退出", "Quit"), true).clicked() || ui::pressed(ui, Key::Enter) {
                action = Some(TitleAction::Quit);
            }
            if ui::big_button(ui, "Esc", tr(lang, "继续练习", "Keep practising"), true).clicked()
                || ui::pressed(ui, Key::Escape)
            {
                action = Some(TitleAction::KeepPlaying);
            }
        });
    }
    let mut root = ui::root(ctx);
    egui::CentralPanel::default().show(&mut root, |ui| {
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.label(RichText::new("客服擂台").size(64.0).color(ui::ACCENT).strong());
            ui.label(RichText::new("Service Arena").size(28.0).color(ui::MUTED));
            ui.add_space(6.0);
            ui.label(tr(
                lang,
                "接待真实的客户，按课程原则复盘，每一次都比上一次更好。",
                "Take real customers' calls, get a debrief built on the course's principles, and do better every time.",
            ));
            ui.add_space(24.0);
            ui.allocate_ui(egui::vec2(420.0, 300.0), |ui| {
                let items: [(&str, &str, &str, Screen); 5] = [
                    ("1", "开始练习", "Practise", Screen::Mode),
                    ("2", "工作坊 · 团队PK", "Workshop · team PK", Screen::Workshop),
                    ("3", "练习记录与进步", "History and progress", Screen::History),
                    ("4", "设置", "Settings", Screen::Settings),
                    (
                        "5",
                        "场景实验室 · 编写场景",
                        "Scenario lab · write scenarios",
                        Screen::Lab,
                    ),
                ];
                for (i, (key, zh, en, to)) in items.into_iter().enumerate() {
                    if ui::big_button(ui, key, tr(lang, zh, en), !asking).clicked()
                        || (!asking && ui::digit_pressed(ui) == Some(i))
                    {
                        action = Some(TitleAction::Go(to));
                    }
                }
                if ui::big_button(ui, "Esc", tr(lang, "退出", "Quit"), !asking).clicked()
                    || (!asking && ui::pressed(ui, Key::Escape))
                {
                    action = Some(TitleAction::AskQuit);
                }
            });
            ui.add_space(16.0);
            ui.label(
                RichText::new(format!(
                    "{} {} · {}",
                    scenarios,
                    tr(lang, "个场景", "scenarios"),
                    tr(
                        lang,
                        "键盘：数字键选择，Esc 返回",
                        "Keyboard: digits choose, Esc goes back"
                    )
                ))
                .color(ui::MUTED),
            );
        });
        if !problems.is_empty() {
            ui.add_space(12.0);
            ui::card().show(ui, |ui| {
                ui.label(RichText::new(tr(lang, "注意", "Please note")).color(ui::BAD).strong());
                for n in problems {
                    ui.label(RichText::new(n).small());
                }
            });
        }
    });
    action
}

/// The title screen is asking whether to quit (Esc there).
#[derive(Resource, Default)]
pub struct QuitAsked(pub bool);

/// Practising alone or as a team at one computer (a team gets a discussion timer by default).
#[derive(Resource, Default)]
pub struct PracticeMode {
    pub team: bool,
}

fn mode(
    mut contexts: EguiContexts,
    mut mode: ResMut<PracticeMode>,
    mut settings: ResMut<Settings>,
    mut db: ResMut<Db>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang();
    let back = ui::page(
        ctx,
        lang,
        tr(lang, "选择练习方式", "How are you practising?"),
        |ui| {
            ui.add_space(12.0);
            ui.columns(2, |cols| {
            let choices = [
                (
                    false,
                    "1",
                    tr(lang, "个人练习", "On my own"),
                    tr(
                        lang,
                        "一个人按自己的节奏练：每个选择后有教练提示，结束后有完整复盘，记录保存在本机。",
                        "At your own pace: the coach marks each choice, a full debrief follows, and your history stays on this computer.",
                    ),
                ),
                (
                    true,
                    "2",
                    tr(lang, "小组练习（一台电脑）", "As a team (one computer)"),
                    tr(
                        lang,
                        "全组围着一台电脑，每个决定先讨论再选择；每步有讨论计时（设置里没开计时就用 90 秒）。名字填队名。",
                        "The group gathers round one computer and discusses every decision, with a discussion timer (90 s unless Settings sets one). Enter the team's name.",
                    ),
                ),
            ];
            for (col, (team, key, title, body)) in cols.iter_mut().zip(choices) {
                let selected = mode.team == team;
                let frame = if selected {
                    ui::card().stroke(egui::Stroke::new(2.5, ui::ACCENT))
                } else {
                    ui::card()
                };
                let r = frame
                    .show(col, |ui| {
                        ui.set_min_width(ui.available_width());
                        ui.heading(format!("{key}  {title}"));
                        ui.label(body);
                    })
                    .response
                    .interact(egui::Sense::click());
                if r.clicked() || ui::digit_pressed(col) == Some(team as usize) {
                    mode.team = team;
                }
            }
        });
            ui.add_space(16.0);
            ui.horizontal(|ui| {
                ui.label(tr(lang, "你的名字或队名：", "Your name or team name:"));
                let r = ui.add(egui::TextEdit::singleline(&mut settings.prefs.player).desired_width(260.0));
                if r.lost_focus() {
                    settings.save();
                    let p = settings.player();
                    db.refresh(&p);
                }
            });
            ui.label(
                RichText::new(format!(
                    "{} {}",
                    tr(lang, "练习记录按名字分开保存。当前：", "History is kept per name. Now:"),
                    settings.player()
                ))
                .color(ui::MUTED),
            );
            ui.add_space(16.0);
            ui.allocate_ui(egui::vec2(420.0, 120.0), |ui| {
                if ui::big_button(ui, "Enter", tr(lang, "选择场景", "Choose a scenario"), true).clicked()
                    || ui::pressed(ui, Key::Enter)
                {
                    settings.save();
                    let p = settings.player();
                    if db.runs_of != p {
                        db.refresh(&p);
                    }
                    next.set(Screen::Picker);
                }
            });
        },
    );
    if back {
        next.set(Screen::Title);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Lang;

    fn key(k: Key) -> Vec<egui::Event> {
        vec![egui::Event::Key {
            key: k,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Default::default(),
        }]
    }

    /// One pass of the title screen with these events; what it asked for.
    fn press(ctx: &egui::Context, lang: Lang, asking: bool, events: Vec<egui::Event>) -> Option<TitleAction> {
        let mut got = None;
        ui::pass(ctx, egui::vec2(1280.0, 720.0), events, |ctx| {
            got = title_screen(ctx, lang, 18, &[], asking)
        });
        got
    }

    #[test]
    fn esc_on_the_title_asks_before_quitting_and_only_enter_on_the_question_quits() {
        for (lang, scale) in ui::LAYOUTS {
            let ctx = ui::test_context(scale);
            press(&ctx, lang, false, vec![]);
            // Esc asks; it does not quit.
            assert_eq!(press(&ctx, lang, false, key(Key::Escape)), Some(TitleAction::AskQuit));
            // With the question up, the menu's digits are not taken.
            press(&ctx, lang, true, vec![]);
            assert_eq!(press(&ctx, lang, true, key(Key::Num1)), None, "{lang:?} {scale}");
            // Esc on the question keeps playing; Enter quits.
            assert_eq!(
                press(&ctx, lang, true, key(Key::Escape)),
                Some(TitleAction::KeepPlaying)
            );
            assert_eq!(press(&ctx, lang, true, key(Key::Enter)), Some(TitleAction::Quit));
            // Without the question, digits go to the menu's screens and Enter quits nothing.
            assert_eq!(
                press(&ctx, lang, false, key(Key::Num5)),
                Some(TitleAction::Go(Screen::Lab))
            );
            assert_eq!(press(&ctx, lang, false, key(Key::Enter)), None);
        }
    }
}
