#include "directory/bundle.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "core/file.h"
#include "directory/csv.h"
#include "directory/eoir_common.h"
#include "directory/import.h"
#include "directory/terms.h"
#include "text/normalize.h"

namespace amparo::directory {
namespace {

constexpr std::string_view kFacilitiesFile = "facilities/ddp_facilities.csv";
// The Deportation Data Project list as published in the file's source commit
// (data/facilities/SOURCE.txt).
constexpr std::string_view kFacilitiesDataset =
    "Deportation Data Project, ICE detention facility list";
constexpr std::string_view kFacilitiesDate = "2026-05-27";

bool parse_coordinate(std::string_view s, double lo, double hi, double& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && std::isfinite(out) && out >= lo &&
         out <= hi;
}

bool is_code(std::string_view s) {
  if (s.empty() || s.size() > 16) return false;
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// "6335 South Downwind, Suite 104, Mesa, AZ 85212" with city "Mesa" and state "AZ" becomes street
// "6335 South Downwind, Suite 104" and ZIP "85212". Returns false when the text does not end that
// way.
bool split_address(std::string_view full, std::string_view city, std::string_view state,
                   std::string& street, std::string& zip) {
  const std::string tail = ", " + std::string(city) + ", " + std::string(state) + " ";
  const auto at = full.rfind(tail);
  if (city.empty() || state.empty() || at == std::string_view::npos) return false;
  const std::string_view z = full.substr(at + tail.size());
  const bool zip_ok = (z.size() == 5 || (z.size() == 10 && z[5] == '-')) &&
                      z.find_first_not_of("0123456789-") == std::string_view::npos;
  if (!zip_ok) return false;
  street = std::string(full.substr(0, at));
  zip = std::string(z);
  return true;
}

}  // namespace

Result<ImportResult> import_facilities(const std::string& path) {
  ImportResult report;
  auto text = read_file(path);
  if (!text.ok()) return std::move(text).error();
  auto records = parse_csv(*text, path);
  if (!records.ok()) return std::move(records).error();
  auto table = CsvTable::from(std::move(*records), path,
                              {"detention_facility_code", "name", "address_full", "city", "state",
                               "latitude", "longitude"});
  if (!table.ok()) return std::move(table).error();
  report.files.push_back(path);

  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < table->size(); ++i) {
    const int line = table->row(i).line;
    auto skip = [&](std::string field, std::string why) {
      report.rejected.push_back({path, line, std::move(field), std::move(why)});
    };
    const std::string_view code = table->get(i, "detention_facility_code");
    const std::string_view name = table->get(i, "name");
    if (!is_code(code)) {
      skip("detention_facility_code", code.empty()
                                          ? "no facility code; the row is left out"
                                          : "not an ICE facility code; the row is left out");
      continue;
    }
    if (!seen.insert(std::string(code)).second) {
      skip("detention_facility_code", "the code appears twice; the later row is left out");
      continue;
    }
    if (name.empty()) {
      skip("name", "no facility name; the row is left out");
      continue;
    }
    store::Location loc;
    loc.id = facility_location_id(code);
    loc.location_type = "physical";
    loc.name = std::string(name);
    loc.external_identifier = std::string(code);
    loc.external_identifier_type = "ice_facility_code";
    loc.provenance = {std::string(kFacilitiesDataset), std::string(kFacilitiesDate), "",
                      "line " + std::to_string(line)};
    double lat = 0;
    double lon = 0;
    const auto lat_s = table->get(i, "latitude");
    const auto lon_s = table->get(i, "longitude");
    if (parse_coordinate(lat_s, -90, 90, lat) && parse_coordinate(lon_s, -180, 180, lon)) {
      loc.latitude = lat;
      loc.longitude = lon;
    } else if (!lat_s.empty() || !lon_s.empty()) {
      report.repaired.push_back(
          {path, line, "latitude",
           "coordinates are not numbers in range; the facility is kept without them"});
    }

    const std::string_view full = table->get(i, "address_full");
    const std::string_view city = table->get(i, "city");
    const std::string_view state = table->get(i, "state");
    if (!full.empty() || !city.empty()) {
      store::Address addr;
      addr.id = loc.id + "-address";
      addr.location_id = loc.id;
      addr.city = std::string(city);
      addr.state_province = std::string(state);
      addr.country = "US";
      if (!split_address(full, city, state, addr.address_1, addr.postal_code)) {
        addr.address_1 = std::string(full);
      }
      report.records.addresses.push_back(std::move(addr));
    }
    // The ICE field office that runs the facility, as the list names it ("Phoenix").
    if (const std::string_view office =
            table->has("field_office") ? table->get(i, "field_office") : std::string_view();
        !office.empty()) {
      eoir::add_taxonomy_once(report.records,
                              {"amparo-links", "amparo links",
                               "Links between records that HSDS has no field for", "", ""});
      eoir::add_term_once(report.records,
                          {"amparo-ice-field-office", "ice-field-office", "ICE field office",
                           "The ICE enforcement and removal field office that runs this facility",
                           "", "amparo-links", "en"});
      report.records.attributes.push_back({loc.id + "-field-office", loc.id, "ice_field_office",
                                           "location", "amparo-ice-field-office",
                                           std::string(office), "ddp_facilities.csv field_office"});
    }
    report.records.locations.push_back(std::move(loc));
  }
  return report;
}

std::string facility_location_id(std::string_view code) {
  return "ice-facility-" + std::string(code);
}

namespace {

template <typename T>
void append(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

void append(store::Records& to, store::Records& from) {
  append(to.organizations, from.organizations);
  append(to.services, from.services);
  append(to.locations, from.locations);
  append(to.addresses, from.addresses);
  append(to.service_at_locations, from.service_at_locations);
  append(to.phones, from.phones);
  append(to.languages, from.languages);
  append(to.service_areas, from.service_areas);
  // Taxonomies and terms that several importers emit are kept once.
  for (auto& t : from.taxonomies) eoir::add_taxonomy_once(to, std::move(t));
  for (auto& t : from.taxonomy_terms) eoir::add_term_once(to, std::move(t));
  from.taxonomies.clear();
  from.taxonomy_terms.clear();
  append(to.attributes, from.attributes);
  append(to.translations, from.translations);
}

// Adds one importer's result to the bundle; its rejected rows become the bundle's skipped rows.
void merge(BundleReport& report, ImportResult& imported, std::string_view file) {
  append(report.records, imported.records);
  for (const auto& issue : imported.rejected) {
    report.skipped.push_back(make_error(ErrorCode::kInvalidArgument, issue.reason)
                                 .at(issue.file, issue.row)
                                 .in_field(issue.field));
  }
  report.repaired += imported.repaired.size();
  report.files.emplace_back(file);
}

constexpr std::string_view kFacilityCourtsFile = "facilities/facility_courts.csv";
constexpr std::string_view kProBonoFile = "eoir/pro-bono-representation-2026-09-10.json";
constexpr std::string_view kRecognizedFile = "eoir/legal-aid-orgs-2026-09-19.json";
constexpr std::string_view kBorderOrgs2018File = "border-orgs-2018/allies-geolocated.csv";

// data/facilities/facility_courts.csv: which immigration court hears a facility's detained cases,
// derived by scripts/build-data with the rule written in each row. Becomes an attribute on the
// facility's location (term amparo-immigration-court, value = the court's name as EOIR lists it).
Status load_facility_courts(const std::string& data_dir, BundleReport& report) {
  const std::string path = data_dir + "/" + std::string(kFacilityCourtsFile);
  auto text = read_file(path);
  if (!text.ok()) return std::move(text).error();
  auto rows = parse_csv(*text, path);
  if (!rows.ok()) return std::move(rows).error();
  auto table = CsvTable::from(std::move(*rows), path, {"facility_code", "court", "rule", "source"});
  if (!table.ok()) return std::move(table).error();
  eoir::add_taxonomy_once(
      report.records,
      {"amparo-links", "amparo links", "Links between records that HSDS has no field for", "", ""});
  report.records.taxonomy_terms.push_back({"amparo-immigration-court", "immigration-court",
                                           "Immigration court that hears detained cases",
                                           "The immigration court that hears this detention "
                                           "facility's detained cases",
                                           "", "amparo-links", "en"});
  std::set<std::string, std::less<>> facilities;
  for (const auto& l : report.records.locations) facilities.insert(l.id);
  for (std::size_t i = 0; i < table->size(); ++i) {
    const std::string location = facility_location_id(table->get(i, "facility_code"));
    if (!facilities.contains(location)) {
      report.skipped.push_back(
          make_error(ErrorCode::kInvalidArgument, "names a facility that is not in the list")
              .at(path, table->row(i).line)
              .in_field("facility_code"));
      continue;
    }
    store::Attribute a;
    a.id = location + "-court-" + std::to_string(i + 1);
    a.link_id = location;
    a.link_type = "immigration_court";
    a.link_entity = "location";
    a.taxonomy_term_id = "amparo-immigration-court";
    a.value = std::string(table->get(i, "court"));
    a.label =
        std::string(table->get(i, "rule")) + " (" + std::string(table->get(i, "source")) + ")";
    report.records.attributes.push_back(std::move(a));
  }
  report.files.emplace_back(kFacilityCourtsFile);
  return ok_status();
}

// What an organization name or city is compared by: folded (text::fold), '.' and apostrophes
// dropped ("U.S." = "US", "Women's" = "Womens"), '&' the word "and" (rule and), the word "st" (from
// "St." or "St") the word "saint" (rule saint: "St. Paul" = "Saint Paul"), other punctuation a word
// break, spaces collapsed; with `legal_form`, trailing legal-form words ("Inc.", ", Inc", "LLC",
// "Corp.", ...) dropped as well (rule legal-form).
std::string match_key(std::string_view text, bool legal_form) {
  const std::string folded = text::fold(text);
  std::vector<std::string> words(1);
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const auto c = static_cast<unsigned char>(folded[i]);
    const bool ascii_alnum =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (c >= 0x80) {
      // U+2000..U+203F (General Punctuation: spaces, dashes, quotes, ellipsis) is E2 80 xx or
      // E2 81 80..BF; U+2018/U+2019 are apostrophes, dropped like '.
      if (c == 0xE2 && i + 2 < folded.size() && folded[i + 1] == '\x80') {
        const auto third = static_cast<unsigned char>(folded[i + 2]);
        if (third != 0x98 && third != 0x99 && !words.back().empty()) words.emplace_back();
        i += 2;
        continue;
      }
      words.back().push_back(folded[i]);
    } else if (ascii_alnum) {
      words.back().push_back(folded[i]);
    } else if (c == '&') {
      if (!words.back().empty()) words.emplace_back();
      words.back() = "and";
      words.emplace_back();
    } else if (c != '.' && c != '\'' && !words.back().empty()) {
      words.emplace_back();
    }
  }
  if (words.back().empty()) words.pop_back();
  for (auto& w : words) {
    if (w == "st") w = "saint";
  }
  static const std::set<std::string, std::less<>> kLegalForms = {
      "inc", "incorporated", "llc", "pllc", "ltd", "corp", "corporation"};
  while (legal_form && words.size() > 1 && kLegalForms.contains(words.back())) words.pop_back();
  std::string key;
  for (const auto& w : words) key += (key.empty() ? "" : " ") + w;
  return key;
}

// The cities of each organization's addresses (through its locations), as published, each once by
// match_key, in the order of the locations.
std::map<std::string, std::vector<std::string>> cities_by_organization(const store::Records& r) {
  std::map<std::string, std::string> org_of_location;
  for (const auto& l : r.locations) org_of_location[l.id] = l.organization_id;
  std::map<std::string, std::vector<std::string>> cities;
  for (const auto& a : r.addresses) {
    const auto org = org_of_location.find(a.location_id);
    if (org == org_of_location.end() || org->second.empty() || a.city.empty()) continue;
    auto& list = cities[org->second];
    const std::string key = match_key(a.city, false);
    if (std::none_of(list.begin(), list.end(),
                     [&](const std::string& c) { return match_key(c, false) == key; })) {
      list.push_back(a.city);
    }
  }
  return cities;
}

// Gives each pro bono organization that is exactly one roster organization by name and city (any
// of its offices' cities) the roster's "amparo-doj-recognized" attribute, labelled with the roster
// row it was matched to; lists the others in `unmatched`.
void match_recognition(store::Records& pro_bono, const store::Records& roster,
                       std::vector<std::string>& unmatched) {
  struct Entry {
    std::string city_key;
    std::string row;  // "12", from the roster organization's provenance ("row 12")
    const store::Attribute* recognition = nullptr;
  };
  std::map<std::string, const store::Attribute*> recognition_of;
  for (const auto& a : roster.attributes) {
    if (a.taxonomy_term_id == "amparo-doj-recognized" && a.link_entity == "organization") {
      recognition_of[a.link_id] = &a;
    }
  }
  const auto roster_cities = cities_by_organization(roster);
  std::map<std::string, std::vector<Entry>> by_name;
  std::map<std::string, std::vector<std::string>> cities_of_name;  // for the report
  for (const auto& o : roster.organizations) {
    const auto recognition = recognition_of.find(o.id);
    const auto cities = roster_cities.find(o.id);
    if (recognition == recognition_of.end() || cities == roster_cities.end()) continue;
    std::string row = o.provenance.source_row;
    if (row.starts_with("row ")) row.erase(0, 4);
    for (const auto& name : organization_name_keys(o.name)) {
      for (const auto& city : cities->second) {
        by_name[name].push_back({match_key(city, false), row, recognition->second});
        cities_of_name[name].push_back(city);
      }
    }
  }

  const auto pro_bono_cities = cities_by_organization(pro_bono);
  for (const auto& o : pro_bono.organizations) {
    const auto found = pro_bono_cities.find(o.id);
    const std::vector<std::string> cities =
        found == pro_bono_cities.end() ? std::vector<std::string>{} : found->second;
    std::string shown;
    for (const auto& c : cities) shown += (shown.empty() ? "" : ", ") + c;
    const std::string who = o.name + " (" + (shown.empty() ? "no city" : shown) + ")";

    // Roster entries (by row) with one of the provider's name keys and one of its cities.
    const std::vector<std::string> names = organization_name_keys(o.name);
    std::vector<const Entry*> matches;
    for (const auto& name : names) {
      const auto entries = by_name.find(name);
      if (entries == by_name.end()) continue;
      for (const auto& e : entries->second) {
        const bool seen = std::any_of(matches.begin(), matches.end(),
                                      [&](const Entry* m) { return m->row == e.row; });
        const bool city = std::any_of(cities.begin(), cities.end(), [&](const std::string& c) {
          return e.city_key == match_key(c, false);
        });
        if (!seen && city) matches.push_back(&e);
      }
    }
    if (matches.size() == 1) {
      const store::Attribute& r = *matches.front()->recognition;
      pro_bono.attributes.push_back(
          {o.id + "-doj-recognized", o.id, "organization", "organization", r.taxonomy_term_id,
           r.value, r.label + "; matched by name and city to roster row " + matches.front()->row});
    } else if (matches.empty()) {
      std::string elsewhere;
      for (const auto& name : names) {
        const auto other = cities_of_name.find(name);
        if (other == cities_of_name.end()) continue;
        for (const auto& c : other->second) {
          if (elsewhere.find(c) == std::string::npos)
            elsewhere += (elsewhere.empty() ? "" : ", ") + c;
        }
      }
      unmatched.push_back(
          who + ": no roster entry with this name and city" +
          (elsewhere.empty() ? "" : " (the roster has this name in " + elsewhere + ")"));
    } else {
      std::string rows;
      for (const auto* m : matches) rows += (rows.empty() ? "" : ", ") + m->row;
      unmatched.push_back(who + ": several roster entries with this name and city: rows " + rows);
    }
  }
}

// True for a parenthesised acronym's text: 2 to 12 capitals, digits, '&', '-', '.' or '/', with
// straight or curly quotes around it ("FIRRP", "SFCS/CLAM", "“SFCS/CLAM”").
bool is_acronym(std::string_view s) {
  for (std::string_view q : {"\"", "\u201C"}) {
    if (s.starts_with(q)) s.remove_prefix(q.size());
  }
  for (std::string_view q : {"\"", "\u201D"}) {
    if (s.ends_with(q)) s.remove_suffix(q.size());
  }
  return s.size() >= 2 && s.size() <= 12 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '&' || c == '-' ||
                  c == '.' || c == '/';
         });
}

