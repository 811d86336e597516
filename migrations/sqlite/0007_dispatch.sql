-- The dispatcher. Kept in step with the other database's folder.
-- retry_at: a push service asked the reminder to wait (429, 5xx, no answer): claimed again
-- no earlier than this; apart from send_at, which the planner owns and the inbox orders by.
-- claim: a random token per claim, so that an instance whose lease ran out cannot write
-- over the results of the instance that claimed the row after it.
ALTER TABLE reminders ADD COLUMN retry_at BIGINT;
ALTER TABLE reminders ADD COLUMN claim BIGINT;
-- Per device: when a push service asked this device's attempt to wait until.
ALTER TABLE push_attempts ADD COLUMN retry_at BIGINT;
CREATE INDEX push_attempts_by_subscription ON push_attempts (reminder_id, subscription_id);
