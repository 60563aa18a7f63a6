// The HSDS 3.0 importer: a tabular datapackage folder (datapackage.json + CSVs), a folder of JSON
// files as export_hsds writes them (organizations.json, services.json, locations.json, ...), or one
// .json file holding a service, an organization, a location, ... or an array or page ("contents")
// of them. Nested objects are flattened into records with their ids; a nested record lacking its
// parent's id takes it from where it is nested.
//
// Order: records read from CSV keep the order of their files. JSON nests records in several places,
// so records read from JSON come back ordered by id (translations by table, id, field and
// language), the order in which the store lists them.
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "core/file.h"
#include "directory/hsds_tables.h"
#include "directory/import.h"

namespace amparo::directory {
namespace hsds {

namespace {

namespace fs = std::filesystem;
using store::Address;
using store::Attribute;
using store::Language;
using store::Location;
using store::Organization;
using store::Phone;
using store::Service;
using store::ServiceArea;
using store::ServiceAtLocation;
using store::Taxonomy;
using store::TaxonomyTerm;
using store::Translation;

bool is_json_name(std::string_view file) {
  return file.size() >= 5 && file.substr(file.size() - 5) == ".json";
}

std::string where(const Origin& at) {
  return at.file + (is_json_name(at.file) ? " item " : " line ") + std::to_string(at.row);
}

ImportIssue issue(const Origin& at, std::string field, std::string reason) {
  return ImportIssue{at.file, at.row, std::move(field), std::move(reason)};
}

template <typename T>
void clear_fields(const Table<T>& table, T& rec) {
  for (const auto& f : table.fields) (void)f.set(rec, "");
}

bool one_of(std::string_view v, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), v) != allowed.end();
}

// The ids a table held before checks (seen) and after them (kept), to tell a reference to a
// rejected record from a reference to nothing.
struct Ids {
  std::set<std::string> seen;
  std::set<std::string> kept;
};

enum class Ref { kRequired, kOptional };

// Checks one reference; returns false when the record must be rejected (the issue is added).
bool check_reference(std::string& value, const Ids& target, std::string_view target_name, Ref kind,
                     const Origin& at, std::string_view field, ImportResult& out) {
  if (value.empty() || target.kept.count(value) > 0) return true;
  if (target.seen.count(value) > 0) {
    out.rejected.push_back(
        issue(at, std::string(field),
              "the " + std::string(target_name) + " it names (\"" + value + "\") was rejected"));
    return false;
  }
  if (kind == Ref::kRequired) {
    out.rejected.push_back(
        issue(at, std::string(field),
              "names no " + std::string(target_name) + " in the package (\"" + value + "\")"));
    return false;
  }
  out.repaired.push_back(issue(at, std::string(field),
                               "names no " + std::string(target_name) + " in the package (\"" +
                                   value + "\"); the reference was cleared"));
  value.clear();
  return true;
}

// Drops records with an empty or repeated id and records that fail `valid` (which returns the field
// and reason, or an empty field name when the record is valid).
template <typename T, typename Valid>
std::vector<Row<T>> dedupe(std::vector<Row<T>> rows, const Table<T>& table, Duplicates mode,
                           Valid valid, ImportResult& out) {
  std::vector<Row<T>> kept;
  std::unordered_map<std::string, std::size_t> index;
  for (auto& row : rows) {
    if (row.rec.id.empty()) {
      out.rejected.push_back(issue(row.at, "id", "the id is empty"));
      continue;
    }
    if (const auto [field, reason] = valid(row.rec); !field.empty()) {
      out.rejected.push_back(issue(row.at, field, reason));
      continue;
    }
    const auto it = index.find(row.rec.id);
    if (it == index.end()) {
      index.emplace(row.rec.id, kept.size());
      kept.push_back(std::move(row));
      continue;
    }
    auto& first = kept[it->second];
    if (mode == Duplicates::kReject) {
      out.rejected.push_back(
          issue(row.at, "id", "duplicate id \"" + row.rec.id + "\": also at " + where(first.at)));
      continue;
    }
    T merged = first.rec;
    std::string conflict;
    for (const auto& f : table.fields) {
      const std::string a = f.get(merged);
      const std::string b = f.get(row.rec);
      if (a.empty() && !b.empty()) {
        (void)f.set(merged, b);
      } else if (!b.empty() && a != b) {
        conflict = std::string(f.name);
        break;
      }
    }
    if (!conflict.empty()) {
      out.rejected.push_back(issue(
          row.at, conflict,
          "id \"" + row.rec.id + "\" also at " + where(first.at) + " with another " + conflict));
      continue;
    }
    first.rec = std::move(merged);
  }
  return kept;
}

using Check = std::pair<std::string, std::string>;  // field, reason; empty field: valid
const Check kValid{};

Check need(std::string_view field, const std::string& value) {
  if (value.empty()) return {std::string(field), "a required value is empty"};
  return kValid;
}

template <typename T>
Ids ids_of(const std::vector<Row<T>>& raw, const std::vector<Row<T>>& kept,
           const std::set<std::string>& unreadable) {
  Ids ids;
  ids.seen = unreadable;
  for (const auto& r : raw) ids.seen.insert(r.rec.id);
  for (const auto& r : kept) ids.kept.insert(r.rec.id);
  return ids;
}

template <typename T, typename Refs>
std::vector<Row<T>> check_references(std::vector<Row<T>> rows, Refs refs) {
  std::vector<Row<T>> kept;
  for (auto& row : rows) {
    if (refs(row)) kept.push_back(std::move(row));
  }
  return kept;
}

template <typename T>
std::vector<T> records_of(std::vector<Row<T>>& rows) {
  std::vector<T> v;
  v.reserve(rows.size());
  for (auto& r : rows) v.push_back(std::move(r.rec));
  return v;
}

}  // namespace

