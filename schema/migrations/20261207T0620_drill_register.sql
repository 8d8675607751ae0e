-- The drill register (演练台账, schema/drills.md §6): every drill the bureau and its units hold,
-- in the system or outside it, classified by kind, so the year's counts can be set against the
-- cadences the bureau requires (seed-digest §9).
CREATE TABLE drill_register (
  id           TEXT PRIMARY KEY,
  drill_id     TEXT UNIQUE,                 -- the in-system drill this entry classifies; NULL: held outside the system
  title        TEXT NOT NULL,
  kind         TEXT NOT NULL,               -- comprehensive special joint cross_region evacuation comms_outage
  unit_id      TEXT NOT NULL,               -- the organising unit (the city, a county, a township, a department)
  held_on      TEXT NOT NULL,               -- YYYY-MM-DD, China Standard Time
  departments  TEXT NOT NULL DEFAULT '[]',  -- JSON array of department unit ids taking part
  participants INTEGER NOT NULL,
  scripted     INTEGER NOT NULL,            -- 0: no script (无脚本演练)
  note         TEXT NOT NULL DEFAULT '',
  recorded_by  TEXT NOT NULL,
  recorded_at  INTEGER NOT NULL
);
CREATE INDEX drill_register_held_on ON drill_register(held_on);