// The key of one name form: rule acronym (a parenthesised acronym anywhere, "(FIRRP)", and a
// leading acronym with a colon, "ISLA: ...", dropped), then match_key with the legal form dropped,
// then rule the (a leading "the" dropped).
std::string name_key(std::string_view name) {
  std::string text;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '(') {
      const std::size_t close = name.find(')', i);
      if (close != std::string_view::npos && is_acronym(name.substr(i + 1, close - i - 1))) {
        text.push_back(' ');
        i = close;
        continue;
      }
    }
    text.push_back(name[i]);
  }
  const std::size_t colon = text.find(": ");
  if (colon != std::string::npos && colon == text.find_first_of(" :") &&
      is_acronym(std::string_view(text).substr(0, colon))) {
    text.erase(0, colon + 2);
  }
  std::string key = match_key(text, true);
  if (key.starts_with("the ")) key.erase(0, 4);
  return key;
}

}  // namespace

std::vector<std::string> organization_name_keys(std::string_view name) {
  std::vector<std::string> keys;
  const auto add = [&](std::string_view form) {
    std::string key = name_key(form);
    if (!key.empty() && std::find(keys.begin(), keys.end(), key) == keys.end()) {
      keys.push_back(std::move(key));
    }
  };
  add(name);
  // Rule dba: "A dba B", "A d/b/a B": the organization is known by both names.
  const std::string lowered = [&] {
    std::string l(name);
    for (char& c : l) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return l;
  }();
  for (std::string_view dba : {" dba ", " d/b/a ", " d.b.a. "}) {
    const std::size_t at = lowered.find(dba);
    if (at == std::string::npos) continue;
    add(name.substr(0, at));
    add(name.substr(at + dba.size()));
  }
  // Rule catholic-charities: the comma-separated part that starts with "Catholic Charities of"
  // ("Esperanza Immigrant Rights Project, Catholic Charities of Los Angeles, Inc.", "Catholic
  // Charities of Southern Nevada, Immigration Services") names the organization on its own.
  std::size_t start = 0;
  while (start < name.size()) {
    const std::size_t comma = std::min(name.find(',', start), name.size());
    const std::string_view part = name.substr(start, comma - start);
    if (match_key(part, false).starts_with("catholic charities of ")) add(part);
    start = comma + 1;
  }
  return keys;
}

