// The team page: one WebSocket to the host, which sends the whole view; this page only draws it
// and sends the team's own messages (docs/workshop.md, "The protocol"). Plain http on a LAN is not
// a secure context, so nothing here needs one (no random UUIDs from the browser, no service
// worker, no clipboard API): the host makes the tokens.
"use strict";

var T = {
  brand: ["客服擂台", "Service Arena"],
  join_title: ["加入房间", "Join the room"],
  join_hint: ["输入投影上显示的房间码。", "Enter the room code shown on the projector."],
  code: ["房间码", "Room code"],
  join: ["加入", "Join"],
  connecting: ["正在连接……", "Connecting…"],
  reconnecting: ["连接中断，正在重新连接……", "Connection lost, reconnecting…"],
  gave_up: ["连不上讲师的电脑。请检查 Wi-Fi 后点这里重试。", "Cannot reach the trainer's computer. Check the Wi-Fi, then tap here to retry."],
  create_title: ["创建队伍", "Create your team"],
  team_name: ["队名", "Team name"],
  slogan: ["口号", "Slogan"],
  members: ["队员", "Members"],
  member_name: ["姓名", "Name"],
  add_member: ["添加队员", "Add a member"],
  remove: ["删除", "Remove"],
  create: ["创建并加入", "Create and join"],
  claim_title: ["或者选择已有的队伍", "Or take your team"],
  claim_none: ["还没有队伍。", "No team yet."],
  held: ["已有设备", "taken"],
  locked: ["房间已锁定：讲师暂不接受新队伍。", "The room is locked: the trainer is not taking new teams."],
  need_name: ["请填写队名。", "Please enter a team name."],
  waiting: ["等待讲师开始第 {0} 轮。", "Waiting for the trainer to start round {0}."],
  round: ["第 {0}/{1} 轮", "Round {0}/{1}"],
  briefing: ["任务简报", "Briefing"],
  customer: ["客户", "Customer"],
  agent: ["我们", "Us"],
  discuss: ["讨论时间", "Discussion"],
  times_up: ["时间到，请尽快决定。", "Time is up: decide now."],
  choose_hint: ["全队讨论后，由一人点选。", "Discuss as a team, then one of you taps."],
  locked_in: ["已锁定，等待客户回应……", "Locked in, waiting for the customer…"],
  wait_trainer: ["请等待讲师放行下一个决定。", "Wait for the trainer to open the next decision."],
  paused: ["讲师已暂停。", "The trainer has paused the room."],
  call_over: ["通话结束。所有队伍完成后公布结果。", "Call over. Results when every team has finished."],
  results: ["第 {0} 轮结果", "Round {0} results"],
  rank: ["名次", "Rank"],
  team: ["队伍", "Team"],
  score: ["得分", "Score"],
  change: ["变化", "Change"],
  highest: ["最高分", "Highest score"],
  fastest: ["进步最快", "Fastest growing"],
  reward: ["奖励", "Reward"],
  penalty: ["惩罚", "Penalty"],
  decisions: ["每个决定，全场怎么选", "How the room chose, decision by decision"],
  decision: ["第 {0} 个决定", "Decision {0}"],
  best: ["课程推荐", "course's best"],
  teams_n: ["{0} 队", "{0} teams"],
  team_1: ["1 队", "1 team"],
  champion: ["总冠军", "Overall champion"],
  finished: ["工作坊结束，谢谢参与！", "The workshop is over. Thank you!"],
  sits_out: ["你们的队伍不参加本轮，下一轮开始时即可作答。", "Your team sits this round out: you play from the next round."],
  last: ["最后一名", "Last place"],
  total: ["累计", "Total"],
  next_round: ["等待讲师开始下一轮。", "Waiting for the trainer to start the next round."],
  revoked: ["这台设备已不再代表你的队伍。", "This device no longer holds your team's seat."],
  satisfaction: ["满意度", "Satisfaction"],
  anger: ["怒气", "Anger"],
  trust: ["信任", "Trust"],
  patience: ["耐心", "Patience"],
  expectation: ["期望", "Expectation"],
  role_captain: ["队长", "Captain"],
  role_vice_captain: ["副队长", "Vice-captain"],
  role_secretary: ["书记", "Secretary"],
  role_discipline_officer: ["纪律委员", "Discipline officer"],
  role_member: ["队员", "Member"]
};
var ROLES = ["captain", "vice_captain", "secretary", "discipline_officer", "member"];
var MOODS = ["satisfaction", "anger", "trust", "patience", "expectation"];

