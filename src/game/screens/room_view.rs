//! The projector's view of the room, drawn from the core's `ProjectorView` (no server, no Bevy:
//! the layout tests drive a core room and draw its view headlessly): the join code large, a QR
//! code of the URL, the plain URL with the IP and the reach check; the lobby with the teams as they
//! arrive; during a round each team's progress and nothing that gives answers away; the reveal once
//! the round is complete; after the last round the champion.

use bevy_egui::egui;
use egui::{Color32, RichText, Vec2};

use crate::engine::Lang;
use crate::room::view::{ProjectorView, Reveal, TeamProgress};

use crate::game::text;
use crate::game::ui::{self, tr};

/// The modules of a QR code of `text` (row by row, true = dark) and its width.
pub fn qr_modules(text: &str) -> Option<(Vec<bool>, usize)> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok()?;
    let w = code.width();
    let m = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
    Some((m, w))
}

/// Draws a QR code `side` points wide with the standard quiet zone of four modules.
fn draw_qr(ui: &mut egui::Ui, modules: &[bool], width: usize, side: f32) -> egui::Rect {
    let (rect, _) = ui.allocate_exact_size(Vec2::splat(side), egui::Sense::hover());
    let p = ui.painter();
    p.rect_filled(rect, 4.0, Color32::WHITE);
    let cell = side / (width as f32 + 8.0);
    let origin = rect.min + Vec2::splat(cell * 4.0);
    for (i, dark) in modules.iter().enumerate() {
        if *dark {
            let (x, y) = ((i % width) as f32, (i / width) as f32);
            let r = egui::Rect::from_min_size(origin + Vec2::new(x * cell, y * cell), Vec2::splat(cell + 0.3));
            p.rect_filled(r, 0.0, Color32::BLACK);
        }
    }
    rect
}

/// A colour name the room sends ("green", "yellow", "red") as the game draws it.
fn colour(c: &str) -> Color32 {
    match c {
        "green" => ui::colour_of(crate::engine::Colour::Green),
        "yellow" => ui::colour_of(crate::engine::Colour::Yellow),
        "red" => ui::colour_of(crate::engine::Colour::Red),
        _ => ui::MUTED,
    }
}

/// Where the projector's parts were drawn (for the layout tests).
#[derive(Debug)]
pub struct Measured {
    pub code: Option<egui::Rect>,
    pub qr: Option<egui::Rect>,
    pub url: Option<egui::Rect>,
    /// Each team's card (lobby and live view).
    pub teams: Vec<egui::Rect>,
    /// The area the projector drew in (the window less the trainer's panel).
    #[cfg_attr(not(test), allow(dead_code))]
    pub area: egui::Rect,
    /// The widest content drawn (a layout that runs off the right shows here).
    pub content_right: f32,
}

/// What the projector draws: the view, the URL and its QR code, the language and the type size.
pub struct Projector<'a> {
    pub view: &'a ProjectorView,
    pub url: &'a str,
    pub qr: Option<(&'a [bool], usize)>,
    pub lang: Lang,
}

