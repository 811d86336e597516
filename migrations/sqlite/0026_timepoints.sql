-- Each answer keeps the nominal timepoint of the window it answered (baseline, D28 … Y15,
-- the period of a repeating schedule), as the schedule named it when the answer came:
-- research exports lay answers out by it, and a later schedule never renames past
-- answers. `unscheduled` for an answer outside every window. Answers stored before this
-- are placed by their day from infusion, as exports did until now (NULL here).
-- Kept in step with ../sqlite and ../postgres.
ALTER TABLE checkin_responses ADD COLUMN timepoint TEXT;
UPDATE checkin_responses SET timepoint = 'unscheduled' WHERE schedule_id IS NULL;
