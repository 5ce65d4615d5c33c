//! Fixtures: a per-test [`Scope`] (a client, a unique pack, clean-up) with builders for the actions,
//! triggers, rules, keys and workflows the tiers use.
//!
//! Everything is created through the public API with unique refs, recorded for clean-up, and works the same
//! against the emulator and a live Attune.

use std::sync::Arc;
use std::time::Duration;

use attune_client::models::{
    Action, CreateActionRequest, CreateKeyRequest, CreatePackRequest, CreateRuleRequest,
    CreateTriggerRequest, CreateWorkflowRequest, ExecuteRequest, Execution, Key, OwnerType, Rule,
    WebhookReceipt, Workflow,
};
use attune_client::AttuneClient;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

use crate::cleanup::{Cleanup, Resource};
use crate::env::{IdentityGuard, TestEnv, TestUser, TimerTurn};
use crate::error::{Context, Result};
use crate::refs::unique_ref;

/// Ref of Attune's interval timer trigger.
pub const INTERVAL_TIMER: &str = "core.intervaltimer";
/// Ref of Attune's cron timer trigger.
pub const CRON_TIMER: &str = "core.crontimer";
/// Ref of Attune's one-shot date/time timer trigger.
pub const DATETIME_TIMER: &str = "core.datetimetimer";
/// Runtime of inline shell actions.
pub const SHELL_RUNTIME: &str = "core.shell";
/// Runtime of Python actions.
pub const PYTHON_RUNTIME: &str = "core.python";

/// Everything one test creates: the client it acts as, its own pack, and the clean-up list.
///
/// Dropping the scope deletes what it created (newest first).
#[derive(Clone)]
pub struct Scope {
    env: TestEnv,
    client: AttuneClient,
    pack: String,
    // Fields drop in declaration order: the clean-up runs before `owner` is released, so the identity that
    // created the resources is deleted only after them.
    cleanup: Cleanup,
    owner: Option<Arc<IdentityGuard>>,
    // The live target's timer turn, held from this scope's first timer rule until its clean-up
    // (declared last: released after the clean-up above has deleted the rules).
    timer_turn: Arc<tokio::sync::Mutex<Option<TimerTurn>>>,
}

impl std::fmt::Debug for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scope")
            .field("base_url", &self.env.base_url())
            .field("pack", &self.pack)
            .finish_non_exhaustive()
    }
}

/// A webhook-enabled trigger: its ref, key and receiver URL.
#[derive(Debug, Clone)]
pub struct WebhookTrigger {
    /// The trigger ref (`pack.name`).
    pub trigger_ref: String,
    /// The webhook key (the secret part of the URL).
    pub key: String,
    /// The full receiver URL (`<base>/api/v1/webhooks/<key>`).
    pub url: String,
    client: AttuneClient,
}

impl WebhookTrigger {
    /// Fires the webhook with `payload` (`POST /api/v1/webhooks/{key}` without authentication).
    pub async fn fire(&self, payload: Value) -> Result<WebhookReceipt> {
        self.client
            .webhooks()
            .fire(&self.key, &payload)
            .await
            .with_context(|| format!("firing webhook of '{}'", self.trigger_ref))
    }
}

/// A webhook → action automation.
#[derive(Debug, Clone)]
pub struct WebhookAutomation {
    /// The webhook trigger.
    pub webhook: WebhookTrigger,
    /// The action the rule runs.
    pub action: Action,
    /// The rule linking them.
    pub rule: Rule,
}

/// A timer → action automation.
#[derive(Debug, Clone)]
pub struct TimerAutomation {
    /// The action the rule runs.
    pub action: Action,
    /// The timer rule.
    pub rule: Rule,
}

impl Scope {
    /// A scope acting as the admin identity, with a fresh pack.
    pub async fn admin(env: &TestEnv) -> Result<Scope> {
        let client = env.admin().await?;
        Scope::for_client(env, client).await
    }

