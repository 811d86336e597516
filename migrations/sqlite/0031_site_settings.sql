-- Settings of the whole site that an admin changes at run time, read by every instance
-- (one truth in the database): for now, whether staff must sign in in two steps.
-- Kept in step with ../sqlite and ../postgres.
CREATE TABLE site_settings (
    name        TEXT    PRIMARY KEY,
    value       TEXT    NOT NULL,
    changed_by  BIGINT  REFERENCES users (id),
    changed_at  BIGINT  NOT NULL
);
