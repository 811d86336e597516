-- A second step at staff sign-in: a TOTP authenticator (RFC 6238) and single-use recovery
-- codes. The authenticator's secret is sealed (secrets.rs); `last_step` is the newest
-- 30-second step a code was taken for, so that a code seen over a shoulder is not taken
-- twice. Between the password and the code, a short-lived challenge stands for the
-- sign-in; no session exists until the code is right.
-- Kept in step with ../sqlite and ../postgres.
CREATE TABLE totp_factors (
    user_id       BIGINT  PRIMARY KEY REFERENCES users (id),
    secret        TEXT    NOT NULL,
    confirmed_at  BIGINT,
    last_step     BIGINT  NOT NULL DEFAULT 0,
    created_at    BIGINT  NOT NULL
);

CREATE TABLE recovery_codes (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users (id),
    code_hash   TEXT    NOT NULL UNIQUE,
    used_at     BIGINT,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX recovery_codes_by_user ON recovery_codes (user_id);

CREATE TABLE second_step_challenges (
    token_hash  TEXT    PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users (id),
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL
);
