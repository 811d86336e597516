-- The hospital's FHIR API (SMART Backend Services): the systems allowed to read it, each
-- with its public keys, the centres and the kinds of resource it may read; the access
-- tokens given to them, kept by their SHA-256 so that any instance answers a token another
-- gave; and the assertion ids already used, so that one signed assertion gets one token.
-- Kept in step with ../sqlite and ../postgres.
CREATE TABLE fhir_clients (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id       TEXT    NOT NULL UNIQUE,
    name            TEXT    NOT NULL,
    -- A JWK Set (JSON): the public keys its assertions are signed with.
    jwks            TEXT    NOT NULL,
    -- The kinds of resource it may read, space-separated ("Flag CarePlan").
    resource_types  TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    revoked_at      BIGINT
);

CREATE TABLE fhir_client_centres (
    client_id  BIGINT NOT NULL REFERENCES fhir_clients (id),
    centre_id  BIGINT NOT NULL REFERENCES centres (id),
    PRIMARY KEY (client_id, centre_id)
);

CREATE TABLE fhir_tokens (
    token_hash  TEXT    PRIMARY KEY,
    client_id   BIGINT  NOT NULL REFERENCES fhir_clients (id),
    -- As granted, in SMART 2's spelling ("system/Flag.rs").
    scopes      TEXT    NOT NULL,
    expires_at  BIGINT  NOT NULL
);
CREATE INDEX fhir_tokens_expiry ON fhir_tokens (expires_at);

CREATE TABLE fhir_assertions (
    client_id   BIGINT  NOT NULL REFERENCES fhir_clients (id),
    jti         TEXT    NOT NULL,
    expires_at  BIGINT  NOT NULL,
    PRIMARY KEY (client_id, jti)
);
CREATE INDEX fhir_assertions_expiry ON fhir_assertions (expires_at);
