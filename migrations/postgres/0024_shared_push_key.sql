-- Several instances on one database (issue 22): one push key in use between them. Two
-- instances starting together on an empty database, or two rotations at once, can no longer
-- leave two keys in use; the loser of the race reads the winner's key. Older databases keep
-- only their newest key in use first. Kept in step with ../sqlite and ../postgres.
UPDATE vapid_keys SET retired_at = created_at
 WHERE retired_at IS NULL
   AND id < (SELECT MAX(id) FROM vapid_keys WHERE retired_at IS NULL);
CREATE UNIQUE INDEX vapid_keys_one_in_use ON vapid_keys ((retired_at IS NULL)) WHERE retired_at IS NULL;
