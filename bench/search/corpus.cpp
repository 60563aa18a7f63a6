#include "corpus.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unordered_set>
#include <utility>

#include "core/file.h"
#include "directory/csv.h"

namespace amparo::bench {

namespace {

namespace fs = std::filesystem;
using directory::GeoPoint;
using directory::SearchDoc;

// NTEE major groups (National Center for Charitable Statistics), A to Z.
constexpr std::array<std::string_view, 26> kNteeMajors{
    "Arts, Culture and Humanities",
    "Education",
    "Environment",
    "Animal-Related",
    "Health Care",
    "Mental Health and Crisis Intervention",
    "Diseases, Disorders and Medical Disciplines",
    "Medical Research",
    "Crime and Legal-Related",
    "Employment",
    "Food, Agriculture and Nutrition",
    "Housing and Shelter",
    "Public Safety, Disaster Preparedness and Relief",
    "Recreation and Sports",
    "Youth Development",
    "Human Services",
    "International, Foreign Affairs and National Security",
    "Civil Rights, Social Action and Advocacy",
    "Community Improvement and Capacity Building",
    "Philanthropy, Voluntarism and Grantmaking Foundations",
    "Science and Technology",
    "Social Science",
    "Public and Societal Benefit",
    "Religion-Related",
    "Mutual and Membership Benefit",
    "Unknown",
};

// The IRS STATE codes present in the files -> the name people type.
const std::unordered_map<std::string_view, std::string_view>& state_names() {
  static const std::unordered_map<std::string_view, std::string_view> names{
      {"AK", "Alaska"},
      {"AL", "Alabama"},
      {"AR", "Arkansas"},
      {"AZ", "Arizona"},
      {"CA", "California"},
      {"CO", "Colorado"},
      {"CT", "Connecticut"},
      {"DC", "District of Columbia"},
      {"DE", "Delaware"},
      {"FL", "Florida"},
      {"GA", "Georgia"},
      {"HI", "Hawaii"},
      {"IA", "Iowa"},
      {"ID", "Idaho"},
      {"IL", "Illinois"},
      {"IN", "Indiana"},
      {"KS", "Kansas"},
      {"KY", "Kentucky"},
      {"LA", "Louisiana"},
      {"MA", "Massachusetts"},
      {"MD", "Maryland"},
      {"ME", "Maine"},
      {"MI", "Michigan"},
      {"MN", "Minnesota"},
      {"MO", "Missouri"},
      {"MS", "Mississippi"},
      {"MT", "Montana"},
      {"NC", "North Carolina"},
      {"ND", "North Dakota"},
      {"NE", "Nebraska"},
      {"NH", "New Hampshire"},
      {"NJ", "New Jersey"},
      {"NM", "New Mexico"},
      {"NV", "Nevada"},
      {"NY", "New York"},
      {"OH", "Ohio"},
      {"OK", "Oklahoma"},
      {"OR", "Oregon"},
      {"PA", "Pennsylvania"},
      {"RI", "Rhode Island"},
      {"SC", "South Carolina"},
      {"SD", "South Dakota"},
      {"TN", "Tennessee"},
      {"TX", "Texas"},
      {"UT", "Utah"},
      {"VA", "Virginia"},
      {"VT", "Vermont"},
      {"WA", "Washington"},
      {"WI", "Wisconsin"},
      {"WV", "West Virginia"},
      {"WY", "Wyoming"},
      {"PR", "Puerto Rico"},
      {"VI", "Virgin Islands"},
      {"GU", "Guam"},
      {"AS", "American Samoa"},
      {"MP", "Northern Mariana Islands"},
      {"FM", "Micronesia"},
      {"MH", "Marshall Islands"},
      {"PW", "Palau"},
      {"AA", "Armed Forces Americas"},
      {"AE", "Armed Forces Europe"},
      {"AP", "Armed Forces Pacific"},
  };
  return names;
}

Result<std::string> read_gzip(const std::string& path) {
  gzFile in = gzopen(path.c_str(), "rb");
  if (in == nullptr) return make_error(ErrorCode::kNotFound, "cannot open").at(path);
  std::string out;
  std::array<char, 1 << 16> buf{};
  for (;;) {
    const int n = gzread(in, buf.data(), static_cast<unsigned>(buf.size()));
    if (n < 0) {
      gzclose(in);
      return make_error(ErrorCode::kIo, "not a readable gzip file").at(path);
    }
    if (n == 0) break;
    out.append(buf.data(), static_cast<std::size_t>(n));
  }
  gzclose(in);
  return out;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  for (;;) {
    const auto at = s.find(sep);
    parts.emplace_back(s.substr(0, at));
    if (at == std::string_view::npos) return parts;
    s.remove_prefix(at + 1);
  }
}

bool parse_double(const std::string& s, double& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

SearchDoc document_of(const Org& org, const ZipCentroids& zips) {
  SearchDoc doc;
  doc.name = org.name;
  doc.alternate_name = org.sort_name;
  const char major = org.ntee.empty() ? '\0' : org.ntee[0];
  if (major != 'Z') doc.keywords = std::string(ntee_major_name(major));
  const auto state = state_names().find(org.state);
  doc.places = org.city;
  if (!org.state.empty()) {
    doc.places += ", ";
    doc.places += state == state_names().end() ? std::string_view(org.state) : state->second;
  }
  if (const auto z = zips.find(org.zip5); z != zips.end()) doc.points.push_back(z->second);
  if (!ntee_major_name(major).empty()) {
    doc.tags.push_back(std::string("ntee:") + major);
    if (const auto tag = ntee_service_tag(major); !tag.empty()) doc.tags.emplace_back(tag);
  }
  return doc;
}

std::string csv_field(std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (const char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

// Deterministic UUID-shaped ids: the table in the first group, the EIN in the last.
std::string hsds_id(int table, const std::string& ein) {
  std::string t = std::to_string(table);
  std::string e = ein;
  if (e.size() < 12) e.insert(0, 12 - e.size(), '0');
  return std::string(8 - t.size(), '0') + t + "-0000-4000-8000-" + e;
}

}  // namespace

std::string_view ntee_major_name(char major) {
  if (major < 'A' || major > 'Z') return {};
  return kNteeMajors[static_cast<std::size_t>(major - 'A')];
}

std::string_view ntee_service_tag(char major) {
  switch (major) {
    case 'B':
      return "service:education";
    case 'E':
    case 'G':
    case 'H':
      return "service:health";
    case 'F':
      return "service:mental-health";
    case 'I':
      return "service:legal";
    case 'J':
      return "service:work";
    case 'K':
      return "service:food";
    case 'L':
      return "service:housing";
    case 'M':
      return "service:emergency";
    case 'O':
      return "service:youth";
    case 'P':
      return "service:social-services";
    case 'Q':
      return "service:international";
    case 'R':
      return "service:rights";
    case 'X':
      return "service:faith";
    default:
      return {};
  }
}

Result<ZipCentroids> load_zip_centroids(const std::string& path) {
  auto text = read_file(path);
  if (!text.ok()) return std::move(text).error();
  auto records = directory::parse_csv(*text, path);
  if (!records.ok()) return std::move(records).error();
  auto table =
      directory::CsvTable::from(std::move(*records), path, {"zip", "latitude", "longitude"});
  if (!table.ok()) return std::move(table).error();
  ZipCentroids zips;
  zips.reserve(table->size());
  for (std::size_t i = 0; i < table->size(); ++i) {
    GeoPoint p;
    const std::string lat(table->get(i, "latitude")), lon(table->get(i, "longitude"));
    if (!parse_double(lat, p.lat) || !parse_double(lon, p.lon)) {
      return make_error(ErrorCode::kCorrupt, "not a number")
          .at(path, table->row(i).line)
          .in_field("latitude/longitude");
    }
    zips.emplace(std::string(table->get(i, "zip")), p);
  }
  return zips;
}

Result<Corpus> load_corpus(const std::string& dir, const ZipCentroids& zips) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 7 && name.ends_with(".csv.gz")) files.push_back(entry.path().string());
  }
  if (ec) return make_error(ErrorCode::kNotFound, "cannot list the folder").at(dir);
  if (files.empty()) return make_error(ErrorCode::kNotFound, "no .csv.gz files").at(dir);
  std::sort(files.begin(), files.end());
  Corpus corpus;
  std::unordered_set<std::string> eins;
  for (const auto& path : files) {
    auto text = read_gzip(path);
    if (!text.ok()) return std::move(text).error();
    auto records = directory::parse_csv(*text, path);
    if (!records.ok()) return std::move(records).error();
    auto table = directory::CsvTable::from(
        std::move(*records), path,
        {"EIN", "NAME", "STREET", "CITY", "STATE", "ZIP", "NTEE_CD", "SORT_NAME"});
    if (!table.ok()) return std::move(table).error();
    for (std::size_t i = 0; i < table->size(); ++i) {
      Org org;
      org.ein = std::string(table->get(i, "EIN"));
      if (!eins.insert(org.ein).second) {
        ++corpus.duplicates;
        continue;
      }
      org.name = std::string(table->get(i, "NAME"));
      org.sort_name = std::string(table->get(i, "SORT_NAME"));
      org.street = std::string(table->get(i, "STREET"));
      org.city = std::string(table->get(i, "CITY"));
      org.state = std::string(table->get(i, "STATE"));
      org.zip5 = std::string(table->get(i, "ZIP").substr(0, 5));
      org.ntee = std::string(table->get(i, "NTEE_CD"));
      corpus.docs.push_back(document_of(org, zips));
      if (!corpus.docs.back().points.empty()) ++corpus.geocoded;
      corpus.orgs.push_back(std::move(org));
    }
    ++corpus.files;
  }
  return corpus;
}

Result<std::vector<BenchQuery>> load_queries(const std::string& path, const ZipCentroids& zips) {
  auto text = read_file(path);
  if (!text.ok()) return std::move(text).error();
  const auto lines = split(*text, '\n');
  std::vector<BenchQuery> queries;
  const std::vector<std::string> header{"id", "kind", "text", "near", "radius_km", "tags"};
  bool seen_header = false;
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const int line = static_cast<int>(n + 1);
    const std::string& l = lines[n];
    if (l.empty() || l[0] == '#') continue;
    auto f = split(l, '\t');
    if (!seen_header) {
      if (f != header) {
        return make_error(ErrorCode::kCorrupt,
                          "the header must be: id kind text near radius_km tags")
            .at(path, line);
      }
      seen_header = true;
      continue;
    }
    if (f.size() != header.size()) {
      return make_error(ErrorCode::kCorrupt,
                        "expected 6 tab-separated fields, got " + std::to_string(f.size()))
          .at(path, line);
    }
    BenchQuery q;
    q.id = f[0];
    q.kind = f[1];
    static const std::vector<std::string> kinds{
        "text", "text+radius", "radius+filters", "text+filters", "typo", "es", "ar", "prefix"};
    if (std::find(kinds.begin(), kinds.end(), q.kind) == kinds.end()) {
      return make_error(ErrorCode::kCorrupt, "unknown kind \"" + q.kind + "\"")
          .at(path, line)
          .in_field("kind");
    }
    q.query.text = f[2];
    q.near_zip = f[3];
    if (!q.near_zip.empty()) {
      const auto z = zips.find(q.near_zip);
      if (z == zips.end()) {
        return make_error(ErrorCode::kCorrupt, "ZIP \"" + q.near_zip + "\" is not in zcta.csv")
            .at(path, line)
            .in_field("near");
      }
      q.query.near = z->second;
    }
    if (!f[4].empty() && !parse_double(f[4], q.query.radius_km)) {
      return make_error(ErrorCode::kCorrupt, "not a number").at(path, line).in_field("radius_km");
    }
    if (!f[5].empty()) q.query.tags = split(f[5], ',');
    queries.push_back(std::move(q));
  }
  if (queries.empty()) return make_error(ErrorCode::kCorrupt, "no queries").at(path);
  return queries;
}

