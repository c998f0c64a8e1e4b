-- The photos each draft and application names, written beside its sealed copy, so that uploads
-- nobody names can be removed (store/images.rs). Image ids are random and say nothing about the
-- applicant, so they need no sealing. Space-separated; NULL means not known yet (written before
-- this column): every photo of that account is then kept, until the sweep has opened the row and
-- filled it in.
ALTER TABLE drafts ADD COLUMN image_ids TEXT;
ALTER TABLE applications ADD COLUMN image_ids TEXT;
ALTER TABLE canceled_applications ADD COLUMN image_ids TEXT;
CREATE INDEX images_by_age ON images (created_at);
-- Set when a photo nobody names starts being removed: from then on it is gone for every reader,
-- and a sweep interrupted between deleting its file and its row finishes the job the next time.
ALTER TABLE images ADD COLUMN removed_at INTEGER;
