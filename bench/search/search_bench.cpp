// search_bench: amparo's SearchIndex against SQLite (FTS5 + R*Tree) and PostgreSQL (tsvector/GIN +
// PostGIS) on the IRS Exempt Organizations Business Master File, with the fixed query mix of
// queries.tsv. Prints progress to stderr and writes a Markdown report (tables, targets, agreement).
// bench/search/run starts PostgreSQL, runs this program and puts the report into
// docs/benchmarks.md; README.md beside this file describes the method.
#include <malloc.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "corpus.h"
#include "directory/search.h"
#include "engine.h"

namespace amparo::bench {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// A kB figure from /proc/self/status ("VmRSS", "VmHWM"); 0 when unknown.
std::size_t proc_status_kb(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::stoull(line.substr(key.size() + 1));
  }
  return 0;
}

class AmparoSession : public Session {
 public:
  explicit AmparoSession(std::shared_ptr<const directory::SearchIndex> index)
      : index_(std::move(index)) {}
  Result<Answer> run(const BenchQuery& q) override {
    const auto r = index_->search(q.query);
    Answer a;
    a.total = r.total;
    a.ids.reserve(r.hits.size());
    for (const auto& h : r.hits) a.ids.push_back(h.doc);
    return a;
  }

 private:
  std::shared_ptr<const directory::SearchIndex> index_;
};

class AmparoEngine : public Engine {
 public:
  explicit AmparoEngine(std::shared_ptr<const directory::SearchIndex> index)
      : index_(std::move(index)) {}
  std::string name() const override { return "amparo SearchIndex (in-process)"; }
  Result<std::unique_ptr<Session>> open() const override {
    return std::unique_ptr<Session>(std::make_unique<AmparoSession>(index_));
  }

 private:
  std::shared_ptr<const directory::SearchIndex> index_;
};

struct Latencies {
  std::vector<double> ms;
  double percentile(double p) const {
    if (ms.empty()) return 0;
    std::vector<double> v = ms;
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
    return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
  }
  double mean() const {
    double sum = 0;
    for (const double x : ms) sum += x;
    return ms.empty() ? 0 : sum / static_cast<double>(ms.size());
  }
};

struct EngineRun {
  std::string key;  // amparo, sqlite, postgres
  std::string name;
  std::string version;
  double build_seconds = 0;
  std::string size;  // memory or disk, as text
  Latencies all;
  std::map<std::string, Latencies> by_kind;
  std::vector<Latencies> by_query;
  double qps1 = 0;
  double qps2 = 0;
  std::size_t rounds = 0;
  std::vector<Answer> page;  // the first page of each query (limit 20)
  std::vector<Answer> full;  // every match of each query (for the agreement check)
};

struct Options {
  std::string irs_dir;
  std::string zcta;
  std::string queries;
  std::string engines = "amparo,sqlite,postgres";
  std::string sqlite_db = "search-bench.sqlite";
  std::string pg;
  std::string report;
  std::string write_hsds;
  std::string per_query;
  double seconds = 5;
  std::size_t min_rounds = 3;
  std::size_t max_rounds = 2000;
};

