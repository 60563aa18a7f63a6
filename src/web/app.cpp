#include "web/app.h"

#include <string>

#include "i18n/languages.h"
#include "web/router.h"

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

constexpr Route kRoutes[] = {
    {"/", redirect_by_language},
    {"/healthz", serve_health},
    {"/{lang}", add_slash},
    {"/{lang}/", serve_page},
    {"/{lang}/about", serve_page},
    {"/{lang}/languages", serve_page},
    {"/{lang}/guide", add_slash},
    {"/{lang}/guide/", serve_page},
    {"/{lang}/guide/{slug}", serve_page},
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
  for (const auto& route : kRoutes) {
    RouteParams params;
    if (!match_route(route.pattern, request.path, params)) continue;
    if (request.method != Method::kGet && request.method != Method::kHead) {
      Response r = error_response(*snap, 405, language_of_path(request.path));
      r.set_header("Allow", "GET, HEAD");
      r.route = std::string(route.pattern);
      return r;
    }
    Response r = route.serve(request, *snap, params);
    r.route = std::string(route.pattern);
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
