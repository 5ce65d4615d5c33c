//! Shared helpers for the wiremock contract and behaviour tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use attune_client::{AttuneClient, RetryPolicy};
use serde_json::{json, Value};
use wiremock::{Match, Mock, MockServer, Request, Respond, ResponseTemplate};

pub const TOKEN: &str = "test-token";
pub const TS: &str = "2026-06-10T12:00:00.482913Z";

/// Matches when the query string equals exactly the given pairs (order-insensitive).
pub struct ExactQuery(pub Vec<(String, String)>);

impl Match for ExactQuery {
    fn matches(&self, req: &Request) -> bool {
        let mut got: Vec<(String, String)> = req
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let mut want = self.0.clone();
        got.sort();
        want.sort();
        got == want
    }
}

/// Matches when the request carries no Authorization header.
pub struct NoAuth;

impl Match for NoAuth {
    fn matches(&self, req: &Request) -> bool {
        !req.headers.contains_key("authorization")
    }
}

/// Matches an exact JSON body (semantic equality).
pub struct JsonBody(pub Value);

impl Match for JsonBody {
    fn matches(&self, req: &Request) -> bool {
        serde_json::from_slice::<Value>(&req.body)
            .map(|v| v == self.0)
            .unwrap_or(false)
    }
}

/// Catch-all: fails loudly, naming the unexpected request.
pub struct Unexpected;

impl Respond for Unexpected {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let msg = format!(
            "unexpected request: {} {}{} auth={:?} body={}",
            req.method,
            req.url.path(),
            req.url.query().map(|q| format!("?{q}")).unwrap_or_default(),
            req.headers
                .get("authorization")
                .map(|v| v.to_str().unwrap_or("?").to_string()),
            String::from_utf8_lossy(&req.body)
        );
        ResponseTemplate::new(599)
            .set_body_json(json!({"error": msg, "code": "UNEXPECTED_REQUEST"}))
    }
}

pub struct Srv {
    pub server: MockServer,
    pub client: AttuneClient,
}

impl Srv {
    /// A mock server and a client that takes it for an attune-sdk 0.5.4 server (no detection).
    pub async fn start() -> Srv {
        Self::start_with(Some(attune_client::ServerProfile::of(
            attune_client::ApiGeneration::Sdk054,
        )))
        .await
    }

    /// A mock server and a client preset to `profile`, or detecting it when `None`.
    pub async fn start_with(profile: Option<attune_client::ServerProfile>) -> Srv {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(Unexpected)
            .with_priority(u8::MAX)
            .named("catch-all")
            .mount(&server)
            .await;
        let mut builder = AttuneClient::builder()
            .base_url(server.uri())
            .token(TOKEN)
            .retry_policy(RetryPolicy::none())
            .attempt_timeout(Duration::from_secs(10));
        if let Some(p) = profile {
            builder = builder.server_profile(p);
        }
        let client = builder.build().unwrap();
        Srv { server, client }
    }

    pub fn mock(&self, method: &str, path: &str) -> MockSpec<'_> {
        MockSpec {
            srv: self,
            method: method.to_string(),
            path: path.to_string(),
            query: Vec::new(),
            body: None,
            auth: Some(format!("Bearer {TOKEN}")),
            status: 200,
            response: None,
            raw: None,
            times: 1,
        }
    }
}

pub struct MockSpec<'a> {
    srv: &'a Srv,
    method: String,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Value>,
    auth: Option<String>,
    status: u16,
    response: Option<Value>,
    raw: Option<String>,
    times: u64,
}

impl MockSpec<'_> {
    pub fn query(mut self, pairs: &[(&str, &str)]) -> Self {
        self.query = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self
    }
    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }
    pub fn no_auth(mut self) -> Self {
        self.auth = None;
        self
    }
    pub fn bearer(mut self, token: &str) -> Self {
        self.auth = Some(format!("Bearer {token}"));
        self
    }
    pub fn times(mut self, n: u64) -> Self {
        self.times = n;
        self
    }
    pub fn respond(mut self, status: u16, body: Value) -> Self {
        self.status = status;
        self.response = Some(body);
        self
    }
    pub fn respond_raw(mut self, status: u16, body: &str) -> Self {
        self.status = status;
        self.raw = Some(body.to_string());
        self
    }
    pub async fn mount(self) {
        let mut m = Mock::given(wiremock::matchers::method(self.method.as_str()))
            .and(wiremock::matchers::path(self.path.as_str()))
            .and(ExactQuery(self.query.clone()));
        m = match &self.auth {
            Some(a) => m.and(wiremock::matchers::header("authorization", a.as_str())),
            None => m.and(NoAuth),
        };
        if let Some(b) = self.body.clone() {
            m = m.and(JsonBody(b));
        }
        let mut t = ResponseTemplate::new(self.status);
        if let Some(r) = self.response {
            t = t.set_body_json(r);
        } else if let Some(raw) = self.raw {
            t = t.set_body_string(raw);
        }
        m.respond_with(t)
            .expect(self.times)
            .named(format!("{} {}", self.method, self.path))
            .mount(&self.srv.server)
            .await;
    }
}

