-- Rosters per unit (issue 20 "duty at every level"): the city, each county and each township keep
-- their own duty roster; shifts overlap only across units. Shifts before this belonged to the
-- city's roster. A shift with no leader on it has leader_id '' (a county's night officer outside
-- the flood and fire seasons); the roster's rules say when a leader must be on (schema/duty.md).
ALTER TABLE shifts ADD COLUMN unit_id TEXT NOT NULL DEFAULT 'city';
CREATE INDEX shifts_unit ON shifts(unit_id, starts_at);
