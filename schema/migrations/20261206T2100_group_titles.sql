-- A group is shown to people by its title (石塘镇防汛组), never by its name (flood-P0001), which is
-- the address programs use (group:NAME).
ALTER TABLE groups ADD COLUMN title_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE groups ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