    /// A scope acting as `client`, with a fresh pack owned by it. For a [`TestUser`] prefer
    /// [`Scope::for_user`], which also keeps the user's identity alive until the scope is cleaned up.
    pub async fn for_client(env: &TestEnv, client: AttuneClient) -> Result<Scope> {
        let pack = unique_ref("e2e");
        let cleanup = Cleanup::new(env.base_url());
        client
            .packs()
            .create(
                &CreatePackRequest::new(pack.clone(), format!("E2E pack {pack}"), "1.0.0")
                    .with_description("created by attune-testkit; deleted after the test"),
            )
            .await
            .with_context(|| format!("creating the test pack '{pack}'"))?;
        cleanup.track(&client, Resource::Pack(pack.clone())).await;
        Ok(Scope {
            env: env.clone(),
            client,
            pack,
            cleanup,
            owner: None,
            timer_turn: Arc::new(tokio::sync::Mutex::new(None)),
        })
    }

    /// A scope acting as `user`, with a fresh pack owned by it. The scope keeps the user's identity alive
    /// until everything the scope created has been deleted.
    pub async fn for_user(env: &TestEnv, user: &TestUser) -> Result<Scope> {
        let mut scope = Scope::for_client(env, user.client.clone()).await?;
        scope.owner = Some(user.guard.clone());
        Ok(scope)
    }

    /// The environment.
    pub fn env(&self) -> &TestEnv {
        &self.env
    }

    /// The client this scope acts as.
    pub fn client(&self) -> &AttuneClient {
        &self.client
    }

    /// The scope's pack ref.
    pub fn pack(&self) -> &str {
        &self.pack
    }

    /// The clean-up list (to track resources created outside the builders).
    pub fn cleanup(&self) -> &Cleanup {
        &self.cleanup
    }

    /// A new unique component ref in this scope's pack: `<pack>.<prefix>_<suffix>`.
    pub fn component_ref(&self, prefix: &str) -> String {
        format!("{}.{}", self.pack, unique_ref(prefix))
    }

    /// Creates an inline shell action (runtime `core.shell`; the entrypoint is the script; parameters arrive
    /// as shell variables `name` and `PARAM_NAME`).
    pub async fn shell_action(
        &self,
        prefix: &str,
        script: &str,
        param_schema: Value,
    ) -> Result<Action> {
        let action_ref = self.component_ref(prefix);
        let req = CreateActionRequest::new(
            action_ref.clone(),
            self.pack.clone(),
            format!("{prefix} action"),
            script,
        )
        .with_runtime_ref(SHELL_RUNTIME)
        .with_param_schema(param_schema);
        self.create_action(req).await
    }

    /// Creates an action from a full request and records it for clean-up.
    pub async fn create_action(&self, req: CreateActionRequest) -> Result<Action> {
        let action_ref = req.r#ref.clone();
        let action = self
            .client
            .actions()
            .create(&req)
            .await
            .with_context(|| format!("creating action '{action_ref}'"))?;
        self.cleanup
            .track(&self.client, Resource::Action(action_ref))
            .await;
        Ok(action)
    }

    /// An echo action: prints its `message` parameter (default `echo`) on one line.
    pub async fn echo_action(&self) -> Result<Action> {
        self.shell_action(
            "echo",
            r#"printf '%s\n' "${message:-echo}""#,
            json!({"message": {"type": "string", "description": "text to print", "default": "echo"}}),
        )
        .await
    }

    /// An action that writes `stderr_message` to stderr and exits with `exit_code`.
    pub async fn failing_action(&self, exit_code: i32, stderr_message: &str) -> Result<Action> {
        let script = format!(
            "printf '%s\\n' {} >&2\nexit {exit_code}",
            shell_single_quote(stderr_message)
        );
        self.shell_action("fail", &script, json!({})).await
    }

    /// An action that sleeps `seconds` then prints `slept <seconds>`.
    pub async fn sleep_action(&self, seconds: f64) -> Result<Action> {
        let script = format!("sleep {seconds}\necho \"slept {seconds}\"");
        self.shell_action("sleep", &script, json!({})).await
    }

    /// A Python action (runtime `core.python`, the entrypoint is the code; parameters arrive as JSON on stdin).
    ///
    /// Note: a real Attune runs ad-hoc Python actions only when the pack ships the file; the emulator runs the
    /// entrypoint as code. Tier tests that must pass on a live server use shell actions.
    pub async fn python_action(&self, code: &str) -> Result<Action> {
        let action_ref = self.component_ref("py");
        let req = CreateActionRequest::new(action_ref, self.pack.clone(), "python action", code)
            .with_runtime_ref(PYTHON_RUNTIME);
        self.create_action(req).await
    }

