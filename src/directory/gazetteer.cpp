#include "directory/gazetteer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <system_error>
#include <utility>

#include "core/file.h"
#include "directory/csv.h"
#include "text/normalize.h"

namespace amparo::directory {
namespace {

constexpr std::size_t kMaxQueryBytes = 256;
constexpr std::size_t kMaxQueryWords = 12;
// A "starts with" match looks at no more keys than this, so a short query stays fast.
constexpr std::size_t kMaxPrefixKeys = 2000;
constexpr std::size_t kMinPrefixBytes = 3;
// Words of a name looked at for matches inside it.
constexpr std::size_t kMaxNameWords = 8;

constexpr std::array<std::string_view, 11> kPlacesColumns = {
    "geonameid",   "name",     "asciiname", "alternatenames", "country", "admin1_code",
    "admin1_name", "latitude", "longitude", "population",     "source"};

// Abbreviations in place names, English and Spanish, mapped to the word they stand for. Applied to
// names and queries alike, so "St. George" and "Saint George" are the same key (never "San" or
// "Santa": those have their own abbreviations).
constexpr auto kAbbreviations = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"cd", "ciudad"},
    {"cdad", "ciudad"},
    {"sta", "santa"},
    {"sto", "santo"},
    {"sn", "san"},
    {"st", "saint"},
    {"ste", "sainte"},
    {"ft", "fort"},
    {"mt", "mount"},
    {"mte", "monte"},
    {"gral", "general"},
    {"pto", "puerto"},
    {"hca", "heroica"},
    {"h", "heroica"},
    {"fco", "francisco"},
    {"nva", "nueva"},
    {"nvo", "nuevo"},
    {"vcte", "vicente"},
});

// Words that neither begin nor end a run of words matched inside a name ("de" in "Ciudad de
// México").
constexpr std::array<std::string_view, 10> kStopWords = {"de", "del", "la", "las", "los",
                                                         "el", "y",   "of", "the", "city"};

struct RegionAliases {
  std::string_view country;
  std::string_view admin1;   // "" for the whole country
  std::string_view aliases;  // '|'-separated, as people write them; folded like queries
};

// Names and abbreviations of Mexican states (traditional and ISO 3166-2), US states beyond their
// postal codes and names (those come from the data), and both countries. "mex" is the country:
// that is how "Tijuana, Mex." is meant.
constexpr auto kRegionAliases = std::to_array<RegionAliases>({
    {"MX", "", "mexico|mx|mex|mejico|estados unidos mexicanos|republica mexicana"},
    {"US", "",
     "us|usa|u s|u s a|united states|united states of america|estados unidos|eeuu|ee uu|eua"},
    {"MX", "01", "aguascalientes|ags|ag|agu"},
    {"MX", "02", "baja california|baja california norte|bc|b c|bcn"},
    {"MX", "03", "baja california sur|bcs|b c s"},
    {"MX", "04", "campeche|camp|cam"},
    {"MX", "05", "chiapas|chis|chps|chp"},
    {"MX", "06", "chihuahua|chih|chh"},
    {"MX", "07", "coahuila|coahuila de zaragoza|coah|coa"},
    {"MX", "08", "colima|col"},
    {"MX", "09", "ciudad de mexico|cdmx|df|d f|distrito federal|mexico city|mexico df"},
    {"MX", "10", "durango|dgo|dur"},
    {"MX", "11", "guanajuato|gto|gua"},
    {"MX", "12", "guerrero|gro|gue"},
    {"MX", "13", "hidalgo|hgo|hid"},
    {"MX", "14", "jalisco|jal"},
    {"MX", "15", "estado de mexico|edo de mexico|edo mex|edomex|state of mexico"},
    {"MX", "16", "michoacan|michoacan de ocampo|mich|mic"},
    {"MX", "17", "morelos|mor"},
    {"MX", "18", "nayarit|nay"},
    {"MX", "19", "nuevo leon|nl|n l|nle"},
    {"MX", "20", "oaxaca|oax"},
    {"MX", "21", "puebla|pue"},
    {"MX", "22", "queretaro|queretaro de arteaga|qro|que"},
    {"MX", "23", "quintana roo|qroo|q roo|roo"},
    {"MX", "24", "san luis potosi|slp"},
    {"MX", "25", "sinaloa|sin"},
    {"MX", "26", "sonora|son"},
    {"MX", "27", "tabasco|tab"},
    {"MX", "28", "tamaulipas|tamps|tamp|tam"},
    {"MX", "29", "tlaxcala|tlax|tla"},
    {"MX", "30", "veracruz|veracruz de ignacio de la llave|ver"},
    {"MX", "31", "yucatan|yuc"},
    {"MX", "32", "zacatecas|zac"},
    {"US", "AZ", "ariz"},
    {"US", "CA", "calif|cal"},
    {"US", "NM", "n mex|n m|nuevo mexico"},
    {"US", "TX", "tex|tejas"},
    {"US", "CO", "colo"},
    {"US", "NV", "nev"},
    {"US", "FL", "fla"},
    {"US", "IL", "ill"},
    {"US", "NY", "n y|new york state"},
    {"US", "LA", "luisiana"},
    {"US", "DC", "d c|washington dc"},
});

