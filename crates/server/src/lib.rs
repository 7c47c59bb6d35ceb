//! The room's server: the team page and one WebSocket per device, over the core's room
//! (`service_arena_core::room::Host`). No Bevy: the window and the CLI (`service-arena workshop
//! host`) use the same handle, [`RoomServer`].
//!
//! Shape (ARCHITECTURE.md, "The room's server"):
//! - one **actor thread** owns the `Host` (room + SQLite store; rusqlite is synchronous, so it never
//!   runs on a tokio worker). Everything that reads or changes the room is a request on a channel
//!   with a reply (`actor.rs`);
//! - one **tokio thread** (a current-thread runtime: a LAN room is a few hundred small JSON
//!   messages a minute) runs axum: `GET /` the team page, `GET /check` the reach check, `GET /ws`
//!   one WebSocket per device (`http.rs`, `conn.rs`);
//! - after every accepted change the actor bumps a `tokio::sync::watch` version; every connection
//!   then asks for its view again and sends it only if it changed, and the projector's latest view
//!   is swapped in for [`RoomServer::projector`].
//!
//! Clock: wall-clock milliseconds since the Unix epoch ([`now_ms`]). The room stores the times of
//! its decisions; a wall clock keeps them meaningful across a host restart, where a "since the
//! room opened" clock would start again at zero.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use service_arena_core::engine::{Compiled, ScoringConfig, Text};
use service_arena_core::room::{ProjectorView, RoomError, TrainerCmd};

mod actor;
mod conn;
mod http;
mod wire;

pub use wire::ServerMsg;

/// Limits every connection lives within. The defaults are the documented ones
/// (docs/workshop.md, "The room"); tests lower the timeouts or raise the rate to run quickly.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest message (and frame) a device may send, in bytes: larger → `too_big`, then closed.
    pub max_message: usize,
    /// Sustained messages per second per connection; more → `error rate`.
    pub rate_per_sec: f64,
    /// Messages a connection may send at once before the rate applies.
    pub burst: f64,
    /// Rate errors after which the connection is closed.
    pub rate_strikes: u32,
    /// Connections at most (devices; a phone reconnecting takes a new one briefly).
    pub max_connections: usize,
    /// A socket silent this long is dropped (the page pings every 10 s). The seat stays held.
    pub idle: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_message: 4096,
            rate_per_sec: 20.0,
            burst: 40.0,
            rate_strikes: 50,
            max_connections: 400,
            idle: Duration::from_secs(30),
        }
    }
}

/// What a room needs to open.
pub struct RoomOptions {
    /// The SQLite database holding the workshop (the room's log is stored there too).
    pub db: PathBuf,
    /// The stored workshop's id.
    pub workshop: i64,
    /// The workshop's scenarios, one per round, compiled.
    pub scenarios: Vec<Arc<Compiled>>,
    pub scoring: ScoringConfig,
    /// IP and port to listen on; port 0 = any free port. Use an address of the interface the
    /// trainer chose ([`lan_addresses`]); tests use 127.0.0.1.
    pub bind: SocketAddr,
    pub limits: Limits,
}

/// Why a room could not open. `Display` gives Chinese and English.
#[derive(Debug)]
pub enum ServerError {
    /// The port is taken by another program (or another room).
    PortTaken(SocketAddr),
    /// The IP is not one of this machine's addresses.
    NotHere(SocketAddr),
    /// Any other failure to listen.
    Bind(SocketAddr, std::io::Error),
    /// The database or the room could not be opened.
    Room(RoomError),
    /// The store could not be opened.
    Store(String),
    /// The OS random number generator failed (tokens cannot be made).
    Random(String),
    /// The server's threads could not be started.
    Thread(std::io::Error),
}

impl ServerError {
    /// The message in both languages (the game and the CLI show the chosen one).
    pub fn text(&self) -> Text {
        match self {
            ServerError::PortTaken(a) => Text::new(
                format!("端口 {} 已被占用，请换一个端口（或用 0 自动选择）。", a.port()),
                format!(
                    "port {} is already in use: choose another (or 0 for any free port)",
                    a.port()
                ),
            ),
            ServerError::NotHere(a) => Text::new(
                format!("{} 不是本机的地址，请选择本机的网络接口。", a.ip()),
                format!(
                    "{} is not an address of this machine: choose one of its network interfaces",
                    a.ip()
                ),
            ),
            ServerError::Bind(a, e) => {
                Text::new(format!("无法在 {a} 上监听：{e}"), format!("cannot listen on {a}: {e}"))
            }
            ServerError::Room(e) => e.text(),
            ServerError::Store(e) => {
                Text::new(format!("无法打开数据库：{e}"), format!("cannot open the database: {e}"))
            }
            ServerError::Random(e) => Text::new(
                format!("系统随机数不可用：{e}"),
                format!("the system's random number generator failed: {e}"),
            ),
            ServerError::Thread(e) => Text::new(
                format!("无法启动服务线程：{e}"),
                format!("cannot start the server's threads: {e}"),
            ),
        }
    }
}