void resolve(RawPackage raw, Duplicates mode, ImportResult& out) {
  ImportResult& o = out;
  // Values: what a record cannot be without (the store's NOT NULL and CHECK constraints).
  auto taxonomies = dedupe(
      raw.taxonomies, taxonomy_table(), mode,
      [](const Taxonomy& t) { return need("name", t.name); }, o);
  auto terms = dedupe(
      raw.taxonomy_terms, taxonomy_term_table(), mode,
      [](const TaxonomyTerm& t) { return need("name", t.name); }, o);
  auto organizations = dedupe(
      raw.organizations, organization_table(), mode,
      [](const Organization& r) { return need("name", r.name); }, o);
  auto services = dedupe(
      raw.services, service_table(), mode,
      [](const Service& s) -> Check {
        if (s.name.empty()) return need("name", s.name);
        if (!one_of(s.status, {"active", "inactive", "defunct", "temporarily closed"})) {
          return {"status", "\"" + s.status +
                                "\" is not an HSDS status (active, inactive, defunct, temporarily "
                                "closed)"};
        }
        return kValid;
      },
      o);
  auto locations = dedupe(
      raw.locations, location_table(), mode,
      [](const Location& l) -> Check {
        if (!one_of(l.location_type, {"physical", "postal", "virtual"})) {
          return {"location_type",
                  "\"" + l.location_type + "\" is not physical, postal or virtual"};
        }
        if (l.latitude && (*l.latitude < -90 || *l.latitude > 90)) {
          return {"latitude", "out of range (-90 to 90)"};
        }
        if (l.longitude && (*l.longitude < -180 || *l.longitude > 180)) {
          return {"longitude", "out of range (-180 to 180)"};
        }
        return kValid;
      },
      o);
  auto addresses = dedupe(
      raw.addresses, address_table(), mode,
      [](const Address& a) -> Check {
        if (!one_of(a.address_type, {"physical", "postal", "virtual"})) {
          return {"address_type", "\"" + a.address_type + "\" is not physical, postal or virtual"};
        }
        return kValid;
      },
      o);
  auto sals = dedupe(
      raw.service_at_locations, service_at_location_table(), mode,
      [](const ServiceAtLocation& s) -> Check {
        if (s.service_id.empty()) return need("service_id", s.service_id);
        return need("location_id", s.location_id);
      },
      o);
  auto phones = dedupe(
      raw.phones, phone_table(), mode,
      [](const Phone& p) -> Check {
        if (p.number.empty()) return need("number", p.number);
        if (!p.type.empty() &&
            !one_of(p.type, {"text", "voice", "fax", "cell", "video", "pager", "textphone"})) {
          return {"type", "\"" + p.type +
                              "\" is not an HSDS phone type (text, voice, fax, cell, video, "
                              "pager, textphone)"};
        }
        return kValid;
      },
      o);
  auto languages = dedupe(
      raw.languages, language_table(), mode, [](const Language&) { return kValid; }, o);
  auto areas = dedupe(
      raw.service_areas, service_area_table(), mode, [](const ServiceArea&) { return kValid; }, o);
  auto attributes = dedupe(
      raw.attributes, attribute_table(), mode,
      [](const Attribute& a) -> Check {
        if (a.link_id.empty()) return need("link_id", a.link_id);
        if (a.link_entity.empty()) return need("link_entity", a.link_entity);
        return need("taxonomy_term_id", a.taxonomy_term_id);
      },
      o);

  // References, parents before children.
  const Ids taxonomy_ids = ids_of(raw.taxonomies, taxonomies, raw.unreadable["taxonomy"]);
  terms = check_references(std::move(terms), [&](Row<TaxonomyTerm>& r) {
    return check_reference(r.rec.taxonomy_id, taxonomy_ids, "taxonomy", Ref::kOptional, r.at,
                           "taxonomy_id", o);
  });
  // A term whose parent is rejected goes too, until no such term is left.
  Ids term_ids = ids_of(raw.taxonomy_terms, terms, raw.unreadable["taxonomy_term"]);
  for (bool changed = true; changed;) {
    changed = false;
    std::vector<Row<TaxonomyTerm>> next;
    for (auto& r : terms) {
      if (!check_reference(r.rec.parent_id, term_ids, "parent term", Ref::kOptional, r.at,
                           "parent_id", o)) {
        term_ids.kept.erase(r.rec.id);
        changed = true;
        continue;
      }
      next.push_back(std::move(r));
    }
    terms = std::move(next);
  }

  const Ids organization_ids =
      ids_of(raw.organizations, organizations, raw.unreadable["organization"]);
  services = check_references(std::move(services), [&](Row<Service>& r) {
    return check_reference(r.rec.organization_id, organization_ids, "organization", Ref::kRequired,
                           r.at, "organization_id", o);
  });
  const Ids service_ids = ids_of(raw.services, services, raw.unreadable["service"]);
  locations = check_references(std::move(locations), [&](Row<Location>& r) {
    return check_reference(r.rec.organization_id, organization_ids, "organization", Ref::kOptional,
                           r.at, "organization_id", o);
  });
  const Ids location_ids = ids_of(raw.locations, locations, raw.unreadable["location"]);
  addresses = check_references(std::move(addresses), [&](Row<Address>& r) {
    return check_reference(r.rec.location_id, location_ids, "location", Ref::kOptional, r.at,
                           "location_id", o);
  });
  sals = check_references(std::move(sals), [&](Row<ServiceAtLocation>& r) {
    return check_reference(r.rec.service_id, service_ids, "service", Ref::kRequired, r.at,
                           "service_id", o) &&
           check_reference(r.rec.location_id, location_ids, "location", Ref::kRequired, r.at,
                           "location_id", o);
  });
  phones = check_references(std::move(phones), [&](Row<Phone>& r) {
    return check_reference(r.rec.organization_id, organization_ids, "organization", Ref::kOptional,
                           r.at, "organization_id", o) &&
           check_reference(r.rec.service_id, service_ids, "service", Ref::kOptional, r.at,
                           "service_id", o) &&
           check_reference(r.rec.location_id, location_ids, "location", Ref::kOptional, r.at,
                           "location_id", o);
  });
  const Ids phone_ids = ids_of(raw.phones, phones, raw.unreadable["phone"]);
  languages = check_references(std::move(languages), [&](Row<Language>& r) {
    return check_reference(r.rec.service_id, service_ids, "service", Ref::kOptional, r.at,
                           "service_id", o) &&
           check_reference(r.rec.location_id, location_ids, "location", Ref::kOptional, r.at,
                           "location_id", o) &&
           check_reference(r.rec.phone_id, phone_ids, "phone", Ref::kOptional, r.at, "phone_id", o);
  });
  areas = check_references(std::move(areas), [&](Row<ServiceArea>& r) {
    return check_reference(r.rec.service_id, service_ids, "service", Ref::kOptional, r.at,
                           "service_id", o);
  });

  const std::map<std::string_view, const Ids*> entities = {
      {"organization", &organization_ids},
      {"service", &service_ids},
      {"location", &location_ids},
      {"phone", &phone_ids},
  };
  const Ids address_ids = ids_of(raw.addresses, addresses, raw.unreadable["address"]);
  const Ids sal_ids = ids_of(raw.service_at_locations, sals, raw.unreadable["service_at_location"]);
  const Ids language_ids = ids_of(raw.languages, languages, raw.unreadable["language"]);
  const Ids area_ids = ids_of(raw.service_areas, areas, raw.unreadable["service_area"]);
  std::map<std::string_view, const Ids*> linkable = entities;
  linkable.emplace("address", &address_ids);
  linkable.emplace("service_at_location", &sal_ids);
  linkable.emplace("language", &language_ids);
  linkable.emplace("service_area", &area_ids);
  linkable.emplace("taxonomy", &taxonomy_ids);
  linkable.emplace("taxonomy_term", &term_ids);

  std::map<std::string, const TaxonomyTerm*> term_by_id;
  for (const auto& t : terms) term_by_id.emplace(t.rec.id, &t.rec);
  std::vector<Translation> translations;
  attributes = check_references(std::move(attributes), [&](Row<Attribute>& r) {
    if (!check_reference(r.rec.taxonomy_term_id, term_ids, "taxonomy term", Ref::kRequired, r.at,
                         "taxonomy_term_id", o)) {
      return false;
    }
    const auto target = linkable.find(r.rec.link_entity);
    if (target == linkable.end()) {
      o.rejected.push_back(
          issue(r.at, "link_entity", "amparo keeps no \"" + r.rec.link_entity + "\" records"));
      return false;
    }
    if (!check_reference(r.rec.link_id, *target->second, r.rec.link_entity, Ref::kRequired, r.at,
                         "link_id", o)) {
      return false;
    }
    const TaxonomyTerm& term = *term_by_id.at(r.rec.taxonomy_term_id);
    if (term.taxonomy_id != kTranslationTaxonomyId) return true;
    // A translation: link_type "translation:<field>:<status>", the term's language.
    std::string_view spec = r.rec.link_type;
    const auto colon = spec.rfind(':');
    if (!spec.starts_with(kTranslationLinkPrefix) || colon < kTranslationLinkPrefix.size()) {
      o.rejected.push_back(
          issue(r.at, "link_type", "a translation needs link_type translation:FIELD:STATUS"));
      return false;
    }
    Translation t;
    t.record_table = r.rec.link_entity;
    t.record_id = r.rec.link_id;
    t.field = std::string(
        spec.substr(kTranslationLinkPrefix.size(), colon - kTranslationLinkPrefix.size()));
    t.status = std::string(spec.substr(colon + 1));
    t.language = term.language;
    t.text = r.rec.value;
    if (t.field.empty() || t.language.empty() ||
        !one_of(t.status, {"human", "machine", "unreviewed"})) {
      o.rejected.push_back(issue(r.at, "link_type",
                                 "a translation needs a field, a language and a status "
                                 "(human, machine, unreviewed)"));
      return false;
    }
    translations.push_back(std::move(t));
    return false;
  });

  // amparo's metadata rows: provenance and the fields HSDS 3.0 has no column for.
  std::unordered_map<std::string, std::size_t> org_at, service_at, location_at, phone_at,
      attribute_at;
  for (std::size_t i = 0; i < organizations.size(); ++i) org_at[organizations[i].rec.id] = i;
  for (std::size_t i = 0; i < services.size(); ++i) service_at[services[i].rec.id] = i;
  for (std::size_t i = 0; i < locations.size(); ++i) location_at[locations[i].rec.id] = i;
  for (std::size_t i = 0; i < phones.size(); ++i) phone_at[phones[i].rec.id] = i;
  for (std::size_t i = 0; i < attributes.size(); ++i) attribute_at[attributes[i].rec.id] = i;
  std::map<std::string, int> history;  // file -> rows of other parties' change history
  for (const auto& row : raw.metadata) {
    const MetadataRow& m = row.rec;
    if (m.updated_by != kMetadataAuthor) {
      ++history[row.at.file];
      continue;
    }
    store::Provenance* provenance = nullptr;
    const auto find = [&](const std::unordered_map<std::string, std::size_t>& index,
                          auto& rows) -> bool {
      const auto it = index.find(m.resource_id);
      if (it == index.end()) return false;
      if constexpr (requires { rows[0].rec.provenance; }) {
        provenance = &rows[it->second].rec.provenance;
      }
      return true;
    };
    bool found = false;
    if (m.resource_type == "organization") found = find(org_at, organizations);
    if (m.resource_type == "service") found = find(service_at, services);
    if (m.resource_type == "location") found = find(location_at, locations);
    if (m.resource_type == "phone") found = find(phone_at, phones);
    if (m.resource_type == "attribute") found = find(attribute_at, attributes);
    if (!found) {
      const bool seen =
          (m.resource_type == "organization" && organization_ids.seen.count(m.resource_id)) ||
          (m.resource_type == "service" && service_ids.seen.count(m.resource_id)) ||
          (m.resource_type == "location" && location_ids.seen.count(m.resource_id)) ||
          (m.resource_type == "phone" && phone_ids.seen.count(m.resource_id)) ||
          (m.resource_type == "attribute" &&
           std::any_of(raw.attributes.begin(), raw.attributes.end(),
                       [&](const auto& a) { return a.rec.id == m.resource_id; }));
      if (!seen) {
        o.rejected.push_back(
            issue(row.at, "resource_id",
                  "names no " + m.resource_type + " in the package (\"" + m.resource_id + "\")"));
      }
      continue;
    }
    const std::string& v = m.replacement_value;
    if (provenance != nullptr && m.field_name == "source_dataset") {
      provenance->dataset = v;
    } else if (provenance != nullptr && m.field_name == "source_date") {
      provenance->source_date = v;
    } else if (provenance != nullptr && m.field_name == "assured_date") {
      provenance->assured_date = v;
    } else if (provenance != nullptr && m.field_name == "source_row") {
      provenance->source_row = v;
    } else if (m.resource_type == "phone" && m.field_name == "extension") {
      phones[phone_at.at(m.resource_id)].rec.extension = v;
    } else if (m.resource_type == "attribute" && m.field_name == "label") {
      attributes[attribute_at.at(m.resource_id)].rec.label = v;
    } else {
      o.rejected.push_back(issue(
          row.at, "field_name",
          "amparo keeps no " + m.resource_type + " field \"" + m.field_name + "\" as metadata"));
    }
  }
  for (const auto& [file, n] : history) {
    o.rejected.push_back(ImportIssue{file, 0, "updated_by",
                                     std::to_string(n) +
                                         " metadata rows not imported: amparo keeps no change "
                                         "history of other systems"});
  }

  // The translation taxonomy is how translations travel, not a record of the directory.
  std::erase_if(taxonomies,
                [](const Row<Taxonomy>& t) { return t.rec.id == kTranslationTaxonomyId; });
  std::erase_if(terms, [](const Row<TaxonomyTerm>& t) {
    return t.rec.taxonomy_id == kTranslationTaxonomyId;
  });

  auto& r = o.records;
  r.organizations = records_of(organizations);
  r.services = records_of(services);
  r.locations = records_of(locations);
  r.addresses = records_of(addresses);
  r.service_at_locations = records_of(sals);
  r.phones = records_of(phones);
  r.languages = records_of(languages);
  r.service_areas = records_of(areas);
  r.taxonomies = records_of(taxonomies);
  r.taxonomy_terms = records_of(terms);
  r.attributes = records_of(attributes);
  r.translations = std::move(translations);
}

