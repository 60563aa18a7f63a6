// Start-up: opens the store (creating it and filling it from the bundled data on first run), loads
// the catalogs and stylesheet, and builds the first snapshot. Used by `amparo serve` and the tests.
#pragma once

#include <condition_variable>
#include <functional>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/result.h"
#include "guide/guide.h"
#include "i18n/catalog.h"
#include "store/store.h"
#include "web/snapshot.h"

namespace amparo::web {

// amparo's version ("0.1.0").
std::string_view version();

// The folder with content/, i18n/, data/ and web/ that a binary uses when none is given: the source
// tree it was built from.
std::string_view default_home();

// The stylesheet without comments and needless whitespace, as it is inlined into every page. Keeps
// the space a selector or value needs ("a b", "1rem/1.6 system-ui"); understands no strings with
// "/*".
std::string minify_css(std::string_view css);

struct SiteOptions {
  std::string home;     // empty: default_home()
  std::string db_path;  // SQLite file, or ":memory:"
  views::SiteInfo site;
  const Clock* clock = nullptr;  // null: the system clock
};

struct Site {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<i18n::Catalogs> catalogs;  // the snapshot's pages were rendered from these
  std::unique_ptr<guide::Guide> guide;
  SnapshotInputs inputs;  // what the snapshot was built from (points into catalogs and guide)
  std::shared_ptr<const Snapshot> snapshot;
  bool created = false;  // the database was created (and filled) by this call
};

// Opens everything needed to serve. Progress and warnings (rows of bundled data left out) go to
// `log`. On error nothing is left half-made: a database created by this call is removed again if
// filling it fails.
Result<Site> open_site(const SiteOptions& options, std::ostream& log);

// Rebuilds the snapshot when the day changes, so that "may be out of date" banners appear on the
// day a page's review_by passes. Checks once a minute on its own thread; check_now() does it at
// once.
class DailyRefresh {
 public:
  // `site` and `app` must outlive this object; `on_swap` is told each new snapshot (may be null).
  DailyRefresh(Site& site, const Clock& clock,
               std::function<void(std::shared_ptr<const Snapshot>)> on_swap, std::ostream& log);
  ~DailyRefresh();
  DailyRefresh(const DailyRefresh&) = delete;
  DailyRefresh& operator=(const DailyRefresh&) = delete;

  // Rebuilds if today differs from the current snapshot's day; returns whether it did.
  bool check_now();
  // Starts the once-a-minute thread.
  void start();

 private:
  Site& site_;
  const Clock& clock_;
  std::function<void(std::shared_ptr<const Snapshot>)> on_swap_;
  std::ostream& log_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace amparo::web
