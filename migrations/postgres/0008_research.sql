-- Research use: consent, study projects, and the exports made. Kept in step with ../sqlite.

-- Consent to research use, as events: given (on paper, recorded by a nurse; or in the app by
-- the patient) and withdrawn. The latest event per patient is what holds; none means no.
CREATE TABLE research_consents (
    id           BIGSERIAL PRIMARY KEY,
    patient_id   BIGINT  NOT NULL REFERENCES patients (user_id),
    action       TEXT    NOT NULL CHECK (action IN ('given', 'withdrawn')),
    via          TEXT    NOT NULL CHECK (via IN ('paper', 'app')),
    -- The day the patient signed the paper form (local date at the centre).
    signed_on    TEXT,
    recorded_by  BIGINT  NOT NULL REFERENCES users (id),
    recorded_at  BIGINT  NOT NULL
);
CREATE INDEX research_consents_by_patient ON research_consents (patient_id, id);

CREATE FUNCTION research_consents_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'consent history is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER research_consents_no_change BEFORE UPDATE OR DELETE ON research_consents
    FOR EACH ROW EXECUTE FUNCTION research_consents_append_only();

-- A study whose exports share one key, so that its research ids match from one export to
-- the next. The key is made here and never shown: nobody can recompute an id from it.
CREATE TABLE research_projects (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    study_key   TEXT    NOT NULL,
    created_by  BIGINT  REFERENCES users (id),
    created_at  BIGINT  NOT NULL
);

-- An export: what was asked, what anonymisation did, how far the download went. Its key
-- (when it has no project) and its member list live only while it can be downloaded, so
-- that every file of one export is cut from the same cohort; both are erased after.
CREATE TABLE research_exports (
    id             BIGSERIAL PRIMARY KEY,
    -- Random, in the download URLs.
    token          TEXT    NOT NULL UNIQUE,
    requested_by   BIGINT  REFERENCES users (id),
    project_id     BIGINT  REFERENCES research_projects (id),
    parameters     TEXT    NOT NULL,
    summary        TEXT    NOT NULL,
    export_key     TEXT,
    -- Data recorded after this instant is not in the export.
    snapshot_at    BIGINT  NOT NULL,
    state          TEXT    NOT NULL CHECK (state IN ('ready', 'running', 'complete', 'failed', 'expired')),
    records_total  BIGINT  NOT NULL DEFAULT 0,
    records_done   BIGINT  NOT NULL DEFAULT 0,
    -- Rows written per file, as JSON, once complete.
    row_counts     TEXT,
    error          TEXT,
    created_at     BIGINT  NOT NULL,
    expires_at     BIGINT  NOT NULL,
    finished_at    BIGINT
);

-- The patients released by an export and their quasi-identifiers as released (JSON).
CREATE TABLE research_export_members (
    export_id   BIGINT  NOT NULL REFERENCES research_exports (id),
    patient_id  BIGINT  NOT NULL REFERENCES patients (user_id),
    research_id TEXT    NOT NULL,
    anchor      TEXT    NOT NULL CHECK (anchor IN ('infusion', 'apheresis')),
    anchor_on   TEXT    NOT NULL,
    time_zone   TEXT    NOT NULL,
    release     TEXT    NOT NULL,
    PRIMARY KEY (export_id, patient_id),
    UNIQUE (export_id, research_id)
);