int CsvFile::column(std::string_view wanted) const {
  const auto it = std::find(header.begin(), header.end(), wanted);
  return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

Result<CsvFile> read_csv_file(const std::string& path, std::string_view name,
                              const std::vector<std::string_view>& required) {
  auto text = read_file(path);
  if (!text.ok()) return std::move(text).error();
  auto parsed = parse_csv(*text, name);
  if (!parsed.ok()) return std::move(parsed).error();
  auto& records = *parsed;
  for (const auto& rec : records) {
    for (std::size_t i = 0; i < rec.fields.size(); ++i) {
      if (!simdjson::validate_utf8(rec.fields[i])) {
        const bool in_header = &rec == &records.front();
        std::string column = !in_header && i < records.front().fields.size()
                                 ? records.front().fields[i]
                                 : "column " + std::to_string(i + 1);
        return make_error(ErrorCode::kInvalidArgument, "not valid UTF-8; save the file as UTF-8")
            .at(std::string(name), rec.line)
            .in_field(std::move(column));
      }
    }
  }
  // The header checks (empty file, repeated or missing columns) are CsvTable's.
  std::vector<CsvRecord> header_only;
  if (!records.empty()) header_only.push_back(records.front());
  auto table = CsvTable::from(std::move(header_only), name, required);
  if (!table.ok()) return std::move(table).error();
  CsvFile f;
  f.name = std::string(name);
  f.header = std::move(records.front().fields);
  records.erase(records.begin());
  f.rows = std::move(records);
  return f;
}

std::optional<ImportIssue> check_csv_record(const CsvFile& file, const CsvRecord& record) {
  if (record.fields.size() != file.header.size()) {
    return ImportIssue{file.name, record.line, "",
                       "the row has " + std::to_string(record.fields.size()) +
                           " fields; the header has " + std::to_string(file.header.size())};
  }
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    if (record.fields[i].size() > kMaxFieldBytes) {
      return ImportIssue{file.name, record.line, file.header[i],
                         "field too long (" + std::to_string(record.fields[i].size()) +
                             " bytes; the limit is " + std::to_string(kMaxFieldBytes) + ")"};
    }
  }
  return std::nullopt;
}

}  // namespace hsds

