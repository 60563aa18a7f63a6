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
  std::size_t slices = 5;
};

// An engine under measurement: its sessions (one for the single-thread runs, one per thread for the
// two-thread runs) and what has been measured so far.
struct Contender {
  std::unique_ptr<Engine> engine;
  EngineRun run;
  std::unique_ptr<Session> session;
  std::vector<std::unique_ptr<Session>> pair;
  std::size_t count1 = 0, count2 = 0;
  double seconds1 = 0, seconds2 = 0;
};

constexpr int kThreads = 2;

// Opens the sessions and runs every query untimed: once with no page limit (every match, for the
// agreement check) and once as measured, which warms every cache and prepares every statement.
Status prepare(Contender& c, const std::vector<BenchQuery>& queries, std::size_t corpus_size) {
  for (int t = 0; t <= kThreads; ++t) {
    auto s = c.engine->open();
    if (!s.ok()) return std::move(s).error();
    (t == 0 ? c.session : c.pair.emplace_back()) = std::move(*s);
  }
  for (const auto& q : queries) {
    BenchQuery all = q;
    all.query.limit = corpus_size;
    auto a = c.session->run(all);
    if (!a.ok()) return make_error(a.error().code, q.id + ": " + a.error().message);
    c.run.full.push_back(std::move(*a));
  }
  for (const auto& q : queries) {
    for (int t = 0; t <= kThreads; ++t) {
      auto a = (t == 0 ? c.session : c.pair[static_cast<std::size_t>(t - 1)])->run(q);
      if (!a.ok()) return make_error(a.error().code, q.id + ": " + a.error().message);
      if (t == 0) c.run.page.push_back(std::move(*a));
    }
  }
  c.run.by_query.resize(queries.size());
  return ok_status();
}

// One thread: whole rounds of the mix in file order, each query timed, for `seconds` (at least one
// round).
Status one_thread(Contender& c, const std::vector<BenchQuery>& queries, double seconds) {
  const auto start = Clock::now();
  do {
    for (std::size_t i = 0; i < queries.size(); ++i) {
      const auto& q = queries[i];
      const auto t0 = Clock::now();
      auto a = c.session->run(q);
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      if (!a.ok()) return make_error(a.error().code, q.id + ": " + a.error().message);
      c.run.all.ms.push_back(ms);
      c.run.by_kind[q.kind].ms.push_back(ms);
      c.run.by_query[i].ms.push_back(ms);
    }
    c.count1 += queries.size();
    ++c.run.rounds;
  } while (seconds_since(start) < seconds);
  c.seconds1 += seconds_since(start);
  return ok_status();
}

// Two threads, each with its own session and its own shuffled order, for `seconds`.
Status two_threads(Contender& c, const std::vector<BenchQuery>& queries, double seconds,
                   unsigned seed) {
  std::atomic<std::size_t> done{0};
  std::atomic<bool> failed{false};
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<std::size_t> order(queries.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::mt19937 rng(seed + static_cast<unsigned>(t));
      std::shuffle(order.begin(), order.end(), rng);
      Session& session = *c.pair[static_cast<std::size_t>(t)];
      std::size_t n = 0;
      for (std::size_t k = 0; n == 0 || seconds_since(start) < seconds; ++k) {
        if (!session.run(queries[order[k % order.size()]]).ok()) failed = true;
        ++n;
      }
      done += n;
    });
  }
  for (auto& th : threads) th.join();
  c.seconds2 += seconds_since(start);
  c.count2 += done.load();
  if (failed) return make_error(ErrorCode::kInternal, "a query failed on two threads");
  return ok_status();
}

