//! The webhook receiver `POST /api/v1/webhooks/{key}` (no auth: the key is the secret).

use crate::client::{seg, Req};
use crate::models::{WebhookReceipt, WebhookRequest};
use crate::{AttuneClient, Result};

/// Handle for firing webhooks.
#[derive(Debug, Clone, Copy)]
pub struct Webhooks<'a> {
    pub(crate) client: &'a AttuneClient,
}

impl Webhooks<'_> {
    /// Fire the trigger behind `webhook_key` with `{"payload": payload}`; no Authorization
    /// header is sent. Accepts the bare and the `data`-wrapped receipt.
    pub async fn fire(
        &self,
        webhook_key: &str,
        payload: &serde_json::Value,
    ) -> Result<WebhookReceipt> {
        let body = WebhookRequest {
            payload: payload.clone(),
            ..Default::default()
        };
        self.fire_raw(webhook_key, &body).await
    }

    /// `POST /api/v1/webhooks/{webhook_key}` (`WebhookReceiverRequest`).
    ///
    /// Fire with a full [`WebhookRequest`] (payload plus optional headers/source_ip/user_agent).
    pub async fn fire_raw(
        &self,
        webhook_key: &str,
        req: &WebhookRequest,
    ) -> Result<WebhookReceipt> {
        self.client
            .call(
                Req::post(
                    "webhooks.fire",
                    format!("/api/v1/webhooks/{}", seg(webhook_key)),
                )
                .no_auth()
                .json(req)?,
            )
            .await
    }
}