var lang = (function () { try { return localStorage.getItem("sa-lang") === "en" ? "en" : "zh"; } catch (e) { return "zh"; } })();
var params = new URLSearchParams(location.search);
var code = (params.get("code") || "").trim().toUpperCase();
var ws = null, view = null, offset = 0, attempts = 0, retryTimer = null, pingTimer = null, joined = false;
var pending = null;   // {round, turn, option} sent and not yet answered by a new state
var draft = null;     // the create form, kept across redraws
var banner = null;    // a message kept on the lobby (revoked)
var lobbyDom = null;  // the lobby as drawn: its form is kept while other teams arrive

function t(key) {
  var s = (T[key] || [key, key])[lang === "en" ? 1 : 0];
  for (var i = 1; i < arguments.length; i++) s = s.replace("{" + (i - 1) + "}", arguments[i]);
  return s;
}
function tx(text) { return text ? (text[lang] || text.zh || text.en || "") : ""; }
function store(k, v) { try { if (v === null) localStorage.removeItem(k); else localStorage.setItem(k, v); } catch (e) {} }
function load(k) { try { return localStorage.getItem(k); } catch (e) { return null; } }
function tokenKey() { return "sa-token-" + code; }

// A tiny element builder: el("div", {class: "x"}, child, "text", ...). Text is always textContent.
function el(tag, attrs) {
  var e = document.createElement(tag);
  if (attrs) for (var k in attrs) {
    if (k === "class") e.className = attrs[k];
    else if (k === "on") for (var ev in attrs.on) e.addEventListener(ev, attrs.on[ev]);
    else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) e.setAttribute(k, attrs[k]);
  }
  for (var i = 2; i < arguments.length; i++) {
    var c = arguments[i];
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) c.forEach(function (x) { if (x) e.appendChild(typeof x === "string" ? document.createTextNode(x) : x); });
    else e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return e;
}

function toast(msg) {
  var b = document.getElementById("toast");
  b.textContent = msg; b.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(function () { b.hidden = true; }, 4000);
}
function netBanner(msg, onclick) {
  var n = document.getElementById("net");
  n.hidden = !msg; n.textContent = msg || ""; n.onclick = onclick || null;
  n.style.cursor = onclick ? "pointer" : "";
}

// ---- connection ----
function connect() {
  clearTimeout(retryTimer);
  if (!code) { draw(); return; }
  var proto = location.protocol === "https:" ? "wss://" : "ws://";
  var sock = new WebSocket(proto + location.host + "/ws");
  ws = sock;
  sock.onopen = function () {
    sock.send(JSON.stringify({ type: "hello", code: code, token: load(tokenKey()) }));
    clearInterval(pingTimer);
    pingTimer = setInterval(function () { if (sock.readyState === 1) sock.send('{"type":"ping"}'); }, 10000);
  };
  sock.onmessage = function (ev) {
    var m; try { m = JSON.parse(ev.data); } catch (e) { return; }
    receive(m);
  };
  sock.onclose = function () {
    clearInterval(pingTimer);
    if (ws !== sock) return;
    ws = null; pending = null;
    if (!joined && attempts === 0 && !view) { draw(); }
    attempts++;
    if (attempts > 60) { netBanner(t("gave_up"), function () { attempts = 0; netBanner(t("connecting")); connect(); }); return; }
    netBanner(t("reconnecting"));
    retryTimer = setTimeout(connect, Math.min(10000, 500 * Math.pow(2, Math.min(attempts - 1, 5))));
  };
}

function send(obj) {
  if (ws && ws.readyState === 1) { ws.send(JSON.stringify(obj)); return true; }
  return false;
}

