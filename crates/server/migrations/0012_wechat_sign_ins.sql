-- Sign-ins with WeChat under way: one row per trip to WeChat's authorize page. The `state` sent
-- there and the nonce kept in the browser's cookie are stored as SHA-256 only, like session
-- tokens: the state comes back in the callback's URL, and the cookie binds it to the browser that
-- started (a code brought to another browser signs nobody in). After the callback the row holds
-- the identity, until that browser takes its session once.
CREATE TABLE wechat_sign_ins (
    state_hash TEXT PRIMARY KEY,
    browser_hash TEXT NOT NULL,
    ticket_id TEXT,
    return_to TEXT NOT NULL,
    identity_id TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX wechat_sign_ins_browser ON wechat_sign_ins (browser_hash);
