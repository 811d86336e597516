-- Found by the load test (issue 22): a check-in's triage and window reads scanned all of a
-- patient's earlier responses (a year of twice-daily diaries is 730 of them). The latest
-- response now comes off the index in order, ties on the same second included, and the
-- windows answered have an index of their own. Kept in step with ../sqlite and ../postgres.
CREATE INDEX checkin_responses_latest ON checkin_responses (patient_id, questionnaire_name, submitted_at, id);
DROP INDEX checkin_responses_by_patient;
CREATE INDEX checkin_responses_windows ON checkin_responses (patient_id, due_at) WHERE schedule_id IS NOT NULL;
