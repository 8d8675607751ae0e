-- Monitoring points (监测点, schema/supplies.md "Monitoring points"): each geohazard point with its
-- monitor and each forest-fire checkpoint with its attendant, who receive warnings and report on a
-- handheld terminal (seed-digest §8: 328 geohazard points, 112 checkpoints, one handheld each).
CREATE TABLE monitor_points (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,                 -- geohazard | fire_checkpoint
  unit_id     TEXT NOT NULL,                 -- the township or village it lies in
  name        TEXT NOT NULL,
  lat         REAL,
  lon         REAL,
  monitor     TEXT NOT NULL,                 -- who watches it (监测员 / 卡口值守员)
  created_at  INTEGER NOT NULL
);
CREATE INDEX monitor_points_unit ON monitor_points(unit_id);
ALTER TABLE devices ADD COLUMN point_id TEXT;  -- a handheld issued to a point's monitor
