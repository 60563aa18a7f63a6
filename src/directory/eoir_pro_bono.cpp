// The DOJ/EOIR List of Pro Bono Legal Service Providers (pro-bono-representation-2026-09-10.json):
// one row per provider per immigration court, extracted from the PDF with its layout defects. Rows
// become one organization per provider with one pro bono service, its offices as locations, its
// phones (with the free-call speed-dial codes from ICE detention phones its text states), languages
// and the courts it is listed under as service areas. Every repair is a named rule reported in
// `repaired`; what no rule repairs is reported in `rejected` and left out. Phones are only ever
// read, never completed.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "directory/eoir_common.h"
#include "directory/import.h"
#include "directory/terms.h"

namespace amparo::directory {
namespace {

constexpr std::string_view kDataset = kEoirProBonoDataset;
constexpr std::string_view kSourceDate = "2026-09-10";

enum Col {
  kName,
  kReferral,
  kStreet,
  kCsz,
  kPhone,
  kEmail,
  kWebsite,
  kLanguages,
  kCaseTypes,
  kIntake,
  kState,
  kCourt,
  kPage
};

constexpr eoir::JsonKey kKeys[] = {
    {"organizationName", eoir::JsonKind::kStringOrNull},
    {"isReferralService", eoir::JsonKind::kBool},
    {"streetAddress", eoir::JsonKind::kStringOrNull},
    {"cityStateZip", eoir::JsonKind::kStringOrNull},
    {"phone", eoir::JsonKind::kStringOrNull},
    {"email", eoir::JsonKind::kStringOrNull},
    {"website", eoir::JsonKind::kStringOrNull},
    {"languages", eoir::JsonKind::kStringOrNull},
    {"caseTypeLimits", eoir::JsonKind::kStringOrNull},
    {"intakePolicy", eoir::JsonKind::kStringOrNull},
    {"state", eoir::JsonKind::kStringOrNull},
    {"immigrationCourt", eoir::JsonKind::kStringOrNull},
    {"pageNumber", eoir::JsonKind::kInteger},
};

// Language names read from the `languages` field, longest first so that "Haitian Creole" wins over
// "Creole"; codes only where the BCP 47 tag is obvious.
constexpr std::pair<std::string_view, std::string_view> kLanguageNames[] = {
    {"Haitian Creole", "ht"},
    {"Mandarin Chinese", "zh"},
    {"Portuguese", "pt"},
    {"Vietnamese", ""},
    {"Cantonese", ""},
    {"Mandarin", "zh"},
    {"Spanish", "es"},
    {"English", "en"},
    {"Russian", "ru"},
    {"Turkish", "tr"},
    {"Chinese", "zh"},
    {"Arabic", "ar"},
    {"French", "fr"},
    {"Pashto", "ps"},
    {"Creole", ""},
    {"Farsi", ""},
    {"Karen", ""},
    {"Dari", "prs"},
    {"ASL", ""},
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}
bool contains_word(std::string_view s, std::string_view w) {
  std::size_t at = s.find(w);
  while (at != std::string_view::npos) {
    const bool left = at == 0 || !std::isalpha(static_cast<unsigned char>(s[at - 1]));
    const std::size_t end = at + w.size();
    const bool right = end >= s.size() || !std::isalpha(static_cast<unsigned char>(s[end]));
    if (left && right) return true;
    at = s.find(w, at + 1);
  }
  return false;
}

int paren_balance(std::string_view s) {
  int n = 0;
  for (char c : s) n += c == '(' ? 1 : (c == ')' ? -1 : 0);
  return n;
}

// Splits a PDF cell on ", " outside parentheses.
std::vector<std::string> split_segments(std::string_view s) {
  std::vector<std::string> out;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')') --depth;
    if (depth <= 0 && s[i] == ',' && i + 1 < s.size() && s[i + 1] == ' ') {
      out.push_back(eoir::squeeze(s.substr(start, i - start)));
      start = i + 2;
    }
  }
  if (start < s.size()) out.push_back(eoir::squeeze(s.substr(start)));
  out.erase(std::remove(out.begin(), out.end(), std::string()), out.end());
  return out;
}

bool is_po_box(std::string_view s) {
  for (std::string_view p : {"P.O. Box", "P. O. Box", "PO Box", "Post Office Box"}) {
    if (starts_with(s, p)) return true;
  }
  return false;
}

// "1050 Connecticut Avenue", "47-01 Queens Blvd.", "One West Main Street", "P.O. Box 600".
bool is_street_start(std::string_view s) {
  if (is_po_box(s) || starts_with(s, "One ")) return true;
  std::size_t i = 0;
  while (i < s.size() && (is_digit(s[i]) || s[i] == '-')) ++i;
  if (i == 0 || !is_digit(s[0])) return false;
  if (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i])) && i + 1 < s.size() &&
      s[i + 1] == ' ') {
    ++i;  // "1815A Main"
  }
  return i + 1 < s.size() && s[i] == ' ' && (is_upper(s[i + 1]) || is_digit(s[i + 1]));
}

// What may follow a street in the same cell: "Suite 400", "NW", "Unit 400", "3rd Floor", "SB-LL-1".
bool is_street_continuation(std::string_view s) {
  for (std::string_view p : {"Suite", "Ste", "Unit", "#", "Box ", "PMB", "Room", "Floor", "Third",
                             "Second", "First", "Fourth", "Fifth"}) {
    if (starts_with(s, p)) return true;
  }
  for (std::string_view d : {"NW", "NE", "SW", "SE", "N.W.", "N.E.", "S.W.", "S.E."}) {
    if (s == d) return true;
  }
  if (ends_with(lower(s), "floor")) return true;
  const bool short_code = s.size() <= 12 && s.find(' ') == std::string_view::npos;
  return short_code && std::any_of(s.begin(), s.end(), is_digit);
}

