// The HSDS 3.0 exporter. How amparo's additions travel inside valid HSDS 3.0 (and come back through
// import_hsds unchanged):
//
// - Provenance (organization, service, location, phone): one HSDS `metadata` record per non-empty
//   field, resource_id/resource_type naming the record, field_name "source_dataset", "source_date",
//   "assured_date" or "source_row", replacement_value the value, previous_value "",
//   last_action_type "source", updated_by "amparo", last_action_date the source date (else the
//   assured date, else the day of the export). A service's assured_date is HSDS's own column
//   instead. Metadata is HSDS's record of where a value came from, and the only table that can
//   annotate any record without a new column.
// - Fields HSDS 3.0 has no column for go the same way: an attribute's label (HSDS 3.1 has it) as
//   field_name "label" on the attribute; a phone extension that is not a plain number ("x12",
//   "0045"; HSDS's extension is a number) as field_name "extension" on the phone.
// - Translations: HSDS attributes, its own extension point for facts about any record. The taxonomy
//   "amparo-translation" has one term per language ("amparo-translation-es", its code and language
//   "es"); each translation is an attribute of the translated record (link_id, link_entity) with
//   that term, link_type "translation:<field>:<status>" and value the translated text. The importer
//   turns these attributes back into translations and drops the taxonomy.
//
// Ids of the metadata and translation records are name-based UUIDs (version 8) of what they
// describe, so an export is stable. Tabular: datapackage.json + one CSV per table in the schema's
// column order, CRLF line ends, fields quoted when needed (RFC 4180). JSON: services.json (full
// service records), organizations.json, locations.json, taxonomies.json, taxonomy_terms.json; a
// record with no place in those (a phone of no organization, service or location, ...) goes to a
// file of its own table (phones.json, ...).
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "directory/hsds_tables.h"
#include "directory/import.h"
#include "text/json_writer.h"

namespace amparo::directory {

namespace {

namespace fs = std::filesystem;
using namespace hsds;  // NOLINT(google-build-using-namespace): this file implements it
using store::Records;
using text::JsonWriter;

// A name-based UUID (RFC 9562 version 8) of `name`: two FNV-1a 64-bit hashes.
std::string name_uuid(std::string_view name) {
  const auto fnv = [&](std::uint64_t h) {
    for (const char c : name) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001b3ULL;
    }
    return h;
  };
  std::uint64_t hi = fnv(0xcbf29ce484222325ULL);
  std::uint64_t lo = fnv(0x84222325cbf29ce4ULL ^ hi);
  hi = (hi & ~0xF000ULL) | 0x8000ULL;              // version 8
  lo = (lo & ~(0xC0ULL << 56)) | (0x80ULL << 56);  // variant 10
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    const std::uint64_t word = i < 8 ? hi : lo;
    const auto byte = static_cast<unsigned>((word >> (8 * (7 - (i % 8)))) & 0xFF);
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[byte >> 4];
    out += kHex[byte & 0xF];
  }
  return out;
}

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
  }
  return true;
}