/// The projector. Returns whether the trainer asked to show or hide the panel, and where the
/// parts were drawn.
pub fn projector(ui: &mut egui::Ui, p: &Projector, panel: bool) -> (bool, Measured) {
    let lang = p.lang;
    let v = p.view;
    let mut m = Measured {
        code: None,
        qr: None,
        url: None,
        teams: Vec::new(),
        area: ui.max_rect(),
        content_right: 0.0,
    };
    // The type follows the game's text size; the projector's sizes are set for 100 %.
    let k = ui.style().text_styles[&egui::TextStyle::Body].size / 18.0;
    let big = |s: String, size: f32| RichText::new(s).size(size * k);
    let mut toggle = false;
    // The header: the workshop, the round, the state; the panel's switch at the right.
    ui.horizontal_wrapped(|ui| {
        ui.label(big(v.workshop.clone(), 26.0).strong());
        let round = match v.phase {
            "lobby" => tr(lang, "等待开始", "Waiting to start").to_string(),
            "finished" => tr(lang, "全部轮次已完成", "All rounds done").to_string(),
            _ => match lang {
                Lang::Zh => format!("第 {} / {} 轮", v.round, v.rounds),
                Lang::En => format!("Round {} of {}", v.round, v.rounds),
            },
        };
        ui.label(big(round, 22.0).color(ui::ACCENT).strong());
        if let Some(s) = &v.scenario {
            ui.label(big(s.get(lang).to_string(), 18.0).color(ui::MUTED));
        }
        if v.paused {
            ui.label(
                big(tr(lang, "已暂停", "Paused").to_string(), 20.0)
                    .color(ui::WARN)
                    .strong(),
            );
        }
        if v.locked {
            ui.label(big(tr(lang, "房间已锁定", "Room locked").to_string(), 16.0).color(ui::MUTED));
        }
        let label = if panel {
            tr(lang, "隐藏培训师面板", "Hide the trainer panel")
        } else {
            tr(lang, "培训师面板", "Trainer panel")
        };
        if ui.small_button(label).clicked() {
            toggle = true;
        }
    });
    ui.separator();
    let scroll = egui::ScrollArea::vertical()
        .id_salt(("projector", v.phase))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            // Room for the scroll bar.
            ui.set_max_width(ui.available_width() - 14.0);
            match (v.phase, &v.reveal) {
                ("reveal" | "finished", Some(r)) => reveal(ui, lang, r, k),
                ("lobby", _) => lobby(ui, p, k, &mut m),
                _ => live(ui, p, k, &mut m),
            }
        });
    m.content_right = scroll.inner_rect.left() + scroll.content_size.x;
    (toggle, m)
}

/// The join card: the code large, the QR code, the plain URL, the reach check.
fn join(ui: &mut egui::Ui, p: &Projector, k: f32, m: &mut Measured) {
    let lang = p.lang;
    let big = |s: String, size: f32| RichText::new(s).size(size * k);
    // The QR code at the left, as tall as the room allows; the code, the URL and the check beside.
    let side = (ui.available_height() * 0.5)
        .clamp(160.0, 300.0)
        .min(ui.available_width() * 0.4);
    ui::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_top(|ui| {
            if let Some((modules, w)) = p.qr {
                m.qr = Some(draw_qr(ui, modules, w, side));
            }
            ui.vertical(|ui| {
                ui.label(
                    big(
                        tr(
                            lang,
                            "扫码或打开网址加入，加入码：",
                            "Scan or open the address to join. Join code:",
                        )
                        .to_string(),
                        18.0,
                    )
                    .strong(),
                );
                m.code = Some(
                    ui.label(big(p.view.code.clone(), 72.0).monospace().strong().color(ui::ACCENT))
                        .rect,
                );
                m.url = Some(
                    ui.add(egui::Label::new(big(p.url.to_string(), 20.0).monospace()).wrap())
                        .rect,
                );
                // "Can the teams reach me?": devices that opened the check page in the last minute.
                let check = check_url(p.url);
                let line = match lang {
                    Lang::Zh => format!(
                        "连得上吗？用手机打开 {check}：最近一分钟有 {} 台设备打开过",
                        p.view.reach
                    ),
                    Lang::En => format!(
                        "Can the teams reach you? Open {check} on a phone: {} device(s) in the last minute",
                        p.view.reach
                    ),
                };
                let col = if p.view.reach > 0 { ui::GOOD } else { ui::MUTED };
                text::label(ui, &line, egui::FontId::proportional(14.0 * k), col);
            });
        });
    });
}

/// The reach-check page next to the room's URL (`http://IP:PORT/check`).
pub fn check_url(url: &str) -> String {
    let base = url.split("/?").next().unwrap_or(url).trim_end_matches('/');
    format!("{base}/check")
}