function receive(m) {
  if (m.type === "state") {
    attempts = 0; joined = true; netBanner(null);
    if (m.call && typeof m.call.now_ms === "number") offset = m.call.now_ms - Date.now();
    if (pending && (!m.call || m.call.turn !== pending.turn || m.round !== pending.round)) pending = null;
    view = m; draw();
    // A new decision: bring the customer's latest line (and the options under it) into view.
    var at = m.call && !m.call.over ? m.round + ":" + m.call.turn : null;
    if (at && at !== receive.at) {
      var lines = document.querySelectorAll(".transcript .line");
      if (lines.length > 1 && lines[lines.length - 1].scrollIntoView) lines[lines.length - 1].scrollIntoView({ block: "start" });
    }
    receive.at = at;
    if (m.phase !== receive.phase) { if (receive.phase && !at) window.scrollTo(0, 0); receive.phase = m.phase; }
  } else if (m.type === "seat") {
    store(tokenKey(), m.token); draft = null; banner = null;
  } else if (m.type === "revoked") {
    store(tokenKey(), null); banner = tx(m) || t("revoked"); pending = null;
  } else if (m.type === "error") {
    if (m.code === "bad_code") { joined = false; view = null; var c = code; code = ""; if (ws) { var s = ws; ws = null; s.close(); } draw(c); }
    if (pending) { pending = null; draw(); }
    toast(tx(m));
  }
}

// ---- drawing ----
function draw(prefill) {
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
  document.querySelectorAll("[data-t]").forEach(function (e) { e.textContent = t(e.getAttribute("data-t")); });
  document.getElementById("lang").textContent = lang === "en" ? "中文" : "English";
  document.getElementById("ws-name").textContent = view ? view.workshop : "";
  document.getElementById("round").textContent = view && view.round ? t("round", view.round, view.rounds) : "";
  var app = document.getElementById("app");
  // In the lobby only the list of teams is redrawn when others arrive: rebuilding the form would
  // lose what is being typed (a Chinese input method's composition included).
  var d = lobbyDom;
  if (view && view.phase === "lobby" && d && app.contains(d.claim) && d.lang === lang && d.locked === view.locked && d.paused === view.paused && d.banner === banner) {
    var fresh = claimCard();
    d.claim.replaceWith(fresh); d.claim = fresh;
    return;
  }
  lobbyDom = null;
  var focus = document.activeElement && document.activeElement.id;
  app.textContent = "";
  if (!code || !view) app.appendChild(code ? el("p", { class: "center muted big" }, t("connecting")) : joinScreen(prefill));
  else app.appendChild(screen());
  if (view && view.paused) app.insertBefore(el("div", { class: "notice" }, t("paused")), app.firstChild);
  if (focus && document.getElementById(focus)) document.getElementById(focus).focus();
}

function screen() {
  switch (view.phase) {
    case "lobby": return lobby();
    case "ready": return waiting(t("waiting", Math.min(view.round + 1, view.rounds)));
    case "playing": return call();
    case "called": return called();
    case "sits_out": return waiting(t("sits_out"));
    case "reveal": case "finished": return reveal();
    default: return el("p", null, view.phase);
  }
}

function joinScreen(prefill) {
  var input = el("input", { id: "code", class: "code-input", autocomplete: "off", autocapitalize: "characters", maxlength: "8", "aria-label": t("code") });
  input.value = prefill || "";
  function go() { code = input.value.trim().toUpperCase(); if (!code) return; history.replaceState(null, "", "?code=" + encodeURIComponent(code)); attempts = 0; draw(); connect(); }
  input.addEventListener("keydown", function (e) { if (e.key === "Enter") go(); });
  return el("div", { class: "card" }, el("h1", null, t("join_title")), el("p", { class: "muted" }, t("join_hint")),
    el("label", { for: "code" }, t("code")), input, el("button", { class: "btn", type: "button", on: { click: go } }, t("join")));
}

function roleName(r) { return t("role_" + r); }

function lobby() {
  var wrap = el("div");
  if (banner) wrap.appendChild(el("div", { class: "notice" }, banner));
  var grid = el("div", { class: "lobby-grid" });
  wrap.appendChild(grid);
  var claim = claimCard();
  // Teams the trainer set up come first when one is free; otherwise the form to create one.
  var free = (view.teams || []).some(function (tm) { return !tm.held; });
  var form = createForm();
  if (free) { grid.appendChild(claim); grid.appendChild(form); }
  else { grid.appendChild(form); grid.appendChild(claim); }
  lobbyDom = { claim: claim, lang: lang, locked: view.locked, paused: view.paused, banner: banner };
  return wrap;
}

