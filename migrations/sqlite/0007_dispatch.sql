-- The dispatcher: a reminder whose push service asked it to wait (429, 5xx, no answer) is
-- tried again no earlier than this; kept apart from send_at, which the planner owns and the
-- inbox orders by. Kept in step with the other database's folder.
ALTER TABLE reminders ADD COLUMN retry_at BIGINT;
-- Which device attempts already reached: a retry never re-sends to them.
CREATE INDEX push_attempts_sent ON push_attempts (reminder_id, subscription_id, outcome);
