//! What the server sends a device (docs/workshop.md, "The protocol"), and the server's own errors.

use serde::Serialize;
use service_arena_core::room::RoomError;

/// A server → device message (JSON, tagged by `type`). `state` carries the team view's fields.
#[derive(Serialize, Debug, Clone)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMsg {
    Seat { token: String, team: usize },
    State(serde_json::Value),
    Error { code: String, zh: String, en: String },
    Pong,
    Revoked { zh: String, en: String },
}

impl ServerMsg {
    pub fn json(&self) -> String {
        match self {
            // `state` flattens the view object after the tag.
            ServerMsg::State(v) => {
                let mut m = serde_json::Map::new();
                m.insert("type".into(), "state".into());
                if let serde_json::Value::Object(o) = v {
                    for (k, x) in o {
                        m.insert(k.clone(), x.clone());
                    }
                }
                serde_json::Value::Object(m).to_string()
            }
            other => serde_json::to_string(other).unwrap_or_default(),
        }
    }

    pub fn room_error(e: RoomError) -> ServerMsg {
        ServerMsg::Error {
            code: e.code.to_string(),
            zh: e.zh,
            en: e.en,
        }
    }

    fn error(code: &str, zh: &str, en: String) -> ServerMsg {
        ServerMsg::Error {
            code: code.into(),
            zh: zh.into(),
            en,
        }
    }

    pub fn too_big(limit: usize) -> ServerMsg {
        Self::error(
            "too_big",
            "消息太长，已断开。",
            format!("message longer than {limit} bytes: the connection is closed"),
        )
    }

    pub fn bad_json(detail: &str) -> ServerMsg {
        Self::error(
            "bad_json",
            "看不懂这条消息，什么都没有改变。",
            format!("malformed message ({detail}): nothing changed"),
        )
    }

    pub fn binary() -> ServerMsg {
        Self::error(
            "bad_json",
            "只接受文本消息，什么都没有改变。",
            "only text messages are accepted: nothing changed".into(),
        )
    }

    pub fn rate() -> ServerMsg {
        Self::error("rate", "发送太频繁，请稍候。", "too many messages: slow down".into())
    }

    pub fn hello_first() -> ServerMsg {
        Self::error(
            "hello_first",
            "请先用房间码加入。",
            "send hello with the room code first".into(),
        )
    }

    pub fn again_hello() -> ServerMsg {
        Self::error(
            "hello_twice",
            "已经加入了，无需再次加入。",
            "already joined on this connection".into(),
        )
    }

    pub fn busy() -> ServerMsg {
        Self::error(
            "busy",
            "房间已满，请稍后再试。",
            "the room has too many connections: try again later".into(),
        )
    }
}
