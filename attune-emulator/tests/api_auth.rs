//! Auth, health and token handling.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use attune_emulator::EmulatorConfig;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn health_endpoints() {
    let c = common::start().await;
    let (s, v) = c.call(Method::GET, "/health", None, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["status"], "ok");
    let (s, v) = c.call(Method::GET, "/health/detailed", None, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["database"], "connected");
    assert!(v["version"].is_string());
    for p in ["/health/ready", "/health/live"] {
        let (s, _) = c.call(Method::GET, p, None, None).await;
        assert_eq!(s, StatusCode::OK);
    }
}

#[tokio::test]
async fn login_success_and_failures() {
    let c = common::start().await;
    let (s, v) = c
        .call(
            Method::POST,
            "/auth/login",
            None,
            Some(json!({"login": c.emu.admin_login(), "password": c.emu.admin_password()})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let d = &v["data"];
    assert_eq!(d["token_type"], "Bearer");
    assert_eq!(d["expires_in"], 3600);
    assert!(d["refresh_token"].is_string());
    assert_eq!(d["user"]["login"], "test@attune.local");
    assert!(d["user"]["id"].is_i64());

    let (s, v) = c
        .call(
            Method::POST,
            "/auth/login",
            None,
            Some(json!({"login": c.emu.admin_login(), "password": "nope"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(
        v,
        json!({"error": "Invalid login or password", "code": "UNAUTHORIZED"})
    );
    let (s, _) = c
        .call(
            Method::POST,
            "/auth/login",
            None,
            Some(json!({"login": "ghost", "password": "x"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = c
        .call(
            Method::POST,
            "/auth/login",
            None,
            Some(json!({"login": "x"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, v) = c
        .call(
            Method::POST,
            "/auth/login",
            None,
            Some(json!({"login": "", "password": "x"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["code"], "VALIDATION_ERROR");
}

#[tokio::test]
async fn register_rules() {
    let c = common::start().await;
    let (s, v) = c
        .call(
            Method::POST,
            "/auth/register",
            None,
            Some(json!({"login": "alice", "password": "Password123!", "display_name": "Alice"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["user"]["display_name"], "Alice");
    let (s, v) = c
        .call(
            Method::POST,
            "/auth/register",
            None,
            Some(json!({"login": "alice", "password": "Password123!"})),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(v["code"], "CONFLICT");
    let (s, _) = c
        .call(
            Method::POST,
            "/auth/register",
            None,
            Some(json!({"login": "bob", "password": "short"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = c
        .call(
            Method::POST,
            "/auth/register",
            None,
            Some(json!({"login": "ab", "password": "Password123!"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    let closed = common::start_with(EmulatorConfig::default().with_self_registration(false)).await;
    let (s, v) = closed
        .call(
            Method::POST,
            "/auth/register",
            None,
            Some(json!({"login": "carol", "password": "Password123!"})),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(v["code"], "FORBIDDEN");
    let (_, v) = closed.call(Method::GET, "/auth/settings", None, None).await;
    assert_eq!(v["data"]["self_registration_enabled"], false);
    for k in [
        "oidc_provider_name",
        "oidc_provider_label",
        "oidc_provider_icon_url",
        "ldap_provider_name",
        "ldap_provider_label",
        "ldap_provider_icon_url",
    ] {
        assert!(
            v["data"].get(k).is_some_and(|x| x.is_null()),
            "{k} sent as null"
        );
    }
}

#[tokio::test]
async fn bearer_token_rules() {
    let c = common::start().await;
    // missing token: nested body
    let (s, v) = c.call(Method::GET, "/api/v1/packs", None, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(
        v,
        json!({"error": {"code": 401, "message": "Missing authentication token"}})
    );
    // garbage token
    let (s, v) = c
        .call(Method::GET, "/api/v1/packs", Some("garbage"), None)
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(v["error"]["message"], "Invalid authentication token");
    // non-Bearer scheme
    let r = c
        .http
        .get(c.url("/api/v1/packs"))
        .header("Authorization", format!("Token {}", c.admin))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // refresh token as bearer
    let (_, v) = c
        .call(
            Method::POST,
            "/auth/login",
            None,
            Some(json!({"login": c.emu.admin_login(), "password": c.emu.admin_password()})),
        )
        .await;
    let refresh = v["data"]["refresh_token"].as_str().unwrap().to_string();
    let (s, v) = c
        .call(Method::GET, "/api/v1/packs", Some(&refresh), None)
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(v["error"]["message"], "Invalid authentication token");
    // expired token
    let st = c.emu.state();
    let expired = st
        .jwt
        .issue(
            1,
            "test@attune.local",
            attune_emulator::auth::jwt::TokenType::Access,
            -5,
            None,
        )
        .unwrap();
    let (s, v) = c
        .call(Method::GET, "/api/v1/packs", Some(&expired), None)
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(v["error"]["message"], "Authentication token expired");
    // token signed with another secret
    let other = attune_emulator::auth::jwt::JwtKeys::new("other")
        .issue(
            1,
            "test@attune.local",
            attune_emulator::auth::jwt::TokenType::Access,
            60,
            None,
        )
        .unwrap();
    let (s, _) = c
        .call(Method::GET, "/api/v1/packs", Some(&other), None)
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // /auth/me uses the flat body
    let (s, v) = c.call(Method::GET, "/auth/me", None, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(v["code"], "UNAUTHORIZED");
    assert!(v["error"].is_string());
}

#[tokio::test]
async fn refresh_flow() {
    let c = common::start().await;
    let (_, v) = c
        .call(
            Method::POST,
            "/auth/login",
            None,
            Some(json!({"login": c.emu.admin_login(), "password": c.emu.admin_password()})),
        )
        .await;
    let refresh = v["data"]["refresh_token"].as_str().unwrap().to_string();
    let access = v["data"]["access_token"].as_str().unwrap().to_string();
    let (s, v) = c
        .call(
            Method::POST,
            "/auth/refresh",
            None,
            Some(json!({"refresh_token": refresh})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["data"]["access_token"].is_string());
    assert!(v["data"]["refresh_token"].is_string());
    assert!(v["data"].get("user").is_none());
    let new_access = v["data"]["access_token"].as_str().unwrap().to_string();
    let (s, _) = c.get("/api/v1/packs", &new_access).await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = c
        .call(
            Method::POST,
            "/auth/refresh",
            None,
            Some(json!({"refresh_token": access})),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(v["error"], "Invalid token type");
    let (s, _) = c
        .call(
            Method::POST,
            "/auth/refresh",
            None,
            Some(json!({"refresh_token": "x.y.z"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn me_update_and_change_password() {
    let c = common::start().await;
    let (id, token) = c.register("dave").await;
    let (s, v) = c.get("/auth/me", &token).await;
    assert_eq!(s, StatusCode::OK);
    let d = &v["data"];
    assert_eq!(d["id"], id);
    assert_eq!(d["auth_provider"], "local");
    assert_eq!(d["is_local"], true);
    assert_eq!(d["effective_permissions"], json!([]));
    assert_eq!(d["assigned_permission_set_refs"], json!([]));
    let (_, v) = c.get("/auth/me", &c.admin).await;
    assert_eq!(
        v["data"]["assigned_permission_set_refs"],
        json!(["core.admin"])
    );

    let (s, v) = c
        .put("/auth/me", &token, json!({"display_name": "Dave"}))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["display_name"], "Dave");

    let (s, _) = c
        .post(
            "/auth/change-password",
            &token,
            json!({"current_password": "wrong", "new_password": "NewPassword1!"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, v) = c
        .post(
            "/auth/change-password",
            &token,
            json!({"current_password": "Password123!", "new_password": "NewPassword1!"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        v["data"],
        json!({"success": true, "message": "Password changed successfully"})
    );
    common::login(&c.http, c.emu.base_url(), "dave", "NewPassword1!").await;
}

#[tokio::test]
async fn logout_redirects() {
    let c = common::start().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = client.get(c.url("/auth/logout")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(r.headers()["location"], "/login");
}

#[tokio::test]
async fn emulator_lifecycle() {
    let c = common::start().await;
    let base = c.emu.base_url().to_string();
    assert!(base.starts_with("http://127.0.0.1:"));
    assert!(!base.ends_with('/'));
    drop(c);
    // server is gone after drop
    let r = reqwest::Client::new()
        .get(format!("{base}/health"))
        .send()
        .await;
    assert!(r.is_err());
}
