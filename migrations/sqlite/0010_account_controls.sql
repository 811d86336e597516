-- Account controls (security issue). Kept in step with ../postgres.

-- A deactivated account cannot sign in, and its sessions end.
ALTER TABLE users ADD COLUMN deactivated_at BIGINT;
-- A clinical account (nurse or admin) made, or given a new code, by an admin waits until a
-- second person confirms it: a nurse of its centre, or another admin. Until then it cannot
-- sign in. `awaiting_by` is the admin who made it or issued the code.
ALTER TABLE users ADD COLUMN awaiting_since BIGINT;
ALTER TABLE users ADD COLUMN awaiting_by BIGINT;
-- A code issued for this account by someone else: the person is told at their next sign-in.
ALTER TABLE users ADD COLUMN code_issued_by BIGINT;
ALTER TABLE users ADD COLUMN code_issued_at BIGINT;

-- Browsers that signed in to an account before (OWASP's device cookie): failed sign-ins
-- from one of them count against that browser alone, so that guessing from elsewhere
-- cannot lock the person out. The cookie holds a random token; its hash is kept here.
CREATE TABLE known_devices (
    token_hash    TEXT    PRIMARY KEY,
    user_id       BIGINT  NOT NULL REFERENCES users (id),
    created_at    BIGINT  NOT NULL,
    last_used_at  BIGINT  NOT NULL
);
CREATE INDEX known_devices_by_user ON known_devices (user_id);
