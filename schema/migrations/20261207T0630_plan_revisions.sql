-- The revisions of the city's emergency plans (schema/plans.md): a plan is revised after a drill
-- (drill_entry_id, the drill register's entry) and reviewed once a year (seed-digest §9).
CREATE TABLE plan_revisions (
  id             TEXT PRIMARY KEY,
  plan_id        TEXT NOT NULL,            -- schema/plans.toml
  summary        TEXT NOT NULL,
  drill_entry_id TEXT NOT NULL DEFAULT '', -- the drill that led to it, or ''
  revised_by     TEXT NOT NULL,
  revised_at     INTEGER NOT NULL
);
CREATE INDEX plan_revisions_plan ON plan_revisions(plan_id, revised_at);
