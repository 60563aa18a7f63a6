// What the search benchmark measures: an engine that answers the query mix. amparo's SearchIndex
// and each peer (SQLite, PostgreSQL) sit behind this interface; a Session is one thread's
// connection (peers) or view (amparo).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "corpus.h"

namespace amparo::bench {

// One page of results: document positions (Corpus::docs) best first, and the number of matches.
struct Answer {
  std::vector<std::uint32_t> ids;
  std::size_t total = 0;
};

class Session {
 public:
  virtual ~Session() = default;
  // Runs one query: the first `query.limit` hits and the total. Not thread-safe: one session per
  // thread.
  virtual Result<Answer> run(const BenchQuery& query) = 0;
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::string name() const = 0;
  // A new session for one thread; sessions of one engine may run concurrently.
  virtual Result<std::unique_ptr<Session>> open() const = 0;
};

// How a peer was loaded.
struct BuildStats {
  double seconds = 0;       // load + indexes + statistics
  std::uint64_t bytes = 0;  // on disk
  std::string version;
};

// The SQLite peer: FTS5 + R*Tree + a tag table in a fresh database file at `path` (replaced).
Result<std::unique_ptr<Engine>> build_sqlite_peer(const std::string& path, const Corpus& corpus,
                                                  BuildStats& stats);

// The PostgreSQL peer: loads the corpus into the database `conninfo` names (tables replaced):
// tsvector + GIN, geography + GiST, text[] tags + GIN.
Result<std::unique_ptr<Engine>> build_postgres_peer(const std::string& conninfo,
                                                    const Corpus& corpus, BuildStats& stats);

// Query words as the peers receive them: folded and split like amparo's index does.
std::vector<std::string> query_words(const BenchQuery& query);

// A latitude/longitude box that holds the circle (for R*Tree and bbox prefilters).
struct Box {
  double min_lat, max_lat, min_lon, max_lon;
};
Box bounding_box(const directory::GeoPoint& center, double radius_km);

}  // namespace amparo::bench
