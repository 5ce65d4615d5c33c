//! Shared test helpers.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use attune_emulator::{Emulator, EmulatorConfig};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

pub struct Ctx {
    pub emu: Emulator,
    pub http: Client,
    pub admin: String,
}

pub async fn start() -> Ctx {
    start_with(EmulatorConfig::default()).await
}

pub async fn start_without_engine() -> Ctx {
    let emu = Emulator::start_without_engine(EmulatorConfig::default()).expect("start emulator");
    ctx(emu).await
}

pub async fn start_with(cfg: EmulatorConfig) -> Ctx {
    let emu = Emulator::start(cfg).expect("start emulator");
    ctx(emu).await
}

async fn ctx(emu: Emulator) -> Ctx {
    let http = Client::new();
    let admin = login(
        &http,
        emu.base_url(),
        emu.admin_login(),
        emu.admin_password(),
    )
    .await;
    Ctx { emu, http, admin }
}

pub async fn login(http: &Client, base: &str, login: &str, password: &str) -> String {
    let r = http
        .post(format!("{base}/auth/login"))
        .json(&json!({"login": login, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    v["data"]["access_token"].as_str().unwrap().to_string()
}

impl Ctx {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.emu.base_url(), path)
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut rb = self.http.request(method, self.url(path));
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let r = rb.send().await.unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        let v = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, v)
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, Some(token), None).await
    }
    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }
    pub async fn put(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PUT, path, Some(token), Some(body)).await
    }
    pub async fn delete(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(Method::DELETE, path, Some(token), None).await
    }

    /// Registers a new user; returns (identity id, token).
    pub async fn register(&self, login: &str) -> (i64, String) {
        let (s, v) = self
            .call(
                Method::POST,
                "/auth/register",
                None,
                Some(json!({"login": login, "password": "Password123!"})),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        (
            v["data"]["user"]["id"].as_i64().unwrap(),
            v["data"]["access_token"].as_str().unwrap().to_string(),
        )
    }

    /// Registers a user and binds it to a permission set via roles.
    pub async fn user_with_set(&self, user: &str, set_ref: &str) -> (i64, String) {
        let (id, _) = self.register(user).await;
        let (_, sets) = self.get("/api/v1/permissions/sets", &self.admin).await;
        let set_id = sets
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["ref"] == set_ref)
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let role = format!("role-{set_ref}");
        let (s, _) = self
            .post(
                &format!("/api/v1/permissions/sets/{set_id}/roles"),
                &self.admin,
                json!({"role": role}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
        let (s, _) = self
            .post(
                &format!("/api/v1/identities/{id}/roles"),
                &self.admin,
                json!({"role": role}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
        let token = login(&self.http, self.emu.base_url(), user, "Password123!").await;
        (id, token)
    }

    pub async fn create_pack(&self, token: &str, r: &str) -> Value {
        let (s, v) = self
            .post(
                "/api/v1/packs",
                token,
                json!({"ref": r, "label": r, "version": "1.0.0"}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        v["data"].clone()
    }

    pub async fn create_action(&self, token: &str, pack: &str, name: &str) -> Value {
        let (s, v) = self
            .post(
                "/api/v1/actions",
                token,
                json!({"ref": format!("{pack}.{name}"), "pack_ref": pack, "label": name,
                       "entrypoint": "echo hello", "runtime_ref": "core.shell",
                       "param_schema": {"name": {"type": "string", "required": true}}}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        v["data"].clone()
    }
}

/// Engine helpers.
impl Ctx {
    /// Creates an inline shell action `<pack>.<name>` whose entrypoint is `script`.
    pub async fn shell_action(&self, pack: &str, name: &str, script: &str) -> String {
        self.action_with(
            pack,
            name,
            json!({"entrypoint": script, "runtime_ref": "core.shell"}),
        )
        .await
    }

    /// Creates an action with extra fields.
    pub async fn action_with(&self, pack: &str, name: &str, extra: Value) -> String {
        let r = format!("{pack}.{name}");
        let mut body = json!({"ref": r, "pack_ref": pack, "label": name, "entrypoint": "true"});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (s, v) = self.post("/api/v1/actions", &self.admin, body).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        r
    }

    /// Creates a trigger with its webhook enabled; returns (trigger ref, webhook key).
    pub async fn webhook_trigger(&self, pack: &str, name: &str) -> (String, String) {
        let r = format!("{pack}.{name}");
        let (s, v) = self
            .post(
                "/api/v1/triggers",
                &self.admin,
                json!({"ref": r, "pack_ref": pack, "label": name}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let (s, v) = self
            .post(
                &format!("/api/v1/triggers/{r}/webhooks/enable"),
                &self.admin,
                json!({}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let t = if v.get("data").is_some() {
            &v["data"]
        } else {
            &v
        };
        (r, t["webhook_key"].as_str().unwrap().to_string())
    }

    /// Creates a rule (`extra` may set conditions, action_params, trigger_params, enabled).
    pub async fn rule(
        &self,
        pack: &str,
        name: &str,
        trigger: &str,
        action: &str,
        extra: Value,
    ) -> Value {
        let mut body = json!({"ref": format!("{pack}.{name}"), "pack_ref": pack, "label": name,
                              "trigger_ref": trigger, "action_ref": action});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (s, v) = self.post("/api/v1/rules", &self.admin, body).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        v["data"].clone()
    }

    /// Posts to a webhook; returns the event id.
    pub async fn fire(&self, key: &str, payload: Value) -> i64 {
        let (s, v) = self
            .call(
                Method::POST,
                &format!("/api/v1/webhooks/{key}"),
                None,
                Some(json!({"payload": payload})),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v["data"]["event_id"].as_i64().unwrap()
    }

    /// Runs an action manually; returns the execution id.
    pub async fn execute(&self, body: Value) -> i64 {
        let (s, v) = self
            .post("/api/v1/executions/execute", &self.admin, body)
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        v["data"]["id"].as_i64().unwrap()
    }

    /// `items` of a list endpoint.
    pub async fn items(&self, path: &str) -> Vec<Value> {
        let (s, v) = self.get(path, &self.admin).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v["items"].as_array().cloned().unwrap_or_default()
    }

    /// Polls `GET path` until `pred` holds for the returned items (or panics after `secs`).
    pub async fn wait_items(
        &self,
        path: &str,
        secs: u64,
        pred: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            let items = self.items(path).await;
            if pred(&items) {
                return items;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "timed out waiting on {path}: {items:?}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
    }

    /// The execution record.
    pub async fn execution(&self, id: i64) -> Value {
        let (s, v) = self
            .get(&format!("/api/v1/executions/{id}"), &self.admin)
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v["data"].clone()
    }

    /// Polls an execution until its status satisfies `pred`.
    pub async fn wait_exec(&self, id: i64, secs: u64, pred: impl Fn(&str) -> bool) -> Value {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            let e = self.execution(id).await;
            if pred(e["status"].as_str().unwrap_or_default()) {
                return e;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "timed out waiting on execution {id}: {e}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// Waits until an execution is terminal.
    pub async fn wait_terminal(&self, id: i64, secs: u64) -> Value {
        self.wait_exec(id, secs, |s| {
            matches!(
                s,
                "completed" | "failed" | "cancelled" | "timeout" | "abandoned"
            )
        })
        .await
    }
}
