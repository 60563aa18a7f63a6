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

// The words of a text as the index stores and looks them up: text::fold(), text::tokenize(), then
// each word split again at ASCII punctuation and apostrophes ("l'avocat" -> "l" "avocat",
// "Tijuana'da" -> "tijuana" "da", "u.s." -> "u" "s"); words longer than 64 bytes are cut there.
// At most `max_words` words. Folded ASCII text is split without ICU (same result, much faster).
std::vector<std::string> search_tokens(std::string_view text, std::size_t max_words = 4096);

// True for a folded word that carries no meaning in a query in one of our languages ("the", "de",
// "para", "à", "nan", "в", "için", "في", "در", "کې", "的"). Queries drop these words unless every
// word is one.
bool is_search_stop_word(std::string_view word);

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
  // The place searched around. A point that is not a coordinate (NaN, latitude beyond +-90,
  // longitude beyond +-180) matches nothing.
  std::optional<GeoPoint> near;
  double radius_km = 100;         // with `near`; not a positive number: 100
  std::vector<std::string> tags;  // every one must be on a document
  std::size_t offset = 0;
  std::size_t limit = 20;
};

struct SearchHit {
  std::uint32_t doc = 0;              // index into the documents the index was built from
  double score = 0;                   // higher is better; only the order is meaningful
  std::optional<double> distance_km;  // to the nearest point, when the query has a place and the
                                      // document has a point (an `everywhere` one may be far)
};

struct SearchResult {
  std::vector<SearchHit> hits;  // the requested page, best first
  std::size_t total = 0;        // how many documents matched, before paging
};

class SearchIndex {
 public:
  // Builds the index (tokenizing on all cores). Documents keep their order: hit.doc is the
  // position in `docs`. Holds up to 2^27 documents (later ones are not indexed); points that are
  // not coordinates are ignored. Throws std::bad_alloc when memory runs out, nothing else.
  static std::shared_ptr<const SearchIndex> build(const std::vector<SearchDoc>& docs);

  // Every query word (see search_tokens(); stop words dropped) must match some field of a
  // document exactly, as a prefix (the last word; others of 3 or more letters, 2 for Chinese,
  // Japanese and Korean) or within 1 edit (5 to 8 letters) or 2 edits (9 or more; an edit is an
  // insertion, deletion, substitution or swap of neighbours). Every tag must be on the document.
  // With a place, a document needs a point within the radius or `everywhere`. Thread-safe; never
  // throws for any input (hostile, over-long or ill-formed text gives an empty or best-effort
  // result). Query text longer than 256 bytes or 16 words is cut there.
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
  // Reads <data_dir>/search/synonyms.tsv (columns tag, language, word or phrase; '#' starts a
  // comment line). kNotFound when the file is missing; kCorrupt for invalid UTF-8, a wrong number
  // of fields, a malformed tag, a language that is not one of ours, an empty or over-long phrase
  // or a repeated line; the error names the file, line and field.
  static Result<Synonyms> load(const std::string& data_dir);
  // Adds one entry, as a line of the file does: `phrase` is raw text of at most 6 words; a
  // Turkish ("tr") phrase is also found typed with a plain "i" for "ı". kInvalidArgument (with
  // the field) for a malformed tag or an empty or over-long phrase.
  Status add(std::string_view tag, std::string_view phrase, std::string_view language = "");
  // The tags a phrase stands for, or null. `words` is the phrase's search_tokens() joined by one
  // space ("asesoria legal").
  const std::vector<std::string>* find(std::string_view words) const;
  std::size_t size() const;                  // distinct phrases
  std::size_t longest_phrase_words() const;  // words in the longest phrase

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
  SearchQuery query;  // ready to run (text without the words used up, as search_tokens())
  // The place understood: "Name, State" as the gazetteer names them ("Tijuana, Baja
  // California"), or the ZIP code.
  std::optional<std::string> place_name;
  std::vector<std::string> place_candidates;  // other places the words could mean, same form
  std::vector<std::string> understood_tags;   // tags that came from words ("service:legal")
  bool place_unknown = false;  // a "near" place was given that the gazetteer does not know
};

struct QueryInput {
  std::string_view q;     // free text
  std::string_view near;  // a place or ZIP typed in the "near" box; wins over place words in q
  std::optional<GeoPoint> point;  // "near me" (already rounded to 0.01°); wins over both
  std::vector<std::string> tags;  // from the form's filters
  double radius_km = 100;         // around the place, however it was given
  std::size_t page = 1;           // 1-based; 0 is read as 1
  std::size_t per_page = 20;      // 0 is read as 20; more than 50 as 50
};

class QueryParser {
 public:
  // Either may be null (no place detection / no synonyms). Both must outlive the parser.
  QueryParser(const Gazetteer* gazetteer, const Synonyms* synonyms);

  // The place: `point` wins; else `near` (the gazetteer's first answer, the others become
  // candidates); else words in `q` (cut at 256 bytes and 16 words):
  //  - a ZIP code the gazetteer knows ("lawyer near 85701");
  //  - after a marker word ("en", "near", "in", "à", "em", "nan", "в", "في", "در", "在", ...;
  //    "cerca de", "près de", ...) the longest run of 1 to 4 words that is a place's whole name,
  //    optionally with its state ("en Ciudad Juárez", "in El Paso", "en Juárez, Chih.");
  //  - otherwise the longest such run at the end of `q`, then at its start ("avoka Miami",
  //    "Juárez, Chih."). A single unmarked word must name a place of 10,000 people or more and
  //    not be a service word, else it stays text ("refugio", "sonoyta"): the index's `places`
  //    field and its typo tolerance still match it.
  // Then service words and phrases (longest first) become tags, added to the query's tags.
  // Words used for the place or tags leave the text. Thread-safe; never throws.
  ParsedQuery parse(const QueryInput& input) const;

 private:
  const Gazetteer* gazetteer_;
  const Synonyms* synonyms_;
};

}  // namespace amparo::directory
