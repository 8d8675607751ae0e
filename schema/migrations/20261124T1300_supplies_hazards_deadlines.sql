-- Deadlines (one service for every legal time limit), supplies (items, release orders, raw stock
-- counts) and hazards (隐患, inspector and citizen reports). All are projections of events.

CREATE TABLE deadlines (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,              -- e.g. supply.dispatch, hazard.assign, stock.count
  subject     TEXT NOT NULL,              -- id of the object the deadline is about
  title_zh    TEXT NOT NULL,
  title_en    TEXT NOT NULL,
  opened_at   INTEGER NOT NULL,
  due_at      INTEGER NOT NULL,
  chain       TEXT NOT NULL,              -- JSON array of roles, escalated in order after due_at
  step_ms     INTEGER NOT NULL,
  status      TEXT NOT NULL,              -- open | missed (overdue, still escalating) | met | cancelled
  escalation_level INTEGER NOT NULL DEFAULT 0,
  met_at      INTEGER,
  on_time     INTEGER                     -- 1 met by due_at, 0 missed; NULL while open or cancelled
);
CREATE INDEX deadlines_subject ON deadlines(kind, subject);
CREATE INDEX deadlines_status ON deadlines(status, due_at);

CREATE TABLE items (            -- the supply catalogue: a receipt or order for an unknown item is refused
  id       TEXT PRIMARY KEY,
  name     TEXT NOT NULL,
  name_en  TEXT NOT NULL DEFAULT '',
  unit     TEXT NOT NULL,
  shelf_life_days INTEGER          -- NULL: does not expire
);
ALTER TABLE stock ADD COLUMN received_at INTEGER NOT NULL DEFAULT 0;
-- Raw counts per depot and item, so the expiry rate is derived, never stored.
CREATE TABLE stock_totals (
  depot_id TEXT NOT NULL,
  item     TEXT NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  released INTEGER NOT NULL DEFAULT 0,
  expired  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (depot_id, item)
);
CREATE TABLE release_orders (
  id          TEXT PRIMARY KEY,
  depot_id    TEXT NOT NULL,
  incident_id TEXT,
  destination TEXT NOT NULL DEFAULT '',
  team_id     TEXT,                       -- transport team, tasked on approval
  task_id     TEXT,
  status      TEXT NOT NULL,              -- ordered | approved | departed | arrived | cancelled
  lines       TEXT NOT NULL,              -- JSON [{item, qty requested, qty picked}]
  picks       TEXT NOT NULL,              -- JSON [{item, batch, qty, expires_on}] taken FIFO by expiry
  ordered_by  TEXT NOT NULL,
  approved_by TEXT,
  reason      TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  approved_at INTEGER, departed_at INTEGER, arrived_at INTEGER
);
CREATE INDEX release_orders_depot ON release_orders(depot_id, status);

CREATE TABLE hazards (
  id          TEXT PRIMARY KEY,
  source      TEXT NOT NULL,              -- inspector | citizen
  client_key  TEXT UNIQUE,                -- idempotency key of a citizen submission
  title       TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  place_name  TEXT NOT NULL DEFAULT '',
  lat REAL, lon REAL,
  unit_id     TEXT,                       -- unit that verifies and follows it (set on assignment)
  photo_ref   TEXT NOT NULL DEFAULT '',
  contact     TEXT NOT NULL DEFAULT '',
  grade       TEXT,                       -- general | larger | major
  status      TEXT NOT NULL,              -- reported | assigned | rectifying | accepting | closed | rejected
  suspended   INTEGER NOT NULL DEFAULT 0, -- larger: operation stopped until third-party acceptance
  listed      INTEGER NOT NULL DEFAULT 0, -- major: under listed supervision
  five_in_place TEXT,                     -- JSON {measures, owner, funds_yuan, deadline, plan}
  reward_yuan INTEGER NOT NULL DEFAULT 0,
  reopen_count INTEGER NOT NULL DEFAULT 0,
  reported_by TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  closed_at   INTEGER
);
CREATE INDEX hazards_status ON hazards(status);
