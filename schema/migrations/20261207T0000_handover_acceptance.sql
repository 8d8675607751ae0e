-- Handover with open items, signed by the incoming shift (issue 20 "duty at every level"): the
-- outgoing shift lists what is still open; the next shift's officer or leader accepts it.
ALTER TABLE shifts ADD COLUMN open_items TEXT NOT NULL DEFAULT '[]';  -- JSON array of strings
ALTER TABLE shifts ADD COLUMN accepted_by TEXT;                       -- user id of who signed
ALTER TABLE shifts ADD COLUMN accepted_at INTEGER;
ALTER TABLE shifts ADD COLUMN accept_note TEXT NOT NULL DEFAULT '';
