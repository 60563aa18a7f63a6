// The Torn Apart / Separados allies list (2018), allies-geolocated.csv: legal and humanitarian
// organizations on both sides of the US-Mexico border, as the project listed them in September
// 2018. One organization per row; every record says it is 2018 data (provenance date 2018-09-10
// and the organization description). Phones are only ever read, never completed: a US row keeps
// complete 10-digit NANP numbers, a Mexico row 10-digit numbers that begin with a Mexican area
// code, stored as +52 and the digits (rules mx-country-code and mx-national-number below; the
// second is reported as a repair); everything else holding digits is reported in `rejected`.
// "Serves X Detention Center, …" in Notes becomes a service whose service areas name each facility
// as written (load_bundle matches them to ICE codes); a row whose name or notes state a service
// type or population (terms.h) gets that service too, with its terms.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/file.h"
#include "directory/csv.h"
#include "directory/eoir_common.h"
#include "directory/import.h"
#include "directory/mx_area_codes.h"
#include "directory/terms.h"

namespace amparo::directory {
namespace {

constexpr std::string_view kSourceDate = "2018-09-10";
constexpr std::string_view kDescription =
    "Listed in 2018 by Torn Apart / Separados; may be out of date.";
constexpr std::string_view kServiceName = "Services listed in 2018";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool parse_coordinate(std::string_view s, double lo, double hi, double& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && std::isfinite(out) && out >= lo &&
         out <= hi;
}

// Rough boxes around each country (with Alaska and Hawaii for the US): coordinates outside them
// are wrong for the row (the list geocoded some Mexican addresses to other countries).
bool inside_country(std::string_view country, double lat, double lon) {
  if (country == "US") return lat >= 18 && lat <= 72 && lon >= -180 && lon <= -65;
  if (country == "MX") return lat >= 14 && lat <= 33 && lon >= -118.5 && lon <= -86;
  return false;
}

// "United States" -> "US", "Mexico"/"México" -> "MX"; "" for a row naming several countries.
std::string country_code(std::string_view country) {
  if (country == "United States") return "US";
  if (country == "Mexico" || country == "México") return "MX";
  return "";
}

// Pieces of a phone field: split on ',', ';' and '/'.
std::vector<std::string> phone_pieces(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find_first_of(",;/", start), text.size());
    std::string piece = eoir::squeeze(text.substr(start, end - start));
    if (!piece.empty()) out.push_back(std::move(piece));
    start = end + 1;
  }
  return out;
}

// The digits of `piece` when it holds only digits, spaces, parentheses and hyphens (and, with
// `ext`, a trailing extension "Ext. 116" moved into `ext`); false otherwise.
bool digits_of(std::string_view piece, std::string& digits, std::string* ext) {
  digits.clear();
  std::size_t end = piece.size();
  if (ext != nullptr) {
    ext->clear();
    std::size_t at = std::string_view::npos;
    for (std::string_view word : {"ext", "Ext", "EXT"}) {
      const std::size_t found = piece.rfind(word);
      if (found != std::string_view::npos && (at == std::string_view::npos || found > at)) {
        at = found;
      }
    }
    if (at != std::string_view::npos) {
      std::size_t i = at + 3;
      if (i < piece.size() && piece[i] == '.') ++i;
      while (i < piece.size() && piece[i] == ' ') ++i;
      std::string e;
      while (i < piece.size() && is_digit(piece[i])) e.push_back(piece[i++]);
      if (e.empty() || i != piece.size()) return false;
      *ext = e;
      end = at;
    }
  }
  for (std::size_t i = 0; i < end; ++i) {
    const char c = piece[i];
    if (is_digit(c)) {
      digits.push_back(c);
    } else if (c != ' ' && c != '(' && c != ')' && c != '-') {
      return false;
    }
  }
  return true;
}

bool is_mexican_area_code(std::string_view ten) {
  return std::any_of(std::begin(kMexicanAreaCodes), std::end(kMexicanAreaCodes),
                     [&](std::string_view p) { return ten.starts_with(p); });
}

// A phone piece of a row whose address is in Mexico, read by two rules:
//   mx-country-code    "+52 686 554 5364", "52 664 976 7541", "52(81)2169-8232": the country code
//                      52 written first (standing apart), then exactly 10 digits.
//   mx-national-number "(664) 6825180", "01 (664) 683-0575", "044 686 2 09 61 38": exactly 10
//                      digits, or a trunk prefix 01, 044 or 045 and then 10 digits; reported as
//                      repaired, since +52 is added.
// Either way only spaces, parentheses and hyphens may stand between the digits (and an extension
// "Ext. 116" after them), and the 10 digits must begin with a Mexican area code
// (kMexicanAreaCodes): "(213)928 2917", a Los Angeles number listed for an organization in León, is
// not made Mexican. The number is stored in E.164: "+52" and the 10 digits.
struct MexicanPhone {
  std::string number;  // "+52dddddddddd", or "" when the piece is not kept
  std::string extension;
  bool national = false;  // read by mx-national-number (+52 added)
  std::string trunk;      // the trunk prefix dropped, or ""
  std::string why;        // when not kept: why
};

