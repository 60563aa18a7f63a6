// The help finder's search index: an immutable in-memory index over "documents" (one per
// organization listing), built once per snapshot and read by many threads without locks.
//
// A document has weighted text fields, zero or more points (its offices), filter tags and a
// verified date. A query has free text, an optional place and radius, required tags and a page.
// Query understanding (place words, service synonyms in 11 languages) lives in QueryParser below;
// the index itself knows only folded tokens, points and tags.
//
// The ranking is written down in search_index.cpp's header comment.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace amparo::directory {

class Gazetteer;
struct Place;

struct GeoPoint {
  double lat = 0;
  double lon = 0;
};

// Great-circle distance in kilometres (haversine, mean Earth radius 6371.0088 km).
double distance_km(const GeoPoint& a, const GeoPoint& b);

// One searchable record. Text fields are raw (any script); the index folds and tokenizes them with
// text::fold() / text::tokenize(). Field weights, highest first: name, alternate_name, keywords,
// places, description.
struct SearchDoc {
  std::string name;
  std::string alternate_name;
  std::string keywords;          // service names and types, languages spoken, populations served
  std::string places;            // cities, states, facilities and courts served
  std::string description;       // free text
  std::vector<GeoPoint> points;  // offices with coordinates; may be empty
  // Serves people anywhere (a national hotline): matches any place and radius, ranked after the
  // documents with a point in range that score the same.
  bool everywhere = false;
  // Exact filter values, "group:value": "service:legal", "language:es",
  // "population:detained-adults", "facility:ELOYDCA", "court:eloy-immigration-court", "free",
  // "recognized". Unknown tags in a query match nothing.
  std::vector<std::string> tags;
  long verified_days = 0;  // days since 1970-01-01 of the last verification; 0 when unknown
};

struct SearchQuery {
  std::string text;  // free text; empty: every document (subject to place and tags)
  std::optional<GeoPoint> near;
  double radius_km = 100;
  std::vector<std::string> tags;  // every one must be on a document
  std::size_t offset = 0;
  std::size_t limit = 20;
};

struct SearchHit {
  std::uint32_t doc = 0;              // index into the documents the index was built from
  double score = 0;                   // higher is better; only the order is meaningful
  std::optional<double> distance_km;  // to the nearest point, when the query has a place
};

struct SearchResult {
  std::vector<SearchHit> hits;  // the requested page, best first
  std::size_t total = 0;        // how many documents matched, before paging
};

class SearchIndex {
 public:
  // Builds the index (tokenizing on all cores). Documents keep their order: hit.doc is the
  // position in `docs`.
  static std::shared_ptr<const SearchIndex> build(const std::vector<SearchDoc>& docs);

  // Thread-safe; never throws for any input (hostile, over-long or ill-formed text gives an
  // empty or best-effort result). Query text longer than 256 bytes or 16 words is cut there.
  SearchResult search(const SearchQuery& query) const;

  std::size_t size() const;
  std::size_t memory_bytes() const;  // an estimate of the heap it holds

  ~SearchIndex();
  SearchIndex(const SearchIndex&) = delete;
  SearchIndex& operator=(const SearchIndex&) = delete;

  struct Impl;

 private:
  explicit SearchIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Service-type words in our 11 languages ("abogado", "avoka", "avocat", "وکیل", "адвокат", "律师")
// mapped to tags ("service:legal"), read from data/search/synonyms.tsv.
class Synonyms {
 public:
  // Reads <data_dir>/search/synonyms.tsv; errors name the file and line.
  static Result<Synonyms> load(const std::string& data_dir);
  // The tags a folded word or phrase stands for, or empty.
  const std::vector<std::string>* find(std::string_view folded) const;
  std::size_t size() const;

  struct Impl;
  Synonyms();
  ~Synonyms();
  Synonyms(Synonyms&&) noexcept;
  Synonyms& operator=(Synonyms&&) noexcept;

 private:
  std::unique_ptr<Impl> impl_;
};

// What a person typed, understood: place words ("en Tijuana", "near 85701", "Juárez, Chih.")
// become a place; service words become tags; the rest stays text.
struct ParsedQuery {
  SearchQuery query;                          // ready to run (text without the words used up)
  std::optional<std::string> place_name;      // the place understood, as the gazetteer names it
  std::vector<std::string> place_candidates;  // other places the words could mean
  std::vector<std::string> understood_tags;   // tags that came from words ("service:legal")
};

struct QueryInput {
  std::string_view q;     // free text
  std::string_view near;  // a place or ZIP typed in the "near" box; wins over place words in q
  std::optional<GeoPoint> point;  // "near me" (already rounded to 0.01°); wins over both
  std::vector<std::string> tags;  // from the form's filters
  std::size_t page = 1;           // 1-based
  std::size_t per_page = 20;
};

class QueryParser {
 public:
  // Either may be null (no place detection / no synonyms).
  QueryParser(const Gazetteer* gazetteer, const Synonyms* synonyms);
  ParsedQuery parse(const QueryInput& input) const;

 private:
  const Gazetteer* gazetteer_;
  const Synonyms* synonyms_;
};

}  // namespace amparo::directory