// Office hours: "9AM-1PM at …", "1PM-3PM", "Monday-Thursday", "9:30AM-12:00PM; Thursday …".
bool is_hours(std::string_view s) {
  for (std::string_view day : {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                               "Sunday", "viernes", "lunes", "24/7"}) {
    if (s.find(day) != std::string_view::npos) return true;
  }
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    if (!is_digit(s[i])) continue;
    std::size_t j = i;
    while (j < s.size() && (is_digit(s[j]) || s[j] == ':')) ++j;
    if (s.substr(j, 2) == "AM" || s.substr(j, 2) == "PM") return true;
  }
  return false;
}

// "Nevada 89104" or "NV 89104": a state and ZIP inside the street cell.
bool is_state_zip(std::string_view s, std::string& state, std::string& zip) {
  const std::size_t space = s.rfind(' ');
  if (space == std::string_view::npos) return false;
  const std::string_view z = s.substr(space + 1);
  const bool zip_ok =
      (z.size() == 5 || (z.size() == 10 && z[5] == '-')) &&
      std::all_of(z.begin(), z.end(), [](char c) { return is_digit(c) || c == '-'; });
  const std::string_view st = s.substr(0, space);
  const bool state_ok =
      !st.empty() && is_upper(st[0]) && std::all_of(st.begin(), st.end(), [](char c) {
        return std::isalpha(static_cast<unsigned char>(c)) || c == ' ';
      });
  if (!zip_ok || !state_ok) return false;
  state = std::string(st);
  zip = std::string(z);
  return true;
}

std::vector<std::string> emails_in(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t j = std::min(s.find_first_of(" ;/,", i), s.size());
    const std::string_view token = s.substr(i, j - i);
    if (token.find('@') != std::string_view::npos) out.emplace_back(token);
    i = j + 1;
  }
  return out;
}

// A name made only of e-mail addresses ("a@x.org; b@x.org").
bool is_email_list(std::string_view s) {
  if (s.find('@') == std::string_view::npos) return false;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t j = std::min(s.find_first_of(" ;/,", i), s.size());
    const std::string_view token = s.substr(i, j - i);
    if (!token.empty() && token.find('@') == std::string_view::npos) return false;
    i = j + 1;
  }
  return true;
}

// "Immigrant Rights Legal Defense Program (IRLDP) -": words capitalised but for small joining
// words, at least three words.
bool is_title_like(std::string_view s) {
  static const std::set<std::string> kSmall = {"of", "on", "and", "the", "for",
                                               "&",  "-",  "–",   "de"};
  int words = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t j = std::min(s.find(' ', i), s.size());
    const std::string w(s.substr(i, j - i));
    i = j + 1;
    if (w.empty()) continue;
    ++words;
    if (kSmall.count(w) > 0) continue;
    if (!(is_upper(w[0]) || is_digit(w[0]) || w[0] == '(' || w[0] == '\'')) return false;
    if (w.find(':') != std::string::npos) return false;
  }
  return words >= 3;
}

// A name head that cannot end a name: "…, Catholic Charities of Southern Nevada," / "… -" / "of".
bool is_dangling(std::string_view s) {
  for (std::string_view end : {",", " -", " –", " of", " on", " and", " for", " the"}) {
    if (ends_with(s, end)) return true;
  }
  return false;
}

// The first of a doubled website: "www.a.orgwww.a.org", "www.a.org/x/www.b.org", "a or b".
std::string first_website(std::string_view w, bool& doubled) {
  std::size_t cut = w.find(" or ");
  const std::size_t again = w.find("www.", 1);
  cut = std::min(cut, again);
  doubled = cut != std::string_view::npos;
  return eoir::squeeze(doubled ? w.substr(0, cut) : w);
}

std::string first_host(std::string_view website) {
  bool doubled = false;
  return eoir::web_host(first_website(website, doubled));
}

struct Street {
  std::string text;   // street with what continues it in the cell, as published
  std::string label;  // office label ("Main Office", "Galveston Office"), or ""
  bool postal = false;
  std::string city, state, zip;
  bool has_csz = false;
  std::string location_id;
};

enum class Kind { kOwn, kHeading, kEmailList, kParenContinuation, kTollFree, kRejected };

struct Row {
  int n = 0;
  std::vector<std::string> v;  // as read, squeezed
  std::string name;
  std::string alternate_name;
  std::vector<Street> streets;
  std::string address_phone;              // a phone moved out of streetAddress
  std::vector<std::string> extra_emails;  // e-mails found in the name or streetAddress
  std::vector<std::string> trailing;  // streetAddress text after a phone: the next row's name head
  Kind kind = Kind::kOwn;
  std::size_t owner = 0;  // the row whose organization this row belongs to
  std::string toll_free;  // kTollFree: the number in the name
  std::string group;      // organization key
};

// The phrases the list uses to state a free-call code from ICE detention phones, lowercase: only
// the forms found in the 2026-09-10 file ("facilities should contact our speed dial at 2150#").
// A bare "2150#" is never read as a code.
constexpr std::string_view kSpeedDialPhrases[] = {"speed dial at "};

