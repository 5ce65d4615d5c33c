//! Really running actions (platform-semantics §7.2–7.4, §10, §13).
//!
//! [`run`] takes a [`RunSpec`] and a [`CancelToken`] and returns a
//! [`RunOutcome`] whose `result` is exactly the object Attune's worker
//! stores on the execution.
//!
//! ## How each kind runs
//!
//! * [`RunKind::InlineShell`] (ad-hoc `core.shell` actions): a temporary
//!   `.sh` wrapper (mode 0600) run as `/bin/bash <file>`: `#!/bin/bash`,
//!   `set -e`, then for every parameter and then every secret two
//!   **non-exported** shell variables `PARAM_<NAME_UPPER>='<v>'` and
//!   `<name>='<v>'` (strings raw, numbers/bools as text, `null` empty,
//!   objects/arrays compact JSON; single quotes written as `'\''`, so no
//!   value can execute code; names sanitised with [`sanitize_shell_name`]),
//!   then the script. stdin is `/dev/null`.
//! * [`RunKind::ShellFile`] (a pack's shell action file): `/bin/bash <file>`, the parameters
//!   merged with the secrets on stdin as one JSON line (or dotenv `key='value'` lines), cwd
//!   the file's folder.
//! * [`RunKind::Python`] / [`RunKind::Node`]: `python3 -u <file>` /
//!   `node <file>` (code written to a temporary file, or a given file), the
//!   parameters merged with the secrets (secrets win) as one compact JSON
//!   line on stdin, then stdin is closed.
//! * Core actions: `core.echo` (prints `message` + newline), `core.noop`
//!   (optional `message`, optional `exit_code`), `core.sleep` (`seconds`,
//!   default 1, then `message` if any) run as inline-shell scripts;
//!   `core.http_request` runs a small python3 `urllib` program and prints the
//!   reference JSON `{status_code, headers, body, json, elapsed_ms, url,
//!   success[, error]}` (exit 1 when not 2xx or on a transport error).
//!
//! Every action runs in its own process group. On timeout or cancel the
//! group gets SIGTERM, and SIGKILL after `kill_grace` if anything is left.
//! The environment is the emulator's own minus any inherited `ATTUNE_*`
//! variable, plus [`RunSpec::env`] (see [`merge_env`]); secrets never go to
//! the environment.
//!
//! ## Output formats (defaults chosen by [`RunKind::default_output_format`])
//!
//! * inline shell, `core.echo`, `core.noop`, `core.sleep`: `text`;
//! * python, node, `core.http_request`: `json` — `data` is set only when
//!   stdout (whole, else its last line) parses as JSON; otherwise the text
//!   stays in `stdout`.
//!
//! ## Results
//!
//! * completed: `{succeeded: true, exit_code: 0, duration_ms, stdout?,
//!   stderr_log?, data?}` (`stdout` omitted when empty or when `data` was
//!   parsed; it keeps its trailing newline);
//! * failed: `{succeeded: false, exit_code, duration_ms, error, stdout?,
//!   stderr_log?, stdout_truncated?, stdout_bytes_truncated?,
//!   stderr_truncated?, stderr_bytes_truncated?}` where `error` is stderr when
//!   it has ≤ 5 lines, else its last line, or `Command exited with code N`;
//! * timeout (stored `failed`, as the real worker reports it): `{succeeded: false, exit_code: -1,
//!   duration_ms, error: "Execution timed out after <T> seconds", …}`;
//! * cancelled: `{succeeded: false, cancelled: true, exit_code, duration_ms,
//!   error: "Execution cancelled by user", stdout?, …}`;
//! * preparation failure (e.g. interpreter missing): `{succeeded: false,
//!   error: "Failed to prepare execution context: …"}` with status failed.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value as Json};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::process::Command;
use tokio::sync::watch;

/// Room kept for the truncation notice in a bounded buffer (as Attune).
pub const NOTICE_RESERVE_BYTES: usize = 128;
const TRUNCATION_NOTICE_STDOUT: &str = "\n\n[OUTPUT TRUNCATED: stdout exceeded size limit]\n";
const TRUNCATION_NOTICE_STDERR: &str = "\n\n[OUTPUT TRUNCATED: stderr exceeded size limit]\n";

/// How stdout is parsed into `result.data` after a successful run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// No parsing; stdout stays text.
    Text,
    /// Whole stdout as JSON, else its last line.
    Json,
    /// Every line that parses as JSON, as an array.
    Jsonl,
}

