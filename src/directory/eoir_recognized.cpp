// The DOJ/EOIR roster of recognized organizations (legal-aid-orgs-2026-09-19.json): one row per
// organization, each becoming an organization with its principal office (location, address, phone)
// and a "DOJ-recognized" attribute, and one service "Immigration legal services" with the term
// legal (rule roster-recognized). Repairs are few and named; odd values are kept as published.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "directory/eoir_common.h"
#include "directory/import.h"
#include "directory/terms.h"

namespace amparo::directory {
namespace {

constexpr std::string_view kDataset = kEoirRecognizedDataset;
constexpr std::string_view kSourceDate = "2026-09-19";

enum Col { kName, kStatus, kRecognized, kExpiration, kPending, kOfficeType, kStreet, kCsz, kPhone };

constexpr eoir::JsonKey kKeys[] = {
    {"organization_name", eoir::JsonKind::kStringOrNull},
    {"organization_status", eoir::JsonKind::kStringOrNull},
    {"organization_recognized_date", eoir::JsonKind::kStringOrNull},
    {"organization_recognition_expiration", eoir::JsonKind::kStringOrNull},
    {"organization_recognition_pending_renewal", eoir::JsonKind::kBool},
    {"office_type", eoir::JsonKind::kStringOrNull},
    {"street_address", eoir::JsonKind::kStringOrNull},
    {"city_state_zip", eoir::JsonKind::kStringOrNull},
    {"phone", eoir::JsonKind::kStringOrNull},
    {"state", eoir::JsonKind::kStringOrNull},
};

// Words a PDF line wrap is known to split, joined again even when the file has no other copy.
const std::set<std::string> kKnownWords = {"international", "immigration", "immigrant",
                                           "services",      "community",   "organization"};

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_letter(char c) { return is_lower(c) || (c >= 'A' && c <= 'Z'); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

// Letter-only words of `s`, lowercased, with how often each occurs.
void count_words(std::string_view s, std::map<std::string, int>& words) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (!is_letter(s[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && is_letter(s[j])) ++j;
    ++words[lower(s.substr(i, j - i))];
    i = j;
  }
}

struct Wrap {
  std::string joined;              // the repaired text
  std::vector<std::string> joins;  // "Internation al" -> "International"
};

// Rule line-wrap-space: "Internation al" becomes "International" when the second part starts with
// a lowercase letter, the first part is not a word anywhere else in the file, and the joined word
// occurs elsewhere in the file (`words`: counts over the file, `own`: counts in this text) or in
// kKnownWords.
Wrap join_wrapped_words(std::string_view s, const std::map<std::string, int>& words,
                        const std::map<std::string, int>& own) {
  const auto elsewhere = [&](const std::string& w) {
    const auto all = words.find(w);
    const auto mine = own.find(w);
    return (all == words.end() ? 0 : all->second) - (mine == own.end() ? 0 : mine->second);
  };
  Wrap out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (!is_letter(s[i]) || (i > 0 && is_letter(s[i - 1]))) {
      out.joined.push_back(s[i++]);
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && is_letter(s[j])) ++j;
    const std::string_view first = s.substr(i, j - i);
    if (j + 1 < s.size() && s[j] == ' ' && is_lower(s[j + 1]) && first.size() >= 2) {
      std::size_t k = j + 1;
      while (k < s.size() && is_letter(s[k])) ++k;
      const std::string_view second = s.substr(j + 1, k - j - 1);
      const std::string whole = lower(std::string(first) + std::string(second));
      if (elsewhere(lower(std::string(first))) == 0 &&
          (elsewhere(whole) > 0 || kKnownWords.count(whole) > 0)) {
        out.joins.push_back(std::string(first) + " " + std::string(second) + "\" -> \"" +
                            std::string(first) + std::string(second));
        out.joined += std::string(first) + std::string(second);
        i = k;
        continue;
      }
    }
    out.joined += std::string(first);
    i = j;
  }
  return out;
}

// "Forest Grove, OR 97116" or "… 97116-1234".
bool split_csz(std::string_view csz, std::string& city, std::string& state, std::string& zip) {
  const std::size_t comma = csz.rfind(", ");
  if (comma == std::string_view::npos) return false;
  const std::string_view tail = csz.substr(comma + 2);
  const std::size_t space = tail.find(' ');
  if (space != 2) return false;
  state = std::string(tail.substr(0, 2));
  zip = std::string(tail.substr(3));
  city = eoir::squeeze(csz.substr(0, comma));
  const bool zip_ok = (zip.size() == 5 || (zip.size() == 10 && zip[5] == '-')) &&
                      std::all_of(zip.begin(), zip.end(),
                                  [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
  return zip_ok && !city.empty() && is_letter(state[0]) && is_letter(state[1]);
}

// Rule street-in-city: "1819 Gull Road Kalamazoo" (with the street field empty) splits after the
// last street-type word: street "1819 Gull Road", city "Kalamazoo".
bool split_street_from_city(std::string_view city_part, std::string& street, std::string& city) {
  if (city_part.empty() || city_part[0] < '0' || city_part[0] > '9') return false;
  static const std::set<std::string> kStreetWords = {
      "road",      "rd",      "rd.",   "street", "st",    "st.",   "avenue",  "ave", "ave.",
      "boulevard", "blvd",    "blvd.", "drive",  "dr",    "dr.",   "lane",    "ln",  "ln.",
      "way",       "highway", "hwy",   "pike",   "place", "court", "parkway", "pkwy"};
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < city_part.size()) {
    const std::size_t j = std::min(city_part.find(' ', i), city_part.size());
    words.emplace_back(city_part.substr(i, j - i));
    i = j + 1;
  }
  for (std::size_t k = words.size(); k-- > 1;) {
    if (kStreetWords.count(lower(words[k - 1])) > 0) {
      street.clear();
      city.clear();
      for (std::size_t m = 0; m < words.size(); ++m) {
        std::string& target = m < k ? street : city;
        if (!target.empty()) target += " ";
        target += words[m];
      }
      return true;
    }
  }
  return false;
}

// Damerau distance 1 (one insertion, deletion, substitution or adjacent transposition).
bool one_edit_apart(std::string_view a, std::string_view b) {
  if (a == b) return false;
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  std::size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (a.size() == b.size()) {
    if (a.substr(i + 1) == b.substr(i + 1)) return true;  // substitution
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           a.substr(i + 2) == b.substr(i + 2);  // transposition
  }
  return a.substr(i) == b.substr(i + 1);  // insertion
}

}  // namespace

Result<ImportResult> import_eoir_recognized(const std::string& path) {
  auto rows = eoir::read_json_rows(path, kKeys);
  if (!rows) return std::move(rows).error();

  ImportResult result;
  result.files.push_back(path);
  store::Records& records = result.records;
  eoir::add_taxonomy_once(records, {"amparo-flags", "amparo flags", "", "", ""});
  eoir::add_term_once(records, {"amparo-doj-recognized", "doj-recognized",
                                "DOJ-recognized organization", "", "", "amparo-flags", ""});

  // Words of the whole file, for the line-wrap rule ("elsewhere in the file").
  std::map<std::string, int> words;
  for (const auto& r : *rows) {
    count_words(r[kName], words);
    count_words(r[kStreet], words);
    count_words(r[kCsz], words);
  }
  const auto repair_wraps = [&](int row, const char* field, std::string text) {
    std::map<std::string, int> own;
    count_words(text, own);
    Wrap wrap = join_wrapped_words(text, words, own);
    for (const auto& j : wrap.joins) {
      result.repaired.push_back(eoir::issue(path, row, field,
                                            "line-wrap-space: \"" + j +
                                                "\" (the joined word occurs elsewhere in the file "
                                                "or is a known word)"));
    }
    return wrap.joined;
  };

  std::map<std::string, int> id_row;                              // organization id -> first row
  std::map<std::pair<std::string, std::string>, int> city_count;  // (state, city) -> rows
  std::vector<std::tuple<int, std::string, std::string>> row_cities;  // row, state, city

  for (std::size_t index = 0; index < rows->size(); ++index) {
    const auto& r = (*rows)[index];
    const int row = static_cast<int>(index) + 1;
    const store::Provenance provenance{std::string(kDataset), std::string(kSourceDate), "",
                                       "row " + std::to_string(row)};

    const std::string name = repair_wraps(row, "organization_name", eoir::squeeze(r[kName]));
    if (name.empty()) {
      result.rejected.push_back(eoir::issue(path, row, "organization_name", "no name"));
      continue;
    }
    std::string street = repair_wraps(row, "street_address", eoir::squeeze(r[kStreet]));
    std::string city, state, zip;
    const std::string csz = eoir::squeeze(r[kCsz]);
    bool have_address = split_csz(csz, city, state, zip);
    if (have_address && street.empty()) {
      std::string s, c;
      if (split_street_from_city(city, s, c)) {
        result.repaired.push_back(
            eoir::issue(path, row, "city_state_zip",
                        "street-in-city: street \"" + s +
                            "\" moved out of city_state_zip (street_address is "
                            "empty); split after the last street-type word"));
        street = s;
        city = c;
      }
    }
    if (!csz.empty() && !have_address) {
      result.rejected.push_back(eoir::issue(
          path, row, "city_state_zip", "\"" + csz + "\" is not \"City, ST 12345\"; no address"));
    }
    if (have_address && (city[0] >= '0' && city[0] <= '9')) {
      result.rejected.push_back(eoir::issue(
          path, row, "city_state_zip", "city \"" + city + "\" starts with a number; no address"));
      have_address = false;
    }
    if (have_address && street.empty()) {
      result.rejected.push_back(
          eoir::issue(path, row, "street_address", "no street; no address kept"));
      have_address = false;
    }
    if (have_address) {
      city = repair_wraps(row, "city_state_zip", city);
      ++city_count[{state, city}];
      row_cities.emplace_back(row, state, city);
    }

    const std::string org_id = "eoir-recognized-" + eoir::slug(name + " " + city);
    if (const auto seen = id_row.find(org_id); seen != id_row.end()) {
      result.rejected.push_back(
          eoir::issue(path, row, "organization_name",
                      "same name and city as row " + std::to_string(seen->second) + "; left out"));
      continue;
    }
    id_row[org_id] = row;

    store::Organization org;
    org.id = org_id;
    org.name = name;
    org.provenance = provenance;
    records.organizations.push_back(org);

    std::string location_id;
    if (have_address) {
      location_id = org_id + "-location";
      store::Location location;
      location.id = location_id;
      location.organization_id = org_id;
      location.name = name;
      location.description = eoir::squeeze(r[kOfficeType]);
      location.provenance = provenance;
      records.locations.push_back(location);
      store::Address address;
      address.id = location_id + "-address";
      address.location_id = location_id;
      address.address_1 = street;
      address.city = city;
      address.state_province = state;
      address.postal_code = zip;
      address.country = "US";
      records.addresses.push_back(address);
    }

    const std::string phone_text = eoir::squeeze(r[kPhone]);
    if (!phone_text.empty()) {
      const eoir::PhoneParse parsed = eoir::parse_phones(phone_text);
      if (parsed.phones.size() == 1 && parsed.incomplete.empty()) {
        store::Phone phone;
        const auto& p = parsed.phones.front();
        phone.id = org_id + "-phone-" + eoir::slug(p.number) +
                   (p.extension.empty() ? "" : "x" + p.extension);
        phone.organization_id = org_id;
        phone.location_id = location_id;
        phone.number = p.number;
        phone.extension = p.extension;
        phone.description = p.note;
        phone.provenance = provenance;
        records.phones.push_back(phone);
      } else {
        result.rejected.push_back(
            eoir::issue(path, row, "phone",
                        "\"" + phone_text + "\" is not one complete 10-digit number; not kept"));
      }
    }

    // Recognition: status and dates as given; MM/DD/YY shown as ISO.
    const auto date_field = [&](Col col, const char* field) {
      const std::string given = eoir::squeeze(r[col]);
      std::vector<std::string> parts;
      std::size_t i = 0;
      while (i < given.size()) {
        const std::size_t j = std::min(given.find(' ', i), given.size());
        parts.push_back(given.substr(i, j - i));
        i = j + 1;
      }
      if (parts.size() > 1 && std::all_of(parts.begin(), parts.end(), [](const std::string& p) {
            return !eoir::us_short_date_to_iso(p).empty();
          })) {
        result.repaired.push_back(eoir::issue(
            path, row, field,
            "merged-dates: \"" + given + "\" holds " + std::to_string(parts.size()) +
                " dates; the first is kept (the others came from neighbouring cells of the PDF "
                "table); check the roster"));
        return eoir::us_short_date_to_iso(parts.front());
      }
      const std::string iso = eoir::us_short_date_to_iso(given);
      if (iso.empty() && !given.empty()) {
        result.rejected.push_back(eoir::issue(path, row, field,
                                              "\"" + given +
                                                  "\" is not a MM/DD/YY date; shown "
                                                  "as given"));
        return given;
      }
      return iso;
    };
    const std::string recognized = date_field(kRecognized, "organization_recognized_date");
    const std::string expiration = date_field(kExpiration, "organization_recognition_expiration");
    store::Attribute attribute;
    attribute.id = org_id + "-doj-recognized";
    attribute.link_id = org_id;
    attribute.link_type = "organization";
    attribute.link_entity = "organization";
    attribute.taxonomy_term_id = "amparo-doj-recognized";
    attribute.value = eoir::squeeze(r[kStatus]);
    attribute.label = "recognized " + recognized + " until " + expiration;
    if (r[kPending] == "true") attribute.label += " (renewal pending)";
    records.attributes.push_back(attribute);

    // Rule roster-recognized: the roster lists organizations recognized by the DOJ to provide
    // immigration legal services through accredited representatives (8 CFR 1292.11), so each
    // organization the roster lists as "Active" has that one service, tracing to its row, with the
    // term legal. The roster says nothing else about the service: no other term, no fee.
    if (attribute.value == "Active") {
      store::Service service;
      service.id = org_id + "-legal-services";
      service.organization_id = org_id;
      service.name = "Immigration legal services";
      service.description =
          "Listed in the DOJ/EOIR roster of recognized organizations: organizations recognized to "
          "provide immigration legal services through accredited representatives.";
      service.status = "active";
      service.provenance = provenance;
      records.services.push_back(service);
      if (!location_id.empty()) {
        records.service_at_locations.push_back(
            {service.id + "-at-" + location_id, service.id, location_id});
      }
      terms::tag_service(records, service.id, "legal",
                         "roster-recognized: an active recognized organization in the DOJ/EOIR "
                         "roster, row " +
                             std::to_string(row));
    }
  }

  // Cities one edit away from another city of the same state with at least as many rows:
  // reported, kept as published (with equal counts the later row is reported).
  std::set<std::pair<std::string, std::string>> reported;
  for (auto it = row_cities.rbegin(); it != row_cities.rend(); ++it) {
    const auto& [row, state, city] = *it;
    const int mine = city_count[{state, city}];
    for (const auto& [key, n] : city_count) {
      if (key.first != state || n < mine || !one_edit_apart(lower(city), lower(key.second)) ||
          reported.count(key) > 0) {
        continue;
      }
      reported.insert({state, city});
      result.repaired.push_back(eoir::issue(path, row, "city_state_zip",
                                            "unchanged, kept as published: city \"" + city +
                                                "\" is one letter away from \"" + key.second +
                                                "\" (" + std::to_string(n) + " row(s) in " + state +
                                                "); one of them may be misspelled"));
      break;
    }
  }
  return result;
}

}  // namespace amparo::directory