namespace {

// Links each 2018 border organization that is exactly one EOIR pro bono organization by one of
// organization_name_keys and city (any of the pro bono organization's offices) to it: an attribute
// (term amparo-same-as, value = the EOIR organization's id) on the 2018 organization. Both records
// are kept. Returns how many were linked.
std::size_t link_border_orgs(store::Records& border, const store::Records& pro_bono) {
  std::map<std::pair<std::string, std::string>, std::set<std::string>> eoir_ids;
  const auto eoir_cities = cities_by_organization(pro_bono);
  for (const auto& o : pro_bono.organizations) {
    const auto cities = eoir_cities.find(o.id);
    if (cities == eoir_cities.end()) continue;
    for (const auto& name : organization_name_keys(o.name)) {
      for (const auto& c : cities->second) eoir_ids[{name, match_key(c, false)}].insert(o.id);
    }
  }
  const auto border_cities = cities_by_organization(border);
  std::size_t linked = 0;
  std::vector<store::Attribute> links;
  for (const auto& o : border.organizations) {
    const auto cities = border_cities.find(o.id);
    if (cities == border_cities.end()) continue;
    std::set<std::string> ids;
    for (const auto& name : organization_name_keys(o.name)) {
      for (const auto& c : cities->second) {
        const auto found = eoir_ids.find({name, match_key(c, false)});
        if (found != eoir_ids.end()) ids.insert(found->second.begin(), found->second.end());
      }
    }
    if (ids.size() != 1) continue;
    links.push_back({o.id + "-same-as", o.id, "same_as", "organization", "amparo-same-as",
                     *ids.begin(),
                     "Same name and city as this organization in the DOJ/EOIR pro bono list"});
    ++linked;
  }
  if (!links.empty()) {
    // The taxonomy amparo-links is added by load_facility_courts.
    eoir::add_term_once(border, {"amparo-same-as", "same-as", "Same organization as",
                                 "This organization is the same as the organization whose id is "
                                 "the value, listed in another dataset",
                                 "", "amparo-links", "en"});
    append(border.attributes, links);
  }
  return linked;
}

}  // namespace

