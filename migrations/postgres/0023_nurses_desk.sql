-- The nurses' desk (issue 21): flags raised by silence rather than by an answer, snoozed
-- and assigned; patients marked admitted and assigned; dated nursing notes; shift
-- handovers; and jobs that several instances run once between them. Kept in step with
-- ../sqlite.

-- A flag may come from no answer (a silence: no diary for a day).
ALTER TABLE flags ALTER COLUMN response_id DROP NOT NULL;
-- Hidden from the queue until then (a nurse snoozed a silence).
ALTER TABLE flags ADD COLUMN snoozed_until BIGINT;
-- The nurse who took it on.
ALTER TABLE flags ADD COLUMN assigned_to BIGINT REFERENCES users (id);
CREATE INDEX flags_by_response ON flags (response_id);
-- At most one open silence flag per patient and rule, whichever instance raises it.
CREATE UNIQUE INDEX one_open_silence ON flags (patient_id, rule) WHERE response_id IS NULL AND resolved_at IS NULL;

-- Admitted to the ward: their silence raises no flag, since the ward watches them.
ALTER TABLE patients ADD COLUMN admitted_since BIGINT;
-- The nurse who looks after the patient ("my patients").
ALTER TABLE patients ADD COLUMN assigned_to BIGINT REFERENCES users (id);
CREATE INDEX patients_by_nurse ON patients (assigned_to);
-- Check-ins the patient missed in the past week, counted by a scheduled job for the board's
-- filter (working it out per patient while listing 2 000 would be too slow).
ALTER TABLE treatments ADD COLUMN missed_checkins BIGINT NOT NULL DEFAULT 0;

-- Dated nursing notes, read by the centre's nurses alone. Never edited or deleted.
CREATE TABLE nursing_notes (
    id          BIGSERIAL PRIMARY KEY,
    patient_id  BIGINT  NOT NULL REFERENCES patients (user_id),
    author_id   BIGINT  NOT NULL REFERENCES users (id),
    written_at  BIGINT  NOT NULL,
    text        TEXT    NOT NULL
);
CREATE INDEX nursing_notes_by_patient ON nursing_notes (patient_id, written_at);

-- A shift handover given at a centre: the next one lists what changed since.
CREATE TABLE handovers (
    id          BIGSERIAL PRIMARY KEY,
    centre_id   BIGINT  NOT NULL REFERENCES centres (id),
    nurse_id    BIGINT  NOT NULL REFERENCES users (id),
    given_at    BIGINT  NOT NULL
);
CREATE INDEX handovers_by_centre ON handovers (centre_id, given_at);

-- Jobs that run on a schedule, once across instances: an instance claims the row under a
-- lease (as the dispatcher claims reminders), runs, and sets when it is due again.
CREATE TABLE scheduled_jobs (
    name         TEXT    PRIMARY KEY,
    due_at       BIGINT  NOT NULL,
    lease_until  BIGINT,
    claim        BIGINT,
    last_run_at  BIGINT
);