impl OutputFormat {
    /// Parse `text|json|jsonl` (`yaml` is not supported and maps to `None`).
    pub fn parse(s: &str) -> Option<OutputFormat> {
        match s {
            "text" => Some(OutputFormat::Text),
            "json" => Some(OutputFormat::Json),
            "jsonl" => Some(OutputFormat::Jsonl),
            _ => None,
        }
    }
}

/// Where the program of a python/node action comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptSource {
    /// Source code, written to a temporary file before running.
    Code(String),
    /// An existing file (e.g. `packs/<pack>/actions/<entrypoint>`).
    File(PathBuf),
}

/// What to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunKind {
    /// Ad-hoc shell action: the entrypoint is the script.
    InlineShell {
        /// The script body.
        script: String,
    },
    /// A pack's shell action file: `bash <file>` with the parameters (merged with the secrets)
    /// on stdin, as one JSON line or as `key='value'` dotenv lines.
    ShellFile {
        /// The script.
        path: PathBuf,
        /// Dotenv lines instead of JSON.
        dotenv: bool,
    },
    /// `core.python` runtime.
    Python {
        /// Program.
        source: ScriptSource,
    },
    /// `core.nodejs` runtime.
    Node {
        /// Program.
        source: ScriptSource,
    },
    /// `core.echo`.
    Echo,
    /// `core.noop`.
    Noop,
    /// `core.sleep`.
    Sleep,
    /// `core.http_request`.
    HttpRequest,
}

impl RunKind {
    /// The kind for a core action ref (`core.echo`, `core.noop`,
    /// `core.sleep`, `core.http_request`), if it is one.
    pub fn core_action(action_ref: &str) -> Option<RunKind> {
        match action_ref {
            "core.echo" => Some(RunKind::Echo),
            "core.noop" => Some(RunKind::Noop),
            "core.sleep" => Some(RunKind::Sleep),
            "core.http_request" => Some(RunKind::HttpRequest),
            _ => None,
        }
    }

    /// Default output format (see the module docs).
    pub fn default_output_format(&self) -> OutputFormat {
        match self {
            RunKind::InlineShell { .. }
            | RunKind::ShellFile { .. }
            | RunKind::Echo
            | RunKind::Noop
            | RunKind::Sleep => OutputFormat::Text,
            RunKind::Python { .. } | RunKind::Node { .. } | RunKind::HttpRequest => {
                OutputFormat::Json
            }
        }
    }
}

/// Interpreter programs (names are looked up on `PATH`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interpreters {
    /// Shell for inline scripts and the shell core actions (`/bin/bash`).
    pub shell: PathBuf,
    /// Python (`python3`).
    pub python: PathBuf,
    /// Node.js (`node`).
    pub node: PathBuf,
}

impl Default for Interpreters {
    fn default() -> Self {
        Interpreters {
            shell: PathBuf::from("/bin/bash"),
            python: PathBuf::from("python3"),
            node: PathBuf::from("node"),
        }
    }
}

/// Everything needed to run one execution.
#[derive(Debug, Clone)]
pub struct RunSpec {
    /// Execution id (used for log paths).
    pub execution_id: i64,
    /// Action ref.
    pub action_ref: String,
    /// What to run.
    pub kind: RunKind,
    /// Action parameters (a JSON object; anything else counts as `{}`).
    pub parameters: Json,
    /// Keys, already ordered system → pack → action; later entries override
    /// earlier ones with the same name, and secrets override parameters.
    pub secrets: Vec<(String, Json)>,
    /// Environment additions, applied in order (see [`merge_env`]).
    pub env: Vec<(String, String)>,
    /// Execution timeout.
    pub timeout: Duration,
    /// Delay between SIGTERM and SIGKILL.
    pub kill_grace: Duration,
    /// stdout capture limit in bytes.
    pub max_stdout_bytes: usize,
    /// stderr capture limit in bytes.
    pub max_stderr_bytes: usize,
    /// How to parse stdout.
    pub output_format: OutputFormat,
    /// Working directory (default: the emulator's).
    pub working_dir: Option<PathBuf>,
    /// When set, `stdout.log` and `stderr.log` are written there and
    /// `stderr_log` points at the real file.
    pub log_dir: Option<PathBuf>,
    /// Interpreter programs.
    pub interpreters: Interpreters,
}