Status write_hsds_package(const Corpus& corpus, const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return make_error(ErrorCode::kIo, "cannot create the folder").at(dir);
  const auto open = [&](const std::string& name, std::ofstream& out) -> Status {
    out.open(fs::path(dir) / name, std::ios::binary | std::ios::trunc);
    if (!out) return make_error(ErrorCode::kIo, "cannot write").at((fs::path(dir) / name).string());
    return ok_status();
  };
  std::ofstream pkg, orgs, locs, addrs, svcs, sals;
  AMPARO_RETURN_IF_ERROR(open("datapackage.json", pkg));
  AMPARO_RETURN_IF_ERROR(open("organizations.csv", orgs));
  AMPARO_RETURN_IF_ERROR(open("locations.csv", locs));
  AMPARO_RETURN_IF_ERROR(open("addresses.csv", addrs));
  AMPARO_RETURN_IF_ERROR(open("services.csv", svcs));
  AMPARO_RETURN_IF_ERROR(open("service_at_location.csv", sals));
  pkg << R"({"name": "irs-eo-bmf", "resources": [)"
      << R"({"name": "organization", "path": "organizations.csv"}, )"
      << R"({"name": "location", "path": "locations.csv"}, )"
      << R"({"name": "address", "path": "addresses.csv"}, )"
      << R"({"name": "service", "path": "services.csv"}, )"
      << R"({"name": "service_at_location", "path": "service_at_location.csv"}]})" << '\n';
  orgs << "id,name,alternate_name,description\n";
  locs << "id,location_type,organization_id,name,latitude,longitude\n";
  addrs << "id,location_id,address_1,city,state_province,postal_code,country,address_type\n";
  svcs << "id,organization_id,name,status\n";
  sals << "id,service_id,location_id\n";
  locs.precision(9);
  for (std::size_t i = 0; i < corpus.orgs.size(); ++i) {
    const Org& o = corpus.orgs[i];
    const SearchDoc& d = corpus.docs[i];
    const std::string org_id = hsds_id(1, o.ein), loc_id = hsds_id(2, o.ein);
    const std::string category(ntee_major_name(o.ntee.empty() ? '\0' : o.ntee[0]));
    orgs << org_id << ',' << csv_field(o.name) << ',' << csv_field(o.sort_name) << ','
         << csv_field(category.empty() ? "" : "NTEE " + o.ntee + ": " + category) << '\n';
    locs << loc_id << ",physical," << org_id << ',' << csv_field(o.name) << ',';
    if (!d.points.empty())
      locs << d.points[0].lat << ',' << d.points[0].lon;
    else
      locs << ',';
    locs << '\n';
    if (!o.street.empty() && !o.city.empty() && !o.state.empty() && !o.zip5.empty()) {
      addrs << hsds_id(3, o.ein) << ',' << loc_id << ',' << csv_field(o.street) << ','
            << csv_field(o.city) << ',' << csv_field(o.state) << ',' << o.zip5 << ",US,physical\n";
    }
    if (!category.empty() && o.ntee[0] != 'Z') {
      const std::string svc_id = hsds_id(4, o.ein);
      svcs << svc_id << ',' << org_id << ',' << csv_field(category) << ",active\n";
      sals << hsds_id(5, o.ein) << ',' << svc_id << ',' << loc_id << '\n';
    }
  }
  for (std::ofstream* f : {&pkg, &orgs, &locs, &addrs, &svcs, &sals}) {
    f->close();
    if (!*f) return make_error(ErrorCode::kIo, "writing failed").at(dir);
  }
  return ok_status();
}

}  // namespace amparo::bench
