#include "web/site.h"

#include <filesystem>
#include <ostream>

#include "core/file.h"
#include "directory/bundle.h"

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
  return db.apply(changes, {"setup", "import", "bundled data: " + files});
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

  SnapshotInputs in;
  in.catalogs = site.catalogs.get();
  auto counts = site.store->counts();
  if (!counts.ok()) return std::move(counts).error();
  in.counts = *counts;
  auto schema = site.store->schema_version();
  if (!schema.ok()) return std::move(schema).error();
  in.schema_version = *schema;
  in.site = options.site;
  in.css = minify_css(*css);
  in.version = std::string(version());
  auto snap = Snapshot::build(in);
  if (!snap.ok()) return std::move(snap).error();
  site.snapshot = std::move(*snap);
  return site;
}

}  // namespace amparo::web
