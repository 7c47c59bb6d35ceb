//! The room on the trainer's screen (issue 12): every team plays from its own device, this window
//! runs the show. First the trainer opens the room — the network interface the teams' Wi-Fi reaches
//! (loopback is always offered) and a port; the server (`service-arena-server`) listens only while
//! the room is open. Then the projector view, drawn from the room's `ProjectorView`: the join code
//! large, a QR code of the URL and the plain URL with the IP; the teams as they arrive, greeted with
//! their slogan; during a round each team's progress (decisions made, the customer's colour,
//! finished or not, connected or not) and nothing that gives answers away; the reveal once the
//! round is complete (how the room chose at each decision, the best option marked, the table with
//! position changes, the highest-scoring and fastest-growing teams, reward and penalty); after the
//! last round the champion. The trainer's controls and the trainer key are in a side panel that can
//! be hidden, so the projector is not covered.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::RichText;

use crate::engine::Lang;
use crate::room::TrainerCmd;
use crate::room::view::ProjectorView;
use service_arena_server::{Limits, RoomOptions, RoomServer};

use crate::game::Screen;
use crate::game::data::{Catalog, Db, Settings};
use crate::game::room_view::{Projector, projector, qr_modules};
use crate::game::ui::{self, tr};

pub fn plugin(app: &mut App) {
    app.init_resource::<RoomScreen>()
        .add_systems(OnEnter(Screen::Room), enter)
        .add_systems(Update, (apply, poll).chain().run_if(in_state(Screen::Room)))
        .add_systems(EguiPrimaryContextPass, draw.run_if(in_state(Screen::Room)));
}

/// The port offered first (any free one can be typed; 0 lets the system choose).
pub const DEFAULT_PORT: u16 = 8765;

/// How often the open room's view is read again while the window is awake anyway (the reach count
/// ages without a change of version).
const POLL: Duration = Duration::from_millis(500);

/// The room screen's state: the chooser, the open server and the last view read from it.
#[derive(Resource)]
pub struct RoomScreen {
    /// The workshop whose room this is (set by the workshop screen before entering).
    pub workshop: Option<i64>,
    /// The database the room opens on: the game's own unless a scripted run set another.
    pub db: Option<std::path::PathBuf>,
    /// The machine's IPv4 interfaces (name, address), loopback included.
    pub interfaces: Vec<(String, IpAddr)>,
    pub chosen: usize,
    pub port: String,
    /// The open room. Shared with the thread that wakes the window when the room changes (it
    /// holds only a weak reference, upgraded for a moment at each look).
    pub server: Option<Arc<RoomServer>>,
    /// The last projector view and the server version it was read at.
    pub view: Option<ProjectorView>,
    pub seen: Option<u64>,
    pub read_at: Option<Instant>,
    /// The QR code of the URL: its modules (row by row, true = dark) and width.
    pub qr: Option<(String, Vec<bool>, usize)>,
    /// Why the room did not open, or what the last trainer command said.
    pub error: Option<String>,
    pub message: Option<(bool, String)>,
    /// The trainer's panel is shown (hidden for the projector).
    pub panel: bool,
    pub show_key: bool,
    /// The team the trainer's per-team controls act on, the new name and the reason typed.
    pub team: Option<usize>,
    pub rename: String,
    pub reason: String,
    /// What the last drawn frame asked for (applied by [`apply`] outside the draw pass).
    pub action: Option<RoomAction>,
}

impl Default for RoomScreen {
    fn default() -> Self {
        RoomScreen {
            workshop: None,
            db: None,
            interfaces: Vec::new(),
            chosen: 0,
            port: DEFAULT_PORT.to_string(),
            server: None,
            view: None,
            seen: None,
            read_at: None,
            qr: None,
            error: None,
            message: None,
            panel: true,
            show_key: false,
            team: None,
            rename: String::new(),
            reason: String::new(),
            action: None,
        }
    }
}

impl RoomScreen {
    /// Is a room open (the server listening)?
    pub fn is_open(&self) -> bool {
        self.server.is_some()
    }

