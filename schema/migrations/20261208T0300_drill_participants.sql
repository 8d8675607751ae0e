-- Who plays in a drill (schema/drills.md "Participants"), in the drill's realm: units (the centre
-- that runs it, a township desk, a department) and teams (with their handhelds) that joined. The
-- drill's messages reach only them.
CREATE TABLE drill_participants (
  unit_id    TEXT PRIMARY KEY,  -- a unit or a team (a team is a unit)
  joined_at  INTEGER NOT NULL,
  joined_by  TEXT NOT NULL
);
