-- The audit log made tamper-evident without serialising audited writes: inserts stay as
-- they are, and a sealer (each instance's housekeeping; a seal's number is unique, so two
-- instances sealing at once leave one) seals, in id order, the entries older than a few
-- minutes. Each entry's digest is kept (so that a changed or removed entry is named), and
-- each seal's root covers its entries' digests and the root of the seal before it (so that
-- a changed digest or seal breaks the chain). The newest root is written to the log and
-- into audit exports, outside these tables: only such a copy finds a removed tail, or a
-- chain rewritten whole by someone with write access to the database.
-- Kept in step with ../sqlite and ../postgres.
CREATE TABLE audit_seals (
    number     BIGINT  PRIMARY KEY,
    first_id   BIGINT  NOT NULL,
    last_id    BIGINT  NOT NULL,
    entries    BIGINT  NOT NULL,
    prev_root  TEXT    NOT NULL,
    root       TEXT    NOT NULL,
    sealed_at  BIGINT  NOT NULL
);
CREATE TABLE audit_digests (
    entry_id   BIGINT  PRIMARY KEY,
    seal       BIGINT  NOT NULL,
    digest     TEXT    NOT NULL
);
CREATE INDEX audit_digests_by_seal ON audit_digests (seal, entry_id);

-- Append-only, as the log itself: the sealer only inserts.
CREATE TRIGGER audit_seals_no_update BEFORE UPDATE OR DELETE ON audit_seals
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_digests_no_update BEFORE UPDATE OR DELETE ON audit_digests
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_digests_no_truncate BEFORE TRUNCATE ON audit_digests
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