// Every code `text` states by one of kSpeedDialPhrases: 3 to 5 digits and '#' right after the
// phrase, as written ("2150#"), with the phrase and code as found (for the report).
std::vector<std::pair<std::string, std::string>> speed_dial_codes(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::string folded = lower(text);
  for (std::string_view phrase : kSpeedDialPhrases) {
    for (std::size_t at = folded.find(phrase); at != std::string::npos;
         at = folded.find(phrase, at + 1)) {
      std::size_t end = at + phrase.size();
      while (end < text.size() && is_digit(text[end])) ++end;
      const std::size_t digits = end - at - phrase.size();
      if (digits < 3 || digits > 5 || end >= text.size() || text[end] != '#') continue;
      out.emplace_back(std::string(text.substr(at + phrase.size(), digits + 1)),
                       std::string(text.substr(at, end + 1 - at)));
    }
  }
  return out;
}

// The service's terms (terms.h), each by a rule data/README.md names:
//   eoir-pro-bono-list  legal: the list is of pro bono legal service providers.
//   eoir-pro-bono-free  free-of-charge: the list's services are pro bono, unless the service's text
//                       states a fee (eoir-fee-stated: "Reduced fee schedule", "nominal fee").
//   eoir-referral-flag  referral: a row of the organization has isReferralService true.
//   eoir-text-*         phrases of the service's text (terms::eoir_text_rules()).
//   eoir-name-hotline   "hotline" in the organization's name.
void tag_service_terms(store::Records& records, const store::Organization& org,
                       const store::Service& service, bool referral) {
  terms::tag_service(records, service.id, "legal",
                     "eoir-pro-bono-list: listed in the DOJ/EOIR List of Pro Bono Legal Service "
                     "Providers");
  const auto fee = terms::match_phrases(service.description, terms::eoir_fee_rules());
  if (fee.empty()) {
    terms::tag_service(records, service.id, "free-of-charge",
                       "eoir-pro-bono-free: the list is of pro bono (free) legal services");
  }
  if (referral) {
    terms::tag_service(records, service.id, "referral",
                       "eoir-referral-flag: isReferralService is true");
  }
  for (const auto& m : terms::match_phrases(service.description, terms::eoir_text_rules())) {
    terms::tag_service(records, service.id, m.term, terms::label_of(m));
  }
  for (const auto& m : terms::match_phrases(org.name, terms::eoir_name_rules())) {
    terms::tag_service(records, service.id, m.term, terms::label_of(m));
  }
}

std::string rows_text(const std::vector<int>& rows) {
  std::string out = rows.size() == 1 ? "row " : "rows ";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(rows[i]);
  }
  return out;
}

class ProBonoImporter {
 public:
  explicit ProBonoImporter(std::string path) : path_(std::move(path)) {}

