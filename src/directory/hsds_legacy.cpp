// The HSDS 1.x/2.0 importer: the tabular layout most 211 exports still use (organizations.csv,
// services.csv, locations.csv, services_at_location.csv, phones.csv, physical_addresses.csv,
// postal_addresses.csv, languages.csv, taxonomy.csv + services_taxonomy.csv), mapped to HSDS 3.0:
//
// - organizations.url is 3.0's website; a location is `physical` (1.x has no location_type).
// - physical_addresses and postal_addresses become addresses of that address_type; a postal
//   address's id gets the prefix "postal-" (the two files number their rows independently).
// - languages.csv names one language per row and often repeats its id per service; the language id
//   is "<id>/<language>". A few common language names get their BCP 47 code.
// - taxonomy.csv rows become terms of one taxonomy per vocabulary; services_taxonomy rows become
//   attributes of the service with that term.
// - An empty service status (1.x had no required status) is "active", reported once.
// - Values are trimmed, and the literal two characters "\n" that 1.x transformers wrote for a line
//   break become line breaks.
// - Tables 3.0 amparo does not keep (regular_schedules, contacts, eligibility, ...) and columns
// amparo
//   does not keep are reported as not imported.
//
// Provenance: dataset = the folder's SOURCE.txt "source:" (else its datapackage.json title, else
// the folder name) and the file, source_date = the first date (YYYY-MM-DD) after "exported" in
// SOURCE.txt, source_row = "row N" with N the line of the record in its file.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "core/file.h"
#include "directory/hsds_tables.h"
#include "directory/import.h"

namespace amparo::directory {

namespace {

namespace fs = std::filesystem;
using namespace hsds;  // NOLINT(google-build-using-namespace): this file implements it

std::string clean(std::string_view v) {
  const auto b = v.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  v = v.substr(b, v.find_last_not_of(" \t\r\n") - b + 1);
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size() && v[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else {
      out += v[i];
    }
  }
  return out;
}

struct Source {
  std::string title;
  std::string date;
};

Source read_source(const fs::path& dir) {
  Source s;
  if (auto text = read_file((dir / "SOURCE.txt").string()); text.ok()) {
    std::string_view t = *text;
    if (const auto at = t.find("source:"); at != std::string_view::npos) {
      std::string_view rest = t.substr(at + 7);
      rest.remove_prefix(std::min(rest.find_first_not_of(' '), rest.size()));
      s.title = std::string(rest.substr(0, rest.find_first_of(" ;\n")));
    }
    for (auto at = t.find("exported"); at != std::string_view::npos && s.date.empty();
         at = t.find("exported", at + 1)) {
      for (std::size_t i = at; i + 10 <= t.size() && i < at + 40; ++i) {
        const std::string_view d = t.substr(i, 10);
        if (std::all_of(d.begin(), d.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }) &&
            d[4] == '-' && d[7] == '-') {
          s.date = std::string(d);
          break;
        }
      }
    }
  }
  if (s.title.empty()) s.title = dir.filename().string();
  return s;
}

std::string_view language_code(std::string_view name) {
  static const std::map<std::string_view, std::string_view> kCodes = {
      {"English", "en"},        {"Spanish", "es"},
      {"French", "fr"},         {"Creole", "ht"},
      {"Haitian Creole", "ht"}, {"Haitian-Creole", "ht"},
      {"Portuguese", "pt"},     {"Russian", "ru"},
      {"Arabic", "ar"},         {"Chinese", "zh"},
      {"Hebrew", "he"},         {"Italian", "it"},
      {"German", "de"},         {"Greek", "el"},
      {"Yiddish", "yi"},        {"American Sign Language", "ase"},
      {"Turkish", "tr"},        {"Pashto", "ps"},
      {"Dari", "prs"}};
  const auto it = kCodes.find(name);
  return it == kCodes.end() ? std::string_view() : it->second;
}

// One legacy file: its rows as column -> value, with provenance, and its unused columns reported.
class LegacyFile {
 public:
  static Result<LegacyFile> open(const fs::path& dir, std::string_view name,
                                 const std::vector<std::string_view>& required,
                                 const std::vector<std::string_view>& used, ImportResult& out) {
    LegacyFile f;
    const fs::path path = dir / std::string(name);
    std::error_code ec;
    if (!fs::exists(path, ec)) return f;
    auto csv = read_csv_file(path.string(), name, required);
    if (!csv.ok()) return std::move(csv).error();
    out.files.push_back(path.string());
    f.csv_ = std::move(*csv);
    f.present_ = true;
    for (std::size_t i = 0; i < f.csv_.header.size(); ++i) {
      const std::string& column = f.csv_.header[i];
      if (std::find(used.begin(), used.end(), column) != used.end()) continue;
      int n = 0;
      for (const auto& r : f.csv_.rows) {
        if (i < r.fields.size() && !clean(r.fields[i]).empty()) ++n;
      }
      if (n > 0) {
        out.rejected.push_back(
            ImportIssue{std::string(name), 0, column,
                        std::to_string(n) + " values not imported: amparo keeps no such field"});
      }
    }
    return f;
  }