impl RunSpec {
    /// A spec with defaults: no parameters/secrets/env, 300 s timeout, 10 s
    /// kill grace, 10 MiB capture limits, the kind's default output format.
    pub fn new(execution_id: i64, action_ref: impl Into<String>, kind: RunKind) -> RunSpec {
        let output_format = kind.default_output_format();
        RunSpec {
            execution_id,
            action_ref: action_ref.into(),
            kind,
            parameters: json!({}),
            secrets: Vec::new(),
            env: Vec::new(),
            timeout: Duration::from_secs(300),
            kill_grace: Duration::from_secs(10),
            max_stdout_bytes: 10 * 1024 * 1024,
            max_stderr_bytes: 10 * 1024 * 1024,
            output_format,
            working_dir: None,
            log_dir: None,
            interpreters: Interpreters::default(),
        }
    }
}

/// Final status of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunStatus {
    /// Exit code 0.
    Completed,
    /// Non-zero exit, or preparation failure.
    Failed,
    /// Killed after the timeout.
    Timeout,
    /// Killed after a cancel request.
    Cancelled,
}

impl RunStatus {
    /// The execution status string (`completed`, `failed`, `timeout`,
    /// `cancelled`).
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Completed => "completed",
            RunStatus::Failed => "failed",
            RunStatus::Timeout => "timeout",
            RunStatus::Cancelled => "cancelled",
        }
    }
}

/// What came out of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    /// Final status.
    pub status: RunStatus,
    /// The execution `result` object, exactly as Attune's worker builds it.
    pub result: Json,
    /// Captured stdout (bounded; includes the truncation notice if any).
    pub stdout: String,
    /// Captured stderr (bounded). Not part of `result`.
    pub stderr: String,
}

/// A cancellation flag shared between the canceller and [`run`].
#[derive(Debug, Clone)]
pub struct CancelToken {
    tx: Arc<watch::Sender<bool>>,
}

impl Default for CancelToken {
    fn default() -> Self {
        CancelToken::new()
    }
}

impl CancelToken {
    /// A fresh, un-cancelled token.
    pub fn new() -> CancelToken {
        let (tx, _rx) = watch::channel(false);
        CancelToken { tx: Arc::new(tx) }
    }

    /// Request cancellation (idempotent).
    pub fn cancel(&self) {
        self.tx.send_replace(true);
    }

    /// Has cancellation been requested?
    pub fn is_cancelled(&self) -> bool {
        *self.tx.borrow()
    }

