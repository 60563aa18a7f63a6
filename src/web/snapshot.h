// The snapshot: everything the public read path needs, built once from the store, catalogs and
// files and then never changed. Requests read it without locks; a rebuild makes a new one that is
// swapped in whole.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "core/date.h"
#include "core/result.h"
#include "directory/gazetteer.h"
#include "directory/listing.h"
#include "directory/search.h"
#include "guide/guide.h"
#include "i18n/catalog.h"
#include "store/records.h"
#include "web/http.h"
#include "web/views/map.h"
#include "web/views/views.h"

namespace amparo::web {

class ApiData;

struct SnapshotInputs {
  const i18n::Catalogs* catalogs = nullptr;  // required
  const guide::Guide* guide = nullptr;       // null: no guide pages
  Date today;  // decides which guide pages say they may be out of date
  store::RecordCounts counts;
  int schema_version = 0;
  views::SiteInfo site;
  std::string css;      // the stylesheet inlined into every page
  std::string version;  // amparo's version, for /healthz
  // The help finder (all null: no help finder pages). The index is built from the directory's
  // search documents; the parser reads the gazetteer and synonyms.
  std::shared_ptr<const directory::Directory> directory;
  std::shared_ptr<const directory::SearchIndex> index;
  std::shared_ptr<const directory::Gazetteer> gazetteer;
  std::shared_ptr<const directory::Synonyms> synonyms;
  std::shared_ptr<const views::MapOutlines> map;
  std::shared_ptr<const std::vector<directory::Hotline>> listed_hotlines;  // data/hotlines
  // The HSDS API's OpenAPI document (served at /api/openapi.json; empty: none). The API itself
  // exists when the directory does.
  std::string openapi;
};

class Snapshot {
 public:
  // Renders and compresses every static page in every language (compression on all cores). Fails
  // when an input is missing.
  static Result<std::shared_ptr<const Snapshot>> build(const SnapshotInputs& inputs);

  // The page at `path` ("/es/", "/es/about"), or null.
  std::shared_ptr<const Body> page(std::string_view path) const;
  // The error page for `status` in language `lang_code` (English when unknown).
  std::shared_ptr<const Body> error_page(int status, std::string_view lang_code) const;
  // The /healthz JSON document.
  const std::shared_ptr<const Body>& health() const { return health_; }
  // The Content-Security-Policy for every response: only this origin, the inline CSS by its hash.
  const std::string& content_security_policy() const { return csp_; }
  std::size_t page_count() const { return pages_.size(); }
  // The day the snapshot was built for (its "may be out of date" banners are right for this day).
  const Date& built_for() const { return built_for_; }

  // The help finder's parts; null when the snapshot has no directory.
  const directory::Directory* directory() const { return directory_.get(); }
  const directory::SearchIndex* index() const { return index_.get(); }
  const directory::QueryParser& parser() const { return parser_; }
  const directory::Gazetteer* gazetteer() const { return gazetteer_.get(); }
  const views::MapOutlines* map() const { return map_.get(); }
  // The HSDS API's data; null when the snapshot has no directory.
  const ApiData* api() const { return api_.get(); }
  const i18n::Catalogs& catalogs() const { return *catalogs_; }
  std::string_view css() const { return css_; }

 private:
  Snapshot() = default;
  std::map<std::string, std::shared_ptr<const Body>, std::less<>> pages_;
  std::map<std::pair<int, std::string>, std::shared_ptr<const Body>, std::less<>> errors_;
  std::shared_ptr<const Body> health_;
  std::string csp_;
  Date built_for_;
  std::shared_ptr<const directory::Directory> directory_;
  std::shared_ptr<const directory::SearchIndex> index_;
  std::shared_ptr<const directory::Gazetteer> gazetteer_;
  std::shared_ptr<const directory::Synonyms> synonyms_;
  std::shared_ptr<const views::MapOutlines> map_;
  std::shared_ptr<const ApiData> api_;
  directory::QueryParser parser_{nullptr, nullptr};
  const i18n::Catalogs* catalogs_ = nullptr;
  std::string css_;
};

// The statuses that have error pages.
inline constexpr int kErrorStatuses[] = {400, 404, 405, 413, 431, 500, 503};

}  // namespace amparo::web
