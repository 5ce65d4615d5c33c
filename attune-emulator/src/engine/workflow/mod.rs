//! Workflow engine of the Attune emulator: definition model + validation,
//! workflow expressions, and a pure orchestration state machine
//! ([`run::WorkflowRun`]) that the host drives.

pub mod definition;
pub mod expr;
pub mod run;
pub mod validate;

pub use definition::{CancellationPolicy, Task, TaskType, Transition, WorkflowDefinition};

pub use run::{
    ChildId, ChildOutcome, ChildStatus, Command, InquiryResolution, RunEnv, WorkflowRun,
    WorkflowStatus,
};
pub use validate::{parse_and_validate, ActionLookup, ValidationError, ValidationErrorKind};
