//! A live target that does not answer `/health` fails every test with one sentence naming the URL.
//!
//! Its own test binary: the target is chosen once per process, from `ATTUNE_API_URL`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use attune_testkit::{TestEnv, TestkitError};

#[tokio::test]
async fn an_unreachable_live_server_fails_with_one_clear_sentence() {
    // Port 9 (discard) on localhost: nothing listens there in a test environment.
    let url = "http://127.0.0.1:9";
    std::env::set_var("ATTUNE_API_URL", url);
    let err = TestEnv::get().await.err().expect("no server answers there");
    assert!(matches!(err, TestkitError::Target(_)), "{err}");
    let text = err.to_string();
    assert!(
        text.contains(url) && text.contains("ATTUNE_API_URL") && text.contains("/health"),
        "{text}"
    );
    assert!(
        !text.trim_end().contains('\n'),
        "one sentence, one line: {text}"
    );
    // The outcome is remembered: a second test of the process fails the same way without waiting again.
    let again = TestEnv::get().await.err().expect("still unreachable");
    assert_eq!(again.to_string(), text);
}