namespace {

using namespace hsds;  // NOLINT(google-build-using-namespace): this file implements it
namespace fs = std::filesystem;

// ---- Tabular packages ----

// The CSV file of each resource: the path datapackage.json gives, else the HSDS default.
std::map<std::string, std::string> resource_paths(const std::string& dir, ImportResult& out) {
  std::map<std::string, std::string> paths;
  for (const auto& r : kResources) paths[std::string(r.name)] = std::string(r.path);
  const std::string package = (fs::path(dir) / "datapackage.json").string();
  auto text = read_file(package);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::array resources;
  if (!text.ok() || parser.parse(*text).get(doc) || doc["resources"].get(resources)) {
    out.repaired.push_back(ImportIssue{"datapackage.json", 0, "resources",
                                       "not a datapackage with resources; the HSDS 3.0 file "
                                       "names are read"});
    return paths;
  }
  for (auto r : resources) {
    std::string_view name, path;
    if (r["name"].get(name) || r["path"].get(path)) continue;
    const auto it = paths.find(std::string(name));
    // A path must stay inside the package.
    if (it != paths.end() && path.find("..") == std::string_view::npos && !path.starts_with("/")) {
      it->second = std::string(path);
    }
  }
  return paths;
}

template <typename T>
Status read_table(const std::string& dir, const std::string& file, const Table<T>& table,
                  std::vector<Row<T>>& rows, decltype(RawPackage::unreadable)& unreadable_ids,
                  ImportResult& out) {
  const fs::path path = fs::path(dir) / file;
  std::error_code ec;
  if (!fs::exists(path, ec)) return ok_status();
  std::vector<std::string_view> required;
  for (const auto& c : table.schema->columns) {
    if (c.required) required.push_back(c.name);
  }
  auto csv = read_csv_file(path.string(), file, required);
  if (!csv.ok()) return std::move(csv).error();
  out.files.push_back(path.string());
  std::vector<const Field<T>*> fields;
  for (const auto& column : csv->header) fields.push_back(table.field(column));
  std::vector<int> dropped(csv->header.size(), 0);
  const int id_column = csv->column("id");
  auto& unreadable = unreadable_ids[std::string(table.schema->name)];
  const auto remember = [&](const CsvRecord& record) {
    if (id_column >= 0 && static_cast<std::size_t>(id_column) < record.fields.size()) {
      unreadable.insert(record.fields[static_cast<std::size_t>(id_column)].substr(0, 1024));
    }
  };
  for (const auto& record : csv->rows) {
    if (auto bad = check_csv_record(*csv, record)) {
      out.rejected.push_back(std::move(*bad));
      remember(record);
      continue;
    }
    T rec;
    clear_fields(table, rec);
    bool ok = true;
    for (std::size_t i = 0; i < fields.size() && ok; ++i) {
      if (fields[i] == nullptr) {
        if (!record.fields[i].empty()) ++dropped[i];
        continue;
      }
      if (auto why = fields[i]->set(rec, record.fields[i]); !why.empty()) {
        out.rejected.push_back(ImportIssue{file, record.line, csv->header[i], why});
        remember(record);
        ok = false;
      }
    }
    if (ok) rows.push_back(Row<T>{std::move(rec), Origin{file, record.line}});
  }
  for (std::size_t i = 0; i < dropped.size(); ++i) {
    if (dropped[i] > 0) {
      out.rejected.push_back(ImportIssue{
          file, 0, csv->header[i],
          std::to_string(dropped[i]) + " values not imported: amparo keeps no such field"});
    }
  }
  return ok_status();
}

Result<ImportResult> import_package(const std::string& dir) {
  ImportResult out;
  out.files.push_back((fs::path(dir) / "datapackage.json").string());
  auto paths = resource_paths(dir, out);
  RawPackage raw;
  AMPARO_RETURN_IF_ERROR(read_table(dir, paths["organization"], organization_table(),
                                    raw.organizations, raw.unreadable, out));
  AMPARO_RETURN_IF_ERROR(
      read_table(dir, paths["service"], service_table(), raw.services, raw.unreadable, out));
  AMPARO_RETURN_IF_ERROR(
      read_table(dir, paths["location"], location_table(), raw.locations, raw.unreadable, out));
  AMPARO_RETURN_IF_ERROR(
      read_table(dir, paths["address"], address_table(), raw.addresses, raw.unreadable, out));
  AMPARO_RETURN_IF_ERROR(read_table(dir, paths["service_at_location"], service_at_location_table(),
                                    raw.service_at_locations, raw.unreadable, out));
  AMPARO_RETURN_IF_ERROR(
      read_table(dir, paths["phone"], phone_table(), raw.phones, raw.unreadable, out));
  AMPARO_RETURN_IF_ERROR(
      read_table(dir, paths["language"], language_table(), raw.languages, raw.unreadable, out));
  AMPARO_RETURN_IF_ERROR(read_table(dir, paths["service_area"], service_area_table(),
                                    raw.service_areas, raw.unreadable, out));
  AMPARO_RETURN_IF_ERROR(
      read_table(dir, paths["taxonomy"], taxonomy_table(), raw.taxonomies, raw.unreadable, out));
  AMPARO_RETURN_IF_ERROR(read_table(dir, paths["taxonomy_term"], taxonomy_term_table(),
                                    raw.taxonomy_terms, raw.unreadable, out));
  AMPARO_RETURN_IF_ERROR(
      read_table(dir, paths["attribute"], attribute_table(), raw.attributes, raw.unreadable, out));
  AMPARO_RETURN_IF_ERROR(
      read_table(dir, paths["metadata"], metadata_table(), raw.metadata, raw.unreadable, out));
  // HSDS tables amparo does not keep.
  for (const std::string_view other :
       {"accessibility.csv", "contacts.csv", "cost_options.csv", "funding.csv",
        "meta_table_descriptions.csv", "organization_identifiers.csv", "programs.csv",
        "required_documents.csv", "schedules.csv"}) {
    const fs::path path = fs::path(dir) / other;
    std::error_code ec;
    if (!fs::exists(path, ec)) continue;
    auto text = read_file(path.string());
    if (!text.ok()) continue;
    auto parsed = parse_csv(*text, other);
    const std::size_t n = parsed.ok() && !parsed->empty() ? parsed->size() - 1 : 0;
    if (n > 0) {
      out.rejected.push_back(
          ImportIssue{std::string(other), 0, "",
                      std::to_string(n) + " rows not imported: amparo keeps no such records"});
    }
  }
  resolve(std::move(raw), Duplicates::kReject, out);
  return out;
}

// ---- JSON ----

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

// The text of a scalar JSON value, or why it is not one.
bool scalar_text(element value, std::string& text) {
  switch (value.type()) {
    case element_type::STRING:
      text = std::string(value.get_string().value_unsafe());
      return true;
    case element_type::INT64:
      text = std::to_string(value.get_int64().value_unsafe());
      return true;
    case element_type::UINT64:
      text = std::to_string(value.get_uint64().value_unsafe());
      return true;
    case element_type::DOUBLE:
      text = format_number(value.get_double().value_unsafe());
      return true;
    case element_type::NULL_VALUE:
      text.clear();
      return true;
    default:
      return false;
  }
}

class JsonReader {
 public:
  JsonReader(RawPackage& raw, ImportResult& out) : raw_(raw), out_(out) {}

