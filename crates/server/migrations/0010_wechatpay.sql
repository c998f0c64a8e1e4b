-- Applications go to WeChat Pay (pipeline/): each round is sent once, then its applyment is
-- queried until it is done. What WeChat Pay last said is kept beside the application.
CREATE TABLE applyments (
    application_id TEXT PRIMARY KEY NOT NULL REFERENCES applications(id),
    -- The round that was sent, and WeChat Pay's id for it; a later round is "sending" until sent.
    round          INTEGER NOT NULL,
    applyment_id   INTEGER NOT NULL,
    sent_at        INTEGER NOT NULL,
    -- The last verified answer to a query: its state and when.
    answer_state   TEXT,
    answered_at    INTEGER,
    -- What the answers carried that the applicant is shown: the legal person's QR link, the
    -- signing link, and where the verification remittance goes (JSON).
    legal_url      TEXT,
    sign_url       TEXT,
    destination    TEXT
);

-- Why the last attempt to send or query failed, for the operator (cleared by a success).
ALTER TABLE applications ADD COLUMN wechat_error TEXT;
ALTER TABLE applications ADD COLUMN wechat_error_at INTEGER;

-- Each photo is uploaded to a WeChat Pay merchant once; its media_id names it in every
-- applyment after.
CREATE TABLE media (
    merchant    TEXT NOT NULL,
    image_id    TEXT NOT NULL,
    media_id    TEXT NOT NULL,
    uploaded_at INTEGER NOT NULL,
    PRIMARY KEY (merchant, image_id)
);

-- The jobs that stood in for WeChat Pay go. An application still waiting on one is now sent to
-- WeChat Pay (it never was) and followed there, at once.
UPDATE jobs SET kind = 'wechatpay', due_at = MIN(due_at, CAST(strftime('%s', 'now') AS INTEGER) * 1000)
    WHERE kind IN ('check', 'verify_deadline', 'review') AND done_at IS NULL;
UPDATE jobs SET kind = 'wechatpay' WHERE kind IN ('check', 'verify_deadline', 'review');
-- One WeChat Pay job per round: each run finishes itself and adds the next.
DELETE FROM jobs WHERE kind = 'wechatpay' AND done_at IS NULL AND id NOT IN (
    SELECT MIN(id) FROM jobs WHERE kind = 'wechatpay' AND done_at IS NULL GROUP BY application_id, round);
CREATE UNIQUE INDEX one_wechatpay_job ON jobs (application_id, round) WHERE kind = 'wechatpay' AND done_at IS NULL;
