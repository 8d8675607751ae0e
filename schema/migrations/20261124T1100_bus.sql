-- The bus: accepted messages, one delivery record per recipient, link health per (owner, channel),
-- and named groups of addresses.
CREATE TABLE messages (
  id             TEXT PRIMARY KEY,          -- envelope id (UUIDv7): the de-duplication key
  sender         TEXT NOT NULL,             -- address
  to_addr        TEXT NOT NULL,             -- JSON array of addresses as sent
  kind           TEXT NOT NULL,
  precedence     INTEGER NOT NULL,          -- 0 flash, 1 immediate, 2 priority, 3 routine
  created_at     INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,
  ack            TEXT NOT NULL,             -- none | device | human
  correlation_id TEXT NOT NULL DEFAULT '',
  envelope       TEXT NOT NULL              -- the whole envelope, JSON
);
CREATE INDEX messages_correlation ON messages(correlation_id);
CREATE TABLE deliveries (
  message_id   TEXT NOT NULL,
  recipient    TEXT NOT NULL,               -- team:ID | user:ID
  state        TEXT NOT NULL,               -- queued sent delivered read failed expired
  channel      TEXT NOT NULL DEFAULT '',
  address      TEXT NOT NULL DEFAULT '',
  attempt      INTEGER NOT NULL DEFAULT 0,
  queued_at    INTEGER NOT NULL,
  sent_at      INTEGER,
  delivered_at INTEGER,
  read_at      INTEGER,
  failed_at    INTEGER,
  expired_at   INTEGER,
  reason       TEXT NOT NULL DEFAULT '',
  answer       TEXT NOT NULL DEFAULT '',
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (message_id, recipient)
);
CREATE INDEX deliveries_open ON deliveries(state, recipient);
CREATE TABLE link_health (
  owner      TEXT NOT NULL,                 -- team:ID | user:ID | gateway:CHANNEL
  channel    TEXT NOT NULL,
  health     TEXT NOT NULL,                 -- up | down | unknown
  last_heard INTEGER,
  reason     TEXT NOT NULL DEFAULT '',
  changed_at INTEGER NOT NULL,
  PRIMARY KEY (owner, channel)
);
CREATE TABLE groups (
  name    TEXT PRIMARY KEY,
  members TEXT NOT NULL                     -- JSON array of addresses
);