namespace {

constexpr std::pair<std::string_view, std::string_view> kUsStates[] = {
    {"Alabama", "AL"},        {"Alaska", "AK"},        {"Arizona", "AZ"},
    {"Arkansas", "AR"},       {"California", "CA"},    {"Colorado", "CO"},
    {"Connecticut", "CT"},    {"Delaware", "DE"},      {"District of Columbia", "DC"},
    {"Florida", "FL"},        {"Georgia", "GA"},       {"Hawaii", "HI"},
    {"Idaho", "ID"},          {"Illinois", "IL"},      {"Indiana", "IN"},
    {"Iowa", "IA"},           {"Kansas", "KS"},        {"Kentucky", "KY"},
    {"Louisiana", "LA"},      {"Maine", "ME"},         {"Maryland", "MD"},
    {"Massachusetts", "MA"},  {"Michigan", "MI"},      {"Minnesota", "MN"},
    {"Mississippi", "MS"},    {"Missouri", "MO"},      {"Montana", "MT"},
    {"Nebraska", "NE"},       {"Nevada", "NV"},        {"New Hampshire", "NH"},
    {"New Jersey", "NJ"},     {"New Mexico", "NM"},    {"New York", "NY"},
    {"North Carolina", "NC"}, {"North Dakota", "ND"},  {"Ohio", "OH"},
    {"Oklahoma", "OK"},       {"Oregon", "OR"},        {"Pennsylvania", "PA"},
    {"Puerto Rico", "PR"},    {"Rhode Island", "RI"},  {"South Carolina", "SC"},
    {"South Dakota", "SD"},   {"Tennessee", "TN"},     {"Texas", "TX"},
    {"Utah", "UT"},           {"Vermont", "VT"},       {"Virginia", "VA"},
    {"Washington", "WA"},     {"West Virginia", "WV"}, {"Wisconsin", "WI"},
    {"Wyoming", "WY"},
};

// "Arizona" or "AZ" -> "AZ"; "" for anything else.
std::string us_state_code(std::string_view s) {
  for (const auto& [name, code] : kUsStates) {
    if (s == name || s == code) return std::string(code);
  }
  return "";
}

// Rule facility-name: each facility the 2018 border list's Notes say an organization serves
// (service area "urn:facility-name:<name as written>") is looked up among the detention facilities
// of the same state: the state a "(MD)" after the name gives, else the organization's own. Names
// are compared by match_key. One facility with the same name (facility-name-exact), or else one
// facility whose name contains the name as whole words (facility-name-contains; a footnote digit
// the facility list glues to a name, "Center2", is ignored), makes the area's
// uri "urn:ice-facility:CODE"; no facility or several are reported and the area keeps the name as
// written. Never chosen between two candidates. Returns how many areas were matched.
// True when `words` occurs in `key` starting at a word and ending at a word's end or before digits
// glued to it (the facility list's footnote digits: "Karnes County Residential Center2").
bool contains_words(std::string_view key, std::string_view words) {
  for (std::size_t at = key.find(words); at != std::string_view::npos;
       at = key.find(words, at + 1)) {
    const std::size_t end = at + words.size();
    if ((at == 0 || key[at - 1] == ' ') &&
        (end == key.size() || key[end] == ' ' || (key[end] >= '0' && key[end] <= '9'))) {
      return true;
    }
  }
  return false;
}

std::size_t resolve_served_facilities(store::Records& border, const store::Records& facilities,
                                      std::vector<std::string>& unmatched) {
  struct Facility {
    std::string code;
    std::string name;
    std::string key;
  };
  std::map<std::string, std::vector<Facility>> by_state;
  {
    std::map<std::string, std::string> state_of_location;
    for (const auto& a : facilities.addresses) state_of_location[a.location_id] = a.state_province;
    for (const auto& l : facilities.locations) {
      if (l.external_identifier_type != "ice_facility_code") continue;
      by_state[state_of_location[l.id]].push_back(
          {l.external_identifier, l.name, match_key(l.name, false)});
    }
  }
  std::map<std::string, std::string> org_state;  // organization id -> state code
  {
    std::map<std::string, std::string> org_of_location;
    for (const auto& l : border.locations) org_of_location[l.id] = l.organization_id;
    for (const auto& a : border.addresses) {
      org_state[org_of_location[a.location_id]] = us_state_code(a.state_province);
    }
  }
  std::map<std::string, const store::Service*> service_of;
  for (const auto& sv : border.services) service_of[sv.id] = &sv;

  constexpr std::string_view kByName = "urn:facility-name:";
  std::size_t matched = 0;
  for (auto& area : border.service_areas) {
    if (!area.uri.starts_with(kByName)) continue;
    const store::Service* service = service_of[area.service_id];
    if (service == nullptr) continue;
    std::string name = area.name;
    std::string state = org_state[service->organization_id];
    // "Howard County Detention Center (MD)", "Ordnance Road Correctional Center (MD" as written.
    const std::size_t paren = name.rfind(" (");
    if (paren != std::string::npos) {
      std::string inner = name.substr(paren + 2);
      if (inner.ends_with(")")) inner.pop_back();
      if (inner.size() == 2 && !us_state_code(inner).empty()) {
        state = inner;
        name.erase(paren);
      }
    }
    const std::string where = service->provenance.source_row + ": \"" + area.name + "\"";
    if (state.empty()) {
      unmatched.push_back(where + ": the organization has no US state to look the facility up in");
      continue;
    }
    const std::string key = match_key(name, false);
    const auto& candidates = by_state[state];
    std::vector<const Facility*> exact;
    std::vector<const Facility*> contains;
    for (const auto& f : candidates) {
      if (f.key == key) exact.push_back(&f);
      if (contains_words(f.key, key)) contains.push_back(&f);
    }
    const auto& found = exact.empty() ? contains : exact;
    if (found.size() != 1) {
      std::string codes;
      for (const auto* f : found) codes += (codes.empty() ? "" : ", ") + f->code + " " + f->name;
      unmatched.push_back(where + " (" + state + "): " +
                          (found.empty() ? "no detention facility of this name in the state"
                                         : "several facilities of this name: " + codes) +
                          "; kept as written");
      continue;
    }
    const Facility& f = *found.front();
    area.uri = "urn:ice-facility:" + f.code;
    area.description = "Detention facility served, as the 2018 list names it; ICE facility " +
                       f.code + " \"" + f.name + "\" (rule " +
                       (exact.empty() ? "facility-name-contains" : "facility-name-exact") + ")";
    ++matched;
  }
  return matched;
}

}  // namespace

