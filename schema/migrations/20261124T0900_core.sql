-- Core schema: the append-only event log, the tables outside it (sessions, credentials, auth log),
-- and the first projections. Projections are rebuilt from `events` by `lifeline-command --rebuild`;
-- tables marked NOT REPLAYED are state that is deliberately outside the event log (DECISIONS.md).

-- The audit trail: accepted domain changes only, in commit order.
CREATE TABLE events (
  seq     INTEGER PRIMARY KEY,          -- commit order, gap-free within a realm
  at      INTEGER NOT NULL,             -- UTC ms, from the server clock
  actor   TEXT NOT NULL,                -- user:ID, device:ID, system, rule:ID
  realm   TEXT NOT NULL,                -- live | drill:<id>
  kind    TEXT NOT NULL,                -- noun.verb, e.g. incident.created
  subject TEXT NOT NULL,                -- id of the object changed
  channel TEXT NOT NULL DEFAULT 'ip',   -- through which channel the change arrived
  body    TEXT NOT NULL                 -- JSON: everything the projections need
);
CREATE INDEX events_subject ON events(subject, seq);

-- NOT REPLAYED: login sessions (token stored as its SHA-256 hash).
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER,
  client     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);
-- NOT REPLAYED: password hashes (argon2id, libsodium crypto_pwhash_str).
CREATE TABLE credentials (
  user_id TEXT PRIMARY KEY,
  hash    TEXT NOT NULL,
  changed_at INTEGER NOT NULL
);
-- NOT REPLAYED: every login attempt, successful or not.
CREATE TABLE auth_log (
  id       INTEGER PRIMARY KEY,
  at       INTEGER NOT NULL,
  username TEXT NOT NULL,
  ok       INTEGER NOT NULL,
  reason   TEXT NOT NULL,
  remote   TEXT NOT NULL DEFAULT ''
);

-- Projections -------------------------------------------------------------------------------------
CREATE TABLE units (            -- city, county, township, team, department: the scope tree
  id        TEXT PRIMARY KEY,
  kind      TEXT NOT NULL,
  name      TEXT NOT NULL,
  name_en   TEXT NOT NULL DEFAULT '',
  parent_id TEXT,
  geocode   TEXT NOT NULL DEFAULT '',
  lat REAL, lon REAL
);
CREATE TABLE users (
  id           TEXT PRIMARY KEY,
  username     TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role         TEXT NOT NULL,
  unit_id      TEXT NOT NULL,
  active       INTEGER NOT NULL DEFAULT 1,
  created_at   INTEGER NOT NULL
);
CREATE TABLE incidents (
  id          TEXT PRIMARY KEY,
  number      TEXT NOT NULL UNIQUE,     -- human number, INC-YYYY-NNNN
  type        TEXT NOT NULL,
  title       TEXT NOT NULL,
  place_name  TEXT NOT NULL,
  lat REAL, lon REAL,
  unit_id     TEXT NOT NULL,            -- the unit whose scope it is in
  dead        INTEGER NOT NULL DEFAULT 0,
  missing     INTEGER NOT NULL DEFAULT 0,
  injured     INTEGER NOT NULL DEFAULT 0,
  losses_yuan INTEGER NOT NULL DEFAULT 0,
  level       INTEGER,                  -- 1..4 (I highest), NULL until set
  level_reason TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL,
  reported_by TEXT NOT NULL,
  reported_via TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX incidents_status ON incidents(status);
CREATE TABLE timeline (         -- per-incident history, for the board
  incident_id TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  at          INTEGER NOT NULL,
  actor       TEXT NOT NULL,
  kind        TEXT NOT NULL,
  summary     TEXT NOT NULL,          -- JSON
  PRIMARY KEY (incident_id, seq)
);
CREATE TABLE teams (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  name_en     TEXT NOT NULL DEFAULT '',
  kind        TEXT NOT NULL,
  unit_id     TEXT NOT NULL,            -- parent unit (city/county/township)
  base        TEXT NOT NULL DEFAULT '',
  lat REAL, lon REAL,
  readiness   TEXT NOT NULL,
  required_min INTEGER NOT NULL DEFAULT 0,
  position_at INTEGER,
  updated_at  INTEGER NOT NULL
);
CREATE TABLE members (
  id       TEXT PRIMARY KEY,
  team_id  TEXT NOT NULL,
  name     TEXT NOT NULL,
  role     TEXT NOT NULL,               -- lead | member
  user_id  TEXT,
  skills   TEXT NOT NULL DEFAULT '',
  on_duty  INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX members_team ON members(team_id);
CREATE TABLE contacts (         -- the fallback ladder of a user or team, best channel first
  owner   TEXT NOT NULL,                -- user:ID | team:ID | dept:ID
  rank    INTEGER NOT NULL,
  channel TEXT NOT NULL,
  address TEXT NOT NULL,
  PRIMARY KEY (owner, rank)
);
CREATE TABLE equipment (
  team_id TEXT NOT NULL,
  item    TEXT NOT NULL,
  qty     INTEGER NOT NULL,
  PRIMARY KEY (team_id, item)
);
CREATE TABLE tasks (
  id          TEXT PRIMARY KEY,
  incident_id TEXT,
  team_id     TEXT NOT NULL,
  what        TEXT NOT NULL,            -- task type: rescue, evacuate, deliver, patrol ...
  note        TEXT NOT NULL DEFAULT '',
  place_name  TEXT NOT NULL DEFAULT '',
  lat REAL, lon REAL,
  due_at      INTEGER,
  status      TEXT NOT NULL,
  reason      TEXT NOT NULL DEFAULT '',
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  last_channel TEXT NOT NULL DEFAULT 'ip'
);
CREATE INDEX tasks_team ON tasks(team_id, status);
CREATE INDEX tasks_incident ON tasks(incident_id);
CREATE TABLE shifts (
  id          TEXT PRIMARY KEY,
  starts_at   INTEGER NOT NULL,
  ends_at     INTEGER NOT NULL,
  officer_id  TEXT NOT NULL,
  leader_id   TEXT NOT NULL,
  handover_note TEXT NOT NULL DEFAULT '',
  handed_over_at INTEGER
);
CREATE TABLE shift_log (
  shift_id TEXT NOT NULL,
  seq      INTEGER NOT NULL,
  at       INTEGER NOT NULL,
  actor    TEXT NOT NULL,
  text     TEXT NOT NULL,
  PRIMARY KEY (shift_id, seq)
);
CREATE TABLE depots (
  id      TEXT PRIMARY KEY,
  name    TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  tier    TEXT NOT NULL,                -- city | county | township | forward
  unit_id TEXT NOT NULL,
  lat REAL, lon REAL
);
CREATE TABLE stock (
  depot_id TEXT NOT NULL,
  item     TEXT NOT NULL,
  batch    TEXT NOT NULL,
  qty      INTEGER NOT NULL CHECK (qty >= 0),
  unit     TEXT NOT NULL,
  expires_on TEXT,                      -- YYYY-MM-DD, NULL = does not expire
  PRIMARY KEY (depot_id, item, batch)
);
-- Human incident numbers: per-year counter (projection of incident.created).
CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