function claimCard() {
  var list = el("ul", { class: "teams" });
  (view.teams || []).forEach(function (tm) {
    var b = el("button", { class: "btn team-btn", type: "button", disabled: tm.held ? "disabled" : null,
      on: { click: function () { send({ type: "claim", team: tm.index }); } } },
      tm.name + (tm.held ? " · " + t("held") : ""), el("span", { class: "slogan" }, tm.slogan || ""));
    list.appendChild(el("li", null, b));
  });
  return el("div", { class: "card" }, el("h2", null, t("claim_title")),
    (view.teams || []).length ? list : el("p", { class: "muted" }, t("claim_none")));
}

function createForm() {
  if (!draft) draft = { name: "", slogan: "", members: [{ name: "", role: "captain" }, { name: "", role: "vice_captain" }, { name: "", role: "secretary" }, { name: "", role: "discipline_officer" }] };
  var card = el("div", { class: "card" }, el("h2", null, t("create_title")));
  if (view.locked) { card.appendChild(el("p", { class: "notice" }, t("locked"))); }
  var name = el("input", { id: "f-name", maxlength: "40", autocomplete: "off" }); name.value = draft.name;
  name.addEventListener("input", function () { draft.name = name.value; });
  var slogan = el("input", { id: "f-slogan", maxlength: "80", autocomplete: "off" }); slogan.value = draft.slogan;
  slogan.addEventListener("input", function () { draft.slogan = slogan.value; });
  card.appendChild(el("label", { for: "f-name" }, t("team_name"))); card.appendChild(name);
  card.appendChild(el("label", { for: "f-slogan" }, t("slogan"))); card.appendChild(slogan);
  card.appendChild(el("label", null, t("members")));
  draft.members.forEach(function (m, i) {
    var n = el("input", { id: "f-m" + i, maxlength: "30", placeholder: t("member_name"), "aria-label": t("member_name"), autocomplete: "off" }); n.value = m.name;
    n.addEventListener("input", function () { m.name = n.value; });
    var r = el("select", { id: "f-r" + i, "aria-label": roleName(m.role) });
    ROLES.forEach(function (role) { var o = el("option", { value: role }, roleName(role)); if (role === m.role) o.selected = true; r.appendChild(o); });
    r.addEventListener("change", function () { m.role = r.value; });
    var x = el("button", { class: "x", type: "button", "aria-label": t("remove"), on: { click: function () { draft.members.splice(i, 1); lobbyDom = null; draw(); } } }, "✕");
    card.appendChild(el("div", { class: "row member" }, n, r, x));
  });
  if (draft.members.length < 12) card.appendChild(el("button", { class: "btn secondary", type: "button", on: { click: function () { draft.members.push({ name: "", role: "member" }); lobbyDom = null; draw(); } } }, t("add_member")));
  card.appendChild(el("button", { id: "f-create", class: "btn", type: "button", disabled: view.locked ? "disabled" : null, on: { click: function () {
    if (!draft.name.trim()) { toast(t("need_name")); return; }
    send({ type: "create_team", name: draft.name.trim(), slogan: draft.slogan.trim(),
      members: draft.members.filter(function (m) { return m.name.trim(); }).map(function (m) { return { name: m.name.trim(), role: m.role }; }) });
  } } }, t("create")));
  return card;
}

function teamCard() {
  var tm = view.team;
  if (!tm) return null;
  var roster = el("div", { class: "roster" });
  (tm.members || []).forEach(function (m) { roster.appendChild(el("span", { class: "role" }, roleName(m.role))); roster.appendChild(el("span", { class: "who-name" }, m.name)); });
  return el("div", { class: "card center" }, el("p", { class: "team-name" }, tm.name), tm.slogan ? el("p", { class: "slogan-big" }, tm.slogan) : null, roster);
}

function waiting(msg) {
  return el("div", null, teamCard(), el("div", { class: "notice" }, msg));
}

