-- Caregiver invitations (security issue, enumeration). Kept in step with ../sqlite.

-- A caregiver invited by a patient or a nurse, before they join. No account is made, and no
-- existing account is touched, until the code is redeemed: then a new caregiver account is
-- made for the email, or the caregiver who already holds it proves it with their password
-- and is linked. So the answer to an invitation never says whether the email has an account.
CREATE TABLE caregiver_invitations (
    id              BIGSERIAL PRIMARY KEY,
    patient_id      BIGINT  NOT NULL REFERENCES patients (user_id),
    display_name    TEXT    NOT NULL,
    email           TEXT    NOT NULL,
    locale          TEXT    NOT NULL,
    code_hash       TEXT    NOT NULL UNIQUE,
    created_by      BIGINT  REFERENCES users (id),
    created_at      BIGINT  NOT NULL,
    expires_at      BIGINT  NOT NULL,
    -- Joined, cancelled, or replaced by a newer invitation of the same email.
    ended_at        BIGINT,
    joined_user_id  BIGINT  REFERENCES users (id)
);
CREATE INDEX caregiver_invitations_by_patient ON caregiver_invitations (patient_id);
