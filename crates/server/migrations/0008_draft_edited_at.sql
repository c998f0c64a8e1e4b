-- When a draft's last answer was typed, which its save can follow by the typing pause or, for a
-- device that was offline, by much longer. Two devices' answers to one question are compared by
-- it (ApplicationDraft::merge). Rows written before are taken as typed when saved.
ALTER TABLE drafts ADD COLUMN edited_at INTEGER;
UPDATE drafts SET edited_at = updated_at;
