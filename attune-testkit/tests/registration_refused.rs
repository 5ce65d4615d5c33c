//! A server that refuses self-registration (`POST /auth/register` → 403, the default of a docker
//! deployment) still gets fresh test users: the admin creates them, without roles or grants.
//!
//! Its own test binary: the target is chosen once per process, here an emulator started with
//! self-registration off and used as a live target.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use attune_client::models::RegisterRequest;
use attune_emulator::{Emulator, EmulatorConfig};
use attune_testkit::TestEnv;

#[tokio::test]
async fn new_user_is_created_by_the_admin_when_self_registration_is_refused() {
    let emulator =
        Emulator::start(EmulatorConfig::default().with_self_registration(false)).unwrap();
    std::env::set_var("ATTUNE_API_URL", emulator.base_url());
    std::env::set_var("ATTUNE_LOGIN", emulator.admin_login());
    std::env::set_var("ATTUNE_PASSWORD", emulator.admin_password());
    let env = TestEnv::get().await.unwrap();

    let refused = env
        .anonymous()
        .unwrap()
        .auth()
        .register(&RegisterRequest {
            login: "someone@example.test".into(),
            password: "Passw0rd-long".into(),
            display_name: None,
        })
        .await
        .unwrap_err();
    assert!(refused.is_forbidden(), "{refused}");

    let user = env.new_user().await.unwrap();
    let me = user.client.auth().me().await.unwrap();
    assert_eq!(me.login, user.login);
    assert_eq!(me.id, user.id);
    // No roles and no grants, like a self-registered identity.
    let seen = env
        .admin()
        .await
        .unwrap()
        .identities()
        .get(user.id)
        .await
        .unwrap();
    assert!(seen.roles.is_empty(), "{seen:?}");
    assert!(seen.direct_permissions.is_empty(), "{seen:?}");
    // Two users are two identities.
    let other = env.new_user().await.unwrap();
    assert_ne!(other.id, user.id);
}
