-- Jobs replace timers (see store/jobs.rs). Timers were marked done before they ran, so a crash
-- in between lost them, and an application waited for ever.

-- Each submission of an application is a round; a job belongs to one round and does nothing in
-- another, so a review job of a rejected round cannot approve the resubmission.
ALTER TABLE applications ADD COLUMN round INTEGER NOT NULL DEFAULT 1;

CREATE TABLE jobs (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id TEXT NOT NULL REFERENCES applications(id),
    round          INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    due_at         INTEGER NOT NULL,
    -- Held by a worker until then; free when NULL or past.
    lease_until    INTEGER,
    -- Claims so far; also the fencing token that finishing names.
    attempts       INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT,
    done_at        INTEGER
);
CREATE INDEX jobs_waiting ON jobs (done_at, due_at);

INSERT INTO jobs (application_id, round, kind, due_at)
    SELECT application_id, 1, kind, due_at FROM timers WHERE done = 0;

-- Applications that the old timers lost: each state that waits on a job gets it back, due now
-- (the review's, a day after the last change, as the default --review-delay would have had it).
INSERT INTO jobs (application_id, round, kind, due_at)
    SELECT id, 1, 'check', updated_at FROM applications a
    WHERE state = 'CHECKING'
      AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.application_id = a.id AND j.kind = 'check');
INSERT INTO jobs (application_id, round, kind, due_at)
    SELECT id, 1, 'verify_deadline', COALESCE(deadline, updated_at) FROM applications a
    WHERE state = 'ACCOUNT_NEED_VERIFY'
      AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.application_id = a.id AND j.kind = 'verify_deadline');
INSERT INTO jobs (application_id, round, kind, due_at)
    SELECT id, 1, 'review', updated_at + 86400000 FROM applications a
    WHERE state = 'AUDITING'
      AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.application_id = a.id AND j.kind = 'review');
INSERT INTO jobs (application_id, round, kind, due_at)
    SELECT id, 1, 'settlement_verify', updated_at FROM applications a
    WHERE state = 'FINISH' AND settlement_state = 'VERIFYING'
      AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.application_id = a.id AND j.kind = 'settlement_verify');

DROP TABLE timers;

-- A canceled application is final (the domain's state machine): the account's next submission
-- is a new application with a new id (WeChat Pay's out_request_no). The canceled one is kept here.
CREATE TABLE canceled_applications (
    id           TEXT PRIMARY KEY NOT NULL,
    account_id   TEXT NOT NULL REFERENCES accounts(id),
    sealed       BLOB NOT NULL,
    reasons      TEXT,
    round        INTEGER NOT NULL,
    submitted_at INTEGER NOT NULL,
    canceled_at  INTEGER NOT NULL
);
CREATE INDEX canceled_applications_by_account ON canceled_applications (account_id);

-- A remittance is matched to its application by the memo alone: no two applications waiting for
-- one may share it. (A collision fails the check's job, which retries with a new memo.)
CREATE UNIQUE INDEX applications_waiting_remark ON applications (remark) WHERE state = 'ACCOUNT_NEED_VERIFY';

-- Each upload counts the account's uploads of the last day (its quota): without this index that
-- count read every image ever uploaded.
CREATE INDEX images_by_account ON images (account_id, created_at);
