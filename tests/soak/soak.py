#!/usr/bin/env python3
"""Crash soak: the gateway is killed with SIGKILL at random moments while
agents write decisions and an operator takes backups, and restarted each
time. At the end nothing acknowledged may be missing:

- every decision answered 200 is present, with its receipt, after the last
  restart (the contract: an answer is sent only once its transaction is
  durable);
- every tenant's chain verifies (aegis-verify-receipts --db);
- every backup answered 200 is in the catalog with the sha256 it was
  answered with, and every catalog entry has its manifest and verifies
  (POST .../verify says restorable, and aegis-verify-receipts checks the
  file against its manifest offline);
- after a start and a clean stop, no temporary file is left in the
  database or backup directory.

Prints decisions acknowledged / found / lost, backups taken / verified and
kills survived; exits 1 on any loss or failed check, 2 when the soak itself
could not run (the gateway did not start).
"""

import argparse
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import requests

# What a kill may leave behind, which the next start must clean up and a
# clean stop must never leave: copies in progress and their SQLite journals
# (".NAME.partial", ".NAME.partial-journal"), files written under a
# temporary name before a rename (".NAME.manifest.json.<pid>.tmp") and
# rollback journals ("-journal"). The database's "-wal" and "-shm" are not
# temporary (SQLite owns them); they are listed, not judged.
TEMPORARY = re.compile(r"(\.partial$|\.tmp$|-journal$|\.tmp\.|\.partial\.)")


