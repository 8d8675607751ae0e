-- Each handheld's own fix (schema/protocol.md "team.report_position"): a team is fed by several
-- devices, often hundreds of metres apart, and each one's last fix and its age are shown; the team's
-- own position (teams.lat/lon) stays the newest of them. `device` is who reported it: the handheld's
-- user, or the terminal (channel:address) a thin-link position came from.
CREATE TABLE team_device_positions (
  team_id     TEXT NOT NULL,
  device      TEXT NOT NULL,
  device_name TEXT NOT NULL DEFAULT '',
  lat         REAL NOT NULL,
  lon         REAL NOT NULL,
  fix_at      INTEGER NOT NULL,
  PRIMARY KEY (team_id, device)
);
-- The breadcrumbs: every fix of the last 24 hours (older ones are pruned as new ones arrive).
CREATE TABLE team_track (
  team_id TEXT NOT NULL,
  device  TEXT NOT NULL,
  lat     REAL NOT NULL,
  lon     REAL NOT NULL,
  fix_at  INTEGER NOT NULL
);
CREATE INDEX team_track_fix ON team_track(team_id, device, fix_at);
