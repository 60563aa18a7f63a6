// Private to src/directory: how amparo's records map to HSDS 3.0 columns, shared by the HSDS
// importer, the legacy (1.x/2.0) importer and the exporter. Each record type has one Table: the
// HSDS resource it is, and the fields amparo keeps, each read and written as the text of its HSDS
// column. Fields amparo keeps that HSDS 3.0 lacks travel as `metadata` rows (see hsds_export.cpp
// for the encoding).
#pragma once

#include <charconv>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "directory/csv.h"
#include "directory/hsds_schema.h"
#include "directory/import.h"
#include "store/records.h"

namespace amparo::directory::hsds {

// The longest field value an importer accepts; a longer one rejects its row.
inline constexpr std::size_t kMaxFieldBytes = 64 * 1024;

// The writer of amparo's own metadata rows (their updated_by); other metadata rows are a third
// party's change history, which amparo does not keep.
inline constexpr std::string_view kMetadataAuthor = "amparo";
// The taxonomy whose terms ("amparo-translation-<language>") mark attributes holding translations.
inline constexpr std::string_view kTranslationTaxonomyId = "amparo-translation";
inline constexpr std::string_view kTranslationTermPrefix = "amparo-translation-";
inline constexpr std::string_view kTranslationLinkPrefix = "translation:";

// One HSDS `metadata` record (HSDS 3.0 metadata.json).
struct MetadataRow {
  std::string id;
  std::string resource_id;
  std::string resource_type;
  std::string last_action_date;
  std::string last_action_type;
  std::string field_name;
  std::string previous_value;
  std::string replacement_value;
  std::string updated_by;

  bool operator==(const MetadataRow&) const = default;
};

// One field amparo keeps, as the text of its HSDS column ("" when absent).
template <typename T>
struct Field {
  std::string_view name;
  std::function<std::string(const T&)> get;
  // Sets the field from its column's text; returns "" or why the text is not a valid value.
  std::function<std::string(T&, std::string_view)> set;
  bool number = false;  // a JSON number in HSDS: written unquoted; "" writes nothing
};

template <typename T>
struct Table {
  const SchemaResource* schema;
  std::vector<Field<T>> fields;

  const Field<T>* field(std::string_view name) const {
    for (const auto& f : fields) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }
};

template <typename T>
Field<T> text_field(std::string_view name, std::string T::*member) {
  return {name, [member](const T& r) { return r.*member; },
          [member](T& r, std::string_view v) {
            r.*member = std::string(v);
            return std::string();
          },
          false};
}

// The shortest text that reads back as the same double.
inline std::string format_number(double d) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, r.ptr);
}

// A whole, finite decimal number, or nothing.
inline std::optional<double> parse_number(std::string_view s) {
  double d = 0;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  const auto r = std::from_chars(s.data(), s.data() + s.size(), d);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size() || !(d - d == 0)) {
    return std::nullopt;
  }
  return d;
}

inline Field<store::Location> coordinate_field(std::string_view name,
                                               std::optional<double> store::Location::*member) {
  return {name,
          [member](const store::Location& r) {
            return (r.*member).has_value() ? format_number(*(r.*member)) : std::string();
          },
          [member](store::Location& r, std::string_view v) {
            if (v.empty()) {
              r.*member = std::nullopt;
              return std::string();
            }
            const auto d = parse_number(v);
            if (!d) return std::string("not a number");
            r.*member = *d;
            return std::string();
          },
          true};
}

