//! Arbitrary bytes and arbitrary JSON as response bodies never panic the SDK.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use attune_client::models::*;
use attune_client::{AttuneClient, Error, RetryPolicy};
use proptest::prelude::*;
use serde_json::Value;

use wiremock::{Mock, MockServer, ResponseTemplate};

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        ".{0,20}".prop_map(Value::String),
        prop_oneof![
            Just("data"),
            Just("items"),
            Just("error"),
            Just("pagination")
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("data".to_string()),
                        Just("items".to_string()),
                        Just("error".to_string()),
                        Just("code".to_string()),
                        Just("message".to_string()),
                        Just("pagination".to_string()),
                        Just("id".to_string()),
                        Just("status".to_string()),
                        "[a-z_]{1,8}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn statuses() -> impl Strategy<Value = u16> {
    prop_oneof![
        Just(200u16),
        Just(201),
        Just(400),
        Just(401),
        Just(404),
        Just(409),
        Just(422),
        Just(500),
        Just(503)
    ]
}

async fn exercise(status: u16, body: Vec<u8>) {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(status).set_body_bytes(body))
        .mount(&server)
        .await;
    let c = AttuneClient::builder()
        .base_url(server.uri())
        .token("t")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let results: Vec<Result<(), Error>> = vec![
        c.executions().get(1).await.map(|_| ()),
        c.executions()
            .list(&ListExecutionsParams::default())
            .await
            .map(|_| ()),
        c.webhooks().fire("k", &Value::Null).await.map(|_| ()),
        c.permissions().list_sets().await.map(|_| ()),
        c.health().ready().await,
        c.auth().me().await.map(|_| ()),
    ];
    for r in results {
        if let Err(e) = r {
            let _ = e.to_string();
            if (200..300).contains(&status) {
                assert!(matches!(e, Error::Decode { .. }), "{e:?}");
            } else {
                assert_eq!(e.status(), Some(status));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(status in statuses(), body in prop::collection::vec(any::<u8>(), 0..256)) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(exercise(status, body));
    }

    #[test]
    fn arbitrary_json_never_panics(status in statuses(), body in arb_json()) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(exercise(status, serde_json::to_vec(&body).unwrap()));
    }
}

proptest! {
    #[test]
    fn error_from_response_never_panics(status in 100u16..1000, body in prop::collection::vec(any::<u8>(), 0..512)) {
        let e = Error::from_response(status, &body, None);
        prop_assert_eq!(e.status(), Some(status));
        let _ = e.to_string();
    }
}