  Result<ImportResult> run() {
    auto table = eoir::read_json_rows(path_, kKeys);
    if (!table) return std::move(table).error();
    result_.files.push_back(path_);
    for (std::size_t i = 0; i < table->size(); ++i) {
      Row row;
      row.n = static_cast<int>(i) + 1;
      for (const auto& value : (*table)[i]) row.v.push_back(eoir::squeeze(value));
      rows_.push_back(std::move(row));
    }
    for (Row& row : rows_) read_name_and_address(row);
    std::set<std::string> names;
    for (const Row& row : rows_) names.insert(lower(row.name));
    for (std::size_t i = 0; i < rows_.size(); ++i) resolve_fragment(i, names);
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      if (!rows_[i].trailing.empty()) {
        std::string text;
        for (const auto& t : rows_[i].trailing) text += (text.empty() ? "" : ", ") + t;
        reject(rows_[i], "streetAddress",
               "\"" + text +
                   "\" after the phone is not an address and no row below takes it as "
                   "its name; left out");
      }
    }
    join_lost_heads();
    for (Row& row : rows_) check_usable(row);
    build();
    return std::move(result_);
  }

 private:
  void repaired(const Row& row, std::string field, std::string reason) {
    result_.repaired.push_back(eoir::issue(path_, row.n, std::move(field), std::move(reason)));
  }
  void reject(const Row& row, std::string field, std::string reason) {
    result_.rejected.push_back(eoir::issue(path_, row.n, std::move(field), std::move(reason)));
  }

  // Pass 1: the row on its own: its name (with what the PDF wrapped into the address cell) and the
  // streets, phone and e-mails of its address cell.
  void read_name_and_address(Row& row) {
    row.name = row.v[kName];
    if (ends_with(row.name, "(cont.)")) {
      row.name = eoir::squeeze(row.name.substr(0, row.name.size() - 7));
      repaired(row, "organizationName", "continued-name: \"(cont.)\" removed from the name");
    }
    while (!row.name.empty() && row.name.back() == '*') row.name.pop_back();

    std::vector<std::string> segs = split_segments(row.v[kStreet]);
    // "Washington, DC Office:" is one label the comma split in two.
    for (std::size_t k = 0; k + 1 < segs.size(); ++k) {
      if (segs[k + 1].back() == ':' && segs[k].back() != ':' && segs[k].back() != '*' &&
          !is_street_start(segs[k]) && !is_street_continuation(segs[k]) &&
          segs[k].find('@') == std::string::npos && !eoir::is_single_phone(segs[k]) &&
          segs[k].find(' ') == std::string::npos) {
        segs[k] += ", " + segs[k + 1];
        segs.erase(segs.begin() + static_cast<long>(k) + 1);
      }
    }
    std::size_t first = 0;
    if (!segs.empty() && starts_with(segs[0], "(formerly ") && segs[0].back() == ')') {
      row.alternate_name = segs[0].substr(10, segs[0].size() - 11);
      repaired(row, "streetAddress",
               "former-name-in-address: \"" + segs[0] + "\" is the organization's former name");
      first = 1;
    }
    // Rule name-wrapped-into-address: the PDF ends a provider's name with '*' or '**'; cells
    // before that mark in the address column are the rest of the name.
    for (std::size_t k = first; k < segs.size(); ++k) {
      const std::string& s = segs[k];
      if (is_street_start(s) || eoir::is_single_phone(s) || s.find('@') != std::string::npos ||
          s.back() == ':') {
        break;
      }
      if (s.back() != '*') continue;
      std::string tail;
      for (std::size_t m = first; m <= k; ++m) tail += (tail.empty() ? "" : ", ") + segs[m];
      while (!tail.empty() && tail.back() == '*') tail.pop_back();
      std::string label;
      if (ends_with(tail, " Main Office")) {
        tail = tail.substr(0, tail.size() - 12);
        label = "Main Office";
      }
      const std::string before = row.name;
      row.name = eoir::squeeze(row.name + " " + tail);
      repaired(row, "organizationName",
               "name-wrapped-into-address: \"" + before + "\" + \"" + tail +
                   "\" (the part of "
                   "streetAddress before the PDF's '*' mark)");
      first = k + 1;
      if (!label.empty()) segs.insert(segs.begin() + static_cast<long>(first), label + ":");
      break;
    }

    std::string label;
    bool after_phone = false;
    std::vector<std::string> unknown;
    std::string last_unknown;
    for (std::size_t k = first; k < segs.size(); ++k) {
      const std::string& s = segs[k];
      std::string state, zip;
      if (s.back() == ':') {
        label = s.substr(0, s.size() - 1);
        if (label.find("(cont.)") != std::string::npos) label.clear();
        last_unknown.clear();
        continue;
      }
      if (eoir::is_single_phone(s)) {
        if (row.address_phone.empty()) {
          row.address_phone = s;
          repaired(row, "streetAddress",
                   "phone-in-address: \"" + s + "\" moved from streetAddress to phone");
        }
        after_phone = true;
        continue;
      }
      if (after_phone && !is_street_start(s)) {
        row.trailing.push_back(s);
        continue;
      }
      if (s.find('@') != std::string::npos) {
        for (auto& e : emails_in(s)) row.extra_emails.push_back(e);
        repaired(row, "streetAddress", "email-in-address: \"" + s + "\" read as e-mail");
        continue;
      }
      if (is_hours(s)) {
        repaired(row, "streetAddress", "hours-in-address: \"" + s + "\" removed from the address");
        continue;
      }
      if (s.find("www.") != std::string::npos || s.find("http") != std::string::npos) {
        repaired(row, "streetAddress",
                 "web-text-in-address: \"" + s + "\" removed from the address");
        continue;
      }
      const bool continues = !row.streets.empty() && label.empty() && last_unknown.empty() &&
                             !row.streets.back().has_csz &&
                             (is_street_continuation(s) || is_po_box(s));
      if (continues) {
        row.streets.back().text += ", " + s;
        continue;
      }
      if (is_street_start(s)) {
        Street street;
        street.text = s;
        street.label = label;
        street.postal = is_po_box(s) || lower(label).find("mailing") != std::string::npos;
        row.streets.push_back(street);
        label.clear();
        last_unknown.clear();
        continue;
      }
      if (!last_unknown.empty() && !row.streets.empty() && !row.streets.back().has_csz &&
          is_state_zip(s, state, zip)) {
        Street& street = row.streets.back();
        street.city = last_unknown;
        street.state = state;
        street.zip = zip;
        street.has_csz = true;
        unknown.pop_back();
        last_unknown.clear();
        continue;
      }
      unknown.push_back(s);
      last_unknown = s;
    }
    for (const auto& u : unknown) {
      reject(row, "streetAddress", "\"" + u + "\" in streetAddress is not an address; left out");
    }

    // cityStateZip belongs to the last street without its own city (the PDF cell's last line).
    const std::string& csz = row.v[kCsz];
    if (!csz.empty()) {
      const std::size_t comma = csz.rfind(", ");
      std::string state, zip;
      const bool ok = comma != std::string::npos &&
                      is_state_zip(csz.substr(comma + 2), state, zip) && state.size() == 2;
      Street* target = nullptr;
      for (auto it = row.streets.rbegin(); it != row.streets.rend(); ++it) {
        if (!it->has_csz) {
          target = &*it;
          break;
        }
      }
      if (!ok) {
        reject(row, "cityStateZip", "\"" + csz + "\" is not \"City, ST 12345\"; no location");
      } else if (target == nullptr) {
        reject(row, "cityStateZip", "\"" + csz + "\" has no street in this row; no location");
      } else {
        target->city = eoir::squeeze(csz.substr(0, comma));
        target->state = state;
        target->zip = zip;
        target->has_csz = true;
      }
    }
    std::vector<Street> kept;
    for (auto& street : row.streets) {
      if (street.has_csz) {
        kept.push_back(street);
      } else {
        reject(row, "streetAddress",
               "merged-offices: \"" + street.text +
                   "\" has no city, state and ZIP of its own in "
                   "this row (cityStateZip belongs to the cell's last street); left out");
      }
    }
    if (kept.size() < row.streets.size() && !kept.empty()) {
      repaired(row, "streetAddress",
               "merged-offices: the office \"" + kept.back().text + "\" kept with cityStateZip");
    }
    row.streets = std::move(kept);
  }

  // Pass 2: rows whose name is not an organization's: joined to the organization they belong to,
  // or rejected; names whose first part the PDF put into the row above.
  void resolve_fragment(std::size_t i, const std::set<std::string>& names) {
    Row& row = rows_[i];
    row.owner = i;
    Row* prev = i > 0 ? &rows_[i - 1] : nullptr;
    const bool same_place = prev != nullptr && prev->v[kPage] == row.v[kPage] &&
                            prev->v[kCourt] == row.v[kCourt] && prev->kind != Kind::kRejected;
    const std::string& name = row.name;

    Kind kind = Kind::kOwn;
    if (is_email_list(name)) {
      kind = Kind::kEmailList;
    } else if (starts_with(name, "Toll Free:")) {
      kind = Kind::kTollFree;
    } else if (!name.empty() && name.back() == ':') {
      kind = Kind::kHeading;
    } else if (paren_balance(name) < 0 && prev != nullptr && paren_balance(prev->v[kPhone]) > 0) {
      kind = Kind::kParenContinuation;
    }

    if (kind == Kind::kOwn) {
      join_name_head(row, prev, names);
      row.kind = Kind::kOwn;
      return;
    }
    if (!same_place) {
      row.kind = Kind::kRejected;
      reject(row, "organizationName",
             "\"" + name +
                 "\" is not an organization's name and the row above is not on the same "
                 "page and court (or was left out); no rule says whose it is");
      return;
    }
    const Row& owner = rows_[prev->owner];
    switch (kind) {
      case Kind::kHeading: {
        // Rule office-heading: "Galveston Office:" lists another office of the organization above.
        const std::string mine_email = eoir::email_domain(row.v[kEmail]);
        const std::string mine_web = first_host(row.v[kWebsite]);
        std::set<std::string> theirs_email, theirs_web;
        const Row* const neighbours[] = {prev, &owner};
        for (const Row* r : neighbours) {
          if (!r->v[kEmail].empty()) theirs_email.insert(eoir::email_domain(r->v[kEmail]));
          if (!r->v[kWebsite].empty()) theirs_web.insert(first_host(r->v[kWebsite]));
        }
        const bool conflict =
            (!mine_email.empty() && !theirs_email.empty() && theirs_email.count(mine_email) == 0) ||
            (!mine_web.empty() && !theirs_web.empty() && theirs_web.count(mine_web) == 0);
        if (conflict) {
          row.kind = Kind::kRejected;
          reject(row, "organizationName",
                 "office heading \"" + name +
                     "\" has an e-mail or website of another domain "
                     "than \"" +
                     owner.name + "\" in the row above; no rule says whose it is");
          return;
        }
        if (starts_with(lower(name), "mailing address")) {
          const std::string mine_city = row.streets.empty() ? "" : row.streets.back().city;
          const std::string their_city = prev->streets.empty() ? "" : prev->streets.back().city;
          if (mine_city.empty() || mine_city != their_city) {
            row.kind = Kind::kRejected;
            reject(row, "organizationName",
                   "mailing address heading in " + (mine_city.empty() ? "no city" : mine_city) +
                       " below \"" + prev->name + "\" in " +
                       (their_city.empty() ? "no city" : their_city) +
                       ": not the same city, so nothing ties it to that organization");
            return;
          }
        }
        const std::string label = name.substr(0, name.size() - 1);
        for (auto& street : row.streets) {
          if (street.label.empty()) street.label = label;
          if (starts_with(lower(label), "mailing address")) street.postal = true;
        }
        repaired(row, "organizationName",
                 "office-heading: \"" + name + "\" is a heading under \"" + owner.name +
                     "\" (row " + std::to_string(owner.n) + "); merged into it");
        break;
      }
      case Kind::kEmailList:
        for (auto& e : emails_in(name)) row.extra_emails.push_back(e);
        repaired(row, "organizationName",
                 "emails-as-name: \"" + name + "\" are e-mail addresses of \"" + owner.name +
                     "\" (row " + std::to_string(owner.n) + "); merged into it");
        break;
      case Kind::kParenContinuation:
        prev->v[kPhone] = eoir::squeeze(prev->v[kPhone] + " " + name);
        repaired(row, "organizationName",
                 "phone-note-continued: \"" + name + "\" closes the note of the phone in row " +
                     std::to_string(prev->n) + "; merged into it");
        break;
      case Kind::kTollFree:
        // Rule nwirp-shift: in this block the PDF's columns slipped by one row; the toll-free
        // number named in a row is the line of the office whose address is in the row above.
        row.toll_free = eoir::squeeze(name.substr(10));
        repaired(row, "organizationName",
                 "toll-free-shifted: \"" + name + "\" is the toll-free line of \"" + owner.name +
                     "\"'s office in row " + std::to_string(prev->n) +
                     " (the block's columns "
                     "are shifted by one row); merged into it");
        break;
      default:
        break;
    }
    row.kind = kind;
    row.owner = prev->owner;
  }

  void join_name_head(Row& row, Row* prev, const std::set<std::string>& names) {
    if (prev == nullptr || prev->v[kPage] != row.v[kPage]) return;
    // Rule name-head-after-phone: text after the hotline's phone in the row above's address cell
    // is the first part of this row's name.
    if (!prev->trailing.empty()) {
      std::string head;
      for (const auto& t : prev->trailing) head += (head.empty() ? "" : ", ") + t;
      prev->trailing.clear();
      const std::string before = row.name;
      row.name = eoir::squeeze(head + " " + row.name);
      repaired(row, "organizationName",
               "name-head-in-row-above: \"" + head + "\" (after the phone in row " +
                   std::to_string(prev->n) + "'s streetAddress) + \"" + before + "\"");
      return;
    }
    // Rule name-head-in-row-above: the last "; " part of the row above's caseTypeLimits is the
    // first part of this name when it reads as a title and the join is certain: the head cannot
    // end a name, this name cannot start one, or the joined name is published elsewhere.
    std::string& ct = prev->v[kCaseTypes];
    const std::size_t semi = ct.rfind("; ");
    const std::string head = semi == std::string::npos ? ct : ct.substr(semi + 2);
    if (head.empty() || !is_title_like(head) || row.name.empty()) return;
    const std::string joined = eoir::squeeze(head + " " + row.name);
    const bool name_is_tail = is_lower(row.name[0]) || starts_with(row.name, "Inc.");
    if (!(is_dangling(head) || name_is_tail || names.count(lower(joined)) > 0)) return;
    repaired(*prev, "caseTypeLimits",
             "name-head-in-row-above: \"" + head + "\" moved to the name in row " +
                 std::to_string(row.n));
    repaired(row, "organizationName",
             "name-head-in-row-above: \"" + head + "\" (end of row " + std::to_string(prev->n) +
                 "'s caseTypeLimits) + \"" + row.name + "\"");
    row.name = joined;
    ct = semi == std::string::npos ? "" : ct.substr(0, semi);
  }

  // Rule name-head-lost: a name that is the end of another provider's name ("Immigration Clinic" of
  // "University of Texas School of Law Immigration Clinic") with the same street, phone and website
  // is that provider; the PDF lost the first part of the name.
  void join_lost_heads() {
    for (Row& row : rows_) {
      if (row.kind != Kind::kOwn || row.name.empty() || row.streets.empty()) continue;
      for (const Row& other : rows_) {
        if (other.kind != Kind::kOwn || other.name.size() <= row.name.size() + 1 ||
            !ends_with(other.name, " " + row.name) || other.streets.empty()) {
          continue;
        }
        const bool same = other.streets.back().text == row.streets.back().text &&
                          other.v[kPhone] == row.v[kPhone] && !row.v[kPhone].empty() &&
                          first_host(other.v[kWebsite]) == first_host(row.v[kWebsite]);
        if (!same) continue;
        repaired(row, "organizationName",
                 "name-head-lost: \"" + row.name + "\" is the end of \"" + other.name + "\" (row " +
                     std::to_string(other.n) + ") with the same street, phone and website");
        row.name = other.name;
        break;
      }
    }
  }

  void check_usable(Row& row) {
    if (row.kind != Kind::kOwn) return;
    if (row.name.empty()) {
      row.kind = Kind::kRejected;
      reject(row, "organizationName", "no name");
      return;
    }
    const bool contact = !row.v[kPhone].empty() || !row.address_phone.empty() ||
                         !row.v[kEmail].empty() || !row.extra_emails.empty() ||
                         !row.v[kWebsite].empty() || !row.streets.empty();
    if (!contact) {
      row.kind = Kind::kRejected;
      reject(row, "organizationName", "no phone, e-mail, website or address: nothing to contact");
    }
  }

  void build();

  std::string path_;
  std::vector<Row> rows_;
  ImportResult result_;
};

