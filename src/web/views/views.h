// View functions: HTML pages written with the escaping HtmlWriter. Pure functions of their inputs;
// called when a snapshot is built, never per request for static pages.
#pragma once

#include <string>
#include <string_view>

#include "core/date.h"
#include "directory/hotlines.h"
#include "directory/listing.h"
#include "directory/search.h"
#include "guide/guide.h"
#include "i18n/catalog.h"
#include "i18n/languages.h"
#include "store/records.h"

namespace amparo::web::views {

// What every page of one language needs.
struct PageContext {
  const i18n::Language& lang;
  const i18n::Catalogs& catalogs;
  std::string_view css;   // the inline stylesheet
  std::string_view slug;  // the page's path after "/{lang}/": "" for home, "about", ...

  std::string_view tr(std::string_view msgid) const { return catalogs.tr(lang.code, msgid); }
};

// Who runs this server, as its administrator configured it (shown on the about page).
struct SiteInfo {
  std::string operator_name;
  std::string operator_contact;
};

// `has_guide`: whether the guide exists (the home page links to it).
std::string render_home(const PageContext& ctx, bool has_guide);
// One guide article. `today` decides the "may be out of date" banner.
std::string render_article(const PageContext& ctx, const guide::Article& article,
                           const Date& today);
// The guide's index in one language: current articles, then policies that have ended.
std::string render_guide_index(const PageContext& ctx, const guide::Guide& guide);
std::string render_about(const PageContext& ctx, const SiteInfo& site,
                         const store::RecordCounts& counts);
std::string render_languages(const PageContext& ctx);
struct MapOutlines;

// What the help page was asked, as typed (echoed into the form) and as understood.
struct HelpRequest {
  std::string q;
  std::string near;
  std::string service;   // an amparo-service code, or ""
  std::string language;  // a language code, or ""
  std::string facility;  // an ICE facility code, or ""
  bool free = false;
  std::size_t page = 1;
  std::optional<directory::GeoPoint> point;  // "near me", rounded to 0.01°
};

struct HelpPage {
  const directory::Directory& directory;
  const HelpRequest& request;
  const directory::ParsedQuery& parsed;
  const directory::SearchResult& result;
  const MapOutlines* map = nullptr;  // null: no map
  Date today;
};

// The help finder: the search form, the results (numbered, with distance, services, languages,
// phones and free-call codes), the map, paging, and what to try when nothing is found.
std::string render_help(const PageContext& ctx, const HelpPage& page);
// Everything about one organization, with its source and last verified date; printable.
std::string render_org(const PageContext& ctx, const directory::Directory& directory,
                       const directory::Listing& listing, const Date& today);
// One detention facility: address, field office, its court, who serves it, free-call codes.
std::string render_facility(const PageContext& ctx, const directory::Directory& directory,
                            const directory::Facility& facility);
// Facilities by state; `q` filters by name, city or code; `state` shows one state.
std::string render_facilities(const PageContext& ctx, const directory::Directory& directory,
                              std::string_view q, std::string_view state);
// National lines and free-call codes from detention phones, printable as a card.
// `listed`: codes a public page listed without naming who answers (data/hotlines), or null.
std::string render_hotlines(const PageContext& ctx, const directory::Directory& directory,
                            const std::vector<directory::Hotline>* listed);

// 400, 404, 405, 413, 431, 500, 503; any other status renders as 500.
std::string render_error(const PageContext& ctx, int status);

}  // namespace amparo::web::views