class Gateway:
    """One aegis-gateway process at a time, restarted on the same files."""

    def __init__(self, binary, workdir, token):
        self.binary = binary
        self.workdir = workdir
        self.token = token
        self.db_path = os.path.join(workdir, "db", "aegis.db")
        self.backup_dir = os.path.join(workdir, "backups")
        self.process = None
        self.base = None
        self.generation = 0

    def start(self, timeout=90):
        self.generation += 1
        env = {k: v for k, v in os.environ.items() if not k.startswith("AEGIS_")}
        env.update({
            "AEGIS_BIND": "127.0.0.1:0",
            "AEGIS_DB_PATH": self.db_path,
            "AEGIS_BACKUP_DIR": self.backup_dir,
            "AEGIS_ADMIN_TOKEN": self.token,
            "QT_LOGGING_RULES": "aegis.http.access.info=false",
        })
        log_path = os.path.join(self.workdir, "gateway-%03d.log" % self.generation)
        log = open(log_path, "w")
        self.process = subprocess.Popen([self.binary], cwd=self.workdir, env=env, stdout=log,
                                        stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(log_path) as text:
                match = re.search(r"listening on http://[^ ]*:(\d+)", text.read())
            if match:
                self.base = "http://127.0.0.1:%s" % match.group(1)
                return True
            if self.process.poll() is not None:
                break
            time.sleep(0.05)  # polling a log file: there is no event to wait on
        self.base = None
        with open(log_path) as text:
            sys.stderr.write("gateway start %d failed (exit %s):\n%s\n"
                             % (self.generation, self.process.poll(), text.read()[-4000:]))
        return False

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.kill()
            return "timeout"

    def admin(self):
        return {"Authorization": "Bearer " + self.token, "Content-Type": "application/json"}


class Soak:
    def __init__(self, args, gateway):
        self.args = args
        self.gateway = gateway
        self.rng = random.Random(args.seed)
        self.lock = threading.Lock()
        self.up = threading.Event()
        self.stopping = threading.Event()
        self.backup_started = threading.Event()
        self.decisions = []          # (decision_id, receipt_id, receipt_hash, tenant, decision)
        self.unanswered = 0          # requests a kill cut: neither acknowledged nor lost
        self.refused = {}            # status -> count of non-200 answers
        self.backups = {}            # name -> sha256 answered with 200
        self.backup_attempts = 0
        self.kills = 0
        self.kills_in_backup = 0
        self.base = None

    # -- setup ----------------------------------------------------------

    def register_agents(self):
        session = requests.Session()
        admin = self.gateway.admin()
        base = self.gateway.base
        tenants = ["default", "soak-b"]
        created = session.post(base + "/v1/tenants", headers=admin, json={"id": "soak-b", "name": "Soak B"},
                               timeout=30)
        if created.status_code not in (201, 409):
            raise RuntimeError("create tenant: %s %s" % (created.status_code, created.text))
        agents = []
        for index in range(self.args.writers):
            tenant = tenants[index % len(tenants)]
            answer = session.post(base + "/v1/agents", headers=admin, timeout=30,
                                  json={"agent_key": "soak-writer-%d" % index, "tenant_id": tenant})
            if answer.status_code not in (200, 201):
                raise RuntimeError("register agent: %s %s" % (answer.status_code, answer.text))
            agents.append((tenant, answer.json()["agent_token"]))
        return agents

    # -- workers --------------------------------------------------------

    def current_base(self):
        self.up.wait()
        with self.lock:
            return self.base

    def writer(self, index, tenant, token):
        session = requests.Session()
        headers = {"Authorization": "Bearer " + token, "X-Aegis-Tenant-ID": tenant,
                   "Content-Type": "application/json"}
        counter = 0
        while not self.stopping.is_set():
            base = self.current_base()
            if self.stopping.is_set():
                break
            counter += 1
            body = {"request_id": str(uuid.uuid4()),
                    "tool_call": {"tool": "soak", "action": "write", "resource": "w%d/%d" % (index, counter),
                                  "mutates_state": counter % 3 == 0, "parameters": {"n": counter}},
                    "context": {"source_trust": "trusted_internal_signed", "contains_sensitive_data": False},
                    "trace": {"run_id": "soak-%d" % index, "trace_id": "t-%d" % counter}}
            try:
                answer = session.post(base + "/v1/authorize", headers=headers, json=body, timeout=30)
            except requests.RequestException:
                with self.lock:
                    self.unanswered += 1
                continue
            if answer.status_code != 200:
                with self.lock:
                    self.refused[answer.status_code] = self.refused.get(answer.status_code, 0) + 1
                continue
            decision = answer.json()
            receipt = decision["receipt"]
            with self.lock:
                self.decisions.append((decision["decision_id"], receipt["receipt_id"], receipt["receipt_hash"],
                                       tenant, decision["decision"]))

    def backup_taker(self):
        session = requests.Session()
        number = 0
        while not self.stopping.wait(self.args.backup_interval):
            base = self.current_base()
            if self.stopping.is_set():
                break
            number += 1
            name = "soak-%04d.db" % number
            with self.lock:
                self.backup_attempts += 1
            self.backup_started.set()
            try:
                answer = session.post(base + "/v1/admin/backup", headers=self.gateway.admin(),
                                      json={"filename": name}, timeout=120)
            except requests.RequestException:
                continue
            if answer.status_code == 200:
                with self.lock:
                    self.backups[name] = answer.json()["sha256"]

    # -- the killer -----------------------------------------------------

    def run(self):
        agents = self.register_agents()
        with self.lock:
            self.base = self.gateway.base
        self.up.set()
        threads = [threading.Thread(target=self.writer, args=(i, tenant, token), daemon=True)
                   for i, (tenant, token) in enumerate(agents)]
        threads.append(threading.Thread(target=self.backup_taker, daemon=True))
        for thread in threads:
            thread.start()

        end = time.monotonic() + self.args.duration
        while True:
            pause = self.rng.uniform(self.args.kill_min, self.args.kill_max)
            if time.monotonic() + pause >= end:
                break
            time.sleep(pause)
            # Half the kills aim at a backup in progress: the rename and
            # manifest windows are short and a uniform kill rarely hits them.
            in_backup = self.rng.random() < 0.5
            if in_backup:
                self.backup_started.clear()
                if self.backup_started.wait(self.args.backup_interval * 2):
                    time.sleep(self.rng.uniform(0, 0.3))
                else:
                    in_backup = False
            self.up.clear()
            self.gateway.kill()
            self.kills += 1
            self.kills_in_backup += in_backup
            if not self.gateway.start():
                self.stopping.set()
                self.up.set()
                return False
            with self.lock:
                self.base = self.gateway.base
            self.up.set()
        time.sleep(max(0.0, end - time.monotonic()))
        self.stopping.set()
        self.up.set()
        for thread in threads:
            thread.join(timeout=180)
        return True


def fetch_json(session, url, headers):
    for _ in range(3):
        try:
            answer = session.get(url, headers=headers, timeout=60)
            return answer.status_code, (answer.json() if answer.content else None)
        except (requests.RequestException, ValueError):
            time.sleep(1)
    return None, None


def check(args, gateway, soak):
    """Everything acknowledged is there and verifies. Returns the lines to print and the failures."""
    failures = []
    session = requests.Session()
    admin = gateway.admin()
    base = gateway.base

    found = 0
    lost = []
    for decision_id, receipt_id, _, _, outcome in soak.decisions:
        status, body = fetch_json(session, "%s/v1/decisions/%s" % (base, decision_id), admin)
        if status == 200 and body.get("receipt_id") == receipt_id and body.get("decision") == outcome:
            found += 1
        else:
            lost.append((decision_id, status, body))
    for decision_id, status, body in lost[:10]:
        failures.append("decision %s acknowledged but not found: %s %s" % (decision_id, status, body))

    exported = {}
    receipts_found = 0
    for tenant in sorted({t for _, _, _, t, _ in soak.decisions}):
        status, body = fetch_json(session, "%s/v1/receipts/export?tenant_id=%s" % (base, tenant), admin)
        if status != 200:
            failures.append("export of %s: %s" % (tenant, status))
            continue
        exported[tenant] = {r.get("receipt_hash") for r in body["receipts"]}
    receipts_lost = 0
    for _, receipt_id, receipt_hash, tenant, _ in soak.decisions:
        if receipt_hash in exported.get(tenant, ()):
            receipts_found += 1
        else:
            receipts_lost += 1
            if receipts_lost <= 10:
                failures.append("receipt %s (%s) acknowledged but not in the %s export" % (receipt_id, receipt_hash,
                                                                                          tenant))

    status, catalog = fetch_json(session, base + "/v1/admin/backups", admin)
    if status != 200:
        failures.append("backup catalog: %s" % status)
        catalog = []
    by_name = {entry["name"]: entry for entry in catalog}
    backups_lost = 0
    for name, sha256 in sorted(soak.backups.items()):
        entry = by_name.get(name)
        if entry is None or entry.get("sha256") != sha256:
            backups_lost += 1
            failures.append("backup %s acknowledged (sha256 %s) but the catalog has %s" % (name, sha256, entry))
    verified = 0
    incomplete = []
    for entry in catalog:
        name = entry["name"]
        try:
            answer = session.post("%s/v1/admin/backups/%s/verify" % (base, name), headers=admin, timeout=300)
            body = answer.json()
        except (requests.RequestException, ValueError) as error:
            failures.append("verify %s: %s" % (name, error))
            continue
        if not entry.get("has_manifest"):
            incomplete.append(name)
            failures.append("catalog entry %s has no manifest (verify says restorable: %s); acknowledged: %s"
                            % (name, body.get("restorable"), name in soak.backups))
        elif answer.status_code == 200 and body.get("restorable") is True:
            verified += 1
        else:
            failures.append("backup %s does not verify: %s %s" % (name, answer.status_code, body))

    code = gateway.stop()
    if code != 0:
        failures.append("the gateway's clean stop exited with %s (log: gateway-%03d.log)" % (code, gateway.generation))

    chains = subprocess.run([args.verify_receipts, "--db", gateway.db_path], capture_output=True, text=True)
    if chains.returncode != 0:
        failures.append("aegis-verify-receipts --db: exit %d\n%s%s" % (chains.returncode, chains.stdout[-2000:],
                                                                        chains.stderr[-2000:]))
    offline = 0
    for entry in catalog:
        path = os.path.join(gateway.backup_dir, entry["name"])
        manifest = path + ".manifest.json"
        if not entry.get("has_manifest") or not os.path.exists(manifest):
            continue
        result = subprocess.run([args.verify_receipts, "--db", path, "--manifest", manifest],
                                capture_output=True, text=True)
        if result.returncode == 0:
            offline += 1
        else:
            failures.append("aegis-verify-receipts --db %s --manifest: exit %d\n%s%s"
                            % (entry["name"], result.returncode, result.stdout[-1000:], result.stderr[-1000:]))

    leftovers = []
    for directory in (os.path.dirname(gateway.db_path), gateway.backup_dir):
        if os.path.isdir(directory):
            leftovers += [os.path.join(os.path.basename(directory), name) for name in sorted(os.listdir(directory))
                          if TEMPORARY.search(name)]
    if leftovers:
        failures.append("temporary files left after a start and a clean stop: %s" % ", ".join(leftovers))

    lines = [
        "decisions: acknowledged %d, found %d, lost %d (unanswered while killed: %d, refused: %s)"
        % (len(soak.decisions), found, len(lost), soak.unanswered,
           ", ".join("%s x%d" % item for item in sorted(soak.refused.items())) or "none"),
        "receipts: acknowledged %d, found in the exports %d, lost %d"
        % (len(soak.decisions), receipts_found, receipts_lost),
        "chains: aegis-verify-receipts --db %s" % ("verified" if chains.returncode == 0 else "FAILED"),
        "backups: attempted %d, taken (200) %d, lost %d, in the catalog %d, verified %d (offline against the "
        "manifest %d), without manifest %d"
        % (soak.backup_attempts, len(soak.backups), backups_lost, len(catalog), verified, offline, len(incomplete)),
        "kills: %d survived (%d aimed at a backup in progress), %d gateway starts"
        % (soak.kills, soak.kills_in_backup, gateway.generation),
        "temporary files left: %s" % (", ".join(leftovers) or "none"),
        "database directory after the clean stop: %s" % ", ".join(sorted(os.listdir(os.path.dirname(gateway.db_path)))),
    ]
    return lines, failures, len(lost) + receipts_lost + backups_lost


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gateway", required=True)
    parser.add_argument("--verify-receipts", required=True)
    parser.add_argument("--duration", type=float, default=60, help="seconds of writing and killing")
    parser.add_argument("--writers", type=int, default=3)
    parser.add_argument("--backup-interval", type=float, default=2.0, help="seconds between backups")
    parser.add_argument("--kill-min", type=float, default=2.0)
    parser.add_argument("--kill-max", type=float, default=6.0)
    parser.add_argument("--seed", type=int, default=None, help="the kill schedule's seed (printed)")
    parser.add_argument("--workdir", default=None, help="kept after the run (default: a temporary directory)")
    args = parser.parse_args()
    if args.seed is None:
        args.seed = secrets.randbits(32)

    scratch = os.environ.get("AEGIS_TEST_TMP")
    if scratch:
        os.makedirs(scratch, exist_ok=True)
    workdir = args.workdir or tempfile.mkdtemp(prefix="aegis-soak-", dir=scratch)
    os.makedirs(workdir, exist_ok=True)
    print("soak: %gs, %d writers, a backup every %gs, SIGKILL every %g-%gs, seed %d, in %s"
          % (args.duration, args.writers, args.backup_interval, args.kill_min, args.kill_max, args.seed, workdir),
          flush=True)

    gateway = Gateway(args.gateway, workdir, secrets.token_hex(24))
    if not gateway.start():
        return 2
    soak = Soak(args, gateway)
    try:
        if not soak.run():
            print("the gateway did not come back after kill %d; see %s" % (soak.kills, workdir))
            return 1
    except Exception:
        gateway.kill()
        raise
    lines, failures, lost = check(args, gateway, soak)
    for line in lines:
        print(line)
    for failure in failures:
        print("FAIL: " + failure)
    if failures:
        print("soak FAILED (%d lost); files kept in %s" % (lost, workdir))
        return 1
    print("soak passed: nothing acknowledged was lost")
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