fn lobby(ui: &mut egui::Ui, p: &Projector, k: f32, m: &mut Measured) {
    let lang = p.lang;
    let v = p.view;
    let big = |s: String, size: f32| RichText::new(s).size(size * k);
    join(ui, p, k, m);
    let active: Vec<&TeamProgress> = v.teams.iter().filter(|t| !t.removed).collect();
    let heading = match lang {
        Lang::Zh => format!("已到的队伍（{}）", active.len()),
        Lang::En => format!("Teams here ({})", active.len()),
    };
    ui.label(big(heading, 22.0).strong());
    // The newest arrivals are greeted with their slogan.
    for i in v.greetings.iter().rev().take(2) {
        if let Some(t) = v.teams.iter().find(|t| t.index == *i && !t.removed) {
            let hello = match lang {
                Lang::Zh => format!("欢迎{}！", t.name),
                Lang::En => format!("Welcome, {}!", t.name),
            };
            ui.horizontal_wrapped(|ui| {
                ui.label(big(hello, 24.0).color(ui::ACCENT).strong());
                if !t.slogan.is_empty() {
                    ui.label(big(format!("“{}”", t.slogan), 20.0).italics());
                }
            });
        }
    }
    if active.is_empty() {
        let none = tr(
            lang,
            "还没有队伍。扫码或打开网址，输入加入码，创建队伍。",
            "No team yet. Scan the code or open the address, type the join code and create your team.",
        );
        ui.label(big(none.to_string(), 18.0).color(ui::MUTED));
    }
    ui.add_space(6.0);
    team_grid(ui, p, k, m, false);
}

/// Every team's card: in the lobby its name and slogan, during a round its progress.
fn team_grid(ui: &mut egui::Ui, p: &Projector, k: f32, m: &mut Measured, live: bool) {
    let lang = p.lang;
    let teams: Vec<&TeamProgress> = p.view.teams.iter().filter(|t| !t.removed).collect();
    if teams.is_empty() {
        return;
    }
    // Columns of cards at least 210 points wide at 100 % (five across 1280): a card is its
    // content, 8 of margin each side (and 1 to spare each side, where its outline was), and the
    // spacing between cards.
    let w = ui.available_width();
    let sp = ui.spacing().item_spacing.x;
    let cols = (((w + sp) / (210.0 * k + sp)).floor() as usize).max(1);
    let inner = (w - sp * (cols as f32 - 1.0)) / cols as f32 - 18.0;
    for row in teams.chunks(cols) {
        ui.horizontal(|ui| {
            for t in row {
                // Neither filled nor outlined: under a software renderer every filled pixel costs,
                // and thin lines cost more than their area (llvmpipe shades whole 4×4 blocks along
                // them). 30 filled cards doubled the projector's frame time over an empty window;
                // outlines, rounded or square, were still the largest part of its drawing
                // (docs/performance.md). The cards are set apart by their spacing alone.
                let r = egui::Frame::new()
                    .inner_margin(8)
                    .show(ui, |ui| {
                        ui.set_width(inner);
                        // The row's layout is horizontal; a card's lines go down.
                        ui.vertical(|ui| card_lines(ui, lang, t, k, live));
                    })
                    .response
                    .rect;
                m.teams.push(r);
            }
        });
    }
}

/// A team card's lines: connected or not and the name; then the slogan (lobby) or the progress.
fn card_lines(ui: &mut egui::Ui, lang: Lang, t: &TeamProgress, k: f32, live: bool) {
    ui.horizontal(|ui| {
        // Connected or not: a dot.
        let dot = if t.connected { ui::GOOD } else { Color32::from_gray(190) };
        // A glyph, not a painted circle: two triangles instead of about fifty.
        ui.label(RichText::new("●").size(12.0 * k).color(dot));
        ui.add(egui::Label::new(RichText::new(&t.name).size(18.0 * k).strong()).truncate());
    });
    if !live {
        if !t.slogan.is_empty() {
            ui.add(egui::Label::new(RichText::new(&t.slogan).size(14.0 * k).color(ui::MUTED)).truncate());
        }
        return;
    }
    ui.horizontal(|ui| {
        if !t.plays {
            ui.label(
                RichText::new(tr(lang, "本轮不参赛", "sits this round out"))
                    .size(14.0 * k)
                    .color(ui::MUTED),
            );
            return;
        }
        if let Some(c) = t.colour {
            ui.label(RichText::new("●").size(16.0 * k).color(colour(c)));
        }
        let progress = if t.over {
            tr(lang, "已完成 ✓", "done ✓").to_string()
        } else {
            match lang {
                Lang::Zh => format!("第 {} 个决定", t.turn + 1),
                Lang::En => format!("decision {}", t.turn + 1),
            }
        };
        let col = if t.over { ui::GOOD } else { ui::INK };
        ui.label(RichText::new(progress).size(16.0 * k).color(col));
    });
}