    /// Stops listening and forgets the view (the room stays stored; opening it again resumes it).
    /// Returns once nothing listens: the waking thread lets go of the server within a moment.
    pub fn close(&mut self) {
        if let Some(mut s) = self.server.take() {
            let mut s = loop {
                match Arc::try_unwrap(s) {
                    Ok(server) => break server,
                    Err(shared) => {
                        s = shared;
                        std::thread::sleep(Duration::from_millis(1));
                    }
                }
            };
            s.close();
        }
        self.view = None;
        self.seen = None;
        self.qr = None;
    }
}

/// How often the waking thread looks at the open room (an atomic read and the reach count).
const LOOK: Duration = Duration::from_millis(100);

/// Wakes the window when the room changed — a team arrived, chose, a device connected, the reach
/// count moved — so the projector follows with the window otherwise asleep (the game's low-power
/// mode draws nothing while nothing happens). Ends when the room is closed.
fn wake_on_change(server: std::sync::Weak<RoomServer>, wake: impl Fn() -> bool + Send + 'static) {
    let spawned = std::thread::Builder::new().name("room-wake".into()).spawn(move || {
        let mut last = None;
        loop {
            let Some(now) = server.upgrade().map(|s| (s.version(), s.reach_checks())) else {
                return;
            };
            if last != Some(now) {
                last = Some(now);
                if !wake() {
                    return; // the window is gone
                }
            }
            std::thread::sleep(LOOK);
        }
    });
    if let Err(e) = spawned {
        error!("room: the thread that follows the room could not start ({e}); the projector updates on input only");
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum RoomAction {
    /// Open the room on the chosen interface and port.
    Open,
    /// Stop listening (the room's state stays stored; opening again resumes it).
    Close,
    Trainer(TrainerCmd),
    Back,
}

/// The interfaces to offer: the machine's, and loopback whatever the system listed.
pub fn interfaces(mut found: Vec<(String, IpAddr)>) -> Vec<(String, IpAddr)> {
    found.retain(|(_, ip)| ip.is_ipv4());
    if !found.iter().any(|(_, ip)| ip.is_loopback()) {
        found.push(("lo".into(), IpAddr::V4(Ipv4Addr::LOCALHOST)));
    }
    // The LAN first: it is what the teams' devices reach.
    found.sort_by_key(|(name, ip)| (ip.is_loopback(), name.clone()));
    found
}

fn enter(mut room: ResMut<RoomScreen>) {
    if room.server.is_none() {
        let chosen = room.interfaces.get(room.chosen).map(|(_, ip)| *ip);
        room.interfaces = interfaces(service_arena_server::lan_addresses());
        room.chosen = chosen
            .and_then(|ip| room.interfaces.iter().position(|(_, i)| *i == ip))
            .unwrap_or(0);
    }
}

/// The port typed, or why it is not one.
pub fn port(typed: &str, lang: Lang) -> Result<u16, String> {
    typed.trim().parse::<u16>().map_err(|_| match lang {
        Lang::Zh => format!(
            "端口“{}”无效：请填 1 到 65535 之间的数字（0 表示自动选择）",
            typed.trim()
        ),
        Lang::En => format!(
            "\"{}\" is not a port: type a number from 1 to 65535 (0 picks a free one)",
            typed.trim()
        ),
    })
}

fn apply(
    mut room: ResMut<RoomScreen>,
    db: Res<Db>,
    catalog: Res<Catalog>,
    settings: Res<Settings>,
    proxy: Option<Res<bevy::winit::EventLoopProxyWrapper>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(action) = room.action.take() else { return };
    let lang = settings.lang();
    match action {
        RoomAction::Open => {
            room.error = None;
            let port = match port(&room.port, lang) {
                Ok(p) => p,
                Err(e) => {
                    room.error = Some(e);
                    return;
                }
            };
            let (Some(workshop), Some(ip)) = (room.workshop, room.interfaces.get(room.chosen).map(|(_, ip)| *ip))
            else {
                room.error = Some(
                    tr(
                        lang,
                        "没有选择工作坊或网络接口",
                        "No workshop or network interface chosen",
                    )
                    .into(),
                );
                return;
            };
            let own = || {
                db.store
                    .as_ref()
                    .map(|s| s.lock().expect("store lock").path().to_path_buf())
            };
            let Some(path) = room.db.clone().or_else(own) else {
                room.error = Some(db.error.clone().unwrap_or_else(|| "no database".into()));
                return;
            };
            let opts = RoomOptions {
                db: path,
                workshop,
                scenarios: catalog.scenarios.clone(),
                scoring: catalog.cfg.clone(),
                bind: SocketAddr::new(ip, port),
                limits: Limits::default(),
            };
            match RoomServer::open(opts) {
                Ok(s) => {
                    let s = Arc::new(s);
                    if let Some(proxy) = &proxy {
                        let proxy = (***proxy).clone();
                        let wake = move || proxy.send_event(bevy::winit::WinitUserEvent::WakeUp).is_ok();
                        wake_on_change(Arc::downgrade(&s), wake);
                    }
                    room.server = Some(s);
                    room.seen = None;
                    room.message = None;
                }
                Err(e) => room.error = Some(e.text().get(lang).to_string()),
            }
        }
        RoomAction::Close => room.close(),
        RoomAction::Trainer(cmd) => {
            let Some(server) = &room.server else { return };
            let done = match &cmd {
                TrainerCmd::Rename { .. } | TrainerCmd::Remove { .. } | TrainerCmd::Redo { .. } => true,
                _ => false,
            };
            room.message = Some(match server.trainer(cmd) {
                Ok(()) => {
                    if done {
                        room.reason.clear();
                        room.rename.clear();
                    }
                    (true, tr(lang, "已执行", "Done").to_string())
                }
                Err(e) => (false, e.text().get(lang).to_string()),
            });
            room.seen = None;
        }
        RoomAction::Back => next.set(Screen::Workshop),
    }
}

/// Reads the server's view again when its version moved (or every [`POLL`] for the reach count),
/// and the QR code when the URL is new.
fn poll(mut room: ResMut<RoomScreen>) {
    let Some(server) = &room.server else { return };
    let v = server.version();
    let stale = room.read_at.is_none_or(|t| t.elapsed() >= POLL);
    if room.seen == Some(v) && !stale {
        return;
    }
    let view = server.projector();
    let url = server.url();
    if room.view.as_ref() != Some(&view) {
        room.view = Some(view);
    }
    room.seen = Some(v);
    room.read_at = Some(Instant::now());
    if room.qr.as_ref().is_none_or(|(u, _, _)| *u != url) {
        room.qr = qr_modules(&url).map(|(m, w)| (url, m, w));
    }
}

fn draw(mut contexts: EguiContexts, settings: Res<Settings>, mut room: ResMut<RoomScreen>) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang();
    if room.server.is_none() {
        if let Some(a) = opener(ctx, lang, &mut room) {
            room.action = Some(a);
        }
        return Ok(());
    }
    let room = &mut *room;
    // The view is moved out for the pass and back after it (no copy per frame).
    let (Some(view), Some(server)) = (room.view.take(), room.server.clone()) else {
        egui::CentralPanel::default().show(&mut ui::root(ctx), |ui| {
            ui.label(tr(lang, "正在开放房间…", "Opening the room…"));
        });
        return Ok(());
    };
    let url = server.url();
    let key = server.trainer_key().to_string();
    let mut root = ui::root(ctx);
    let mut action = None;
    if room.panel {
        egui::Panel::right("trainer_panel")
            .resizable(false)
            .exact_size((ctx.viewport_rect().width() * 0.3).clamp(300.0, 420.0))
            .show(&mut root, |ui| {
                action = trainer_panel(ui, lang, &view, &key, room);
            });
    }
    egui::CentralPanel::default().show(&mut root, |ui| {
        let p = Projector {
            view: &view,
            url: &url,
            qr: room.qr.as_ref().map(|(_, m, w)| (m.as_slice(), *w)),
            lang,
        };
        let (toggle, _) = projector(ui, &p, room.panel);
        if toggle {
            room.panel = !room.panel;
        }
    });
    if action.is_some() {
        room.action = action;
    }
    if room.view.is_none() {
        room.view = Some(view);
    }
    Ok(())
}

/// Before the room opens: the interface and the port, and what the venue's network needs.
fn opener(ctx: &egui::Context, lang: Lang, room: &mut RoomScreen) -> Option<RoomAction> {
    let mut action = None;
    let back = ui::page(
        ctx,
        lang,
        tr(
            lang,
            "开放房间 · 各队用自己的设备参赛",
            "Open the room · teams play on their own devices",
        ),
        |ui| {
            ui::card().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(tr(lang, "选择各队设备能连到的网络接口", "Choose the network interface the teams' devices can reach")).strong());
            for (i, (name, ip)) in room.interfaces.iter().enumerate() {
                let label = if ip.is_loopback() {
                    format!("{name}  {ip}  {}", tr(lang, "（仅本机，用于试用）", "(this computer only, for a try-out)"))
                } else {
                    format!("{name}  {ip}")
                };
                ui.radio_value(&mut room.chosen, i, label);
            }
            ui.horizontal_wrapped(|ui| {
                ui.label(tr(lang, "端口", "Port"));
                ui.add(egui::TextEdit::singleline(&mut room.port).desired_width(90.0));
            });
            ui.add(
                egui::Label::new(
                    RichText::new(tr(
                        lang,
                        "场地网络需要：各队设备和这台电脑在同一网络，这个端口没有被防火墙拦住，无线网络没有开启“客户端隔离”。不行的话，用这台电脑开一个热点让各队连接。",
                        "The venue's network needs: the teams' devices on the same network as this computer, this port not blocked by a firewall, and no \"client isolation\" on the Wi-Fi. If that fails, open a hotspot on this computer and have the teams join it.",
                    ))
                    .color(ui::MUTED),
                )
                .wrap(),
            );
            if let Some(e) = &room.error {
                ui.add(egui::Label::new(RichText::new(e).color(ui::BAD)).wrap());
            }
            if ui::big_button(ui, "Enter", tr(lang, "开放房间", "Open the room"), !room.interfaces.is_empty()).clicked()
                || ui::pressed(ui, egui::Key::Enter)
            {
                action = Some(RoomAction::Open);
            }
        });
        },
    );
    if back {
        action = Some(RoomAction::Back);
    }
    action
}

