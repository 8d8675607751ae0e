-- A drill's own link cuts (schema/drills.md "link_cut"): in a drill's realm, the links its
-- comms-outage injects took down for its own messages. Live's link health is never touched: the
-- same team keeps its real links for live traffic while the drill plays the outage.
CREATE TABLE drill_link_cuts (
  inject_id   TEXT NOT NULL,     -- the link_cut inject that cut it
  owner       TEXT NOT NULL,     -- team:<id>
  channel     TEXT NOT NULL,     -- ip | pdt | beidou | iridium | tiantong | sms
  cut_at      INTEGER NOT NULL,
  restored_at INTEGER,           -- by a link_restore inject; NULL while cut
  restored_by TEXT,              -- that inject's id
  PRIMARY KEY (inject_id, owner, channel)
);
CREATE INDEX drill_link_cuts_open ON drill_link_cuts(owner, channel) WHERE restored_at IS NULL;