pub fn wrap(v: Value) -> Value {
    json!({"data": v, "message": "ok"})
}

pub fn success() -> Value {
    json!({"success": true, "message": "deleted"})
}

pub fn page_of(items: Vec<Value>, page: u32, page_size: u32, total: Option<u64>) -> Value {
    let mut meta = json!({"page": page, "page_size": page_size, "has_previous": page > 1});
    match total {
        Some(t) => {
            let tp = t.div_ceil(page_size as u64) as u32;
            meta["total_items"] = json!(t);
            meta["total_pages"] = json!(tp);
            meta["has_next"] = json!(page < tp);
        }
        None => meta["has_next"] = json!(false),
    }
    json!({"items": items, "pagination": meta})
}

// ---- realistic fixtures -----------------------------------------------------------------

pub fn pack_json() -> Value {
    json!({"id":7,"ref":"e2e","label":"E2E pack","description":"test","version":"1.0.0","conf_schema":{},
        "config":{},"meta":{},"tags":[],"runtime_deps":[],"dependencies":[],"is_standard":false,
        "worker_selector":{},"worker_tolerations":[],"worker_affinity":{},"action_count":2,
        "created":TS,"updated":TS})
}
pub fn pack_summary_json(id: i64) -> Value {
    json!({"id":id,"ref":format!("p{id}"),"label":"P","description":null,"version":"1.0.0","tags":["x"],
        "is_standard":false,"created":TS,"updated":TS})
}
pub fn runtime_json() -> Value {
    json!({"id":3,"ref":"core.shell","name":"Shell","description":"POSIX shell","pack":1,"pack_ref":"core",
        "distributions":{},"execution_config":{"interpreter":"/bin/sh"},"installation":null,"created":TS,"updated":TS})
}
pub fn action_json() -> Value {
    json!({"id":12,"ref":"e2e.hello","pack":7,"pack_ref":"e2e","label":"Hello","description":null,
        "entrypoint":"echo hello","runtime":3,"runtime_ref":"core.shell","enabled":true,
        "param_schema":{"name":{"type":"string","required":true}},"out_schema":null,"is_adhoc":true,
        "accesses_mcp":false,"reference_visibility":"public","timeout_seconds":60,"created":TS,"updated":TS})
}
pub fn action_summary_json() -> Value {
    json!({"id":12,"ref":"e2e.hello","pack_ref":"e2e","label":"Hello","description":null,
        "entrypoint":"echo hello","runtime":3,"runtime_ref":"core.shell","enabled":true,
        "accesses_mcp":false,"reference_visibility":"public","created":TS,"updated":TS})
}
pub fn trigger_json(webhook: bool) -> Value {
    let mut v = json!({"id":9,"ref":"e2e.alert","pack":7,"pack_ref":"e2e","label":"Alert","description":null,
        "enabled":true,"param_schema":null,"out_schema":null,"webhook_enabled":webhook,"is_adhoc":true,
        "reference_visibility":"public","created":TS,"updated":TS});
    if webhook {
        v["webhook_key"] = json!("wh_k7j2n9p4m8q1r5w3x6z0a2b5c8d1e4f7g9h2");
    }
    v
}
pub fn trigger_summary_json() -> Value {
    json!({"id":9,"ref":"e2e.alert","pack_ref":"e2e","label":"Alert","description":null,"enabled":true,
        "webhook_enabled":false,"reference_visibility":"public","created":TS,"updated":TS})
}
pub fn sensor_json() -> Value {
    json!({"id":4,"ref":"e2e.poller","pack":7,"pack_ref":"e2e","label":"Poller","description":null,
        "entrypoint":"poll.py","runtime":5,"runtime_ref":"core.python","enabled":true,"param_schema":null,
        "worker_selector":{},"worker_tolerations":[],"worker_affinity":{},"created":TS,"updated":TS})
}
pub fn sensor_summary_json() -> Value {
    json!({"id":4,"ref":"e2e.poller","label":"Poller","enabled":true,"pack_ref":"e2e","created":TS,"updated":TS})
}
pub fn rule_json() -> Value {
    json!({"id":3,"ref":"e2e.on_alert","pack":7,"pack_ref":"e2e","label":"On alert","description":null,
        "action":12,"action_ref":"e2e.hello","trigger":9,"trigger_ref":"e2e.alert",
        "conditions":[{"field":"severity","operator":"equals","value":"high"}],
        "action_params":{"name":"{{ event.payload.host }}"},"trigger_params":{},"enabled":true,"is_adhoc":true,
        "owner_identity":1,"permission_set_refs":null,"sensor_worker_selector":{},"sensor_worker_tolerations":[],
        "sensor_worker_affinity":{},"created":TS,"updated":TS})
}
pub fn rule_summary_json() -> Value {
    json!({"id":3,"ref":"e2e.on_alert","pack_ref":"e2e","label":"On alert","action_ref":"e2e.hello",
        "trigger_ref":"e2e.alert","action_params":{},"trigger_params":{},"enabled":true,
        "sensor_worker_selector":{},"sensor_worker_tolerations":[],"sensor_worker_affinity":{},"created":TS,"updated":TS})
}
pub fn event_json() -> Value {
    json!({"id":501,"trigger":9,"trigger_ref":"e2e.alert","config":{"source":"webhook"},
        "payload":{"severity":"high","host":"web-1"},"source":null,"source_ref":"webhook","rule":null,
        "rule_ref":null,"created":TS})
}
pub fn event_summary_json(id: i64) -> Value {
    json!({"id":id,"trigger":9,"trigger_ref":"e2e.alert","source_ref":"webhook","has_payload":true,"created":TS})
}
pub fn enforcement_json() -> Value {
    json!({"id":77,"rule":3,"rule_ref":"e2e.on_alert","trigger_ref":"e2e.alert","event":501,"status":"processed",
        "condition":"all","conditions":[],"config":{"name":"web-1"},"payload":{"host":"web-1"},"created":TS,
        "resolved_at":TS})
}
pub fn enforcement_summary_json() -> Value {
    json!({"id":77,"rule":3,"rule_ref":"e2e.on_alert","trigger_ref":"e2e.alert","event":501,"status":"created",
        "condition":"all","created":TS})
}
pub fn execution_json(status: &str, result: Value) -> Value {
    json!({"id":900,"action":12,"action_ref":"e2e.hello","config":{"name":"bob"},"parent":null,
        "enforcement":null,"executor":1,"worker":null,"status":status,"trace_tag":"manual-900",
        "timeout_seconds":60,"result":result,"created":TS,"updated":TS})
}
pub fn execution_summary_json(id: i64) -> Value {
    json!({"id":id,"action_ref":"e2e.hello","status":"completed","parent":null,"enforcement":77,
        "rule_ref":"e2e.on_alert","trigger_ref":"e2e.alert","created":TS,"updated":TS})
}
pub fn inquiry_json(status: &str) -> Value {
    json!({"id":31,"execution":900,"prompt":"Approve?","response_schema":{"approved":{"type":"boolean"}},
        "assigned_to":null,"status":status,"response":null,"timeout_at":null,"responded_at":null,
        "created":TS,"updated":TS})
}
pub fn inquiry_summary_json(id: i64) -> Value {
    json!({"id":id,"execution":900,"prompt":"Approve?","status":"pending","has_response":false,"created":TS})
}
pub fn key_json() -> Value {
    json!({"id":4,"ref":"system.e2e_token","local_ref":"e2e_token","owner_type":"system","owner":null,
        "owner_identity":null,"owner_pack":null,"owner_pack_ref":null,"owner_action":null,"owner_action_ref":null,
        "owner_sensor":null,"owner_sensor_ref":null,"name":"E2E token","encrypted":true,"value":"s3cr3t",
        "created":TS,"updated":TS})
}
pub fn key_summary_json() -> Value {
    json!({"id":4,"ref":"system.e2e_token","local_ref":"e2e_token","owner_type":"system","name":"E2E token",
        "encrypted":true,"created":TS})
}
pub fn workflow_def_json() -> Value {
    json!({"ref":"e2e.flow","label":"Flow","version":"1.0.0","tasks":[
        {"name":"first","action":"e2e.hello","input":{"name":"a"},
         "next":[{"when":"{{ succeeded() }}","publish":[{"out":"{{ result() }}"}],"do":["second"]}]},
        {"name":"second","action":"e2e.hello","input":{"name":"b"}}]})
}
pub fn workflow_json() -> Value {
    json!({"id":5,"ref":"e2e.flow","pack":7,"pack_ref":"e2e","label":"Flow","description":null,"version":"1.0.0",
        "param_schema":{},"out_schema":{},"definition":workflow_def_json(),"tags":[],"created":TS,"updated":TS})
}
pub fn workflow_summary_json() -> Value {
    json!({"id":5,"ref":"e2e.flow","pack_ref":"e2e","label":"Flow","version":"1.0.0","tags":[],"created":TS,"updated":TS})
}
pub fn token_json(access: &str, refresh: &str, with_user: bool) -> Value {
    let mut v = json!({"access_token":access,"refresh_token":refresh,"token_type":"Bearer","expires_in":3600});
    if with_user {
        v["user"] = json!({"id":1,"login":"admin","display_name":"Administrator"});
    }
    v
}

/// An unsigned JWT whose `exp` is `secs_from_now` seconds away.
pub fn jwt(secs_from_now: i64, tag: &str) -> String {
    use base64::Engine as _;
    let enc = |v: &Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
    };
    let now = chrono::Utc::now().timestamp();
    format!(
        "{}.{}.sig-{tag}",
        enc(&json!({"alg":"HS256","typ":"JWT"})),
        enc(
            &json!({"sub":"1","login":"admin","iat":now,"exp":now + secs_from_now,"token_type":"access","jti":tag})
        )
    )
}
