//! Resource handles. Each handle borrows the client and exposes one method per operation.
//!
//! Obtain them from the client: `client.packs()`, `client.executions()`, ...

pub mod actions;
pub mod auth;
pub mod enforcements;
pub mod events;
pub mod executions;
pub mod health;
pub mod identities;
pub mod inquiries;
pub mod keys;
pub mod packs;
pub mod permissions;
pub mod raw;
pub mod rules;
pub mod runtimes;
pub mod sensors;
pub mod triggers;
pub mod webhooks;
pub mod workflows;
// issue 12 additions
pub mod admin;
pub mod analytics;
pub mod artifacts;
pub mod audit;
pub mod history;
pub mod policies;
pub mod queues;
pub mod streams;
pub mod workers;
// full 0.5.4 coverage
pub mod caches;
pub mod internal;
pub mod pack_indices;

pub use actions::Actions;
pub use auth::Auth;
pub use enforcements::Enforcements;
pub use events::Events;
pub use executions::Executions;
pub use health::Health;
pub use identities::Identities;
pub use inquiries::Inquiries;
pub use keys::Keys;
pub use packs::Packs;
pub use permissions::Permissions;
pub use raw::{Raw, RawRequest};
pub use rules::Rules;
pub use runtimes::Runtimes;
pub use sensors::Sensors;
pub use triggers::Triggers;
pub use webhooks::Webhooks;
pub use workflows::Workflows;
// issue 12 additions
pub use analytics::Analytics;
pub use artifacts::Artifacts;
pub use audit::Audit;
pub use history::History;
pub use policies::Policies;
pub use queues::Queues;
pub use workers::Workers;
// full 0.5.4 coverage
pub use artifacts::ByteStream;
pub use caches::Caches;
pub use internal::Internal;
pub use pack_indices::PackIndices;

use crate::AttuneClient;

pub(crate) const DEFAULT_PAGE_SIZE: u32 = 50;

pub(crate) fn page_no(p: Option<u32>) -> u32 {
    p.unwrap_or(1)
}

pub(crate) fn page_sz(s: Option<u32>) -> u32 {
    s.unwrap_or(DEFAULT_PAGE_SIZE)
}

/// The body of a live response as a [`ByteStream`] (chunks as they arrive, never collected).
pub(crate) fn byte_stream(resp: reqwest::Response) -> ByteStream {
    use futures::{StreamExt, TryStreamExt};
    Box::pin(resp.bytes_stream().map_err(crate::Error::transport).boxed())
}

macro_rules! handles {
    ($($(#[$m:meta])* $fn:ident => $ty:ident),+ $(,)?) => {
        impl AttuneClient {
            $(
                $(#[$m])*
                pub fn $fn(&self) -> $ty<'_> {
                    $ty { client: self }
                }
            )+
        }
    };
}

handles! {
    /// Authentication endpoints (`/auth/*`).
    auth => Auth,
    /// Health checks.
    health => Health,
    /// Packs.
    packs => Packs,
    /// Runtimes.
    runtimes => Runtimes,
    /// Actions.
    actions => Actions,
    /// Triggers and webhook management.
    triggers => Triggers,
    /// Webhook receiver (fire a trigger without auth).
    webhooks => Webhooks,
    /// Sensors.
    sensors => Sensors,
    /// Rules.
    rules => Rules,
    /// Events.
    events => Events,
    /// Enforcements.
    enforcements => Enforcements,
    /// Executions.
    executions => Executions,
    /// Inquiries.
    inquiries => Inquiries,
    /// Key/value store.
    keys => Keys,
    /// Workflows.
    workflows => Workflows,
    /// Permission sets, role bindings and assignments.
    permissions => Permissions,
    /// Identities.
    identities => Identities,
    /// Escape hatch for endpoints this SDK does not model.
    raw => Raw,
}

handles! {
    /// Workers (list, get, cordon/uncordon, history).
    workers => Workers,
    /// Execution policies.
    policies => Policies,
    /// Entity history, trace reports, retention configuration.
    history => History,
    /// Work queues and queue items.
    queues => Queues,
    /// Audit events and agent information.
    audit => Audit,
    /// Artifacts and versions (byte-stream upload/download).
    artifacts => Artifacts,
    /// Analytics reports and dashboards.
    analytics => Analytics,
}

handles! {
    /// Cache namespaces, generations and entry lookups.
    caches => Caches,
    /// Internal file transfer (artifact files, pack archives) for worker, sensor and
    /// execution tokens.
    internal => Internal,
    /// Pack registry indices and the packs they list.
    pack_indices => PackIndices,
}
