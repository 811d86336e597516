-- Accounts, sessions, invitations and the audit log.
-- Times are UTC seconds since the Unix epoch (BIGINT); kept in step with ../sqlite.

CREATE TABLE centres (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT    NOT NULL,
    country     TEXT    NOT NULL,
    time_zone   TEXT    NOT NULL,
    hotline     TEXT    NOT NULL,
    is_demo     BIGINT  NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE users (
    id             BIGSERIAL PRIMARY KEY,
    role           TEXT    NOT NULL CHECK (role IN ('patient', 'caregiver', 'nurse', 'researcher', 'admin')),
    email          TEXT    NOT NULL UNIQUE,
    display_name   TEXT    NOT NULL,
    password_hash  TEXT,
    centre_id      BIGINT  REFERENCES centres (id),
    locale         TEXT    NOT NULL DEFAULT 'en',
    time_zone      TEXT,
    is_demo        BIGINT  NOT NULL DEFAULT 0,
    created_at     BIGINT  NOT NULL
);

-- What the care team records at enrolment; identifying, never exported as is.
CREATE TABLE patients (
    user_id        BIGINT  PRIMARY KEY REFERENCES users (id),
    centre_id      BIGINT  NOT NULL REFERENCES centres (id),
    full_name      TEXT    NOT NULL,
    date_of_birth  TEXT    NOT NULL,
    sex            TEXT    NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
    phone          TEXT    NOT NULL,
    enrolled_by    BIGINT  REFERENCES users (id),
    enrolled_at    BIGINT  NOT NULL
);
CREATE INDEX patients_by_centre ON patients (centre_id);

CREATE TABLE caregiver_links (
    caregiver_id  BIGINT NOT NULL REFERENCES users (id),
    patient_id    BIGINT NOT NULL REFERENCES patients (user_id),
    created_by    BIGINT REFERENCES users (id),
    created_at    BIGINT NOT NULL,
    revoked_at    BIGINT,
    PRIMARY KEY (caregiver_id, patient_id)
);

-- Single-use codes to set a password: first invitation or a reset. Only a hash is kept.
CREATE TABLE invitations (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users (id),
    code_hash   TEXT    NOT NULL UNIQUE,
    created_by  BIGINT  REFERENCES users (id),
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    used_at     BIGINT
);
CREATE INDEX invitations_by_user ON invitations (user_id);

-- Server-side sessions; the cookie holds the token, the table only its hash.
CREATE TABLE sessions (
    token_hash    TEXT    PRIMARY KEY,
    user_id       BIGINT  NOT NULL REFERENCES users (id),
    created_at    BIGINT  NOT NULL,
    last_seen_at  BIGINT  NOT NULL,
    expires_at    BIGINT  NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Failed sign-ins, for throttling per account and per client address.
CREATE TABLE sign_in_failures (
    scope  TEXT   NOT NULL CHECK (scope IN ('account', 'address')),
    key    TEXT   NOT NULL,
    at     BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_lookup ON sign_in_failures (scope, key, at);

CREATE TABLE audit_log (
    id           BIGSERIAL PRIMARY KEY,
    at           BIGINT  NOT NULL,
    actor_id     BIGINT,
    actor_role   TEXT,
    action       TEXT    NOT NULL,
    patient_id   BIGINT,
    subject      TEXT,
    client_addr  TEXT    NOT NULL
);
CREATE INDEX audit_log_by_patient ON audit_log (patient_id, at);
CREATE INDEX audit_log_by_actor ON audit_log (actor_id, at);

-- Append-only: nobody edits or removes what was recorded.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