fn live(ui: &mut egui::Ui, p: &Projector, k: f32, m: &mut Measured) {
    let lang = p.lang;
    let v = p.view;
    let big = |s: String, size: f32| RichText::new(s).size(size * k);
    let playing: Vec<&TeamProgress> = v.teams.iter().filter(|t| !t.removed && t.plays).collect();
    let done = playing.iter().filter(|t| t.over).count();
    ui.horizontal_wrapped(|ui| {
        let line = match lang {
            Lang::Zh => format!("{done} / {} 队已完成通话", playing.len()),
            Lang::En => format!("{done} of {} teams have finished their call", playing.len()),
        };
        ui.label(big(line, 22.0).strong());
        if let Some(g) = v.gate {
            let paced = match lang {
                Lang::Zh => format!("· 讲师出题：全场在第 {g} 个决定"),
                Lang::En => format!("· Trainer-paced: everyone is on decision {g}"),
            };
            ui.label(big(paced, 18.0).color(ui::ACCENT));
        }
        // The code stays on screen for a device that lost its page.
        ui.label(
            big(format!("{} {}", tr(lang, "加入码", "Join code"), v.code), 18.0)
                .monospace()
                .color(ui::MUTED),
        );
    });
    ui.label(
        big(
            tr(
                lang,
                "成绩和各队的选择在本轮结束后一起公布。",
                "Scores and every team's choices are shown together when the round is over.",
            )
            .to_string(),
            14.0,
        )
        .color(ui::MUTED),
    );
    ui.add_space(6.0);
    team_grid(ui, p, k, m, true);
}

fn reveal(ui: &mut egui::Ui, lang: Lang, r: &Reveal, k: f32) {
    let big = |s: String, size: f32| RichText::new(s).size(size * k);
    if let Some(champ) = &r.champion {
        ui::card().show(ui, |ui| {
            ui.set_width(ui.available_width());
            let line = format!(
                "★ {}{}",
                tr(lang, "总冠军：", "Champion: "),
                champ.join(tr(lang, "、", ", "))
            );
            ui.label(big(line, 36.0).color(ui::ACCENT).strong());
        });
    }
    // How the room chose, then the table (the course's order); side by side when the window is
    // wide for the text size.
    if ui.available_width() >= 1100.0 * k {
        ui.columns(2, |cols| {
            choices(&mut cols[0], lang, r, k);
            table(&mut cols[1], lang, r, k);
        });
    } else {
        choices(ui, lang, r, k);
        table(ui, lang, r, k);
    }
}