Status measure(const Engine& engine, const std::vector<BenchQuery>& queries, const Options& options,
               std::size_t corpus_size, EngineRun& run) {
  auto opened = engine.open();
  if (!opened.ok()) return std::move(opened).error();
  Session& session = **opened;
  // Every match, once (not timed): for the agreement check, and it warms every cache.
  for (const auto& q : queries) {
    BenchQuery all = q;
    all.query.limit = corpus_size;
    auto a = session.run(all);
    if (!a.ok()) return make_error(a.error().code, q.id + ": " + a.error().message);
    run.full.push_back(std::move(*a));
  }
  for (const auto& q : queries) {
    auto a = session.run(q);
    if (!a.ok()) return make_error(a.error().code, q.id + ": " + a.error().message);
    run.page.push_back(std::move(*a));
  }
  // One thread: the mix in file order, round after round, each query timed.
  run.by_query.resize(queries.size());
  const auto start = Clock::now();
  std::size_t count = 0;
  for (run.rounds = 0; run.rounds < options.min_rounds ||
                       (run.rounds < options.max_rounds && seconds_since(start) < options.seconds);
       ++run.rounds) {
    for (std::size_t i = 0; i < queries.size(); ++i) {
      const auto& q = queries[i];
      const auto t0 = Clock::now();
      auto a = session.run(q);
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      if (!a.ok()) return make_error(a.error().code, q.id + ": " + a.error().message);
      run.all.ms.push_back(ms);
      run.by_kind[q.kind].ms.push_back(ms);
      run.by_query[i].ms.push_back(ms);
      ++count;
    }
  }
  run.qps1 = static_cast<double>(count) / seconds_since(start);

  // Two threads, each with its own session and its own shuffled order, for the same time.
  constexpr int kThreads = 2;
  std::vector<std::unique_ptr<Session>> sessions;
  for (int t = 0; t < kThreads; ++t) {
    auto s = engine.open();
    if (!s.ok()) return std::move(s).error();
    for (const auto& q : queries) {  // prepares the statements of this session
      auto a = (*s)->run(q);
      if (!a.ok()) return std::move(a).error();
    }
    sessions.push_back(std::move(*s));
  }
  std::atomic<std::size_t> done{0};
  std::atomic<bool> failed{false};
  const auto start2 = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<std::size_t> order(queries.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::mt19937 rng(static_cast<unsigned>(1234 + t));
      std::size_t n = 0;
      while (seconds_since(start2) < options.seconds) {
        std::shuffle(order.begin(), order.end(), rng);
        for (const std::size_t i : order) {
          if (!sessions[static_cast<std::size_t>(t)]->run(queries[i]).ok()) failed = true;
          ++n;
        }
      }
      done += n;
    });
  }
  for (auto& th : threads) th.join();
  run.qps2 = static_cast<double>(done.load()) / seconds_since(start2);
  if (failed) return make_error(ErrorCode::kInternal, "a query failed on two threads");
  return ok_status();
}

std::string describe(const BenchQuery& q) {
  std::string s = "`" + q.id + "` (" + q.kind + ") \"" + q.query.text + "\"";
  if (!q.near_zip.empty()) s += " near " + q.near_zip + " " + fixed(q.query.radius_km, 0) + " km";
  for (const auto& t : q.query.tags) s += " [" + t + "]";
  return s;
}

// Full match sets of two engines compared, typo queries left out.
std::string agreement(const EngineRun& a, const EngineRun& b,
                      const std::vector<BenchQuery>& queries, const Corpus& corpus,
                      std::size_t max_examples) {
  std::size_t compared = 0, same_total = 0, same_set = 0, same_top = 0, small = 0;
  std::ostringstream examples;
  std::size_t shown = 0;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    if (queries[i].typo()) continue;
    ++compared;
    const auto& fa = a.full[i];
    const auto& fb = b.full[i];
    if (fa.total == fb.total) ++same_total;
    std::set<std::uint32_t> sa(fa.ids.begin(), fa.ids.end()), sb(fb.ids.begin(), fb.ids.end());
    if (sa == sb) ++same_set;
    const auto& pa = a.page[i].ids;
    const auto& pb = b.page[i].ids;
    if (fa.total <= queries[i].query.limit && fb.total <= queries[i].query.limit) {
      ++small;
      if (std::set<std::uint32_t>(pa.begin(), pa.end()) ==
          std::set<std::uint32_t>(pb.begin(), pb.end())) {
        ++same_top;
      }
    }
    if (sa != sb && shown < max_examples) {
      ++shown;
      std::vector<std::uint32_t> only_a, only_b;
      std::set_difference(sa.begin(), sa.end(), sb.begin(), sb.end(), std::back_inserter(only_a));
      std::set_difference(sb.begin(), sb.end(), sa.begin(), sa.end(), std::back_inserter(only_b));
      examples << "- " << describe(queries[i]) << ": " << a.key << " " << fa.total << ", " << b.key
               << " " << fb.total << "; only " << a.key << ": " << only_a.size();
      if (!only_a.empty()) examples << " (e.g. \"" << corpus.docs[only_a[0]].name << "\")";
      examples << ", only " << b.key << ": " << only_b.size();
      if (!only_b.empty()) examples << " (e.g. \"" << corpus.docs[only_b[0]].name << "\")";
      examples << "\n";
    }
  }
  std::ostringstream out;
  out << "**" << a.key << " vs " << b.key << "**, " << compared
      << " queries without typos: same number of matches for " << same_total
      << ", the very same match set for " << same_set << "; of the " << small
      << " queries with at most 20 matches on both, the same first page (as a set) for " << same_top
      << ".\n";
  if (shown > 0) out << "\nDifferences (up to " << max_examples << "):\n\n" << examples.str();
  return out.str();
}