  // Reads one top-level item of `file` (row = its 1-based index) as a `kind` record.
  void item(std::string_view kind, element e, const Origin& at) {
    object o;
    if (e.get(o)) {
      out_.rejected.push_back(ImportIssue{at.file, at.row, "", "not a JSON object"});
      return;
    }
    at_ = at;
    if (kind == "organization") organization(o);
    if (kind == "service") service(o, "");
    if (kind == "location") location(o, "");
    if (kind == "taxonomy") taxonomy(o);
    if (kind == "taxonomy_term") term(o);
    if (kind == "service_at_location") service_at_location(o, "");
    if (kind == "phone") phone(o, "", "");
    if (kind == "language") language(o, "", "");
    if (kind == "address") address(o, "");
    if (kind == "service_area") service_area(o, "");
    if (kind == "attribute") attribute(o, "", "");
  }

 private:
  // Reads the fields of `table` from `o` into `rec`; false (and a rejected row) when one is
  // invalid.
  template <typename T>
  bool fields(object o, const Table<T>& table, T& rec) {
    if (read_fields(o, table, rec)) return true;
    std::string_view id;
    if (!o["id"].get(id)) raw_.unreadable[std::string(table.schema->name)].insert(std::string(id));
    return false;
  }

  template <typename T>
  bool read_fields(object o, const Table<T>& table, T& rec) {
    clear_fields(table, rec);
    for (const auto& f : table.fields) {
      element value;
      if (o[f.name].get(value)) continue;
      std::string text;
      if (!scalar_text(value, text)) {
        reject(std::string(f.name), "must be a string or a number");
        return false;
      }
      if (text.size() > kMaxFieldBytes) {
        reject(std::string(f.name), "field too long (" + std::to_string(text.size()) +
                                        " bytes; the limit is " + std::to_string(kMaxFieldBytes) +
                                        ")");
        return false;
      }
      if (auto why = f.set(rec, text); !why.empty()) {
        reject(std::string(f.name), why);
        return false;
      }
    }
    return true;
  }

