-- Daily, weekly and monthly reports (日报告、周汇总、月总结) township -> county -> city, zero reports
-- included (schema/reports.md). Projections of report.* events.

CREATE TABLE report_periods (             -- periods whose report deadlines the schedule has opened
  period       TEXT NOT NULL,             -- daily | weekly | monthly
  period_start TEXT NOT NULL,             -- YYYY-MM-DD, China Standard Time
  opened_at    INTEGER NOT NULL,
  units        TEXT NOT NULL,             -- JSON array of the units asked to report
  PRIMARY KEY (period, period_start)
);

CREATE TABLE reports (
  id           TEXT PRIMARY KEY,          -- <unit>/<period>/<period_start>: one report per unit and period
  unit_id      TEXT NOT NULL,
  period       TEXT NOT NULL,
  period_start TEXT NOT NULL,
  zero         INTEGER NOT NULL,          -- 1: nothing to report (零报告)
  figures      TEXT NOT NULL,             -- JSON {name: count}: own figures plus the children's for roll-ups
  own_figures  TEXT NOT NULL,             -- JSON {name: count} the unit itself reported
  children     TEXT,                      -- roll-ups: JSON {submitted[], zero[], missing[]} at submission
  text         TEXT NOT NULL DEFAULT '',
  client_key   TEXT UNIQUE,
  submitted_by TEXT NOT NULL,
  submitted_at INTEGER NOT NULL
);
CREATE INDEX reports_period ON reports(period, period_start);
