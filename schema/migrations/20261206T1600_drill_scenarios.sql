-- Drill scenarios (schema/drills.md), in a drill's own realm: the scenario loaded, its scenario
-- clock (as last set) and its injects, scheduled or sent. Live never holds a row.
CREATE TABLE drill_scenario (
  id            INTEGER PRIMARY KEY CHECK (id = 1),   -- one scenario per drill
  name          TEXT NOT NULL,
  title_zh      TEXT NOT NULL,
  title_en      TEXT NOT NULL,
  scenario      TEXT NOT NULL,                        -- the whole scenario as JSON
  loaded_at     INTEGER NOT NULL,
  loaded_by     TEXT NOT NULL,
  clock_at      INTEGER NOT NULL,                     -- server time the clock was last set
  clock_elapsed INTEGER NOT NULL,                     -- scenario time (ms) at that moment
  speed         REAL NOT NULL,                        -- scenario seconds per second
  paused        INTEGER NOT NULL
);
CREATE TABLE drill_injects (
  id           TEXT PRIMARY KEY,
  position     INTEGER NOT NULL,                      -- order of sending among equal times
  at_ms        INTEGER,                               -- scenario time; NULL for a no-script inject
  kind         TEXT NOT NULL,
  title_zh     TEXT NOT NULL,
  title_en     TEXT NOT NULL,
  spec         TEXT NOT NULL,                         -- the inject as JSON
  template     TEXT NOT NULL DEFAULT '',              -- the template a no-script inject came from
  sent_at      INTEGER,
  sent_elapsed INTEGER,
  sent_by      TEXT NOT NULL DEFAULT '',
  result       TEXT NOT NULL DEFAULT '{}',            -- ids of what it made (incident_id, warning_id, message_id)
  error        TEXT NOT NULL DEFAULT '',              -- why its effect was refused, in words (English)
  error_zh     TEXT NOT NULL DEFAULT ''               -- the same in Chinese
);
CREATE INDEX drill_injects_due ON drill_injects(sent_at, at_ms);
