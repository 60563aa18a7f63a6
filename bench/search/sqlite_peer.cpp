// The SQLite peer: the corpus in one database file with an FTS5 table (unicode61, diacritics
// removed, prefix indexes for 2 and 3 characters) over an external-content table, an R*Tree on the
// points, and a (tag, doc) table. Queries are built per shape and prepared once per session; the
// radius is an R*Tree box, then the exact haversine distance in SQL (dist_km, registered below).
// FTS5 has no typo tolerance.
#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <unordered_map>

#include "engine.h"

namespace amparo::bench {

namespace {

constexpr double kEarthRadiusKm = 6371.0088;
constexpr double kRadiansPerDegree = 3.14159265358979323846 / 180.0;

void dist_km(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const double lat1 = sqlite3_value_double(argv[0]) * kRadiansPerDegree;
  const double lon1 = sqlite3_value_double(argv[1]) * kRadiansPerDegree;
  const double lat2 = sqlite3_value_double(argv[2]) * kRadiansPerDegree;
  const double lon2 = sqlite3_value_double(argv[3]) * kRadiansPerDegree;
  const double s1 = std::sin((lat2 - lat1) / 2), s2 = std::sin((lon2 - lon1) / 2);
  const double h = s1 * s1 + std::cos(lat1) * std::cos(lat2) * s2 * s2;
  sqlite3_result_double(ctx, 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h))));
}

Error sqlite_error(sqlite3* db, const std::string& what) {
  return make_error(ErrorCode::kIo, what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

Status exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    Error e = make_error(ErrorCode::kIo, std::string(message ? message : "error") + " in: " + sql);
    sqlite3_free(message);
    return e;
  }
  return ok_status();
}

struct Db {
  sqlite3* db = nullptr;
  ~Db() { sqlite3_close_v2(db); }
};

struct Stmt {
  sqlite3_stmt* stmt = nullptr;
  ~Stmt() { sqlite3_finalize(stmt); }
};

std::string fts_phrase(const std::string& word) {
  std::string out = "\"";
  for (const char c : word) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// SQL text and its parameters for one query.
struct Plan {
  std::string sql;
  std::vector<std::function<int(sqlite3_stmt*, int)>> binds;  // parameter i+1
};

Plan plan_for(const BenchQuery& q) {
  Plan p;
  const auto bind_text = [&p](std::string v) {
    p.binds.push_back([v = std::move(v)](sqlite3_stmt* s, int i) {
      return sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    });
    return "?" + std::to_string(p.binds.size());
  };
  const auto bind_double = [&p](double v) {
    p.binds.push_back([v](sqlite3_stmt* s, int i) { return sqlite3_bind_double(s, i, v); });
    return "?" + std::to_string(p.binds.size());
  };
  const auto words = query_words(q);
  std::string match;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) match += ' ';
    match += fts_phrase(words[i]);
    if (q.prefix() && i + 1 == words.size()) match += '*';
  }
  const std::string limit = std::to_string(q.query.offset + q.query.limit);
  const auto tag_filters = [&](const std::string& doc) {
    std::string sql;
    for (const auto& t : q.query.tags) {
      sql += " AND EXISTS (SELECT 1 FROM doc_tag WHERE tag = " + bind_text(t) +
             " AND doc = " + doc + ")";
    }
    return sql;
  };
  // FTS5's rank column is bm25() with the column weights set at load time; unlike a bm25() call
  // it may be read under a window function (the total).
  constexpr const char* kRank = "fts.rank";
  if (q.query.near) {
    const auto& c = *q.query.near;
    const Box b = bounding_box(c, q.query.radius_km);
    const std::string lat = bind_double(c.lat), lon = bind_double(c.lon);
    p.sql = "SELECT g.id, count(*) OVER (), dist_km(" + lat + ", " + lon +
            ", d.lat, d.lon) AS dist" +
            (match.empty() ? std::string() : std::string(", ") + kRank + " AS score") +
            " FROM geo g JOIN docs d ON d.id = g.id" +
            (match.empty() ? "" : " JOIN fts ON fts.rowid = g.id") +
            " WHERE g.min_lat <= " + bind_double(b.max_lat) +
            " AND g.max_lat >= " + bind_double(b.min_lat) +
            " AND g.min_lon <= " + bind_double(b.max_lon) +
            " AND g.max_lon >= " + bind_double(b.min_lon) +
            (match.empty() ? std::string() : " AND fts MATCH " + bind_text(match)) +
            " AND dist <= " + bind_double(q.query.radius_km) + tag_filters("g.id") + " ORDER BY " +
            (match.empty() ? "" : "score, ") + "dist LIMIT " + limit;
  } else if (!match.empty()) {
    p.sql = "SELECT rowid, count(*) OVER () FROM fts WHERE fts MATCH " + bind_text(match) +
            tag_filters("fts.rowid") + " ORDER BY " + kRank + " LIMIT " + limit;
  } else if (!q.query.tags.empty()) {
    p.sql = "SELECT t.doc, count(*) OVER () FROM doc_tag t WHERE t.tag = " +
            bind_text(q.query.tags[0]) + " ORDER BY t.doc LIMIT " + limit;
    for (std::size_t i = 1; i < q.query.tags.size(); ++i) {
      p.sql.insert(p.sql.find(" ORDER BY"), " AND EXISTS (SELECT 1 FROM doc_tag WHERE tag = " +
                                                bind_text(q.query.tags[i]) + " AND doc = t.doc)");
    }
  } else {
    p.sql = "SELECT id, count(*) OVER () FROM docs ORDER BY id LIMIT " + limit;
  }
  return p;
}