/// The trainer's panel: the trainer key, the round's controls and each team's.
fn trainer_panel(
    ui: &mut egui::Ui,
    lang: Lang,
    v: &ProjectorView,
    key: &str,
    room: &mut RoomScreen,
) -> Option<RoomAction> {
    let mut action = None;
    let mut command = None;
    egui::ScrollArea::vertical().id_salt("trainer_panel").show(ui, |ui| {
        ui.label(RichText::new(tr(lang, "培训师", "Trainer")).heading());
        ui.horizontal_wrapped(|ui| {
            ui.label(tr(lang, "培训师密钥：", "Trainer key:"));
            if room.show_key {
                ui.label(RichText::new(key).monospace());
            } else {
                ui.label("••••••••");
            }
            ui.checkbox(&mut room.show_key, tr(lang, "显示", "show"));
        });
        ui.separator();
        let last_round = v.round >= v.rounds;
        ui.horizontal_wrapped(|ui| {
            match v.phase {
                "lobby" | "reveal" if !(v.phase == "reveal" && last_round) => {
                    let label = format!(
                        "{} {}",
                        tr(lang, "开始第", "Start round"),
                        if v.phase == "lobby" {
                            v.round.max(1)
                        } else {
                            v.round + 1
                        }
                    ) + tr(lang, " 轮", "");
                    if ui.button(RichText::new(label).strong()).clicked() {
                        command = Some(TrainerCmd::StartRound);
                    }
                }
                "playing" => {
                    if ui
                        .button(if v.paused {
                            tr(lang, "继续", "Resume")
                        } else {
                            tr(lang, "暂停", "Pause")
                        })
                        .clicked()
                    {
                        command = Some(TrainerCmd::Pause { paused: !v.paused });
                    }
                    if v.pacing == crate::workshop::Pacing::Paced
                        && ui.button(tr(lang, "下一个决定", "Next decision")).clicked()
                    {
                        command = Some(TrainerCmd::NextDecision);
                    }
                    if ui.button(tr(lang, "结束本轮", "End the round")).clicked() {
                        command = Some(TrainerCmd::EndRound);
                    }
                }
                _ => {}
            }
            let lock = if v.locked {
                tr(lang, "解锁房间", "Unlock the room")
            } else {
                tr(lang, "锁定房间", "Lock the room")
            };
            if ui.button(lock).clicked() {
                command = Some(TrainerCmd::Lock { locked: !v.locked });
            }
        });
        if v.phase == "playing" {
            ui.label(
                RichText::new(tr(
                    lang,
                    "结束本轮时，没有打完的队伍记为“未完成”（本轮不计分）。",
                    "Ending the round records the teams whose call is not over as unfinished (no score this round).",
                ))
                .color(ui::MUTED),
            );
        }
        ui.separator();
        ui.label(RichText::new(tr(lang, "队伍", "Teams")).strong());
        // One team at a time, chosen from a list that stays one line however many teams came.
        let active: Vec<_> = v.teams.iter().filter(|t| !t.removed).collect();
        let shown = room
            .team
            .and_then(|i| active.iter().find(|t| t.index == i))
            .map_or(tr(lang, "选择一个队伍…", "Choose a team…").to_string(), |t| {
                t.name.clone()
            });
        let before = room.team;
        egui::ComboBox::from_id_salt("trainer_team")
            .selected_text(shown)
            .width(ui.available_width() - 8.0)
            .show_ui(ui, |ui| {
                for t in &active {
                    ui.selectable_value(&mut room.team, Some(t.index), &t.name);
                }
            });
        if room.team != before
            && let Some(t) = active.iter().find(|t| Some(t.index) == room.team)
        {
            room.rename = t.name.clone();
        }
        if let Some(team) = room
            .team
            .filter(|i| v.teams.iter().any(|t| t.index == *i && !t.removed))
        {
            ui.separator();
            ui.horizontal_wrapped(|ui| {
                ui.add(egui::TextEdit::singleline(&mut room.rename).desired_width(160.0));
                if ui.button(tr(lang, "改名", "Rename")).clicked() {
                    command = Some(TrainerCmd::Rename {
                        team,
                        name: room.rename.clone(),
                    });
                }
            });
            if ui
                .button(tr(
                    lang,
                    "释放席位（让另一台设备接手）",
                    "Release the seat (another device may take over)",
                ))
                .clicked()
            {
                command = Some(TrainerCmd::Release { team });
            }
            ui.horizontal_wrapped(|ui| {
                ui.label(tr(lang, "原因：", "Reason:"));
                ui.add(egui::TextEdit::singleline(&mut room.reason).desired_width(180.0));
            });
            let reason = room.reason.trim().to_string();
            ui.horizontal_wrapped(|ui| {
                if ui
                    .add_enabled(
                        !reason.is_empty(),
                        egui::Button::new(tr(lang, "重赛（作废本轮成绩）", "Redo (set this round's run aside)")),
                    )
                    .clicked()
                {
                    command = Some(TrainerCmd::Redo {
                        team,
                        reason: reason.clone(),
                    });
                }
                if ui
                    .add_enabled(
                        !reason.is_empty(),
                        egui::Button::new(RichText::new(tr(lang, "移除队伍", "Remove the team")).color(ui::BAD)),
                    )
                    .clicked()
                {
                    command = Some(TrainerCmd::Remove {
                        team,
                        reason: reason.clone(),
                    });
                }
            });
        }
        if let Some((ok, m)) = &room.message {
            ui.add(egui::Label::new(RichText::new(m).color(if *ok { ui::GOOD } else { ui::BAD })).wrap());
        }
        ui.separator();
        if ui
            .button(tr(
                lang,
                "回到工作坊（房间保持开放）",
                "Back to the workshop (the room stays open)",
            ))
            .clicked()
        {
            action = Some(RoomAction::Back);
        }
        if ui
            .button(tr(lang, "关闭房间（停止监听）", "Close the room (stop listening)"))
            .clicked()
        {
            action = Some(RoomAction::Close);
        }
        ui.label(
            RichText::new(tr(
                lang,
                "关闭后进度都已保存，再次开放即可继续。",
                "Everything is stored: opening the room again resumes it.",
            ))
            .color(ui::MUTED),
        );
    });
    action.or(command.map(RoomAction::Trainer))
}
