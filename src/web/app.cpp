#include "web/app.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>

#include "i18n/languages.h"
#include "web/api.h"
#include "web/router.h"
#include "web/views/views.h"

namespace amparo::web {
namespace {

using RouteFn = Response (*)(const Request&, const Snapshot&, const RouteParams&);

struct Route {
  std::string_view pattern;
  RouteFn serve;
};

constexpr std::string_view kPageCache = "public, max-age=300";

Response page_response(std::shared_ptr<const Body> body, std::string_view lang_code) {
  Response r;
  r.body = std::move(body);
  r.set_header("Cache-Control", std::string(kPageCache));
  r.set_header("Content-Language", std::string(i18n::find_language(lang_code)->html_lang));
  return r;
}

// "/" → "/{lang}/" by Accept-Language. 303 so the choice is never cached as permanent.
Response redirect_by_language(const Request& req, const Snapshot&, const RouteParams&) {
  const auto& lang = i18n::negotiate(req.header("accept-language"));
  const std::string to = "/" + std::string(lang.code) + "/";
  Response r = Response::text(303, "text/html; charset=utf-8",
                              "<!DOCTYPE html><title>amparo</title><a href=\"" + to + "\">" +
                                  std::string(lang.native_name) + "</a>\n");
  r.set_header("Location", to);
  r.set_header("Vary", "Accept-Language");
  r.set_header("Cache-Control", "no-cache");
  return r;
}

// "/es" → "/es/".
// Not found, in the language the browser asks for (the path names none of ours).
Response not_found_by_header(const Request& req, const Snapshot& s) {
  return error_response(s, 404, i18n::negotiate(req.header("accept-language")).code);
}

Response add_slash(const Request& req, const Snapshot& s, const RouteParams& p) {
  if (i18n::find_language(p.lang) == nullptr) return not_found_by_header(req, s);
  Response r = Response::text(308, "text/plain; charset=utf-8", "");
  r.set_header("Location", "/" + std::string(p.lang) + "/");
  return r;
}

Response serve_page(const Request& req, const Snapshot& s, const RouteParams& p) {
  if (i18n::find_language(p.lang) == nullptr) return not_found_by_header(req, s);
  auto body = s.page(req.path);
  if (!body) return error_response(s, 404, p.lang);
  return page_response(std::move(body), p.lang);
}

Response serve_health(const Request&, const Snapshot& s, const RouteParams&) {
  Response r;
  r.content_type = "application/json";
  r.body = s.health();
  r.set_header("Cache-Control", "no-store");
  return r;
}

views::PageContext context_for(const Snapshot& s, std::string_view lang, std::string_view slug) {
  return views::PageContext{*i18n::find_language(lang), s.catalogs(), s.css(), slug};
}

Response dynamic_page(const Request& req, std::string html, std::string_view lang,
                      std::string_view cache) {
  Response r;
  r.body = make_dynamic_body(std::move(html), req.header("accept-encoding"));
  r.set_header("Cache-Control", std::string(cache));
  r.set_header("Content-Language", std::string(i18n::find_language(lang)->html_lang));
  return r;
}

// A coordinate from a query parameter, rounded to 0.01° (about 1 km): "near me" never carries
// more than that, whatever the browser sent.
std::optional<double> coordinate(std::string_view text, double limit) {
  if (text.empty() || text.size() > 24) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v) ||
      std::fabs(v) > limit) {
    return std::nullopt;
  }
  return std::round(v * 100) / 100;
}

std::string limited(std::string_view v, std::size_t max) {
  return std::string(v.substr(0, std::min(v.size(), max)));
}

// /{lang}/help?q=&near=&service=&language=&facility=&free=&page=&lat=&lon=
Response serve_help(const Request& req, const Snapshot& s, const RouteParams& p) {
  if (i18n::find_language(p.lang) == nullptr) return not_found_by_header(req, s);
  if (s.directory() == nullptr || s.index() == nullptr) return error_response(s, 404, p.lang);
  const auto params = parse_query(req.query);
  views::HelpRequest hr;
  hr.q = limited(param(params, "q"), 256);
  hr.near = limited(param(params, "near"), 128);
  hr.service = limited(param(params, "service"), 40);
  hr.language = limited(param(params, "language"), 8);
  hr.facility = limited(param(params, "facility"), 16);
  hr.free = param(params, "free") == "1";
  const auto page_text = param(params, "page");
  std::size_t page = 1;
  if (!page_text.empty()) {
    const auto [end, ec] =
        std::from_chars(page_text.data(), page_text.data() + page_text.size(), page);
    if (ec != std::errc() || end != page_text.data() + page_text.size() || page < 1) page = 1;
    page = std::min<std::size_t>(page, 500);
  }
  hr.page = page;
  const auto lat = coordinate(param(params, "lat"), 90);
  const auto lon = coordinate(param(params, "lon"), 180);
  if (lat && lon) hr.point = directory::GeoPoint{*lat, *lon};

  directory::QueryInput in;
  in.q = hr.q;
  in.near = hr.near;
  in.point = hr.point;
  if (!hr.service.empty()) in.tags.push_back("service:" + hr.service);
  if (!hr.language.empty()) in.tags.push_back("language:" + hr.language);
  if (!hr.facility.empty()) in.tags.push_back("facility:" + hr.facility);
  if (hr.free) in.tags.emplace_back("free");
  in.page = hr.page;
  in.per_page = 20;
  directory::ParsedQuery parsed;
  const bool asked = !hr.q.empty() || !hr.near.empty() || !in.tags.empty() || hr.point;
  directory::SearchResult result;
  if (asked) {
    result = directory::parse_and_search(s.parser(), *s.index(), s.gazetteer(), in, parsed);
  } else {
    parsed = s.parser().parse(in);
  }
  const views::HelpPage page_in{*s.directory(), hr, parsed, result, s.map(), s.built_for()};
  return dynamic_page(req, views::render_help(context_for(s, p.lang, "help"), page_in), p.lang,
                      asked ? "no-store" : kPageCache);
}

