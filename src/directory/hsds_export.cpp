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
// file of its own table (phones.json, ...). The JSON records are written by HsdsJson
// (hsds_json.h), which the HSDS API uses too, so both give the same record the same bytes.
#include <filesystem>
#include <fstream>

#include "directory/hsds_json.h"
#include "directory/hsds_tables.h"
#include "directory/import.h"
#include "text/json_writer.h"

namespace amparo::directory {

namespace {

namespace fs = std::filesystem;
using namespace hsds;  // NOLINT(google-build-using-namespace): this file implements it
using store::Records;
using text::JsonWriter;

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

Status export_json(const Records& r, const fs::path& dir) {
  const HsdsJson x(r);
  using Detail = HsdsJson::Detail;
  const auto file = [&](const auto& records, auto write) {
    std::string out;
    JsonWriter w(out);
    w.begin_array();
    for (const auto& rec : records) write(w, rec);
    w.end_array();
    out += '\n';
    return out;
  };
  AMPARO_RETURN_IF_ERROR(
      write_text(dir / "organizations.json",
                 file(r.organizations, [&](JsonWriter& w, const store::Organization& o) {
                   x.organization(w, o, Detail::kFull);
                 })));
  AMPARO_RETURN_IF_ERROR(write_text(dir / "services.json",
                                    file(r.services, [&](JsonWriter& w, const store::Service& s) {
                                      x.service(w, s, Detail::kFull);
                                    })));
  AMPARO_RETURN_IF_ERROR(write_text(dir / "locations.json",
                                    file(r.locations, [&](JsonWriter& w, const store::Location& l) {
                                      x.location(w, l, Detail::kFull);
                                    })));
  AMPARO_RETURN_IF_ERROR(write_text(
      dir / "taxonomies.json",
      file(x.taxonomies(), [&](JsonWriter& w, const store::Taxonomy& t) { x.taxonomy(w, t); })));
  AMPARO_RETURN_IF_ERROR(write_text(
      dir / "taxonomy_terms.json",
      file(x.taxonomy_terms(),
           [&](JsonWriter& w, const store::TaxonomyTerm& t) { x.taxonomy_term(w, t); })));
  for (const auto& [name, text] : x.unnested_files()) {
    AMPARO_RETURN_IF_ERROR(write_text(dir / name, text));
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
  if (format == "json") return export_json(records, dir);
  return export_csv(records, encode(records, today_utc()), dir);
}

}  // namespace amparo::directory
