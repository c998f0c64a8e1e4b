-- A sign-in started on a host's page (another origin) comes back to that page, whose requests
-- to this server carry none of its cookies: the browser proves that it started the sign-in with
-- the verifier whose SHA-256 (hex) it gave at the start, kept in the host page's storage
-- (RFC 7636's S256). No secret travels in a URL: the challenge is a hash, the verifier a body.
ALTER TABLE wechat_sign_ins ADD COLUMN challenge TEXT;
CREATE INDEX wechat_sign_ins_challenge ON wechat_sign_ins (challenge);