char32_t decode_utf8(std::string_view s, std::size_t i, std::size_t& length) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  auto continuation = [&](std::size_t k) -> char32_t {
    return i + k < s.size() ? static_cast<char32_t>(static_cast<unsigned char>(s[i + k]) & 0x3F)
                            : 0;
  };
  if (b0 < 0x80) {
    length = 1;
    return b0;
  }
  if ((b0 & 0xE0) == 0xC0) {
    length = 2;
    return (static_cast<char32_t>(b0 & 0x1F) << 6) | continuation(1);
  }
  if ((b0 & 0xF0) == 0xE0) {
    length = 3;
    return (static_cast<char32_t>(b0 & 0x0F) << 12) | (continuation(1) << 6) | continuation(2);
  }
  length = 4;
  return (static_cast<char32_t>(b0 & 0x07) << 18) | (continuation(1) << 12) |
         (continuation(2) << 6) | continuation(3);
}

bool is_ascii_alnum(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_apostrophe(char32_t c) { return c == U'\'' || c == U'\u2018' || c == U'\u2019'; }

// Spaces and punctuation between words, in folded text. Periods are handled by the caller.
bool is_separator(char32_t c) {
  if (c < 0x80) return !is_ascii_alnum(c) && c != U'.';
  return (c >= 0xA0 && c <= 0xBF && c != 0xAA && c != 0xB2 && c != 0xB3 && c != 0xB9 &&
          c != 0xBA) ||                   // Latin-1 punctuation: ¡ « · » ¿ ...
         (c >= 0x2000 && c <= 0x206F) ||  // general punctuation and spaces
         (c >= 0x3000 && c <= 0x303F) ||  // CJK punctuation
         c == 0x30FB ||                   // katakana middle dot
         c == 0x060C ||
         c == 0x061B || c == 0x061F || c == 0x066C;  // Arabic punctuation
}

std::string_view expand_abbreviation(std::string_view word) {
  for (const auto& [abbreviation, full] : kAbbreviations) {
    if (word == abbreviation) return full;
  }
  return word;
}

// Adds the words of one run of text without spaces: "b.c." is "bc" (initials), "cd.juarez" is
// "cd" and "juarez".
void add_run(std::string_view run, std::vector<std::string>& words) {
  std::vector<std::string_view> pieces;
  std::size_t start = 0;
  while (start <= run.size()) {
    const std::size_t dot = std::min(run.find('.', start), run.size());
    if (dot > start) pieces.push_back(run.substr(start, dot - start));
    start = dot + 1;
  }
  const bool initials =
      pieces.size() >= 2 && std::all_of(pieces.begin(), pieces.end(), [](std::string_view p) {
        return p.size() == 1 && p[0] >= 'a' && p[0] <= 'z';
      });
  if (initials) {
    std::string joined;
    for (std::string_view p : pieces) joined += p;
    words.emplace_back(joined);
    return;
  }
  for (std::string_view p : pieces) words.emplace_back(expand_abbreviation(p));
}

// The search words of a name or query: folded, split at spaces and punctuation, apostrophes
// dropped ("O'Donnell" = "odonnell"), abbreviations expanded.
std::vector<std::string> search_words(std::string_view text) {
  const std::string folded = text::fold(text);
  std::vector<std::string> words;
  std::string run;
  std::size_t i = 0;
  while (i < folded.size()) {
    std::size_t length = 1;
    const char32_t c = decode_utf8(folded, i, length);
    length = std::min(length, folded.size() - i);
    if (is_apostrophe(c)) {
      // dropped
    } else if (is_separator(c)) {
      if (!run.empty()) add_run(run, words);
      run.clear();
    } else {
      run.append(folded, i, length);
    }
    i += length;
  }
  if (!run.empty()) add_run(run, words);
  return words;
}

std::string join_words(const std::vector<std::string>& words, std::size_t begin, std::size_t end) {
  std::string key;
  for (std::size_t k = begin; k < end; ++k) {
    if (k > begin) key += ' ';
    key += words[k];
  }
  return key;
}

bool is_stop_word(std::string_view word) {
  return std::find(kStopWords.begin(), kStopWords.end(), word) != kStopWords.end();
}

bool parse_double(std::string_view s, double& out) {
  if (s.empty()) return false;
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && ptr == end && std::isfinite(out);
}

bool parse_count(std::string_view s, long& out) {
  if (s.empty()) return false;
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && ptr == end && out >= 0;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// How well a place answers a query; compared field by field, better first.
struct Score {
  bool context_agrees = false;
  int tier = 0;  // 0 primary name, 1 alternate name, 2 starts with the query, 3 has its words
  std::size_t name_words = 0;
  long population = 0;

  bool better_than(const Score& o) const {
    if (context_agrees != o.context_agrees) return context_agrees;
    if (tier != o.tier) return tier < o.tier;
    if (name_words != o.name_words) return name_words > o.name_words;
    return population > o.population;
  }
};

}  // namespace

Result<Gazetteer> Gazetteer::load(const std::string& data_dir) {
  Gazetteer g;
  if (Status s = g.load_places(data_dir + "/gazetteer/places.tsv"); !s) return std::move(s).error();
  if (Status s = g.load_zips(data_dir + "/gazetteer/zcta.csv"); !s) return std::move(s).error();
  g.add_regions();
  g.finish_index();
  return g;
}

Status Gazetteer::load_places(const std::string& path) {
  Result<std::string> bytes = read_file(path);
  if (!bytes) return std::move(bytes).error();
  const std::string_view text = *bytes;
  if (!text::is_valid_utf8(text)) {
    Error e = make_error(ErrorCode::kCorrupt, "not valid UTF-8");
    e.at(path);
    return e;
  }
  int line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::vector<std::string_view> f = split_fields(line, '\t');
    if (line_number == 1) {
      if (!std::equal(f.begin(), f.end(), kPlacesColumns.begin(), kPlacesColumns.end())) {
        return row_error(path, 1, "", "unexpected header (expected the columns of SOURCE.md)");
      }
      continue;
    }
    if (line.empty()) return row_error(path, line_number, "", "empty line");
    if (f.size() != kPlacesColumns.size()) {
      return row_error(path, line_number, "",
                       "expected " + std::to_string(kPlacesColumns.size()) +
                           " tab-separated fields, found " + std::to_string(f.size()));
    }
    Place p;
    p.kind = "city";
    p.name = std::string(f[1]);
    p.country = std::string(f[4]);
    p.admin1 = std::string(f[5]);
    p.admin1_name = std::string(f[6]);
    if (!f[0].empty() && !all_digits(f[0])) {
      return row_error(path, line_number, "geonameid", "not a number: '" + std::string(f[0]) + "'");
    }
    if (p.name.empty()) return row_error(path, line_number, "name", "empty");
    if (p.country != "US" && p.country != "MX") {
      return row_error(path, line_number, "country",
                       "expected US or MX, found '" + p.country + "'");
    }
    if (p.admin1.empty() || p.admin1_name.empty()) {
      return row_error(path, line_number, p.admin1.empty() ? "admin1_code" : "admin1_name",
                       "empty");
    }
    if (!parse_double(f[7], p.lat) || p.lat < -90 || p.lat > 90) {
      return row_error(path, line_number, "latitude",
                       "not a latitude: '" + std::string(f[7]) + "'");
    }
    if (!parse_double(f[8], p.lon) || p.lon < -180 || p.lon > 180) {
      return row_error(path, line_number, "longitude",
                       "not a longitude: '" + std::string(f[8]) + "'");
    }
    if (!f[9].empty() && !parse_count(f[9], p.population)) {
      return row_error(path, line_number, "population", "not a count: '" + std::string(f[9]) + "'");
    }
    const auto index = static_cast<std::uint32_t>(places_.size());
    add_name(f[1], index, NameKind::kPrimary);
    if (!f[2].empty()) add_name(f[2], index, NameKind::kPrimary);
    if (!f[3].empty()) {
      for (std::string_view alternate : split_fields(f[3], ',')) {
        add_name(alternate, index, NameKind::kAlternate);
      }
    }
    places_.push_back(std::move(p));
  }
  if (line_number == 0) return row_error(path, 1, "", "empty file");
  return ok_status();
}

