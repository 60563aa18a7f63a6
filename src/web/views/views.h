// View functions: HTML pages written with the escaping HtmlWriter. Pure functions of their inputs;
// called when a snapshot is built, never per request for static pages.
#pragma once

#include <string>
#include <string_view>

#include "core/date.h"
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
// 400, 404, 405, 413, 431, 500, 503; any other status renders as 500.
std::string render_error(const PageContext& ctx, int status);

}  // namespace amparo::web::views
