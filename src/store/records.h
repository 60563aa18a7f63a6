// The directory's records as amparo stores them: Open Referral HSDS 3.0 core objects plus amparo's
// additions (provenance on every record, detention speed-dial codes, facilities served,
// translations, audit). Plain values; ids are strings (HSDS uses UUIDs; bundled data uses stable
// derived ids).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace amparo::store {

// Where a record comes from and when it was last checked. Dates are ISO "YYYY-MM-DD" or empty.
struct Provenance {
  std::string
      dataset;  // e.g. "eoir/pro-bono-representation-2026-09-10.json" or a named public source
  std::string source_date;   // the date of that source
  std::string assured_date;  // last verified by a person or a fresh source (HSDS assured_date)
  // Where in that source: "row 12", "rows 12-13", "page 4"; empty when not known. Defaulted so that
  // a Provenance spelled with its first three fields stays complete.
  std::string source_row = {};

  bool operator==(const Provenance&) const = default;
};

struct Organization {
  std::string id;
  std::string name;
  std::string alternate_name;
  std::string description;
  std::string email;
  std::string website;
  Provenance provenance;

  bool operator==(const Organization&) const = default;
};

struct Service {
  std::string id;
  std::string organization_id;
  std::string name;
  std::string description;
  std::string url;
  std::string email;
  std::string status = "active";  // HSDS: active | inactive | defunct | temporarily closed
  Provenance provenance;

  bool operator==(const Service&) const = default;
};

// HSDS location_type: physical | postal | virtual. Detention facilities are physical locations
// whose external_identifier is the ICE facility code (external_identifier_type
// "ice_facility_code").
struct Location {
  std::string id;
  std::string organization_id;  // empty for locations no organization owns (detention facilities)
  std::string location_type = "physical";
  std::string name;
  std::string description;
  std::string external_identifier;
  std::string external_identifier_type;
  std::optional<double> latitude;
  std::optional<double> longitude;
  Provenance provenance;

  bool operator==(const Location&) const = default;
};

struct Address {
  std::string id;
  std::string location_id;
  std::string attention;
  std::string address_1;
  std::string address_2;
  std::string city;
  std::string region;
  std::string state_province;
  std::string postal_code;
  std::string country;  // ISO 3166-1 alpha-2
  std::string address_type = "physical";

  bool operator==(const Address&) const = default;
};

struct ServiceAtLocation {
  std::string id;
  std::string service_id;
  std::string location_id;

  bool operator==(const ServiceAtLocation&) const = default;
};

struct Phone {
  std::string id;
  std::string organization_id;  // at most one of these three is usually set
  std::string service_id;
  std::string location_id;
  std::string number;
  std::string extension;
  std::string type = "voice";  // HSDS: text | voice | fax | cell | video | pager | textphone
  std::string description;
  Provenance provenance;  // a phone number must trace back to its source row

  bool operator==(const Phone&) const = default;
};

struct Language {
  std::string id;
  std::string service_id;
  std::string location_id;
  std::string phone_id;
  std::string name;
  std::string code;  // BCP 47

  bool operator==(const Language&) const = default;
};

// A place or institution a service covers. Facilities and immigration courts served name themselves
// in `uri` ("urn:ice-facility:ELOYDCA", "urn:eoir-court:Eloy").
struct ServiceArea {
  std::string id;
  std::string service_id;
  std::string name;
  std::string description;
  std::string uri;

  bool operator==(const ServiceArea&) const = default;
};

struct Taxonomy {
  std::string id;
  std::string name;
  std::string description;
  std::string uri;
  std::string version;

  bool operator==(const Taxonomy&) const = default;
};

struct TaxonomyTerm {
  std::string id;
  std::string code;
  std::string name;
  std::string description;
  std::string parent_id;
  std::string taxonomy_id;
  std::string language;

  bool operator==(const TaxonomyTerm&) const = default;
};

// HSDS attribute: links a taxonomy term (and a value) to any record. The free-call code from
// detention phones is an attribute on a phone with the term "detention-speed-dial" and value e.g.
// "9116#".
struct Attribute {
  std::string id;
  std::string link_id;
  std::string link_type;    // what the link means; HSDS leaves it free
  std::string link_entity;  // the linked table: "phone", "service", "organization", ...
  std::string taxonomy_term_id;
  std::string value;
  std::string label;

  bool operator==(const Attribute&) const = default;
};

// A translation of one free-text field of one record (HSDS has none).
struct Translation {
  std::string record_table;  // "organization", "service", ...
  std::string record_id;
  std::string field;     // "name", "description", ...
  std::string language;  // amparo language code: "es", "prs", ...
  std::string text;
  std::string status = "unreviewed";  // human | machine | unreviewed

  bool operator==(const Translation&) const = default;
};

// Everything in the directory, or a set of records to insert-or-replace.
struct Records {
  std::vector<Organization> organizations;
  std::vector<Service> services;
  std::vector<Location> locations;
  std::vector<Address> addresses;
  std::vector<ServiceAtLocation> service_at_locations;
  std::vector<Phone> phones;
  std::vector<Language> languages;
  std::vector<ServiceArea> service_areas;
  std::vector<Taxonomy> taxonomies;
  std::vector<TaxonomyTerm> taxonomy_terms;
  std::vector<Attribute> attributes;
  std::vector<Translation> translations;

  bool operator==(const Records&) const = default;
};

// A reference to one record, for deletion.
struct RecordRef {
  std::string table;  // one of the HSDS table names above
  std::string id;

  bool operator==(const RecordRef&) const = default;
};

struct ChangeSet {
  Records upserts;                 // inserted, or replacing the record with the same id
  std::vector<RecordRef> deletes;  // applied before the upserts

  bool operator==(const ChangeSet&) const = default;
};

// Who did what; one row per applied change set.
struct AuditEntry {
  std::string actor;   // "import", "setup", an editor's account name; never an IP address
  std::string action;  // "import", "edit", "delete", ...
  std::string detail;  // free text, e.g. the file imported

  bool operator==(const AuditEntry&) const = default;
};

struct AuditRecord {
  std::int64_t id = 0;
  std::string at;  // UTC, "YYYY-MM-DDTHH:MM:SSZ"
  AuditEntry entry;

  bool operator==(const AuditRecord&) const = default;
};

struct RecordCounts {
  std::int64_t organizations = 0;
  std::int64_t services = 0;
  std::int64_t locations = 0;
  std::int64_t phones = 0;
  std::int64_t facilities = 0;  // locations with an ICE facility code
  std::map<std::string, std::int64_t> organizations_by_dataset;  // Provenance::dataset -> count

  bool operator==(const RecordCounts&) const = default;
};

}  // namespace amparo::store