/// Both languages, for logs: "中文 / English".
impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = self.text();
        write!(f, "{} / {}", t.zh, t.en)
    }
}

impl std::error::Error for ServerError {}

/// What the connections watch. A choice changes only its own team's view unless it changes the
/// room's phase (the round completes: the reveal), so a choice bumps that team's counter and
/// everything else bumps `all`; a connection recomputes its view when `all` or its team's counter
/// moved. Counters, not flags, so that changes coalesced by the watch are never missed.
#[derive(Clone, Debug, Default)]
pub(crate) struct Versions {
    /// Every accepted change.
    pub total: u64,
    pub all: u64,
    pub teams: Arc<Vec<u64>>,
}

impl Versions {
    pub fn team(&self, team: usize) -> u64 {
        self.teams.get(team).copied().unwrap_or(0)
    }
}

/// State shared by the handle, the actor and the connections.
pub(crate) struct Shared {
    pub code: String,
    pub trainer_key: String,
    pub limits: Limits,
    /// Latest projector view (without the server's `connected` and `reach`, added on read).
    pub projector: Mutex<Arc<ProjectorView>>,
    /// Bumped by the actor after every accepted change; every connection watches it.
    pub version: tokio::sync::watch::Sender<Versions>,
    /// Bumped when a device connects, takes a seat or leaves, or opens `/check` (the projector's
    /// dots and reach count; no device's view depends on it).
    pub presence: AtomicU64,
    /// Open WebSocket connections.
    pub connections: AtomicUsize,
    /// Which team each authenticated connection plays for (connection id → team index).
    pub seated: Mutex<HashMap<u64, usize>>,
    pub next_conn: AtomicU64,
    /// When devices opened `/check` (the last minute is counted).
    pub reach: Mutex<VecDeque<Instant>>,
}

impl Shared {
    /// A change that may concern every device.
    pub fn bump(&self) {
        self.version.send_modify(|v| {
            v.total += 1;
            v.all += 1;
        });
    }

    /// A change that concerns only team `team`'s devices (its own choice).
    pub fn bump_team(&self, team: usize) {
        self.version.send_modify(|v| {
            v.total += 1;
            let teams = Arc::make_mut(&mut v.teams);
            if teams.len() <= team {
                teams.resize(team + 1, 0);
            }
            teams[team] += 1;
        });
    }

    pub fn moved(&self) {
        self.presence.fetch_add(1, Ordering::Relaxed);
    }

    pub fn reach_count(&self) -> usize {
        let mut q = self.reach.lock().unwrap();
        let now = Instant::now();
        while q
            .front()
            .is_some_and(|t| now.duration_since(*t) > Duration::from_secs(60))
        {
            q.pop_front();
        }
        q.len()
    }
}

/// An open room: listening until [`RoomServer::close`] or drop.
pub struct RoomServer {
    shared: Arc<Shared>,
    addr: SocketAddr,
    requests: mpsc::Sender<actor::Req>,
    stop: Option<tokio::sync::watch::Sender<bool>>,
    net: Option<JoinHandle<()>>,
    actor: Option<JoinHandle<()>>,
}

impl RoomServer {
    /// Binds first (a clear error if the port is taken or the address is not this machine's), then
    /// opens the stored room and serves it.
    pub fn open(opts: RoomOptions) -> Result<RoomServer, ServerError> {
        let listener = bind(opts.bind)?;
        let addr = listener.local_addr().map_err(|e| ServerError::Bind(opts.bind, e))?;
        let store = service_arena_core::store::Store::open(&opts.db).map_err(|e| ServerError::Store(e.to_string()))?;
        let host = service_arena_core::room::Host::open(
            store,
            opts.workshop,
            &opts.scenarios,
            opts.scoring,
            &join_code()?,
            &token()?,
            now_ms(),
        )
        .map_err(ServerError::Room)?;
        let projector = host.projector();
        let (version, _) = tokio::sync::watch::channel(Versions::default());
        let shared = Arc::new(Shared {
            code: host.code().to_string(),
            trainer_key: host.trainer_key().to_string(),
            limits: opts.limits,
            projector: Mutex::new(Arc::new(projector)),
            version,
            presence: AtomicU64::new(0),
            connections: AtomicUsize::new(0),
            seated: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(1),
            reach: Mutex::new(VecDeque::new()),
        });
        let (requests, rx) = mpsc::channel();
        let actor = actor::spawn(host, rx, shared.clone()).map_err(ServerError::Thread)?;
        let (stop, stop_rx) = tokio::sync::watch::channel(false);
        let net = http::spawn(listener, shared.clone(), requests.clone(), stop_rx).map_err(ServerError::Thread)?;
        Ok(RoomServer {
            shared,
            addr,
            requests,
            stop: Some(stop),
            net: Some(net),
            actor: Some(actor),
        })
    }

