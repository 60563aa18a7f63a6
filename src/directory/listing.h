// The directory as the public pages read it: one Listing per organization (its services, offices,
// phones, languages, facilities and courts served, recognition, provenance) and one Facility per
// detention facility (its court, who serves it, free-call codes), built once per snapshot from the
// store's records and never changed. Also the search documents the help finder indexes.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "directory/search.h"
#include "store/records.h"

namespace amparo::directory {

class Gazetteer;

// Where an office's point on the map comes from.
enum class PointSource : std::uint8_t {
  kNone,    // no point: not on the map, not in place searches
  kListed,  // the source gives coordinates
  kZip,     // the centroid of the office's US ZIP code
  kCity,    // the gazetteer's point for the office's city and state
};

struct Office {
  std::string location_id;
  std::string name;
  std::string location_type;  // physical | postal | virtual
  std::string address_1;
  std::string address_2;
  std::string city;
  std::string state;  // state or province as published ("AZ", "Chihuahua")
  std::string postal_code;
  std::string country;  // ISO 3166-1 alpha-2
  std::optional<GeoPoint> point;
  PointSource point_source = PointSource::kNone;
};

struct ListingPhone {
  std::string number;  // as published: "(520) 868-0191", "+52 656 123 4567"
  std::string extension;
  std::string type;         // HSDS phone.type
  std::string description;  // as published (English)
  std::string tel;          // "tel:" URI ("tel:+15208680191"); empty for a speed-dial code
  std::string speed_dial;   // the free-call code from detention phones ("2150#"), or empty
  store::Provenance provenance;
};

// A court or facility a listing serves, and whether it was named by the source (direct) or
// derived (a facility whose detained cases go to a court the listing serves).
struct Served {
  std::string key;   // facility code ("ELOYDCA") or court name ("Eloy Immigration Court")
  std::string name;  // display name
  bool direct = true;
};

struct Listing {
  std::string id;
  std::string name;
  std::string alternate_name;
  std::string description;  // the organization's, else its services' joined
  std::string email;
  std::string website;
  store::Provenance provenance;
  std::vector<const store::Service*> services;
  std::vector<Office> offices;
  std::vector<ListingPhone> phones;
  std::vector<std::string> service_types;   // amparo-service codes: "legal", "shelter", ...
  std::vector<std::string> populations;     // amparo-population codes
  std::vector<std::string> languages;       // language codes ("es", "ht"), sorted, unique
  std::vector<std::string> language_names;  // as the source names them ("Haitian Creole")
  std::vector<Served> courts;
  std::vector<Served> facilities;  // direct ones first
  bool recognized = false;         // DOJ-recognized organization (active)
  bool free = false;               // free of charge (pro bono) by its source
  std::string same_as;             // another listing's id: the same organization, newer data
  bool national = false;           // a hotline that serves people anywhere
};

struct Facility {
  std::string code;  // ICE facility code
  std::string location_id;
  std::string name;
  std::string address_1;
  std::string city;
  std::string state;
  std::string postal_code;
  std::optional<GeoPoint> point;
  std::string field_office;  // ICE field office, or empty
  // The courts that hear its detained cases (usually one), each with how the link was derived.
  std::vector<std::string> courts;
  std::vector<std::string> court_rules;
  store::Provenance provenance;
  std::string search_key;  // text::fold of name, city and code, for the facilities page's search
  std::vector<std::uint32_t> served_by;  // listing indexes: named it first, then via its court
};

class Directory {
 public:
  // `gazetteer` (may be null) places offices that have no coordinates by ZIP or city.
  static std::shared_ptr<const Directory> build(store::Records records, const Gazetteer* gazetteer);

  const store::Records& records() const { return records_; }
  const std::vector<Listing>& listings() const { return listings_; }
  const std::vector<Facility>& facilities() const { return facilities_; }
  const Listing* find_listing(std::string_view id) const;
  const Facility* find_facility(std::string_view code) const;
  // Listings with a free-call code from detention phones, and national lines.
  const std::vector<std::uint32_t>& hotlines() const { return hotlines_; }

  // One search document per listing, in the same order (hit.doc = listing index).
  std::vector<SearchDoc> search_docs() const;

  // Court name -> facilities whose detained cases it hears.
  const std::map<std::string, std::vector<std::uint32_t>, std::less<>>& facilities_by_court()
      const {
    return by_court_;
  }

 private:
  Directory() = default;
  store::Records records_;
  std::vector<Listing> listings_;
  std::vector<Facility> facilities_;
  std::map<std::string, std::uint32_t, std::less<>> listing_index_;
  std::map<std::string, std::uint32_t, std::less<>> facility_index_;
  std::map<std::string, std::vector<std::uint32_t>, std::less<>> by_court_;
  std::vector<std::uint32_t> hotlines_;
};

// "tel:+15208680191" for a dialable number ("(520) 868-0191" in the US, "+52 656 …"), or "" when
// the text is not one (a speed-dial code, letters). `country` is the office's country when known.
std::string tel_uri(std::string_view number, std::string_view extension,
                    std::string_view country = "US");

// "court:eloy-immigration-court": the tag for a court name.
std::string court_tag(std::string_view court_name);

}  // namespace amparo::directory
