-- Warnings received as CAP 1.2 (schema/cap.md), the response levels the rules propose and who
-- approved them, what each rule did, and the duty level (schema/rules.md). All projections of events.

CREATE TABLE warnings (
  id          TEXT PRIMARY KEY,           -- Lifeline warning id (UUIDv7)
  status      TEXT NOT NULL,              -- active | cancelled
  cap_identifier TEXT NOT NULL,           -- the latest CAP message of this warning
  cap_sender  TEXT NOT NULL,
  cap_sent    INTEGER NOT NULL,
  cap_status  TEXT NOT NULL,              -- Actual, Exercise, System, Test, Draft
  cap_scope   TEXT NOT NULL,              -- Public, Restricted, Private
  msg_type    TEXT NOT NULL,              -- Alert, Update, Cancel (of the latest message)
  department  TEXT NOT NULL,
  type        TEXT NOT NULL,              -- incident type key
  colour      TEXT NOT NULL,              -- red, orange, yellow, blue, or ''
  headline_zh TEXT NOT NULL DEFAULT '',
  headline_en TEXT NOT NULL DEFAULT '',
  areas       TEXT NOT NULL,              -- JSON [areaDesc]
  townships   TEXT NOT NULL,              -- JSON [{township_id, how}]
  onset       INTEGER,
  expires     INTEGER,
  proposed_level INTEGER,                 -- the latest level a rule proposed for it (1..4)
  response_level INTEGER,                 -- approved (or set by a rule)
  response_approved_by TEXT,
  issued_at   INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  cancelled_at INTEGER
);
CREATE INDEX warnings_status ON warnings(status, updated_at);

-- Every CAP message received, by (sender, identifier): a second import of the same one is a no-op.
CREATE TABLE cap_messages (
  sender      TEXT NOT NULL,
  identifier  TEXT NOT NULL,
  sent        INTEGER NOT NULL,
  msg_type    TEXT NOT NULL,
  warning_id  TEXT NOT NULL,
  xml         TEXT NOT NULL,              -- the original document, as received
  received_at INTEGER NOT NULL,
  received_by TEXT NOT NULL,
  PRIMARY KEY (sender, identifier)
);
CREATE INDEX cap_messages_warning ON cap_messages(warning_id, received_at);

-- Response levels proposed by a rule (propose_level) for an incident or a warning.
CREATE TABLE level_proposals (
  id          TEXT PRIMARY KEY,
  subject_kind TEXT NOT NULL,             -- incident | warning
  subject     TEXT NOT NULL,
  level       INTEGER NOT NULL,           -- 1 (I) .. 4 (IV)
  approver    TEXT NOT NULL,              -- role that must approve
  rule        TEXT NOT NULL,
  matched     TEXT NOT NULL,
  status      TEXT NOT NULL,              -- pending | approved
  proposed_at INTEGER NOT NULL,
  approved_by TEXT,
  approved_at INTEGER
);
CREATE INDEX level_proposals_subject ON level_proposals(subject, status);

-- What each rule did, in order (the warning view; incidents also get a timeline row).
CREATE TABLE rule_firings (
  seq         INTEGER PRIMARY KEY,        -- event seq
  at          INTEGER NOT NULL,
  subject_kind TEXT NOT NULL,             -- warning | incident | deadline | time
  subject     TEXT NOT NULL,
  rule        TEXT NOT NULL,
  action      TEXT NOT NULL,
  matched     TEXT NOT NULL,
  detail      TEXT NOT NULL               -- JSON: Action::to_json()
);
CREATE INDEX rule_firings_subject ON rule_firings(subject, seq);

-- The duty level in force (one row): raised by rules (raise_duty_level).
CREATE TABLE duty_level (
  id          TEXT PRIMARY KEY,           -- 'current'
  readiness_percent INTEGER NOT NULL,
  leader_24h  INTEGER NOT NULL,
  rule        TEXT NOT NULL,
  matched     TEXT NOT NULL,
  subject     TEXT NOT NULL,
  raised_at   INTEGER NOT NULL
);

-- Hazardous chemicals involved: a fact the rules read (incident.create / incident.update `hazmat`).
ALTER TABLE incidents ADD COLUMN hazmat INTEGER NOT NULL DEFAULT 0;
