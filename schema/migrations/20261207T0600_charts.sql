-- The order chart (stats.charts, schema/charts.md) reads the orders of a window of hours: by kind
-- and time, not a scan of every message the bus ever carried (positions, notices, reports).
CREATE INDEX messages_kind_created ON messages(kind, created_at);