  void reject(std::string field, std::string reason) {
    out_.rejected.push_back(ImportIssue{at_.file, at_.row, std::move(field), std::move(reason)});
  }

  template <typename Fn>
  void each(object o, std::string_view key, Fn fn) {
    array items;
    if (o[key].get(items)) return;
    for (element e : items) {
      object child;
      if (e.get(child)) {
        reject(std::string(key), "holds something other than objects");
        continue;
      }
      fn(child);
    }
  }

  static void fill(std::string& field, const std::string& parent) {
    if (field.empty()) field = parent;
  }

  void nested_side_records(object o, std::string_view entity, const std::string& id) {
    each(o, "attributes", [&](object a) { attribute(a, entity, id); });
    each(o, "metadata", [&](object m) { metadata(m, entity, id); });
  }

  void organization(object o) {
    Organization r;
    if (!fields(o, organization_table(), r)) return;
    raw_.organizations.push_back({r, at_});
    each(o, "phones", [&](object p) { phone(p, "organization", r.id); });
    each(o, "locations", [&](object l) { location(l, r.id); });
    each(o, "services", [&](object s) { service(s, r.id); });
    nested_side_records(o, "organization", r.id);
  }

  void service(object o, const std::string& organization_id) {
    Service r;
    if (!fields(o, service_table(), r)) return;
    fill(r.organization_id, organization_id);
    object org;
    if (!o["organization"].get(org)) {
      const std::size_t before = raw_.organizations.size();
      organization(org);
      if (raw_.organizations.size() > before)
        fill(r.organization_id, raw_.organizations.back().rec.id);
    }
    raw_.services.push_back({r, at_});
    each(o, "phones", [&](object p) { phone(p, "service", r.id); });
    each(o, "service_areas", [&](object a) { service_area(a, r.id); });
    each(o, "languages", [&](object l) { language(l, "service", r.id); });
    each(o, "service_at_locations", [&](object s) { service_at_location(s, r.id); });
    nested_side_records(o, "service", r.id);
  }

