#include "web/site.h"

#include <filesystem>
#include <ostream>

#include "core/file.h"
#include "directory/bundle.h"
#include "i18n/languages.h"
#include "web/api.h"

namespace amparo::web {
namespace {

// Fills a new database from <home>/data in one transaction.
Status fill_from_bundle(store::Store& db, const std::string& data_dir, std::ostream& log) {
  auto bundle = directory::load_bundle(data_dir);
  if (!bundle.ok()) return std::move(bundle).error();
  for (const auto& skipped : bundle->skipped) {
    log << "amparo: data: left out: " << skipped.to_string() << "\n";
  }
  store::ChangeSet changes;
  changes.upserts = std::move(bundle->records);
  std::string files;
  for (const auto& f : bundle->files) files += (files.empty() ? "" : ", ") + f;
  auto applied = db.apply(changes, {"setup", "import", "bundled data: " + files});
  if (!applied.ok()) return std::move(applied).error();
  return ok_status();
}

}  // namespace

std::string minify_css(std::string_view css) {
  std::string out;
  out.reserve(css.size());
  bool space = false;
  for (std::size_t i = 0; i < css.size(); ++i) {
    if (css.compare(i, 2, "/*") == 0) {
      const auto end = css.find("*/", i + 2);
      if (end == std::string_view::npos) break;
      i = end + 1;
      continue;
    }
    const char c = css[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty() &&
        std::string_view("{};,:>").find(out.back()) == std::string_view::npos &&
        std::string_view("{};,>").find(c) == std::string_view::npos) {
      out += ' ';
    }
    space = false;
    out += c;
  }
  return out;
}

std::string_view version() { return AMPARO_VERSION; }
std::string_view default_home() { return AMPARO_DEFAULT_HOME; }

Result<Site> open_site(const SiteOptions& options, std::ostream& log) {
  const std::string home = options.home.empty() ? std::string(default_home()) : options.home;
  const SystemClock system_clock;
  const Clock& clock = options.clock != nullptr ? *options.clock : system_clock;
  Site site;

  auto catalogs = i18n::Catalogs::load(home + "/i18n");
  if (!catalogs.ok()) return std::move(catalogs).error();
  site.catalogs = std::make_unique<i18n::Catalogs>(std::move(*catalogs));

  auto css = read_file(home + "/web/static/amparo.css");
  if (!css.ok()) return std::move(css).error();

  std::error_code ec;
  const bool in_memory = options.db_path == ":memory:";
  const bool existed = !in_memory && std::filesystem::exists(options.db_path, ec);
  auto db = store::open_sqlite(options.db_path);
  if (!db.ok()) return std::move(db).error();
  site.store = std::move(*db);
  if (!existed) {
    log << "amparo: creating " << options.db_path << " from " << home << "/data\n";
    auto filled = fill_from_bundle(*site.store, home + "/data", log);
    if (!filled.ok()) {
      site.store.reset();
      if (!in_memory) {
        for (const char* suffix : {"", "-wal", "-shm"}) {
          std::filesystem::remove(options.db_path + suffix, ec);
        }
      }
      return std::move(filled).error();
    }
    site.created = true;
  }

  std::vector<std::string> codes;
  for (const auto& l : i18n::languages()) codes.emplace_back(l.code);
  auto guide = guide::Guide::load(home + "/content", codes, clock.today());
  if (!guide.ok()) return std::move(guide).error();
  site.guide = std::make_unique<guide::Guide>(std::move(*guide));
  if (const int errors = site.guide->error_count(); errors > 0) {
    log << "amparo: guide: " << errors << " problem(s) in " << home
        << "/content; run 'amparo check' to see them\n";
  }

  SnapshotInputs& in = site.inputs;
  in.catalogs = site.catalogs.get();
  in.guide = site.guide.get();
  in.today = clock.today();
  auto counts = site.store->counts();
  if (!counts.ok()) return std::move(counts).error();
  in.counts = *counts;
  auto schema = site.store->schema_version();
  if (!schema.ok()) return std::move(schema).error();
  in.schema_version = *schema;
  in.site = options.site;
  in.css = minify_css(*css);
  in.version = std::string(version());

  // The help finder: the directory as pages read it, its search index, places, words and map.
  const std::string data_dir = home + "/data";
  auto gazetteer = directory::Gazetteer::load(data_dir);
  if (!gazetteer.ok()) return std::move(gazetteer).error();
  in.gazetteer = std::make_shared<const directory::Gazetteer>(std::move(*gazetteer));
  auto synonyms = directory::Synonyms::load(data_dir);
  if (!synonyms.ok()) return std::move(synonyms).error();
  in.synonyms = std::make_shared<const directory::Synonyms>(std::move(*synonyms));
  auto map = views::MapOutlines::load(data_dir);
  if (!map.ok()) return std::move(map).error();
  in.map = std::move(*map);
  auto hotlines = directory::load_hotlines(data_dir);
  if (!hotlines.ok()) return std::move(hotlines).error();
  in.listed_hotlines =
      std::make_shared<const std::vector<directory::Hotline>>(std::move(*hotlines));
  auto openapi = load_openapi(data_dir, in.version);
  if (!openapi.ok()) return std::move(openapi).error();
  in.openapi = std::move(*openapi);
  auto records = site.store->load_all();
  if (!records.ok()) return std::move(records).error();
  in.directory = directory::Directory::build(std::move(*records), in.gazetteer.get());
  in.index = directory::SearchIndex::build(in.directory->search_docs());

  auto snap = Snapshot::build(in);
  if (!snap.ok()) return std::move(snap).error();
  site.snapshot = std::move(*snap);
  return site;
}

DailyRefresh::DailyRefresh(Site& site, const Clock& clock,
                           std::function<void(std::shared_ptr<const Snapshot>)> on_swap,
                           std::ostream& log)
    : site_(site), clock_(clock), on_swap_(std::move(on_swap)), log_(log) {}

DailyRefresh::~DailyRefresh() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool DailyRefresh::check_now() {
  const Date today = clock_.today();
  if (site_.snapshot && site_.snapshot->built_for() == today) return false;
  SnapshotInputs in = site_.inputs;
  in.today = today;
  auto snap = Snapshot::build(in);
  if (!snap.ok()) {
    log_ << "amparo: could not rebuild the pages for " << today.to_string() << ": "
         << snap.error().to_string() << "\n";
    return false;
  }
  site_.inputs.today = today;
  site_.snapshot = *snap;
  if (on_swap_) on_swap_(std::move(*snap));
  return true;
}

void DailyRefresh::start() {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::minutes(1), [this] { return stopping_; })) {
      lock.unlock();
      check_now();
      lock.lock();
    }
  });
}

}  // namespace amparo::web
