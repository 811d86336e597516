-- What a notification may say on a locked phone (phone issue). Kept in step with ../postgres.

-- 0: discreet ("You have a new reminder"; the detail only inside the app), the default,
-- since anyone near a phone reads its lock screen. 1: the reminder's own words, which can
-- name a treatment step ("CAR-T infusion (day 0)"), chosen by the person in settings.
ALTER TABLE users ADD COLUMN lock_screen_detail BIGINT NOT NULL DEFAULT 0;
