-- Staff sign-in through the hospital's OpenID provider. A sign-in under way (its state,
-- nonce and PKCE verifier) waits here for the provider's redirect back, found by the id in
-- a short-lived cookie, so that any instance may finish what another began. A person of
-- the provider is linked to one account by issuer and subject. A session begun this way
-- keeps its subject, so that the provider's back-channel logout ends it, and its logout
-- goes through the provider. Kept in step with ../sqlite and ../postgres.
CREATE TABLE sso_ceremonies (
    id_hash     TEXT    PRIMARY KEY,
    state       TEXT    NOT NULL,
    nonce       TEXT    NOT NULL,
    verifier    TEXT    NOT NULL,
    expires_at  BIGINT  NOT NULL
);

CREATE TABLE sso_identities (
    issuer      TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    user_id     BIGINT  NOT NULL REFERENCES users (id),
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (issuer, subject)
);
-- One person of the provider per account: a second subject never takes a linked account.
CREATE UNIQUE INDEX sso_identities_user ON sso_identities (user_id);

ALTER TABLE sessions ADD COLUMN sso_subject TEXT;
CREATE INDEX sessions_sso_subject ON sessions (sso_subject);

-- Logout tokens already taken, until they expire: one token ends sessions once.
CREATE TABLE sso_logout_tokens (
    jti         TEXT    PRIMARY KEY,
    expires_at  BIGINT  NOT NULL
);

-- Every admin's home lists the break-glass sign-ins of the last 30 days: found without
-- reading the whole audit log, at the cost of an index holding those entries alone.
CREATE INDEX audit_log_break_glass ON audit_log (at) WHERE action = 'sign_in.break_glass';
