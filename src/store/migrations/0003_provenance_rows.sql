-- Provenance down to the row: where in its source a record was found ("row 12", "rows 12-13",
-- "page 4"), so that an editor can check a record against the very line it came from. Phones get the
-- whole provenance: a phone number must trace back to its source row. Existing rows keep NULL (not
-- known).
ALTER TABLE organization ADD COLUMN source_row TEXT;
ALTER TABLE service ADD COLUMN source_row TEXT;
ALTER TABLE location ADD COLUMN source_row TEXT;
ALTER TABLE phone ADD COLUMN source_dataset TEXT;
ALTER TABLE phone ADD COLUMN source_date TEXT;
ALTER TABLE phone ADD COLUMN assured_date TEXT;
ALTER TABLE phone ADD COLUMN source_row TEXT;