  void service_at_location(object o, const std::string& service_id) {
    ServiceAtLocation r;
    if (!fields(o, service_at_location_table(), r)) return;
    fill(r.service_id, service_id);
    object nested;
    if (!o["location"].get(nested)) {
      const std::size_t before = raw_.locations.size();
      location(nested, "");
      if (raw_.locations.size() > before) fill(r.location_id, raw_.locations.back().rec.id);
    }
    if (!o["service"].get(nested)) {
      const std::size_t before = raw_.services.size();
      service(nested, "");
      if (raw_.services.size() > before) fill(r.service_id, raw_.services.back().rec.id);
    }
    raw_.service_at_locations.push_back({r, at_});
    // A phone of a service at a location is a phone of that service and of that location.
    each(o, "phones", [&](object p) {
      const std::size_t before = raw_.phones.size();
      phone(p, "service", r.service_id);
      if (raw_.phones.size() > before) fill(raw_.phones.back().rec.location_id, r.location_id);
    });
    nested_side_records(o, "service_at_location", r.id);
  }

  void location(object o, const std::string& organization_id) {
    Location r;
    if (!fields(o, location_table(), r)) return;
    fill(r.organization_id, organization_id);
    raw_.locations.push_back({r, at_});
    each(o, "addresses", [&](object a) { address(a, r.id); });
    each(o, "phones", [&](object p) { phone(p, "location", r.id); });
    each(o, "languages", [&](object l) { language(l, "location", r.id); });
    nested_side_records(o, "location", r.id);
  }

  void address(object o, const std::string& location_id) {
    Address r;
    if (!fields(o, address_table(), r)) return;
    fill(r.location_id, location_id);
    raw_.addresses.push_back({r, at_});
    nested_side_records(o, "address", r.id);
  }

  void phone(object o, std::string_view parent, const std::string& parent_id) {
    Phone r;
    if (!fields(o, phone_table(), r)) return;
    if (parent == "organization") fill(r.organization_id, parent_id);
    if (parent == "service") fill(r.service_id, parent_id);
    if (parent == "location") fill(r.location_id, parent_id);
    raw_.phones.push_back({r, at_});
    each(o, "languages", [&](object l) { language(l, "phone", r.id); });
    nested_side_records(o, "phone", r.id);
  }

  void language(object o, std::string_view parent, const std::string& parent_id) {
    Language r;
    if (!fields(o, language_table(), r)) return;
    if (parent == "service") fill(r.service_id, parent_id);
    if (parent == "location") fill(r.location_id, parent_id);
    if (parent == "phone") fill(r.phone_id, parent_id);
    raw_.languages.push_back({r, at_});
    nested_side_records(o, "language", r.id);
  }

  void service_area(object o, const std::string& service_id) {
    ServiceArea r;
    if (!fields(o, service_area_table(), r)) return;
    fill(r.service_id, service_id);
    raw_.service_areas.push_back({r, at_});
    nested_side_records(o, "service_area", r.id);
  }

  void taxonomy(object o) {
    Taxonomy r;
    if (!fields(o, taxonomy_table(), r)) return;
    raw_.taxonomies.push_back({r, at_});
    each(o, "metadata", [&](object m) { metadata(m, "taxonomy", r.id); });
  }

  void term(object o) {
    TaxonomyTerm r;
    if (!fields(o, taxonomy_term_table(), r)) return;
    object detail;
    if (!o["taxonomy_detail"].get(detail)) {
      const std::size_t before = raw_.taxonomies.size();
      taxonomy(detail);
      if (raw_.taxonomies.size() > before) fill(r.taxonomy_id, raw_.taxonomies.back().rec.id);
    }
    raw_.taxonomy_terms.push_back({r, at_});
    each(o, "metadata", [&](object m) { metadata(m, "taxonomy_term", r.id); });
  }

  void attribute(object o, std::string_view entity, const std::string& link_id) {
    Attribute r;
    if (!fields(o, attribute_table(), r)) return;
    fill(r.link_id, link_id);
    fill(r.link_entity, std::string(entity));
    object nested;
    if (!o["taxonomy_term"].get(nested)) {
      const std::size_t before = raw_.taxonomy_terms.size();
      term(nested);
      if (raw_.taxonomy_terms.size() > before) {
        fill(r.taxonomy_term_id, raw_.taxonomy_terms.back().rec.id);
      }
    }
    raw_.attributes.push_back({r, at_});
    each(o, "metadata", [&](object m) { metadata(m, "attribute", r.id); });
  }

