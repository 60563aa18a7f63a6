// A local timing check of the search index (not a test): builds an index of synthetic documents
// shaped like the IRS list of exempt organizations (326,000 by default: a name, sometimes another
// name, keywords, a city and state, a short description, one point, a few tags) and times queries
// of each kind. Prints build time, memory and per-query p50/p99.
//
//   build/ci/tests/search_timing [documents] [queries per kind]
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "directory/search.h"

namespace {

using amparo::directory::GeoPoint;
using amparo::directory::SearchDoc;
using amparo::directory::SearchIndex;
using amparo::directory::SearchQuery;
using Clock = std::chrono::steady_clock;

// Words that recur in organization names, roughly most common first (the IRS list's own
// vocabulary is far larger; the rest are made-up words below).
const std::vector<std::string> kNameWords = {
    "inc",           "foundation",  "church",     "association", "of",          "the",
    "club",          "society",     "community",  "fund",        "council",     "center",
    "american",      "friends",     "ministries", "baptist",     "school",      "trust",
    "national",      "united",      "first",      "youth",       "parent",      "teacher",
    "organization",  "league",      "alliance",   "institute",   "services",    "health",
    "education",     "family",      "christian",  "veterans",    "post",        "lodge",
    "womens",        "childrens",   "arts",       "music",       "sports",      "athletic",
    "booster",       "historical",  "housing",    "development", "research",    "charitable",
    "memorial",      "scholarship", "legal",      "aid",         "immigration", "catholic",
    "charities",     "food",        "bank",       "refugee",     "mission",     "hope",
    "international", "network",     "project",    "program",     "global",      "county",
    "area",          "valley",      "new",        "life",        "faith",       "grace",
    "hospital",      "medical",     "care",       "home",        "animal",      "rescue"};
// Categories like the NTEE codes: each organization has one, as keywords and description.
const std::vector<std::string> kCategories = {"religion related spiritual development",
                                              "human services multipurpose",
                                              "education elementary secondary schools",
                                              "recreation sports leisure athletics",
                                              "philanthropy voluntarism grantmaking foundations",
                                              "health general rehabilitative",
                                              "arts culture humanities",
                                              "community improvement capacity building",
                                              "mutual membership benefit",
                                              "youth development",
                                              "housing shelter",
                                              "environmental quality protection beautification",
                                              "animal related",
                                              "public safety disaster preparedness relief",
                                              "food agriculture nutrition",
                                              "civil rights social action advocacy",
                                              "legal related crime courts",
                                              "employment job related",
                                              "mental health crisis intervention",
                                              "international foreign affairs national security",
                                              "science technology research institutes",
                                              "social science research institutes",
                                              "medical research",
                                              "diseases disorders medical disciplines"};
const std::vector<std::string> kTags = {
    "service:legal", "service:shelter", "service:food", "service:medical",    "free",
    "language:es",   "language:en",     "recognized",   "population:families"};

struct City {
  std::string name;
  std::string state;
  double lat;
  double lon;
};

std::string pseudo_word(std::mt19937& rng) {
  static const char* syllables[] = {"ka",  "lo",  "mi",  "ran", "del", "son", "ber", "ta",  "vi",
                                    "no",  "shi", "gar", "wel", "ton", "ma",  "rie", "co",  "lin",
                                    "har", "ris", "ste", "ven", "qui", "zo",  "pe",  "dra", "ful"};
  std::uniform_int_distribution<int> n(2, 4);
  std::uniform_int_distribution<std::size_t> s(0, std::size(syllables) - 1);
  std::string w;
  for (int k = n(rng); k > 0; --k) w += syllables[s(rng)];
  return w;
}

// Picks 0..n-1 with probability proportional to 1 / (rank + 1).
class Zipf {
 public:
  explicit Zipf(std::size_t n) {
    std::vector<double> w(n);
    for (std::size_t i = 0; i < n; ++i) w[i] = 1.0 / static_cast<double>(i + 1);
    dist_ = std::discrete_distribution<std::size_t>(w.begin(), w.end());
  }
  std::size_t operator()(std::mt19937& rng) { return dist_(rng); }

