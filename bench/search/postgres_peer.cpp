// The PostgreSQL peer: the corpus in one table with a stored, weighted tsvector (a 'simple' text
// search configuration with unaccent) under GIN, a geography(Point) under GiST and a text[] of tags
// under GIN. Queries are prepared once per connection and run with text parameters over libpq;
// ranking is ts_rank, then the spherical distance. Like SQLite, no typo tolerance.
#include <libpq-fe.h>

#include <chrono>
#include <cstdio>
#include <unordered_map>

#include "engine.h"

namespace amparo::bench {

namespace {

struct Conn {
  PGconn* conn = nullptr;
  ~Conn() { PQfinish(conn); }
};

struct Res {
  PGresult* res = nullptr;
  ~Res() { PQclear(res); }
};

Error pg_error(PGconn* conn, const std::string& what) {
  std::string message = conn ? PQerrorMessage(conn) : "out of memory";
  while (!message.empty() && message.back() == '\n') message.pop_back();
  return make_error(ErrorCode::kIo, what + ": " + message);
}

Status exec(PGconn* conn, const std::string& sql) {
  Res r{PQexec(conn, sql.c_str())};
  const auto status = PQresultStatus(r.res);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return pg_error(conn, "running " + sql.substr(0, 80));
  }
  return ok_status();
}

Result<std::string> query_value(PGconn* conn, const std::string& sql) {
  Res r{PQexec(conn, sql.c_str())};
  if (PQresultStatus(r.res) != PGRES_TUPLES_OK || PQntuples(r.res) != 1) {
    return pg_error(conn, "running " + sql);
  }
  return std::string(PQgetvalue(r.res, 0, 0));
}

Result<std::unique_ptr<Conn>> connect(const std::string& conninfo) {
  auto c = std::make_unique<Conn>();
  c->conn = PQconnectdb(conninfo.c_str());
  if (PQstatus(c->conn) != CONNECTION_OK) return pg_error(c->conn, "connecting to " + conninfo);
  // Quiet: a tsquery without lexemes raises a NOTICE per query otherwise.
  AMPARO_RETURN_IF_ERROR(exec(c->conn, "SET client_min_messages = warning"));
  return c;
}

// COPY text format: backslash, tab, newline and carriage return escaped.
void copy_text(std::string& out, std::string_view v) {
  for (const char c : v) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

// An array literal element, double-quoted.
std::string array_literal(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (const char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string tsquery_of(const BenchQuery& q) {
  const auto words = query_words(q);
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += " & ";
    out += '\'';
    for (const char c : words[i]) {
      if (c == '\'' || c == '\\') out += c;
      out += c;
    }
    out += '\'';
    if (q.prefix() && i + 1 == words.size()) out += ":*";
  }
  return out;
}

struct Plan {
  std::string sql;
  std::vector<std::string> params;
};

Plan plan_for(const BenchQuery& q) {
  Plan p;
  const auto param = [&p](std::string v) {
    p.params.push_back(std::move(v));
    return "$" + std::to_string(p.params.size());
  };
  const auto number = [](double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return std::string(buf);
  };
  const std::string tsq = tsquery_of(q);
  const std::string limit = std::to_string(q.query.offset + q.query.limit);
  std::string where, order;
  if (!tsq.empty()) {
    const std::string t = "to_tsquery('amparo', " + param(tsq) + ")";
    where = "tsv @@ " + t;
    order = "ts_rank(tsv, " + t + ") DESC";
  }
  if (q.query.near) {
    const std::string point = "ST_MakePoint(" + param(number(q.query.near->lon)) + "::float8, " +
                              param(number(q.query.near->lat)) + "::float8)::geography";
    where += std::string(where.empty() ? "" : " AND ") + "ST_DWithin(geog, " + point + ", " +
             param(number(q.query.radius_km * 1000)) + "::float8, false)";
    order += std::string(order.empty() ? "" : ", ") + "ST_Distance(geog, " + point + ", false)";
  }
  if (!q.query.tags.empty()) {
    where += std::string(where.empty() ? "" : " AND ") + "tags @> " +
             param(array_literal(q.query.tags)) + "::text[]";
  }
  if (order.empty()) order = "id";
  p.sql = "SELECT id, count(*) OVER () FROM docs" + (where.empty() ? "" : " WHERE " + where) +
          " ORDER BY " + order + " LIMIT " + limit;
  return p;
}

class PostgresSession : public Session {
 public:
  explicit PostgresSession(std::unique_ptr<Conn> conn) : conn_(std::move(conn)) {}

  Result<Answer> run(const BenchQuery& q) override {
    const Plan plan = plan_for(q);
    auto [it, fresh] = prepared_.try_emplace(plan.sql, "q" + std::to_string(prepared_.size()));
    if (fresh) {
      Res r{PQprepare(conn_->conn, it->second.c_str(), plan.sql.c_str(),
                      static_cast<int>(plan.params.size()), nullptr)};
      if (PQresultStatus(r.res) != PGRES_COMMAND_OK) {
        Error e = pg_error(conn_->conn, "preparing " + plan.sql);
        prepared_.erase(it);
        return e;
      }
    }
    std::vector<const char*> values;
    for (const auto& v : plan.params) values.push_back(v.c_str());
    Res r{PQexecPrepared(conn_->conn, it->second.c_str(), static_cast<int>(values.size()),
                         values.data(), nullptr, nullptr, 0)};
    if (PQresultStatus(r.res) != PGRES_TUPLES_OK)
      return pg_error(conn_->conn, "running " + plan.sql);
    Answer a;
    const int rows = PQntuples(r.res);
    for (int i = 0; i < rows; ++i) {
      a.total = std::stoull(PQgetvalue(r.res, i, 1));
      if (static_cast<std::size_t>(i) >= q.query.offset) {
        a.ids.push_back(static_cast<std::uint32_t>(std::stoul(PQgetvalue(r.res, i, 0))));
      }
    }
    return a;
  }

 private:
  std::unique_ptr<Conn> conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
};

class PostgresEngine : public Engine {
 public:
  explicit PostgresEngine(std::string conninfo) : conninfo_(std::move(conninfo)) {}
  std::string name() const override { return "PostgreSQL tsvector/GIN + PostGIS"; }
  Result<std::unique_ptr<Session>> open() const override {
    auto c = connect(conninfo_);
    if (!c.ok()) return std::move(c).error();
    return std::unique_ptr<Session>(std::make_unique<PostgresSession>(std::move(*c)));
  }

 private:
  std::string conninfo_;
};

}  // namespace

Result<std::unique_ptr<Engine>> build_postgres_peer(const std::string& conninfo,
                                                    const Corpus& corpus, BuildStats& stats) {
  auto c = connect(conninfo);
  if (!c.ok()) return std::move(c).error();
  PGconn* conn = (*c)->conn;
  const auto start = std::chrono::steady_clock::now();
  AMPARO_RETURN_IF_ERROR(exec(conn, R"(
    CREATE EXTENSION IF NOT EXISTS postgis;
    CREATE EXTENSION IF NOT EXISTS unaccent;
    DROP TABLE IF EXISTS docs;
    DROP TEXT SEARCH CONFIGURATION IF EXISTS amparo;
    CREATE TEXT SEARCH CONFIGURATION amparo (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION amparo
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    CREATE TABLE docs (
      id integer PRIMARY KEY,
      name text NOT NULL,
      alternate_name text NOT NULL,
      keywords text NOT NULL,
      places text NOT NULL,
      description text NOT NULL,
      tags text[] NOT NULL,
      geog geography(Point, 4326),
      tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('amparo', name), 'A') ||
        setweight(to_tsvector('amparo', alternate_name), 'B') ||
        setweight(to_tsvector('amparo', keywords), 'C') ||
        setweight(to_tsvector('amparo', places || ' ' || description), 'D')) STORED);)"));
  {
    Res r{PQexec(conn,
                 "COPY docs (id, name, alternate_name, keywords, places, description, tags, geog) "
                 "FROM STDIN")};
    if (PQresultStatus(r.res) != PGRES_COPY_IN) return pg_error(conn, "starting COPY");
  }
  std::string buf;
  for (std::size_t i = 0; i < corpus.docs.size(); ++i) {
    const auto& d = corpus.docs[i];
    buf += std::to_string(i);
    for (const std::string* f :
         {&d.name, &d.alternate_name, &d.keywords, &d.places, &d.description}) {
      buf += '\t';
      copy_text(buf, *f);
    }
    buf += '\t';
    copy_text(buf, array_literal(d.tags));
    buf += '\t';
    if (d.points.empty()) {
      buf += "\\N";
    } else {
      char point[96];
      std::snprintf(point, sizeof point, "SRID=4326;POINT(%.9g %.9g)", d.points[0].lon,
                    d.points[0].lat);
      buf += point;
    }
    buf += '\n';
    if (buf.size() > (1 << 20) || i + 1 == corpus.docs.size()) {
      if (PQputCopyData(conn, buf.data(), static_cast<int>(buf.size())) != 1) {
        return pg_error(conn, "COPY");
      }
      buf.clear();
    }
  }
  if (PQputCopyEnd(conn, nullptr) != 1) return pg_error(conn, "ending COPY");
  for (;;) {
    Res r{PQgetResult(conn)};
    if (r.res == nullptr) break;
    if (PQresultStatus(r.res) != PGRES_COMMAND_OK) return pg_error(conn, "COPY");
  }
  AMPARO_RETURN_IF_ERROR(exec(conn, R"(
    CREATE INDEX docs_tsv ON docs USING gin (tsv);
    CREATE INDEX docs_geog ON docs USING gist (geog);
    CREATE INDEX docs_tags ON docs USING gin (tags);)"));
  AMPARO_RETURN_IF_ERROR(exec(conn, "VACUUM (ANALYZE) docs"));
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto bytes = query_value(conn, "SELECT pg_total_relation_size('docs')");
  if (!bytes.ok()) return std::move(bytes).error();
  stats.bytes = std::stoull(*bytes);
  auto version = query_value(conn,
                             "SELECT 'PostgreSQL ' || current_setting('server_version') || "
                             "', PostGIS ' || postgis_lib_version()");
  if (!version.ok()) return std::move(version).error();
  stats.version = *version;
  return std::unique_ptr<Engine>(std::make_unique<PostgresEngine>(conninfo));
}

}  // namespace amparo::bench