    /// Resolves once cancellation has been requested.
    pub async fn cancelled(&self) {
        let mut rx = self.tx.subscribe();
        if rx.wait_for(|c| *c).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Turn a parameter name into a shell identifier: characters other than
/// `[A-Za-z0-9_]` become `_`, and a leading digit gets a `_` prefix. Returns
/// `None` for an empty name.
pub fn sanitize_shell_name(name: &str) -> Option<String> {
    if name.is_empty() {
        return None;
    }
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    Some(out)
}

/// Single-quote `s` for the shell: `'...'` with every `'` written as `'\''`.
/// The result is always a single literal word.
pub fn shell_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// Text of a parameter value for shell variables: strings raw, numbers and
/// bools as text, `null` empty, objects/arrays compact JSON.
pub fn shell_value_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => String::new(),
        Json::Number(n) => n.to_string(),
        Json::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// Bash variables that are read-only or special; assigning them would abort
/// the wrapper under `set -e`, so such names only get their `PARAM_` form.
const RESERVED_SHELL_NAMES: &[&str] = &[
    "BASHOPTS",
    "BASHPID",
    "BASH_ARGC",
    "BASH_ARGV",
    "BASH_LINENO",
    "BASH_SOURCE",
    "BASH_VERSINFO",
    "EUID",
    "FUNCNAME",
    "GROUPS",
    "PPID",
    "SHELLOPTS",
    "UID",
];

/// Build the inline-shell wrapper script (see the module docs).
pub fn build_shell_wrapper(parameters: &Json, secrets: &[(String, Json)], script: &str) -> String {
    let mut out = String::from("#!/bin/bash\nset -e\n");
    let params = parameters.as_object().cloned().unwrap_or_default();
    let all = params
        .iter()
        .map(|(k, v)| (k.as_str(), v))
        .chain(secrets.iter().map(|(k, v)| (k.as_str(), v)));
    for (name, value) in all {
        let Some(ident) = sanitize_shell_name(name) else {
            continue;
        };
        let quoted = shell_quote(&shell_value_text(value));
        out.push_str(&format!("PARAM_{}={}\n", ident.to_uppercase(), quoted));
        if !RESERVED_SHELL_NAMES.contains(&ident.as_str()) {
            out.push_str(&format!("{ident}={quoted}\n"));
        }
    }
    out.push_str(script);
    if !script.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Parameters merged with secrets (secrets override same-named parameters),
/// as delivered on stdin to non-shell actions.
pub fn merged_parameters(parameters: &Json, secrets: &[(String, Json)]) -> Json {
    let mut m = parameters.as_object().cloned().unwrap_or_default();
    for (k, v) in secrets {
        m.insert(k.clone(), v.clone());
    }
    Json::Object(m)
}

/// Combine the worker-computed `ATTUNE_*` variables with a request's
/// `env_vars` object: request entries named `ATTUNE_*` are dropped, so they
/// can never override the platform's values.
pub fn merge_env(attune: Vec<(String, String)>, env_vars: &Json) -> Vec<(String, String)> {
    let mut out = attune;
    if let Some(m) = env_vars.as_object() {
        for (k, v) in m {
            if k.starts_with("ATTUNE_") || k.is_empty() || k.contains('=') {
                continue;
            }
            out.push((k.clone(), shell_value_text(v)));
        }
    }
    out
}

const ECHO_SCRIPT: &str = "message=\"${message-}\"\nprintf '%s\\n' \"$message\"\n";

const NOOP_SCRIPT: &str = r#"if [ -n "${message-}" ]; then
    printf '%s\n' "$message"
fi
code="${exit_code-0}"
case "$code" in
    ''|*[!0-9]*) code=0 ;;
esac
exit "$code"
"#;

const SLEEP_SCRIPT: &str = r#"seconds="${seconds-1}"
case "$seconds" in
    ''|*[!0-9]*)
        echo "ERROR: seconds must be a non-negative integer" >&2
        exit 1
        ;;
esac
sleep "$seconds"
if [ -n "${message-}" ]; then
    printf '%s\n' "$message"
fi
"#;

const HTTP_REQUEST_PY: &str = r#"import base64, json, ssl, sys, time, urllib.error, urllib.parse, urllib.request

raw = sys.stdin.read()
p = json.loads(raw) if raw.strip() else {}

def out(doc, code):
    print(json.dumps(doc, separators=(",", ":")))
    sys.exit(code)

def as_bool(v, default):
    if v is None:
        return default
    if isinstance(v, bool):
        return v
    return str(v).strip().lower() in ("true", "1", "yes")

url = p.get("url") or ""
if not url:
    out({"status_code": 0, "headers": {}, "body": "", "json": None, "elapsed_ms": 0,
         "url": "", "success": False, "error": "url parameter is required"}, 1)
method = str(p.get("method") or "GET").upper()
try:
    timeout = float(p.get("timeout") or 30)
except (TypeError, ValueError):
    timeout = 30.0
headers = {str(k): str(v) for k, v in (p.get("headers") or {}).items()}
query = p.get("query_params") or {}
if query:
    qs = urllib.parse.urlencode({str(k): str(v) for k, v in query.items()})
    url = url + ("&" if "?" in url else "?") + qs
data = None
json_body = p.get("json_body")
body = p.get("body")
if json_body not in (None, ""):
    data = (json_body if isinstance(json_body, str) else json.dumps(json_body)).encode()
    headers.setdefault("Content-Type", "application/json")
elif body not in (None, ""):
    data = (body if isinstance(body, str) else json.dumps(body)).encode()
auth = str(p.get("auth_type") or "none").lower()
if auth == "basic" and p.get("auth_username"):
    cred = "%s:%s" % (p.get("auth_username"), p.get("auth_password") or "")
    headers["Authorization"] = "Basic " + base64.b64encode(cred.encode()).decode()
elif auth == "bearer" and p.get("auth_token"):
    headers["Authorization"] = "Bearer %s" % p.get("auth_token")
ctx = None
if not as_bool(p.get("verify_ssl"), True):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
handlers = [urllib.request.HTTPSHandler(context=ctx)] if ctx else []
if not as_bool(p.get("follow_redirects"), True):
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None
    handlers.append(NoRedirect())
opener = urllib.request.build_opener(*handlers)
req = urllib.request.Request(url, data=data, method=method, headers=headers)
start = time.time()
try:
    try:
        resp = opener.open(req, timeout=timeout)
    except urllib.error.HTTPError as e:
        resp = e
    status = resp.getcode() or 0
    text = resp.read().decode("utf-8", "replace")
    resp_headers = {k: v for k, v in resp.headers.items()}
    final_url = resp.geturl() if hasattr(resp, "geturl") else url
except Exception as e:
    reason = getattr(e, "reason", e)
    out({"status_code": 0, "headers": {}, "body": "", "json": None,
         "elapsed_ms": int((time.time() - start) * 1000), "url": url,
         "success": False, "error": str(reason)}, 1)
elapsed = int((time.time() - start) * 1000)
parsed = None
s = text.strip()
if s[:1] in ("{", "[") and s[-1:] in ("}", "]"):
    try:
        parsed = json.loads(s)
    except ValueError:
        parsed = None
ok = 200 <= status < 300
out({"status_code": status, "headers": resp_headers, "body": text, "json": parsed,
     "elapsed_ms": elapsed, "url": final_url, "success": ok}, 0 if ok else 1)
"#;

/// Bounded capture buffer with Attune's truncation policy: data beyond
/// `max - 128` bytes is dropped, a notice is appended once, and the number of
/// dropped bytes is counted.
#[derive(Debug)]
pub struct BoundedBuffer {
    buf: Vec<u8>,
    max: usize,
    truncated: bool,
    attempted: usize,
    written: usize,
    notice: &'static str,
}

/// Final state of a [`BoundedBuffer`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    /// Captured text (lossy UTF-8), including the notice when truncated.
    pub content: String,
    /// Whether anything was dropped.
    pub truncated: bool,
    /// How many bytes were dropped.
    pub bytes_truncated: usize,
}

