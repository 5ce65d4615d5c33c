//! Packs from files: `POST /api/v1/packs/upload` (tar.gz, zip), `POST /api/v1/packs/register`,
//! `force` updates, deletion, bad archives, `--pack` at start, and pack actions running from
//! their files (shell, Python with a per-pack virtualenv built offline from a local wheel).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use attune_emulator::EmulatorConfig;
use base64::Engine as _;
use common::Ctx;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::Digest as _;

/// Files of a pack: `(relative path, content)`.
type Files = Vec<(String, Vec<u8>)>;

fn demo_pack(pack: &str, greeting: &str) -> Files {
    let f = |p: &str, c: String| (p.to_string(), c.into_bytes());
    vec![
        f(
            "pack.yaml",
            format!("ref: {pack}\nlabel: \"Demo\"\nversion: \"1.0.0\"\ndescription: demo pack\ntags: [demo]\n"),
        ),
        f(
            "actions/hello.yaml",
            format!("ref: {pack}.hello\nlabel: Hello\nrunner_type: shell\nentry_point: hello.sh\nparameters:\n  name:\n    type: string\n    required: true\n"),
        ),
        f(
            "actions/hello.sh",
            format!("#!/bin/bash\nread -r line\necho \"{greeting} $line\"\n"),
        ),
        f(
            "actions/dot.yaml",
            format!("ref: {pack}.dot\nrunner_type: shell\nentry_point: dot.sh\nparameter_delivery: stdin\nparameter_format: dotenv\noutput_format: json\n"),
        ),
        f(
            "actions/dot.sh",
            "#!/bin/sh\nwhile IFS= read -r l; do case \"$l\" in name=*) v=\"${l#name=}\"; v=${v#\\'}; v=${v%\\'};; esac; done\nprintf '{\"name\": \"%s\"}\\n' \"$v\"\n".to_string(),
        ),
        f(
            "actions/py.yaml",
            format!("ref: {pack}.py\nrunner_type: python\nentry_point: py.py\n"),
        ),
        f(
            "actions/py.py",
            "import json, sys\np = json.load(sys.stdin)\nprint(json.dumps({\"twice\": p.get(\"n\", 0) * 2}))\n".to_string(),
        ),
        f(
            "workflows/flow.yaml",
            format!("ref: {pack}.flow\nlabel: Flow\nversion: \"1.0.0\"\ntasks:\n  - name: first\n    action: {pack}.hello\n    input:\n      name: wf\n"),
        ),
        f(
            "triggers/poke.yaml",
            format!("ref: {pack}.poke\nlabel: Poke\n"),
        ),
        f(
            "rules/on_poke.yaml",
            format!("ref: {pack}.on_poke\nlabel: On poke\ntrigger_ref: {pack}.poke\naction_ref: {pack}.hello\naction_params:\n  name: rule\n"),
        ),
    ]
}