int run_bench(const Options& options) {
  const auto t0 = Clock::now();
  auto zips = load_zip_centroids(options.zcta);
  if (!zips.ok()) {
    std::cerr << "search_bench: " << zips.error().to_string() << "\n";
    return 1;
  }
  auto loaded = load_corpus(options.irs_dir, *zips);
  if (!loaded.ok()) {
    std::cerr << "search_bench: " << loaded.error().to_string() << "\n";
    return 1;
  }
  Corpus& corpus = *loaded;
  std::cerr << "corpus: " << corpus.docs.size() << " organizations from " << corpus.files
            << " files (" << corpus.duplicates << " repeated EINs skipped), " << corpus.geocoded
            << " geocoded by ZIP, read in " << fixed(seconds_since(t0), 2) << " s\n";
  if (!options.write_hsds.empty()) {
    if (auto s = write_hsds_package(corpus, options.write_hsds); !s.ok()) {
      std::cerr << "search_bench: " << s.error().to_string() << "\n";
      return 1;
    }
    std::cerr << "wrote the HSDS datapackage to " << options.write_hsds << "\n";
    return 0;
  }
  // From here on the documents are enough; the IRS rows go, so that the process holds what a server
  // would: the documents and the index.
  corpus.orgs = {};
  auto parsed = load_queries(options.queries, *zips);
  if (!parsed.ok()) {
    std::cerr << "search_bench: " << parsed.error().to_string() << "\n";
    return 1;
  }
  const std::vector<BenchQuery>& queries = *parsed;
  const auto wants = [&](const std::string& key) {
    return ("," + options.engines + ",").find("," + key + ",") != std::string::npos;
  };

  std::vector<EngineRun> runs;
  std::size_t rss_before_kb = 0, rss_after_kb = 0, hwm_kb = 0, index_bytes = 0;
  bool failed = false;
  const auto run_engine = [&](const std::string& key, const Engine& engine, EngineRun run) {
    run.key = key;
    run.name = engine.name();
    std::cerr << run.name << ": measuring " << queries.size() << " queries...\n";
    if (auto s = measure(engine, queries, options, corpus.docs.size(), run); !s.ok()) {
      std::cerr << "search_bench: " << run.name << ": " << s.error().to_string() << "\n";
      failed = true;
      return;
    }
    std::cerr << "  p50 " << fixed(run.all.percentile(0.5), 3) << " ms, p99 "
              << fixed(run.all.percentile(0.99), 3) << " ms, " << fixed(run.qps1, 0)
              << " q/s on 1 thread, " << fixed(run.qps2, 0) << " q/s on 2 threads\n";
    runs.push_back(std::move(run));
  };

  if (wants("amparo")) {
    // What reading the files freed goes back to the system first, so that the index cannot hide in
    // it.
    malloc_trim(0);
    rss_before_kb = proc_status_kb("VmRSS");
    const auto start = Clock::now();
    auto index = directory::SearchIndex::build(corpus.docs);
    EngineRun run;
    run.build_seconds = seconds_since(start);
    rss_after_kb = proc_status_kb("VmRSS");
    hwm_kb = proc_status_kb("VmHWM");
    index_bytes = index->memory_bytes();
    run.version = "this build";
    run.size = fixed(static_cast<double>(index_bytes) / 1048576.0, 0) + " MB (memory_bytes)";
    std::cerr << "amparo: index of " << index->size() << " documents built in "
              << fixed(run.build_seconds, 2) << " s; RSS " << rss_before_kb / 1024 << " -> "
              << rss_after_kb / 1024 << " MB (peak " << hwm_kb / 1024 << " MB)\n";
    run_engine("amparo", AmparoEngine(index), std::move(run));
  }
  if (wants("sqlite")) {
    BuildStats stats;
    auto engine = build_sqlite_peer(options.sqlite_db, corpus, stats);
    if (!engine.ok()) {
      std::cerr << "search_bench: SQLite: " << engine.error().to_string() << "\n";
      failed = true;
    } else {
      EngineRun run;
      run.build_seconds = stats.seconds;
      run.version = stats.version;
      run.size = fixed(static_cast<double>(stats.bytes) / 1048576.0, 0) + " MB on disk";
      std::cerr << stats.version << ": loaded in " << fixed(stats.seconds, 1) << " s\n";
      run_engine("sqlite", **engine, std::move(run));
    }
  }
  if (wants("postgres")) {
    if (options.pg.empty()) {
      std::cerr << "search_bench: PostgreSQL: no --pg connection string; skipped\n";
    } else {
      BuildStats stats;
      auto engine = build_postgres_peer(options.pg, corpus, stats);
      if (!engine.ok()) {
        std::cerr << "search_bench: PostgreSQL: " << engine.error().to_string() << "\n";
        failed = true;
      } else {
        EngineRun run;
        run.build_seconds = stats.seconds;
        run.version = stats.version;
        run.size = fixed(static_cast<double>(stats.bytes) / 1048576.0, 0) + " MB on disk";
        std::cerr << stats.version << ": loaded in " << fixed(stats.seconds, 1) << " s\n";
        run_engine("postgres", **engine, std::move(run));
      }
    }
  }

  const auto find = [&](const std::string& key) -> const EngineRun* {
    for (const auto& r : runs) {
      if (r.key == key) return &r;
    }
    return nullptr;
  };
  const EngineRun* amparo = find("amparo");
  const EngineRun* sqlite = find("sqlite");
  const EngineRun* postgres = find("postgres");

  std::map<std::string, std::size_t> kinds;
  for (const auto& q : queries) ++kinds[q.kind];
  std::ostringstream md;
  md << "Corpus: " << corpus.docs.size() << " organizations from " << corpus.files
     << " IRS EO BMF files, " << corpus.geocoded
     << " geocoded by ZIP centroid. Query mix: " << queries.size() << " queries (";
  bool first = true;
  for (const auto& [kind, n] : kinds) {
    md << (first ? "" : ", ") << kind << " " << n;
    first = false;
  }
  md << "); timed rounds of the mix:";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    md << (i == 0 ? " " : ", ") << runs[i].rounds << " for " << runs[i].key;
  }
  md << "; first page of 20 and the total count.\n\n";
  md << "| engine | version | build (s) | size | p50 (ms) | p99 (ms) | mean (ms) | queries/s 1 "
        "thread "
        "| queries/s 2 threads |\n|---|---|---|---|---|---|---|---|---|\n";
  if (!amparo) md << "| amparo SearchIndex (in-process) | — | not run | | | | | | |\n";
  for (const auto& r : runs) {
    md << "| " << r.name << " | " << r.version << " | " << fixed(r.build_seconds, 2) << " | "
       << r.size << " | " << fixed(r.all.percentile(0.5), 3) << " | "
       << fixed(r.all.percentile(0.99), 3) << " | " << fixed(r.all.mean(), 3) << " | "
       << fixed(r.qps1, 0) << " | " << fixed(r.qps2, 0) << " |\n";
  }
  md << "\nMedian latency (ms) by kind of query:\n\n| kind | queries |";
  for (const auto& r : runs) md << " " << r.key << " |";
  md << "\n|---|---|";
  for (std::size_t i = 0; i < runs.size(); ++i) md << "---|";
  md << "\n";
  for (const auto& [kind, n] : kinds) {
    md << "| " << kind << " | " << n << " |";
    for (const auto& r : runs) {
      const auto it = r.by_kind.find(kind);
      md << " " << (it == r.by_kind.end() ? "" : fixed(it->second.percentile(0.5), 3)) << " |";
    }
    md << "\n";
  }
  md << "\nTargets:\n\n| target | measured | met |\n|---|---|---|\n";
  const auto verdict = [](bool ok) { return ok ? "yes" : "**no**"; };
  if (amparo) {
    const double p99 = amparo->all.percentile(0.99);
    md << "| in-process p99 ≤ 1 ms | " << fixed(p99, 3) << " ms | " << verdict(p99 <= 1.0)
       << " |\n";
    for (const EngineRun* peer : {sqlite, postgres}) {
      if (!peer) continue;
      const double x1 = amparo->qps1 / peer->qps1, x2 = amparo->qps2 / peer->qps2;
      md << "| ≥ 10× the queries/s of " << peer->key << " | " << fixed(x1, 1) << "× (1 thread), "
         << fixed(x2, 1) << "× (2 threads) | " << verdict(x1 >= 10 && x2 >= 10) << " |\n";
    }
    const double rss_mb = static_cast<double>(rss_after_kb) / 1024.0;
    md << "| ≤ 300 MB RSS | " << fixed(rss_mb, 0) << " MB process RSS after the build ("
       << fixed(static_cast<double>(rss_after_kb - std::min(rss_after_kb, rss_before_kb)) / 1024.0,
                0)
       << " MB for the index, the rest is the documents and the program; peak "
       << fixed(static_cast<double>(hwm_kb) / 1024.0, 0) << " MB) | " << verdict(rss_mb <= 300)
       << " |\n";
    md << "| index build ≤ 3 s | " << fixed(amparo->build_seconds, 2) << " s | "
       << verdict(amparo->build_seconds <= 3) << " |\n";
  } else {
    md << "| in-process targets | amparo's index was not run | — |\n";
  }
  md << "\n#### Agreement\n\n";
  if (amparo && sqlite) {
    md << agreement(*amparo, *sqlite, queries, corpus, 12) << "\n";
  } else {
    md << "amparo vs sqlite: not compared (amparo's index was not run).\n\n";
  }
  if (postgres && sqlite) md << agreement(*postgres, *sqlite, queries, corpus, 6) << "\n";

  if (!options.per_query.empty()) {
    std::ofstream out(options.per_query, std::ios::trunc);
    out << "id\tkind\ttext\tengine\ttotal\tp50_ms\tmax_ms\n";
    for (const auto& r : runs) {
      for (std::size_t i = 0; i < queries.size(); ++i) {
        const auto& l = r.by_query[i];
        out << queries[i].id << '\t' << queries[i].kind << '\t' << queries[i].query.text << '\t'
            << r.key << '\t' << r.full[i].total << '\t' << fixed(l.percentile(0.5), 3) << '\t'
            << fixed(l.percentile(1.0), 3) << '\n';
      }
    }
  }
  if (!options.report.empty()) {
    std::ofstream out(options.report, std::ios::trunc);
    out << md.str();
    if (!out) {
      std::cerr << "search_bench: cannot write " << options.report << "\n";
      return 1;
    }
  } else {
    std::cout << md.str();
  }
  return failed ? 1 : 0;
}

}  // namespace
}  // namespace amparo::bench

