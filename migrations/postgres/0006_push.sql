-- Web Push reminders: the server's VAPID key pair, each device's subscription, the
-- reminders outbox (which is also the in-app inbox), every delivery attempt, and what each
-- person switched off. Kept in step with ../sqlite.

-- The key pair that signs pushes (VAPID). The newest unretired one is in use; an admin's
-- rotation retires it, and devices subscribed with an old key must subscribe again.
CREATE TABLE vapid_keys (
    id           BIGSERIAL PRIMARY KEY,
    -- base64url: the P-256 secret scalar, and the uncompressed public point.
    private_key  TEXT    NOT NULL,
    public_key   TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    retired_at   BIGINT
);

-- One per device (browser profile): the endpoint is the push service's address for it.
CREATE TABLE push_subscriptions (
    id               BIGSERIAL PRIMARY KEY,
    user_id          BIGINT  NOT NULL REFERENCES users (id),
    endpoint         TEXT    NOT NULL UNIQUE,
    p256dh           TEXT    NOT NULL,
    auth             TEXT    NOT NULL,
    -- What the person sees in their settings ("Firefox on Android").
    device           TEXT    NOT NULL,
    vapid_key_id     BIGINT  NOT NULL REFERENCES vapid_keys (id),
    created_at       BIGINT  NOT NULL,
    last_success_at  BIGINT
);
CREATE INDEX push_subscriptions_by_user ON push_subscriptions (user_id);

-- The outbox: one row per reminder and person, unique per (person, rule, subject, due
-- time). Rows are never deleted: sent and cancelled ones are the history, and every row
-- is also shown in the person's in-app inbox once its time has come.
CREATE TABLE reminders (
    id               BIGSERIAL PRIMARY KEY,
    user_id          BIGINT  NOT NULL REFERENCES users (id),
    patient_id       BIGINT  REFERENCES patients (user_id),
    rule             TEXT    NOT NULL,
    -- A milestone's key, a check-in schedule's id, or the event it tells of.
    subject          TEXT    NOT NULL,
    due_at           BIGINT  NOT NULL,
    -- due_at, or the end of the person's quiet hours.
    send_at          BIGINT  NOT NULL,
    -- Not worth delivering after this (the push TTL is counted to it).
    expires_at       BIGINT  NOT NULL,
    kind             TEXT    NOT NULL,
    -- What the words are filled in with (JSON), rendered in the reader's language.
    params           TEXT    NOT NULL,
    -- The page a tap opens.
    url              TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    lease_until      BIGINT,
    attempts         BIGINT  NOT NULL DEFAULT 0,
    sent_at          BIGINT,
    read_at          BIGINT,
    created_at       BIGINT  NOT NULL,
    UNIQUE (user_id, rule, subject, due_at)
);
CREATE INDEX reminders_due ON reminders (state, send_at);
CREATE INDEX reminders_inbox ON reminders (user_id, send_at);
CREATE INDEX reminders_by_patient ON reminders (patient_id, send_at);

-- Every attempt to deliver a reminder to one device, kept after the device is gone.
CREATE TABLE push_attempts (
    id               BIGSERIAL PRIMARY KEY,
    reminder_id      BIGINT  NOT NULL REFERENCES reminders (id),
    subscription_id  BIGINT,
    at               BIGINT  NOT NULL,
    -- The push service's HTTP status; none after a timeout or a network error.
    status           BIGINT,
    outcome          TEXT    NOT NULL CHECK (outcome IN ('sent', 'gone', 'too_large', 'retry', 'error')),
    detail           TEXT
);
CREATE INDEX push_attempts_by_reminder ON push_attempts (reminder_id);

-- Kinds of reminder a person switched off (urgent alerts cannot be).
CREATE TABLE reminder_preferences (
    user_id  BIGINT  NOT NULL REFERENCES users (id),
    kind     TEXT    NOT NULL,
    enabled  BIGINT  NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- A person's own quiet hours (local, like 22:00); none means the rules' default.
ALTER TABLE users ADD COLUMN quiet_from TEXT;
ALTER TABLE users ADD COLUMN quiet_until TEXT;