// A phone extension is text to amparo ("x12", "0045") and a number to HSDS: only an extension that
// reads back unchanged as a JSON number goes into the HSDS column; any other travels as metadata.
inline bool extension_is_hsds_number(std::string_view e) {
  if (e.empty() || e.size() > 15 || (e.size() > 1 && e.front() == '0')) return false;
  for (const char c : e) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

inline const Table<store::Organization>& organization_table() {
  using store::Organization;
  static const Table<Organization> t{
      &resource("organization"),
      {text_field("id", &Organization::id), text_field("name", &Organization::name),
       text_field("alternate_name", &Organization::alternate_name),
       text_field("description", &Organization::description),
       text_field("email", &Organization::email), text_field("website", &Organization::website)}};
  return t;
}

inline const Table<store::Service>& service_table() {
  using store::Service;
  static const Table<Service> t{
      &resource("service"),
      {text_field("id", &Service::id), text_field("organization_id", &Service::organization_id),
       text_field("name", &Service::name), text_field("description", &Service::description),
       text_field("url", &Service::url), text_field("email", &Service::email),
       text_field("status", &Service::status),
       Field<Service>{"assured_date", [](const Service& s) { return s.provenance.assured_date; },
                      [](Service& s, std::string_view v) {
                        s.provenance.assured_date = std::string(v);
                        return std::string();
                      }}}};
  return t;
}

inline const Table<store::Location>& location_table() {
  using store::Location;
  static const Table<Location> t{
      &resource("location"),
      {text_field("id", &Location::id), text_field("location_type", &Location::location_type),
       text_field("organization_id", &Location::organization_id),
       text_field("name", &Location::name), text_field("description", &Location::description),
       coordinate_field("latitude", &Location::latitude),
       coordinate_field("longitude", &Location::longitude),
       text_field("external_identifier", &Location::external_identifier),
       text_field("external_identifier_type", &Location::external_identifier_type)}};
  return t;
}

inline const Table<store::Address>& address_table() {
  using store::Address;
  static const Table<Address> t{
      &resource("address"),
      {text_field("id", &Address::id), text_field("location_id", &Address::location_id),
       text_field("attention", &Address::attention), text_field("address_1", &Address::address_1),
       text_field("address_2", &Address::address_2), text_field("city", &Address::city),
       text_field("region", &Address::region),
       text_field("state_province", &Address::state_province),
       text_field("postal_code", &Address::postal_code), text_field("country", &Address::country),
       text_field("address_type", &Address::address_type)}};
  return t;
}

inline const Table<store::ServiceAtLocation>& service_at_location_table() {
  using store::ServiceAtLocation;
  static const Table<ServiceAtLocation> t{
      &resource("service_at_location"),
      {text_field("id", &ServiceAtLocation::id),
       text_field("service_id", &ServiceAtLocation::service_id),
       text_field("location_id", &ServiceAtLocation::location_id)}};
  return t;
}

inline const Table<store::Phone>& phone_table() {
  using store::Phone;
  static const Table<Phone> t{
      &resource("phone"),
      {text_field("id", &Phone::id), text_field("location_id", &Phone::location_id),
       text_field("service_id", &Phone::service_id),
       text_field("organization_id", &Phone::organization_id), text_field("number", &Phone::number),
       Field<Phone>{"extension",
                    [](const Phone& p) {
                      return extension_is_hsds_number(p.extension) ? p.extension : std::string();
                    },
                    [](Phone& p, std::string_view v) {
                      p.extension = std::string(v);
                      return std::string();
                    },
                    true},
       text_field("type", &Phone::type), text_field("description", &Phone::description)}};
  return t;
}

inline const Table<store::Language>& language_table() {
  using store::Language;
  static const Table<Language> t{
      &resource("language"),
      {text_field("id", &Language::id), text_field("service_id", &Language::service_id),
       text_field("location_id", &Language::location_id),
       text_field("phone_id", &Language::phone_id), text_field("name", &Language::name),
       text_field("code", &Language::code)}};
  return t;
}

inline const Table<store::ServiceArea>& service_area_table() {
  using store::ServiceArea;
  static const Table<ServiceArea> t{
      &resource("service_area"),
      {text_field("id", &ServiceArea::id), text_field("service_id", &ServiceArea::service_id),
       text_field("name", &ServiceArea::name), text_field("description", &ServiceArea::description),
       text_field("uri", &ServiceArea::uri)}};
  return t;
}

inline const Table<store::Taxonomy>& taxonomy_table() {
  using store::Taxonomy;
  static const Table<Taxonomy> t{
      &resource("taxonomy"),
      {text_field("id", &Taxonomy::id), text_field("name", &Taxonomy::name),
       text_field("description", &Taxonomy::description), text_field("uri", &Taxonomy::uri),
       text_field("version", &Taxonomy::version)}};
  return t;
}

inline const Table<store::TaxonomyTerm>& taxonomy_term_table() {
  using store::TaxonomyTerm;
  static const Table<TaxonomyTerm> t{
      &resource("taxonomy_term"),
      {text_field("id", &TaxonomyTerm::id), text_field("code", &TaxonomyTerm::code),
       text_field("name", &TaxonomyTerm::name),
       text_field("description", &TaxonomyTerm::description),
       text_field("parent_id", &TaxonomyTerm::parent_id),
       text_field("language", &TaxonomyTerm::language),
       text_field("taxonomy_id", &TaxonomyTerm::taxonomy_id)}};
  return t;
}

inline const Table<store::Attribute>& attribute_table() {
  using store::Attribute;
  static const Table<Attribute> t{
      &resource("attribute"),
      {text_field("id", &Attribute::id), text_field("link_id", &Attribute::link_id),
       text_field("taxonomy_term_id", &Attribute::taxonomy_term_id),
       text_field("link_type", &Attribute::link_type),
       text_field("link_entity", &Attribute::link_entity), text_field("value", &Attribute::value)}};
  return t;
}

inline const Table<MetadataRow>& metadata_table() {
  static const Table<MetadataRow> t{
      &resource("metadata"),
      {text_field("id", &MetadataRow::id), text_field("resource_id", &MetadataRow::resource_id),
       text_field("resource_type", &MetadataRow::resource_type),
       text_field("last_action_date", &MetadataRow::last_action_date),
       text_field("last_action_type", &MetadataRow::last_action_type),
       text_field("field_name", &MetadataRow::field_name),
       text_field("previous_value", &MetadataRow::previous_value),
       text_field("replacement_value", &MetadataRow::replacement_value),
       text_field("updated_by", &MetadataRow::updated_by)}};
  return t;
}

// Where a record was read: "services.csv" line 12, or "services.json" item 3.
struct Origin {
  std::string file;
  int row = 0;
};

template <typename T>
struct Row {
  T rec;
  Origin at;
};

// Records as read, before duplicate, value and reference checks.
struct RawPackage {
  std::vector<Row<store::Organization>> organizations;
  std::vector<Row<store::Service>> services;
  std::vector<Row<store::Location>> locations;
  std::vector<Row<store::Address>> addresses;
  std::vector<Row<store::ServiceAtLocation>> service_at_locations;
  std::vector<Row<store::Phone>> phones;
  std::vector<Row<store::Language>> languages;
  std::vector<Row<store::ServiceArea>> service_areas;
  std::vector<Row<store::Taxonomy>> taxonomies;
  std::vector<Row<store::TaxonomyTerm>> taxonomy_terms;
  std::vector<Row<store::Attribute>> attributes;
  std::vector<Row<MetadataRow>> metadata;
  // Ids of rows rejected while they were read (a field too long, a value of the wrong type), by
  // resource name: a reference to one is to a rejected record, not to nothing.
  std::map<std::string, std::set<std::string>, std::less<>> unreadable;
};

enum class Duplicates {
  kReject,  // a second record with an id already seen is rejected, naming both rows (tables)
  kMerge,   // copies of one record nested in several places are merged; a conflict rejects (JSON)
};

// Checks `raw` and moves what passes into out.records, in the order read: rejects a record with an
// empty or repeated id, an invalid value (an enum, a coordinate, a required field) or a required
// reference to a record that is not in the package; clears (and reports as repaired) an optional
// reference to a record that is not in the package; rejects a record whose parent was rejected.
// Applies amparo's own metadata rows (provenance, fields HSDS lacks) and turns attributes of the
// translation taxonomy back into translations.
void resolve(RawPackage raw, Duplicates duplicates, ImportResult& out);

// A CSV file read whole: its header and data records.
struct CsvFile {
  std::string name;  // as errors name it: the file name within its folder
  std::vector<std::string> header;
  std::vector<CsvRecord> rows;  // without the header

  // The index of `column` in the header, or -1.
  int column(std::string_view column) const;
};

// Reads and parses the CSV file at `path`. An Error (naming the file, line and field) when it
// cannot be read, is empty, is not valid UTF-8 or valid CSV, repeats a column, or lacks a
// `required` column. A UTF-8 byte order mark and CRLF line ends are accepted.
Result<CsvFile> read_csv_file(const std::string& path, std::string_view name,
                              const std::vector<std::string_view>& required);

// Why a data record cannot be read at all: a field count unlike the header's, or a field longer
// than kMaxFieldBytes. Empty when it can.
std::optional<ImportIssue> check_csv_record(const CsvFile& file, const CsvRecord& record);

// Everything HSDS 3.0 cannot hold in its own columns, as HSDS records (the encoding is described in
// hsds_export.cpp).
struct Encoded {
  std::vector<MetadataRow> metadata;
  std::vector<store::Taxonomy> taxonomies;   // the translation taxonomy, when needed
  std::vector<store::TaxonomyTerm> terms;    // its terms
  std::vector<store::Attribute> attributes;  // the translations
};

// Encodes `records`. `undated` is the last_action_date of provenance metadata of a record with no
// date of its own. Ids are name-based, so the same records give the same encoding.
Encoded encode(const store::Records& records, const std::string& undated);

// Today's date (UTC), "YYYY-MM-DD".
std::string today_utc();

}  // namespace amparo::directory::hsds