MexicanPhone mexican_number(std::string_view piece) {
  MexicanPhone out;
  std::string digits;
  std::size_t i = 0;
  if (i < piece.size() && piece[i] == '+') ++i;
  const bool country =
      piece.substr(i, 2) == "52" && i + 2 < piece.size() && !is_digit(piece[i + 2]);
  if (!digits_of(country ? piece.substr(i + 2) : piece, digits, &out.extension)) {
    out.why = "holds more than digits, spaces, parentheses, hyphens and an extension";
    return out;
  }
  if (!country) {
    for (std::string_view trunk : {"01", "044", "045"}) {
      if (digits.size() == 10 + trunk.size() && digits.starts_with(trunk)) {
        out.trunk = std::string(trunk);
        digits.erase(0, trunk.size());
        break;
      }
    }
  }
  if (digits.size() != 10) {
    out.why = std::to_string(digits.size()) + " digits" +
              (country ? " after the country code 52" : "") + ", not 10";
    return out;
  }
  if (!is_mexican_area_code(digits)) {
    out.why = "the 10 digits do not begin with a Mexican area code";
    return out;
  }
  out.number = "+52" + digits;
  out.national = !country;
  return out;
}

// "(713)-659-5566", "(915)8428400": exactly 10 digits, with only parentheses, hyphens and spaces
// between them, that are a NANP number (area code and exchange not starting with 0 or 1). Returns
// "(ddd) ddd-dddd", or "" when the piece is not that. Nothing is added or changed but the layout.
std::string spaced_nanp_number(std::string_view piece) {
  std::string digits;
  for (char c : piece) {
    if (is_digit(c)) {
      digits.push_back(c);
    } else if (c != ' ' && c != '(' && c != ')' && c != '-') {
      return "";
    }
  }
  if (digits.size() != 10 || digits[0] < '2' || digits[3] < '2') return "";
  return "(" + digits.substr(0, 3) + ") " + digits.substr(3, 3) + "-" + digits.substr(6);
}

// "Serves Eloy Detention Center, Central Arizona Detention Facility, and Florence …" -> the names
// after "Serves " split on ", " with a leading "and " dropped, as written. Pieces that name no
// facility ("San Diego", "Clayton County") are returned in `not_facilities`.
bool is_facility_name(std::string_view s) {
  for (std::string_view w : {"Detention", "Center", "Centre", "Facility", "Prison", "Correctional",
                             "Jail", "Complex", "Processing"}) {
    if (s.find(w) != std::string_view::npos) return true;
  }
  return false;
}

std::vector<std::string> served_facilities(std::string_view notes,
                                           std::vector<std::string>& not_facilities) {
  std::vector<std::string> out;
  const std::size_t at = notes.find("Serves ");
  if (at == std::string_view::npos) return out;
  std::string_view rest = notes.substr(at + 7);
  std::size_t start = 0;
  while (start <= rest.size()) {
    const std::size_t comma = std::min(rest.find(", ", start), rest.size());
    std::string piece = eoir::squeeze(rest.substr(start, comma - start));
    if (piece.starts_with("and ")) piece.erase(0, 4);
    while (!piece.empty() && (piece.back() == '.' || piece.back() == ' ')) piece.pop_back();
    if (!piece.empty()) {
      (is_facility_name(piece) ? out : not_facilities).push_back(std::move(piece));
    }
    start = comma + 2;
  }
  return out;
}

// "202 E McDowell Rd # 250, Phoenix, AZ 85004" with city "Phoenix" -> street "202 E McDowell Rd #
// 250" and ZIP "85004"; false when the text does not end ", <city>, <two capitals> <5 digits>".
bool split_us_address(std::string_view full, std::string_view city, std::string& street,
                      std::string& zip) {
  if (city.empty()) return false;
  const std::string tail = ", " + std::string(city) + ", ";
  const std::size_t at = full.rfind(tail);
  if (at == std::string_view::npos) return false;
  const std::string_view st_zip = full.substr(at + tail.size());
  if (st_zip.size() != 8 || st_zip[2] != ' ') return false;
  for (std::size_t k : {0, 1}) {
    if (st_zip[k] < 'A' || st_zip[k] > 'Z') return false;
  }
  for (std::size_t k = 3; k < 8; ++k) {
    if (!is_digit(st_zip[k])) return false;
  }
  street = std::string(full.substr(0, at));
  zip = std::string(st_zip.substr(3));
  return true;
}

}  // namespace

