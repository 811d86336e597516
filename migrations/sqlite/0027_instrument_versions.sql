-- A centre's own check-in instruments, set at run time: each version holds every site rule
-- of its kind (check-in schedule, triage rules, reminders) as JSON, added to the built-in
-- catalogues, which are version 0. Rows are never rewritten but to bring a version into
-- force or set it aside; the version in force of a kind is its highest-numbered row with
-- in_force_at. A triage version waits for a second person with a clinical role
-- (approved_by); schedules and reminders come into force when saved. Every instance polls
-- the numbers in force and reloads when they move.
-- Kept in step with ../sqlite and ../postgres.
CREATE TABLE instrument_versions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT    NOT NULL CHECK (kind IN ('schedule', 'triage', 'reminders')),
    number        BIGINT  NOT NULL,
    rules         TEXT    NOT NULL,
    -- What changed, in words ("added site-support-alone"): the history's line.
    change        TEXT    NOT NULL,
    proposed_by   BIGINT  NOT NULL REFERENCES users (id),
    proposed_at   BIGINT  NOT NULL,
    approved_by   BIGINT  REFERENCES users (id),
    in_force_at   BIGINT,
    -- Refused by a clinician, or withdrawn, before coming into force.
    set_aside_by  BIGINT  REFERENCES users (id),
    set_aside_at  BIGINT,
    UNIQUE (kind, number),
    CHECK (approved_by IS NULL OR approved_by <> proposed_by)
);

-- The check-in schedule's version an answer was given under (NULL before this); with
-- questionnaire_version and triage_version, an answer says all the rules it met.
ALTER TABLE checkin_responses ADD COLUMN schedule_version TEXT;