    /// An action that prints the value of the key named `key_name` (keys reach inline shell actions as
    /// variables named after the key's `name`, never as environment variables).
    pub async fn key_reading_action(&self, key_name: &str) -> Result<Action> {
        let var = shell_identifier(key_name);
        let script = format!("printf 'KEY=%s\\n' \"${{{var}:-}}\"");
        self.shell_action("readkey", &script, json!({})).await
    }

    /// Creates a trigger in this pack (no webhook).
    pub async fn trigger(&self, prefix: &str) -> Result<String> {
        let trigger_ref = self.component_ref(prefix);
        let mut req = CreateTriggerRequest::new(trigger_ref.clone(), format!("{prefix} trigger"));
        req.pack_ref = Some(self.pack.clone());
        self.client
            .triggers()
            .create(&req)
            .await
            .with_context(|| format!("creating trigger '{trigger_ref}'"))?;
        self.cleanup
            .track(&self.client, Resource::Trigger(trigger_ref.clone()))
            .await;
        Ok(trigger_ref)
    }

    /// Creates a trigger and enables its webhook.
    pub async fn webhook_trigger(&self) -> Result<WebhookTrigger> {
        let trigger_ref = self.trigger("hook").await?;
        let trigger = self
            .client
            .triggers()
            .enable_webhook(&trigger_ref)
            .await
            .with_context(|| format!("enabling the webhook of '{trigger_ref}'"))?;
        let key = trigger.webhook_key.clone().ok_or_else(|| {
            crate::error::TestkitError::Other(format!(
                "enabling the webhook of '{trigger_ref}' returned no webhook_key"
            ))
        })?;
        Ok(WebhookTrigger {
            url: format!("{}/api/v1/webhooks/{key}", self.env.base_url()),
            trigger_ref,
            key,
            client: self.client.clone(),
        })
    }

