-- Open Referral HSDS 3.0 core tables, with HSDS column names (scalar fields only; HSDS's nested arrays are
-- the child tables). Foreign keys point from child to parent. Records a parent owns go with it
-- (ON DELETE CASCADE); vocabulary in use (taxonomies, terms) cannot be deleted (NO ACTION).
-- Empty text is stored as NULL: NOT NULL marks the fields a record cannot do without.

CREATE TABLE organization (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  alternate_name TEXT,
  description TEXT,
  email TEXT,
  website TEXT,
  tax_status TEXT,
  tax_id TEXT,
  year_incorporated NUMERIC,
  legal_status TEXT,
  logo TEXT,
  uri TEXT,
  parent_organization_id TEXT REFERENCES organization (id) ON DELETE SET NULL
);
CREATE INDEX organization_parent_organization_id ON organization (parent_organization_id);

CREATE TABLE service (
  id TEXT PRIMARY KEY NOT NULL,
  organization_id TEXT REFERENCES organization (id) ON DELETE CASCADE,
  program_id TEXT,
  name TEXT NOT NULL,
  alternate_name TEXT,
  description TEXT,
  url TEXT,
  email TEXT,
  status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
  interpretation_services TEXT,
  application_process TEXT,
  fees_description TEXT,
  wait_time TEXT,
  fees TEXT,
  accreditations TEXT,
  eligibility_description TEXT,
  minimum_age NUMERIC,
  maximum_age NUMERIC,
  assured_date TEXT,
  assurer_email TEXT,
  licenses TEXT,
  alert TEXT,
  last_modified TEXT
);
CREATE INDEX service_organization_id ON service (organization_id);

CREATE TABLE location (
  id TEXT PRIMARY KEY NOT NULL,
  location_type TEXT NOT NULL DEFAULT 'physical'
    CHECK (location_type IN ('physical', 'postal', 'virtual')),
  url TEXT,
  organization_id TEXT REFERENCES organization (id) ON DELETE CASCADE,
  name TEXT,
  alternate_name TEXT,
  description TEXT,
  transportation TEXT,
  latitude REAL CHECK (latitude BETWEEN -90 AND 90),
  longitude REAL CHECK (longitude BETWEEN -180 AND 180),
  external_identifier TEXT,
  external_identifier_type TEXT
);
CREATE INDEX location_organization_id ON location (organization_id);

CREATE TABLE address (
  id TEXT PRIMARY KEY NOT NULL,
  location_id TEXT REFERENCES location (id) ON DELETE CASCADE,
  attention TEXT,
  address_1 TEXT,
  address_2 TEXT,
  city TEXT,
  region TEXT,
  state_province TEXT,
  postal_code TEXT,
  country TEXT,
  address_type TEXT NOT NULL DEFAULT 'physical'
    CHECK (address_type IN ('physical', 'postal', 'virtual'))
);
CREATE INDEX address_location_id ON address (location_id);

CREATE TABLE service_at_location (
  id TEXT PRIMARY KEY NOT NULL,
  service_id TEXT REFERENCES service (id) ON DELETE CASCADE,
  location_id TEXT REFERENCES location (id) ON DELETE CASCADE,
  description TEXT
);
CREATE INDEX service_at_location_service_id ON service_at_location (service_id);
CREATE INDEX service_at_location_location_id ON service_at_location (location_id);

-- HSDS has no contact table in amparo, so contact_id is kept without a foreign key.
-- extension is text: it is dialled, not computed with.
CREATE TABLE phone (
  id TEXT PRIMARY KEY NOT NULL,
  location_id TEXT REFERENCES location (id) ON DELETE CASCADE,
  service_id TEXT REFERENCES service (id) ON DELETE CASCADE,
  organization_id TEXT REFERENCES organization (id) ON DELETE CASCADE,
  contact_id TEXT,
  service_at_location_id TEXT REFERENCES service_at_location (id) ON DELETE CASCADE,
  number TEXT NOT NULL,
  extension TEXT,
  type TEXT CHECK (type IN ('text', 'voice', 'fax', 'cell', 'video', 'pager', 'textphone')),
  description TEXT
);
CREATE INDEX phone_location_id ON phone (location_id);
CREATE INDEX phone_service_id ON phone (service_id);
CREATE INDEX phone_organization_id ON phone (organization_id);
CREATE INDEX phone_service_at_location_id ON phone (service_at_location_id);