 private:
  std::discrete_distribution<std::size_t> dist_;
};

std::vector<SearchDoc> make_docs(std::size_t count) {
  std::mt19937 rng(42);
  std::vector<std::string> rare;  // surnames, place and proper names
  for (int k = 0; k < 200000; ++k) rare.push_back(pseudo_word(rng));
  // 3,000 cities across the continental US, a few big ones first.
  std::vector<City> cities = {
      {"new york", "ny", 40.71, -74.01},    {"los angeles", "ca", 34.05, -118.24},
      {"chicago", "il", 41.88, -87.63},     {"houston", "tx", 29.76, -95.37},
      {"phoenix", "az", 33.45, -112.07},    {"philadelphia", "pa", 39.95, -75.17},
      {"san antonio", "tx", 29.42, -98.49}, {"san diego", "ca", 32.72, -117.16},
      {"dallas", "tx", 32.78, -96.80},      {"el paso", "tx", 31.76, -106.49},
      {"tucson", "az", 32.22, -110.97},     {"miami", "fl", 25.77, -80.19}};
  std::uniform_real_distribution<double> lat(26, 48);
  std::uniform_real_distribution<double> lon(-123, -70);
  while (cities.size() < 3000)
    cities.push_back(City{rare[cities.size() * 31], "st", lat(rng), lon(rng)});
  Zipf pick_city(cities.size());
  Zipf pick_name_word(kNameWords.size());
  Zipf pick_rare(rare.size());
  Zipf pick_category(kCategories.size());
  Zipf pick_tag(kTags.size());
  std::uniform_int_distribution<int> pct(0, 99);
  std::normal_distribution<double> jitter(0, 0.1);
  std::vector<SearchDoc> docs(count);
  for (std::size_t i = 0; i < count; ++i) {
    SearchDoc& d = docs[i];
    const int words = 2 + pct(rng) % 4;
    for (int k = 0; k < words; ++k) {
      if (!d.name.empty()) d.name += ' ';
      d.name += pct(rng) < 55 ? kNameWords[pick_name_word(rng)] : rare[pick_rare(rng)];
    }
    if (pct(rng) < 15)
      d.alternate_name = "c/o " + rare[pick_rare(rng)] + " " + rare[pick_rare(rng)];
    const std::string& category = kCategories[pick_category(rng)];
    d.keywords = category;
    if (pct(rng) < 30) d.keywords += ", spanish";
    const City& c = cities[pick_city(rng)];
    d.places = c.name + ", " + c.state;
    d.description = "organization for " + category + " in " + c.name;
    d.points.push_back(GeoPoint{c.lat + jitter(rng), c.lon + jitter(rng)});
    for (int k = pct(rng) % 4; k > 0; --k) d.tags.push_back(kTags[pick_tag(rng)]);
    d.verified_days = 19000 + pct(rng) * 10;
  }
  return docs;
}

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// This thread's CPU time in milliseconds: on a shared machine, time spent waiting for a core is not
// the index's.
double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

void time_kind(const SearchIndex& index, const char* kind, const std::vector<SearchQuery>& queries,
               std::size_t repeat) {
  std::vector<double> times;
  std::vector<double> cpus;
  std::size_t hits = 0;
  const bool verbose = std::getenv("SEARCH_TIMING_VERBOSE") != nullptr;
  const char* only = std::getenv("SEARCH_TIMING_ONLY");  // time just the queries with this text
  for (const SearchQuery& q : queries) {
    if (only != nullptr && q.text != only) continue;
    std::vector<double> mine;
    std::size_t total = 0;
    for (std::size_t r = 0; r < repeat; ++r) {
      const auto t0 = Clock::now();
      const double c0 = cpu_ms();
      const auto result = index.search(q);
      const double cpu = cpu_ms() - c0;
      mine.push_back(ms(Clock::now() - t0));
      cpus.push_back(cpu);
      total = result.total;
    }
    hits += total * repeat;
    times.insert(times.end(), mine.begin(), mine.end());
    if (verbose) {
      std::sort(mine.begin(), mine.end());
      std::printf("  %-24s %s  min %.3f  median %.3f ms  total %zu\n", q.text.c_str(),
                  q.near ? "near" : "    ", mine.front(), mine[mine.size() / 2], total);
    }
  }
  if (times.empty()) return;
  std::sort(times.begin(), times.end());
  std::sort(cpus.begin(), cpus.end());
  auto at = [](const std::vector<double>& v, double p) {
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
  };
  std::printf(
      "%-16s n=%5zu  wall p50 %.3f p99 %.3f max %.3f ms | cpu p50 %.3f p99 %.3f max %.3f ms  "
      "(mean total %zu)\n",
      kind, times.size(), at(times, 0.5), at(times, 0.99), times.back(), at(cpus, 0.5),
      at(cpus, 0.99), cpus.back(), hits / times.size());
}

long rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t count = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 326000;
  const std::size_t repeat = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 50;
  std::vector<SearchDoc> docs = make_docs(count);
  std::printf("documents: %zu, peak RSS before build %ld MB\n", docs.size(), rss_mb());
  const auto t0 = Clock::now();
  const auto index = SearchIndex::build(docs);
  std::printf("build: %.0f ms, index %.1f MB, peak RSS %ld MB\n", ms(Clock::now() - t0),
              static_cast<double>(index->memory_bytes()) / 1e6, rss_mb());

  auto text = [](std::string t) {
    SearchQuery q;
    q.text = std::move(t);
    return q;
  };
  auto near = [](std::string t, double lat, double lon, std::vector<std::string> tags = {}) {
    SearchQuery q;
    q.text = std::move(t);
    q.near = GeoPoint{lat, lon};
    q.tags = std::move(tags);
    return q;
  };
  const std::vector<SearchQuery> texts = {
      text("legal aid"),          text("immigration services"),
      text("catholic charities"), text("community church"),
      text("food bank"),          text("refugee legal services"),
      text("family foundation"),  text("baptist church")};
  const std::vector<SearchQuery> text_radius = {near("legal aid", 34.05, -118.24),
                                                near("immigration", 31.76, -106.49),
                                                near("church", 40.71, -74.01),
                                                near("food bank", 29.76, -95.37),
                                                near("refugee services", 32.72, -117.16),
                                                near("community center", 25.77, -80.19)};
  const std::vector<SearchQuery> radius_filters = {
      near("", 34.05, -118.24, {"service:legal"}), near("", 40.71, -74.01, {"free"}),
      near("", 31.76, -106.49, {"service:shelter", "language:es"}),
      near("", 29.76, -95.37, {"service:food"}), near("", 32.22, -110.97, {"recognized"})};
  const std::vector<SearchQuery> typos = {
      text("imigration"), text("fundation"),       text("comunity servises"), text("chruch"),
      text("assocation"), text("educaton center"), text("ministires"),        text("charitties")};
  const std::vector<SearchQuery> prefixes = {
      text("immig"), text("catholic char"), text("found"), text("legal a"),
      text("comm"),  text("refu"),          text("ch"),    text("e")};
  time_kind(*index, "text", texts, repeat);
  time_kind(*index, "text+radius", text_radius, repeat);
  time_kind(*index, "radius+filters", radius_filters, repeat);
  time_kind(*index, "typo", typos, repeat);
  time_kind(*index, "prefix", prefixes, repeat);
  std::printf("peak RSS %ld MB\n", rss_mb());
  return 0;
}