Status Gazetteer::load_zips(const std::string& path) {
  Result<std::string> bytes = read_file(path);
  if (!bytes) return std::move(bytes).error();
  Result<std::vector<CsvRecord>> records = parse_csv(*bytes, path);
  if (!records) return std::move(records).error();
  Result<CsvTable> table =
      CsvTable::from(std::move(records).value(), path, {"zip", "latitude", "longitude"});
  if (!table) return std::move(table).error();
  zips_.reserve(table->size());
  for (std::size_t i = 0; i < table->size(); ++i) {
    const int line = table->row(i).line;
    const std::string_view zip = table->get(i, "zip");
    LatLon point{};
    if (zip.size() != 5 || !all_digits(zip)) {
      return row_error(path, line, "zip", "not a 5-digit ZIP code: '" + std::string(zip) + "'");
    }
    if (!parse_double(table->get(i, "latitude"), point.lat) || point.lat < -90 || point.lat > 90) {
      return row_error(path, line, "latitude", "not a latitude");
    }
    if (!parse_double(table->get(i, "longitude"), point.lon) || point.lon < -180 ||
        point.lon > 180) {
      return row_error(path, line, "longitude", "not a longitude");
    }
    if (!zips_.emplace(std::string(zip), point).second) {
      return row_error(path, line, "zip", "repeated ZIP code " + std::string(zip));
    }
  }
  return ok_status();
}

