-- The webhooks' outbox (issue 16). An event is written in the transaction that makes it (a
-- submission, a change of state), so it exists exactly when the change does; a worker then sends
-- it to the host's backend at least once, retrying with backoff for a day. The body is fixed when
-- the event is written, so every retry sends the same bytes under the same event id.
CREATE TABLE webhook_outbox (
    id           TEXT PRIMARY KEY NOT NULL,
    account_id   TEXT NOT NULL,
    type         TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    due_at       INTEGER NOT NULL,
    -- Held by a sender until then; free when NULL or past.
    lease_until  INTEGER,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    -- Set once the receiver answered 2xx, or once retrying stopped: never sent again after.
    delivered_at INTEGER,
    given_up_at  INTEGER
);
CREATE INDEX webhook_outbox_waiting ON webhook_outbox (delivered_at, given_up_at, due_at);
