-- Private calendar feeds (issue 20). Kept in step with ../postgres.

-- A person's calendar feed of one patient's visits: the patient's own, or a caregiver's of a
-- patient they look after. The address holds a random token; only its digest finds the feed
-- (`token_digest`), and the token itself is kept sealed (`token_sealed`, secrets.rs) so that
-- the settings page can show the address again. Revoked feeds stay, for the audit trail.
-- `last_read_on` is the centre's day of the last read that was audit-logged: reads are
-- logged at most once a day per feed, whichever instance answers.
CREATE TABLE calendar_feeds (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
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
