-- What patients get back (issue 20): calendar feeds, questions for the next visit. Kept in step with ../sqlite.

-- A person's calendar feed of one patient's visits: the patient's own, or a caregiver's of a
-- patient they look after. The address holds a random token; only its digest finds the feed
-- (`token_digest`), and the token itself is kept sealed (`token_sealed`, secrets.rs) so that
-- the settings page can show the address again. Revoked feeds stay, for the audit trail.
-- `last_read_on` is the centre's day of the last read that was audit-logged: reads are
-- logged at most once a day per feed, whichever instance answers.
CREATE TABLE calendar_feeds (
    id            BIGSERIAL PRIMARY KEY,
    user_id       BIGINT  NOT NULL REFERENCES users (id),
    patient_id    BIGINT  NOT NULL REFERENCES patients (user_id),
    token_digest  TEXT    NOT NULL UNIQUE,
    token_sealed  TEXT    NOT NULL,
    detailed      BIGINT  NOT NULL DEFAULT 0,
    created_at    BIGINT  NOT NULL,
    revoked_at    BIGINT,
    last_read_on  TEXT
);
-- One live feed per person and patient: a new one replaces it.
CREATE UNIQUE INDEX calendar_feeds_live ON calendar_feeds (user_id, patient_id) WHERE revoked_at IS NULL;

-- A question a patient (or their caregiver) wants to ask at the next visit. The centre's
-- nurses read them before the visit and mark each one discussed (`answered_*`). The asker
-- may take back one not yet discussed (`removed_at`); nothing is deleted, for the audit trail.
CREATE TABLE visit_questions (
    id           BIGSERIAL PRIMARY KEY,
    patient_id   BIGINT  NOT NULL REFERENCES patients (user_id),
    asked_by     BIGINT  NOT NULL REFERENCES users (id),
    text         TEXT    NOT NULL,
    asked_at     BIGINT  NOT NULL,
    answered_at  BIGINT,
    answered_by  BIGINT  REFERENCES users (id),
    removed_at   BIGINT
);
CREATE INDEX visit_questions_by_patient ON visit_questions (patient_id, asked_at);
