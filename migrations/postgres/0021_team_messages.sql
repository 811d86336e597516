-- "Ask the team" (issue 20): non-urgent messages between a patient's side and the care
-- team. Kept in step with ../sqlite.

-- One message of a patient's thread: written by the patient or a caregiver (`from_team` 0),
-- or by a nurse of the centre (`from_team` 1). `advice` is the red-flag advice its writer
-- was shown and sent it past (emergency_first, crisis, call_care_team), so that the team
-- sees it. A patient's message waits until the team's next reply (`answered_at`). Nothing
-- is deleted, for the audit trail.
CREATE TABLE team_messages (
    id           BIGSERIAL PRIMARY KEY,
    patient_id   BIGINT  NOT NULL REFERENCES patients (user_id),
    author_id    BIGINT  NOT NULL REFERENCES users (id),
    from_team    BIGINT  NOT NULL,
    text         TEXT    NOT NULL,
    advice       TEXT,
    sent_at      BIGINT  NOT NULL,
    answered_at  BIGINT
);
CREATE INDEX team_messages_by_patient ON team_messages (patient_id, sent_at);
CREATE INDEX team_messages_waiting ON team_messages (from_team, answered_at);

-- The reply time a centre promises its patients, in hours; staff see what waited longer.
ALTER TABLE centres ADD COLUMN reply_hours BIGINT NOT NULL DEFAULT 48;
