-- Approved study projects (privacy issue). Kept in step with ../postgres.

-- A data steward (an admin) approves a project: its cohort definition, the datasets it may
-- release, the grounds (ethics approval, data-use agreement), its researchers and an expiry.
-- Projects made before this (no approved_at) cannot export.
ALTER TABLE research_projects ADD COLUMN definition  TEXT;
ALTER TABLE research_projects ADD COLUMN ethics_ref  TEXT;
ALTER TABLE research_projects ADD COLUMN dua_ref     TEXT;
ALTER TABLE research_projects ADD COLUMN expires_on  TEXT;
ALTER TABLE research_projects ADD COLUMN k           BIGINT;
ALTER TABLE research_projects ADD COLUMN summary     TEXT;
ALTER TABLE research_projects ADD COLUMN approved_by BIGINT REFERENCES users (id);
ALTER TABLE research_projects ADD COLUMN approved_at BIGINT;

CREATE TABLE research_project_researchers (
    project_id     BIGINT  NOT NULL REFERENCES research_projects (id),
    researcher_id  BIGINT  NOT NULL REFERENCES users (id),
    PRIMARY KEY (project_id, researcher_id)
);

-- The cohort, frozen at approval: every patient released, with their research id and how
-- their quasi-identifiers are released. Kept for as long as the project (every cohort ever
-- released is checked against each new one), unlike an export's own member list.
CREATE TABLE research_project_members (
    project_id  BIGINT  NOT NULL REFERENCES research_projects (id),
    patient_id  BIGINT  NOT NULL REFERENCES patients (user_id),
    research_id TEXT    NOT NULL,
    anchor      TEXT    NOT NULL CHECK (anchor IN ('infusion', 'apheresis')),
    anchor_on   TEXT    NOT NULL,
    time_zone   TEXT    NOT NULL,
    release     TEXT    NOT NULL,
    PRIMARY KEY (project_id, patient_id),
    UNIQUE (project_id, research_id)
);
