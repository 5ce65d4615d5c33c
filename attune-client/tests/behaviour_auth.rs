//! Login, refresh before expiry, refresh after 401, single-flight, re-login, token-only clients.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use attune_client::{AttuneClient, Error, RetryPolicy};
use common::*;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn builder(server: &MockServer) -> attune_client::AttuneClientBuilder {
    AttuneClient::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .attempt_timeout(Duration::from_secs(10))
}

async fn mount_pack(server: &MockServer, token: &str, times: u64) {
    Mock::given(method("GET"))
        .and(path("/api/v1/packs/e2e"))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(wrap(pack_json())))
        .expect(times)
        .mount(server)
        .await;
}

#[tokio::test]
async fn credentials_login_lazily_once() {
    let server = MockServer::start().await;
    let access = jwt(3600, "a");
    Mock::given(method("POST"))
        .and(path("/auth/login"))
        .and(body_json(json!({"login":"admin","password":"pw"})))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(wrap(token_json(&access, "r1", true))),
        )
        .expect(1)
        .mount(&server)
        .await;
    mount_pack(&server, &access, 3).await;
    let c = builder(&server).credentials("admin", "pw").build().unwrap();
    assert!(c.access_token().await.is_none());
    for _ in 0..3 {
        c.packs().get("e2e").await.unwrap();
    }
    assert_eq!(c.access_token().await.as_deref(), Some(access.as_str()));
}

#[tokio::test]
async fn refresh_before_expiry_single_flight() {
    let server = MockServer::start().await;
    let old = jwt(10, "old"); // inside the 60 s margin
    let new = jwt(3600, "new");
    Mock::given(method("POST"))
        .and(path("/auth/refresh"))
        .and(body_json(json!({"refresh_token":"r1"})))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_millis(100))
                .set_body_json(wrap(token_json(&new, "r2", false))),
        )
        .expect(1)
        .mount(&server)
        .await;
    mount_pack(&server, &new, 50).await;
    let c = builder(&server)
        .token(old)
        .refresh_token("r1")
        .build()
        .unwrap();
    let futs = (0..50).map(|_| {
        let c = c.clone();
        async move { c.packs().get("e2e").await }
    });
    for r in futures::future::join_all(futs).await {
        r.unwrap();
    }
    assert_eq!(c.refresh_token().await.as_deref(), Some("r2"));
}

#[tokio::test]
async fn refresh_after_401_single_flight_and_replay_once() {
    let server = MockServer::start().await;
    let old = jwt(3600, "old"); // not near expiry, but the server rejects it
    let new = jwt(3600, "new");
    Mock::given(method("GET"))
        .and(header("authorization", format!("Bearer {old}").as_str()))
        .respond_with(
            ResponseTemplate::new(401)
                .set_delay(Duration::from_millis(50))
                .set_body_json(
                    json!({"error":{"code":401,"message":"Authentication token expired"}}),
                ),
        )
        .expect(50)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/auth/refresh"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_millis(100))
                .set_body_json(wrap(token_json(&new, "r2", false))),
        )
        .expect(1)
        .mount(&server)
        .await;
    mount_pack(&server, &new, 50).await;
    let c = builder(&server)
        .token(old)
        .refresh_token("r1")
        .build()
        .unwrap();
    let futs = (0..50).map(|_| {
        let c = c.clone();
        async move { c.packs().get("e2e").await }
    });
    for r in futures::future::join_all(futs).await {
        r.unwrap();
    }
}

#[tokio::test]
async fn persistent_401_is_replayed_only_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(
                json!({"error":{"code":401,"message":"Invalid authentication token"}}),
            ),
        )
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/auth/refresh"))
        .respond_with(ResponseTemplate::new(200).set_body_json(wrap(token_json(
            &jwt(3600, "n"),
            "r2",
            false,
        ))))
        .expect(1)
        .mount(&server)
        .await;
    let c = builder(&server)
        .token(jwt(3600, "o"))
        .refresh_token("r1")
        .build()
        .unwrap();
    let e = c.packs().get("e2e").await.unwrap_err();
    assert!(e.is_unauthorized());
}

