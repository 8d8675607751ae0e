-- The urban-rural fringe campaign (城乡结合部专项排查, schema/hazards.md "Urban-rural fringe",
-- seed-digest §4 "monthly in October and November, with a rectification target ≥ 95 %"): each
-- county's rounds, and the hazards found in the campaign, whose rectification is counted apart.
CREATE TABLE fringe_rounds (
  unit_id        TEXT NOT NULL,               -- the county
  period         TEXT NOT NULL,               -- 2026-10 or 2026-11
  on_date        TEXT NOT NULL,               -- YYYY-MM-DD, China Standard Time
  hazards_found  INTEGER NOT NULL,
  note           TEXT NOT NULL DEFAULT '',
  recorded_by    TEXT NOT NULL,
  recorded_at    INTEGER NOT NULL
);
CREATE INDEX fringe_rounds_unit ON fringe_rounds(unit_id, period);
ALTER TABLE hazards ADD COLUMN campaign TEXT;  -- NULL, or urban_rural_fringe: found in that campaign (its year: created_at)
