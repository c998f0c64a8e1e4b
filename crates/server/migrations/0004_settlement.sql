-- Each binding or change of the settlement account, to enforce WeChat Pay's 5 a day.
CREATE TABLE settlement_changes (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id TEXT NOT NULL REFERENCES applications(id),
    at             INTEGER NOT NULL
);
CREATE INDEX settlement_changes_by_application ON settlement_changes (application_id, at);