void Gazetteer::add_name(std::string_view text, std::uint32_t place, NameKind kind) {
  std::vector<std::string> words = search_words(text);
  if (words.empty()) return;
  auto add_key = [&](std::string key) {
    std::vector<NameRef>& refs = names_[std::move(key)];
    // All names of one place are added one after another, so a repeat is the last entry.
    if (!refs.empty() && refs.back().place == place) {
      refs.back().kind = std::min(refs.back().kind, kind);
    } else {
      refs.push_back(NameRef{place, kind});
    }
  };
  add_key(join_words(words, 0, words.size()));
  if (kind != NameKind::kPrimary) return;
  // "Heroica Ciudad Juárez", "Ciudad de Allende": the title is commonly left out.
  std::size_t first = 0;
  if (words.size() - first > 1 && words[first] == "heroica") ++first;
  if (words.size() - first > 1 && words[first] == "ciudad") {
    ++first;
    if (words.size() - first > 1 && words[first] == "de") ++first;
  }
  if (first > 0) add_key(join_words(words, first, words.size()));
  // Every run of whole words inside the name ("palomas" in "Puerto Palomas de Villa"), except the
  // whole name and runs that begin or end with a word like "de".
  const std::size_t n = std::min(words.size(), kMaxNameWords);
  for (std::size_t begin = 0; begin < n; ++begin) {
    if (is_stop_word(words[begin])) continue;
    for (std::size_t end = begin + 1; end <= n; ++end) {
      if (is_stop_word(words[end - 1]) || (begin == 0 && end == words.size())) continue;
      std::vector<std::uint32_t>& ids = name_parts_[join_words(words, begin, end)];
      if (ids.empty() || ids.back() != place) ids.push_back(place);
    }
  }
}

