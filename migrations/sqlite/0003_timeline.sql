-- Treatments and their timelines, manufacturing integrations and the webhook deliveries
-- they sent. Dates of milestones are local dates at the centre (TEXT, YYYY-MM-DD); instants
-- are UTC seconds. Kept in step with ../postgres.

-- Machine-to-machine senders of manufacturing events. The secret signs their webhooks, so it
-- is kept as given (an HMAC key cannot be checked against a hash); it is shown once.
CREATE TABLE integrations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL UNIQUE,
    secret      TEXT    NOT NULL,
    created_by  BIGINT  REFERENCES users (id),
    created_at  BIGINT  NOT NULL,
    revoked_at  BIGINT
);

CREATE TABLE treatments (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    patient_id       BIGINT  NOT NULL REFERENCES patients (user_id),
    product_id       TEXT    NOT NULL,
    product_name     TEXT    NOT NULL,
    template_id      TEXT    NOT NULL,
    -- The chain-of-identity id shared with the manufacturer; never the patient's name.
    order_reference  TEXT    NOT NULL UNIQUE,
    status           TEXT    NOT NULL DEFAULT 'active'
                     CHECK (status IN ('active', 'completed', 'withdrawn', 'transferred', 'deceased')),
    start_on         TEXT    NOT NULL,
    -- The plan as resolved when the treatment opened (template and country rule), so that a
    -- later edit of the journeys file does not rewrite a running treatment.
    plan_json        TEXT    NOT NULL,
    -- Every change bumps it; a change made on an older version is refused, not merged.
    version          BIGINT  NOT NULL DEFAULT 0,
    -- Derived from the milestones on every change, for the nurse's list.
    stage            TEXT    NOT NULL,
    next_key         TEXT,
    next_kind        TEXT,
    next_on          TEXT,
    is_delayed       BIGINT  NOT NULL DEFAULT 0,
    has_conflict     BIGINT  NOT NULL DEFAULT 0,
    infusion_on      TEXT,
    created_by       BIGINT  REFERENCES users (id),
    created_at       BIGINT  NOT NULL,
    closed_at        BIGINT,
    closed_reason    TEXT
);
CREATE INDEX treatments_by_patient ON treatments (patient_id);
CREATE UNIQUE INDEX one_active_treatment_per_patient ON treatments (patient_id) WHERE status = 'active';

CREATE TABLE milestones (
    treatment_id  BIGINT  NOT NULL REFERENCES treatments (id),
    position      BIGINT  NOT NULL,
    key           TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('planned', 'confirmed', 'done', 'delayed', 'cancelled')),
    planned_on    TEXT    NOT NULL,
    -- Set when the step has a usual hour at the centre: that hour on planned_on, in UTC.
    planned_at    BIGINT,
    extra_days    BIGINT  NOT NULL DEFAULT 0,
    actual_on     TEXT,
    actual_at     BIGINT,
    source        TEXT    CHECK (source IN ('nurse', 'integration')),
    updated_at    BIGINT  NOT NULL,
    PRIMARY KEY (treatment_id, position),
    UNIQUE (treatment_id, key)
);

-- One row per change to a timeline: who, why, and what the patient is told.
CREATE TABLE timeline_changes (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    treatment_id    BIGINT  NOT NULL REFERENCES treatments (id),
    at              BIGINT  NOT NULL,
    source          TEXT    NOT NULL CHECK (source IN ('nurse', 'integration')),
    actor_id        BIGINT  REFERENCES users (id),
    integration_id  BIGINT  REFERENCES integrations (id),
    action          TEXT    NOT NULL,
    milestone_key   TEXT,
    reason          TEXT    NOT NULL,
    notice_key      TEXT,
    notice_kind     TEXT,
    notice_from     TEXT,
    notice_to       TEXT
);
CREATE INDEX timeline_changes_by_treatment ON timeline_changes (treatment_id, id);

-- Every milestone a change moved, before and after.
CREATE TABLE milestone_history (
    change_id   BIGINT NOT NULL REFERENCES timeline_changes (id),
    position    BIGINT NOT NULL,
    key         TEXT   NOT NULL,
    old_status  TEXT   NOT NULL,
    new_status  TEXT   NOT NULL,
    old_on      TEXT   NOT NULL,
    new_on      TEXT   NOT NULL,
    PRIMARY KEY (change_id, position)
);

-- Webhooks already applied, by the sender's id, with the answer given: a re-sent event
-- gets the same answer and changes nothing.
CREATE TABLE webhook_deliveries (
    integration_id  BIGINT  NOT NULL REFERENCES integrations (id),
    webhook_id      TEXT    NOT NULL,
    received_at     BIGINT  NOT NULL,
    status          BIGINT  NOT NULL,
    response        TEXT    NOT NULL,
    PRIMARY KEY (integration_id, webhook_id)
);

-- The history is a record: never edited, never removed.
CREATE TRIGGER timeline_changes_no_update BEFORE UPDATE ON timeline_changes
BEGIN
    SELECT RAISE(ABORT, 'timeline history is append-only');
END;
CREATE TRIGGER timeline_changes_no_delete BEFORE DELETE ON timeline_changes
BEGIN
    SELECT RAISE(ABORT, 'timeline history is append-only');
END;
CREATE TRIGGER milestone_history_no_update BEFORE UPDATE ON milestone_history
BEGIN
    SELECT RAISE(ABORT, 'timeline history is append-only');
END;
CREATE TRIGGER milestone_history_no_delete BEFORE DELETE ON milestone_history
BEGIN
    SELECT RAISE(ABORT, 'timeline history is append-only');
END;
