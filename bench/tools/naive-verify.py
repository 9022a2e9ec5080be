#!/usr/bin/env python3
"""The naive verifier the issue measures C++ against (bench/verify-chain.sh):
Python's sqlite3, json.dumps with RECEIPTS.md's canonical settings and
hashlib, one row at a time. It checks what the product checks for an intact
chain (each receipt's hash over its canonical body, each link, seq + 1) and
prints its rate; the C++ verifier is expected to be >= 10x this.

    naive-verify.py DB
"""
import hashlib
import json
import sqlite3
import sys
import time

FIELDS = ["event_id", "ts", "agent_id", "user_id", "run_id", "trace_id", "tool", "action", "resource",
          "source_trust", "decision", "approver", "action_hash", "prev_receipt_hash"]


def main(path):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    rows = db.execute("SELECT tenant_id, seq, receipt_hash, %s FROM receipts ORDER BY tenant_id, seq"
                      % ", ".join(FIELDS))
    start_wall, start_cpu = time.monotonic(), time.process_time()
    count = broken = 0
    tenant = head = seq = None
    for row in rows:
        if row[0] != tenant:
            tenant, head, seq = row[0], "", 0
        body = dict(zip(FIELDS, row[3:]))
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest != row[2] or body["prev_receipt_hash"] != head or row[1] != seq + 1:
            broken += 1
        head, seq = row[2], row[1]
        count += 1
    wall, cpu = time.monotonic() - start_wall, time.process_time() - start_cpu
    print("receipts=%d broken=%d seconds=%.3f rate=%.0f cpu_seconds=%.3f cpu_rate=%.0f"
          % (count, broken, wall, count / wall if wall else 0, cpu, count / cpu if cpu else 0))
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
