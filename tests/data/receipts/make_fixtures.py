#!/usr/bin/env python3
"""Regenerates the receipt fixtures of this directory with the aegis-jcs-1
reference (RECEIPTS.md): python3 make_fixtures.py. The C++ tests hold their
expectations as literals; these files are inputs made by another
implementation, so that a bug shared by our writer and our verifier cannot
hide."""
import copy
import hashlib
import json


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def sha(value):
    return hashlib.sha256(canonical(value).encode("utf-8")).hexdigest()


ENVELOPE = {"receipt_hash", "tenant_id", "seq", "decision_id", "canon_version", "signature",
            "signer_public_key", "signer_key_id", "created_at"}


def seal(receipt):
    receipt["receipt_hash"] = sha({k: v for k, v in receipt.items() if k not in ENVELOPE})
    return receipt


def write(name, value):
    with open(name, "w", encoding="utf-8") as f:
        f.write(json.dumps(value, ensure_ascii=False, indent=1))
        f.write("\n")


r1 = {"event_id": "0b6f3c1e-8a52-4f7e-9d4a-1c2b3d4e5f60", "ts": "2026-11-26T09:30:00.000000Z",
      "agent_id": "5d1c7a52-3f0e-4b8e-a7a4-2b9f6c0d1e23", "user_id": "alice", "run_id": "run-7",
      "trace_id": None, "tool": "jira", "action": "create_issue", "resource": None,
      "source_trust": "trusted_internal_signed", "decision": "require_approval", "approver": None,
      "action_hash": "a47304021195cce42ade11905422d8cc7c9adf539c3f9dc5f34ee11976647e85",
      "prev_receipt_hash": ""}
seal(r1)
r2 = dict(r1, event_id="7e2d9b40-1c3a-4d5e-8f6a-9b0c1d2e3f41", ts="2026-11-26T09:30:01.250000Z",
          tool="github", action="list_pull_requests", resource="payments",
          source_trust="untrusted_external", decision="allow", action_hash="0" * 64,
          prev_receipt_hash=r1["receipt_hash"])
seal(r2)
assert r1["receipt_hash"] == "e7b50943aa236c8af3e3ec8f6bfcd0af55a493be393618bd6ced441219022790"
assert r2["receipt_hash"] == "f3b23fc84b7cce3ada02f804fb75c987c09a1600d1d078568a5b3d560ea84c9e"
write("spec-chain.json", [r1, r2])

tampered = copy.deepcopy([r1, r2])
tampered[1]["decision"] = "deny"
write("spec-chain-tampered.json", tampered)


def chain(tenant, count, agent, first_seq=1, prev=""):
    out = []
    for seq in range(first_seq, first_seq + count):
        h = hashlib.sha256(f"{tenant}/{seq}".encode()).hexdigest()
        r = {"event_id": f"{h[0:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:32]}",
             "ts": f"2026-11-26T10:{seq // 60:02d}:{seq % 60:02d}.000000Z",
             "agent_id": agent, "user_id": None if seq % 2 else "bob", "run_id": None, "trace_id": None,
             "tool": "github", "action": "merge_pull_request", "resource": f"payments#{seq}",
             "source_trust": "trusted_internal_signed", "decision": ["allow", "deny", "require_approval"][seq % 3],
             "approver": None, "action_hash": hashlib.sha256(f"action {seq}".encode()).hexdigest(),
             "prev_receipt_hash": prev}
        seal(r)
        prev = r["receipt_hash"]
        out.append((seq, r))
    return out


# Receipts from another implementation: extra hashed fields, non-ASCII,
# a float and a big integer inside a hashed field.
export = [r for _, r in chain("acme", 3, "agent-acme")]
export[1] = {k: v for k, v in export[1].items() if k != "receipt_hash"}
export[1]["executed_hash"] = "1" * 64
export[1]["note"] = "Zürich — 東京 \U0001F600 \u2028 tab\there"
export[1]["cost"] = 1.0
export[1]["big"] = 123456789012345678901234567890
seal(export[1])
export[2]["prev_receipt_hash"] = export[1]["receipt_hash"]
export[2] = seal({k: v for k, v in export[2].items() if k != "receipt_hash"})
write("export-extra-fields.json", {"canon_version": "aegis-jcs-1", "tenant_id": "acme", "receipts": export})

# A GET /v1/receipts page: newest first, envelope fields, two tenants; the
# default tenant's part is a slice (seq 3..5), acme's starts at genesis.
page = []
for tenant, seqs in (("default", chain("default", 5, "agent-default")[2:]), ("acme", chain("acme", 3, "agent-acme"))):
    for seq, r in seqs:
        e = dict(r)
        e.update(tenant_id=tenant, seq=seq, decision_id=f"d-{tenant}-{seq}", canon_version="aegis-jcs-1",
                 signature=None, signer_public_key=None, signer_key_id=None,
                 created_at=r["ts"])
        page.append(e)
page.sort(key=lambda e: e["ts"], reverse=True)
write("page-newest-first.json", page)
