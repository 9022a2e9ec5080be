-- Results of chain and backup verifications, kept so that the console and
-- /metrics can show when evidence was last proven intact. They are records
-- about the evidence, not evidence: a restore may roll them back with it.

CREATE TABLE chain_verifications (
    num           INTEGER PRIMARY KEY,
    tenant_id     TEXT,
    started_at    TEXT NOT NULL,
    finished_at   TEXT NOT NULL,
    verified      INTEGER NOT NULL CHECK (verified IN (0, 1)),
    receipt_count INTEGER NOT NULL,
    result        TEXT NOT NULL
);

CREATE TABLE backup_verifications (
    num          INTEGER PRIMARY KEY,
    backup_name  TEXT NOT NULL,
    verified_at  TEXT NOT NULL,
    restorable   INTEGER NOT NULL CHECK (restorable IN (0, 1)),
    result       TEXT NOT NULL
);

CREATE INDEX backup_verifications_name ON backup_verifications (backup_name, num);