function customerCard(c) {
  var meters = el("div", { class: "meters" });
  MOODS.forEach(function (k) {
    var v = c.mood ? Math.max(0, Math.min(100, c.mood[k] | 0)) : 0;
    var bar = el("div", { class: "meter " + k, role: "meter", "aria-valuenow": v, "aria-valuemin": 0, "aria-valuemax": 100, "aria-label": t(k) }, el("div"));
    bar.firstChild.style.width = v + "%";
    meters.appendChild(el("span", null, t(k))); meters.appendChild(bar); meters.appendChild(el("span", { class: "muted" }, String(v)));
  });
  return el("div", { class: "card" },
    el("div", { class: "cust" }, el("div", { class: "face " + c.colour + " " + c.feeling, "aria-hidden": "true" }, el("span", { class: "mouth" })),
      el("div", null, el("strong", { class: "big" }, tx(c.customer)), el("br"), el("span", { class: "badge " + c.colour }, tx(c.feeling_label)))),
    meters);
}

function transcript(c) {
  var box = el("div", { class: "transcript" });
  (c.transcript || []).forEach(function (l) {
    box.appendChild(el("div", { class: "line " + (l.who === "agent" ? "agent" : "customer") },
      el("span", { class: "who" }, l.who === "agent" ? t("agent") : tx(c.customer) || t("customer")), tx(l.text)));
  });
  return box;
}

function remaining(c) {
  var now = Date.now() + offset;
  return c.discussion_secs * 1000 - (now - c.decision_since_ms);
}
function clock(ms) {
  var s = Math.max(0, Math.ceil(ms / 1000));
  return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
}

function call() {
  var c = view.call;
  var side = el("div", { class: "side" }, customerCard(c));
  var mainCol = el("div");
  var brief = el("details", { class: "card", open: c.turn === 0 ? "open" : null }, el("summary", null, el("strong", null, t("briefing") + " · " + tx(c.title))), el("p", null, tx(c.briefing)));
  mainCol.appendChild(brief);
  mainCol.appendChild(el("div", { class: "card" }, transcript(c)));
  var gated = c.gate !== null && c.gate !== undefined && c.turn >= c.gate;
  if (c.over) {
    mainCol.appendChild(el("div", { class: "notice" }, t("call_over")));
  } else if (gated) {
    mainCol.appendChild(el("div", { class: "notice", id: "gate" }, t("wait_trainer")));
  } else if (c.options && c.options.length) {
    var card = el("div", { class: "card" });
    // The customer's state next to the options (on a phone the card above is scrolled away).
    card.appendChild(el("div", { class: "mini" }, el("span", { class: "dot " + c.colour }), el("strong", null, tx(c.customer)), " ", el("span", { class: "badge " + c.colour }, tx(c.feeling_label))));
    if (c.discussion_secs) {
      var left = remaining(c);
      card.appendChild(el("div", { class: "row" }, el("span", { class: "muted" }, t("discuss")),
        el("span", { id: "timer", class: "timer" + (left <= 0 ? " over" : ""), style: "text-align:right" }, clock(left))));
    }
    card.appendChild(el("p", { class: "muted", id: "hint" }, pending ? t("locked_in") : t("choose_hint")));
    var opts = el("div", { class: "options" });
    c.options.forEach(function (o, i) {
      var chosen = pending && pending.option === i;
      opts.appendChild(el("button", { class: "option" + (chosen ? " chosen" : ""), type: "button", "data-option": i, disabled: pending || view.paused ? "disabled" : null,
        on: { click: function () {
          if (pending || view.paused) return;
          pending = { round: view.round, turn: c.turn, option: i };
          if (!send({ type: "choose", round: view.round, turn: c.turn, option: i })) pending = null;
          draw();
        } } }, el("span", { class: "n" }, String.fromCharCode(65 + i)), tx(o)));
    });
    card.appendChild(opts);
    mainCol.appendChild(card);
  }
  return el("div", { class: "call-grid" }, side, mainCol);
}

function called() {
  var c = view.call;
  var parts = [teamCard(), el("div", { class: "notice" }, t("call_over"))];
  if (c) parts.push(el("div", { class: "card" }, transcript(c), c.ending ? el("p", null, el("strong", null, tx(c.ending))) : null));
  return el("div", null, parts);
}

// Chinese joins names with 、 and puts a full-width colon after a label; English uses ", " and ": ".
function names(list) { return (list || []).join(lang === "en" ? ", " : "、"); }
function colon() { return lang === "en" ? ": " : "："; }
// A paragraph "label: value" of the reveal's awards.
function labelled(key, value) { return el("p", null, el("strong", null, t(key) + colon()), value); }

