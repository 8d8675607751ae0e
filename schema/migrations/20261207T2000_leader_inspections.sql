-- Leaders' inspections (领导带队检查, schema/hazards.md "Leaders' inspections", seed-digest §4): the
-- city's leaders inspect quarterly, each county's monthly, each township's weekly.
CREATE TABLE leader_inspections (
  unit_id        TEXT NOT NULL,
  period         TEXT NOT NULL,               -- 2026-Q4 (city), 2026-10 (county), 2026-W41 (township)
  on_date        TEXT NOT NULL,               -- YYYY-MM-DD, China Standard Time
  leader         TEXT NOT NULL,               -- who led it, as the desk wrote it
  hazards_found  INTEGER NOT NULL,
  note           TEXT NOT NULL DEFAULT '',
  recorded_by    TEXT NOT NULL,
  recorded_at    INTEGER NOT NULL
);
CREATE INDEX leader_inspections_unit ON leader_inspections(unit_id, period);
