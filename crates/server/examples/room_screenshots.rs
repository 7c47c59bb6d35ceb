//! Screenshots of the team page (docs/screenshots/room-*.png): a room on 127.0.0.1 with five
//! rival teams played by WebSocket clients, and Debian's Chromium (headless, via ChromeDriver) as
//! one team's device, at phone (390×844) and laptop (1366×768) sizes, in Chinese and English, and
//! with large text (the page zoomed 150 %): the lobby, the waiting screen, mid-call, the reveal.
//!
//! Run by `scripts/room-screenshots.sh` (`cargo run -p service-arena-server --example
//! room_screenshots -- OUT_DIR`).

#[path = "../tests/it/common.rs"]
#[allow(dead_code)]
mod common;
#[path = "../tests/it/webdriver.rs"]
#[allow(dead_code)]
mod webdriver;

use std::path::{Path, PathBuf};

use common::*;
use fantoccini::Client as Browser;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use service_arena_core::room::TrainerCmd;
use service_arena_core::workshop::Pacing;
use webdriver::*;

struct Shot {
    device: &'static str,
    width: u32,
    height: u32,
    lang: &'static str,
    zoom: f32,
}

const RIVALS: [&str; 5] = ["雄鹰队", "闪电队", "Blue Whales", "星火队", "凌云队"];

async fn save(c: &Browser, out: &Path, shot: &Shot, what: &str) {
    // Let the fonts and the last state settle.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let png = c.screenshot().await.unwrap();
    let large = if shot.zoom > 1.0 { "-large" } else { "" };
    let file = out.join(format!("room-{}-{}{large}-{what}.png", shot.device, shot.lang));
    std::fs::write(&file, png).unwrap();
    println!("{}", file.display());
}

async fn settle(c: &Browser, shot: &Shot) {
    if shot.zoom > 1.0 {
        c.execute(&format!("document.body.style.zoom = '{}'", shot.zoom), vec![])
            .await
            .unwrap();
    }
}

async fn run(driver: &Driver, shot: Shot, out: &Path) {
    let dir = temp_dir("shots");
    let (db, id) = workshop(&dir, 3, Pacing::Free);
    let room = open(&db, id, fast());
    let mut rivals = Vec::new();
    for name in RIVALS {
        let mut c = Client::connect(room.addr()).await;
        c.hello(room.code()).await;
        c.create(name).await;
        rivals.push(c);
    }

    let c = driver.session(shot.width, shot.height).await;
    c.goto(&room.url()).await.unwrap();
    c.execute(&format!("localStorage.setItem('sa-lang', '{}')", shot.lang), vec![])
        .await
        .unwrap();
    c.refresh().await.unwrap();
    until(&c, "the create form", "return document.getElementById('f-name')").await;
    settle(&c, &shot).await;
    let (name, slogan) = if shot.lang == "zh" {
        ("飞虎队", "客户满意，我们满意")
    } else {
        ("Flying Tigers", "Happy customers, happy us")
    };
    type_into(&c, "#f-name", name).await;
    type_into(&c, "#f-slogan", slogan).await;
    for (i, m) in ["李娜", "王强", "张敏"].iter().enumerate() {
        type_into(&c, &format!("#f-m{i}"), m).await;
    }
    save(&c, out, &shot, "lobby").await;
    click(&c, "#f-create").await;
    until(&c, "the waiting screen", "return document.querySelector('.team-name')").await;
    save(&c, out, &shot, "ready").await;

    room.trainer(TrainerCmd::StartRound).unwrap();
    // The rivals play their calls to the end with seeded random choices.
    for (i, r) in rivals.iter_mut().enumerate() {
        let mut rng = ChaCha8Rng::seed_from_u64(i as u64);
        r.state_where(|s| s["phase"] == "playing").await;
        while r.state["phase"] == "playing" {
            let turn = r.state["call"]["turn"].clone();
            let n = r.state["call"]["options"].as_array().unwrap().len();
            r.choose(rng.random_range(0..n)).await;
            r.state_where(|s| s["phase"] != "playing" || s["call"]["turn"] != turn)
                .await;
        }
    }
    let path = long_path(1, 3);
    for (made, o) in path.iter().enumerate().take(2) {
        until(&c, "the options", OPTIONS).await;
        click(&c, &format!("button.option[data-option='{o}']")).await;
        until(
            &c,
            "the answer",
            &format!(
                "return document.querySelectorAll('.line.agent').length === {}",
                made + 1
            ),
        )
        .await;
    }
    until(&c, "the options", OPTIONS).await;
    settle(&c, &shot).await;
    save(&c, out, &shot, "call").await;
    loop {
        let s = until(&c, "the next decision or the reveal", "return document.querySelector('table') ? 'reveal' : (document.querySelectorAll('button.option:not([disabled])').length ? 'next' : '')").await;
        if s == "reveal" {
            break;
        }
        let n = c.execute(AGENT_LINES, vec![]).await.unwrap();
        click(
            &c,
            &format!("button.option[data-option='{}']", if n == 2 { path[2] } else { 0 }),
        )
        .await;
        until(
            &c,
            "the answer",
            &format!("return document.querySelector('table') || document.querySelectorAll('.line.agent').length > {n}"),
        )
        .await;
    }
    settle(&c, &shot).await;
    save(&c, out, &shot, "reveal").await;
    c.execute(
        "document.querySelector('.bar-row').scrollIntoView({block: 'center'})",
        vec![],
    )
    .await
    .unwrap();
    save(&c, out, &shot, "reveal-decisions").await;
    c.close().await.unwrap();
    drop(room);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "docs/screenshots".into()));
    std::fs::create_dir_all(&out).unwrap();
    let driver = Driver::start();
    let shots = [
        Shot {
            device: "phone",
            width: 390,
            height: 844,
            lang: "zh",
            zoom: 1.0,
        },
        Shot {
            device: "phone",
            width: 390,
            height: 844,
            lang: "en",
            zoom: 1.0,
        },
        Shot {
            device: "laptop",
            width: 1366,
            height: 768,
            lang: "zh",
            zoom: 1.0,
        },
        Shot {
            device: "laptop",
            width: 1366,
            height: 768,
            lang: "en",
            zoom: 1.0,
        },
        Shot {
            device: "phone",
            width: 390,
            height: 844,
            lang: "zh",
            zoom: 1.5,
        },
    ];
    for s in shots {
        run(&driver, s, &out).await;
    }
}