    /// Starts a rule linking `trigger_ref` to `action_ref`; finish it with [`RuleBuilder::create`].
    pub fn rule(&self, trigger_ref: &str, action_ref: &str) -> RuleBuilder<'_> {
        RuleBuilder {
            scope: self,
            req: CreateRuleRequest::new(
                self.component_ref("rule"),
                self.pack.clone(),
                "e2e rule",
                action_ref,
                trigger_ref,
            ),
        }
    }

    /// A rule on `core.intervaltimer` firing every `seconds` seconds.
    pub async fn interval_rule(&self, action_ref: &str, seconds: u64) -> Result<Rule> {
        self.rule(INTERVAL_TIMER, action_ref)
            .trigger_params(json!({"unit": "seconds", "interval": seconds}))
            .create()
            .await
    }

    /// A rule on `core.crontimer` with a 6-field (seconds first) UTC cron `expression`.
    pub async fn cron_rule(&self, action_ref: &str, expression: &str) -> Result<Rule> {
        self.rule(CRON_TIMER, action_ref)
            .trigger_params(json!({"expression": expression, "timezone": "UTC"}))
            .create()
            .await
    }

    /// A rule on `core.datetimetimer` firing once at `fire_at`.
    pub async fn datetime_rule(&self, action_ref: &str, fire_at: DateTime<Utc>) -> Result<Rule> {
        self.rule(DATETIME_TIMER, action_ref)
            .trigger_params(json!({
                "fire_at": fire_at.to_rfc3339_opts(SecondsFormat::Millis, true),
                "timezone": "UTC"
            }))
            .create()
            .await
    }

    /// Webhook trigger → echo action, with optional `action_params` for the rule.
    pub async fn webhook_automation(
        &self,
        action_params: Option<Value>,
    ) -> Result<WebhookAutomation> {
        let webhook = self.webhook_trigger().await?;
        let action = self.echo_action().await?;
        let mut builder = self.rule(&webhook.trigger_ref, &action.r#ref);
        if let Some(params) = action_params {
            builder = builder.action_params(params);
        }
        let rule = builder.create().await?;
        Ok(WebhookAutomation {
            webhook,
            action,
            rule,
        })
    }

    /// Interval timer → echo action.
    pub async fn timer_automation(&self, seconds: u64) -> Result<TimerAutomation> {
        let action = self.echo_action().await?;
        let rule = self.interval_rule(&action.r#ref, seconds).await?;
        Ok(TimerAutomation { action, rule })
    }

    /// Creates a system key with a unique `local_ref` (canonical ref `system.<local_ref>`).
    pub async fn system_key(&self, value: Value, encrypted: bool) -> Result<Key> {
        let local = unique_ref("key");
        self.create_key(
            CreateKeyRequest::new(local.clone(), local, value, OwnerType::System)
                .with_encrypted(encrypted),
        )
        .await
    }

    /// Creates a key from a full request and records it for clean-up.
    pub async fn create_key(&self, req: CreateKeyRequest) -> Result<Key> {
        let local = req.local_ref.clone();
        let key = self
            .client
            .keys()
            .create(&req)
            .await
            .with_context(|| format!("creating key '{local}'"))?;
        self.cleanup
            .track(&self.client, Resource::Key(key.r#ref.clone()))
            .await;
        Ok(key)
    }

    /// Starts a workflow in this pack; add tasks and finish with [`WorkflowBuilder::create`].
    pub fn workflow(&self, prefix: &str) -> WorkflowBuilder<'_> {
        WorkflowBuilder {
            scope: self,
            workflow_ref: self.component_ref(prefix),
            tasks: Vec::new(),
            vars: serde_json::Map::new(),
            output_map: serde_json::Map::new(),
            param_schema: json!({}),
        }
    }

    /// Runs `action_ref` with `parameters` (`POST /api/v1/executions/execute`).
    pub async fn execute(&self, action_ref: &str, parameters: Value) -> Result<Execution> {
        let mut req = ExecuteRequest::new(action_ref);
        req.parameters = parameters;
        self.client
            .executions()
            .execute(&req)
            .await
            .with_context(|| format!("executing '{action_ref}'"))
    }

    /// Runs `action_ref` and waits (up to `timeout`) until the execution is terminal.
    pub async fn run(
        &self,
        action_ref: &str,
        parameters: Value,
        timeout: Duration,
    ) -> Result<Execution> {
        let exec = self.execute(action_ref, parameters).await?;
        Ok(crate::waiters::wait_for_execution_terminal(&self.client, exec.id, timeout).await?)
    }

    /// Deletes everything created so far (otherwise done on drop), then gives up the timer turn.
    pub async fn clean_up(&self) {
        self.cleanup.run().await;
        self.timer_turn.lock().await.take();
    }

    /// Takes the live target's timer turn for this scope (a no-op on the emulator); see
    /// [`TestEnv::timer_turn`]. Called before a timer rule is created.
    pub async fn take_timer_turn(&self) {
        let mut held = self.timer_turn.lock().await;
        if held.is_none() {
            *held = self.env.timer_turn().await;
        }
    }
}

/// Builder of a rule inside a [`Scope`].
#[must_use = "a rule builder does nothing until `create` is awaited"]
pub struct RuleBuilder<'a> {
    scope: &'a Scope,
    req: CreateRuleRequest,
}

impl RuleBuilder<'_> {
    /// Rule conditions: the array form (`[{"field","operator","value"}]`) or `{"expression": "..."}`.
    pub fn conditions(mut self, conditions: Value) -> Self {
        self.req.conditions = Some(conditions);
        self
    }

    /// Templated action parameters (`{{ event.payload.x }}` ...).
    pub fn action_params(mut self, params: Value) -> Self {
        self.req.action_params = Some(params);
        self
    }

    /// Trigger parameters (timer configuration).
    pub fn trigger_params(mut self, params: Value) -> Self {
        self.req.trigger_params = Some(params);
        self
    }

    /// Create it disabled (or enabled).
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.req.enabled = Some(enabled);
        self
    }

    /// Creates the rule and records it for clean-up.
    pub async fn create(self) -> Result<Rule> {
        let rule_ref = self.req.r#ref.clone();
        if is_timer_trigger(&self.req.trigger_ref) {
            self.scope.take_timer_turn().await;
        }
        let rule = self
            .scope
            .client
            .rules()
            .create(&self.req)
            .await
            .with_context(|| format!("creating rule '{rule_ref}'"))?;
        self.scope
            .cleanup
            .track(&self.scope.client, Resource::Rule(rule_ref))
            .await;
        Ok(rule)
    }
}

