-- Joint consultations (会商) with partner departments: participants and attendance, minutes, and
-- decisions tracked to done as items with an owner and a deadline (schema/consultations.md).
-- All are projections of consultation.* events.

CREATE TABLE consultations (
  id           TEXT PRIMARY KEY,
  subject      TEXT NOT NULL,             -- the warning or incident the meeting is about
  subject_kind TEXT NOT NULL,             -- warning | incident
  title        TEXT NOT NULL,
  status       TEXT NOT NULL,             -- scheduled | held | closed
  scheduled_at INTEGER NOT NULL,
  held_at      INTEGER,
  closed_at    INTEGER,
  summary      TEXT NOT NULL DEFAULT '',
  client_key   TEXT UNIQUE,               -- idempotency key of the opening request
  opened_by    TEXT NOT NULL,
  created_at   INTEGER NOT NULL
);
CREATE INDEX consultations_subject ON consultations(subject);

CREATE TABLE consultation_participants (  -- one row per invited department
  consultation_id TEXT NOT NULL,
  department_id   TEXT NOT NULL,          -- a unit of kind department; its bus address is dept:<id>
  attendance      TEXT NOT NULL,          -- invited | present | absent
  user_id         TEXT,                   -- who joined for the department
  joined_at       INTEGER,
  PRIMARY KEY (consultation_id, department_id)
);
CREATE INDEX consultation_participants_dept ON consultation_participants(department_id);

CREATE TABLE consultation_minutes (
  consultation_id TEXT NOT NULL,
  seq             INTEGER NOT NULL,       -- event seq: minutes keep their order
  text            TEXT NOT NULL,
  author          TEXT NOT NULL,
  at              INTEGER NOT NULL,
  PRIMARY KEY (consultation_id, seq)
);

CREATE TABLE consultation_decisions (     -- 会商纪要 tasks: owner, deadline, status tracked to done
  id              TEXT PRIMARY KEY,
  consultation_id TEXT NOT NULL,
  text            TEXT NOT NULL,
  owner           TEXT NOT NULL,          -- bus address: team:ID | dept:ID | user:ID
  due_at          INTEGER NOT NULL,
  status          TEXT NOT NULL,          -- open | accepted | in_progress | done
  note            TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  done_at         INTEGER
);
CREATE INDEX consultation_decisions_consultation ON consultation_decisions(consultation_id);