Result<ImportResult> import_border_orgs_2018(const std::string& path) {
  ImportResult result;
  auto text = read_file(path);
  if (!text.ok()) return std::move(text).error();
  auto rows = parse_csv(*text, path);
  if (!rows.ok()) return std::move(rows).error();
  // The header has two unnamed columns (the first and the last), so CsvTable (which refuses a
  // repeated column name) is not used: named columns are looked up here, unnamed ones ignored.
  if (rows->empty()) {
    return make_error(ErrorCode::kInvalidArgument, "the file is empty").at(path, 1);
  }
  const std::vector<std::string>& header = rows->front().fields;
  std::map<std::string, std::size_t, std::less<>> column;
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (header[c].empty()) continue;
    if (!column.emplace(header[c], c).second) {
      return make_error(ErrorCode::kInvalidArgument, "the column name is repeated in the header")
          .at(path, 1)
          .in_field(header[c]);
    }
  }
  for (std::string_view required : {"Name", "City", "State", "Country", "Address", "Phone", "Email",
                                    "Website", "Latitude", "Longitude", "Notes"}) {
    if (!column.contains(required)) {
      return make_error(ErrorCode::kInvalidArgument, "a required column is missing")
          .at(path, 1)
          .in_field(std::string(required));
    }
  }
  result.files.push_back(path);
  auto& records = result.records;

  std::map<std::string, int> line_of_id;
  for (std::size_t i = 1; i < rows->size(); ++i) {
    const CsvRecord& row = (*rows)[i];
    const int line = row.line;
    const auto reject = [&](std::string field, std::string why) {
      result.rejected.push_back({path, line, std::move(field), std::move(why)});
    };
    const auto repaired = [&](std::string field, std::string why) {
      result.repaired.push_back({path, line, std::move(field), std::move(why)});
    };
    const auto get = [&](std::string_view name) {
      const std::size_t c = column.find(name)->second;
      return c < row.fields.size() ? eoir::squeeze(row.fields[c]) : std::string();
    };
    const std::string name = get("Name");
    const std::string city = get("City");
    const std::string state = get("State");
    const std::string country_text = get("Country");
    const std::string country = country_code(country_text);
    if (name.empty()) {
      reject("Name", "no organization name; the row is left out");
      continue;
    }
    const std::string id = "border-2018-" + eoir::slug(name + " " + city);
    if (const auto seen = line_of_id.find(id); seen != line_of_id.end()) {
      reject("Name", "same name and city as line " + std::to_string(seen->second) +
                         "; the later row is left out");
      continue;
    }
    line_of_id[id] = line;
    const store::Provenance provenance{std::string(kBorderOrgs2018Dataset),
                                       std::string(kSourceDate), "",
                                       "line " + std::to_string(line)};

    store::Organization org;
    org.id = id;
    org.name = name;
    org.description = std::string(kDescription);
    org.website = get("Website");
    const std::string email = get("Email");
    if (!email.empty()) {
      const std::size_t cut = email.find_first_of(",; ");
      org.email = email.substr(0, cut);
      if (cut != std::string::npos) {
        repaired("Email", "several addresses in \"" + email + "\"; only the first, \"" + org.email +
                              "\", is kept");
      }
    }
    org.provenance = provenance;

    // Location: the address (or city and state) as written, with the coordinates when they are
    // numbers inside the row's country.
    std::string location_id;
    const std::string full = get("Address");
    std::optional<double> lat;
    std::optional<double> lon;
    {
      const std::string lat_s = get("Latitude");
      const std::string lon_s = get("Longitude");
      double la = 0;
      double lo = 0;
      if (parse_coordinate(lat_s, -90, 90, la) && parse_coordinate(lon_s, -180, 180, lo) &&
          (country.empty() || inside_country(country, la, lo))) {
        lat = la;
        lon = lo;
      } else if (!lat_s.empty() || !lon_s.empty()) {
        repaired("Latitude", "coordinates \"" + lat_s + ", " + lon_s +
                                 "\" are not numbers in range or lie outside " +
                                 (country_text.empty() ? "the country" : country_text) +
                                 "; the organization is kept without them");
      }
    }
    if (!full.empty() || !city.empty() || !state.empty()) {
      store::Location loc;
      loc.id = id + "-location";
      loc.organization_id = id;
      loc.location_type = "physical";
      loc.name = name;
      loc.latitude = lat;
      loc.longitude = lon;
      loc.provenance = provenance;
      store::Address addr;
      addr.id = loc.id + "-address";
      addr.location_id = loc.id;
      addr.city = city;
      addr.state_province = state;
      addr.country = country;
      if (country != "US" || !split_us_address(full, city, addr.address_1, addr.postal_code)) {
        addr.address_1 = full;
      }
      location_id = loc.id;
      records.locations.push_back(std::move(loc));
      records.addresses.push_back(std::move(addr));
    }

    // Phones: never completed or guessed.
    const std::string phone_text = get("Phone");
    std::vector<eoir::ParsedPhone> phones;
    if (!phone_text.empty()) {
      if (country == "MX") {
        for (const auto& piece : phone_pieces(phone_text)) {
          const MexicanPhone mx = mexican_number(piece);
          if (mx.number.empty()) {
            reject("Phone", "\"" + piece + "\" is not a complete Mexican number (" + mx.why +
                                "); not kept (never completed)");
            continue;
          }
          if (mx.national) {
            repaired("Phone", "mx-national-number: \"" + piece + "\" read as " + mx.number +
                                  (mx.extension.empty() ? "" : " ext. " + mx.extension) +
                                  " (the address is in Mexico; " +
                                  (mx.trunk.empty() ? "10 national digits"
                                                    : "the trunk prefix " + mx.trunk +
                                                          " dropped, 10 national digits") +
                                  ", area code of the Mexican numbering plan; +52 added)");
          }
          phones.push_back({mx.number, mx.extension, ""});
        }
      } else if (country_text.find("United States") != std::string::npos) {
        const eoir::PhoneParse parsed = eoir::parse_phones(phone_text);
        phones = parsed.phones;
        for (const auto& bad : parsed.incomplete) {
          const std::string number = spaced_nanp_number(bad);
          if (!number.empty()) {
            phones.push_back({number, "", ""});
            repaired("Phone", "\"" + bad + "\" read as " + number + " (same 10 digits)");
          } else {
            reject("Phone",
                   "\"" + bad + "\" is not a complete 10-digit number; not kept (never completed)");
          }
        }
      } else {
        reject("Phone", "\"" + phone_text + "\": the row's country \"" + country_text +
                            "\" does not say which numbering plan; not kept");
      }
    }
    std::vector<std::string> phone_ids;
    for (const auto& p : phones) {
      store::Phone phone;
      phone.id =
          id + "-phone-" + eoir::slug(p.number) + (p.extension.empty() ? "" : "x" + p.extension);
      if (std::find(phone_ids.begin(), phone_ids.end(), phone.id) != phone_ids.end()) continue;
      phone_ids.push_back(phone.id);
      phone.organization_id = id;
      phone.location_id = location_id;
      phone.number = p.number;
      phone.extension = p.extension;
      phone.type = "voice";
      phone.description = p.note;
      phone.provenance = provenance;
      records.phones.push_back(std::move(phone));
    }

    // "Serves X Detention Center, …": the facilities as written.
    const std::string notes = get("Notes");
    std::vector<std::string> not_facilities;
    const std::vector<std::string> facilities = served_facilities(notes, not_facilities);
    for (const auto& n : not_facilities) {
      repaired("Notes", "\"" + n +
                            "\" after \"Serves\" names no detention facility; kept only in the "
                            "service description");
    }
    // Terms (terms.h) read from the name, the Notes and the unnamed first column, which holds
    // notes such as "Vera LOP Contractor" (border_2018_rules()); the Type column says only
    // "Current Crisis" or "General" and gives none. A row with a term or a facility served gets
    // one service.
    const std::string first_column =
        row.fields.empty() || !header.front().empty() ? "" : eoir::squeeze(row.fields.front());
    const auto matches = terms::match_phrases(name + " | " + notes + " | " + first_column,
                                              terms::border_2018_rules());
    if (!facilities.empty() || !matches.empty()) {
      store::Service service;
      service.id = id + "-service";
      service.organization_id = id;
      service.name = std::string(kServiceName);
      service.description = notes;
      service.email = org.email;
      service.url = org.website;
      service.provenance = provenance;
      if (!location_id.empty()) {
        records.service_at_locations.push_back(
            {service.id + "-at-" + location_id, service.id, location_id});
      }
      std::vector<std::string> ids;
      for (const auto& f : facilities) {
        const std::string area_id = service.id + "-area-" + eoir::slug(f);
        if (std::find(ids.begin(), ids.end(), area_id) != ids.end()) continue;
        ids.push_back(area_id);
        records.service_areas.push_back({area_id, service.id, f,
                                         "Detention facility served, as the 2018 list names it",
                                         "urn:facility-name:" + f});
      }
      for (const auto& m : matches) {
        terms::tag_service(records, service.id, m.term, terms::label_of(m));
      }
      // Rule border-serves-detention: "Serves <detention facility>" in the Notes: the service is
      // for the people held there.
      if (!facilities.empty()) {
        terms::tag_service(records, service.id, "detained-adults",
                           "border-serves-detention: the Notes say it serves \"" +
                               facilities.front() + "\"" +
                               (facilities.size() > 1 ? " and others" : ""));
      }
      records.services.push_back(std::move(service));
    }
    records.organizations.push_back(std::move(org));
  }
  return result;
}

}  // namespace amparo::directory