Status configure_reader(sqlite3* db) {
  // Page cache large enough for the whole file, the file mapped, temporary b-trees in memory.
  AMPARO_RETURN_IF_ERROR(exec(db,
                              "PRAGMA cache_size = -262144; PRAGMA mmap_size = 1073741824; "
                              "PRAGMA temp_store = MEMORY;"));
  if (sqlite3_create_function(db, "dist_km", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                              &dist_km, nullptr, nullptr) != SQLITE_OK) {
    return sqlite_error(db, "registering dist_km");
  }
  return ok_status();
}

class SqliteSession : public Session {
 public:
  explicit SqliteSession(sqlite3* db) : db_(db) {}
  ~SqliteSession() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  SqliteSession(const SqliteSession&) = delete;
  SqliteSession& operator=(const SqliteSession&) = delete;

  Result<Answer> run(const BenchQuery& q) override {
    const Plan plan = plan_for(q);
    sqlite3_stmt*& stmt = cache_[plan.sql];
    if (stmt == nullptr && sqlite3_prepare_v3(db_, plan.sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT,
                                              &stmt, nullptr) != SQLITE_OK) {
      Error e = sqlite_error(db_, "preparing " + plan.sql);
      cache_.erase(plan.sql);
      return e;
    }
    sqlite3_reset(stmt);
    for (std::size_t i = 0; i < plan.binds.size(); ++i) {
      if (plan.binds[i](stmt, static_cast<int>(i + 1)) != SQLITE_OK) {
        return sqlite_error(db_, "binding");
      }
    }
    Answer a;
    std::size_t row = 0;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      a.total = static_cast<std::size_t>(sqlite3_column_int64(stmt, 1));
      if (row++ >= q.query.offset) {
        a.ids.push_back(static_cast<std::uint32_t>(sqlite3_column_int64(stmt, 0)));
      }
    }
    if (rc != SQLITE_DONE) return sqlite_error(db_, "running " + plan.sql);
    return a;
  }

 private:
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class SqliteEngine : public Engine {
 public:
  explicit SqliteEngine(std::string path) : path_(std::move(path)) {}
  std::string name() const override { return "SQLite FTS5 + R*Tree"; }
  Result<std::unique_ptr<Session>> open() const override {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      Error e = sqlite_error(db, "opening " + path_);
      sqlite3_close_v2(db);
      return e;
    }
    if (auto s = configure_reader(db); !s.ok()) {
      sqlite3_close_v2(db);
      return std::move(s).error();
    }
    return std::unique_ptr<Session>(std::make_unique<SqliteSession>(db));
  }

 private:
  std::string path_;
};

}  // namespace

