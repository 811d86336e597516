-- Limits that every instance must agree on (security issue). Kept in step with ../postgres.

-- Research downloads in progress: a fixed set of numbered slots, each leased until a time,
-- so that a crashed instance's downloads free themselves. Claimed one row at a time with a
-- conditional update, which both databases apply atomically.
CREATE TABLE download_slots (
    slot           INTEGER PRIMARY KEY,
    holder         TEXT,
    researcher_id  BIGINT,
    lease_until    BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX download_slots_by_researcher ON download_slots (researcher_id, lease_until);

-- Requests counted per user (or address) and per fixed window, for rate limits.
CREATE TABLE rate_counters (
    scope         TEXT    NOT NULL,
    key           TEXT    NOT NULL,
    window_start  BIGINT  NOT NULL,
    count         BIGINT  NOT NULL,
    PRIMARY KEY (scope, key, window_start)
);
CREATE INDEX rate_counters_by_window ON rate_counters (window_start);
