-- One application per account. The submitted draft is sealed; the rest is workflow state.
CREATE TABLE applications (
    id                  TEXT PRIMARY KEY NOT NULL,
    account_id          TEXT NOT NULL UNIQUE REFERENCES accounts(id),
    state               TEXT NOT NULL,
    version             INTEGER NOT NULL,
    sealed              BLOB NOT NULL,
    reasons             TEXT,
    verification_method TEXT,
    pay_amount          INTEGER,
    remark              TEXT,
    deadline            INTEGER,
    legal_token         TEXT,
    sign_token          TEXT,
    sub_mchid           TEXT,
    settlement_state    TEXT NOT NULL DEFAULT 'UNBOUND',
    settlement_reason   TEXT,
    submitted_at        INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);

-- A submit's Idempotency-Key, so a retried request never creates a second application.
CREATE TABLE idempotency_keys (
    account_id     TEXT NOT NULL,
    key            TEXT NOT NULL,
    application_id TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (account_id, key)
);

-- The review pipeline's timers; persisted so they survive a restart.
CREATE TABLE timers (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id TEXT NOT NULL REFERENCES applications(id),
    kind           TEXT NOT NULL,
    due_at         INTEGER NOT NULL,
    done           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX timers_due ON timers (done, due_at);