/// A small builder of workflow definitions (the JSON form of Attune's workflow YAML).
#[must_use = "a workflow builder does nothing until `create` is awaited"]
pub struct WorkflowBuilder<'a> {
    scope: &'a Scope,
    workflow_ref: String,
    tasks: Vec<Value>,
    vars: serde_json::Map<String, Value>,
    output_map: serde_json::Map<String, Value>,
    param_schema: Value,
}

impl WorkflowBuilder<'_> {
    /// Adds an action task: `{"name", "action", "input"}`.
    pub fn task(mut self, name: &str, action_ref: &str, input: Value) -> Self {
        self.tasks
            .push(json!({"name": name, "action": action_ref, "input": input}));
        self
    }

    /// Adds a task given as raw JSON (for `with_items`, `next`, `retry`, `timeout` ...).
    pub fn raw_task(mut self, task: Value) -> Self {
        self.tasks.push(task);
        self
    }

    /// Adds a `with_items` task running `action_ref` once per item of `items`, `concurrency` at a time.
    ///
    /// Pass a template string such as `json!("{{ parameters.items }}")` and the list as a workflow
    /// parameter: a real Attune accepts a literal array in the definition but never schedules the task
    /// (the execution stays `requested`), and the emulator fails such an execution with a clear error.
    pub fn with_items_task(
        mut self,
        name: &str,
        action_ref: &str,
        items: Value,
        concurrency: Option<u32>,
        input: Value,
    ) -> Self {
        let mut task =
            json!({"name": name, "action": action_ref, "with_items": items, "input": input});
        if let (Some(c), Some(obj)) = (concurrency, task.as_object_mut()) {
            obj.insert("concurrency".into(), json!(c));
        }
        self.tasks.push(task);
        self
    }

    /// Sets a workflow variable.
    pub fn var(mut self, name: &str, value: Value) -> Self {
        self.vars.insert(name.to_string(), value);
        self
    }

    /// Adds an `output_map` entry.
    pub fn output(mut self, name: &str, template: Value) -> Self {
        self.output_map.insert(name.to_string(), template);
        self
    }

    /// Sets the workflow's parameter schema (flat Attune schema).
    pub fn param_schema(mut self, schema: Value) -> Self {
        self.param_schema = schema;
        self
    }

    /// The definition as JSON.
    pub fn definition(&self) -> Value {
        let mut def = json!({
            "ref": self.workflow_ref,
            "label": "e2e workflow",
            "version": "1.0.0",
            "tasks": self.tasks,
        });
        if let Some(obj) = def.as_object_mut() {
            if !self.vars.is_empty() {
                obj.insert("vars".into(), Value::Object(self.vars.clone()));
            }
            if !self.output_map.is_empty() {
                obj.insert("output_map".into(), Value::Object(self.output_map.clone()));
            }
        }
        def
    }

    /// Creates the workflow (`POST /api/v1/workflows`) and records it for clean-up.
    pub async fn create(self) -> Result<Workflow> {
        let definition = self.definition();
        let req = CreateWorkflowRequest {
            r#ref: self.workflow_ref.clone(),
            pack_ref: self.scope.pack.clone(),
            label: "e2e workflow".into(),
            version: "1.0.0".into(),
            definition,
            param_schema: self.param_schema.clone(),
            out_schema: json!({}),
            description: Some("created by attune-testkit".into()),
            tags: None,
        };
        let wf = self
            .scope
            .client
            .workflows()
            .create(&req)
            .await
            .with_context(|| format!("creating workflow '{}'", self.workflow_ref))?;
        self.scope
            .cleanup
            .track(
                &self.scope.client,
                Resource::Workflow(self.workflow_ref.clone()),
            )
            .await;
        Ok(wf)
    }
}

/// Quotes `s` for a POSIX shell as one single-quoted word.
pub fn shell_single_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The shell variable name Attune gives a parameter or key named `name`.
pub fn shell_identifier(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) || out.is_empty() {
        out.insert(0, '_');
    }
    out
}

/// RFC 3339 text of `t` with milliseconds, `Z` suffix.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Whether `trigger_ref` is one of the core timer triggers (their rules share one sensor upstream).
pub fn is_timer_trigger(trigger_ref: &str) -> bool {
    matches!(
        trigger_ref,
        INTERVAL_TIMER | CRON_TIMER | DATETIME_TIMER | "core.rruletimer"
    )
}
