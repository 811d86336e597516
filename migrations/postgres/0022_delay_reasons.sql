-- Coded delay reasons (issue 20, "how long will I wait?"): a delay from the nurse's editor
-- or a manufacturing site's webhook may say why, from app::domain::timeline::delay_reason.
-- Past delays at a centre are grouped by it. Kept in step with ../sqlite.
ALTER TABLE timeline_changes ADD COLUMN delay_reason TEXT
    CHECK (delay_reason IN ('slot', 'shipping', 'out_of_specification', 'patient_condition', 'other'));
