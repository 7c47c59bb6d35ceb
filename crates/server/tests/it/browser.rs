//! A real browser: Debian's Chromium, headless, through ChromeDriver, against the room on
//! 127.0.0.1. Opens the QR's URL (code prefilled), creates a team, plays a whole call, reloads in
//! the middle and resumes, sees the reveal, then loses its seat to the trainer's release; one
//! browser session (2 cores).

use serde_json::json;
use service_arena_core::room::TrainerCmd;
use service_arena_core::workshop::Pacing;
use service_arena_server::Limits;

use crate::common::*;
use crate::webdriver::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_joins_creates_a_team_plays_a_call_reloads_mid_call_and_sees_the_reveal() {
    let dir = temp_dir("browser");
    let (db, id) = workshop(&dir, 1, Pacing::Free);
    let room = open(&db, id, Limits::default());
    let driver = Driver::start();
    let c = driver.session(390, 844).await;

    // The QR's URL carries the code: the page joins by itself and shows the lobby.
    c.goto(&room.url()).await.unwrap();
    until(&c, "the create form", "return document.getElementById('f-name')").await;
    let lang = until(&c, "the page's language", "return document.documentElement.lang").await;
    assert_eq!(lang, "zh-CN", "Chinese by default");
    type_into(&c, "#f-name", "飞虎队").await;
    type_into(&c, "#f-slogan", "客户满意，我们满意").await;
    // A rival team (a WebSocket client) arrives while this one is typing: the list of teams
    // updates, the form keeps its focus and text.
    let mut rival = Client::connect(room.addr()).await;
    rival.hello(room.code()).await;
    rival.create("雄鹰队").await;
    until(
        &c,
        "the rival in the list",
        "return document.body.innerText.includes('雄鹰队')",
    )
    .await;
    let kept = c
        .execute("return [document.activeElement.id, document.getElementById('f-name').value, document.getElementById('f-slogan').value]", vec![])
        .await
        .unwrap();
    assert_eq!(kept, json!(["f-slogan", "飞虎队", "客户满意，我们满意"]));
    type_into(&c, "#f-m0", "李娜").await;
    type_into(&c, "#f-m1", "王强").await;
    click(&c, "#f-create").await;
    until(
        &c,
        "the waiting screen",
        "return document.querySelector('.team-name')?.textContent === '飞虎队'",
    )
    .await;
    let page = c.execute("return document.body.innerText", vec![]).await.unwrap();
    let page = page.as_str().unwrap();
    assert!(
        page.contains("客户满意，我们满意") && page.contains("队长") && page.contains("李娜"),
        "{page}"
    );
    eventually("the projector greets the team", || {
        let p = room.projector();
        p.teams.len() == 2 && p.teams.iter().any(|t| t.connected && t.name == "飞虎队")
    })
    .await;
    let token = until(
        &c,
        "the stored token",
        &format!("return localStorage.getItem('sa-token-{}')", room.code()),
    )
    .await;
    assert_eq!(token.as_str().unwrap().len(), 32);

    // The rival finishes its call first.
    room.trainer(TrainerCmd::StartRound).unwrap();
    rival.state_where(|s| s["phase"] == "playing").await;
    loop {
        let s = rival.state.clone();
        if s["phase"] != "playing" {
            break;
        }
        let turn = s["call"]["turn"].as_u64().unwrap();
        rival.choose(0).await;
        rival
            .state_where(|s| s["phase"] != "playing" || s["call"]["turn"].as_u64() != Some(turn))
            .await;
    }
    assert_eq!(
        rival.state["phase"], "called",
        "no score for a team done early: {}",
        rival.state
    );

    // The browser plays: three decisions along a path that keeps the call going.
    let path = long_path(1, 3);
    until(&c, "the options", OPTIONS).await;
    let briefing = c
        .execute("return document.querySelector('details').innerText", vec![])
        .await
        .unwrap();
    assert!(!briefing.as_str().unwrap().is_empty());
    let timer = until(
        &c,
        "the discussion timer",
        "return document.getElementById('timer')?.textContent",
    )
    .await;
    assert!(timer.as_str().unwrap().contains(':'), "{timer}");
    for (made, o) in path.iter().enumerate().take(2) {
        click(&c, &format!("button.option[data-option='{o}']")).await;
        until(&c, "the customer's answer", &format!("return document.querySelectorAll('.line.agent').length === {} && document.querySelectorAll('button.option:not([disabled])').length > 0", made + 1)).await;
    }
    let transcript = c
        .execute("return document.querySelector('.transcript').innerText", vec![])
        .await
        .unwrap();

    // Reload mid-call: the same call at the same decision.
    c.refresh().await.unwrap();
    until(&c, "the options after the reload", OPTIONS).await;
    let agent = c.execute(AGENT_LINES, vec![]).await.unwrap();
    assert_eq!(agent, json!(2), "resumed after two decisions");
    let again = c
        .execute("return document.querySelector('.transcript').innerText", vec![])
        .await
        .unwrap();
    assert_eq!(again, transcript, "same transcript after the reload");
    assert_eq!(
        room.projector().teams.iter().find(|t| t.name == "飞虎队").unwrap().turn,
        2
    );

    // Switch to English (remembered), then play to the end.
    click(&c, "#lang").await;
    until(
        &c,
        "English",
        "return document.documentElement.lang === 'en' && document.body.innerText.includes('Round 1/1')",
    )
    .await;
    click(&c, &format!("button.option[data-option='{}']", path[2])).await;
    let mut made = 3;
    loop {
        let state = until(
            &c,
            "the next decision or the end",
            &format!("return document.querySelector('table') ? 'reveal' : (document.querySelectorAll('.line.agent').length === {made} && document.querySelectorAll('button.option:not([disabled])').length > 0 ? 'next' : '')"),
        )
        .await;
        if state == "reveal" {
            break;
        }
        click(&c, "button.option[data-option='0']").await;
        made += 1;
        assert!(made < 60, "the call ends");
    }
    let page = c.execute("return document.body.innerText", vec![]).await.unwrap();
    let page = page.as_str().unwrap().to_string();
    assert!(
        page.contains("Round 1 results") && page.contains("飞虎队") && page.contains("雄鹰队"),
        "{page}"
    );
    assert!(page.contains("course's best"), "the best option is marked: {page}");
    assert!(
        page.contains("Overall champion: ") && page.contains("Highest score: "),
        "one round: the workshop's champion and the highest score, with English colons: {page}"
    );
    assert!(!page.contains("："), "no full-width colon on the English page: {page}");
    let stored = c
        .execute("return localStorage.getItem('sa-lang')", vec![])
        .await
        .unwrap();
    assert_eq!(stored, "en");
    assert_eq!(room.projector().phase, "finished");

    // The trainer releases the seat: the page says so, forgets the token and shows the lobby.
    let team = room
        .projector()
        .teams
        .iter()
        .find(|t| t.name == "飞虎队")
        .unwrap()
        .index;
    room.trainer(TrainerCmd::Release { team }).unwrap();
    until(&c, "the released seat", "return document.querySelector('.notice') && document.getElementById('f-name') && document.body.innerText.includes('no longer holds')").await;
    let token = c
        .execute(
            &format!("return localStorage.getItem('sa-token-{}')", room.code()),
            vec![],
        )
        .await
        .unwrap();
    assert!(token.is_null(), "the token is forgotten: {token}");
    c.close().await.unwrap();
    drop(room);
    let _ = std::fs::remove_dir_all(&dir);
}
