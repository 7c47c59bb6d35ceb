//! The transport's limits and the handle's guarantees: rate, idle sockets, connection count, the
//! HTTP routes, the listener's lifetime, bind errors.

use std::io::{Read, Write};
use std::time::Duration;

use futures_util::SinkExt;
use serde_json::json;
use service_arena_core::workshop::Pacing;
use service_arena_server::{Limits, RoomServer, ServerError};
use tokio_tungstenite::tungstenite::Message;

use crate::common::*;

/// A plain HTTP/1.0 GET on loopback: (status line, body).
fn get(addr: std::net::SocketAddr, path: &str) -> (String, String) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out.lines().next().unwrap_or("").to_string();
    let body = out.split_once("\r\n\r\n").map(|x| x.1.to_string()).unwrap_or_default();
    (status, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_messages_get_rate_errors_then_the_socket_is_closed() {
    let dir = temp_dir("rate");
    let (db, id) = workshop(&dir, 1, Pacing::Free);
    let room = open(&db, id, Limits::default());
    let mut c = Client::connect(room.addr()).await;
    c.hello(room.code()).await;
    // A burst well past 40: all sent at once, before any reply is read.
    // The server may close the socket while these are still going out: stop sending then.
    for _ in 0..200 {
        let ping = Message::Text(json!({"type": "ping"}).to_string().into());
        if c.ws.send(ping).await.is_err() {
            break;
        }
    }
    let (mut pongs, mut rate) = (0, 0);
    // Read until the server closes the socket (a timeout here fails the test).
    while let Some(m) = c.next().await {
        match m["type"].as_str().unwrap() {
            "pong" => pongs += 1,
            "error" => {
                assert_eq!(m["code"], "rate", "{m}");
                rate += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    // The burst (40, less the hello, plus what refilled meanwhile) passes; then the rate errors, and after
    // `rate_strikes` of them the socket is closed.
    assert!((39..60).contains(&pongs), "pongs {pongs}, rate errors {rate}");
    // (Replies still in flight when the server resets the socket may be lost, so the count of
    // rate errors is bounded, not exact; that the socket closed is what the loop above shows.)
    assert!(
        (1..=Limits::default().rate_strikes as usize + 1).contains(&rate),
        "pongs {pongs}, rate errors {rate}"
    );

    // A polite device (well under 20 a second) is never limited.
    let mut p = Client::connect(room.addr()).await;
    p.hello(room.code()).await;
    for _ in 0..30 {
        p.send(json!({"type": "ping"})).await;
        assert_eq!(p.expect().await["type"], "pong");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    drop(room);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_socket_is_dropped_but_its_seat_stays_held() {
    let dir = temp_dir("idle");
    let (db, id) = workshop(&dir, 1, Pacing::Free);
    let room = open(
        &db,
        id,
        Limits {
            idle: Duration::from_millis(400),
            ..fast()
        },
    );
    let mut c = Client::connect(room.addr()).await;
    c.hello(room.code()).await;
    let team = c.create("飞虎队").await;
    let t0 = std::time::Instant::now();
    // Say nothing: the server closes the socket.
    while c.next().await.is_some() {}
    assert!(t0.elapsed() >= Duration::from_millis(350));
    eventually("no connection left", || room.connections() == 0).await;
    let p = room.projector();
    assert!(p.teams[team].seated && !p.teams[team].connected);
    let mut b = Client::connect(room.addr()).await;
    b.hello(room.code()).await;
    b.send(json!({"type": "claim", "team": team})).await;
    assert_eq!(b.until("error").await["code"], "seat_held");
    drop(room);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_past_the_limit_are_refused() {
    let dir = temp_dir("max");
    let (db, id) = workshop(&dir, 1, Pacing::Free);
    let room = open(
        &db,
        id,
        Limits {
            max_connections: 3,
            ..fast()
        },
    );
    let mut open_ones = Vec::new();
    for _ in 0..3 {
        let mut c = Client::connect(room.addr()).await;
        c.hello(room.code()).await;
        open_ones.push(c);
    }
    let url = format!("ws://{}/ws", room.addr());
    let refused = tokio::time::timeout(WAIT, tokio_tungstenite::connect_async(url))
        .await
        .unwrap();
    match refused {
        Err(tokio_tungstenite::tungstenite::Error::Http(r)) => assert_eq!(r.status(), 503),
        other => panic!("expected 503, got {:?}", other.map(|_| ())),
    }
    drop(open_ones);
    eventually("places freed", || room.connections() == 0).await;
    let mut c = Client::connect(room.addr()).await;
    c.hello(room.code()).await;
    drop(room);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn http_routes_the_page_the_check_and_nothing_else() {
    let dir = temp_dir("http");
    let (db, id) = workshop(&dir, 1, Pacing::Free);
    let room = open(&db, id, fast());
    let (status, body) = get(room.addr(), "/");
    assert!(status.contains("200"), "{status}");
    assert!(
        body.contains("客服擂台") && body.contains("new WebSocket"),
        "the page with its script inlined"
    );
    assert!(!body.contains("/*SCRIPT*/") && !body.contains("/*STYLE*/"));
    assert!(
        !body.contains("randomUUID") && !body.contains("serviceWorker"),
        "works on plain http"
    );
    assert_eq!(room.reach_checks(), 0);
    let (status, body) = get(room.addr(), "/check");
    assert!(status.contains("200") && body.contains("你能连到讲师的电脑") && body.contains("You can reach"));
    get(room.addr(), "/check?again");
    assert_eq!(room.reach_checks(), 2);
    assert_eq!(room.projector().reach, 2);
    for path in ["/index.html", "/ws/x", "/../etc/passwd", "/favicon.ico"] {
        let (status, _) = get(room.addr(), path);
        assert!(status.contains("404"), "{path}: {status}");
    }
    let url = room.url();
    assert_eq!(url, format!("http://{}/?code={}", room.addr(), room.code()));
    assert_eq!(room.check_url(), format!("http://{}/check", room.addr()));
    assert_eq!(room.code().len(), 4);
    assert_eq!(room.trainer_key().len(), 32);
    drop(room);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_room_listens_only_while_open_and_bind_errors_are_bilingual() {
    let dir = temp_dir("bind");
    let (db, id) = workshop(&dir, 1, Pacing::Free);
    let mut room = open(&db, id, fast());
    let addr = room.addr();
    // The port is taken: by this room.
    let mut o = options(&db, id, fast());
    o.bind = addr;
    let e = RoomServer::open(o).err().expect("port taken");
    assert!(matches!(e, ServerError::PortTaken(_)), "{e:?}");
    let msg = e.to_string();
    assert!(msg.contains("已被占用") && msg.contains("already in use"), "{msg}");
    room.close();
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "nothing listens once the room is closed"
    );
    room.close();

    // An address that is not this machine's (documentation ranges, never routed): binding fails.
    let mine: Vec<std::net::IpAddr> = service_arena_server::lan_addresses()
        .into_iter()
        .map(|(_, ip)| ip)
        .collect();
    let foreign: std::net::IpAddr = ["203.0.113.77", "198.51.100.77", "192.0.2.177"]
        .iter()
        .map(|s| s.parse().unwrap())
        .find(|ip| !mine.contains(ip))
        .unwrap();
    let mut o = options(&db, id, fast());
    o.bind = std::net::SocketAddr::new(foreign, 0);
    let e = RoomServer::open(o).err().expect("not this machine's address");
    assert!(matches!(e, ServerError::NotHere(_)), "{e:?}");
    assert!(e.to_string().contains("不是本机的地址") && e.to_string().contains("not an address of this machine"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn lan_addresses_lists_ipv4_interfaces_with_loopback_last() {
    let list = service_arena_server::lan_addresses();
    assert!(list.iter().any(|(_, ip)| ip.is_loopback()), "{list:?}");
    assert!(list.iter().all(|(name, ip)| ip.is_ipv4() && !name.is_empty()));
    let first_loopback = list.iter().position(|(_, ip)| ip.is_loopback()).unwrap();
    assert!(list[first_loopback..].iter().all(|(_, ip)| ip.is_loopback()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_socket_opened_from_another_sites_page_is_refused() {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let dir = temp_dir("origin");
    let (db, id) = workshop(&dir, 1, Pacing::Free);
    let room = open(&db, id, fast());
    let connect = |origin: String| {
        let mut req = format!("ws://{}/ws", room.addr()).into_client_request().unwrap();
        req.headers_mut().insert("origin", origin.parse().unwrap());
        tokio::time::timeout(WAIT, tokio_tungstenite::connect_async(req))
    };
    match connect("http://quiz.example.com".into()).await.unwrap() {
        Err(tokio_tungstenite::tungstenite::Error::Http(r)) => assert_eq!(r.status(), 403),
        other => panic!("expected 403, got {:?}", other.map(|_| ())),
    }
    // The team page's own origin is welcome.
    assert!(connect(format!("http://{}", room.addr())).await.unwrap().is_ok());
    drop(room);
    let _ = std::fs::remove_dir_all(&dir);
}
