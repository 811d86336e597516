-- When a check-in was answered, apart from when it arrived (submitted_at): a phone without
-- signal keeps the answers and sends them later (phone issue). Believed within 72 hours
-- (app/src/domain/checkins/answer_time.rs); lateness is judged by this time. Empty only for
-- rows written by other means (synthetic data), which count as answered on arrival.
-- Kept in step with ../sqlite.
ALTER TABLE checkin_responses ADD COLUMN answered_at BIGINT;
UPDATE checkin_responses SET answered_at = submitted_at;