  // Calls fn(get, line) for each readable row; get(column) is the cleaned value ("" if absent).
  template <typename Fn>
  void each(ImportResult& out, Fn fn) const {
    for (const auto& rec : csv_.rows) {
      if (auto bad = check_csv_record(csv_, rec)) {
        out.rejected.push_back(std::move(*bad));
        continue;
      }
      const auto get = [&](std::string_view column) {
        const int i = csv_.column(column);
        return i < 0 ? std::string() : clean(rec.fields[static_cast<std::size_t>(i)]);
      };
      fn(get, rec.line);
    }
  }

  bool present() const { return present_; }
  std::size_t size() const { return csv_.rows.size(); }
  const std::string& name() const { return csv_.name; }

 private:
  CsvFile csv_;
  bool present_ = false;
};

std::string slug(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace

Result<ImportResult> import_hsds_legacy(const std::string& path) {
  const fs::path dir = fs::exists(fs::path(path) / "data" / "services.csv")
                           ? fs::path(path) / "data"
                           : fs::path(path);
  std::error_code ec;
  if (!fs::exists(dir / "services.csv", ec) && !fs::exists(dir / "organizations.csv", ec)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "no organizations.csv or services.csv: not an HSDS 1.x/2.0 folder")
        .at(path);
  }
  const Source source = read_source(fs::path(path));
  ImportResult out;
  RawPackage raw;
  const auto provenance = [&](std::string_view file, int line) {
    return store::Provenance{source.title + ": " + std::string(file), source.date, "",
                             "row " + std::to_string(line)};
  };
  const auto origin = [](const LegacyFile& f, int line) { return Origin{f.name(), line}; };

  auto orgs =
      LegacyFile::open(dir, "organizations.csv", {"id", "name"},
                       {"id", "name", "alternate_name", "description", "email", "url"}, out);
  if (!orgs.ok()) return std::move(orgs).error();
  orgs->each(out, [&](const auto& get, int line) {
    store::Organization o{get("id"),
                          get("name"),
                          get("alternate_name"),
                          get("description"),
                          get("email"),
                          get("url"),
                          provenance("organizations.csv", line)};
    raw.organizations.push_back({std::move(o), origin(*orgs, line)});
  });

  auto services = LegacyFile::open(
      dir, "services.csv", {"id", "name"},
      {"id", "organization_id", "name", "description", "url", "email", "status"}, out);
  if (!services.ok()) return std::move(services).error();
  int defaulted_status = 0;
  services->each(out, [&](const auto& get, int line) {
    store::Service s{
        get("id"),  get("organization_id"), get("name"),   get("description"),
        get("url"), get("email"),           get("status"), provenance("services.csv", line)};
    if (s.status.empty()) {
      s.status = "active";
      ++defaulted_status;
    }
    raw.services.push_back({std::move(s), origin(*services, line)});
  });
  if (defaulted_status > 0) {
    out.repaired.push_back(
        ImportIssue{"services.csv", 0, "status",
                    std::to_string(defaulted_status) + " services without a status are active"});
  }

  auto locations = LegacyFile::open(
      dir, "locations.csv", {"id"},
      {"id", "organization_id", "name", "description", "latitude", "longitude"}, out);
  if (!locations.ok()) return std::move(locations).error();
  locations->each(out, [&](const auto& get, int line) {
    store::Location l;
    l.id = get("id");
    l.organization_id = get("organization_id");
    l.name = get("name");
    l.description = get("description");
    l.provenance = provenance("locations.csv", line);
    for (const auto& [column, member] : {std::pair{"latitude", &store::Location::latitude},
                                         std::pair{"longitude", &store::Location::longitude}}) {
      const std::string v = get(column);
      if (v.empty()) continue;
      const auto d = parse_number(v);
      if (!d) {
        out.rejected.push_back(ImportIssue{"locations.csv", line, column, "not a number"});
        raw.unreadable["location"].insert(l.id);
        return;
      }
      l.*member = *d;
    }
    raw.locations.push_back({std::move(l), origin(*locations, line)});
  });

  const std::vector<std::string_view> address_columns = {
      "id",   "location_id",    "attention",   "address_1", "address_2",
      "city", "state_province", "postal_code", "country",   "region"};
  for (const auto& [file, type] : {std::pair{"physical_addresses.csv", "physical"},
                                   std::pair{"postal_addresses.csv", "postal"}}) {
    auto f = LegacyFile::open(dir, file, {"id", "location_id"}, address_columns, out);
    if (!f.ok()) return std::move(f).error();
    const std::string prefix = std::string_view(type) == "postal" ? "postal-" : "";
    f->each(out, [&](const auto& get, int line) {
      store::Address a{prefix + get("id"),
                       get("location_id"),
                       get("attention"),
                       get("address_1"),
                       get("address_2"),
                       get("city"),
                       get("region"),
                       get("state_province"),
                       get("postal_code"),
                       get("country"),
                       type};
      raw.addresses.push_back({std::move(a), origin(*f, line)});
    });
  }

  for (const std::string_view file : {"services_at_location.csv", "service_at_location.csv"}) {
    auto f = LegacyFile::open(dir, file, {"id", "service_id", "location_id"},
                              {"id", "service_id", "location_id"}, out);
    if (!f.ok()) return std::move(f).error();
    f->each(out, [&](const auto& get, int line) {
      raw.service_at_locations.push_back(
          {store::ServiceAtLocation{get("id"), get("service_id"), get("location_id")},
           origin(*f, line)});
    });
  }

  auto phones = LegacyFile::open(dir, "phones.csv", {"id", "number"},
                                 {"id", "location_id", "service_id", "organization_id", "number",
                                  "extension", "type", "description"},
                                 out);
  if (!phones.ok()) return std::move(phones).error();
  phones->each(out, [&](const auto& get, int line) {
    store::Phone p;
    p.id = get("id");
    p.location_id = get("location_id");
    p.service_id = get("service_id");
    p.organization_id = get("organization_id");
    p.number = get("number");
    p.extension = get("extension");
    p.type = get("type");
    p.description = get("description");
    p.provenance = provenance("phones.csv", line);
    raw.phones.push_back({std::move(p), origin(*phones, line)});
  });

  auto languages = LegacyFile::open(dir, "languages.csv", {"id", "language"},
                                    {"id", "service_id", "location_id", "language"}, out);
  if (!languages.ok()) return std::move(languages).error();
  languages->each(out, [&](const auto& get, int line) {
    const std::string name = get("language");
    if (name.empty()) {
      out.rejected.push_back(ImportIssue{"languages.csv", line, "language", "no language named"});
      return;
    }
    store::Language l{
        get("id") + "/" + name,          get("service_id"), get("location_id"), "", name,
        std::string(language_code(name))};
    raw.languages.push_back({std::move(l), origin(*languages, line)});
  });

  auto taxonomy = LegacyFile::open(dir, "taxonomy.csv", {"id", "name"},
                                   {"id", "name", "parent_id", "vocabulary"}, out);
  if (!taxonomy.ok()) return std::move(taxonomy).error();
  std::set<std::string> vocabularies;
  taxonomy->each(out, [&](const auto& get, int line) {
    const std::string vocabulary = get("vocabulary");
    store::TaxonomyTerm t;
    t.id = get("id");
    t.code = t.id;
    t.name = get("name");
    t.parent_id = get("parent_id");
    if (!vocabulary.empty()) {
      t.taxonomy_id = slug(vocabulary);
      if (vocabularies.insert(vocabulary).second) {
        raw.taxonomies.push_back(
            {store::Taxonomy{t.taxonomy_id, vocabulary, "", "", ""}, origin(*taxonomy, line)});
      }
    }
    raw.taxonomy_terms.push_back({std::move(t), origin(*taxonomy, line)});
  });

  auto service_terms =
      LegacyFile::open(dir, "services_taxonomy.csv", {"id", "service_id", "taxonomy_id"},
                       {"id", "service_id", "taxonomy_id", "taxonomy_detail"}, out);
  if (!service_terms.ok()) return std::move(service_terms).error();
  service_terms->each(out, [&](const auto& get, int line) {
    store::Attribute a;
    a.id = get("id");
    a.link_id = get("service_id");
    a.link_entity = "service";
    a.taxonomy_term_id = get("taxonomy_id");
    a.value = get("taxonomy_detail");
    raw.attributes.push_back({std::move(a), origin(*service_terms, line)});
  });

  // 1.x tables amparo does not keep.
  for (const std::string_view file :
       {"regular_schedules.csv", "holiday_schedules.csv", "contacts.csv", "eligibility.csv",
        "accessibility_for_disabilities.csv", "programs.csv", "funding.csv", "fees.csv",
        "payment_accepted.csv", "required_documents.csv", "service_area.csv", "service_areas.csv",
        "metadata.csv"}) {
    const fs::path p = dir / std::string(file);
    if (!fs::exists(p, ec)) continue;
    auto text = read_file(p.string());
    if (!text.ok()) continue;
    auto parsed = parse_csv(*text, file);
    const std::size_t n = parsed.ok() && !parsed->empty() ? parsed->size() - 1 : 0;
    if (n > 0) {
      out.rejected.push_back(
          ImportIssue{std::string(file), 0, "",
                      std::to_string(n) + " rows not imported: amparo keeps no such records"});
    }
  }

  resolve(std::move(raw), Duplicates::kReject, out);
  return out;
}

}  // namespace amparo::directory