function reveal() {
  var r = view.reveal;
  var wrap = el("div");
  if (!r) { wrap.appendChild(waiting(view.phase === "finished" ? t("finished") : t("next_round"))); return wrap; }
  if (r.champion && r.champion.length) wrap.appendChild(el("div", { class: "card champion" }, "🏆 " + t("champion") + colon() + names(r.champion)));
  var mine = view.team ? view.team.name : null;
  var table = el("table", null, el("thead", null, el("tr", null, el("th", null, t("rank")), el("th", null, t("team")), el("th", { class: "num" }, t("score")), el("th", { class: "num" }, t("change")), r.rounds > 1 ? el("th", { class: "num" }, t("total")) : null)));
  var body = el("tbody");
  (r.table || []).forEach(function (row) {
    var ch = row.change;
    var score = row.score === null || row.score === undefined ? (row.note || "–") : (Math.round(row.score * 10) / 10).toFixed(1);
    body.appendChild(el("tr", { class: row.team === mine ? "mine" : null }, el("td", null, row.rank ? String(row.rank) : "–"), el("td", null, row.team),
      el("td", { class: "num" }, score),
      el("td", { class: "num " + (ch > 0 ? "up" : ch < 0 ? "down" : "") }, ch > 0 ? "▲" + ch : ch < 0 ? "▼" + (-ch) : "–"),
      r.rounds > 1 ? el("td", { class: "num" }, (Math.round(row.cumulative * 10) / 10).toFixed(1)) : null));
  });
  table.appendChild(body);
  var awards = el("div");
  if (r.highest && r.highest.length) awards.appendChild(labelled("highest", names(r.highest)));
  if (r.fastest && r.fastest.length) awards.appendChild(labelled("fastest", names(r.fastest)));
  else if (r.fastest_note) awards.appendChild(el("p", { class: "muted" }, tx(r.fastest_note)));
  if (r.reward) awards.appendChild(labelled("reward", r.reward));
  if (r.last && r.last.length) awards.appendChild(labelled("last", names(r.last)));
  if (r.penalty) awards.appendChild(labelled("penalty", r.penalty));
  wrap.appendChild(el("div", { class: "card" }, el("h1", null, t("results", r.round)), table, awards));
  var dec = el("div", { class: "card" }, el("h2", null, t("decisions")));
  (r.decisions || []).forEach(function (d) {
    var total = 0; (d.options || []).forEach(function (o) { total += o.count; });
    var block = el("div", null, el("h2", null, t("decision", d.turn)), d.customer ? el("div", { class: "line customer" }, tx(d.customer)) : null);
    (d.options || []).forEach(function (o) {
      var row = el("div", { class: "bar-row" + (o.best ? " best" : "") },
        el("div", { class: "bar-label" }, el("span", null, o.best ? el("span", { class: "best-mark" }, "✓ " + t("best") + " · ") : null, tx(o.text)), el("span", { class: "muted count" }, o.count === 1 ? t("team_1") : t("teams_n", o.count))),
        el("div", { class: "bar" }, el("div")));
      row.lastChild.firstChild.style.width = (total ? 100 * o.count / total : 0) + "%";
      block.appendChild(row);
    });
    dec.appendChild(block);
  });
  wrap.appendChild(dec);
  if (view.phase === "finished") wrap.appendChild(el("div", { class: "notice" }, t("finished")));
  else wrap.appendChild(el("div", { class: "notice" }, t("next_round")));
  return wrap;
}

// The discussion timer ticks without redrawing the page.
setInterval(function () {
  var e = document.getElementById("timer");
  if (!e || !view || !view.call) return;
  var left = remaining(view.call);
  e.textContent = clock(left);
  e.className = "timer" + (left <= 0 ? " over" : "");
  var h = document.getElementById("hint");
  if (h && left <= 0 && !pending) h.textContent = t("times_up");
}, 500);

document.getElementById("lang").addEventListener("click", function () {
  lang = lang === "en" ? "zh" : "en"; store("sa-lang", lang); draw(code ? "" : (document.getElementById("code") || {}).value);
});
document.addEventListener("visibilitychange", function () {
  // A phone waking up: reconnect at once instead of waiting for the backoff.
  if (document.visibilityState === "visible" && !ws && code) { attempts = 0; connect(); }
});

draw(code);
if (code) connect();
