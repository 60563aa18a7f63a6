-- amparo's additions, kept HSDS-valid: provenance on every record, the attribute label of HSDS 3.1,
-- translations of free text, the audit log, and the clean-up of a deleted record's attributes and
-- translations (their link is by table name and id, which a foreign key cannot express).

-- Provenance: the dataset a record comes from and its date. HSDS has assured_date on service only;
-- amparo keeps it on organizations and locations too.
ALTER TABLE organization ADD COLUMN source_dataset TEXT;
ALTER TABLE organization ADD COLUMN source_date TEXT;
ALTER TABLE organization ADD COLUMN assured_date TEXT;
ALTER TABLE service ADD COLUMN source_dataset TEXT;
ALTER TABLE service ADD COLUMN source_date TEXT;
ALTER TABLE location ADD COLUMN source_dataset TEXT;
ALTER TABLE location ADD COLUMN source_date TEXT;
ALTER TABLE location ADD COLUMN assured_date TEXT;

ALTER TABLE attribute ADD COLUMN label TEXT;

-- Detention facilities are found by their ICE facility code.
CREATE INDEX location_external_identifier ON location (external_identifier_type, external_identifier);

CREATE TABLE translation (
  record_table TEXT NOT NULL CHECK (record_table IN ('organization', 'service', 'location', 'address',
    'service_at_location', 'phone', 'language', 'service_area', 'taxonomy', 'taxonomy_term', 'attribute',
    'schedule')),
  record_id TEXT NOT NULL,
  field TEXT NOT NULL,
  language TEXT NOT NULL,
  text TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'unreviewed' CHECK (status IN ('human', 'machine', 'unreviewed')),
  PRIMARY KEY (record_table, record_id, field, language)
) WITHOUT ROWID;

-- One row per applied change set. at is UTC "YYYY-MM-DDTHH:MM:SSZ"; actor is never an IP address.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT
);

CREATE TRIGGER organization_delete_side_rows AFTER DELETE ON organization BEGIN
  DELETE FROM attribute WHERE link_entity = 'organization' AND link_id = OLD.id;
  DELETE FROM translation WHERE record_table = 'organization' AND record_id = OLD.id;
END;

CREATE TRIGGER service_delete_side_rows AFTER DELETE ON service BEGIN
  DELETE FROM attribute WHERE link_entity = 'service' AND link_id = OLD.id;
  DELETE FROM translation WHERE record_table = 'service' AND record_id = OLD.id;
END;

CREATE TRIGGER location_delete_side_rows AFTER DELETE ON location BEGIN
  DELETE FROM attribute WHERE link_entity = 'location' AND link_id = OLD.id;
  DELETE FROM translation WHERE record_table = 'location' AND record_id = OLD.id;
END;

CREATE TRIGGER address_delete_side_rows AFTER DELETE ON address BEGIN
  DELETE FROM attribute WHERE link_entity = 'address' AND link_id = OLD.id;
  DELETE FROM translation WHERE record_table = 'address' AND record_id = OLD.id;
END;

CREATE TRIGGER service_at_location_delete_side_rows AFTER DELETE ON service_at_location BEGIN
  DELETE FROM attribute WHERE link_entity = 'service_at_location' AND link_id = OLD.id;
  DELETE FROM translation WHERE record_table = 'service_at_location' AND record_id = OLD.id;
END;

CREATE TRIGGER phone_delete_side_rows AFTER DELETE ON phone BEGIN
  DELETE FROM attribute WHERE link_entity = 'phone' AND link_id = OLD.id;
  DELETE FROM translation WHERE record_table = 'phone' AND record_id = OLD.id;
END;

CREATE TRIGGER language_delete_side_rows AFTER DELETE ON language BEGIN
  DELETE FROM attribute WHERE link_entity = 'language' AND link_id = OLD.id;
  DELETE FROM translation WHERE record_table = 'language' AND record_id = OLD.id;
END;

CREATE TRIGGER service_area_delete_side_rows AFTER DELETE ON service_area BEGIN
  DELETE FROM attribute WHERE link_entity = 'service_area' AND link_id = OLD.id;
  DELETE FROM translation WHERE record_table = 'service_area' AND record_id = OLD.id;
END;

CREATE TRIGGER taxonomy_delete_side_rows AFTER DELETE ON taxonomy BEGIN
  DELETE FROM attribute WHERE link_entity = 'taxonomy' AND link_id = OLD.id;
  DELETE FROM translation WHERE record_table = 'taxonomy' AND record_id = OLD.id;
END;

CREATE TRIGGER taxonomy_term_delete_side_rows AFTER DELETE ON taxonomy_term BEGIN
  DELETE FROM attribute WHERE link_entity = 'taxonomy_term' AND link_id = OLD.id;
  DELETE FROM translation WHERE record_table = 'taxonomy_term' AND record_id = OLD.id;
END;

CREATE TRIGGER schedule_delete_side_rows AFTER DELETE ON schedule BEGIN
  DELETE FROM attribute WHERE link_entity = 'schedule' AND link_id = OLD.id;
  DELETE FROM translation WHERE record_table = 'schedule' AND record_id = OLD.id;
END;

CREATE TRIGGER attribute_delete_side_rows AFTER DELETE ON attribute BEGIN
  DELETE FROM translation WHERE record_table = 'attribute' AND record_id = OLD.id;
END;
