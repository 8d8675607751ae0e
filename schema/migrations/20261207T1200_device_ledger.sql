-- The device ledger (通信装备台账, schema/supplies.md "Device ledger", seed-digest §8): every
-- satellite phone, walkie-talkie and handheld terminal with who uses it, who maintains it and its
-- periodic checks, so the duty desk knows what will work on the day the network is down.
CREATE TABLE devices (
  id                TEXT PRIMARY KEY,          -- the asset number the unit gives it (SAT-C-001)
  kind              TEXT NOT NULL,             -- satellite_phone radio handheld
  model             TEXT NOT NULL DEFAULT '',
  serial            TEXT NOT NULL DEFAULT '',
  unit_id           TEXT NOT NULL,             -- the holding unit (city, county, township, department)
  team_id           TEXT,                      -- the holding team, if one
  holder            TEXT NOT NULL,             -- the person who uses it (使用人)
  maintainer        TEXT NOT NULL,             -- who keeps it working (维护责任人)
  check_every_days  INTEGER NOT NULL,
  last_checked_on   TEXT,                      -- YYYY-MM-DD, China Standard Time
  last_result       TEXT,                      -- ok fault
  status            TEXT NOT NULL,             -- in_service faulty retired
  registered_at     INTEGER NOT NULL
);
CREATE INDEX devices_unit ON devices(unit_id);
CREATE TABLE device_checks (
  device_id   TEXT NOT NULL,
  checked_on  TEXT NOT NULL,
  result      TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  checked_by  TEXT NOT NULL,
  recorded_at INTEGER NOT NULL
);
CREATE INDEX device_checks_device ON device_checks(device_id, checked_on);
