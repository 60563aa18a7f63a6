// The search benchmark's corpus and query mix: IRS Exempt Organizations Business Master File rows
// turned into help-finder documents (geocoded by ZIP centroid, NTEE major group as category), and
// the fixed queries of bench/search/queries.tsv. README.md beside this file documents the mapping.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "directory/search.h"

namespace amparo::bench {

// One IRS row, as published (only the columns the benchmark uses).
struct Org {
  std::string ein;
  std::string name;
  std::string sort_name;  // IRS "SORT_NAME": a secondary name, often empty
  std::string street;
  std::string city;
  std::string state;
  std::string zip5;
  std::string ntee;  // "P20", or empty
};

// ZIP code (5 digits) -> centroid.
using ZipCentroids = std::unordered_map<std::string, directory::GeoPoint>;

struct Corpus {
  std::vector<Org> orgs;
  std::vector<directory::SearchDoc> docs;  // docs[i] describes orgs[i]
  std::size_t files = 0;
  std::size_t geocoded = 0;    // documents with a point
  std::size_t duplicates = 0;  // rows skipped because their EIN came earlier
};

// The English name of an NTEE major group ("P" -> "Human Services"), or "" for an unknown letter.
std::string_view ntee_major_name(char major);

// The help-finder service tag an NTEE major group maps to ("I" -> "service:legal"), or "".
std::string_view ntee_service_tag(char major);

// Reads the project's data/gazetteer/zcta.csv (zip,latitude,longitude).
Result<ZipCentroids> load_zip_centroids(const std::string& path);

// Reads every *.csv.gz in `dir` (sorted by name) and builds one document per EIN.
Result<Corpus> load_corpus(const std::string& dir, const ZipCentroids& zips);

// One line of queries.tsv, ready to run.
struct BenchQuery {
  std::string id;
  std::string kind;  // text, text+radius, radius+filters, text+filters, typo, es, ar, prefix
  std::string near_zip;
  directory::SearchQuery query;
  // The peers have no typo tolerance; a typo query's differences are expected, not reported.
  bool typo() const { return kind == "typo"; }
  // The peers match the last word as a prefix ("immigr" -> "immigr*").
  bool prefix() const { return kind == "prefix"; }
};

// Reads queries.tsv: a header line, then id, kind, text, near (a ZIP in zcta.csv or empty),
// radius_km (empty: the default), tags (comma-separated). Lines starting with '#' are comments.
// Errors name the file, line and field.
Result<std::vector<BenchQuery>> load_queries(const std::string& path, const ZipCentroids& zips);

// Writes the corpus as an HSDS 3.0 tabular datapackage (organizations, locations with coordinates,
// addresses, one service per categorised organization) that `amparo import hsds DIR` accepts.
Status write_hsds_package(const Corpus& corpus, const std::string& dir);

}  // namespace amparo::bench