impl BoundedBuffer {
    /// A stdout buffer of `max` bytes.
    pub fn stdout(max: usize) -> BoundedBuffer {
        BoundedBuffer::with_notice(max, TRUNCATION_NOTICE_STDOUT)
    }

    /// A stderr buffer of `max` bytes.
    pub fn stderr(max: usize) -> BoundedBuffer {
        BoundedBuffer::with_notice(max, TRUNCATION_NOTICE_STDERR)
    }

    fn with_notice(max: usize, notice: &'static str) -> BoundedBuffer {
        BoundedBuffer {
            buf: Vec::with_capacity(max.min(64 * 1024)),
            max,
            truncated: false,
            attempted: 0,
            written: 0,
            notice,
        }
    }

    /// Append bytes.
    pub fn push(&mut self, data: &[u8]) {
        self.attempted = self.attempted.saturating_add(data.len());
        if self.truncated || data.is_empty() {
            return;
        }
        let limit = self.max.saturating_sub(NOTICE_RESERVE_BYTES);
        let room = limit.saturating_sub(self.buf.len());
        let take = room.min(data.len());
        self.buf.extend_from_slice(&data[..take]);
        self.written += take;
        if take < data.len() {
            self.truncated = true;
            self.buf.extend_from_slice(self.notice.as_bytes());
        }
    }

    /// Finish.
    pub fn finish(self) -> Captured {
        Captured {
            content: String::from_utf8_lossy(&self.buf).into_owned(),
            truncated: self.truncated,
            bytes_truncated: if self.truncated {
                self.attempted.saturating_sub(self.written)
            } else {
                0
            },
        }
    }
}

async fn capture<R: AsyncRead + Unpin>(mut reader: R, mut buf: BoundedBuffer) -> Captured {
    let mut chunk = vec![0u8; 16 * 1024];
    loop {
        match reader.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.push(&chunk[..n]),
        }
    }
    buf.finish()
}

/// Parse stdout per `format` (only called after exit code 0).
pub fn parse_output(stdout: &str, format: OutputFormat) -> Option<Json> {
    let trimmed = stdout.trim();
    if trimmed.is_empty() {
        return None;
    }
    match format {
        OutputFormat::Text => None,
        OutputFormat::Json => serde_json::from_str(trimmed).ok().or_else(|| {
            trimmed
                .lines()
                .last()
                .and_then(|l| serde_json::from_str(l).ok())
        }),
        OutputFormat::Jsonl => {
            let items: Vec<Json> = trimmed
                .lines()
                .filter_map(|l| serde_json::from_str(l).ok())
                .collect();
            (!items.is_empty()).then_some(Json::Array(items))
        }
    }
}

/// The `error` text for a failed run: stderr when it has at most 5 lines,
/// else its last line; `Command exited with code N` when stderr is empty.
pub fn failure_error(stderr: &str, exit_code: i32) -> String {
    if stderr.is_empty() {
        format!("Command exited with code {exit_code}")
    } else if stderr.lines().count() > 5 {
        stderr.lines().last().unwrap_or("").to_string()
    } else {
        stderr.to_string()
    }
}

