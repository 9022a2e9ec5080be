#!/usr/bin/env python3
"""The approval contract as an SDK speaks it, from outside C++.

Starts the real aegis-gateway (the path is the first argument) on a free
loopback port and drives it with `requests` the way the reference Python
SDK's AegisClient and @protect_tool do: register, authorize (with
X-Aegis-Tenant-ID), poll the approval, consume it, page by offset, freeze.
Then recomputes every receipt hash of the tenant's chain here, in Python,
with the aegis-jcs-1 rules, so that the evidence is checked by a verifier
that shares no code with the gateway.

Exit status 0 when everything held; otherwise the first failure is printed.
"""

import hashlib
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time

import requests

ENVELOPE = {"receipt_hash", "tenant_id", "seq", "decision_id", "canon_version", "signature",
            "signer_public_key", "signer_key_id", "created_at"}


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def sha256_hex(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


class Gateway:
    def __init__(self, binary, workdir):
        self.token = secrets.token_hex(24)
        env = {k: v for k, v in os.environ.items() if not k.startswith("AEGIS_")}
        env.update({
            "AEGIS_BIND": "127.0.0.1:0",
            "AEGIS_DB_PATH": os.path.join(workdir, "db", "aegis.db"),
            "AEGIS_BACKUP_DIR": os.path.join(workdir, "backups"),
            "AEGIS_ADMIN_TOKEN": self.token,
        })
        self.process = subprocess.Popen([binary], cwd=workdir, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 60
        self.base = None
        seen = []
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            seen.append(line)
            match = re.search(r"listening on http://[^ ]*:(\d+)", line)
            if match:
                self.base = "http://127.0.0.1:%s" % match.group(1)
                break
        expect(self.base, "the gateway did not report listening:\n" + "".join(seen))

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        # Drain its output so that it never blocks on a full pipe while stopping.
        self.process.communicate(timeout=60)
        return self.process.returncode


def run(gateway):
    base = gateway.base
    admin = {"Authorization": "Bearer " + gateway.token, "Content-Type": "application/json"}
    session = requests.Session()

    # AegisClient.register_agent
    registered = session.post(base + "/v1/agents/register", headers=admin, timeout=10, json={
        "agent_key": "sdk-agent", "name": "sdk-agent", "owner_team": None,
        "environment": "production", "risk_tier": "high"})
    expect(registered.status_code in (200, 201), "register: %s %s" % (registered.status_code, registered.text))
    agent_id = registered.json()["id"]
    agent = {"Authorization": "Bearer " + registered.json()["agent_token"],
             "X-Aegis-Tenant-ID": "default", "Content-Type": "application/json"}

    # @protect_tool computes the hash itself before it asks.
    tool_call = {"tool": "github", "action": "merge_pull_request", "resource": "payments#482",
                 "mutates_state": True, "parameters": {"base_branch": "main", "title": "Zürich — fix"}}
    expected_hash = sha256_hex(canonical(tool_call))

    # AegisClient.authorize
    body = {"agent": {"id": "sdk-agent", "environment": "production"}, "tool_call": tool_call,
            "context": {"source_trust": "unknown", "contains_sensitive_data": False},
            "trace": {"run_id": "run_default", "trace_id": "trace_default"}}
    answer = session.post(base + "/v1/authorize", headers=agent, json=body, timeout=10)
    expect(answer.status_code == 200, "authorize: %s %s" % (answer.status_code, answer.text))
    decision = answer.json()
    expect(decision["decision"] == "require_approval", "decision: %r" % decision)
    approval = decision.get("approval")
    expect(approval, "no approval info was returned")
    expect(approval["action_hash"] == expected_hash, "offer hash %s != %s" % (approval["action_hash"], expected_hash))
    expect(approval["status"] == "created" and approval["approver_group"] == "default", "offer: %r" % approval)
    approval_id = approval["approval_id"]

    wrong_tenant = dict(agent, **{"X-Aegis-Tenant-ID": "tenant_123"})
    refused = session.post(base + "/v1/authorize", headers=wrong_tenant, json=body, timeout=10)
    expect(refused.status_code == 403, "a tenant header naming another tenant: %s" % refused.status_code)

    # AegisClient.get_approval_status polls with the API key.
    status = session.get(base + "/v1/approvals/" + approval_id, headers=admin, timeout=10).json()
    expect(status["status"] == "created", "before the review: %r" % status)
    expect(status["tool_call"] == tool_call, "the reviewer sees another call: %r" % status["tool_call"])

    reviewed = session.post(base + "/v1/approvals/%s/approve" % approval_id, headers=admin, timeout=10,
                            json={"approver": "Dana Reviewer", "reason": "diff reviewed"})
    expect(reviewed.status_code == 200, "approve: %s %s" % (reviewed.status_code, reviewed.text))

    status = session.get(base + "/v1/approvals/" + approval_id, headers=admin, timeout=10).json()
    expect(status["status"] == "APPROVED" and status["action_hash"] == expected_hash, "after review: %r" % status)
    expect(status["approver_user_id"] == "Dana Reviewer", "approver: %r" % status)

    # AegisClient.consume_approval: the API key, no body.
    consumed = session.post(base + "/v1/approvals/%s/consume" % approval_id, headers=admin, timeout=10)
    expect(consumed.status_code == 200, "consume: %s %s" % (consumed.status_code, consumed.text))
    expect(consumed.json()["status"] == "consumed" and consumed.json()["action_hash"] == expected_hash,
           "consume answer: %r" % consumed.json())
    again = session.post(base + "/v1/approvals/%s/consume" % approval_id, headers=agent, timeout=10,
                         json={"claimed_action_hash": expected_hash})
    expect(again.status_code == 409 and again.json()["reason"] == "approval_already_consumed",
           "second consume: %s %s" % (again.status_code, again.text))

    # A second call, rejected: the reviewer's reason reaches the agent.
    other = dict(tool_call, parameters={"base_branch": "release"})
    second = session.post(base + "/v1/authorize", headers=agent, json=dict(body, tool_call=other), timeout=10).json()
    second_id = second["approval"]["approval_id"]
    session.post(base + "/v1/approvals/%s/reject" % second_id, headers=admin, timeout=10,
                 json={"approver": "Sam", "reason": "not on a Friday"})
    status = session.get(base + "/v1/approvals/" + second_id, headers=admin, timeout=10).json()
    expect(status["status"] == "REJECTED" and status["reason"] == "not on a Friday", "rejected: %r" % status)

    # AegisClient.list_approvals / list_receipts page by offset.
    first_page = session.get(base + "/v1/approvals", headers=admin, params={"limit": 1, "offset": 0}, timeout=10).json()
    second_page = session.get(base + "/v1/approvals", headers=admin, params={"limit": 1, "offset": 1}, timeout=10).json()
    expect([a["approval_id"] for a in first_page + second_page] == [second_id, approval_id],
           "offset pages: %r %r" % (first_page, second_page))

    # The chain, checked here: request, decision with approver, consumption.
    receipts = session.get(base + "/v1/receipts", headers=admin, params={"tenant_id": "default", "order": "asc",
                                                                         "limit": 200}, timeout=10).json()
    previous = ""
    for index, receipt in enumerate(receipts):
        hashed = {k: v for k, v in receipt.items() if k not in ENVELOPE}
        expect(sha256_hex(canonical(hashed)) == receipt["receipt_hash"], "receipt %d does not hash" % index)
        expect(receipt["prev_receipt_hash"] == previous, "receipt %d does not link" % index)
        previous = receipt["receipt_hash"]
    story = [(r["decision"], r["approver"]) for r in receipts if r["action_hash"] == expected_hash]
    expect(story == [("require_approval", None), ("approved", "Dana Reviewer"), ("consumed", None)],
           "the chain tells: %r" % story)

    # AegisClient.freeze_agent / unfreeze_agent / revoke_agent
    for verb, state in (("freeze", "frozen"), ("unfreeze", "active"), ("revoke", "revoked")):
        changed = session.post(base + "/v1/agents/%s/%s" % (agent_id, verb), headers=admin, timeout=10)
        expect(changed.status_code == 200 and changed.json()["status"] == "success", "%s: %s" % (verb, changed.text))
        expect(changed.json()["agent"]["status"] == state, "%s: %r" % (verb, changed.json()))
    blocked = session.post(base + "/v1/authorize", headers=agent, json=body, timeout=10)
    expect(blocked.status_code == 403, "a revoked agent: %s" % blocked.status_code)


def main():
    binary = sys.argv[1]
    scratch = os.environ.get("AEGIS_TEST_TMP")
    if scratch:
        os.makedirs(scratch, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch) as workdir:
        gateway = Gateway(binary, workdir)
        try:
            run(gateway)
        except Exception:
            gateway.stop()
            raise
        code = gateway.stop()
        expect(code == 0, "the gateway exited with %s" % code)
    print("PASS: authorize → poll → approve → consume → chain, driven with requests")


if __name__ == "__main__":
    main()
