//! Best-effort, asynchronous clean-up of what a test created, so a live server is left as it was found.
//!
//! A [`Cleanup`] records each resource together with the token of the identity that created it. It deletes
//! them in reverse order of creation (rules before the triggers and actions they use, packs last) when
//! [`Cleanup::run`] is awaited or, failing that, when the last clone is dropped — also when the test panics.
//! Deletion on drop happens on a separate thread with its own runtime, because the test's runtime may already
//! be shutting down. Errors (already deleted, 404, 409) are logged at debug level and otherwise ignored.

use std::sync::{Arc, Mutex};

use attune_client::AttuneClient;

/// A kind of resource the test kit knows how to delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resource {
    /// `DELETE /api/v1/packs/{ref}`
    Pack(String),
    /// `DELETE /api/v1/actions/{ref}`
    Action(String),
    /// `DELETE /api/v1/triggers/{ref}`
    Trigger(String),
    /// `DELETE /api/v1/rules/{ref}`
    Rule(String),
    /// `DELETE /api/v1/keys/{ref}`
    Key(String),
    /// `DELETE /api/v1/workflows/{ref}`
    Workflow(String),
}

#[derive(Debug, Clone)]
struct Item {
    resource: Resource,
    token: Option<String>,
}

#[derive(Debug, Default)]
struct Inner {
    items: Mutex<Vec<Item>>,
}

/// A list of resources to delete when the test is over. Cheap to clone; the last clone's drop cleans up.
#[derive(Debug, Clone)]
pub struct Cleanup {
    base_url: String,
    inner: Arc<Inner>,
}

impl Cleanup {
    /// An empty clean-up list for the server at `base_url`.
    pub fn new(base_url: impl Into<String>) -> Self {
        Cleanup {
            base_url: base_url.into(),
            inner: Arc::new(Inner::default()),
        }
    }

    /// Records `resource`, to be deleted with `client`'s current token.
    pub async fn track(&self, client: &AttuneClient, resource: Resource) {
        let token = client.access_token().await;
        if let Ok(mut items) = self.inner.items.lock() {
            items.push(Item { resource, token });
        }
    }

    /// Forgets `resource` (a test that deleted it itself).
    pub fn forget(&self, resource: &Resource) {
        if let Ok(mut items) = self.inner.items.lock() {
            items.retain(|item| &item.resource != resource);
        }
    }

    /// How many resources are recorded.
    pub fn len(&self) -> usize {
        self.inner.items.lock().map(|i| i.len()).unwrap_or(0)
    }

    /// True when nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Deletes everything recorded so far, newest first, and empties the list.
    pub async fn run(&self) {
        let items = self.take();
        delete_all(&self.base_url, items).await;
    }

    fn take(&self) -> Vec<Item> {
        self.inner
            .items
            .lock()
            .map(|mut items| std::mem::take(&mut *items))
            .unwrap_or_default()
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        // Only the last clone cleans up.
        if Arc::strong_count(&self.inner) != 1 {
            return;
        }
        let items = self.take();
        if items.is_empty() {
            return;
        }
        let base_url = self.base_url.clone();
        let worker = std::thread::Builder::new()
            .name("attune-testkit-cleanup".into())
            .spawn(move || {
                match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime.block_on(delete_all(&base_url, items)),
                    Err(e) => tracing::warn!(target: "attune_testkit", error = %e, "no runtime for clean-up"),
                }
            });
        if let Ok(handle) = worker {
            let _ = handle.join();
        }
    }
}

async fn delete_all(base_url: &str, mut items: Vec<Item>) {
    items.reverse();
    for item in items {
        let mut builder = AttuneClient::builder()
            .base_url(base_url.to_string())
            .retry_policy(attune_client::RetryPolicy::none())
            .total_timeout(std::time::Duration::from_secs(10));
        if let Some(token) = &item.token {
            builder = builder.token(token.clone());
        }
        let client = match builder.build() {
            Ok(c) => c,
            Err(e) => {
                tracing::debug!(target: "attune_testkit", error = %e, "clean-up client");
                continue;
            }
        };
        let outcome = match &item.resource {
            Resource::Pack(r) => client.packs().delete(r).await,
            Resource::Action(r) => client.actions().delete(r).await,
            Resource::Trigger(r) => client.triggers().delete(r).await,
            Resource::Rule(r) => client.rules().delete(r).await,
            Resource::Key(r) => client.keys().delete(r).await,
            Resource::Workflow(r) => client.workflows().delete(r).await,
        };
        match outcome {
            Ok(()) => {
                tracing::debug!(target: "attune_testkit", resource = ?item.resource, "cleaned up")
            }
            Err(e) => {
                tracing::debug!(target: "attune_testkit", resource = ?item.resource, error = %e, "clean-up skipped")
            }
        }
    }
}