CREATE TABLE language (
  id TEXT PRIMARY KEY NOT NULL,
  service_id TEXT REFERENCES service (id) ON DELETE CASCADE,
  location_id TEXT REFERENCES location (id) ON DELETE CASCADE,
  phone_id TEXT REFERENCES phone (id) ON DELETE CASCADE,
  name TEXT,
  code TEXT,
  note TEXT
);
CREATE INDEX language_service_id ON language (service_id);
CREATE INDEX language_location_id ON language (location_id);
CREATE INDEX language_phone_id ON language (phone_id);

CREATE TABLE service_area (
  id TEXT PRIMARY KEY NOT NULL,
  service_id TEXT REFERENCES service (id) ON DELETE CASCADE,
  name TEXT,
  description TEXT,
  extent TEXT,
  extent_type TEXT,
  uri TEXT
);
CREATE INDEX service_area_service_id ON service_area (service_id);

CREATE TABLE taxonomy (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  uri TEXT,
  version TEXT
);

-- HSDS calls code unique; amparo holds several taxonomies, so it is unique within one.
CREATE TABLE taxonomy_term (
  id TEXT PRIMARY KEY NOT NULL,
  code TEXT,
  name TEXT NOT NULL,
  description TEXT,
  parent_id TEXT REFERENCES taxonomy_term (id),
  taxonomy TEXT,
  language TEXT,
  taxonomy_id TEXT REFERENCES taxonomy (id),
  term_uri TEXT,
  UNIQUE (taxonomy_id, code)
);
CREATE INDEX taxonomy_term_parent_id ON taxonomy_term (parent_id);
CREATE INDEX taxonomy_term_taxonomy_id ON taxonomy_term (taxonomy_id);

-- link_id names a row of the table link_entity names, so it cannot be a foreign key; 0002 adds triggers
-- that remove a record's attributes with the record.
CREATE TABLE attribute (
  id TEXT PRIMARY KEY NOT NULL,
  link_id TEXT NOT NULL,
  taxonomy_term_id TEXT NOT NULL REFERENCES taxonomy_term (id),
  link_type TEXT,
  link_entity TEXT NOT NULL,
  value TEXT
);
CREATE INDEX attribute_taxonomy_term_id ON attribute (taxonomy_term_id);
CREATE INDEX attribute_link ON attribute (link_entity, link_id);

CREATE TABLE schedule (
  id TEXT PRIMARY KEY NOT NULL,
  service_id TEXT REFERENCES service (id) ON DELETE CASCADE,
  location_id TEXT REFERENCES location (id) ON DELETE CASCADE,
  service_at_location_id TEXT REFERENCES service_at_location (id) ON DELETE CASCADE,
  valid_from TEXT,
  valid_to TEXT,
  dtstart TEXT,
  timezone NUMERIC,
  until TEXT,
  count INTEGER,
  wkst TEXT CHECK (wkst IN ('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU')),
  freq TEXT CHECK (freq IN ('WEEKLY', 'MONTHLY')),
  interval INTEGER,
  byday TEXT,
  byweekno TEXT,
  bymonthday TEXT,
  byyearday TEXT,
  description TEXT,
  opens_at TEXT,
  closes_at TEXT,
  schedule_link TEXT,
  attending_type TEXT,
  notes TEXT
);
CREATE INDEX schedule_service_id ON schedule (service_id);
CREATE INDEX schedule_location_id ON schedule (location_id);
CREATE INDEX schedule_service_at_location_id ON schedule (service_at_location_id);
