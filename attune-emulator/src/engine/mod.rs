//! Automation-engine building blocks of the Attune emulator.
//!
//! These modules are deliberately free of HTTP and state types: they are pure
//! functions and small async services over [`serde_json::Value`] and their own
//! types, wired into the event → rule → enforcement → execution pipeline by
//! the emulator.
//!
//! * [`expr`] — the shared expression engine (minijinja expressions plus the
//!   Attune functions `contains`, `length`, `lower`, `upper`, `match`, `int`,
//!   `string`, …).
//! * [`conditions`] — rule `conditions` matching (platform-semantics §3.2).
//! * [`params`] — rule `action_params` templating (§4).
//! * [`timers`] — the core timer sensor: interval, cron and datetime timers (§5).
//! * [`runner`] — really running actions: shell, python, node and the core
//!   actions, with results shaped exactly like Attune's worker (§7, §13).
//! * [`pool`] — a bounded worker pool with queueing.
//! * [`workflow`] — workflow definitions, validation and the orchestration state machine.
//!
//! Wiring (the engine proper, installed by [`Emulator::start`](crate::Emulator::start)):
//!
//! * [`service`] — [`Engine`], the [`EngineHooks`](crate::EngineHooks) implementation;
//! * [`pipeline`] — event → rules → enforcements → executions;
//! * [`worker`] — scheduling, running actions, results, cancel;
//! * [`timer_sensor`] — rule lifecycle → timer jobs → events;
//! * [`orchestrator`] — workflow runs and their child executions;
//! * [`packs`] — packs from archives and directories, and their runtime environments.

pub mod conditions;
pub mod expr;
pub mod params;
pub mod pool;
pub mod runner;
pub mod timers;
pub mod workflow;

pub mod asks;
pub mod orchestrator;
pub mod packs;
pub mod pipeline;
pub mod service;
pub mod timer_sensor;
pub mod worker;

pub use service::Engine;
