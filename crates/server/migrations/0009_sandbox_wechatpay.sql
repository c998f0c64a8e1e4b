-- The sandbox's local WeChat Pay keeps what it was told (uploads, applyments and their states)
-- here, so that a restart of the sandbox finds WeChat Pay's side as it left it. One row, sealed:
-- it holds applicants' decrypted answers, as the real WeChat Pay would.
CREATE TABLE sandbox_wechatpay (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    sealed BLOB NOT NULL
);
