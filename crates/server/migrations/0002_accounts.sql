-- Simulated or real WeChat users: the person behind a sign-in.
CREATE TABLE identities (
    id         TEXT PRIMARY KEY NOT NULL,
    wechat_user TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

-- Sessions: only the SHA-256 of the token is stored.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY NOT NULL,
    identity_id TEXT NOT NULL REFERENCES identities(id),
    expires_at  INTEGER NOT NULL,
    revoked     INTEGER NOT NULL DEFAULT 0
);

-- QR sign-in tickets.
CREATE TABLE tickets (
    id          TEXT PRIMARY KEY NOT NULL,
    state       TEXT NOT NULL,
    identity_id TEXT REFERENCES identities(id),
    claimed     INTEGER NOT NULL DEFAULT 0,
    expires_at  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);

-- Promoter accounts; name_key is the case-folded name that must be unique.
CREATE TABLE accounts (
    id             TEXT PRIMARY KEY NOT NULL,
    identity_id    TEXT NOT NULL UNIQUE REFERENCES identities(id),
    name           TEXT NOT NULL,
    name_key       TEXT NOT NULL UNIQUE,
    entity_type    TEXT NOT NULL,
    notice_version TEXT NOT NULL,
    created_at     INTEGER NOT NULL
);

-- Uploaded images; the bytes live sealed in the data directory's `images/` folder.
CREATE TABLE images (
    id         TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    sha256     TEXT NOT NULL,
    image_type TEXT NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    bytes      INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

-- One draft per account; the JSON holds personal data, so it is sealed.
CREATE TABLE drafts (
    account_id TEXT PRIMARY KEY NOT NULL REFERENCES accounts(id),
    version    INTEGER NOT NULL,
    sealed     BLOB NOT NULL,
    updated_at INTEGER NOT NULL
);
