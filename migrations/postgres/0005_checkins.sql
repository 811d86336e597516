-- Check-ins: what patients and caregivers answered, the scores computed from it, and the
-- flags triage raised, all written in one transaction. Kept in step with ../sqlite.

-- The centre's own fever threshold, in tenths of a degree Celsius (375 = 37.5 °C); none
-- means the triage rules' default.
ALTER TABLE centres ADD COLUMN fever_threshold_tenths BIGINT;

-- Questionnaires a centre imported (licensed instruments, its own forms). The built-in
-- ones live in the binary. Every version is kept: responses name the one they answered.
CREATE TABLE questionnaires (
    id           BIGSERIAL PRIMARY KEY,
    name         TEXT    NOT NULL,
    version      TEXT    NOT NULL,
    url          TEXT    NOT NULL,
    definition   TEXT    NOT NULL,
    imported_by  BIGINT  REFERENCES users (id),
    imported_at  BIGINT  NOT NULL,
    UNIQUE (name, version)
);

CREATE TABLE checkin_responses (
    id                     BIGSERIAL PRIMARY KEY,
    -- Made by the client: sending the same one again returns the first result.
    client_id              TEXT    NOT NULL UNIQUE,
    patient_id             BIGINT  NOT NULL REFERENCES patients (user_id),
    -- Whose data it is: 'patient', or 'caregiver' for a caregiver's own wellbeing.
    subject                TEXT    NOT NULL CHECK (subject IN ('patient', 'caregiver')),
    respondent_id          BIGINT  NOT NULL REFERENCES users (id),
    reported_by            TEXT    NOT NULL CHECK (reported_by IN ('patient', 'caregiver')),
    questionnaire_name     TEXT    NOT NULL,
    questionnaire_version  TEXT    NOT NULL,
    schedule_id            TEXT,
    due_at                 BIGINT,
    submitted_at           BIGINT  NOT NULL,
    is_late                BIGINT  NOT NULL DEFAULT 0,
    answers                TEXT    NOT NULL,
    scores                 TEXT    NOT NULL,
    triage_version         TEXT    NOT NULL,
    level                  TEXT    CHECK (level IN ('urgent', 'high', 'review'))
);
CREATE INDEX checkin_responses_by_patient ON checkin_responses (patient_id, questionnaire_name, submitted_at);

CREATE TABLE flags (
    id               BIGSERIAL PRIMARY KEY,
    response_id      BIGINT  NOT NULL REFERENCES checkin_responses (id),
    patient_id       BIGINT  NOT NULL REFERENCES patients (user_id),
    rule             TEXT    NOT NULL,
    level            TEXT    NOT NULL CHECK (level IN ('urgent', 'high', 'review')),
    advice           TEXT,
    raised_at        BIGINT  NOT NULL,
    acknowledged_by  BIGINT  REFERENCES users (id),
    acknowledged_at  BIGINT,
    resolved_by      BIGINT  REFERENCES users (id),
    resolved_at      BIGINT,
    resolution       TEXT
);
CREATE INDEX flags_open ON flags (resolved_at, level, raised_at);
CREATE INDEX flags_by_patient ON flags (patient_id, raised_at);