// Runs the measurements in slices that alternate between the engines, so that whatever else the
// machine is doing weighs on all of them alike.
Status measure_all(std::vector<Contender>& contenders, const std::vector<BenchQuery>& queries,
                   const Options& options) {
  const double slice = options.seconds / static_cast<double>(options.slices);
  for (std::size_t s = 0; s < options.slices; ++s) {
    for (auto& c : contenders) AMPARO_RETURN_IF_ERROR(one_thread(c, queries, slice));
  }
  for (auto& c : contenders) {
    while (c.run.rounds < options.min_rounds) AMPARO_RETURN_IF_ERROR(one_thread(c, queries, 0));
    c.run.qps1 = static_cast<double>(c.count1) / c.seconds1;
  }
  for (std::size_t s = 0; s < options.slices; ++s) {
    for (auto& c : contenders) {
      AMPARO_RETURN_IF_ERROR(two_threads(c, queries, slice, static_cast<unsigned>(1000 * s)));
    }
  }
  for (auto& c : contenders) c.run.qps2 = static_cast<double>(c.count2) / c.seconds2;
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

  std::vector<Contender> contenders;
  std::size_t rss_before_kb = 0, rss_after_kb = 0, hwm_kb = 0, index_bytes = 0;
  bool failed = false;
  const auto add = [&](const std::string& key, std::unique_ptr<Engine> engine, EngineRun run) {
    Contender c;
    run.key = key;
    run.name = engine->name();
    c.engine = std::move(engine);
    c.run = std::move(run);
    std::cerr << c.run.name << ": first runs of " << queries.size() << " queries...\n";
    if (auto s = prepare(c, queries, corpus.docs.size()); !s.ok()) {
      std::cerr << "search_bench: " << c.run.name << ": " << s.error().to_string() << "\n";
      failed = true;
      return;
    }
    contenders.push_back(std::move(c));
  };
  const auto add_peer = [&](const std::string& key, Result<std::unique_ptr<Engine>> engine,
                            const BuildStats& stats) {
    if (!engine.ok()) {
      std::cerr << "search_bench: " << key << ": " << engine.error().to_string() << "\n";
      failed = true;
      return;
    }
    EngineRun run;
    run.build_seconds = stats.seconds;
    run.version = stats.version;
    run.size = fixed(static_cast<double>(stats.bytes) / 1048576.0, 0) + " MB on disk";
    std::cerr << stats.version << ": loaded in " << fixed(stats.seconds, 1) << " s\n";
    add(key, std::move(*engine), std::move(run));
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
    add("amparo", std::make_unique<AmparoEngine>(std::move(index)), std::move(run));
  }
  if (wants("sqlite")) {
    BuildStats stats;
    auto engine = build_sqlite_peer(options.sqlite_db, corpus, stats);
    add_peer("sqlite", std::move(engine), stats);
  }
  if (wants("postgres")) {
    if (options.pg.empty()) {
      std::cerr << "search_bench: PostgreSQL: no --pg connection string; skipped\n";
    } else {
      BuildStats stats;
      auto engine = build_postgres_peer(options.pg, corpus, stats);
      add_peer("postgres", std::move(engine), stats);
    }
  }

  std::cerr << "measuring " << contenders.size() << " engines in " << options.slices
            << " alternating slices of "
            << fixed(options.seconds / static_cast<double>(options.slices), 1)
            << " s, on 1 thread, then on 2...\n";
  if (auto s = measure_all(contenders, queries, options); !s.ok()) {
    std::cerr << "search_bench: " << s.error().to_string() << "\n";
    return 1;
  }
  std::vector<EngineRun> runs;
  for (auto& c : contenders) {
    std::cerr << c.run.key << ": p50 " << fixed(c.run.all.percentile(0.5), 3) << " ms, p99 "
              << fixed(c.run.all.percentile(0.99), 3) << " ms, " << fixed(c.run.qps1, 0)
              << " q/s on 1 thread, " << fixed(c.run.qps2, 0) << " q/s on 2 threads\n";
    runs.push_back(std::move(c.run));
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
  cli.add_option("--seconds", o.seconds, "Time per engine for each measurement (1 and 2 threads)")
      ->capture_default_str();
  cli.add_option("--min-rounds", o.min_rounds, "Rounds of the mix at least")->capture_default_str();
  cli.add_option("--slices", o.slices, "Alternating slices per measurement")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
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