int main(int argc, char** argv) {
  amparo::bench::Options o;
  CLI::App cli{"Search benchmark: amparo's index against SQLite and PostgreSQL on IRS EO BMF data"};
  cli.add_option("--irs", o.irs_dir, "Folder of IRS EO BMF *.csv.gz files")->required();
  cli.add_option("--zcta", o.zcta, "ZIP centroids (data/gazetteer/zcta.csv)")->required();
  cli.add_option("--queries", o.queries, "The query mix (bench/search/queries.tsv)");
  cli.add_option("--engines", o.engines, "Comma-separated: amparo, sqlite, postgres")
      ->capture_default_str();
  cli.add_option("--sqlite-db", o.sqlite_db, "SQLite file to create")->capture_default_str();
  cli.add_option("--pg", o.pg, "libpq connection string of an empty database");
  cli.add_option("--seconds", o.seconds, "Time per measurement")->capture_default_str();
  cli.add_option("--min-rounds", o.min_rounds, "Rounds of the mix at least")->capture_default_str();
  cli.add_option("--report", o.report, "Write the Markdown report here (default: stdout)");
  cli.add_option("--per-query", o.per_query, "Write each query's total and latencies here (TSV)");
  cli.add_option("--write-hsds", o.write_hsds, "Write the corpus as an HSDS datapackage and exit");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  if (o.write_hsds.empty() && o.queries.empty()) {
    std::cerr << "search_bench: --queries is required\n";
    return 2;
  }
  return amparo::bench::run_bench(o);
}
