-- ZeroMQ peers enrolled by the admin (schema/gateway-protocol.md, "Enrolment"): gateway processes
-- bound to one channel and partner systems bound to one department, each with its CURVE public key.
-- Projection of peer.enrolled / peer.revoked; the ZAP handler accepts only rows not revoked.

CREATE TABLE peers (
  id          TEXT PRIMARY KEY,           -- UUIDv7; the ZAP User-Id of its connections
  name        TEXT NOT NULL,              -- the audit actor is gateway:<name> or partner:<name>
  kind        TEXT NOT NULL,              -- gateway | partner
  channel     TEXT,                       -- gateways: pdt | beidou | iridium | tiantong | sms
  unit_id     TEXT,                       -- partners: the department unit they act for
  public_key  TEXT NOT NULL UNIQUE,       -- Z85; a revoked key can never be enrolled again
  enrolled_at INTEGER NOT NULL,
  enrolled_by TEXT NOT NULL,
  revoked_at  INTEGER,
  revoked_by  TEXT,
  reason      TEXT
);
-- One live peer per name: a name is free again once its peer is revoked (key rotation).
CREATE UNIQUE INDEX peers_live_name ON peers(name) WHERE revoked_at IS NULL;