void Gazetteer::add_regions() {
  auto add = [&](std::string_view alias, std::string_view country, std::string_view admin1) {
    const std::vector<std::string> words = search_words(alias);
    if (words.empty()) return;
    longest_region_words_ = std::max(longest_region_words_, words.size());
    std::vector<Region>& regions = regions_[join_words(words, 0, words.size())];
    const bool known = std::any_of(regions.begin(), regions.end(), [&](const Region& r) {
      return r.country == country && r.admin1 == admin1;
    });
    if (!known) regions.push_back(Region{std::string(country), std::string(admin1)});
  };
  for (const RegionAliases& r : kRegionAliases) {
    for (std::string_view alias : split_fields(r.aliases, '|')) add(alias, r.country, r.admin1);
  }
  // Every state's published name, and US postal codes, from the data itself.
  for (const Place& p : places_) {
    add(p.admin1_name, p.country, p.admin1);
    if (p.country == "US") add(p.admin1, p.country, p.admin1);
  }
}

void Gazetteer::finish_index() {
  sorted_keys_.reserve(names_.size());
  for (const auto& entry : names_) sorted_keys_.push_back(entry.first);
  std::sort(sorted_keys_.begin(), sorted_keys_.end());
}

std::vector<Place> Gazetteer::lookup(std::string_view query, std::size_t limit) const {
  return find(query, limit, false);
}

namespace {

// Optimal string alignment distance between two byte strings, or max + 1 once it exceeds `max`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t max) {
  if (a.size() > b.size() + max || b.size() > a.size() + max) return max + 1;
  std::vector<std::size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > max) return max + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::vector<Place> Gazetteer::lookup_fuzzy(std::string_view word, long min_population,
                                           std::size_t limit) const {
  std::vector<Place> out;
  if (word.size() < 5 || word.size() > 40) return out;
  const std::string key = text::fold(word);
  if (key.find(' ') != std::string::npos) return out;
  const std::size_t max = key.size() >= 9 ? 2 : 1;
  std::vector<std::pair<std::size_t, std::uint32_t>> found;  // (distance, place)
  for (const auto& [name, refs] : names_) {
    if (name.find(' ') != std::string::npos) continue;
    const std::size_t d = edit_distance(key, name, max);
    if (d == 0 || d > max) continue;
    for (const auto& ref : refs) {
      if (places_[ref.place].population >= min_population) found.emplace_back(d, ref.place);
    }
  }
  std::sort(found.begin(), found.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return places_[a.second].population > places_[b.second].population;
  });
  for (const auto& [d, place] : found) {
    if (out.size() >= limit) break;
    if (std::none_of(out.begin(), out.end(), [&](const Place& p) {
          return p.name == places_[place].name && p.admin1 == places_[place].admin1;
        })) {
      out.push_back(places_[place]);
    }
  }
  return out;
}

std::vector<Place> Gazetteer::lookup_exact(std::string_view query, std::size_t limit) const {
  return find(query, limit, true);
}

