-- Members' comms tests (通信考核, seed-digest §8 "team members who fail the comms test may not
-- join rescues"): the latest result of each member, and on each task the members the order tells
-- the team to keep back from it.
ALTER TABLE members ADD COLUMN comms_test TEXT;                     -- NULL never tested | passed | failed
ALTER TABLE members ADD COLUMN comms_tested_on TEXT;                -- YYYY-MM-DD, China Standard Time
ALTER TABLE members ADD COLUMN comms_test_note TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN held_back TEXT NOT NULL DEFAULT '[]';  -- JSON [{member_id, name}]