    /// The address teams open: `http://IP:PORT/?code=CODE` (an IP, never a `.local` name: the bound
    /// one, or for a room listening on every interface the first LAN address).
    pub fn url(&self) -> String {
        format!("http://{}/?code={}", self.reachable(), self.shared.code)
    }

    /// The reach-check page's address (`/check`).
    pub fn check_url(&self) -> String {
        format!("http://{}/check", self.reachable())
    }

    /// IP:PORT as the teams type it.
    fn reachable(&self) -> String {
        let ip = match self.addr.ip() {
            ip if ip.is_unspecified() => lan_addresses()
                .into_iter()
                .map(|(_, ip)| ip)
                .find(|ip| !ip.is_loopback())
                .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST)),
            ip => ip,
        };
        let host = match ip {
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) => ip.to_string(),
        };
        format!("{host}:{}", self.addr.port())
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The join code shown on the projector.
    pub fn code(&self) -> &str {
        &self.shared.code
    }

    /// The trainer key (shown only in the host's window).
    pub fn trainer_key(&self) -> &str {
        &self.shared.trainer_key
    }

    /// The latest projector view, with which teams have a device connected and the reach count.
    pub fn projector(&self) -> ProjectorView {
        let mut view = (**self.shared.projector.lock().unwrap()).clone();
        let seated = self.connected_teams();
        for t in &mut view.teams {
            t.connected = seated.contains(&t.index);
        }
        view.reach = self.shared.reach_count();
        view
    }

    /// Bumps on every accepted change and whenever a device connects or leaves.
    pub fn version(&self) -> u64 {
        self.shared.version.borrow().total + self.shared.presence.load(Ordering::Relaxed)
    }

    /// A trainer command (blocking, short: one store write, after the messages already queued).
    pub fn trainer(&self, cmd: TrainerCmd) -> Result<(), RoomError> {
        self.trainer_later(cmd).recv().unwrap_or_else(|_| Err(actor::gone()))
    }

    /// A trainer command without waiting: the answer arrives on the returned channel (a window
    /// polls it with `try_recv` each frame instead of blocking its frame on a busy room).
    pub fn trainer_later(&self, cmd: TrainerCmd) -> mpsc::Receiver<Result<(), RoomError>> {
        let (tx, rx) = mpsc::sync_channel(1);
        if let Err(mpsc::SendError(actor::Req::Trainer { reply, .. })) =
            self.requests.send(actor::Req::Trainer { cmd, reply: tx })
        {
            let _ = reply.send(Err(actor::gone()));
        }
        rx
    }

    /// Team indices with at least one device connected now.
    pub fn connected_teams(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self.shared.seated.lock().unwrap().values().copied().collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Open WebSocket connections.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::Relaxed)
    }

    /// Devices that opened `/check` in the last minute.
    pub fn reach_checks(&self) -> usize {
        self.shared.reach_count()
    }

    /// Stops listening, closes every connection, then closes the store. Idempotent.
    pub fn close(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
        if let Some(net) = self.net.take() {
            let _ = net.join();
        }
        let _ = self.requests.send(actor::Req::Stop);
        if let Some(actor) = self.actor.take() {
            let _ = actor.join();
        }
    }
}

impl Drop for RoomServer {
    fn drop(&mut self) {
        self.close();
    }
}

fn bind(addr: SocketAddr) -> Result<std::net::TcpListener, ServerError> {
    let l = std::net::TcpListener::bind(addr).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => ServerError::PortTaken(addr),
        std::io::ErrorKind::AddrNotAvailable => ServerError::NotHere(addr),
        _ => ServerError::Bind(addr, e),
    })?;
    l.set_nonblocking(true).map_err(|e| ServerError::Bind(addr, e))?;
    Ok(l)
}

/// The machine's IPv4 addresses with their interface names, loopback last, so the trainer picks
/// the interface the teams' network reaches (`if-addrs`: a thin wrapper over `getifaddrs` /
/// `GetAdaptersAddresses`, no async runtime, no netlink crate).
pub fn lan_addresses() -> Vec<(String, IpAddr)> {
    let mut out: Vec<(String, IpAddr)> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter(|i| i.ip().is_ipv4())
        .map(|i| (i.name.clone(), i.ip()))
        .collect();
    out.sort_by_key(|(name, ip)| (ip.is_loopback(), name.clone()));
    out
}

/// Wall-clock milliseconds since the Unix epoch: the room's clock.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// 128 bits from the OS random number generator as 32 lowercase hex characters.
pub fn token() -> Result<String, ServerError> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| ServerError::Random(e.to_string()))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// A four-character join code without look-alikes (no 0/O, 1/I/L).
fn join_code() -> Result<String, ServerError> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut b = [0u8; 4];
    getrandom::fill(&mut b).map_err(|e| ServerError::Random(e.to_string()))?;
    Ok(b.iter()
        .map(|x| ALPHABET[*x as usize % ALPHABET.len()] as char)
        .collect())
}