// /{lang}/org/{id}
Response serve_org(const Request& req, const Snapshot& s, const RouteParams& p) {
  if (i18n::find_language(p.lang) == nullptr) return not_found_by_header(req, s);
  const auto* d = s.directory();
  const auto* listing = d == nullptr ? nullptr : d->find_listing(p.slug);
  if (listing == nullptr) return error_response(s, 404, p.lang);
  const std::string slug = "org/" + std::string(p.slug);
  return dynamic_page(req,
                      views::render_org(context_for(s, p.lang, slug), *d, *listing, s.built_for()),
                      p.lang, kPageCache);
}

// /{lang}/facility/{code}
Response serve_facility(const Request& req, const Snapshot& s, const RouteParams& p) {
  if (i18n::find_language(p.lang) == nullptr) return not_found_by_header(req, s);
  const auto* d = s.directory();
  const auto* facility = d == nullptr ? nullptr : d->find_facility(p.slug);
  if (facility == nullptr) return error_response(s, 404, p.lang);
  const std::string slug = "facility/" + std::string(p.slug);
  return dynamic_page(req, views::render_facility(context_for(s, p.lang, slug), *d, *facility),
                      p.lang, kPageCache);
}

// /{lang}/facilities?q=&state=
Response serve_facilities(const Request& req, const Snapshot& s, const RouteParams& p) {
  if (i18n::find_language(p.lang) == nullptr) return not_found_by_header(req, s);
  const auto* d = s.directory();
  if (d == nullptr) return error_response(s, 404, p.lang);
  const auto params = parse_query(req.query);
  const std::string q = limited(param(params, "q"), 100);
  const std::string state = limited(param(params, "state"), 4);
  return dynamic_page(req,
                      views::render_facilities(context_for(s, p.lang, "facilities"), *d, q, state),
                      p.lang, kPageCache);
}

constexpr Route kRoutes[] = {
    {"/", redirect_by_language},
    {"/healthz", serve_health},
    // The HSDS 3.0 API (api.cpp); its errors are JSON.
    {"/api", api_add_slash},
    {"/api/", api_root},
    {"/api/openapi.json", api_openapi},
    {"/api/services", api_services},
    {"/api/services/{id}", api_service},
    {"/api/organizations", api_organizations},
    {"/api/organizations/{id}", api_organization},
    {"/api/service_at_locations", api_service_at_locations},
    {"/api/service_at_locations/{id}", api_service_at_location},
    {"/api/taxonomies", api_taxonomies},
    {"/api/taxonomies/{id}", api_taxonomy},
    {"/api/taxonomy_terms", api_taxonomy_terms},
    {"/api/taxonomy_terms/{id}", api_taxonomy_term},
    {"/{lang}", add_slash},
    {"/{lang}/", serve_page},
    {"/{lang}/about", serve_page},
    {"/{lang}/languages", serve_page},
    {"/{lang}/guide", add_slash},
    {"/{lang}/guide/", serve_page},
    {"/{lang}/guide/{slug}", serve_page},
    {"/{lang}/help", serve_help},
    {"/{lang}/org/{slug}", serve_org},
    {"/{lang}/facility/{slug}", serve_facility},
    {"/{lang}/facilities", serve_facilities},
    {"/{lang}/hotlines", serve_page},
};

// The language of a path's first segment, when it names one of ours.
std::string_view language_of_path(std::string_view path) {
  if (path.size() < 2 || path[0] != '/') return {};
  const auto end = path.find('/', 1);
  const auto seg = path.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1);
  return i18n::find_language(seg) != nullptr ? seg : std::string_view();
}

}  // namespace

Response error_response(const Snapshot& snapshot, int status, std::string_view lang_code) {
  Response r;
  r.status = status;
  r.body = snapshot.error_page(status, lang_code);
  r.set_header("Cache-Control", "no-store");
  r.route = "-";
  return r;
}

Response App::handle(const Request& request) const {
  const auto snap = snapshot_.load();
  // The API's paths are answered by its routes only ("/api/help" is no help page).
  const bool api = is_api_path(request.path);
  for (const auto& route : kRoutes) {
    if (is_api_path(route.pattern) != api) continue;
    RouteParams params;
    if (!match_route(route.pattern, request.path, params)) continue;
    if (request.method != Method::kGet && request.method != Method::kHead) {
      Response r = api ? api_error(405, "only GET and HEAD are allowed")
                       : error_response(*snap, 405, language_of_path(request.path));
      r.set_header("Allow", "GET, HEAD");
      r.route = std::string(route.pattern);
      return r;
    }
    Response r = route.serve(request, *snap, params);
    r.route = std::string(route.pattern);
    return r;
  }
  if (api) {
    Response r = api_error(404, "no such API path; see /api/openapi.json");
    r.route = "-";
    return r;
  }
  std::string_view lang = language_of_path(request.path);
  if (lang.empty()) lang = i18n::negotiate(request.header("accept-language")).code;
  return error_response(*snap, 404, lang);
}

Response App::error(int status, std::string_view accept_language) const {
  const auto snap = snapshot_.load();
  return error_response(*snap, status, i18n::negotiate(accept_language).code);
}

}  // namespace amparo::web
