//! Tests for the action runner. They run real processes (bash, python3,
//! node) but never depend on tight timing: waits are either bounded polls
//! or generous upper bounds.

use super::*;
use serde_json::json;
use std::time::Duration;

fn shell(script: &str) -> RunSpec {
    RunSpec::new(
        1,
        "test.adhoc",
        RunKind::InlineShell {
            script: script.to_string(),
        },
    )
}

async fn go(spec: RunSpec) -> RunOutcome {
    run(spec, CancelToken::new()).await
}

fn keys(v: &Json) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

fn process_gone(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        // zombie (reaped later by init) counts as dead
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .map(|rest| rest.trim_start().starts_with('Z'))
            .unwrap_or(false),
    }
}

async fn wait_gone(pid: i32) -> bool {
    for _ in 0..200 {
        if process_gone(pid) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

async fn wait_file(path: &Path) -> String {
    for _ in 0..500 {
        if let Ok(s) = std::fs::read_to_string(path) {
            if s.ends_with('\n') {
                return s;
            }
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("file {} never appeared", path.display());
}

// ---------------------------------------------------------------- helpers

#[test]
fn quoting_and_names() {
    assert_eq!(shell_quote("abc"), "'abc'");
    assert_eq!(shell_quote("it's"), "'it'\\''s'");
    assert_eq!(shell_quote(""), "''");
    assert_eq!(sanitize_shell_name("api-key"), Some("api_key".into()));
    assert_eq!(sanitize_shell_name("9lives"), Some("_9lives".into()));
    assert_eq!(sanitize_shell_name("a b;c$(d)"), Some("a_b_c__d_".into()));
    assert_eq!(sanitize_shell_name("ünï"), Some("_n_".into()));
    assert_eq!(sanitize_shell_name(""), None);
    assert_eq!(shell_value_text(&json!("x")), "x");
    assert_eq!(shell_value_text(&json!(3)), "3");
    assert_eq!(shell_value_text(&json!(1.5)), "1.5");
    assert_eq!(shell_value_text(&json!(true)), "true");
    assert_eq!(shell_value_text(&json!(null)), "");
    assert_eq!(
        shell_value_text(&json!({"a": [1, "b"]})),
        "{\"a\":[1,\"b\"]}"
    );
}

#[test]
fn wrapper_layout() {
    let w = build_shell_wrapper(
        &json!({"name": "it's", "count": 2}),
        &[("token".to_string(), json!("s"))],
        "echo hi",
    );
    assert_eq!(
        w,
        "#!/bin/bash\nset -e\nPARAM_COUNT='2'\ncount='2'\nPARAM_NAME='it'\\''s'\nname='it'\\''s'\nPARAM_TOKEN='s'\ntoken='s'\necho hi\n"
    );
    // read-only bash names only get the PARAM_ form
    let w = build_shell_wrapper(&json!({"UID": 5}), &[], "true");
    assert!(w.contains("PARAM_UID='5'\n"));
    assert!(!w.contains("\nUID="));
}

#[test]
fn merge_helpers() {
    let env = merge_env(
        vec![("ATTUNE_EXEC_ID".into(), "7".into())],
        &json!({"ATTUNE_EXEC_ID": "666", "DEBUG": "1", "N": 3, "": "x", "A=B": "y"}),
    );
    assert_eq!(
        env,
        vec![
            ("ATTUNE_EXEC_ID".to_string(), "7".to_string()),
            ("DEBUG".to_string(), "1".to_string()),
            ("N".to_string(), "3".to_string()),
        ]
    );
    let m = merged_parameters(
        &json!({"a": 1, "k": "param"}),
        &[("k".into(), json!("secret"))],
    );
    assert_eq!(m, json!({"a": 1, "k": "secret"}));
}

#[test]
fn bounded_buffer_policy() {
    let mut b = BoundedBuffer::stdout(138); // room for 10 bytes
    b.push(b"1234567890");
    let c = b.finish();
    assert_eq!(c.content, "1234567890");
    assert!(!c.truncated);

    let mut b = BoundedBuffer::stdout(138);
    b.push(b"12345678901");
    b.push(b"more");
    let c = b.finish();
    assert!(c.truncated);
    assert_eq!(c.bytes_truncated, 5);
    assert!(c
        .content
        .starts_with("1234567890\n\n[OUTPUT TRUNCATED: stdout exceeded size limit]"));

    let mut b = BoundedBuffer::stderr(10);
    b.push(b"x");
    let c = b.finish();
    assert!(c.truncated);
    assert!(c.content.contains("stderr exceeded size limit"));
}

#[test]
fn output_parsing_and_errors() {
    assert_eq!(
        parse_output("{\"a\":1}\n", OutputFormat::Json),
        Some(json!({"a": 1}))
    );
    assert_eq!(
        parse_output("{\n \"a\": 1\n}\n", OutputFormat::Json),
        Some(json!({"a": 1}))
    );
    assert_eq!(
        parse_output("log\n[1,2]\n", OutputFormat::Json),
        Some(json!([1, 2]))
    );
    assert_eq!(parse_output("hello\n", OutputFormat::Json), None);
    assert_eq!(parse_output("{\"a\":1}", OutputFormat::Text), None);
    assert_eq!(
        parse_output("{\"a\":1}\nnoise\n2\n", OutputFormat::Jsonl),
        Some(json!([{"a": 1}, 2]))
    );
    assert_eq!(parse_output("   \n", OutputFormat::Json), None);
    assert_eq!(failure_error("", 3), "Command exited with code 3");
    assert_eq!(failure_error("a\nb\n", 1), "a\nb\n");
    assert_eq!(failure_error("1\n2\n3\n4\n5\n6\nlast\n", 1), "last");
    assert_eq!(format_seconds(Duration::from_secs(2)), "2");
    assert_eq!(format_seconds(Duration::from_millis(1500)), "1.5");
}

// ---------------------------------------------------------------- shell

#[tokio::test]
async fn shell_completed_result_shape() {
    let o = go(shell("echo hello")).await;
    assert_eq!(o.status, RunStatus::Completed);
    assert_eq!(
        keys(&o.result),
        ["duration_ms", "exit_code", "stdout", "succeeded"]
    );
    assert_eq!(o.result["succeeded"], true);
    assert_eq!(o.result["exit_code"], 0);
    assert_eq!(o.result["stdout"], "hello\n");
    assert!(o.result["duration_ms"].is_u64());
}

#[tokio::test]
async fn shell_empty_stdout_omitted() {
    let o = go(shell("true")).await;
    assert_eq!(o.status, RunStatus::Completed);
    assert_eq!(keys(&o.result), ["duration_ms", "exit_code", "succeeded"]);
}

#[tokio::test]
async fn injection_payloads_print_literally_and_never_execute() {
    let dir = tempfile::tempdir().unwrap();
    let mark = dir.path().join("pwned");
    let m = mark.display().to_string();
    let payloads = vec![
        format!("'; touch {m}; echo '"),
        format!("$(touch {m})"),
        format!("`touch {m}`"),
        format!("a\nb; touch {m}\n"),
        format!("\"; touch {m}; \""),
        format!("${{IFS}}touch${{IFS}}{m}"),
        format!("'\\''; touch {m}; '\\''"),
        format!("x' ; touch {m} ; 'y"),
        "; rm -rf /".to_string(),
        "$HOME $(id) ${PATH}".to_string(),
        "\\' \\\" \\\\ \u{0} end".replace('\u{0}', ""),
    ];
    let mut params = serde_json::Map::new();
    let mut script = String::new();
    for (i, p) in payloads.iter().enumerate() {
        params.insert(format!("p{i}"), json!(p));
        script.push_str(&format!("printf '<%s>\\n' \"$p{i}\" \"$PARAM_P{i}\"\n"));
    }
    // a malicious parameter *name* is sanitised too
    params.insert(format!("x;touch {m};y"), json!("v"));
    let mut spec = shell(&script);
    spec.parameters = Json::Object(params);
    let o = go(spec).await;
    assert_eq!(o.status, RunStatus::Completed, "{:?}", o.result);
    let mut expected = String::new();
    for p in &payloads {
        expected.push_str(&format!("<{p}>\n<{p}>\n"));
    }
    assert_eq!(o.result["stdout"], expected);
    assert!(!mark.exists(), "a parameter value executed code");
}

#[tokio::test]
async fn parameter_types_become_text() {
    let mut spec = shell(
        "printf '%s|%s|%s|%s|%s|%s\\n' \"$s\" \"$n\" \"$f\" \"$b\" \"$o\" \"[$z]\"\necho \"$PARAM_S\"",
    );
    spec.parameters =
        json!({"s": "str", "n": 42, "f": 2.5, "b": false, "o": {"k": [1, "x"]}, "z": null});
    let o = go(spec).await;
    assert_eq!(
        o.result["stdout"],
        "str|42|2.5|false|{\"k\":[1,\"x\"]}|[]\nstr\n"
    );
}

#[tokio::test]
async fn secrets_are_shell_variables_not_environment() {
    let mut spec = shell(
        "printenv api_key || echo not-in-env\n\
         printenv PARAM_API_KEY || echo param-not-in-env\n\
         echo \"var:$api_key/$PARAM_API_KEY\"\n\
         bash -c 'echo \"child:${api_key:-none}\"'\n\
         echo \"override:$shared\"\n\
         echo \"env:$ATTUNE_EXEC_ID\"",
    );
    spec.parameters = json!({"shared": "from-param"});
    spec.secrets = vec![
        ("api_key".into(), json!("s3cr3t")),
        ("shared".into(), json!("system")),
        ("shared".into(), json!("action-wins")),
    ];
    spec.env = vec![("ATTUNE_EXEC_ID".into(), "77".into())];
    let o = go(spec).await;
    assert_eq!(o.status, RunStatus::Completed, "{:?}", o.result);
    assert_eq!(
        o.result["stdout"],
        "not-in-env\nparam-not-in-env\nvar:s3cr3t/s3cr3t\nchild:none\noverride:action-wins\nenv:77\n"
    );
}

#[tokio::test]
async fn stdin_is_closed_for_inline_shell() {
    let mut spec = shell("INPUT=$(cat)\necho \"[$INPUT]\"");
    spec.timeout = Duration::from_secs(20);
    let o = go(spec).await;
    assert_eq!(o.status, RunStatus::Completed);
    assert_eq!(o.result["stdout"], "[]\n");
}

#[tokio::test]
async fn exit_codes_fail_with_exit_code() {
    for code in [1, 2, 255] {
        let o = go(shell(&format!("echo out\nexit {code}"))).await;
        assert_eq!(o.status, RunStatus::Failed);
        assert_eq!(o.result["succeeded"], false);
        assert_eq!(o.result["exit_code"], code);
        assert_eq!(
            o.result["error"],
            format!("Command exited with code {code}")
        );
        assert_eq!(o.result["stdout"], "out\n");
        assert_eq!(
            keys(&o.result),
            ["duration_ms", "error", "exit_code", "stdout", "succeeded"]
        );
    }
    let o = go(shell("definitely_not_a_command_xyz")).await;
    assert_eq!(o.status, RunStatus::Failed);
    assert_eq!(o.result["exit_code"], 127);
    let err = o.result["error"].as_str().unwrap();
    assert!(
        err.contains("definitely_not_a_command_xyz") && err.contains("not found"),
        "{err}"
    );
    assert!(o.result["stderr_log"].is_string());
    // set -e stops at the first failing command
    let o = go(shell("false\necho unreachable")).await;
    assert_eq!(o.result["exit_code"], 1);
    assert!(o.result.get("stdout").is_none());
}

#[tokio::test]
async fn stderr_error_text_rules() {
    let o = go(shell("echo one >&2\necho two >&2\nexit 3")).await;
    assert_eq!(o.result["error"], "one\ntwo\n");
    let o = go(shell(
        "for i in 1 2 3 4 5 6 7; do echo line$i >&2; done\nexit 4",
    ))
    .await;
    assert_eq!(o.result["error"], "line7");
    // blank stderr does not count
    let o = go(shell("echo '   ' >&2\nexit 5")).await;
    assert_eq!(o.result["error"], "   \n");
    assert!(o.result.get("stderr_log").is_none());
}

#[tokio::test]
async fn stderr_log_on_success_and_log_dir() {
    let dir = tempfile::tempdir().unwrap();
    let mut spec = shell("echo out\necho warn >&2");
    spec.log_dir = Some(dir.path().join("exec-1"));
    let o = go(spec).await;
    assert_eq!(o.status, RunStatus::Completed);
    let p = o.result["stderr_log"].as_str().unwrap();
    assert_eq!(std::fs::read_to_string(p).unwrap(), "warn\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("exec-1/stdout.log")).unwrap(),
        "out\n"
    );
    assert_eq!(o.stderr, "warn\n");
    // without a log dir it is still a path-like string
    let o = go(shell("echo warn >&2")).await;
    assert!(o.result["stderr_log"]
        .as_str()
        .unwrap()
        .ends_with("stderr.log"));
}

#[tokio::test]
async fn json_and_jsonl_output_formats() {
    let mut spec = shell("echo starting\necho '{\"a\": 1, \"b\": [true]}'");
    spec.output_format = OutputFormat::Json;
    let o = go(spec).await;
    assert_eq!(o.result["data"], json!({"a": 1, "b": [true]}));
    assert!(
        o.result.get("stdout").is_none(),
        "stdout omitted when data parsed"
    );
    assert_eq!(o.stdout, "starting\n{\"a\": 1, \"b\": [true]}\n");

    let mut spec = shell("echo not json");
    spec.output_format = OutputFormat::Json;
    let o = go(spec).await;
    assert!(o.result.get("data").is_none());
    assert_eq!(o.result["stdout"], "not json\n");

    let mut spec = shell("echo '{\"i\":1}'\necho junk\necho '{\"i\":2}'");
    spec.output_format = OutputFormat::Jsonl;
    let o = go(spec).await;
    assert_eq!(o.result["data"], json!([{"i": 1}, {"i": 2}]));

    // no parsing on failure
    let mut spec = shell("echo '{\"a\":1}'\nexit 1");
    spec.output_format = OutputFormat::Json;
    let o = go(spec).await;
    assert!(o.result.get("data").is_none());
    assert_eq!(o.result["stdout"], "{\"a\":1}\n");
}

#[tokio::test]
async fn truncation_flags() {
    let mut spec = shell(
        "head -c 5000 /dev/zero | tr '\\0' a\nhead -c 3000 /dev/zero | tr '\\0' b >&2\nexit 3",
    );
    spec.max_stdout_bytes = 1000;
    spec.max_stderr_bytes = 500;
    let o = go(spec).await;
    assert_eq!(o.status, RunStatus::Failed);
    assert_eq!(o.result["stdout_truncated"], true);
    assert_eq!(o.result["stdout_bytes_truncated"], 5000 - (1000 - 128));
    assert_eq!(o.result["stderr_truncated"], true);
    assert_eq!(o.result["stderr_bytes_truncated"], 3000 - (500 - 128));
    let out = o.result["stdout"].as_str().unwrap();
    assert!(out.starts_with(&"a".repeat(872)));
    assert!(out.ends_with("[OUTPUT TRUNCATED: stdout exceeded size limit]\n"));
    assert!(o.result["error"]
        .as_str()
        .unwrap()
        .contains("stderr exceeded size limit"));

    // success keeps the (truncated) stdout but, like Attune, no flags
    let mut spec = shell("head -c 5000 /dev/zero | tr '\\0' a");
    spec.max_stdout_bytes = 1000;
    let o = go(spec).await;
    assert_eq!(o.status, RunStatus::Completed);
    assert!(o.result.get("stdout_truncated").is_none());
    assert!(o.result["stdout"]
        .as_str()
        .unwrap()
        .contains("OUTPUT TRUNCATED"));
}

#[tokio::test]
async fn timeout_kills_the_process_group() {
    let dir = tempfile::tempdir().unwrap();
    let pidfile = dir.path().join("child.pid");
    let mut spec = shell(&format!(
        "sleep 30 &\necho $! > {}\necho started\nwait",
        shell_quote(&pidfile.display().to_string())
    ));
    spec.timeout = Duration::from_secs(1);
    spec.kill_grace = Duration::from_secs(2);
    let t0 = std::time::Instant::now();
    let o = go(spec).await;
    let elapsed = t0.elapsed();
    assert_eq!(o.status, RunStatus::Timeout, "{:?}", o.result);
    assert_eq!(
        keys(&o.result),
        ["duration_ms", "error", "exit_code", "stdout", "succeeded"]
    );
    assert_eq!(o.result["succeeded"], false);
    assert!(o.result.get("timed_out").is_none(), "no timed_out key");
    assert_eq!(o.result["exit_code"], -1);
    assert_eq!(o.result["error"], "Execution timed out after 1 seconds");
    assert_eq!(o.result["stdout"], "started\n");
    assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}");
    let pid: i32 = std::fs::read_to_string(&pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(
        wait_gone(pid).await,
        "background child {pid} survived the timeout"
    );
}

#[tokio::test]
async fn timeout_escalates_to_sigkill_when_sigterm_is_ignored() {
    let mut spec = shell("trap '' TERM\nwhile true; do sleep 0.05; done");
    spec.timeout = Duration::from_millis(300);
    spec.kill_grace = Duration::from_millis(300);
    let t0 = std::time::Instant::now();
    let o = go(spec).await;
    assert_eq!(o.status, RunStatus::Timeout);
    assert_eq!(o.result["exit_code"], -1);
    assert_eq!(o.result["error"], "Execution timed out after 0.3 seconds");
    assert!(t0.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn cancel_mid_run_keeps_partial_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let ready = dir.path().join("ready");
    let mut spec = shell(&format!(
        "echo partial\necho go > {}\nsleep 30\necho never",
        shell_quote(&ready.display().to_string())
    ));
    spec.kill_grace = Duration::from_secs(2);
    let token = CancelToken::new();
    let handle = tokio::spawn(run(spec, token.clone()));
    wait_file(&ready).await;
    token.cancel();
    let o = tokio::time::timeout(Duration::from_secs(10), handle)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(o.status, RunStatus::Cancelled);
    assert_eq!(
        keys(&o.result),
        [
            "cancelled",
            "duration_ms",
            "error",
            "exit_code",
            "stdout",
            "succeeded"
        ]
    );
    assert_eq!(o.result["succeeded"], false);
    assert_eq!(o.result["cancelled"], true);
    assert_eq!(o.result["error"], "Execution cancelled by user");
    assert_eq!(o.result["stdout"], "partial\n");
    assert!(o.result["exit_code"].is_i64());
}

#[tokio::test]
async fn cancel_before_start() {
    let token = CancelToken::new();
    token.cancel();
    assert!(token.is_cancelled());
    let o = run(shell("echo should-not-run"), token).await;
    assert_eq!(o.status, RunStatus::Cancelled);
    assert_eq!(o.result["error"], "Execution cancelled by user");
    assert!(o.result.get("stdout").is_none());
}

#[tokio::test]
async fn background_child_holding_pipes_is_bounded_by_timeout() {
    // The main process exits at once but leaves a child holding stdout.
    let mut spec = shell("sleep 30 &\necho main-done");
    spec.timeout = Duration::from_secs(1);
    let t0 = std::time::Instant::now();
    let o = go(spec).await;
    assert_eq!(o.status, RunStatus::Completed);
    assert_eq!(o.result["stdout"], "main-done\n");
    assert!(t0.elapsed() < Duration::from_secs(10));
}

// ---------------------------------------------------------------- core actions

#[tokio::test]
async fn core_echo_noop_sleep() {
    let mut spec = RunSpec::new(2, "core.echo", RunKind::core_action("core.echo").unwrap());
    spec.parameters = json!({"message": "Hello, 'world' $(id)"});
    let o = go(spec).await;
    assert_eq!(o.status, RunStatus::Completed);
    assert_eq!(o.result["stdout"], "Hello, 'world' $(id)\n");

    let o = go(RunSpec::new(3, "core.noop", RunKind::Noop)).await;
    assert_eq!(o.status, RunStatus::Completed);
    assert!(o.result.get("stdout").is_none());

    let mut spec = RunSpec::new(4, "core.noop", RunKind::Noop);
    spec.parameters = json!({"exit_code": 3});
    assert_eq!(go(spec).await.result["exit_code"], 3);

    let mut spec = RunSpec::new(5, "core.sleep", RunKind::Sleep);
    spec.parameters = json!({"seconds": 0, "message": "woke"});
    let o = go(spec).await;
    assert_eq!(o.status, RunStatus::Completed);
    assert_eq!(o.result["stdout"], "woke\n");

    let mut spec = RunSpec::new(6, "core.sleep", RunKind::Sleep);
    spec.parameters = json!({"seconds": "1; touch /tmp/x"});
    let o = go(spec).await;
    assert_eq!(o.status, RunStatus::Failed);
    assert_eq!(
        o.result["error"],
        "ERROR: seconds must be a non-negative integer\n"
    );

    let mut spec = RunSpec::new(7, "core.sleep", RunKind::Sleep);
    spec.parameters = json!({"seconds": 20});
    spec.timeout = Duration::from_millis(500);
    spec.kill_grace = Duration::from_secs(1);
    assert_eq!(go(spec).await.status, RunStatus::Timeout);

    assert_eq!(
        RunKind::core_action("core.http_request"),
        Some(RunKind::HttpRequest)
    );
    assert_eq!(RunKind::core_action("core.shell"), None);
}

async fn one_shot_http_server(
    body: &'static str,
    status: &'static str,
) -> (String, tokio::task::JoinHandle<String>) {
    use tokio::io::{AsyncBufReadExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let handle = tokio::spawn(async move {
        let (sock, _) = listener.accept().await.unwrap();
        let (r, mut w) = sock.into_split();
        let mut reader = BufReader::new(r);
        let mut head = String::new();
        let mut content_length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).await.unwrap() == 0 {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                content_length = v.trim().parse().unwrap();
            }
            head.push_str(&line);
            if line == "\r\n" {
                break;
            }
        }
        let mut req_body = vec![0u8; content_length];
        reader.read_exact(&mut req_body).await.unwrap();
        head.push_str(&String::from_utf8_lossy(&req_body));
        let resp = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nX-Test: yes\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        w.write_all(resp.as_bytes()).await.unwrap();
        w.shutdown().await.unwrap();
        head
    });
    (format!("http://{addr}"), handle)
}

#[tokio::test]
async fn core_http_request_success() {
    let (base, server) = one_shot_http_server("{\"ok\": true, \"n\": 2}", "200 OK").await;
    let mut spec = RunSpec::new(8, "core.http_request", RunKind::HttpRequest);
    spec.parameters = json!({
        "url": format!("{base}/hook"),
        "method": "post",
        "headers": {"X-Custom": "a b"},
        "query_params": {"q": "x y"},
        "json_body": {"hello": "world"},
        "auth_type": "bearer",
        "auth_token": "tok"
    });
    spec.timeout = Duration::from_secs(30);
    let o = go(spec).await;
    assert_eq!(
        o.status,
        RunStatus::Completed,
        "{:?} {}",
        o.result,
        o.stderr
    );
    let d = &o.result["data"];
    assert_eq!(d["status_code"], 200);
    assert_eq!(d["success"], true);
    assert_eq!(d["json"], json!({"ok": true, "n": 2}));
    assert_eq!(d["body"], "{\"ok\": true, \"n\": 2}");
    assert_eq!(d["headers"]["X-Test"], "yes");
    assert!(d["elapsed_ms"].is_u64());
    assert!(d["url"].as_str().unwrap().ends_with("/hook?q=x+y"));
    let req = server.await.unwrap();
    assert!(req.starts_with("POST /hook?q=x+y HTTP/1.1"), "{req}");
    assert!(req.contains("X-Custom: a b"));
    assert!(req.contains("Authorization: Bearer tok"));
    assert!(req.contains("Content-Type: application/json"));
    assert!(req.ends_with("{\"hello\": \"world\"}"));
}

#[tokio::test]
async fn core_http_request_failures() {
    let (base, _server) = one_shot_http_server("nope", "404 Not Found").await;
    let mut spec = RunSpec::new(9, "core.http_request", RunKind::HttpRequest);
    spec.parameters = json!({"url": base});
    let o = go(spec).await;
    assert_eq!(o.status, RunStatus::Failed);
    assert_eq!(o.result["exit_code"], 1);
    let doc: Json = serde_json::from_str(o.result["stdout"].as_str().unwrap()).unwrap();
    assert_eq!(doc["status_code"], 404);
    assert_eq!(doc["success"], false);
    assert_eq!(doc["body"], "nope");

    // connection refused: bind then drop a listener to get a free port
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut spec = RunSpec::new(10, "core.http_request", RunKind::HttpRequest);
    spec.parameters = json!({"url": format!("http://127.0.0.1:{port}/"), "timeout": 5});
    let o = go(spec).await;
    assert_eq!(o.status, RunStatus::Failed);
    let doc: Json = serde_json::from_str(o.result["stdout"].as_str().unwrap()).unwrap();
    assert_eq!(doc["status_code"], 0);
    assert_eq!(doc["success"], false);
    assert!(
        doc["error"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("refused"),
        "{doc}"
    );

    let o = go(RunSpec::new(11, "core.http_request", RunKind::HttpRequest)).await;
    assert_eq!(o.status, RunStatus::Failed);
    assert!(o.result["stdout"]
        .as_str()
        .unwrap()
        .contains("url parameter is required"));
}

// ---------------------------------------------------------------- python / node

#[tokio::test]
async fn python_receives_json_params_on_stdin() {
    let code = "import sys, json\nraw = sys.stdin.read()\nd = json.loads(raw)\nprint(json.dumps({'got': d, 'newline': raw.endswith('\\n')}))\n";
    let mut spec = RunSpec::new(
        12,
        "test.py",
        RunKind::Python {
            source: ScriptSource::Code(code.into()),
        },
    );
    spec.parameters = json!({"a": 1, "s": "it's \"quoted\"", "k": "param"});
    spec.secrets = vec![("k".into(), json!("secret")), ("token".into(), json!("t"))];
    let o = go(spec).await;
    assert_eq!(o.status, RunStatus::Completed, "{:?}", o.result);
    assert_eq!(
        o.result["data"],
        json!({"got": {"a": 1, "s": "it's \"quoted\"", "k": "secret", "token": "t"}, "newline": true})
    );
    assert!(o.result.get("stdout").is_none());
}

#[tokio::test]
async fn python_text_output_and_failure() {
    let spec = RunSpec::new(
        13,
        "test.py",
        RunKind::Python {
            source: ScriptSource::Code("print('hello world')".into()),
        },
    );
    let o = go(spec).await;
    assert_eq!(o.result["stdout"], "hello world\n");
    assert!(o.result.get("data").is_none());

    let spec = RunSpec::new(
        14,
        "test.py",
        RunKind::Python {
            source: ScriptSource::Code(
                "import sys\nsys.stderr.write('bad thing\\n')\nsys.exit(2)".into(),
            ),
        },
    );
    let o = go(spec).await;
    assert_eq!(o.status, RunStatus::Failed);
    assert_eq!(o.result["exit_code"], 2);
    assert_eq!(o.result["error"], "bad thing\n");
}

#[tokio::test]
async fn python_file_source() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("act.py");
    std::fs::write(
        &file,
        "import os, json\nprint(json.dumps({'cwd': os.getcwd()}))\n",
    )
    .unwrap();
    let spec = RunSpec::new(
        15,
        "pack.act",
        RunKind::Python {
            source: ScriptSource::File(file),
        },
    );
    let o = go(spec).await;
    assert_eq!(o.status, RunStatus::Completed, "{:?}", o.result);
    let cwd = std::fs::canonicalize(dir.path()).unwrap();
    assert_eq!(o.result["data"]["cwd"], cwd.display().to_string());

    let spec = RunSpec::new(
        16,
        "pack.act",
        RunKind::Python {
            source: ScriptSource::File(dir.path().join("missing.py")),
        },
    );
    let o = go(spec).await;
    assert_eq!(o.status, RunStatus::Failed);
    assert!(o.result["error"]
        .as_str()
        .unwrap()
        .starts_with("Failed to prepare execution context: action file"));
}

#[tokio::test]
async fn missing_interpreter_fails_clearly() {
    let mut spec = RunSpec::new(
        17,
        "test.py",
        RunKind::Python {
            source: ScriptSource::Code("print(1)".into()),
        },
    );
    spec.interpreters.python = PathBuf::from("/nonexistent/python3");
    let o = tokio::time::timeout(Duration::from_secs(10), go(spec))
        .await
        .unwrap();
    assert_eq!(o.status, RunStatus::Failed);
    assert_eq!(
        o.result,
        json!({
            "succeeded": false,
            "error": "Failed to prepare execution context: interpreter '/nonexistent/python3' not found"
        })
    );

    let mut spec = RunSpec::new(
        18,
        "test.js",
        RunKind::Node {
            source: ScriptSource::Code("1".into()),
        },
    );
    spec.interpreters.node = PathBuf::from("node-does-not-exist-xyz");
    let o = go(spec).await;
    assert_eq!(o.status, RunStatus::Failed);
    assert_eq!(
        o.result["error"],
        "Failed to prepare execution context: interpreter 'node-does-not-exist-xyz' not found"
    );

    let mut spec = shell("echo hi");
    spec.interpreters.shell = PathBuf::from("/nonexistent/bash");
    assert_eq!(go(spec).await.status, RunStatus::Failed);
}

#[tokio::test]
async fn node_receives_json_params_when_available() {
    if std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("node not installed; skipping");
        return;
    }
    let code = "let s='';process.stdin.on('data',d=>s+=d);process.stdin.on('end',()=>{console.log(JSON.stringify({got:JSON.parse(s)}))});";
    let mut spec = RunSpec::new(
        19,
        "test.js",
        RunKind::Node {
            source: ScriptSource::Code(code.into()),
        },
    );
    spec.parameters = json!({"x": [1, 2]});
    let o = go(spec).await;
    assert_eq!(
        o.status,
        RunStatus::Completed,
        "{:?} {}",
        o.result,
        o.stderr
    );
    assert_eq!(o.result["data"], json!({"got": {"x": [1, 2]}}));
}

#[tokio::test]
async fn inherited_attune_variables_are_stripped() {
    // Only checks variables that are not set by the spec; the test process
    // normally has none, so this asserts the wrapper never invents any.
    let o = go(shell("env | grep -c '^ATTUNE_' || true")).await;
    assert_eq!(o.result["stdout"], "0\n");
}

#[tokio::test]
async fn many_concurrent_runs() {
    let mut handles = Vec::new();
    for i in 0..40 {
        let mut spec = shell("echo \"$n\"");
        spec.parameters = json!({ "n": i });
        handles.push(tokio::spawn(go(spec)));
    }
    for (i, h) in handles.into_iter().enumerate() {
        let o = h.await.unwrap();
        assert_eq!(o.result["stdout"], format!("{i}\n"));
    }
}