fn format_seconds(d: Duration) -> String {
    if d.subsec_nanos() == 0 {
        d.as_secs().to_string()
    } else {
        let s = format!("{:.3}", d.as_secs_f64());
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn preparation_failure(msg: impl std::fmt::Display) -> RunOutcome {
    RunOutcome {
        status: RunStatus::Failed,
        result: json!({
            "succeeded": false,
            "error": format!("Failed to prepare execution context: {msg}"),
        }),
        stdout: String::new(),
        stderr: String::new(),
    }
}

fn temp_script(prefix: &str, suffix: &str, content: &str) -> std::io::Result<tempfile::TempPath> {
    let mut f = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(suffix)
        .tempfile()?;
    f.write_all(content.as_bytes())?;
    f.flush()?;
    Ok(f.into_temp_path())
}

/// A prepared command: program, args, optional stdin payload, and temp files
/// that must outlive the process.
struct Prepared {
    program: PathBuf,
    args: Vec<std::ffi::OsString>,
    stdin: Option<String>,
    cwd: Option<PathBuf>,
    _temp: Option<tempfile::TempPath>,
}

fn prepare(spec: &RunSpec) -> Result<Prepared, String> {
    let shell_script = |body: &str| -> Result<Prepared, String> {
        let wrapper = build_shell_wrapper(&spec.parameters, &spec.secrets, body);
        let path = temp_script("attune-action-", ".sh", &wrapper)
            .map_err(|e| format!("cannot write script wrapper: {e}"))?;
        Ok(Prepared {
            program: spec.interpreters.shell.clone(),
            args: vec![path.as_os_str().to_owned()],
            stdin: None,
            cwd: spec.working_dir.clone(),
            _temp: Some(path),
        })
    };
    let stdin_json = || {
        let mut s = merged_parameters(&spec.parameters, &spec.secrets).to_string();
        s.push('\n');
        s
    };
    let interpreted = |interp: &Path, pre: &[&str], source: &ScriptSource, suffix: &str| {
        let (file, temp, cwd) = match source {
            ScriptSource::Code(code) => {
                let path = temp_script("attune-action-", suffix, code)
                    .map_err(|e| format!("cannot write action file: {e}"))?;
                (path.to_path_buf(), Some(path), spec.working_dir.clone())
            }
            ScriptSource::File(p) => {
                if !p.is_file() {
                    return Err(format!("action file '{}' not found", p.display()));
                }
                let cwd = spec
                    .working_dir
                    .clone()
                    .or_else(|| p.parent().map(Path::to_path_buf));
                (p.clone(), None, cwd)
            }
        };
        let mut args: Vec<std::ffi::OsString> = pre.iter().map(Into::into).collect();
        args.push(file.into_os_string());
        Ok(Prepared {
            program: interp.to_path_buf(),
            args,
            stdin: Some(stdin_json()),
            cwd,
            _temp: temp,
        })
    };
    match &spec.kind {
        RunKind::InlineShell { script } => shell_script(script),
        RunKind::ShellFile { path, dotenv } => {
            if !path.is_file() {
                return Err(format!("action file '{}' not found", path.display()));
            }
            let merged = merged_parameters(&spec.parameters, &spec.secrets);
            let stdin = if *dotenv {
                crate::engine::packs::manifest::dotenv(&merged)
            } else {
                let mut s = merged.to_string();
                s.push('\n');
                s
            };
            Ok(Prepared {
                program: spec.interpreters.shell.clone(),
                args: vec![path.as_os_str().to_owned()],
                stdin: Some(stdin),
                cwd: spec
                    .working_dir
                    .clone()
                    .or_else(|| path.parent().map(Path::to_path_buf)),
                _temp: None,
            })
        }
        RunKind::Echo => shell_script(ECHO_SCRIPT),
        RunKind::Noop => shell_script(NOOP_SCRIPT),
        RunKind::Sleep => shell_script(SLEEP_SCRIPT),
        RunKind::Python { source } => {
            interpreted(&spec.interpreters.python, &["-u"], source, ".py")
        }
        RunKind::Node { source } => interpreted(&spec.interpreters.node, &[], source, ".js"),
        RunKind::HttpRequest => interpreted(
            &spec.interpreters.python,
            &["-u"],
            &ScriptSource::Code(HTTP_REQUEST_PY.to_string()),
            ".py",
        ),
    }
}

fn signal_group(pgid: i32, sig: nix::sys::signal::Signal) {
    if pgid <= 0 {
        return;
    }
    let pid = nix::unistd::Pid::from_raw(pgid);
    if nix::sys::signal::killpg(pid, sig).is_err() {
        // Group already gone, or not a group leader: try the process itself.
        let _ = nix::sys::signal::kill(pid, sig);
    }
}

enum End {
    Exited(Option<std::process::ExitStatus>),
    TimedOut,
    Cancelled,
}

/// Run one action to completion (or timeout / cancellation).
pub async fn run(spec: RunSpec, cancel: CancelToken) -> RunOutcome {
    let prepared = match prepare(&spec) {
        Ok(p) => p,
        Err(e) => return preparation_failure(e),
    };

    let mut cmd = Command::new(&prepared.program);
    cmd.args(&prepared.args)
        .stdin(if prepared.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true);
    if let Some(dir) = &prepared.cwd {
        cmd.current_dir(dir);
    }
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("ATTUNE_") {
            cmd.env_remove(&k);
        }
    }
    for (k, v) in &spec.env {
        cmd.env(k, v);
    }

    if cancel.is_cancelled() {
        // Nothing started yet: report as cancelled without running.
        return RunOutcome {
            status: RunStatus::Cancelled,
            result: json!({
                "succeeded": false,
                "cancelled": true,
                "exit_code": -1,
                "duration_ms": 0,
                "error": "Execution cancelled by user",
            }),
            stdout: String::new(),
            stderr: String::new(),
        };
    }

    let started = Instant::now();
    let deadline = tokio::time::Instant::now() + spec.timeout;
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let name = prepared.program.display().to_string();
            return preparation_failure(format!("interpreter '{name}' not found"));
        }
        Err(e) => {
            return preparation_failure(format!(
                "failed to start '{}': {e}",
                prepared.program.display()
            ))
        }
    };
    let pgid = child.id().and_then(|p| i32::try_from(p).ok()).unwrap_or(0);

    if let (Some(payload), Some(mut stdin)) = (prepared.stdin.as_ref(), child.stdin.take()) {
        let payload = payload.clone();
        // Write in the background so a child that never reads stdin cannot
        // block us; errors (broken pipe) are irrelevant.
        tokio::spawn(async move {
            let _ = stdin.write_all(payload.as_bytes()).await;
            let _ = stdin.shutdown().await;
        });
    }

    let out_task = child
        .stdout
        .take()
        .map(|r| tokio::spawn(capture(r, BoundedBuffer::stdout(spec.max_stdout_bytes))));
    let err_task = child
        .stderr
        .take()
        .map(|r| tokio::spawn(capture(r, BoundedBuffer::stderr(spec.max_stderr_bytes))));

    let end = tokio::select! {
        st = child.wait() => End::Exited(st.ok()),
        _ = tokio::time::sleep_until(deadline) => End::TimedOut,
        _ = cancel.cancelled() => End::Cancelled,
    };

    let mut killed_exit_code = -1;
    let status = match end {
        End::Exited(st) => {
            // The main process is gone; children it left behind may still
            // hold the pipes. Give them until the deadline (or a cancel).
            let readers_done = async {
                if let Some(t) = &out_task {
                    while !t.is_finished() {
                        tokio::time::sleep(Duration::from_millis(5)).await;
                    }
                }
                if let Some(t) = &err_task {
                    while !t.is_finished() {
                        tokio::time::sleep(Duration::from_millis(5)).await;
                    }
                }
            };
            tokio::select! {
                _ = readers_done => {}
                _ = tokio::time::sleep_until(deadline) => {
                    signal_group(pgid, nix::sys::signal::Signal::SIGKILL);
                }
                _ = cancel.cancelled() => {
                    signal_group(pgid, nix::sys::signal::Signal::SIGKILL);
                }
            }
            End::Exited(st)
        }
        other => {
            signal_group(pgid, nix::sys::signal::Signal::SIGTERM);
            let grace = tokio::time::Instant::now() + spec.kill_grace;
            let exited = tokio::select! {
                st = child.wait() => st.ok(),
                _ = tokio::time::sleep_until(grace) => None,
            };
            // Whatever is left of the group (the main process if it ignored
            // SIGTERM, or children that outlived it) is killed now, at the
            // latest after the grace period.
            let stragglers = async {
                if let Some(t) = &out_task {
                    while !t.is_finished() {
                        tokio::time::sleep(Duration::from_millis(5)).await;
                    }
                }
            };
            if exited.is_some() {
                let _ = tokio::time::timeout_at(grace, stragglers).await;
            }
            signal_group(pgid, nix::sys::signal::Signal::SIGKILL);
            let code = match exited {
                Some(st) => st.code(),
                None => child.wait().await.ok().and_then(|s| s.code()),
            };
            killed_exit_code = code.unwrap_or(-1);
            other
        }
    };

    let stdout = match out_task {
        Some(t) => t
            .await
            .unwrap_or_else(|_| BoundedBuffer::stdout(0).finish()),
        None => BoundedBuffer::stdout(0).finish(),
    };
    let stderr = match err_task {
        Some(t) => t
            .await
            .unwrap_or_else(|_| BoundedBuffer::stderr(0).finish()),
        None => BoundedBuffer::stderr(0).finish(),
    };
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);

    let stderr_log = if stderr.content.trim().is_empty() {
        None
    } else {
        Some(write_logs(&spec, &stdout.content, &stderr.content))
    };
    if stderr_log.is_none() {
        if let Some(dir) = &spec.log_dir {
            let _ = std::fs::create_dir_all(dir);
            let _ = std::fs::write(dir.join("stdout.log"), &stdout.content);
        }
    }

    let mut result = Map::new();
    let run_status;
    match status {
        End::TimedOut => {
            run_status = RunStatus::Timeout;
            result.insert("succeeded".into(), json!(false));
            result.insert("exit_code".into(), json!(-1));
            result.insert("duration_ms".into(), json!(duration_ms));
            result.insert(
                "error".into(),
                json!(format!(
                    "Execution timed out after {} seconds",
                    format_seconds(spec.timeout)
                )),
            );
            add_common(&mut result, &stdout, &stderr, stderr_log);
        }
        End::Cancelled => {
            run_status = RunStatus::Cancelled;
            result.insert("succeeded".into(), json!(false));
            result.insert("cancelled".into(), json!(true));
            result.insert("exit_code".into(), json!(killed_exit_code));
            result.insert("duration_ms".into(), json!(duration_ms));
            result.insert("error".into(), json!("Execution cancelled by user"));
            add_common(&mut result, &stdout, &stderr, stderr_log);
        }
        End::Exited(st) => {
            let exit_code = st.and_then(|s| s.code()).unwrap_or(-1);
            if exit_code == 0 {
                run_status = RunStatus::Completed;
                let data = parse_output(&stdout.content, spec.output_format);
                result.insert("exit_code".into(), json!(0));
                result.insert("duration_ms".into(), json!(duration_ms));
                result.insert("succeeded".into(), json!(true));
                if data.is_none() && !stdout.content.is_empty() {
                    result.insert("stdout".into(), json!(stdout.content));
                }
                if let Some(p) = stderr_log {
                    result.insert("stderr_log".into(), json!(p));
                }
                if let Some(d) = data {
                    result.insert("data".into(), d);
                }
            } else {
                run_status = RunStatus::Failed;
                result.insert("succeeded".into(), json!(false));
                result.insert("exit_code".into(), json!(exit_code));
                result.insert("duration_ms".into(), json!(duration_ms));
                result.insert(
                    "error".into(),
                    json!(failure_error(&stderr.content, exit_code)),
                );
                add_common(&mut result, &stdout, &stderr, stderr_log);
            }
        }
    }
    drop(prepared);
    RunOutcome {
        status: run_status,
        result: Json::Object(result),
        stdout: stdout.content,
        stderr: stderr.content,
    }
}

