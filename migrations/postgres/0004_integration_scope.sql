-- What an integration may report on. A manufacturer's system sends events about its own
-- products only; a centre's point-of-care system about its own centre only. An order outside
-- the scope is answered as unknown, so a sender cannot learn which orders exist elsewhere.
-- Integrations made before this had no scope; they report on nothing until an admin makes
-- a new one with a scope.
ALTER TABLE integrations ADD COLUMN products TEXT NOT NULL DEFAULT '';
ALTER TABLE integrations ADD COLUMN centre_id BIGINT REFERENCES centres (id);