#[tokio::test]
async fn failed_refresh_falls_back_to_login() {
    let server = MockServer::start().await;
    let fresh = jwt(3600, "fresh");
    Mock::given(method("POST"))
        .and(path("/auth/refresh"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"error":"Invalid or expired refresh token","code":"UNAUTHORIZED"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/auth/login"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(wrap(token_json(&fresh, "r9", true))),
        )
        .expect(1)
        .mount(&server)
        .await;
    mount_pack(&server, &fresh, 1).await;
    let c = builder(&server)
        .credentials("admin", "pw")
        .token(jwt(-5, "expired"))
        .refresh_token("stale")
        .build()
        .unwrap();
    c.packs().get("e2e").await.unwrap();
    assert_eq!(c.refresh_token().await.as_deref(), Some("r9"));
}

#[tokio::test]
async fn login_failure_is_auth_error_with_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/login"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error":"Invalid login or password","code":"UNAUTHORIZED"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let c = builder(&server)
        .credentials("admin", "bad")
        .build()
        .unwrap();
    let e = c.packs().get("e2e").await.unwrap_err();
    assert!(matches!(e, Error::Auth { .. }), "{e:?}");
    assert_eq!(e.status(), Some(401));
}

#[tokio::test]
async fn token_only_client_sends_token_and_surfaces_401() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer opaque-token"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(
                json!({"error":{"code":401,"message":"Authentication token expired"}}),
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let c = builder(&server).token("opaque-token").build().unwrap();
    let e = c.packs().get("e2e").await.unwrap_err();
    assert!(e.is_unauthorized());
    // An expired token-only JWT is still sent as-is (nothing to refresh with).
    let server = MockServer::start().await;
    let expired = jwt(-100, "x");
    mount_pack(&server, &expired, 1).await;
    let c = builder(&server).token(expired.clone()).build().unwrap();
    c.packs().get("e2e").await.unwrap();
}

#[tokio::test]
async fn explicit_login_logout_and_auth_endpoints_not_refreshed() {
    let server = MockServer::start().await;
    let a1 = jwt(3600, "1");
    Mock::given(method("POST"))
        .and(path("/auth/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(wrap(token_json(&a1, "r1", true))))
        .expect(2)
        .mount(&server)
        .await;
    mount_pack(&server, &a1, 1).await;
    let c = builder(&server).credentials("admin", "pw").build().unwrap();
    let t = c.login().await.unwrap();
    assert_eq!(t.user.unwrap().id, 1);
    c.packs().get("e2e").await.unwrap();
    c.logout();
    assert!(c.access_token().await.is_none());
    // after logout the next authenticated call logs in again
    assert_eq!(
        c.ensure_token().await.unwrap().as_deref(),
        Some(a1.as_str())
    );

    // auth().refresh with a bad token: a 401 on an auth endpoint is not turned into a refresh loop
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/refresh"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error":"Invalid token type","code":"UNAUTHORIZED"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let c = builder(&server)
        .token(jwt(3600, "x"))
        .refresh_token("r")
        .build()
        .unwrap();
    let e = c.auth().refresh("bad").await.unwrap_err();
    assert!(e.is_unauthorized());
}

#[tokio::test]
async fn from_env_reads_variables() {
    // Only this test touches these variables.
    std::env::set_var("ATTUNE_API_URL", "http://127.0.0.1:9/");
    std::env::set_var("ATTUNE_API_TOKEN", "env-token");
    let c = AttuneClient::from_env().unwrap();
    assert_eq!(c.base_url(), "http://127.0.0.1:9");
    assert_eq!(c.access_token().await.as_deref(), Some("env-token"));
    std::env::remove_var("ATTUNE_API_URL");
    std::env::remove_var("ATTUNE_API_TOKEN");
}
