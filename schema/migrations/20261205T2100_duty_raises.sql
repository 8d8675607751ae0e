-- The duty level is the highest of the raises in force, each held by what asked for it (a warning,
-- an incident) and released when that ends: a cancelled or expired warning, a closed incident.
CREATE TABLE duty_raises (
  subject     TEXT NOT NULL,              -- the warning or incident the rule fired on
  rule        TEXT NOT NULL,
  title_zh    TEXT NOT NULL DEFAULT '',    -- the rule's title, for the duty screen
  title_en    TEXT NOT NULL DEFAULT '',
  matched     TEXT NOT NULL,
  readiness_percent INTEGER NOT NULL,
  leader_24h  INTEGER NOT NULL,
  raised_at   INTEGER NOT NULL,
  released_at INTEGER,                    -- NULL while in force
  release_reason TEXT,
  PRIMARY KEY (subject, rule)
);
CREATE INDEX duty_raises_active ON duty_raises(released_at, subject);
INSERT INTO duty_raises(subject, rule, matched, readiness_percent, leader_24h, raised_at)
  SELECT subject, rule, matched, readiness_percent, leader_24h, raised_at FROM duty_level WHERE id = 'current';
