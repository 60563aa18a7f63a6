// The gazetteer: offline place lookup for "where are you?". Turns a place name as people type it
// ("Cd. Juárez", "Nogales, Sonora", "Laredo TX") or a US ZIP code ("85701") into coordinates, from
// the bundled GeoNames and Census files in data/gazetteer/ (see data/gazetteer/SOURCE.md). No
// network calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace amparo::directory {

struct Place {
  std::string name;  // as published (GeoNames name, or the ZIP code for a ZIP)
  std::string
      admin1;  // GeoNames admin1 code: US postal code ("TX"), Mexican "02".."32"; "" for a ZIP
  std::string admin1_name;  // "Texas", "Chihuahua"; "" for a ZIP
  std::string country;      // "US" or "MX"
  double lat = 0;
  double lon = 0;
  long population = 0;  // 0 when not known (the smaller border places and ZIPs)
  std::string kind;     // "city" or "zip"
};

// An immutable in-memory index of places and ZIP centroids. Safe to share between threads once
// loaded (lookup() is const and touches no shared mutable state).
class Gazetteer {
 public:
  // Reads <data_dir>/gazetteer/places.tsv and <data_dir>/gazetteer/zcta.csv. Fails with kNotFound
  // when a file is missing and kCorrupt when a header, row or field is malformed; the error names
  // the file and line (and the field where one is at fault). All or nothing: no partial gazetteer.
  static Result<Gazetteer> load(const std::string& data_dir);

  // Places matching `query`, best first, at most `limit`:
  //  - a 5-digit US ZIP code ("85701", "85701-1234") gives its centroid (kind "zip") first;
  //  - otherwise a place name, compared after text::fold() (case, accents, width) word by word,
  //    with abbreviations expanded ("Cd." = "Ciudad", "Sta." = "Santa", "Gral." = "General", ...)
  //    and a leading "Ciudad"/"Heroica" optional ("Juárez" finds Ciudad Juárez);
  //  - a state or country before or after the name ("Nogales, Sonora", "Laredo TX",
  //    "Juárez, Chih.", "Tijuana B.C. México") puts the places in it first.
  // Order: places agreeing with the stated context; then an exact name before an alternate name
  // before a name that starts with the query before a name that has its words inside ("Palomas"
  // for "Puerto Palomas de Villa"); then the longer name matched; then population. A query that is
  // itself a place name is not split into a name and a state.
  // An ambiguous name gives every candidate. Unknown names, empty and over-long queries (more than
  // 256 bytes or 12 words) give an empty list. Typos are not corrected.
  std::vector<Place> lookup(std::string_view query, std::size_t limit = 5) const;

  // Like lookup(), but only places whose name or alternate name the words spell in full (a ZIP
  // code, or a state or country before or after the name, may still be there): no "starts with"
  // and no "has its words inside" matches. For telling place words from other words in a query.
  std::vector<Place> lookup_exact(std::string_view query, std::size_t limit = 5) const;

  // Places plus ZIP codes.
  std::size_t size() const { return places_.size() + zips_.size(); }
  std::size_t place_count() const { return places_.size(); }
  std::size_t zip_count() const { return zips_.size(); }

 private:
  // How a name key refers to a place; lower is a better match.
  enum class NameKind : std::uint8_t { kPrimary = 0, kAlternate = 1 };
  struct NameRef {
    std::uint32_t place;
    NameKind kind;
  };
  struct LatLon {
    double lat;
    double lon;
  };
  // A state or country named in a query. `admin1` is empty for a country.
  struct Region {
    std::string country;
    std::string admin1;
  };

  Gazetteer() = default;
  std::vector<Place> find(std::string_view query, std::size_t limit, bool whole_names_only) const;
  Status load_places(const std::string& path);
  Status load_zips(const std::string& path);
  void add_regions();
  void add_name(std::string_view text, std::uint32_t place, NameKind kind);
  void finish_index();

  std::vector<Place> places_;
  std::unordered_map<std::string, LatLon> zips_;
  // Search key (folded, abbreviations expanded, words joined by one space) -> places.
  std::unordered_map<std::string, std::vector<NameRef>> names_;
  // The keys of names_, sorted, for "starts with" matches.
  std::vector<std::string> sorted_keys_;
  // Runs of words inside primary names ("juarez" in "ciudad juarez") -> places.
  std::unordered_map<std::string, std::vector<std::uint32_t>> name_parts_;
  // Search key of a state or country name or abbreviation -> the regions it may mean.
  std::unordered_map<std::string, std::vector<Region>> regions_;
  std::size_t longest_region_words_ = 1;
};

}  // namespace amparo::directory