struct PhoneEntry {
  eoir::ParsedPhone phone;
  std::vector<int> rows;
  std::set<std::string> locations;  // "" when a row had none
};

void ProBonoImporter::build() {
  store::Records& records = result_.records;

  // Organizations: rows grouped by the name of the row that owns them.
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    Row& row = rows_[i];
    if (row.kind == Kind::kRejected || rows_[row.owner].kind == Kind::kRejected) continue;
    row.group = lower(rows_[row.owner].name);
    if (groups[row.group].empty()) order.push_back(row.group);
    groups[row.group].push_back(i);
  }
  // Same name, different organizations: rows of one name with two e-mail domains or two website
  // hosts are told apart by city.
  std::vector<std::pair<std::string, std::vector<std::size_t>>> orgs;
  for (const auto& key : order) {
    const auto& members = groups[key];
    std::set<std::string> domains, hosts;
    for (std::size_t i : members) {
      if (!rows_[i].v[kEmail].empty()) domains.insert(eoir::email_domain(rows_[i].v[kEmail]));
      if (!rows_[i].v[kWebsite].empty()) hosts.insert(first_host(rows_[i].v[kWebsite]));
    }
    if (domains.size() <= 1 && hosts.size() <= 1) {
      orgs.emplace_back(eoir::slug(rows_[members.front()].name), members);
      continue;
    }
    std::vector<std::string> cities;
    std::map<std::string, std::vector<std::size_t>> by_city;
    for (std::size_t i : members) {
      const Row& owner = rows_[rows_[i].owner];
      const std::string city = owner.streets.empty() ? "" : owner.streets.back().city;
      if (by_city[city].empty()) cities.push_back(city);
      by_city[city].push_back(i);
    }
    for (const auto& city : cities) {
      const auto& part = by_city[city];
      orgs.emplace_back(eoir::slug(rows_[part.front()].name + " " + city), part);
      repaired(rows_[part.front()], "organizationName",
               "same-name-split: \"" + rows_[part.front()].name +
                   "\" rows have different "
                   "e-mail or website domains; this organization is told apart by its city \"" +
                   city + "\"");
    }
  }

  for (const auto& [key, members] : orgs) {
    const Row& head = rows_[rows_[members.front()].owner];
    std::vector<int> all_rows;
    for (std::size_t i : members) all_rows.push_back(rows_[i].n);
    const store::Provenance provenance{std::string(kDataset), std::string(kSourceDate), "",
                                       rows_text(all_rows)};

    store::Organization org;
    org.id = "eoir-org-" + key;
    org.name = head.name;
    org.provenance = provenance;
    std::vector<std::string> emails;
    for (std::size_t i : members) {
      const Row& row = rows_[i];
      if (org.alternate_name.empty()) org.alternate_name = row.alternate_name;
      std::vector<std::string> row_emails;
      if (!row.v[kEmail].empty()) row_emails.push_back(row.v[kEmail]);
      for (const auto& e : row.extra_emails) row_emails.push_back(e);
      for (const auto& e : row_emails) {
        if (org.email.empty()) {
          org.email = e;
        } else if (lower(e) != lower(org.email) &&
                   std::find(emails.begin(), emails.end(), lower(e)) == emails.end()) {
          reject(row, "email",
                 "\"" + e + "\" not kept: the organization's e-mail is \"" + org.email +
                     "\" (one e-mail per organization)");
        }
        emails.push_back(lower(e));
      }
      if (!row.v[kWebsite].empty()) {
        bool doubled = false;
        const std::string w = first_website(row.v[kWebsite], doubled);
        if (doubled) {
          repaired(row, "website",
                   "doubled-website: \"" + row.v[kWebsite] + "\" -> \"" + w + "\" (the first)");
        }
        if (org.website.empty()) org.website = w;
      }
    }
    records.organizations.push_back(org);

    store::Service service;
    service.id = org.id + "-pro-bono";
    service.organization_id = org.id;
    service.name = "Pro bono legal services";
    service.status = "active";
    service.provenance = provenance;
    std::vector<std::string> blocks;
    bool referral = false;
    for (std::size_t i : members) {
      const Row& row = rows_[i];
      referral = referral || row.v[kReferral] == "true";
      std::string block = row.v[kCaseTypes];
      if (!row.v[kIntake].empty()) block += (block.empty() ? "" : "\n") + row.v[kIntake];
      if (!block.empty() && std::find(blocks.begin(), blocks.end(), block) == blocks.end()) {
        blocks.push_back(block);
      }
    }
    for (const auto& b : blocks)
      service.description += (service.description.empty() ? "" : "\n\n") + b;
    records.services.push_back(service);
    tag_service_terms(records, org, service, referral);

    // Locations: one per distinct street and ZIP.
    std::map<std::string, std::size_t> location_index;
    std::map<std::string, std::vector<int>> location_rows;
    for (std::size_t i : members) {
      Row& row = rows_[i];
      for (Street& street : row.streets) {
        const std::string id = org.id + "-loc-" + eoir::slug(street.text + " " + street.zip);
        street.location_id = id;
        auto& lr = location_rows[id];
        if (std::find(lr.begin(), lr.end(), row.n) == lr.end()) lr.push_back(row.n);
        if (location_index.count(id) > 0) continue;
        location_index[id] = records.locations.size();
        store::Location location;
        location.id = id;
        location.organization_id = org.id;
        location.location_type = street.postal ? "postal" : "physical";
        // "American Gateways – Austin" already names the organization.
        if (street.label.empty() || ends_with(org.name, street.label)) {
          location.name = org.name;
        } else if (starts_with(street.label, org.name)) {
          location.name = street.label;
        } else {
          location.name = org.name + " – " + street.label;
        }
        records.locations.push_back(location);
        store::Address address;
        address.id = id + "-address";
        address.location_id = id;
        address.address_1 = street.text;
        address.city = street.city;
        address.state_province = street.state;
        address.postal_code = street.zip;
        address.country = "US";
        address.address_type = street.postal ? "postal" : "physical";
        records.addresses.push_back(address);
        records.service_at_locations.push_back({service.id + "-at-" + id, service.id, id});
      }
    }
    for (const auto& [id, index] : location_index) {
      records.locations[index].provenance = {std::string(kDataset), std::string(kSourceDate), "",
                                             rows_text(location_rows[id])};
    }

    // Phones: every complete number of the phone field (and the repairs above), once per
    // organization, with every row that lists it.
    std::vector<PhoneEntry> phones;
    const auto add_phone = [&](const Row& row, std::string_view text, const std::string& location) {
      const eoir::PhoneParse parsed = eoir::parse_phones(text);
      for (const auto& bad : parsed.incomplete) {
        reject(row, "phone",
               "\"" + bad + "\" is not a complete 10-digit number; not kept (never completed)");
      }
      for (const auto& p : parsed.phones) {
        auto it = std::find_if(phones.begin(), phones.end(), [&](const PhoneEntry& e) {
          return e.phone.number == p.number && e.phone.extension == p.extension;
        });
        if (it == phones.end()) {
          phones.push_back({p, {}, {}});
          it = phones.end() - 1;
        }
        if (it->phone.note.empty()) it->phone.note = p.note;
        if (std::find(it->rows.begin(), it->rows.end(), row.n) == it->rows.end()) {
          it->rows.push_back(row.n);
        }
        it->locations.insert(location);
      }
    };
    for (std::size_t i : members) {
      const Row& row = rows_[i];
      const std::string location = row.streets.empty() ? "" : row.streets.back().location_id;
      if (!row.v[kPhone].empty()) add_phone(row, row.v[kPhone], location);
      if (!row.address_phone.empty()) add_phone(row, row.address_phone, location);
      if (!row.toll_free.empty()) {
        const Row& above = rows_[i - 1];
        add_phone(row, row.toll_free,
                  above.streets.empty() ? "" : above.streets.back().location_id);
      }
    }
    for (const auto& e : phones) {
      store::Phone phone;
      phone.id = org.id + "-phone-" + eoir::slug(e.phone.number) +
                 (e.phone.extension.empty() ? "" : "x" + e.phone.extension);
      phone.organization_id = org.id;
      if (e.locations.size() == 1) phone.location_id = *e.locations.begin();
      phone.number = e.phone.number;
      phone.extension = e.phone.extension;
      phone.type = "voice";
      phone.description = e.phone.note;
      std::vector<int> sorted = e.rows;
      std::sort(sorted.begin(), sorted.end());
      phone.provenance = {std::string(kDataset), std::string(kSourceDate), "", rows_text(sorted)};
      records.phones.push_back(phone);
    }

    // Rule detention-speed-dial: a code the row's text states by an explicit phrase
    // (kSpeedDialPhrases) is a phone of the organization that detained people call free from ICE
    // facility phones, with an attribute (term detention-speed-dial, value = the code) as
    // design.md's directory model says. One phone per code, tracing to every row that states it.
    std::vector<std::pair<std::string, std::vector<int>>> dials;
    for (std::size_t i : members) {
      const Row& row = rows_[i];
      for (const auto& [col, field] :
           {std::pair{kCaseTypes, "caseTypeLimits"}, std::pair{kIntake, "intakePolicy"}}) {
        for (const auto& [code, phrase] : speed_dial_codes(row.v[col])) {
          repaired(row, field,
                   std::string("detention-speed-dial: speed-dial code stated in ") + field +
                       ": \"" + phrase + "\" -> phone \"" + code +
                       "\" (free call from ICE detention facility phones)");
          auto it = std::find_if(dials.begin(), dials.end(),
                                 [&](const auto& d) { return d.first == code; });
          if (it == dials.end()) {
            dials.emplace_back(code, std::vector<int>{});
            it = dials.end() - 1;
          }
          if (std::find(it->second.begin(), it->second.end(), row.n) == it->second.end()) {
            it->second.push_back(row.n);
          }
        }
      }
    }
    if (!dials.empty()) {
      eoir::add_taxonomy_once(
          records,
          {"amparo-phone", "amparo phone kinds",
           "What a phone number is for, where HSDS phone.type has no value for it", "", ""});
      eoir::add_term_once(records, {"detention-speed-dial", "detention-speed-dial",
                                    "Free call from ICE detention phones",
                                    "A speed-dial code that people held in ICE detention can call "
                                    "free of charge from the facility's phones",
                                    "", "amparo-phone", ""});
    }
    for (const auto& [code, dial_rows] : dials) {
      std::vector<int> sorted = dial_rows;
      std::sort(sorted.begin(), sorted.end());
      store::Phone phone;
      phone.id = org.id + "-speed-dial-" + eoir::slug(code);
      phone.organization_id = org.id;
      phone.number = code;
      phone.type = "voice";
      phone.description = "Speed dial from ICE detention facility phones";
      phone.provenance = {std::string(kDataset), std::string(kSourceDate), "", rows_text(sorted)};
      records.phones.push_back(phone);
      records.attributes.push_back({phone.id + "-detention-speed-dial", phone.id, "speed_dial",
                                    "phone", "detention-speed-dial", code,
                                    "Free call from ICE detention phones"});
    }

    // Languages named in the `languages` field.
    std::vector<std::string> seen;
    for (std::size_t i : members) {
      const Row& row = rows_[i];
      const std::string& text = row.v[kLanguages];
      if (text.empty()) continue;
      std::string rest = text;
      bool any = false;
      for (const auto& [name, code] : kLanguageNames) {
        if (!contains_word(rest, name)) continue;
        any = true;
        // Blank out the match so "Creole" is not read again inside "Haitian Creole".
        for (std::size_t at = rest.find(name); at != std::string::npos; at = rest.find(name)) {
          rest.replace(at, name.size(), std::string(name.size(), ' '));
        }
        if (std::find(seen.begin(), seen.end(), std::string(name)) != seen.end()) continue;
        seen.emplace_back(name);
        store::Language language;
        language.id = service.id + "-lang-" + eoir::slug(name);
        language.service_id = service.id;
        language.name = std::string(name);
        language.code = std::string(code);
        records.languages.push_back(language);
      }
      if (!any) {
        reject(row, "languages", "\"" + text + "\" names no language; not kept");
      }
    }

    // Service areas: the immigration courts the organization is listed under.
    std::vector<std::string> courts;
    for (std::size_t i : members) {
      const Row& row = rows_[i];
      const std::string& court = row.v[kCourt];
      if (court.empty() || std::find(courts.begin(), courts.end(), court) != courts.end()) continue;
      courts.push_back(court);
      records.service_areas.push_back({service.id + "-court-" + eoir::slug(court), service.id,
                                       court, "State: " + row.v[kState],
                                       "urn:eoir-court:" + court});
    }
  }
}

}  // namespace

Result<ImportResult> import_eoir_pro_bono(const std::string& path) {
  return ProBonoImporter(path).run();
}

}  // namespace amparo::directory
