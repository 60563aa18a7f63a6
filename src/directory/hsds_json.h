// Open Referral HSDS 3.0 JSON records written from amparo's records: one writer for the JSON
// export (`amparo export hsds --format json`) and the HSDS API (/api/), so both give the same
// bytes for the same record. Built once from a set of records (indexes by id and by parent, and
// the HSDS encoding of what HSDS has no column for: provenance as `metadata`, translations as
// attributes; see hsds_export.cpp), then read by many threads without locks.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"

namespace amparo::text {
class JsonWriter;
}

namespace amparo::directory {

class HsdsJson {
 public:
  // How much of a record to write.
  enum class Detail {
    // HSDS's list form (the API's paginated lists): the record's own one-to-one fields, and the
    // one-to-one fields of the records it names (a service's organization; a service_at_location's
    // location and service).
    kList,
    // The fully nested record: everything that belongs to it, with its attributes and provenance
    // metadata (the export's records; the API's single records and full=true).
    kFull,
  };

  // `records` must outlive the writer. `undated` is the last_action_date of provenance metadata
  // for records with no date of their own; empty: today (UTC).
  explicit HsdsJson(const store::Records& records, std::string undated = {});
  ~HsdsJson();
  HsdsJson(const HsdsJson&) = delete;
  HsdsJson& operator=(const HsdsJson&) = delete;

  const store::Records& records() const;
  // Every taxonomy and term, in the order of the records, then the ones the encoding adds (the
  // amparo-translation taxonomy and its terms, when there are translations).
  const std::vector<store::Taxonomy>& taxonomies() const;
  const std::vector<store::TaxonomyTerm>& taxonomy_terms() const;

  // Records by id; null when there is none.
  const store::Organization* find_organization(std::string_view id) const;
  const store::Service* find_service(std::string_view id) const;
  const store::Location* find_location(std::string_view id) const;
  const store::ServiceAtLocation* find_service_at_location(std::string_view id) const;
  const store::Taxonomy* find_taxonomy(std::string_view id) const;
  const store::TaxonomyTerm* find_taxonomy_term(std::string_view id) const;

  // An organization's services and a service's service_at_locations, in the order of the records.
  std::vector<const store::Service*> services_of(std::string_view organization_id) const;
  std::vector<const store::ServiceAtLocation*> service_at_locations_of(
      std::string_view service_id) const;
  // The attributes linking to a record ("service", "organization", ...), translations included.
  std::vector<const store::Attribute*> attributes_of(std::string_view entity,
                                                     std::string_view id) const;

  // Each writer writes one JSON object.
  //
  // An organization; kFull nests its phones, locations, attributes and metadata. `services`
  // (HSDS's API) adds a "services" array in that detail, without the organization nested in each;
  // null (the export) adds none.
  void organization(text::JsonWriter& w, const store::Organization& o, Detail detail,
                    const Detail* services = nullptr) const;
  // Which nested records a service leaves out when it is itself nested.
  struct ServiceParts {
    bool organization = true;          // not inside its organization
    bool service_at_locations = true;  // not inside one of its service_at_locations
  };
  // A service with its organization (kList: the organization's columns; kFull: with its
  // provenance); kFull also nests phones, service areas, languages, service_at_locations (each
  // with its location), attributes and metadata.
  void service(text::JsonWriter& w, const store::Service& s, Detail detail,
               ServiceParts parts) const;
  void service(text::JsonWriter& w, const store::Service& s, Detail detail) const;
  // A service_at_location with its location (kFull: nested, with attributes and metadata);
  // `with_service` adds its service (kList: the list form; kFull: nested, without its
  // service_at_locations), as HSDS's API does; the export nests service_at_locations in their
  // service instead.
  void service_at_location(text::JsonWriter& w, const store::ServiceAtLocation& s, Detail detail,
                           bool with_service) const;
  void location(text::JsonWriter& w, const store::Location& l, Detail detail) const;
  void taxonomy(text::JsonWriter& w, const store::Taxonomy& t) const;
  void taxonomy_term(text::JsonWriter& w, const store::TaxonomyTerm& t) const;

  // The export's files for records that nest in no other record (a phone of no organization,
  // service or location; an attribute of a record not written; ...), by file name
  // ("phones.json"), each a JSON array. Empty when every record nests somewhere.
  std::map<std::string, std::string> unnested_files() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace amparo::directory