  void metadata(object o, std::string_view type, const std::string& id) {
    MetadataRow r;
    if (!fields(o, metadata_table(), r)) return;
    fill(r.resource_id, id);
    fill(r.resource_type, std::string(type));
    raw_.metadata.push_back({r, at_});
  }

  RawPackage& raw_;
  ImportResult& out_;
  Origin at_;
};

// What a top-level JSON object is, by its shape.
std::string_view kind_of(object o) {
  const auto has = [&](std::string_view key) { return !o[key].error(); };
  if (has("location_type")) return "location";
  if (has("status")) return "service";
  if (has("link_entity")) return "attribute";
  if (has("taxonomy_detail") || has("term_uri") || has("parent_id") || has("code")) {
    return "taxonomy_term";
  }
  if (has("service") || has("location")) return "service_at_location";
  if (has("version") && !has("website") && !has("email")) return "taxonomy";
  return "organization";
}

// Reads one JSON file: an array, a page ({"contents": [...]}) or one object. `kind` is the record
// type, or empty to tell each item by its shape.
Status read_json_file(const std::string& path, std::string_view name, std::string_view kind,
                      RawPackage& raw, ImportResult& out) {
  auto text = read_file(path);
  if (!text.ok()) return std::move(text).error();
  if (text->empty()) {
    return make_error(ErrorCode::kInvalidArgument, "the file is empty; expected JSON")
        .at(std::string(name), 1);
  }
  simdjson::dom::parser parser;
  element doc;
  if (const auto err = parser.parse(*text).get(doc); err) {
    return make_error(ErrorCode::kInvalidArgument,
                      std::string("not valid JSON: ") + simdjson::error_message(err))
        .at(std::string(name));
  }
  out.files.push_back(path);
  JsonReader reader(raw, out);
  const auto read = [&](element e, int row) {
    object o;
    std::string_view k = kind;
    if (k.empty()) k = e.get(o) ? std::string_view("organization") : kind_of(o);
    reader.item(k, e, Origin{std::string(name), row});
  };
  array items;
  object top;
  if (!doc.get(items) || (!doc.get(top) && !top["contents"].get(items))) {
    int row = 0;
    for (element e : items) read(e, ++row);
    return ok_status();
  }
  if (doc.is_object()) {
    read(doc, 1);
    return ok_status();
  }
  return make_error(ErrorCode::kInvalidArgument,
                    "expected an object or an array of HSDS records at the top level")
      .at(std::string(name), 1);
}

template <typename T>
void sort_by_id(std::vector<T>& v) {
  std::stable_sort(v.begin(), v.end(), [](const T& a, const T& b) { return a.id < b.id; });
}

void sort_records(store::Records& r) {
  sort_by_id(r.organizations);
  sort_by_id(r.services);
  sort_by_id(r.locations);
  sort_by_id(r.addresses);
  sort_by_id(r.service_at_locations);
  sort_by_id(r.phones);
  sort_by_id(r.languages);
  sort_by_id(r.service_areas);
  sort_by_id(r.taxonomies);
  sort_by_id(r.taxonomy_terms);
  sort_by_id(r.attributes);
  std::stable_sort(r.translations.begin(), r.translations.end(),
                   [](const store::Translation& a, const store::Translation& b) {
                     return std::tie(a.record_table, a.record_id, a.field, a.language) <
                            std::tie(b.record_table, b.record_id, b.field, b.language);
                   });
}

// The files export_hsds(..., "json") writes, with the record type each holds.
constexpr std::pair<std::string_view, std::string_view> kJsonFiles[] = {
    {"organizations.json", "organization"},
    {"locations.json", "location"},
    {"services.json", "service"},
    {"taxonomies.json", "taxonomy"},
    {"taxonomy_terms.json", "taxonomy_term"},
    {"service_at_locations.json", "service_at_location"},
    {"addresses.json", "address"},
    {"phones.json", "phone"},
    {"languages.json", "language"},
    {"service_areas.json", "service_area"},
    {"attributes.json", "attribute"},
};

}  // namespace

Result<ImportResult> import_hsds(const std::string& path) {
  std::error_code ec;
  const fs::path p(path);
  if (fs::is_directory(p, ec)) {
    if (fs::exists(p / "datapackage.json", ec)) return import_package(path);
    ImportResult out;
    RawPackage raw;
    bool any = false;
    for (const auto& [file, kind] : kJsonFiles) {
      if (!fs::exists(p / file, ec)) continue;
      any = true;
      AMPARO_RETURN_IF_ERROR(read_json_file((p / file).string(), file, kind, raw, out));
    }
    if (!any) {
      return make_error(ErrorCode::kInvalidArgument,
                        "neither datapackage.json nor HSDS JSON files (services.json, "
                        "organizations.json, ...) in this folder")
          .at(path);
    }
    resolve(std::move(raw), Duplicates::kMerge, out);
    sort_records(out.records);
    return out;
  }
  if (!fs::exists(p, ec)) {
    return make_error(ErrorCode::kNotFound, "no such file or folder").at(path);
  }
  ImportResult out;
  RawPackage raw;
  AMPARO_RETURN_IF_ERROR(read_json_file(path, p.filename().string(), "", raw, out));
  resolve(std::move(raw), Duplicates::kMerge, out);
  sort_records(out.records);
  return out;
}

}  // namespace amparo::directory