std::vector<Place> Gazetteer::find(std::string_view query, std::size_t limit,
                                   bool whole_names_only) const {
  std::vector<Place> out;
  if (limit == 0 || query.size() > kMaxQueryBytes) return out;
  std::vector<std::string> words = search_words(query);
  if (words.empty() || words.size() > kMaxQueryWords) return out;

  // A ZIP code (optionally ZIP+4) answers first; other words may still name a place.
  for (std::size_t k = 0; k < words.size(); ++k) {
    if (words[k].size() != 5 || !all_digits(words[k])) continue;
    const auto zip = zips_.find(words[k]);
    if (zip == zips_.end()) continue;
    Place p;
    p.name = zip->first;
    p.country = "US";
    p.lat = zip->second.lat;
    p.lon = zip->second.lon;
    p.kind = "zip";
    out.push_back(std::move(p));
    const std::size_t drop =
        k + 1 < words.size() && words[k + 1].size() == 4 && all_digits(words[k + 1]) ? 2 : 1;
    words.erase(words.begin() + static_cast<std::ptrdiff_t>(k),
                words.begin() + static_cast<std::ptrdiff_t>(k + drop));
    break;
  }
  if (words.empty() || out.size() >= limit) return out;

  // Reads words[begin, end) as a sequence of states and countries; nullopt when some word is not.
  auto parse_regions =
      [&](std::size_t begin,
          std::size_t end) -> std::optional<std::vector<const std::vector<Region>*>> {
    std::vector<const std::vector<Region>*> found;
    std::size_t k = begin;
    while (k < end) {
      bool matched = false;
      for (std::size_t len = std::min(longest_region_words_, end - k); len >= 1 && !matched;
           --len) {
        const auto it = regions_.find(join_words(words, k, k + len));
        if (it == regions_.end()) continue;
        found.push_back(&it->second);
        k += len;
        matched = true;
      }
      if (!matched) return std::nullopt;
    }
    return found;
  };

  std::unordered_map<std::uint32_t, Score> best;
  const std::size_t n = words.size();
  // A query that is a name as a whole ("San Luis Potosí", "Mexico City") is read only as that
  // name, not as a shorter name and a state or country.
  const bool whole_is_name = names_.contains(join_words(words, 0, n));
  for (std::size_t begin = 0; begin < n; ++begin) {
    if (whole_is_name && begin > 0) break;
    const auto before = parse_regions(0, begin);
    if (!before) continue;
    for (std::size_t end = begin + 1; end <= n; ++end) {
      if (whole_is_name && end < n) continue;
      const auto after = parse_regions(end, n);
      if (!after) continue;
      std::vector<const std::vector<Region>*> context = *before;
      context.insert(context.end(), after->begin(), after->end());
      auto consider = [&](std::uint32_t id, int tier) {
        const Place& place = places_[id];
        Score s;
        s.context_agrees = std::all_of(context.begin(), context.end(), [&](const auto* regions) {
          return std::any_of(regions->begin(), regions->end(), [&](const Region& r) {
            return r.country == place.country && (r.admin1.empty() || r.admin1 == place.admin1);
          });
        });
        s.tier = tier;
        s.name_words = end - begin;
        s.population = place.population;
        auto [it, inserted] = best.emplace(id, s);
        if (!inserted && s.better_than(it->second)) it->second = s;
      };
      const std::string key = join_words(words, begin, end);
      if (const auto exact = names_.find(key); exact != names_.end()) {
        for (const NameRef& ref : exact->second) consider(ref.place, static_cast<int>(ref.kind));
      }
      if (whole_names_only) continue;
      if (key.size() >= kMinPrefixBytes) {
        auto it = std::upper_bound(sorted_keys_.begin(), sorted_keys_.end(), key);
        for (std::size_t seen = 0; it != sorted_keys_.end() && seen < kMaxPrefixKeys &&
                                   std::string_view(*it).starts_with(key);
             ++it, ++seen) {
          for (const NameRef& ref : names_.at(*it)) consider(ref.place, 2);
        }
      }
      if (const auto part = name_parts_.find(key); part != name_parts_.end()) {
        for (std::uint32_t id : part->second) consider(id, 3);
      }
    }
  }

  std::vector<std::pair<std::uint32_t, Score>> ranked(best.begin(), best.end());
  std::sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
    if (a.second.better_than(b.second)) return true;
    if (b.second.better_than(a.second)) return false;
    return a.first < b.first;
  });
  for (const auto& [id, score] : ranked) {
    if (out.size() >= limit) break;
    out.push_back(places_[id]);
  }
  return out;
}

}  // namespace amparo::directory
