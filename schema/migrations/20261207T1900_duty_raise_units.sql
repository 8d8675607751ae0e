-- Where a raise of the duty level holds (schema/duty.md "Whose duty level"): the townships of the
-- warning or the unit of the incident it fired on; '[]' = the whole city (a key period, a warning
-- that names no township).
ALTER TABLE duty_raises ADD COLUMN units TEXT NOT NULL DEFAULT '[]';
