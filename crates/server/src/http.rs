//! HTTP: `GET /` the team page, `GET /check` the reach check, `GET /ws` the WebSocket; anything
//! else is 404. Runs on its own thread with a current-thread tokio runtime.

use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::{Shared, actor::Req};

#[derive(Clone)]
struct App {
    shared: Arc<Shared>,
    requests: mpsc::Sender<Req>,
    stop: tokio::sync::watch::Receiver<bool>,
}

pub(crate) fn spawn(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    requests: mpsc::Sender<Req>,
    stop: tokio::sync::watch::Receiver<bool>,
) -> std::io::Result<JoinHandle<()>> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    std::thread::Builder::new().name("room-net".into()).spawn(move || {
        rt.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                return;
            };
            let app = App {
                shared: shared.clone(),
                requests,
                stop: stop.clone(),
            };
            let router = Router::new()
                .route("/", get(page))
                .route("/check", get(check))
                .route("/ws", get(ws))
                .fallback(not_found)
                .with_state(app);
            let mut stop2 = stop.clone();
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(async move {
                    let _ = stop2.wait_for(|s| *s).await;
                })
                .await;
            // The connections saw the same signal and are closing their sockets: give them a moment.
            let until = Instant::now() + Duration::from_secs(1);
            while shared.connections.load(Ordering::Relaxed) > 0 && Instant::now() < until {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        });
    })
}

/// The team page: one HTML file with its style and script inlined (no build step, no CDN).
fn page_html() -> &'static str {
    static PAGE: OnceLock<String> = OnceLock::new();
    PAGE.get_or_init(|| {
        include_str!("page/index.html")
            .replace("/*STYLE*/", include_str!("page/style.css"))
            .replace("/*SCRIPT*/", include_str!("page/app.js"))
    })
}

fn html(body: &'static str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
        ],
        body,
    )
        .into_response()
}

async fn page() -> Response {
    html(page_html())
}

const CHECK: &str = r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>客服擂台 · Service Arena</title>
<style>body{font-family:system-ui,sans-serif;background:#10243e;color:#fff;display:flex;min-height:100vh;margin:0;align-items:center;justify-content:center;text-align:center}
h1{font-size:2rem;margin:.3em}p{font-size:1.2rem;opacity:.85}</style></head>
<body><main><h1>✓ 你能连到讲师的电脑</h1><p>You can reach the trainer's computer.</p>
<p>请回到投影，打开上面的地址加入。<br>Go back to the projector and open the address shown there to join.</p></main></body></html>"#;

async fn check(State(app): State<App>) -> Response {
    app.shared.reach.lock().unwrap().push_back(Instant::now());
    app.shared.moved();
    html(CHECK)
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "404 没有这个页面 / not found").into_response()
}

/// Refuses a page of another site opening a socket from the device's browser: the `Origin`, when
/// sent, must be this server.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    origin.strip_prefix("http://").is_some_and(|o| o == host)
}

async fn ws(State(app): State<App>, headers: HeaderMap, upgrade: WebSocketUpgrade) -> Response {
    if !same_origin(&headers) {
        return (
            StatusCode::FORBIDDEN,
            "403 其他网站不能连接本房间 / another site may not connect to this room",
        )
            .into_response();
    }
    let limits = &app.shared.limits;
    // Counted here (not when the socket is running) so a burst of upgrades cannot overshoot.
    let n = app.shared.connections.fetch_add(1, Ordering::SeqCst);
    if n >= limits.max_connections {
        app.shared.connections.fetch_sub(1, Ordering::SeqCst);
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "503 房间连接已满 / the room has too many connections",
        )
            .into_response();
    }
    let guard = crate::conn::Counted(app.shared.clone());
    upgrade
        .max_message_size(limits.max_message)
        .max_frame_size(limits.max_message)
        .on_failed_upgrade(|_| {})
        .on_upgrade(move |socket| crate::conn::run(socket, guard, app.requests, app.stop))
}