std::string today() {
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd(days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

// Everything HSDS 3.0 cannot hold in its own columns, as HSDS records.
struct Encoded {
  std::vector<MetadataRow> metadata;
  std::vector<store::Taxonomy> taxonomies;   // the translation taxonomy, when needed
  std::vector<store::TaxonomyTerm> terms;    // its terms
  std::vector<store::Attribute> attributes;  // the translations
};

Encoded encode(const Records& r) {
  Encoded e;
  const std::string export_date = today();
  const auto add = [&](std::string_view type, const std::string& id, std::string_view field,
                       const std::string& value, const std::string& date) {
    if (value.empty()) return;
    MetadataRow m;
    m.id = name_uuid("amparo:metadata:" + std::string(type) + ":" + id + ":" + std::string(field));
    m.resource_id = id;
    m.resource_type = std::string(type);
    m.last_action_date = date;
    m.last_action_type = "source";
    m.field_name = std::string(field);
    m.replacement_value = value;
    m.updated_by = std::string(kMetadataAuthor);
    e.metadata.push_back(std::move(m));
  };
  const auto provenance = [&](std::string_view type, const std::string& id,
                              const store::Provenance& p, bool assured_in_column) {
    const std::string date = is_iso_date(p.source_date)    ? p.source_date
                             : is_iso_date(p.assured_date) ? p.assured_date
                                                           : export_date;
    add(type, id, "source_dataset", p.dataset, date);
    add(type, id, "source_date", p.source_date, date);
    if (!assured_in_column) add(type, id, "assured_date", p.assured_date, date);
    add(type, id, "source_row", p.source_row, date);
  };
  for (const auto& o : r.organizations) provenance("organization", o.id, o.provenance, false);
  for (const auto& s : r.services) provenance("service", s.id, s.provenance, true);
  for (const auto& l : r.locations) provenance("location", l.id, l.provenance, false);
  for (const auto& p : r.phones) {
    provenance("phone", p.id, p.provenance, false);
    if (!extension_is_hsds_number(p.extension)) {
      add("phone", p.id, "extension", p.extension, export_date);
    }
  }
  for (const auto& a : r.attributes) add("attribute", a.id, "label", a.label, export_date);

  if (!r.translations.empty()) {
    e.taxonomies.push_back(store::Taxonomy{
        std::string(kTranslationTaxonomyId), "amparo translations",
        "Translations of free text kept by amparo: an attribute with a term of this taxonomy holds "
        "the text of one field of the record it links to, in the term's language; its link_type "
        "is translation:FIELD:STATUS (status human, machine or unreviewed).",
        "", "1"});
    std::set<std::string> languages;
    for (const auto& t : r.translations) languages.insert(t.language);
    for (const auto& language : languages) {
      store::TaxonomyTerm term;
      term.id = std::string(kTranslationTermPrefix) + language;
      term.code = language;
      term.name = "Translation (" + language + ")";
      term.description = "A translation into the language " + language + ".";
      term.taxonomy_id = std::string(kTranslationTaxonomyId);
      term.language = language;
      e.terms.push_back(std::move(term));
    }
    for (const auto& t : r.translations) {
      store::Attribute a;
      a.id = name_uuid("amparo:translation:" + t.record_table + ":" + t.record_id + ":" + t.field +
                       ":" + t.language);
      a.link_id = t.record_id;
      a.link_type = std::string(kTranslationLinkPrefix) + t.field + ":" + t.status;
      a.link_entity = t.record_table;
      a.taxonomy_term_id = std::string(kTranslationTermPrefix) + t.language;
      a.value = t.text;
      e.attributes.push_back(std::move(a));
    }
  }
  return e;
}

Status write_text(const fs::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(text.data(), static_cast<std::streamsize>(text.size()));
  f.close();
  if (!f) return make_error(ErrorCode::kIo, "cannot write the file").at(path.string());
  return ok_status();
}

// ---- Tabular ----

void csv_field(std::string& out, std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += v;
    return;
  }
  out += '"';
  for (const char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

template <typename T>
std::string csv_table(const Table<T>& table, const std::vector<T>& a,
                      const std::vector<T>& b = {}) {
  std::string out;
  const auto& columns = table.schema->columns;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out += ',';
    csv_field(out, columns[i].name);
  }
  out += "\r\n";
  std::vector<const Field<T>*> fields;
  for (const auto& c : columns) fields.push_back(table.field(c.name));
  for (const auto* records : {&a, &b}) {
    for (const auto& rec : *records) {
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ',';
        if (fields[i] != nullptr) csv_field(out, fields[i]->get(rec));
      }
      out += "\r\n";
    }
  }
  return out;
}

std::string datapackage() {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("name").value("human_services_data");
  w.key("title").value("Human Services Data Specification");
  w.key("description")
      .value(
          "An amparo directory as an HSDS 3.0 tabular data package. Provenance and fields HSDS "
          "lacks are metadata records by amparo; translations are attributes of the "
          "amparo-translation taxonomy.");
  w.key("profile").value("tabular-data-package");
  w.key("version").value("3.0.0");
  w.key("homepage").value("http://docs.openreferral.org");
  w.key("license").begin_object();
  w.key("url").value("https://creativecommons.org/licenses/by-sa/4.0/");
  w.key("type").value("CC-BY-SA-4.0");
  w.key("name").value("Creative Commons Attribution-ShareAlike 4.0");
  w.end_object();
  w.key("resources").begin_array();
  for (const auto& r : kResources) {
    w.begin_object();
    w.key("name").value(r.name);
    w.key("path").value(r.path);
    w.key("description").value(r.description);
    w.key("format").value("csv");
    w.key("mediatype").value("text/csv");
    w.key("encoding").value("utf-8");
    w.key("profile").value("tabular-data-resource");
    w.key("schema").begin_object();
    w.key("fields").begin_array();
    for (const auto& c : r.columns) {
      w.begin_object();
      w.key("name").value(c.name);
      w.key("type").value(c.type);
      if (!c.format.empty()) w.key("format").value(c.format);
      w.key("constraints").begin_object();
      w.key("required").value(c.required);
      if (c.name == "id") w.key("unique").value(true);
      w.end_object();
      w.end_object();
    }
    w.end_array();
    w.key("primaryKey").value("id");
    if (!r.foreign_keys.empty()) {
      w.key("foreignKeys").begin_array();
      for (const auto& fk : r.foreign_keys) {
        w.begin_object();
        w.key("fields").value(fk.field);
        w.key("reference").begin_object();
        w.key("resource").value(fk.resource);
        w.key("fields").value("id");
        w.end_object();
        w.end_object();
      }
      w.end_array();
    }
    w.end_object();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  out += '\n';
  return out;
}

Status export_csv(const Records& r, const Encoded& e, const fs::path& dir) {
  const auto put = [&](std::string_view resource_name, const std::string& text) {
    return write_text(dir / std::string(resource(resource_name).path), text);
  };
  AMPARO_RETURN_IF_ERROR(put("organization", csv_table(organization_table(), r.organizations)));
  AMPARO_RETURN_IF_ERROR(put("service", csv_table(service_table(), r.services)));
  AMPARO_RETURN_IF_ERROR(put("location", csv_table(location_table(), r.locations)));
  AMPARO_RETURN_IF_ERROR(put("address", csv_table(address_table(), r.addresses)));
  AMPARO_RETURN_IF_ERROR(
      put("service_at_location", csv_table(service_at_location_table(), r.service_at_locations)));
  AMPARO_RETURN_IF_ERROR(put("phone", csv_table(phone_table(), r.phones)));
  AMPARO_RETURN_IF_ERROR(put("language", csv_table(language_table(), r.languages)));
  AMPARO_RETURN_IF_ERROR(put("service_area", csv_table(service_area_table(), r.service_areas)));
  AMPARO_RETURN_IF_ERROR(put("taxonomy", csv_table(taxonomy_table(), r.taxonomies, e.taxonomies)));
  AMPARO_RETURN_IF_ERROR(
      put("taxonomy_term", csv_table(taxonomy_term_table(), r.taxonomy_terms, e.terms)));
  AMPARO_RETURN_IF_ERROR(
      put("attribute", csv_table(attribute_table(), r.attributes, e.attributes)));
  AMPARO_RETURN_IF_ERROR(put("metadata", csv_table(metadata_table(), e.metadata)));
  return write_text(dir / "datapackage.json", datapackage());
}

// ---- JSON ----

// The records of one table by the id of a record they belong to.
template <typename T>
using ByParent = std::multimap<std::string, const T*>;

class JsonExport {
 public:
  JsonExport(const Records& r, const Encoded& e) : r_(r) {
    for (const auto& p : r.phones) {
      if (!p.organization_id.empty()) org_phones_.emplace(p.organization_id, &p);
      if (!p.service_id.empty()) service_phones_.emplace(p.service_id, &p);
      if (!p.location_id.empty()) location_phones_.emplace(p.location_id, &p);
    }
    for (const auto& l : r.languages) {
      if (!l.service_id.empty()) service_languages_.emplace(l.service_id, &l);
      if (!l.location_id.empty()) location_languages_.emplace(l.location_id, &l);
      if (!l.phone_id.empty()) phone_languages_.emplace(l.phone_id, &l);
    }
    for (const auto& a : r.addresses) addresses_.emplace(a.location_id, &a);
    for (const auto& s : r.service_at_locations) sals_.emplace(s.service_id, &s);
    for (const auto& s : r.service_areas) areas_.emplace(s.service_id, &s);
    for (const auto& l : r.locations) org_locations_.emplace(l.organization_id, &l);
    for (const auto& a : r.attributes) attributes_.emplace(a.link_entity + "/" + a.link_id, &a);
    for (const auto& a : e.attributes) attributes_.emplace(a.link_entity + "/" + a.link_id, &a);
    for (const auto& m : e.metadata) metadata_.emplace(m.resource_type + "/" + m.resource_id, &m);
    for (const auto& o : r.organizations) organizations_.emplace(o.id, &o);
    for (const auto& l : r.locations) locations_.emplace(l.id, &l);
    for (const auto& t : r.taxonomy_terms) terms_.emplace(t.id, &t);
    for (const auto& t : e.terms) terms_.emplace(t.id, &t);
  }

  std::string organizations() {
    return list(r_.organizations,
                [&](JsonWriter& w, const store::Organization& o) { organization(w, o, true); });
  }
  std::string services() {
    return list(r_.services, [&](JsonWriter& w, const store::Service& s) { service(w, s); });
  }
  std::string locations() {
    return list(r_.locations, [&](JsonWriter& w, const store::Location& l) { location(w, l); });
  }
  std::string taxonomies(const std::vector<store::Taxonomy>& extra) {
    std::vector<store::Taxonomy> all = r_.taxonomies;
    all.insert(all.end(), extra.begin(), extra.end());
    return list(all, [&](JsonWriter& w, const store::Taxonomy& t) {
      w.begin_object();
      fields(w, taxonomy_table(), t);
      w.end_object();
    });
  }
  std::string terms(const std::vector<store::TaxonomyTerm>& extra) {
    std::vector<store::TaxonomyTerm> all = r_.taxonomy_terms;
    all.insert(all.end(), extra.begin(), extra.end());
    return list(all, [&](JsonWriter& w, const store::TaxonomyTerm& t) { term(w, t); });
  }

  // Records that nest nowhere else, by the file they go to.
  std::map<std::string, std::string> orphans() {
    std::map<std::string, std::string> files;
    std::set<std::string> services;
    for (const auto& s : r_.services) services.insert(s.id);
    std::vector<store::Phone> phones;
    for (const auto& p : r_.phones) {
      if (!organizations_.count(p.organization_id) && !services.count(p.service_id) &&
          !locations_.count(p.location_id)) {
        phones.push_back(p);
      }
    }
    if (!phones.empty()) {
      files["phones.json"] =
          list(phones, [&](JsonWriter& w, const store::Phone& p) { phone(w, p); });
    }
    std::set<std::string> phone_ids;
    for (const auto& p : r_.phones) phone_ids.insert(p.id);
    std::vector<store::Language> languages;
    for (const auto& l : r_.languages) {
      if (!services.count(l.service_id) && !locations_.count(l.location_id) &&
          !phone_ids.count(l.phone_id)) {
        languages.push_back(l);
      }
    }
    if (!languages.empty()) {
      files["languages.json"] =
          list(languages, [&](JsonWriter& w, const store::Language& l) { language(w, l); });
    }
    std::vector<store::Address> addresses;
    for (const auto& a : r_.addresses) {
      if (!locations_.count(a.location_id)) addresses.push_back(a);
    }
    if (!addresses.empty()) {
      files["addresses.json"] =
          list(addresses, [&](JsonWriter& w, const store::Address& a) { address(w, a); });
    }
    std::vector<store::ServiceArea> areas;
    for (const auto& a : r_.service_areas) {
      if (!services.count(a.service_id)) areas.push_back(a);
    }
    if (!areas.empty()) {
      files["service_areas.json"] =
          list(areas, [&](JsonWriter& w, const store::ServiceArea& a) { service_area(w, a); });
    }
    std::vector<store::ServiceAtLocation> sals;
    for (const auto& s : r_.service_at_locations) {
      if (!services.count(s.service_id)) sals.push_back(s);
    }
    if (!sals.empty()) {
      files["service_at_locations.json"] = list(
          sals,
          [&](JsonWriter& w, const store::ServiceAtLocation& s) { service_at_location(w, s); });
    }
    // Attributes nest in the record they link to; those linking to a record not written nest
    // nowhere.
    std::set<std::string> written;
    const auto mark = [&](std::string_view entity, const auto& records) {
      for (const auto& x : records) written.insert(std::string(entity) + "/" + x.id);
    };
    mark("organization", r_.organizations);
    mark("service", r_.services);
    mark("location", r_.locations);
    mark("phone", r_.phones);
    mark("language", r_.languages);
    mark("address", r_.addresses);
    mark("service_area", r_.service_areas);
    mark("service_at_location", r_.service_at_locations);
    std::vector<store::Attribute> attributes;
    for (const auto& [key, a] : attributes_) {
      if (!written.count(key)) attributes.push_back(*a);
    }
    if (!attributes.empty()) {
      files["attributes.json"] =
          list(attributes, [&](JsonWriter& w, const store::Attribute& a) { attribute(w, a); });
    }
    return files;
  }

 private:
  template <typename T, typename Fn>
  static std::string list(const std::vector<T>& records, Fn fn) {
    std::string out;
    JsonWriter w(out);
    w.begin_array();
    for (const auto& rec : records) fn(w, rec);
    w.end_array();
    out += '\n';
    return out;
  }

  // The columns of `table` in schema order: non-empty values, and required ones even when empty.
  template <typename T>
  static void fields(JsonWriter& w, const Table<T>& table, const T& rec) {
    for (const auto& c : table.schema->columns) {
      const Field<T>* f = table.field(c.name);
      if (f == nullptr) continue;
      const std::string v = f->get(rec);
      if (v.empty() && !c.required) continue;
      w.key(c.name);
      if (f->number && !v.empty()) {
        w.value(parse_number(v).value_or(0));
      } else {
        w.value(v);
      }
    }
  }

  void side_records(JsonWriter& w, std::string_view entity, const std::string& id) {
    const std::string key = std::string(entity) + "/" + id;
    auto [a0, a1] = attributes_.equal_range(key);
    if (a0 != a1) {
      w.key("attributes").begin_array();
      for (auto it = a0; it != a1; ++it) attribute(w, *it->second);
      w.end_array();
    }
    auto [m0, m1] = metadata_.equal_range(key);
    if (m0 != m1) {
      w.key("metadata").begin_array();
      for (auto it = m0; it != m1; ++it) {
        w.begin_object();
        fields(w, metadata_table(), *it->second);
        w.end_object();
      }
      w.end_array();
    }
  }

  template <typename T, typename Fn>
  void nested(JsonWriter& w, std::string_view key, const ByParent<T>& index, const std::string& id,
              Fn fn) {
    auto [b, e] = index.equal_range(id);
    if (b == e) return;
    w.key(key).begin_array();
    for (auto it = b; it != e; ++it) fn(w, *it->second);
    w.end_array();
  }

  void organization(JsonWriter& w, const store::Organization& o, bool full) {
    w.begin_object();
    fields(w, organization_table(), o);
    if (full) {
      nested(w, "phones", org_phones_, o.id, [&](JsonWriter& x, const auto& p) { phone(x, p); });
      nested(w, "locations", org_locations_, o.id,
             [&](JsonWriter& x, const auto& l) { location(x, l); });
      side_records(w, "organization", o.id);
    } else {
      // A copy nested in a service: the organization's own fields and provenance.
      auto [m0, m1] = metadata_.equal_range("organization/" + o.id);
      if (m0 != m1) {
        w.key("metadata").begin_array();
        for (auto it = m0; it != m1; ++it) {
          w.begin_object();
          fields(w, metadata_table(), *it->second);
          w.end_object();
        }
        w.end_array();
      }
    }
    w.end_object();
  }

  void service(JsonWriter& w, const store::Service& s) {
    w.begin_object();
    fields(w, service_table(), s);
    if (const auto it = organizations_.find(s.organization_id); it != organizations_.end()) {
      w.key("organization");
      organization(w, *it->second, false);
    }
    nested(w, "phones", service_phones_, s.id, [&](JsonWriter& x, const auto& p) { phone(x, p); });
    nested(w, "service_areas", areas_, s.id,
           [&](JsonWriter& x, const auto& a) { service_area(x, a); });
    nested(w, "languages", service_languages_, s.id,
           [&](JsonWriter& x, const auto& l) { language(x, l); });
    nested(w, "service_at_locations", sals_, s.id,
           [&](JsonWriter& x, const auto& sal) { service_at_location(x, sal); });
    side_records(w, "service", s.id);
    w.end_object();
  }

  void service_at_location(JsonWriter& w, const store::ServiceAtLocation& s) {
    w.begin_object();
    fields(w, service_at_location_table(), s);
    if (const auto it = locations_.find(s.location_id); it != locations_.end()) {
      w.key("location");
      location(w, *it->second);
    }
    side_records(w, "service_at_location", s.id);
    w.end_object();
  }

  void location(JsonWriter& w, const store::Location& l) {
    w.begin_object();
    fields(w, location_table(), l);
    nested(w, "languages", location_languages_, l.id,
           [&](JsonWriter& x, const auto& lang) { language(x, lang); });
    nested(w, "addresses", addresses_, l.id, [&](JsonWriter& x, const auto& a) { address(x, a); });
    nested(w, "phones", location_phones_, l.id, [&](JsonWriter& x, const auto& p) { phone(x, p); });
    side_records(w, "location", l.id);
    w.end_object();
  }

  void address(JsonWriter& w, const store::Address& a) {
    w.begin_object();
    fields(w, address_table(), a);
    side_records(w, "address", a.id);
    w.end_object();
  }

  void phone(JsonWriter& w, const store::Phone& p) {
    w.begin_object();
    fields(w, phone_table(), p);
    nested(w, "languages", phone_languages_, p.id,
           [&](JsonWriter& x, const auto& l) { language(x, l); });
    side_records(w, "phone", p.id);
    w.end_object();
  }

  void language(JsonWriter& w, const store::Language& l) {
    w.begin_object();
    fields(w, language_table(), l);
    side_records(w, "language", l.id);
    w.end_object();
  }

  void service_area(JsonWriter& w, const store::ServiceArea& a) {
    w.begin_object();
    fields(w, service_area_table(), a);
    side_records(w, "service_area", a.id);
    w.end_object();
  }

  void term(JsonWriter& w, const store::TaxonomyTerm& t) {
    w.begin_object();
    fields(w, taxonomy_term_table(), t);
    w.end_object();
  }

  void attribute(JsonWriter& w, const store::Attribute& a) {
    w.begin_object();
    fields(w, attribute_table(), a);
    if (const auto it = terms_.find(a.taxonomy_term_id); it != terms_.end()) {
      w.key("taxonomy_term");
      term(w, *it->second);
    }
    auto [m0, m1] = metadata_.equal_range("attribute/" + a.id);
    if (m0 != m1) {
      w.key("metadata").begin_array();
      for (auto it = m0; it != m1; ++it) {
        w.begin_object();
        fields(w, metadata_table(), *it->second);
        w.end_object();
      }
      w.end_array();
    }
    w.end_object();
  }

  const Records& r_;
  ByParent<store::Phone> org_phones_, service_phones_, location_phones_;
  ByParent<store::Language> service_languages_, location_languages_, phone_languages_;
  ByParent<store::Address> addresses_;
  ByParent<store::ServiceAtLocation> sals_;
  ByParent<store::ServiceArea> areas_;
  ByParent<store::Location> org_locations_;
  ByParent<store::Attribute> attributes_;  // by "entity/id"
  ByParent<MetadataRow> metadata_;         // by "type/id"
  std::map<std::string, const store::Organization*> organizations_;
  std::map<std::string, const store::Location*> locations_;
  std::map<std::string, const store::TaxonomyTerm*> terms_;
};

Status export_json(const Records& r, const Encoded& e, const fs::path& dir) {
  JsonExport x(r, e);
  AMPARO_RETURN_IF_ERROR(write_text(dir / "organizations.json", x.organizations()));
  AMPARO_RETURN_IF_ERROR(write_text(dir / "services.json", x.services()));
  AMPARO_RETURN_IF_ERROR(write_text(dir / "locations.json", x.locations()));
  AMPARO_RETURN_IF_ERROR(write_text(dir / "taxonomies.json", x.taxonomies(e.taxonomies)));
  AMPARO_RETURN_IF_ERROR(write_text(dir / "taxonomy_terms.json", x.terms(e.terms)));
  for (const auto& [file, text] : x.orphans()) {
    AMPARO_RETURN_IF_ERROR(write_text(dir / file, text));
  }
  return ok_status();
}

}  // namespace

Status export_hsds(const Records& records, const std::string& dir, std::string_view format) {
  if (format != "csv" && format != "json") {
    return make_error(ErrorCode::kInvalidArgument,
                      "unknown HSDS export format \"" + std::string(format) + "\"; use csv or json")
        .in_field("format");
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return make_error(ErrorCode::kIo, "cannot create the folder: " + ec.message()).at(dir);
  const Encoded e = encode(records);
  return format == "csv" ? export_csv(records, e, dir) : export_json(records, e, dir);
}

}  // namespace amparo::directory