fn tar_gz(files: &Files) -> Vec<u8> {
    let enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut tar = tar::Builder::new(enc);
    for (p, c) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(c.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        tar.append_data(&mut h, p, c.as_slice()).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap()
}

fn zip_of(files: &Files) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (p, c) in files {
        w.start_file(p.as_str(), opts).unwrap();
        w.write_all(c).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A tar.gz whose one entry has a raw (unchecked) path, or is a symlink.
fn raw_tar(entry: &str, symlink_to: Option<&str>) -> Vec<u8> {
    let enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut tar = tar::Builder::new(enc);
    let mut h = tar::Header::new_gnu();
    let yaml = b"ref: evil\nversion: \"1\"\n";
    h.set_size(yaml.len() as u64);
    h.set_mode(0o644);
    h.set_cksum();
    tar.append_data(&mut h, "pack.yaml", &yaml[..]).unwrap();
    let mut h = tar::Header::new_gnu();
    match symlink_to {
        Some(t) => {
            h.set_entry_type(tar::EntryType::Symlink);
            h.set_size(0);
            h.set_link_name(t).unwrap();
            h.set_path(entry).unwrap();
            h.set_cksum();
            tar.append(&h, std::io::empty()).unwrap();
        }
        None => {
            // bypass the builder's path checks: write the name bytes directly
            let body = b"x";
            h.set_size(1);
            h.set_mode(0o644);
            let name = entry.as_bytes();
            h.as_old_mut().name[..name.len()].copy_from_slice(name);
            h.set_cksum();
            tar.append(&h, &body[..]).unwrap();
        }
    }
    tar.into_inner().unwrap().finish().unwrap()
}

async fn upload(c: &Ctx, archive: Vec<u8>, force: bool) -> (StatusCode, Value) {
    let form = reqwest::multipart::Form::new()
        .part(
            "pack",
            reqwest::multipart::Part::bytes(archive).file_name("pack.tar.gz"),
        )
        .text("force", force.to_string())
        .text("skip_tests", "true");
    let r = c
        .http
        .post(c.url("/api/v1/packs/upload"))
        .bearer_auth(&c.admin)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

/// Run `action` with `params` and wait for a terminal status.
async fn run(c: &Ctx, action: &str, params: Value) -> Value {
    let (s, v) = c
        .post(
            "/api/v1/executions/execute",
            &c.admin,
            json!({"action_ref": action, "parameters": params}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["data"]["id"].as_i64().unwrap();
    wait_terminal(c, id).await
}

async fn wait_terminal(c: &Ctx, id: i64) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(300);
    loop {
        let (_, v) = c.get(&format!("/api/v1/executions/{id}"), &c.admin).await;
        let st = v["data"]["status"].as_str().unwrap_or("").to_string();
        if matches!(
            st.as_str(),
            "completed" | "failed" | "timeout" | "cancelled"
        ) {
            return v["data"].clone();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "execution {id} stuck: {v}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn pack_count(c: &Ctx) -> usize {
    let (_, v) = c.get("/api/v1/packs?page_size=100", &c.admin).await;
    v["items"].as_array().map(Vec::len).expect("pack list")
}

#[tokio::test]
async fn tar_gz_upload_installs_every_component_and_runs_the_files() {
    let c = common::start().await;
    let (s, v) = upload(&c, tar_gz(&demo_pack("demo", "hello")), false).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["data"]["pack"]["ref"], "demo");
    assert_eq!(v["data"]["pack"]["version"], "1.0.0");
    assert_eq!(v["message"], "Pack uploaded and registered successfully");
    let (_, acts) = c.get("/api/v1/packs/demo/actions", &c.admin).await;
    let mut refs: Vec<String> = acts["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["ref"].as_str().unwrap().to_string())
        .collect();
    refs.sort();
    assert_eq!(refs, ["demo.dot", "demo.flow", "demo.hello", "demo.py"]);
    let (s, rule) = c.get("/api/v1/rules/demo.on_poke", &c.admin).await;
    assert_eq!(s, StatusCode::OK, "{rule}");
    let (s, _) = c.get("/api/v1/triggers/demo.poke", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = c.get("/api/v1/workflows/demo.flow", &c.admin).await;
    assert_eq!(s, StatusCode::OK);

    let e = run(&c, "demo.hello", json!({"name": "ann"})).await;
    assert_eq!(e["status"], "completed", "{e}");
    assert_eq!(e["result"]["stdout"], "hello {\"name\":\"ann\"}\n");
    let e = run(&c, "demo.dot", json!({"name": "bob"})).await;
    assert_eq!(e["status"], "completed", "{e}");
    assert_eq!(e["result"]["data"], json!({"name": "bob"}));
    let e = run(&c, "demo.py", json!({"n": 21})).await;
    assert_eq!(e["status"], "completed", "{e}");
    assert_eq!(e["result"]["data"], json!({"twice": 42}));
    let e = run(&c, "demo.flow", json!({})).await;
    assert_eq!(e["status"], "completed", "{e}");
}

#[tokio::test]
async fn zip_upload_and_a_wrapping_folder_are_accepted() {
    let c = common::start().await;
    let files: Files = demo_pack("zipped", "hi")
        .into_iter()
        .map(|(p, b)| (format!("zipped-main/{p}"), b))
        .collect();
    let (s, v) = upload(&c, zip_of(&files), false).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let e = run(&c, "zipped.hello", json!({"name": "z"})).await;
    assert_eq!(e["result"]["stdout"], "hi {\"name\":\"z\"}\n", "{e}");
}

#[tokio::test]
async fn bad_archives_are_400_and_leave_nothing_installed() {
    let c = common::start_with(EmulatorConfig::default().with_max_pack_bytes(64 * 1024usize)).await;
    let before = pack_count(&c).await;
    let mut no_yaml = demo_pack("nope", "x");
    no_yaml.retain(|(p, _)| p != "pack.yaml");
    let mut bad_yaml = demo_pack("badyaml", "x");
    bad_yaml[1].1 = b"ref: badyaml.hello\n  : : [unclosed\n".to_vec();
    let mut missing_file = demo_pack("nofile", "x");
    missing_file.retain(|(p, _)| p != "actions/hello.sh");
    let mut bad_rule = demo_pack("badrule", "x");
    bad_rule.retain(|(p, _)| p != "triggers/poke.yaml");
    let big: Files = vec![
        ("pack.yaml".into(), b"ref: big\nversion: \"1\"\n".to_vec()),
        (
            "blob.bin".into(),
            (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect(),
        ),
    ];
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "not an archive",
            b"hello, not an archive".to_vec(),
            "Failed to extract pack archive",
        ),
        ("no pack.yaml", tar_gz(&no_yaml), "Could not find pack.yaml"),
        (
            "bad YAML",
            tar_gz(&bad_yaml),
            "Failed to parse actions/hello.yaml",
        ),
        (
            "missing entry point",
            tar_gz(&missing_file),
            "entry_point file",
        ),
        (
            "rule on unknown trigger",
            tar_gz(&bad_rule),
            "trigger 'badrule.poke' not found",
        ),
        (
            "path traversal",
            raw_tar("../escaped.txt", None),
            "escapes the pack directory",
        ),
        (
            "absolute path",
            raw_tar("/tmp/attune-abs.txt", None),
            "escapes the pack directory",
        ),
        (
            "symlink out",
            raw_tar("actions/link", Some("../../../etc/passwd")),
            "links outside",
        ),
        (
            "absolute symlink",
            raw_tar("actions/link", Some("/etc/passwd")),
            "links outside",
        ),
        ("oversize", tar_gz(&big), "too large"),
    ];
    for (what, bytes, msg) in cases {
        let (s, v) = upload(&c, bytes, false).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{what}: {v}");
        let err = v["error"].as_str().unwrap_or_default();
        assert!(err.contains(msg), "{what}: {err}");
    }
    assert_eq!(pack_count(&c).await, before);
    for r in ["nope", "badyaml", "nofile", "badrule", "evil", "big"] {
        let (s, _) = c.get(&format!("/api/v1/packs/{r}"), &c.admin).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{r} was half-installed");
    }
    let (s, _) = c.get("/api/v1/actions/badrule.hello", &c.admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // a multipart body without the `pack` field
    let form = reqwest::multipart::Form::new().text("force", "true");
    let r = c
        .http
        .post(c.url("/api/v1/packs/upload"))
        .bearer_auth(&c.admin)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        v["error"],
        "Missing required 'pack' field in multipart upload"
    );
}

#[tokio::test]
async fn reupload_needs_force_and_updates_in_place() {
    let c = common::start().await;
    let (s, v1) = upload(&c, tar_gz(&demo_pack("upd", "v1")), false).await;
    assert_eq!(s, StatusCode::CREATED);
    let old = run(&c, "upd.hello", json!({"name": "a"})).await;
    let (s, v) = upload(&c, tar_gz(&demo_pack("upd", "v2")), false).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(
        v["error"],
        "Pack 'upd' already exists. Use force=true to reinstall."
    );
    let (_, a1) = c.get("/api/v1/actions/upd.hello", &c.admin).await;
    let mut files = demo_pack("upd", "v2");
    files.retain(|(p, _)| !p.starts_with("actions/py."));
    files[0].1 = b"ref: upd\nlabel: Demo\nversion: \"2.0.0\"\n".to_vec();
    let (s, v2) = upload(&c, tar_gz(&files), true).await;
    assert_eq!(s, StatusCode::CREATED, "{v2}");
    assert_eq!(v2["data"]["pack"]["id"], v1["data"]["pack"]["id"]);
    assert_eq!(v2["data"]["pack"]["version"], "2.0.0");
    let (_, a2) = c.get("/api/v1/actions/upd.hello", &c.admin).await;
    assert_eq!(a1["data"]["id"], a2["data"]["id"], "ids are kept");
    let (s, _) = c.get("/api/v1/actions/upd.py", &c.admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "a removed action is gone");
    let new = run(&c, "upd.hello", json!({"name": "a"})).await;
    assert_eq!(new["result"]["stdout"], "v2 {\"name\":\"a\"}\n");
    let (_, again) = c
        .get(&format!("/api/v1/executions/{}", old["id"]), &c.admin)
        .await;
    assert_eq!(again["data"]["result"]["stdout"], "v1 {\"name\":\"a\"}\n");
}

#[tokio::test]
async fn delete_removes_everything_the_pack_brought() {
    let c = common::start().await;
    let mut files = demo_pack("gone", "x");
    files.push((
        "actions/where.yaml".into(),
        b"ref: gone.where\nrunner_type: shell\nentry_point: where.sh\n".to_vec(),
    ));
    files.push(("actions/where.sh".into(), b"pwd\n".to_vec()));
    let (s, _) = upload(&c, tar_gz(&files), false).await;
    assert_eq!(s, StatusCode::CREATED);
    let e = run(&c, "gone.where", json!({})).await;
    let cwd = PathBuf::from(e["result"]["stdout"].as_str().unwrap().trim());
    assert!(cwd.join("where.sh").is_file(), "{e}");
    let (s, _) = c.delete("/api/v1/packs/gone", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        !cwd.exists(),
        "the installed files are removed with the pack"
    );
    for p in [
        "/api/v1/packs/gone",
        "/api/v1/actions/gone.hello",
        "/api/v1/actions/gone.flow",
        "/api/v1/workflows/gone.flow",
        "/api/v1/rules/gone.on_poke",
        "/api/v1/triggers/gone.poke",
    ] {
        let (s, _) = c.get(p, &c.admin).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{p}");
    }
    let (s, _) = upload(&c, tar_gz(&demo_pack("gone", "x")), false).await;
    assert_eq!(s, StatusCode::CREATED, "the ref is free again");
}

fn write_files(dir: &Path, files: &Files) {
    for (p, c) in files {
        let path = dir.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, c).unwrap();
    }
}

#[tokio::test]
async fn register_from_a_directory_and_pack_at_start() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &demo_pack("regd", "reg"));
    let c = common::start().await;
    let (s, v) = c
        .post(
            "/api/v1/packs/register",
            &c.admin,
            json!({"path": dir.path(), "skip_tests": true}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["data"]["pack"]["ref"], "regd");
    let (s, v) = c
        .post(
            "/api/v1/packs/register",
            &c.admin,
            json!({"path": "/nonexistent/pack"}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(
        v["error"],
        "Pack directory does not exist: /nonexistent/pack"
    );

    let other = tempfile::tempdir().unwrap();
    write_files(other.path(), &demo_pack("atstart", "boot"));
    let c2 = common::start_with(EmulatorConfig::default().with_pack(other.path())).await;
    let e = run(&c2, "atstart.hello", json!({"name": "s"})).await;
    assert_eq!(e["result"]["stdout"], "boot {\"name\":\"s\"}\n", "{e}");
    let bad = EmulatorConfig::default().with_pack("/nonexistent/pack");
    let Err(err) = attune_emulator::Emulator::start(bad) else {
        panic!("an emulator with a missing --pack dir started");
    };
    assert!(
        err.to_string().contains("Pack directory does not exist"),
        "{err}"
    );
}

/// A minimal pure-Python wheel `name-version` with `name.VERSION = version`.
fn wheel(name: &str, version: &str) -> (String, Vec<u8>) {
    let b64 =
        |d: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(d));
    let info = format!("{name}-{version}.dist-info");
    let files: Vec<(String, Vec<u8>)> = vec![
        (
            format!("{name}/__init__.py"),
            format!("VERSION = \"{version}\"\n").into_bytes(),
        ),
        (
            format!("{info}/METADATA"),
            format!("Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n").into_bytes(),
        ),
        (
            format!("{info}/WHEEL"),
            b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
                .to_vec(),
        ),
    ];
    let mut record = String::new();
    for (p, c) in &files {
        record.push_str(&format!("{p},sha256={},{}\n", b64(c), c.len()));
    }
    record.push_str(&format!("{info}/RECORD,,\n"));
    let mut all = files;
    all.push((format!("{info}/RECORD"), record.into_bytes()));
    (format!("{name}-{version}-py3-none-any.whl"), zip_of(&all))
}

fn py_dep_pack(pack: &str, dep_version: &str) -> Files {
    let (whl, bytes) = wheel("attunetinydep", dep_version);
    vec![
        (
            "pack.yaml".into(),
            format!("ref: {pack}\nversion: \"1.0.0\"\n").into_bytes(),
        ),
        (
            "requirements.txt".into(),
            format!("./wheels/{whl}\n").into_bytes(),
        ),
        (format!("wheels/{whl}"), bytes),
        (
            "actions/ver.yaml".into(),
            format!("ref: {pack}.ver\nrunner_type: python\nentry_point: ver.py\n").into_bytes(),
        ),
        (
            "actions/ver.py".into(),
            b"import json, sys, attunetinydep\nprint(json.dumps({\"dep\": attunetinydep.VERSION, \"python\": sys.executable}))\n".to_vec(),
        ),
    ]
}

#[tokio::test]
async fn python_packs_get_their_own_virtualenv_built_once() {
    let cache = tempfile::tempdir().unwrap();
    let cfg = EmulatorConfig::default().with_env_cache_dir(cache.path());
    let c = common::start_with(cfg.clone()).await;
    for (pack, ver) in [("pya", "1.0.0"), ("pyb", "2.0.0")] {
        let (s, v) = upload(&c, tar_gz(&py_dep_pack(pack, ver)), false).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    // concurrent first uses build each environment once
    let (a, b, a2) = tokio::join!(
        run(&c, "pya.ver", json!({})),
        run(&c, "pyb.ver", json!({})),
        run(&c, "pya.ver", json!({}))
    );
    for e in [&a, &b, &a2] {
        assert_eq!(e["status"], "completed", "{e}");
    }
    assert_eq!(a["result"]["data"]["dep"], "1.0.0");
    assert_eq!(a2["result"]["data"]["dep"], "1.0.0");
    assert_eq!(b["result"]["data"]["dep"], "2.0.0");
    let envs: Vec<PathBuf> = std::fs::read_dir(cache.path().join("python"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    assert_eq!(envs.len(), 2, "{envs:?}");
    let py_a = a["result"]["data"]["python"].as_str().unwrap().to_string();
    assert!(py_a.starts_with(cache.path().to_str().unwrap()), "{py_a}");
    // a second emulator reuses the environment (same interpreter path, no rebuild)
    let marker = Path::new(&py_a)
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join(".attune-env-ready");
    let built_at = std::fs::metadata(&marker).unwrap().modified().unwrap();
    let c2 = common::start_with(cfg).await;
    let (s, _) = upload(&c2, tar_gz(&py_dep_pack("pya", "1.0.0")), false).await;
    assert_eq!(s, StatusCode::CREATED);
    let again = run(&c2, "pya.ver", json!({})).await;
    assert_eq!(again["result"]["data"]["python"], py_a.as_str());
    assert_eq!(
        std::fs::metadata(&marker).unwrap().modified().unwrap(),
        built_at
    );
}

#[tokio::test]
async fn an_uninstallable_dependency_fails_executions_with_pips_error() {
    let cache = tempfile::tempdir().unwrap();
    let c = common::start_with(EmulatorConfig::default().with_env_cache_dir(cache.path())).await;
    let mut files = py_dep_pack("pybroken", "1.0.0");
    files[1].1 = b"./wheels/does_not_exist-1.0-py3-none-any.whl\n".to_vec();
    let (s, v) = upload(&c, tar_gz(&files), false).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let e = run(&c, "pybroken.ver", json!({})).await;
    assert_eq!(e["status"], "failed", "{e}");
    let err = e["result"]["error"].as_str().unwrap();
    assert!(
        err.contains("pip install -r requirements.txt for pack 'pybroken' failed"),
        "{err}"
    );
    assert!(err.contains("does_not_exist-1.0-py3-none-any.whl"), "{err}");
    // the emulator keeps serving and the pack's shell-free actions still fail the same way
    let again = run(&c, "pybroken.ver", json!({})).await;
    assert_eq!(again["result"]["error"], e["result"]["error"]);
    let (s, _) = c.get("/api/v1/packs/pybroken", &c.admin).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn an_uninstallable_node_dependency_fails_executions_with_npms_error() {
    let cache = tempfile::tempdir().unwrap();
    let c = common::start_with(EmulatorConfig::default().with_env_cache_dir(cache.path())).await;
    let files: Files = vec![
        ("pack.yaml".into(), b"ref: nodebroken\nversion: \"1\"\n".to_vec()),
        (
            "package.json".into(),
            br#"{"name": "nodebroken", "version": "1.0.0", "dependencies": {"ghost": "file:./no-such-package.tgz"}}"#
                .to_vec(),
        ),
        (
            "actions/n.yaml".into(),
            b"ref: nodebroken.n\nrunner_type: nodejs\nentry_point: n.js\n".to_vec(),
        ),
        ("actions/n.js".into(), b"console.log(require('ghost'))\n".to_vec()),
    ];
    let (s, v) = upload(&c, tar_gz(&files), false).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let e = run(&c, "nodebroken.n", json!({})).await;
    assert_eq!(e["status"], "failed", "{e}");
    let err = e["result"]["error"].as_str().unwrap();
    assert!(
        err.contains("npm install for pack 'nodebroken' failed"),
        "{err}"
    );
    assert!(err.contains("npm error"), "npm's own output: {err}");
}
