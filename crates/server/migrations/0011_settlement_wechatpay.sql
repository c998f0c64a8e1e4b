-- A bound settlement account is WeChat Pay's to verify (pipeline/settlement.rs): whether the
-- applicant changed it (a modify-settlement application, whose number is kept) or confirmed the
-- application's own.
ALTER TABLE applyments ADD COLUMN settlement_changed INTEGER;
ALTER TABLE applyments ADD COLUMN settlement_application_no TEXT;