/// The round's table: awards, reward and penalty, ranks with position changes.
fn table(ui: &mut egui::Ui, lang: Lang, r: &Reveal, k: f32) {
    let big = |s: String, size: f32| RichText::new(s).size(size * k);
    ui::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        let title = match lang {
            Lang::Zh => format!("第 {} 轮成绩", r.round),
            Lang::En => format!("Round {} results", r.round),
        };
        ui.label(big(title, 22.0).strong());
        for (list, mark, what, col) in [
            (&r.highest, "★", tr(lang, "最高分队伍", "Highest score"), ui::ACCENT),
            (&r.fastest, "▲", tr(lang, "进步最快队伍", "Fastest growing"), ui::GOOD),
        ] {
            if !list.is_empty() {
                let line = format!(
                    "{mark} {what}{}{}",
                    tr(lang, "：", ": "),
                    list.join(tr(lang, "、", ", "))
                );
                ui.label(big(line, 22.0).color(col).strong());
            }
        }
        if let Some(n) = &r.fastest_note {
            ui.label(big(n.get(lang).to_string(), 14.0).color(ui::MUTED));
        }
        let named = !(r.highest.is_empty() && r.fastest.is_empty());
        for line in ui::reward_and_penalty(lang, &r.reward, &r.penalty, named, &r.last) {
            ui.label(big(line, 18.0));
        }
        egui::Grid::new("reveal_table")
            .striped(true)
            .spacing([14.0 * k, 6.0])
            .show(ui, |ui| {
                for h in [
                    tr(lang, "名次", "Rank"),
                    tr(lang, "队伍", "Team"),
                    tr(lang, "得分", "Score"),
                    tr(lang, "变化", "Move"),
                    tr(lang, "累计", "Total"),
                ] {
                    ui.label(big(h.to_string(), 14.0).strong());
                }
                ui.end_row();
                for row in &r.table {
                    ui.label(big(row.rank.map_or("—".into(), |x| x.to_string()), 20.0).strong());
                    ui.label(big(row.team.clone(), 18.0));
                    match (row.score, &row.note) {
                        (Some(s), _) => ui.label(big(format!("{s:.1}"), 20.0).color(ui::score_colour(s)).strong()),
                        (None, Some(n)) => ui.label(big(n.clone(), 14.0).color(ui::MUTED)),
                        (None, None) => ui.label(big("—".into(), 14.0).color(ui::MUTED)),
                    };
                    let (mv, col) = ui::move_mark(row.change);
                    ui.label(big(mv, 16.0).color(col));
                    ui.label(big(format!("{:.1}", row.cumulative), 16.0));
                    ui.end_row();
                }
            });
    });
}

/// How the room chose at each decision, the course's best option marked.
fn choices(ui: &mut egui::Ui, lang: Lang, r: &Reveal, k: f32) {
    let big = |s: String, size: f32| RichText::new(s).size(size * k);
    ui::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            big(
                tr(
                    lang,
                    "全场的选择（★ 为课程推荐的做法）",
                    "How the room chose (★ the course's best option)",
                )
                .to_string(),
                18.0,
            )
            .strong(),
        );
        for d in &r.decisions {
            ui.add_space(4.0);
            let head = match lang {
                Lang::Zh => format!("第 {} 个决定 · {} 队", d.turn, d.teams),
                Lang::En => format!("Decision {} · {} teams", d.turn, d.teams),
            };
            ui.label(big(head, 15.0).strong());
            // Wrapped by the Chinese line-breaking rule (no line starts with a comma).
            let said = format!("“{}”", d.customer.get(lang));
            text::label(ui, &said, egui::FontId::proportional(14.0 * k), ui::MUTED);
            let most = d.options.iter().map(|o| o.count).max().unwrap_or(0).max(1);
            for o in &d.options {
                bar(ui, &o.text.get(lang).to_string(), o.count, most, o.best, k);
            }
        }
    });
}

