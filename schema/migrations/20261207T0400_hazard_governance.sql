-- Hazard governance (seed-digest §2 and §4, schema/hazards.md "Governance"): the four-level hazard
-- ledgers confirmed up to date each month before the 5th, county acceptance then city close-out of
-- major hazards (县级验收、市级销号), and the quarterly sampled look-back re-check (回头看).
-- All are projections of events.

-- A major hazard the county accepted waits in status 'accepted' for the city's close-out.
ALTER TABLE hazards ADD COLUMN county_accepted_at INTEGER;
ALTER TABLE hazards ADD COLUMN closed_out_at INTEGER;

-- One row per unit and month whose ledger was confirmed up to date (hazard.ledger_confirm).
CREATE TABLE hazard_ledgers (
  unit_id      TEXT NOT NULL,
  month        TEXT NOT NULL,            -- YYYY-MM, local (UTC+8)
  confirmed_at INTEGER NOT NULL,
  confirmed_by TEXT NOT NULL,            -- user:ID
  open_count   INTEGER NOT NULL,         -- hazards of the unit and the units below it, open when confirmed
  closed_count INTEGER NOT NULL,         -- closed by then
  PRIMARY KEY (unit_id, month)
);

-- One draw per quarter (hazard.lookback_draw) and its sampled hazards, each with its re-check result.
CREATE TABLE hazard_lookbacks (
  quarter      TEXT PRIMARY KEY,         -- YYYY-Qn
  rate_percent INTEGER NOT NULL,
  seed         TEXT NOT NULL,
  population   INTEGER NOT NULL,         -- hazards closed in the quarter
  drawn_at     INTEGER NOT NULL,
  drawn_by     TEXT NOT NULL
);
CREATE TABLE hazard_lookback_items (
  quarter    TEXT NOT NULL,
  hazard_id  TEXT NOT NULL,
  rank       INTEGER NOT NULL,           -- position in the draw's order (0 first)
  result     TEXT,                       -- ok | recurred; NULL until re-checked
  note       TEXT NOT NULL DEFAULT '',
  checked_at INTEGER,
  checked_by TEXT,
  PRIMARY KEY (quarter, hazard_id)
);
CREATE INDEX hazard_lookback_items_hazard ON hazard_lookback_items(hazard_id);
