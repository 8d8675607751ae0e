-- Hazard governance (seed-digest §4): why a hazard is under listed supervision (a major hazard, or
-- one whose rectification went overdue) and since when.
ALTER TABLE hazards ADD COLUMN listed_reason TEXT;   -- major | overdue; NULL when not listed
ALTER TABLE hazards ADD COLUMN listed_at INTEGER;
UPDATE hazards SET listed_reason = 'major', listed_at = updated_at WHERE listed = 1;