/// One option's bar: how many teams chose it (the bar's length and the count), the best option
/// marked, and the option's words beside it (wrapped: options can be long sentences).
fn bar(ui: &mut egui::Ui, text: &str, count: usize, most: usize, best: bool, k: f32) {
    let w = ui.available_width();
    let (bw, h) = ((w * 0.28).min(220.0 * k), 20.0 * k);
    ui.horizontal_top(|ui| {
        let (rect, _) = ui.allocate_exact_size(Vec2::new(bw, h), egui::Sense::hover());
        let p = ui.painter();
        p.rect_filled(rect, 3.0, Color32::from_rgb(240, 234, 226));
        let frac = count as f32 / most as f32;
        let fill = if best {
            ui::GOOD
        } else {
            Color32::from_rgb(200, 188, 174)
        };
        p.rect_filled(
            egui::Rect::from_min_size(rect.min, Vec2::new((bw * frac).max(2.0), h)),
            3.0,
            fill,
        );
        p.text(
            rect.left_center() + Vec2::new(6.0, 0.0),
            egui::Align2::LEFT_CENTER,
            format!("{}{count}", if best { "★ " } else { "" }),
            egui::FontId::proportional(14.0 * k),
            ui::INK,
        );
        let col = if best { ui::GOOD } else { ui::INK };
        text::label(ui, text, egui::FontId::proportional(14.0 * k), col);
    });
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::game::data::Catalog;
    use crate::game::room_demo::{Stage, host};

    pub const URL: &str = "http://192.168.1.20:8765/?code=K7Q2";

    /// The projector in the lobby, live (some teams part-way, some done) and at round 1's reveal.
    pub fn views(teams: usize, tag: &str) -> [ProjectorView; 4] {
        let dir = std::env::temp_dir().join(format!("sa-room-view-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let lib = Catalog::shipped_for_tests().scenarios;
        let views = [Stage::Lobby, Stage::Live, Stage::Reveal, Stage::Finished].map(|stage| {
            host(&dir.join("room.sqlite3"), &lib, teams, stage)
                .unwrap()
                .0
                .projector()
        });
        let _ = std::fs::remove_dir_all(&dir);
        views
    }

    fn draw(view: &ProjectorView, lang: Lang, scale: f32, width: f32) -> Measured {
        let ctx = ui::test_context(scale);
        let (modules, w) = qr_modules(URL).unwrap();
        let p = Projector {
            view,
            url: URL,
            qr: Some((&modules, w)),
            lang,
        };
        let mut m = None;
        for _ in 0..3 {
            ui::pass(&ctx, egui::vec2(1280.0, 720.0), Vec::new(), |ctx| {
                let mut root = ui::root(ctx);
                egui::Panel::right("panel")
                    .exact_size(1280.0 - width)
                    .show(&mut root, |_| {});
                egui::CentralPanel::default().show(&mut root, |ui| m = Some(projector(ui, &p, true).1));
            });
        }
        m.unwrap()
    }

    #[test]
    fn the_views_come_from_a_real_room_lobby_live_and_reveal() {
        let [lobby, live, reveal, finished] = views(6, "phases");
        assert_eq!(finished.phase, "finished");
        let last = finished.reveal.as_ref().expect("the last round's reveal");
        assert_eq!(last.round, 3);
        assert!(
            last.champion.as_ref().is_some_and(|c| !c.is_empty()),
            "{:?}",
            last.champion
        );
        assert!(
            last.table.iter().any(|r| r.change.is_some_and(|c| c != 0)),
            "positions moved"
        );
        assert_eq!(
            (lobby.phase, lobby.teams.len(), lobby.greetings.len() > 0),
            ("lobby", 6, true)
        );
        assert_eq!(live.phase, "playing");
        assert!(live.teams.iter().any(|t| t.over) && live.teams.iter().any(|t| !t.over));
        assert!(live.reveal.is_none());
        assert_eq!(reveal.phase, "reveal");
        let r = reveal.reveal.as_ref().unwrap();
        assert_eq!(r.table.len(), 6);
        assert!(
            r.decisions
                .iter()
                .any(|d| d.options.iter().filter(|o| o.count > 0).count() > 1)
        );
    }

    /// The projector redraws every frame while a round runs, and under a software renderer each
    /// triangle and each pixel costs (docs/performance.md): with 30 teams live, the whole view
    /// tessellates to fewer than 1,500 triangles (it was 10,244 with rounded outlined cards and
    /// painted dots) and fills under 150,000 px of a 921,600 px screen.
    #[test]
    fn the_live_projector_with_30_teams_stays_within_its_drawing_budget() {
        let [_, live, _, _] = views(30, "budget");
        let ctx = ui::test_context(1.0);
        let p = Projector {
            view: &live,
            url: URL,
            qr: None,
            lang: Lang::Zh,
        };
        let mut out = None;
        for _ in 0..3 {
            let input = egui::RawInput {
                screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 720.0))),
                ..Default::default()
            };
            let mut o = ctx.run_ui(input, |ui| {
                egui::CentralPanel::default().show(&mut ui::root(ui.ctx()), |ui| {
                    projector(ui, &p, false);
                });
            });
            o.textures_delta.clear();
            out = Some(o);
        }
        let (triangles, area) = ui::drawing_cost(&ctx, out.unwrap());
        assert!(triangles > 500, "the view drew its teams: {triangles} triangles");
        assert!(triangles < 1_500, "{triangles} triangles");
        assert!(area < 150_000.0, "{area:.0} px filled");
    }

    /// 1280×720, the trainer's panel hidden and shown, zh and en, 100 % and 200 % text: nothing
    /// runs off the right; the join code, the QR code and the URL are on screen in the lobby;
    /// at 100 % with the panel hidden, all 30 teams' cards are on screen during the round.
    #[test]
    fn the_projector_fits_1280_by_720_in_both_languages_up_to_200_percent() {
        let [lobby, live, reveal, finished] = views(30, "fit");
        let mut problems = Vec::new();
        for (lang, scale) in [(Lang::Zh, 1.0), (Lang::En, 1.0), (Lang::Zh, 2.0), (Lang::En, 2.0)] {
            for width in [1280.0, 1280.0 - 420.0] {
                for (name, v) in [
                    ("lobby", &lobby),
                    ("live", &live),
                    ("reveal", &reveal),
                    ("finished", &finished),
                ] {
                    let m = draw(v, lang, scale, width);
                    let what = format!("{name} {lang:?} {scale} width {width}");
                    if m.content_right > m.area.right() + 1.0 {
                        problems.push(format!(
                            "{what}: content reaches {} of {}",
                            m.content_right,
                            m.area.right()
                        ));
                    }
                    if name == "lobby" {
                        for (part, r) in [("code", m.code), ("qr", m.qr), ("url", m.url)] {
                            match r {
                                Some(r) if m.area.contains_rect(r) => {}
                                r => problems.push(format!("{what}: {part} at {r:?}, not within {:?}", m.area)),
                            }
                        }
                    }
                    if name == "live" && scale == 1.0 && width == 1280.0 {
                        if m.teams.len() != 30 {
                            problems.push(format!("{what}: {} team cards", m.teams.len()));
                        }
                        if let Some(r) = m.teams.iter().find(|r| !m.area.contains_rect(**r)) {
                            problems.push(format!("{what}: a card at {r:?} is off {:?}", m.area));
                        }
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}

#[cfg(test)]
mod qr_tests {
    use super::*;

    /// A real QR code: the width of a QR version (21 + 4k modules) and the three finder patterns
    /// (a dark 7×7 ring around a dark 3×3 square) in the corners.
    #[test]
    fn the_qr_code_has_the_finder_patterns_of_a_real_code() {
        let (m, w) = qr_modules("http://192.168.1.20:8765/?code=K7Q2").unwrap();
        assert_eq!(m.len(), w * w);
        assert!(w >= 21 && (w - 21) % 4 == 0, "{w}");
        let dark = |x: usize, y: usize| m[y * w + x];
        for (ox, oy) in [(0, 0), (w - 7, 0), (0, w - 7)] {
            for i in 0..7 {
                assert!(dark(ox + i, oy) && dark(ox + i, oy + 6) && dark(ox, oy + i) && dark(ox + 6, oy + i));
            }
            for i in 1..6 {
                assert!(!dark(ox + i, oy + 1) && !dark(ox + 1, oy + i));
            }
            assert!((2..5).all(|i| (2..5).all(|j| dark(ox + i, oy + j))));
        }
        assert_eq!(
            check_url("http://192.168.1.20:8765/?code=K7Q2"),
            "http://192.168.1.20:8765/check"
        );
    }
}