fn add_common(
    result: &mut Map<String, Json>,
    stdout: &Captured,
    stderr: &Captured,
    stderr_log: Option<String>,
) {
    if !stdout.content.is_empty() {
        result.insert("stdout".into(), json!(stdout.content));
    }
    if let Some(p) = stderr_log {
        result.insert("stderr_log".into(), json!(p));
    }
    if stdout.truncated {
        result.insert("stdout_truncated".into(), json!(true));
        result.insert(
            "stdout_bytes_truncated".into(),
            json!(stdout.bytes_truncated),
        );
    }
    if stderr.truncated {
        result.insert("stderr_truncated".into(), json!(true));
        result.insert(
            "stderr_bytes_truncated".into(),
            json!(stderr.bytes_truncated),
        );
    }
}

/// Write `stdout.log`/`stderr.log` when a log dir is configured and return
/// the `stderr_log` path; without a log dir the path is the conventional
/// artifact location `<tmp>/attune/artifacts/<action_ref>/<id>/stderr.log`
/// (not written).
fn write_logs(spec: &RunSpec, stdout: &str, stderr: &str) -> String {
    match &spec.log_dir {
        Some(dir) => {
            let _ = std::fs::create_dir_all(dir);
            let _ = std::fs::write(dir.join("stdout.log"), stdout);
            let path = dir.join("stderr.log");
            let _ = std::fs::write(&path, stderr);
            path.display().to_string()
        }
        None => std::env::temp_dir()
            .join("attune")
            .join("artifacts")
            .join(&spec.action_ref)
            .join(spec.execution_id.to_string())
            .join("stderr.log")
            .display()
            .to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
