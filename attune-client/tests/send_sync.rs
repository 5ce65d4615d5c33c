//! Compile-time proof that the client, every returned future and every stream are `Send`.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code, unused_must_use)]

use attune_client::models::*;
use attune_client::{AttuneClient, Error, Page, RetryPolicy};
use futures::Stream;
use serde_json::json;

fn send<T: Send>(_: T) {}
fn send_stream<S: Stream + Send + 'static>(_: S) {}
fn send_sync<T: Send + Sync + 'static>() {}

#[test]
fn types_are_send_sync() {
    send_sync::<AttuneClient>();
    send_sync::<Error>();
    send_sync::<RetryPolicy>();
    send_sync::<Page<Execution>>();
}

/// Never executed: only type-checked.
fn all_futures_are_send(c: &AttuneClient) {
    let v = json!({});
    send(c.login());
    send(c.access_token());
    send(c.ensure_token());
    send(c.auth().login(&LoginRequest::new("a", "b")));
    send(c.auth().register(&RegisterRequest::new("a", "b")));
    send(c.auth().refresh("r"));
    send(c.auth().me());
    send(c.auth().update_me(&UpdateCurrentUserRequest::default()));
    send(
        c.auth()
            .change_password(&ChangePasswordRequest::new("a", "b")),
    );
    send(c.auth().settings());
    send(c.health().check());
    send(c.health().detailed());
    send(c.health().ready());
    send(c.health().live());
    send(c.packs().create(&CreatePackRequest::default()));
    send(c.packs().list(&ListPacksParams::default()));
    send(c.packs().get("p"));
    send(c.packs().update("p", &UpdatePackRequest::default()));
    send(c.packs().delete("p"));
    send_stream(c.packs().stream(ListPacksParams::default()));
    send(c.runtimes().list(&ListRuntimesParams::default()));
    send(c.runtimes().list_by_pack("p", &PageParams::default()));
    send(c.runtimes().get("r"));
    send_stream(c.runtimes().stream(ListRuntimesParams::default()));
    send(c.actions().create(&CreateActionRequest::default()));
    send(c.actions().list(&ListActionsParams::default()));
    send(c.actions().list_by_pack("p", &ListActionsParams::default()));
    send(c.actions().search(&SearchActionsParams::default()));
    send(c.actions().get("a"));
    send(c.actions().update("a", &UpdateActionRequest::default()));
    send(c.actions().delete("a"));
    send_stream(c.actions().stream(ListActionsParams::default()));
    send(c.triggers().create(&CreateTriggerRequest::default()));
    send(c.triggers().list(&ListTriggersParams::default()));
    send(c.triggers().list_enabled(&ListTriggersParams::default()));
    send(
        c.triggers()
            .list_by_pack("p", &ListTriggersParams::default()),
    );
    send(c.triggers().get("t"));
    send(c.triggers().update("t", &UpdateTriggerRequest::default()));
    send(c.triggers().delete("t"));
    send(c.triggers().enable("t"));
    send(c.triggers().disable("t"));
    send(c.triggers().enable_webhook("t"));
    send(c.triggers().disable_webhook("t"));
    send(c.triggers().regenerate_webhook("t"));
    send_stream(c.triggers().stream(ListTriggersParams::default()));
    send(c.webhooks().fire("k", &v));
    send(c.webhooks().fire_raw("k", &WebhookRequest::default()));
    send(c.sensors().create(&CreateSensorRequest::default()));
    send(c.sensors().list(&ListSensorsParams::default()));
    send(c.sensors().list_enabled(&PageParams::default()));
    send(c.sensors().get("s"));
    send(c.sensors().update("s", &UpdateSensorRequest::default()));
    send(c.sensors().delete("s"));
    send(c.sensors().enable("s"));
    send(c.sensors().disable("s"));
    send_stream(c.sensors().stream(ListSensorsParams::default()));
    send(c.rules().create(&CreateRuleRequest::default()));
    send(c.rules().list(&ListRulesParams::default()));
    send(c.rules().list_enabled(&PageParams::default()));
    send(c.rules().get("r"));
    send(c.rules().update("r", &UpdateRuleRequest::default()));
    send(c.rules().delete("r"));
    send(c.rules().enable("r"));
    send(c.rules().disable("r"));
    send_stream(c.rules().stream(ListRulesParams::default()));
    send(c.events().list(&ListEventsParams::default()));
    send(c.events().get(1));
    send(c.events().create(&CreateEventRequest::default()));
    send_stream(c.events().stream(ListEventsParams::default()));
    send(c.enforcements().list(&ListEnforcementsParams::default()));
    send(c.enforcements().get(1));
    send(c.enforcements().executions(1, &PageParams::default()));
    send_stream(c.enforcements().stream(ListEnforcementsParams::default()));
    send(c.executions().execute(&ExecuteRequest::new("a")));
    send(c.executions().get(1));
    send(c.executions().list(&ListExecutionsParams::default()));
    send(c.executions().cancel(1));
    send(c.executions().reschedule(1));
    send(c.executions().stats());
    send(
        c.executions()
            .by_status(&ExecutionStatus::Running, &PageParams::default()),
    );
    send(c.executions().by_enforcement(1, &PageParams::default()));
    send_stream(c.executions().stream(ListExecutionsParams::default()));
    send(c.inquiries().list(&ListInquiriesParams::default()));
    send(
        c.inquiries()
            .by_status(&InquiryStatus::Pending, &PageParams::default()),
    );
    send(c.inquiries().by_execution(1, &PageParams::default()));
    send(c.inquiries().get(1));
    send(c.inquiries().respond(1, &v));
    send(c.inquiries().create(CreateInquiryWithToken::new("q")));
    send(c.inquiries().update(1, &UpdateInquiryRequest::default()));
    send(c.inquiries().delete(1));
    send_stream(c.inquiries().stream(ListInquiriesParams::default()));
    send(c.keys().create(&CreateKeyRequest::system("k", "v")));
    send(c.keys().list(&ListKeysParams::default()));
    send(c.keys().get("k"));
    send(c.keys().update("k", &UpdateKeyRequest::default()));
    send(c.keys().delete("k"));
    send_stream(c.keys().stream(ListKeysParams::default()));
    send(c.workflows().create(&CreateWorkflowRequest::default()));
    send(c.workflows().list(&ListWorkflowsParams::default()));
    send(c.workflows().get("w"));
    send(c.workflows().update("w", &UpdateWorkflowRequest::default()));
    send(c.workflows().delete("w"));
    send_stream(c.workflows().stream(ListWorkflowsParams::default()));
    send(c.permissions().list_sets());
    send(
        c.permissions()
            .list_sets_filtered(&ListPermissionSetsParams::default()),
    );
    send(c.permissions().find_set("core.admin"));
    send(
        c.permissions()
            .create_assignment(&CreatePermissionAssignment::default()),
    );
    send(c.permissions().delete_assignment(1));
    send(c.permissions().bind_role_to_set(1, "r"));
    send(c.permissions().delete_set_role(1));
    send(c.identities().list(&PageParams::default()));
    send(c.identities().get(1));
    send(c.identities().create(&CreateIdentityRequest::default()));
    send(c.identities().update(1, &UpdateIdentityRequest::default()));
    send(c.identities().delete(1));
    send(c.identities().assign_role(1, "r"));
    send(c.identities().delete_role(1));
    send(c.identities().permissions(1));
    send(c.raw().get::<serde_json::Value>("/x"));
    send(
        c.raw()
            .request(attune_client::reqwest::Method::GET, "/x")
            .send_json(),
    );
    send(
        c.raw()
            .request(attune_client::reqwest::Method::GET, "/x")
            .send::<serde_json::Value>(),
    );
}

#[test]
fn futures_are_send() {
    // Referencing the function forces it to be type-checked.
    let _f: fn(&AttuneClient) = all_futures_are_send;
    // Spawning on a multi-threaded runtime requires Send.
    let c = AttuneClient::builder()
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async move {
        let h = tokio::spawn(async move { c.packs().get("x").await.is_err() });
        let _ = h.await;
    });
}
