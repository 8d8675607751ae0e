-- An overdue deadline is an alarm on every desk that sees it (deadlines.md "Alarms"): someone
-- acknowledges it (who, when, at which escalation level; a later escalation alarms again) or
-- silences it for a while. Neither stops the escalation: the statutory chain goes on.
ALTER TABLE deadlines ADD COLUMN acknowledged_by TEXT;          -- user:<id>
ALTER TABLE deadlines ADD COLUMN acknowledged_by_name TEXT;     -- display name, as it was then
ALTER TABLE deadlines ADD COLUMN acknowledged_at INTEGER;
ALTER TABLE deadlines ADD COLUMN acknowledged_level INTEGER NOT NULL DEFAULT -1;  -- -1 = never
ALTER TABLE deadlines ADD COLUMN silenced_until INTEGER;
ALTER TABLE deadlines ADD COLUMN silenced_by_name TEXT;

-- 待我审批 (rules.md "Approvals"): a pending level proposal is listed with its rule's title.
ALTER TABLE level_proposals ADD COLUMN title_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE level_proposals ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
