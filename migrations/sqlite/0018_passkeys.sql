-- Passkeys (issue 19). Kept in step with ../postgres.

-- A passkey: the public half of a key pair kept on the person's phone (or their password
-- manager). `credential_id` is the authenticator's id for it (base64url), unique across
-- accounts; `user_handle` is the random id the authenticator keeps for the account, the
-- same for all of one account's passkeys; `passkey` is webauthn-rs' record of it (public
-- key, signature counter), as JSON. Nothing here lets anyone sign in.
CREATE TABLE passkeys (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id        BIGINT  NOT NULL REFERENCES users (id),
    credential_id  TEXT    NOT NULL UNIQUE,
    user_handle    TEXT    NOT NULL,
    passkey        TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    last_used_at   BIGINT
);
CREATE INDEX passkeys_by_user ON passkeys (user_id);

-- A ceremony begun (a challenge sent to the browser) and not yet finished. Kept here, not in
-- one instance's memory, so that any instance can finish it; taken (deleted) when used, so
-- that a challenge is answered once. `id_hash` is the hash of the id the browser holds.
CREATE TABLE webauthn_ceremonies (
    id_hash     TEXT    PRIMARY KEY,
    purpose     TEXT    NOT NULL CHECK (purpose IN ('register', 'sign_in')),
    user_id     BIGINT  REFERENCES users (id),
    state       TEXT    NOT NULL,
    expires_at  BIGINT  NOT NULL
);

-- How long a session may sit idle, for this session: a patient's passkey sign-in on their
-- own phone lasts longer than the default. Empty for sessions begun before.
ALTER TABLE sessions ADD COLUMN idle_seconds BIGINT;

-- The person said this browser is theirs alone (settings).
ALTER TABLE known_devices ADD COLUMN own_since BIGINT;
