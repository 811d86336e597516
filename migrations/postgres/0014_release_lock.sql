-- One research release checked at a time (privacy issue). Kept in step with ../sqlite.

-- Approving a cohort compares it with every cohort released before; making an export
-- checks each member's time against the latest export that held them. Two of either run at
-- once would each miss the other, so each holds this lease, across every instance, from
-- its first read to its commit. Leased until a time, so a crashed instance frees it.
CREATE TABLE release_locks (
    name         TEXT    PRIMARY KEY,
    holder       TEXT,
    lease_until  BIGINT  NOT NULL DEFAULT 0
);
