-- The hospital's side: each patient's own hospital number (recorded by nurses, unique in a
-- centre, never in a research export), and the outbound webhooks that tell the hospital's
-- systems of red flags. Hospital systems sit at internal addresses, which the push sender
-- refuses: a webhook goes only to an origin (scheme, host, port) an admin listed exactly.
-- Deliveries are an outbox written with the flag, claimed under a lease by any instance.
-- Kept in step with ../sqlite and ../postgres.
ALTER TABLE patients ADD COLUMN hospital_number TEXT;
CREATE UNIQUE INDEX patients_hospital_number ON patients (centre_id, hospital_number);

CREATE TABLE outbound_origins (
    id          BIGSERIAL PRIMARY KEY,
    origin      TEXT    NOT NULL UNIQUE,
    added_by    BIGINT  REFERENCES users (id),
    added_at    BIGINT  NOT NULL
);

CREATE TABLE hospital_webhooks (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    url         TEXT    NOT NULL,
    -- Sealed (secrets.rs), as the manufacturing integrations' secrets.
    secret      TEXT    NOT NULL,
    centre_id   BIGINT  REFERENCES centres (id),
    created_by  BIGINT  REFERENCES users (id),
    created_at  BIGINT  NOT NULL,
    revoked_at  BIGINT
);

CREATE TABLE hospital_deliveries (
    id           BIGSERIAL PRIMARY KEY,
    webhook_id   BIGINT  NOT NULL REFERENCES hospital_webhooks (id),
    flag_id      BIGINT  NOT NULL REFERENCES flags (id),
    message_id   TEXT    NOT NULL UNIQUE,
    state        TEXT    NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts     BIGINT  NOT NULL DEFAULT 0,
    next_at      BIGINT  NOT NULL,
    lease_until  BIGINT,
    claim        BIGINT,
    -- Fixed at the first attempt, so that every retry carries the same message.
    body         TEXT,
    created_at   BIGINT  NOT NULL,
    finished_at  BIGINT,
    UNIQUE (webhook_id, flag_id)
);
CREATE INDEX hospital_deliveries_due ON hospital_deliveries (state, next_at);

-- Each attempt's outcome, for the admins' history: status, never content.
CREATE TABLE hospital_delivery_attempts (
    id           BIGSERIAL PRIMARY KEY,
    delivery_id  BIGINT  NOT NULL REFERENCES hospital_deliveries (id),
    at           BIGINT  NOT NULL,
    status       BIGINT,
    outcome      TEXT    NOT NULL,
    detail       TEXT    NOT NULL,
    millis       BIGINT  NOT NULL
);
CREATE INDEX hospital_delivery_attempts_by_delivery ON hospital_delivery_attempts (delivery_id, id);
