-- The channel each delivery's last receipt came over (bus.md §2): an order sent over IP may be
-- acknowledged over the radio after IP faded, and the record must say so. '' = no receipt yet.
ALTER TABLE deliveries ADD COLUMN receipt_channel TEXT NOT NULL DEFAULT '';
