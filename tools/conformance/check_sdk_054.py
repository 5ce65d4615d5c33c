#!/usr/bin/env python3
"""Conformance check: every response the emulator produces for the in-scope
operations must parse with the official attune-sdk 0.5.4 client.

For each operation the raw HTTP response is fed to the generated operation's own
`_parse_response` (so status-code branches and `from_dict` of the declared model
both run). Where the server source wraps a body that 0.5.4 declares bare (execute,
webhook enable/disable/regenerate, webhook receive), the `data` member is parsed
with the declared model instead.

Usage:
  python3 check_sdk_054.py --binary target/debug/attune-emulator   # starts it on a free port
  python3 check_sdk_054.py --url http://127.0.0.1:8080              # already running
Needs `attune-sdk==0.5.4` importable (e.g. a venv with it installed).
"""
import argparse
import importlib
import json
import socket
import subprocess
import sys
import time

import httpx
from attune.api_client.client import AuthenticatedClient

FAILURES = []
CHECKS = 0


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Fake:
    """Minimal response object for parsing an unwrapped `data` member."""

    def __init__(self, status, body):
        self.status_code = status
        self._body = body
        self.content = json.dumps(body).encode()

    def json(self):
        return self._body


def check(op, resp, expect_status, client, unwrap=False):
    """Parse `resp` with attune.api_client.api.<op>._parse_response."""
    global CHECKS
    CHECKS += 1
    label = f"{op} [{resp.request.method} {resp.request.url.path}]"
    if resp.status_code != expect_status:
        FAILURES.append(f"{label}: status {resp.status_code} != {expect_status}: {resp.text[:300]}")
        return None
    mod = importlib.import_module(f"attune.api_client.api.{op}")
    target = resp
    if unwrap:
        body = resp.json()
        if "data" not in body:
            FAILURES.append(f"{label}: expected a data-wrapped body")
            return None
        target = Fake(resp.status_code, body["data"])
    try:
        parsed = mod._parse_response(client=client, response=target)
    except Exception as e:  # noqa: BLE001
        FAILURES.append(f"{label}: parse error {type(e).__name__}: {e}; body={resp.text[:400]}")
        return None
    if expect_status >= 400:
        # error branches may be declared without a model: also parse the flat ErrorResponse
        from attune.api_client.models.error_response import ErrorResponse
        try:
            ErrorResponse.from_dict(resp.json())
        except Exception as e:  # noqa: BLE001
            FAILURES.append(f"{label}: ErrorResponse parse error {e}")
    elif parsed is None:
        FAILURES.append(f"{label}: parsed to None")
    return resp.json() if resp.content else None


def wait_status(h, headers, execution_id, wanted, timeout=20.0):
    """Polls an execution until its status is one of `wanted`."""
    deadline = time.time() + timeout
    status = None
    while time.time() < deadline:
        status = h.get(f"/api/v1/executions/{execution_id}", headers=headers).json()["data"]["status"]
        if status in wanted:
            return status
        time.sleep(0.02)
    raise SystemExit(f"execution {execution_id} never reached {sorted(wanted)} (last: {status})")