Result<BundleReport> load_bundle(const std::string& data_dir) {
  BundleReport report;
  const auto path = [&](std::string_view file) { return data_dir + "/" + std::string(file); };
  auto facilities = import_facilities(path(kFacilitiesFile));
  if (!facilities.ok()) return std::move(facilities).error();
  auto pro_bono = import_eoir_pro_bono(path(kProBonoFile));
  if (!pro_bono.ok()) return std::move(pro_bono).error();
  auto recognized = import_eoir_recognized(path(kRecognizedFile));
  if (!recognized.ok()) return std::move(recognized).error();
  auto border = import_border_orgs_2018(path(kBorderOrgs2018File));
  if (!border.ok()) return std::move(border).error();
  match_recognition(pro_bono->records, recognized->records, report.unmatched_recognition);
  report.border_2018_linked = link_border_orgs(border->records, pro_bono->records);
  report.facilities_matched =
      resolve_served_facilities(border->records, facilities->records, report.unmatched_facilities);
  merge(report, *facilities, kFacilitiesFile);
  merge(report, *pro_bono, kProBonoFile);
  merge(report, *recognized, kRecognizedFile);
  merge(report, *border, kBorderOrgs2018File);
  AMPARO_RETURN_IF_ERROR(load_facility_courts(data_dir, report));
  // Every term of amparo-service, amparo-population and amparo-cost, used by a service or not.
  terms::add_all_terms(report.records);
  return report;
}

}  // namespace amparo::directory
