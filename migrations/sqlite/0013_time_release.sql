-- Time under the k check (privacy issue). Kept in step with the other database's folder.

-- What each export releases of a member's time, chosen when the export is made: an index
-- into time_release::LEVELS (-1 until checked: nothing new), the
-- key the k check compared (the next export of the project checks against it), and the
-- day of their infusion from their anchor, if infused by the cut (timepoints count from it).
ALTER TABLE research_export_members ADD COLUMN time_level   BIGINT NOT NULL DEFAULT -1;
ALTER TABLE research_export_members ADD COLUMN time_key     TEXT   NOT NULL DEFAULT '';
ALTER TABLE research_export_members ADD COLUMN infusion_day BIGINT;
-- The latest export holding a patient, found for each member of a new export.
CREATE INDEX research_export_members_by_patient ON research_export_members (patient_id, export_id);

-- The differential-privacy budget of a project's aggregate exports (epsilon, unit: one
-- patient), set by the data steward at approval, and how much of it is spent.
ALTER TABLE research_projects ADD COLUMN epsilon_budget REAL NOT NULL DEFAULT 1.0;
ALTER TABLE research_projects ADD COLUMN epsilon_spent  REAL NOT NULL DEFAULT 0.0;
