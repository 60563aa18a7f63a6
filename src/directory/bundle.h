// The bundled directory: the public datasets under data/ turned into store records, so that a new
// database can be filled on first run. Every record carries the dataset it came from and that
// dataset's date; rows that cannot be used are reported (file, line, field, why) and left out,
// never guessed.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "store/records.h"

namespace amparo::directory {

struct BundleReport {
  store::Records records;
  std::vector<Error> skipped;      // rows left out, each naming file, line, field and why
  std::size_t repaired = 0;        // rows kept after a named repair rule (amparo import lists them)
  std::vector<std::string> files;  // the files read, relative to the data folder
  // Pro bono providers that got no DOJ recognition from the roster because no roster organization,
  // or more than one, has their name and city: "<name> (<city>): no roster entry with this name
  // and city" / "<name> (<city>): several roster entries with this name and city: rows N, M".
  std::vector<std::string> unmatched_recognition;
  // 2018 border organizations linked (attribute amparo-same-as) to the EOIR pro bono organization
  // with their name and city.
  std::size_t border_2018_linked = 0;
  // Detention facilities the 2018 border list's Notes say an organization serves: how many service
  // areas were matched to one ICE facility (uri "urn:ice-facility:CODE"), and the names that match
  // none or several: "line 9: \"Joe Corley Detention Facility\" (TX): no detention facility of this
  // name in the state; kept as written".
  std::size_t facilities_matched = 0;
  std::vector<std::string> unmatched_facilities;
};

// Reads under <data_dir>: facilities/ddp_facilities.csv (immigration detention facilities),
// eoir/pro-bono-representation-2026-09-10.json (the EOIR pro bono list),
// eoir/legal-aid-orgs-2026-09-19.json (DOJ-recognized organizations) and
// facilities/facility_courts.csv (which court hears a facility's detained cases) and
// border-orgs-2018/allies-geolocated.csv (the Torn Apart / Separados allies list, 2018). Fails when
// a file is missing or malformed as a whole; bad rows are skipped and reported. A pro bono provider
// that is exactly one roster organization by name and city (compared folded, without punctuation or
// a trailing legal form such as ", Inc.") gets that organization's "amparo-doj-recognized"
// attribute, its label naming the roster row; the roster's organizations are kept as well. Names
// are compared by organization_name_keys(), cities folded with "St." as "Saint"; a provider matches
// when exactly one roster row has one of its keys and one of its cities. Providers with no such
// roster organization, or several, are listed in `unmatched_recognition`. A 2018 border
// organization that is exactly one pro bono organization by organization_name_keys() and city is
// kept as its own record with an "amparo-same-as" attribute whose value is the pro bono
// organization's id.
Result<BundleReport> load_bundle(const std::string& data_dir);

// The keys an organization name is compared by (for DOJ recognition and for the 2018 border list),
// each a rule data/README.md names: folded, '.' and apostrophes dropped, other punctuation a word
// break (punctuation); "&" is "and" (and); "St"/"St." is "Saint" (saint); a parenthesised acronym
// "(FIRRP)" and a leading "ISLA:" dropped (acronym); trailing "Inc.", ", Inc", "LLC"... dropped
// (legal-form); a leading "The" dropped (the). Further keys: both names of "A dba B" (dba), and the
// part of the name that starts with "Catholic Charities of" ("Esperanza Immigrant Rights Project,
// Catholic Charities of Los Angeles, Inc." -> "catholic charities of los angeles")
// (catholic-charities). The first key is the whole name's.
std::vector<std::string> organization_name_keys(std::string_view name);

// The id amparo gives the location of the detention facility with ICE code `code`.
std::string facility_location_id(std::string_view code);

}  // namespace amparo::directory