def wait_child(h, headers, parent_id, status, timeout=20.0):
    """Polls a workflow's children until one has `status`; returns its id."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        items = h.get(f"/api/v1/executions?parent={parent_id}", headers=headers).json()["items"]
        for item in items:
            if item["status"] == status:
                return item["id"]
        time.sleep(0.02)
    raise SystemExit(f"workflow {parent_id} never had a '{status}' child")


def run(base):
    h = httpx.Client(base_url=base, timeout=10)
    anon = AuthenticatedClient(base_url=base, token="x", raise_on_unexpected_status=True)

    r = h.get("/health/detailed")
    check("health.health_detailed", r, 200, anon)
    r = h.post("/auth/login", json={"login": "test@attune.local", "password": "TestPass123!"})
    body = check("auth.login", r, 200, anon)
    token = body["data"]["access_token"]
    refresh = body["data"]["refresh_token"]
    c = AuthenticatedClient(base_url=base, token=token, raise_on_unexpected_status=True)
    H = {"Authorization": f"Bearer {token}"}
    check("auth.register", h.post("/auth/register", json={"login": "conf-user", "password": "Password123!"}), 200, anon)
    check("auth.refresh_token", h.post("/auth/refresh", json={"refresh_token": refresh}), 200, anon)
    check("auth.get_current_user", h.get("/auth/me", headers=H), 200, c)
    check("auth.auth_settings", h.get("/auth/settings"), 200, anon)

    # packs
    check("packs.create_pack", h.post("/api/v1/packs", headers=H, json={"ref": "conf", "label": "Conf", "version": "1.0.0", "description": "d"}), 201, c)
    check("packs.get_pack", h.get("/api/v1/packs/conf", headers=H), 200, c)
    check("packs.get_pack", h.get("/api/v1/packs/core", headers=H), 200, c)
    check("packs.list_packs", h.get("/api/v1/packs", headers=H), 200, c)
    check("packs.update_pack", h.put("/api/v1/packs/conf", headers=H, json={"label": "C2", "conf_schema": None, "config": None, "meta": None}), 200, c)

    # runtimes
    check("runtimes.list_runtimes", h.get("/api/v1/runtimes", headers=H), 200, c)
    check("runtimes.get_runtime", h.get("/api/v1/runtimes/core.shell", headers=H), 200, c)

    # actions
    check("actions.create_action", h.post("/api/v1/actions", headers=H, json={
        "ref": "conf.hello", "pack_ref": "conf", "label": "Hello", "entrypoint": "echo hello",
        "runtime_ref": "core.shell", "param_schema": {"name": {"type": "string", "required": True}}, "timeout_seconds": 60}), 201, c)
    check("actions.get_action", h.get("/api/v1/actions/conf.hello", headers=H), 200, c)
    check("actions.get_action", h.get("/api/v1/actions/core.http_request", headers=H), 200, c)
    check("actions.list_actions", h.get("/api/v1/actions", headers=H), 200, c)
    check("actions.search_actions", h.get("/api/v1/actions/search?q=hello", headers=H), 200, c)
    check("actions.update_action", h.put("/api/v1/actions/conf.hello", headers=H, json={"label": "Hello2"}), 200, c)

    # triggers + webhooks
    check("triggers.create_trigger", h.post("/api/v1/triggers", headers=H, json={"ref": "conf.alert", "pack_ref": "conf", "label": "Alert"}), 201, c)
    check("triggers.get_trigger", h.get("/api/v1/triggers/core.intervaltimer", headers=H), 200, c)
    check("triggers.list_triggers", h.get("/api/v1/triggers", headers=H), 200, c)
    body = check("webhooks.enable_webhook", h.post("/api/v1/triggers/conf.alert/webhooks/enable", headers=H), 200, c, unwrap=True)
    key = body["data"]["webhook_key"]
    check("webhooks.regenerate_webhook_key", h.post("/api/v1/triggers/conf.alert/webhooks/regenerate", headers=H), 200, c, unwrap=True)
    key = h.get("/api/v1/triggers/conf.alert", headers=H).json()["data"]["webhook_key"]
    body = check("webhooks.receive_webhook", h.post(f"/api/v1/webhooks/{key}", json={"payload": {"severity": "high"}}), 200, anon, unwrap=True)
    event_id = body["data"]["event_id"]
    check("events.list_events", h.get("/api/v1/events?include_total=true", headers=H), 200, c)
    check("events.get_event", h.get(f"/api/v1/events/{event_id}", headers=H), 200, c)
    check("enforcements.list_enforcements", h.get("/api/v1/enforcements", headers=H), 200, c)

    # sensors
    check("sensors.create_sensor", h.post("/api/v1/sensors", headers=H, json={
        "ref": "conf.s", "pack_ref": "conf", "label": "S", "entrypoint": "s.py", "runtime_ref": "core.python",
        "trigger_ref": "conf.alert"}), 201, c)
    check("sensors.list_sensors", h.get("/api/v1/sensors", headers=H), 200, c)
    check("sensors.get_sensor", h.get("/api/v1/sensors/conf.s", headers=H), 200, c)

    # rules
    check("rules.create_rule", h.post("/api/v1/rules", headers=H, json={
        "ref": "conf.on_alert", "pack_ref": "conf", "label": "On alert", "trigger_ref": "conf.alert",
        "action_ref": "conf.hello", "conditions": {"expression": "{{ event.payload.severity == 'high' }}"},
        "action_params": {"name": "{{ event.payload.host }}"}}), 201, c)
    check("rules.create_rule", h.post("/api/v1/rules", headers=H, json={
        "ref": "conf.timer", "pack_ref": "conf", "label": "Timer", "trigger_ref": "core.intervaltimer",
        "action_ref": "core.echo", "trigger_params": {"unit": "seconds", "interval": 5}}), 201, c)
    check("rules.get_rule", h.get("/api/v1/rules/conf.on_alert", headers=H), 200, c)
    check("rules.list_rules", h.get("/api/v1/rules", headers=H), 200, c)
    check("rules.disable_rule", h.post("/api/v1/rules/conf.timer/disable", headers=H), 200, c)

    # keys
    check("secrets.create_key", h.post("/api/v1/keys", headers=H, json={
        "local_ref": "conf_token", "name": "Conf", "value": "s3cr3t", "owner_type": "system", "encrypted": True}), 201, c)
    check("secrets.get_key", h.get("/api/v1/keys/conf_token", headers=H), 200, c)
    check("secrets.list_keys", h.get("/api/v1/keys", headers=H), 200, c)
    check("secrets.update_key", h.put("/api/v1/keys/system.conf_token", headers=H, json={"value": {"a": 1}}), 200, c)

    # executions
    check("actions.create_action", h.post("/api/v1/actions", headers=H, json={
        "ref": "conf.nap", "pack_ref": "conf", "label": "Nap", "entrypoint": "sleep 30", "runtime_ref": "core.shell"}), 201, c)
    body = check("executions.create_execution", h.post("/api/v1/executions/execute", headers=H, json={
        "action_ref": "conf.hello", "parameters": {"name": "bob"}, "env_vars": {}}), 201, c, unwrap=True)
    ex = body["data"]["id"]
    wait_status(h, H, ex, {"completed", "failed"})
    check("executions.get_execution", h.get(f"/api/v1/executions/{ex}", headers=H), 200, c)
    check("executions.list_executions", h.get("/api/v1/executions?include_total=true", headers=H), 200, c)
    check("executions.list_executions_by_status", h.get("/api/v1/executions/status/completed", headers=H), 200, c)
    check("executions.list_executions_by_enforcement", h.get("/api/v1/enforcements/1/executions", headers=H), 200, c)
    check("executions.get_execution_stats", h.get("/api/v1/executions/stats", headers=H), 200, c)
    # A running execution can be cancelled (200, status canceling, then cancelled).
    body = check("executions.create_execution", h.post("/api/v1/executions/execute", headers=H, json={
        "action_ref": "conf.nap", "parameters": {}, "env_vars": {}}), 201, c, unwrap=True)
    nap = body["data"]["id"]
    wait_status(h, H, nap, {"running"})
    check("executions.cancel_execution", h.post(f"/api/v1/executions/{nap}/cancel", headers=H), 200, c)
    wait_status(h, H, nap, {"cancelled"})
    check("executions.get_execution", h.get(f"/api/v1/executions/{nap}", headers=H), 200, c)
    # Only a `requested` execution can be rescheduled: the second child of a with_items task with
    # concurrency 1 stays `requested` while the first one runs.
    check("workflows.create_workflow", h.post("/api/v1/workflows", headers=H, json={
        "ref": "conf.naps", "pack_ref": "conf", "label": "Naps", "version": "1.0.0", "param_schema": {}, "out_schema": {},
        "definition": {"ref": "conf.naps", "label": "Naps", "version": "1.0.0", "tasks": [
            {"name": "each", "action": "conf.nap", "with_items": "{{ [1, 2] }}", "concurrency": 1, "input": {}}]}}), 201, c)
    body = check("executions.create_execution", h.post("/api/v1/executions/execute", headers=H, json={
        "action_ref": "conf.naps", "parameters": {}, "env_vars": {}}), 201, c, unwrap=True)
    wf = body["data"]["id"]
    held = wait_child(h, H, wf, "requested")
    check("executions.reschedule_execution", h.post(f"/api/v1/executions/{held}/reschedule", headers=H), 200, c)
    check("executions.cancel_execution", h.post(f"/api/v1/executions/{wf}/cancel", headers=H), 200, c)

    # inquiries
    body = check("inquiries.create_inquiry", h.post("/api/v1/inquiries", headers=H, json={
        "execution": ex, "prompt": "Approve?", "response_schema": {"approved": {"type": "boolean", "required": True}}}), 201, c)
    inq = body["data"]["id"]
    check("inquiries.get_inquiry", h.get(f"/api/v1/inquiries/{inq}", headers=H), 200, c)
    check("inquiries.list_inquiries", h.get("/api/v1/inquiries", headers=H), 200, c)
    check("inquiries.list_inquiries_by_execution", h.get(f"/api/v1/executions/{ex}/inquiries", headers=H), 200, c)
    check("inquiries.respond_to_inquiry", h.post(f"/api/v1/inquiries/{inq}/respond", headers=H, json={"response": {"approved": True}}), 200, c)
    check("inquiries.list_inquiries_by_status", h.get("/api/v1/inquiries/status/responded", headers=H), 200, c)

    # workflows
    check("workflows.create_workflow", h.post("/api/v1/workflows", headers=H, json={
        "ref": "conf.flow", "pack_ref": "conf", "label": "Flow", "version": "1.0.0", "param_schema": {}, "out_schema": {},
        "definition": {"ref": "conf.flow", "label": "Flow", "version": "1.0.0", "tasks": [
            {"name": "first", "action": "conf.hello", "input": {"name": "a"}, "next": [{"do": ["second"]}]},
            {"name": "second", "action": "conf.hello", "input": {"name": "b"}}]}}), 201, c)
    check("workflows.get_workflow", h.get("/api/v1/workflows/conf.flow", headers=H), 200, c)
    check("workflows.list_workflows", h.get("/api/v1/workflows", headers=H), 200, c)
    check("actions.get_action", h.get("/api/v1/actions/conf.flow", headers=H), 200, c)

    # permissions / identities
    body = check("permissions.list_permission_sets", h.get("/api/v1/permissions/sets", headers=H), 200, c)
    viewer = next(s for s in body if s["ref"] == "core.viewer")
    check("permissions.create_permission_set_role_assignment", h.post(f"/api/v1/permissions/sets/{viewer['id']}/roles", headers=H, json={"role": "viewers"}), 201, c)
    body = check("permissions.create_identity", h.post("/api/v1/identities", headers=H, json={"login": "conf-ident", "password": "Password123!"}), 201, c)
    ident = body["data"]["id"]
    check("permissions.create_identity_role_assignment", h.post(f"/api/v1/identities/{ident}/roles", headers=H, json={"role": "viewers"}), 201, c)
    check("permissions.create_permission_assignment", h.post("/api/v1/permissions/assignments", headers=H, json={"permission_set_ref": "core.executor", "identity_id": ident}), 201, c)
    check("permissions.get_identity", h.get(f"/api/v1/identities/{ident}", headers=H), 200, c)
    check("permissions.list_identities", h.get("/api/v1/identities", headers=H), 200, c)
    check("permissions.list_identity_permissions", h.get(f"/api/v1/identities/{ident}/permissions", headers=H), 200, c)

    # errors parse as ErrorResponse / AuthErrorResponse where declared (cancelling a finished execution: 409)
    check("packs.get_pack", h.get("/api/v1/packs/nope", headers=H), 404, c)
    check("packs.create_pack", h.post("/api/v1/packs", headers=H, json={"ref": "conf", "label": "x", "version": "1"}), 409, c)
    check("executions.cancel_execution", h.post(f"/api/v1/executions/{ex}/cancel", headers=H), 409, c)

    # deletes
    check("workflows.delete_workflow", h.delete("/api/v1/workflows/conf.flow", headers=H), 200, c)
    check("workflows.delete_workflow", h.delete("/api/v1/workflows/conf.naps", headers=H), 200, c)
    check("rules.delete_rule", h.delete("/api/v1/rules/conf.on_alert", headers=H), 200, c)
    check("secrets.delete_key", h.delete("/api/v1/keys/system.conf_token", headers=H), 200, c)
    check("actions.delete_action", h.delete("/api/v1/actions/conf.hello", headers=H), 200, c)
    check("triggers.delete_trigger", h.delete("/api/v1/triggers/conf.alert", headers=H), 200, c)
    check("packs.delete_pack", h.delete("/api/v1/packs/conf", headers=H), 200, c)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary")
    ap.add_argument("--url")
    a = ap.parse_args()
    proc = None
    base = a.url
    if a.binary:
        port = free_port()
        proc = subprocess.Popen([a.binary, "--port", str(port), "--log-level", "warn"], stdout=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if httpx.get(base + "/health").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
    if not base:
        ap.error("--binary or --url is required")
    try:
        run(base)
    finally:
        if proc:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"{CHECKS} responses checked against attune-sdk 0.5.4, {len(FAILURES)} failures")
    for f in FAILURES:
        print("FAIL:", f)
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
