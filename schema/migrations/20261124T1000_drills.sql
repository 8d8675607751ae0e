-- Drills (演练): each running drill is its own realm with its own database file; the live realm
-- keeps the register of drills so a restart reopens them.
CREATE TABLE drills (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  scripted   INTEGER NOT NULL DEFAULT 0,
  started_at INTEGER NOT NULL,
  started_by TEXT NOT NULL,
  ended_at   INTEGER
);