Result<std::unique_ptr<Engine>> build_sqlite_peer(const std::string& path, const Corpus& corpus,
                                                  BuildStats& stats) {
  // Memory statistics take a global mutex on every allocation; SQLite's docs suggest turning them
  // off when nothing reads them. Only possible before the library's first use.
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  std::error_code ec;
  std::filesystem::remove(path, ec);
  const auto start = std::chrono::steady_clock::now();
  Db db;
  if (sqlite3_open_v2(path.c_str(), &db.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    return sqlite_error(db.db, "creating " + path);
  }
  // A bulk load into a file nobody else reads: no journal, no fsync, one transaction.
  AMPARO_RETURN_IF_ERROR(exec(db.db,
                              "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
                              "PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -262144; "
                              "PRAGMA temp_store = MEMORY;"));
  AMPARO_RETURN_IF_ERROR(exec(db.db, R"(
    CREATE TABLE docs(id INTEGER PRIMARY KEY, name TEXT, alternate_name TEXT, keywords TEXT,
                      places TEXT, description TEXT, lat REAL, lon REAL);
    CREATE VIRTUAL TABLE fts USING fts5(name, alternate_name, keywords, places, description,
        content = 'docs', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3');
    CREATE VIRTUAL TABLE geo USING rtree(id, min_lat, max_lat, min_lon, max_lon);
    CREATE TABLE doc_tag(tag TEXT NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (tag, doc))
        WITHOUT ROWID;
    BEGIN;)"));
  Stmt doc, fts, geo, tag;
  for (auto [stmt, sql] :
       {std::pair{&doc, "INSERT INTO docs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"},
        std::pair{&fts,
                  "INSERT INTO fts(rowid, name, alternate_name, keywords, "
                  "places, description) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
        std::pair{&geo, "INSERT INTO geo VALUES (?1, ?2, ?2, ?3, ?3)"},
        std::pair{&tag, "INSERT INTO doc_tag VALUES (?1, ?2)"}}) {
    if (sqlite3_prepare_v2(db.db, sql, -1, &stmt->stmt, nullptr) != SQLITE_OK) {
      return sqlite_error(db.db, "preparing the load");
    }
  }
  const auto text = [](sqlite3_stmt* s, int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  };
  for (std::size_t i = 0; i < corpus.docs.size(); ++i) {
    const auto& d = corpus.docs[i];
    const auto id = static_cast<sqlite3_int64>(i);
    for (sqlite3_stmt* s : {doc.stmt, fts.stmt}) {
      sqlite3_bind_int64(s, 1, id);
      text(s, 2, d.name);
      text(s, 3, d.alternate_name);
      text(s, 4, d.keywords);
      text(s, 5, d.places);
      text(s, 6, d.description);
    }
    if (d.points.empty()) {
      sqlite3_bind_null(doc.stmt, 7);
      sqlite3_bind_null(doc.stmt, 8);
    } else {
      sqlite3_bind_double(doc.stmt, 7, d.points[0].lat);
      sqlite3_bind_double(doc.stmt, 8, d.points[0].lon);
      sqlite3_bind_int64(geo.stmt, 1, id);
      sqlite3_bind_double(geo.stmt, 2, d.points[0].lat);
      sqlite3_bind_double(geo.stmt, 3, d.points[0].lon);
      if (sqlite3_step(geo.stmt) != SQLITE_DONE) return sqlite_error(db.db, "loading geo");
      sqlite3_reset(geo.stmt);
    }
    for (sqlite3_stmt* s : {doc.stmt, fts.stmt}) {
      if (sqlite3_step(s) != SQLITE_DONE) return sqlite_error(db.db, "loading docs");
      sqlite3_reset(s);
    }
    for (const auto& t : d.tags) {
      text(tag.stmt, 1, t);
      sqlite3_bind_int64(tag.stmt, 2, id);
      if (sqlite3_step(tag.stmt) != SQLITE_DONE) return sqlite_error(db.db, "loading tags");
      sqlite3_reset(tag.stmt);
    }
  }
  AMPARO_RETURN_IF_ERROR(
      exec(db.db,
           "COMMIT; INSERT INTO fts(fts) VALUES ('optimize'); "
           "INSERT INTO fts(fts, rank) VALUES ('rank', 'bm25(10.0, 5.0, 3.0, 2.0, 1.0)'); "
           "ANALYZE; "
           "PRAGMA optimize;"));
  for (Stmt* s : {&doc, &fts, &geo, &tag}) {
    sqlite3_finalize(s->stmt);
    s->stmt = nullptr;
  }
  sqlite3_close_v2(db.db);
  db.db = nullptr;
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  stats.bytes = std::filesystem::file_size(path, ec);
  stats.version = std::string("SQLite ") + sqlite3_libversion();
  return std::unique_ptr<Engine>(std::make_unique<SqliteEngine>(path));
}

}  // namespace amparo::bench
