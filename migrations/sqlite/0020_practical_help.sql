-- Practical help (issue 20): what a centre's admins write for patients who come from far,
-- the centre's language, and where a patient stays. Kept in step with ../postgres.

-- The language the centre's staff and emergency doctors read: the alert card is printed in
-- the patient's language and, when it differs, in this one.
ALTER TABLE centres ADD COLUMN language TEXT NOT NULL DEFAULT 'en';

-- The country (ISO 3166-1 alpha-2) a patient stays in while treated, when it is not the
-- centre's: the emergency number they are shown is that country's. NULL: the centre's.
ALTER TABLE patients ADD COLUMN staying_country TEXT;

-- One text per centre and topic, as an admin last wrote it.
CREATE TABLE centre_help (
    centre_id   BIGINT  NOT NULL REFERENCES centres (id),
    topic       TEXT    NOT NULL CHECK (topic IN ('lodging', 'travel', 'parking', 'packing')),
    body        TEXT    NOT NULL,
    updated_at  BIGINT  NOT NULL,
    updated_by  BIGINT  NOT NULL REFERENCES users (id),
    PRIMARY KEY (centre_id, topic)
);
