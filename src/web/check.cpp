#include "web/check.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <ostream>

#include "core/clock.h"
#include "directory/bundle.h"
#include "directory/hotlines.h"
#include "directory/terms.h"
#include "guide/guide.h"
#include "i18n/catalog.h"
#include "i18n/languages.h"
#include "store/store.h"
#include "web/site.h"
#include "web/snapshot.h"

namespace amparo::web {

CheckResult run_check(const CheckOptions& options, std::ostream& report) {
  CheckResult result;
  const std::string home = options.home.empty() ? std::string(default_home()) : options.home;
  auto error = [&](const std::string& what) {
    ++result.errors;
    report << "error: " << what << "\n";
  };
  auto warning = [&](const std::string& what) {
    ++result.warnings;
    report << "warning: " << what << "\n";
  };

  auto catalogs = i18n::Catalogs::load(home + "/i18n");
  if (!catalogs.ok()) {
    error("catalogs: " + catalogs.error().to_string());
  } else {
    for (const auto& c : catalogs->coverage()) {
      if (c.missing == 0) continue;
      std::string ids;
      for (std::size_t i = 0; i < c.missing_ids.size() && i < 3; ++i) {
        ids += (i ? "; \"" : "\"") + c.missing_ids[i] + "\"";
      }
      warning("catalogs: " + c.language + ": " + std::to_string(c.missing) + " of " +
              std::to_string(c.total) + " strings missing, shown in English (" + ids +
              (c.missing > 3 ? " ..." : "") + ")");
    }
  }

  const std::string css_path = home + "/web/static/amparo.css";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(css_path, ec))
    error(css_path + ": the stylesheet is missing");

  auto bundle = directory::load_bundle(home + "/data");
  if (!bundle.ok()) {
    error("data: " + bundle.error().to_string());
  } else {
    for (const auto& s : bundle->skipped) warning("data: " + s.to_string());
    const auto& r = bundle->records;
    const auto facilities = std::count_if(
        r.locations.begin(), r.locations.end(),
        [](const store::Location& l) { return l.external_identifier_type == "ice_facility_code"; });
    report << "data: " << r.organizations.size() << " organizations, " << r.services.size()
           << " services, " << r.phones.size() << " phones, " << facilities
           << " detention facilities from " << bundle->files.size() << " files; "
           << bundle->repaired << " rows repaired by rule, " << bundle->skipped.size()
           << " left out (run amparo import on a file to see each)\n";
    report << "data: " << bundle->unmatched_recognition.size()
           << " pro bono providers not matched to one DOJ roster entry by name and city\n";
    report << "data: " << bundle->border_2018_linked
           << " organizations of the 2018 border list linked to the same EOIR pro bono "
              "organization\n";
    report << "data: " << bundle->facilities_matched
           << " facilities served (2018 border list) matched to an ICE facility code, "
           << bundle->unmatched_facilities.size() << " kept as written\n";
    std::map<std::string, std::size_t> tagged;
    for (const auto& a : r.attributes) {
      if (a.link_entity == "service" &&
          directory::terms::find_term(a.taxonomy_term_id) != nullptr) {
        ++tagged[a.taxonomy_term_id];
      }
    }
    report << "data: services by term:";
    for (const auto& t : directory::terms::all_terms()) {
      report << " " << t.id << " " << tagged[std::string(t.id)];
    }
    report << "\n";
  }
  auto hotlines = directory::load_hotlines(home + "/data");
  if (!hotlines.ok()) {
    error("data: " + hotlines.error().to_string());
  } else {
    const auto blocked = std::count_if(hotlines->begin(), hotlines->end(), [](const auto& h) {
      return h.status == "reported-blocked";
    });
    report << "data: " << hotlines->size() << " free-call codes from " << directory::kHotlinesFile
           << " (" << blocked << " reported blocked)\n";
  }

  std::vector<std::string> codes;
  for (const auto& l : i18n::languages()) codes.emplace_back(l.code);
  const SystemClock clock;
  auto guide = guide::Guide::load(home + "/content", codes, clock.today());
  if (!guide.ok()) {
    error("guide: " + guide.error().to_string());
  } else {
    for (const auto& d : guide->diagnostics()) {
      ++(d.error ? result.errors : result.warnings);
      report << d.to_string() << "\n";
    }
    report << "guide: " << guide->article_count() << " articles (" << guide->slugs().size()
           << " in each of " << codes.size() << " languages expected)\n";
  }

  if (catalogs.ok()) {
    SnapshotInputs in;
    in.catalogs = &*catalogs;
    in.guide = guide.ok() ? &*guide : nullptr;
    in.today = clock.today();
    in.version = std::string(version());
    auto snap = Snapshot::build(in);
    if (!snap.ok()) {
      error("pages: " + snap.error().to_string());
    } else {
      report << "pages: " << (*snap)->page_count() << " pages render\n";
    }
  }

  if (!options.db_path.empty()) {
    store::SqliteOptions o;
    o.create_if_missing = false;
    auto db = store::open_sqlite(options.db_path, o);
    if (!db.ok()) {
      error("database: " + db.error().to_string());
    } else {
      auto v = (*db)->schema_version();
      auto counts = (*db)->counts();
      if (!v.ok() || !counts.ok()) {
        error("database: " + (!v.ok() ? v.error() : counts.error()).to_string());
      } else {
        report << "database: " << options.db_path << ": schema version " << *v << ", "
               << counts->organizations << " organizations, " << counts->locations
               << " locations\n";
      }
    }
  }

  report << "amparo check: " << result.errors << " error(s), " << result.warnings
         << " warning(s)\n";
  return result;
}

}  // namespace amparo::web
