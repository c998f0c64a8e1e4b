-- Users a platform signs in itself (issue 16, host-issued sessions). The platform's own id for a
-- user maps to one identity for good, so the same user resumes the same account and draft on any
-- device. Their identity's `wechat_user` holds `platform:` and that id: the column is the key of
-- whoever vouches for the user (WeChat's openid has no colon, so the two never meet).
-- The answers the platform gives are sealed (they may hold identity numbers); `locked` lists the
-- paths of those it locks, as JSON.
CREATE TABLE platform_users (
    external_id TEXT PRIMARY KEY NOT NULL,
    identity_id TEXT NOT NULL UNIQUE REFERENCES identities(id),
    entity_type TEXT,
    answers     BLOB,
    locked      TEXT NOT NULL DEFAULT '[]',
    updated_at  INTEGER NOT NULL
);

-- What a platform hands its page to start a session: short-lived, stored as SHA-256 only, and
-- taken once.
CREATE TABLE platform_starts (
    token_hash  TEXT PRIMARY KEY NOT NULL,
    identity_id TEXT NOT NULL REFERENCES identities(id),
    expires_at  INTEGER NOT NULL,
    taken_at    INTEGER
);
