-- The ticket's claim secret: only its SHA-256, like a session token. The QR code carries the
-- ticket id, which anyone who sees the screen can read; the session goes only to the desktop that
-- created the ticket and holds the secret. Tickets from before live five minutes and have none:
-- they can no longer hand out a session.
ALTER TABLE tickets ADD COLUMN claim_hash TEXT;
