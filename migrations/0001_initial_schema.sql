-- The whole evidence schema of API.md and RECEIPTS.md.
-- Every table has an explicit INTEGER PRIMARY KEY ("num") because VACUUM and
-- VACUUM INTO may renumber implicit rowids: cursors and the order of evidence
-- must survive a backup and a restore unchanged.

CREATE TABLE tenants (
    id          TEXT NOT NULL PRIMARY KEY
                CHECK (length(id) BETWEEN 1 AND 63 AND id NOT GLOB '*[^a-z0-9_-]*' AND substr(id, 1, 1) GLOB '[a-z0-9]'),
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE agents (
    num          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    tenant_id    TEXT NOT NULL REFERENCES tenants(id),
    agent_key    TEXT NOT NULL,
    name         TEXT,
    environment  TEXT,
    risk_tier    TEXT,
    status       TEXT NOT NULL DEFAULT 'active'
                 CHECK (status IN ('active', 'frozen', 'revoked', 'deleted')),
    token_sha256 TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (tenant_id, agent_key)
);

-- One ordered rule list per tenant, stored as the JSON array the API speaks,
-- so that a PUT replaces the list atomically.
CREATE TABLE policies (
    tenant_id   TEXT NOT NULL PRIMARY KEY REFERENCES tenants(id),
    rules       TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    updated_at  TEXT NOT NULL
);

CREATE TABLE decisions (
    num              INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    tenant_id        TEXT NOT NULL REFERENCES tenants(id),
    agent_id         TEXT NOT NULL REFERENCES agents(id),
    request_id       TEXT,
    user_id          TEXT,
    user_role        TEXT,
    run_id           TEXT,
    trace_id         TEXT,
    tool             TEXT NOT NULL,
    action           TEXT NOT NULL,
    resource         TEXT,
    mutates_state    INTEGER NOT NULL CHECK (mutates_state IN (0, 1)),
    parameters       TEXT NOT NULL,
    source_trust     TEXT,
    context          TEXT,
    decision         TEXT NOT NULL CHECK (decision IN ('allow', 'deny', 'require_approval')),
    risk_level       TEXT NOT NULL CHECK (risk_level IN ('low', 'medium', 'high', 'critical')),
    risk_score       INTEGER NOT NULL,
    reason           TEXT NOT NULL DEFAULT '',
    matched_policies TEXT NOT NULL DEFAULT '[]',
    action_hash      TEXT NOT NULL,
    receipt_id       TEXT NOT NULL UNIQUE,
    created_at       TEXT NOT NULL
);

CREATE UNIQUE INDEX decisions_agent_request ON decisions (agent_id, request_id) WHERE request_id IS NOT NULL;
CREATE INDEX decisions_tenant_num ON decisions (tenant_id, num);
CREATE INDEX decisions_agent_num ON decisions (agent_id, num);

-- One hash chain per tenant. The hashed fields of RECEIPTS.md are columns of
-- their own, named as in the receipt, so that an auditor can read (and a test
-- can tamper with) each one; the rest is the envelope.
CREATE TABLE receipts (
    num               INTEGER PRIMARY KEY,
    tenant_id         TEXT NOT NULL REFERENCES tenants(id),
    seq               INTEGER NOT NULL CHECK (seq >= 1),
    event_id          TEXT NOT NULL UNIQUE,
    ts                TEXT NOT NULL,
    agent_id          TEXT NOT NULL,
    user_id           TEXT,
    run_id            TEXT,
    trace_id          TEXT,
    tool              TEXT NOT NULL,
    action            TEXT NOT NULL,
    resource          TEXT,
    source_trust      TEXT,
    decision          TEXT NOT NULL,
    approver          TEXT,
    action_hash       TEXT NOT NULL,
    prev_receipt_hash TEXT NOT NULL,
    receipt_hash      TEXT NOT NULL,
    decision_id       TEXT,
    canon_version     TEXT NOT NULL DEFAULT 'aegis-jcs-1',
    signature         TEXT,
    signer_public_key TEXT,
    signer_key_id     TEXT,
    created_at        TEXT NOT NULL,
    UNIQUE (tenant_id, seq)
);

INSERT INTO tenants (id, name, created_at)
VALUES ('default', 'Default', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

INSERT INTO policies (tenant_id, rules, version, updated_at)
VALUES ('default',
        '[{"id":"default-read-only","tool":"*","action":"*","resource":"*","mutates_state":false,"decision":"allow","risk_level":"low","reason":"read-only call allowed by the default policy"},{"id":"default-mutating","tool":"*","action":"*","resource":"*","mutates_state":true,"decision":"require_approval","risk_level":"high","reason":"state-changing call needs approval under the default policy"}]',
        1,
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
