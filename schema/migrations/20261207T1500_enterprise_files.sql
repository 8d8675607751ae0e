-- One file per enterprise (一企一档, schema/hazards.md "Enterprise files", seed-digest §4): each
-- enterprise that handles hazardous goods or runs a mine, its hazards, its monthly self-inspection,
-- the inspections of the watch list, its quarterly drill filings; the weekly exposure board as
-- published and the dishonesty list (失信名单) of enterprises exposed two weeks in a row.
CREATE TABLE enterprises (
  id             TEXT PRIMARY KEY,            -- the registration the unit gives it (ENT-C1-001)
  name           TEXT NOT NULL,
  name_en        TEXT NOT NULL DEFAULT '',
  industry       TEXT NOT NULL,               -- hazmat mining fireworks metallurgy other
  unit_id        TEXT NOT NULL,               -- the county, township or village it lies in
  watch_list     INTEGER NOT NULL DEFAULT 0,  -- on the watch list: inspected at least twice a month
  contact_name   TEXT NOT NULL,               -- its safety officer (安全负责人)
  contact_phone  TEXT NOT NULL,
  registered_at  INTEGER NOT NULL,
  dishonest      INTEGER NOT NULL DEFAULT 0,  -- on the dishonesty list now
  dishonest_since INTEGER
);
CREATE INDEX enterprises_unit ON enterprises(unit_id);
CREATE TABLE enterprise_filings (
  enterprise_id  TEXT NOT NULL,
  kind           TEXT NOT NULL,               -- self_inspection (monthly) drill (quarterly) inspection (by the authorities)
  period         TEXT NOT NULL,               -- YYYY-MM or YYYY-Qn
  on_date        TEXT NOT NULL,               -- YYYY-MM-DD, China Standard Time
  hazards_found  INTEGER NOT NULL DEFAULT 0,
  participants   INTEGER,
  note           TEXT NOT NULL DEFAULT '',
  filed_by       TEXT NOT NULL,
  filed_at       INTEGER NOT NULL
);
CREATE INDEX enterprise_filings_period ON enterprise_filings(enterprise_id, kind, period);
ALTER TABLE hazards ADD COLUMN enterprise_id TEXT;
CREATE INDEX hazards_enterprise ON hazards(enterprise_id);
CREATE TABLE exposure_weeks (
  week           TEXT PRIMARY KEY,            -- ISO week in China Standard Time, 2026-W49
  published_at   INTEGER NOT NULL,
  published_by   TEXT NOT NULL
);
CREATE TABLE exposure_entries (
  week           TEXT NOT NULL,
  rank           INTEGER NOT NULL,
  hazard_id      TEXT NOT NULL,
  enterprise_id  TEXT,
  PRIMARY KEY (week, hazard_id)
);
CREATE INDEX exposure_entries_enterprise ON exposure_entries(enterprise_id, week);
CREATE TABLE dishonesty_records (
  enterprise_id  TEXT NOT NULL,
  listed_at      INTEGER NOT NULL,
  weeks          TEXT NOT NULL,               -- JSON: the two weeks in a row that listed it
  removed_at     INTEGER,
  removed_by     TEXT,
  removal_note   TEXT
);
CREATE INDEX dishonesty_records_enterprise ON dishonesty_records(enterprise_id);
