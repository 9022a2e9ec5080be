-- Human approvals of calls that a policy sent to require_approval. An
-- approval is bound to the exact call by its action_hash: the call reviewed
-- is the only one it can release, and only once. The evidence of each step
-- (request, human decision, consumption) is a receipt in the tenant's chain;
-- this table is the working state that the API and the console read.
-- "EXPIRED" is never stored: a pending approval past expires_at is expired.

CREATE TABLE approvals (
    num                INTEGER PRIMARY KEY,
    id                 TEXT NOT NULL UNIQUE,
    tenant_id          TEXT NOT NULL REFERENCES tenants(id),
    agent_id           TEXT NOT NULL REFERENCES agents(id),
    decision_id        TEXT NOT NULL UNIQUE REFERENCES decisions(id),
    action_hash        TEXT NOT NULL,
    tool_call          TEXT NOT NULL,
    reason             TEXT NOT NULL DEFAULT '',
    approver_group     TEXT NOT NULL DEFAULT 'default',
    status             TEXT NOT NULL DEFAULT 'created'
                       CHECK (status IN ('created', 'APPROVED', 'REJECTED', 'CONSUMED')),
    approver_user_id   TEXT,
    decision_reason    TEXT,
    created_at         TEXT NOT NULL,
    expires_at         TEXT NOT NULL,
    decided_at         TEXT,
    consumed_at        TEXT,
    request_receipt_id TEXT NOT NULL,
    decision_receipt_id TEXT,
    consume_receipt_id TEXT
);

CREATE INDEX approvals_tenant_num ON approvals (tenant_id, num);
CREATE INDEX approvals_status_num ON approvals (status, num);
