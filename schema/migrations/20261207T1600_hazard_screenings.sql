-- Hazard screening rounds (隐患排查, schema/hazards.md "Screening rounds", seed-digest §4): each
-- township screens its area weekly, each village every half month; a round is recorded with what
-- it found.
CREATE TABLE hazard_screenings (
  unit_id        TEXT NOT NULL,
  period         TEXT NOT NULL,               -- 2026-W41 (township) or 2026-10-H1 (village)
  on_date        TEXT NOT NULL,               -- YYYY-MM-DD, China Standard Time
  hazards_found  INTEGER NOT NULL,
  note           TEXT NOT NULL DEFAULT '',
  recorded_by    TEXT NOT NULL,
  recorded_at    INTEGER NOT NULL
);
CREATE INDEX hazard_screenings_unit ON hazard_screenings(unit_id, period);
