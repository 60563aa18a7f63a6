// Routing, handlers and views, without a socket: handlers are pure functions of (request,
// snapshot).
#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "i18n/languages.h"
#include "web/app.h"
#include "web/router.h"
#include "web/site.h"
#include "web/snapshot.h"

namespace amparo::web {
namespace {

const Site& test_site() {
  static const Site* site = [] {
    SiteOptions o;
    o.home = AMPARO_SOURCE_DIR;
    o.db_path = ":memory:";
    std::ostringstream log;
    auto s = open_site(o, log);
    if (!s.ok()) {
      ADD_FAILURE() << s.error().to_string();
      std::abort();
    }
    return new Site(std::move(*s));
  }();
  return *site;
}

Request get(std::string path, std::string accept_language = "") {
  Request r;
  r.method = Method::kGet;
  r.target = path;
  r.path = std::move(path);
  if (!accept_language.empty())
    r.headers.emplace_back("accept-language", std::move(accept_language));
  return r;
}

std::string_view header_of(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

std::size_t gzip_size(const std::string& s) {
  uLongf n = compressBound(static_cast<uLong>(s.size()));
  std::string out(n, '\0');
  compress2(reinterpret_cast<Bytef*>(out.data()), &n, reinterpret_cast<const Bytef*>(s.data()),
            static_cast<uLong>(s.size()), 9);
  return n;
}

TEST(RouterTest, MatchesLiteralsAndLanguageParameter) {
  RouteParams p;
  EXPECT_TRUE(match_route("/healthz", "/healthz", p));
  EXPECT_FALSE(match_route("/healthz", "/healthz/", p));
  ASSERT_TRUE(match_route("/{lang}/about", "/prs/about", p));
  EXPECT_EQ(p.lang, "prs");
  EXPECT_FALSE(match_route("/{lang}/about", "//about", p));
  EXPECT_FALSE(match_route("/{lang}/", "/es", p));
  EXPECT_TRUE(match_route("/{lang}", "/es", p));
  EXPECT_FALSE(match_route("/{lang}", "/es/x", p));
}

TEST(AppTest, RootRedirectsByAcceptLanguage) {
  App app(test_site().snapshot);
  struct Case {
    const char* header;
    const char* location;
  };
  for (const Case& c : {Case{"es-MX,es;q=0.9,en;q=0.5", "/es/"}, Case{"fa-AF", "/prs/"},
                        Case{"ps", "/ps/"}, Case{"de-DE", "/en/"}, Case{"", "/en/"},
                        Case{"en;q=0.2, ht;q=0.8", "/ht/"}, Case{"zh-TW", "/zh/"}}) {
    auto r = app.handle(get("/", c.header));
    EXPECT_EQ(r.status, 303) << c.header;
    EXPECT_EQ(header_of(r, "Location"), c.location) << c.header;
    EXPECT_EQ(header_of(r, "Vary"), "Accept-Language");
  }
}

TEST(AppTest, EveryLanguageHasHomeAboutAndLanguagePages) {
  App app(test_site().snapshot);
  for (const auto& lang : i18n::languages()) {
    for (const char* slug : {"", "about", "languages"}) {
      const std::string path = "/" + std::string(lang.code) + "/" + slug;
      auto r = app.handle(get(path));
      ASSERT_EQ(r.status, 200) << path;
      ASSERT_TRUE(r.body) << path;
      const auto& html = r.body->identity;
      const std::string open = "<html lang=\"" + std::string(lang.html_lang) + "\" dir=\"" +
                               std::string(lang.dir_attr()) + "\">";
      EXPECT_NE(html.find(open), std::string::npos) << path;
      EXPECT_FALSE(r.body->gzip.empty());
      EXPECT_FALSE(r.body->brotli.empty());
      EXPECT_FALSE(r.body->etag.empty());
    }
  }
}

TEST(AppTest, RightToLeftLanguagesRenderRightToLeft) {
  App app(test_site().snapshot);
  for (const char* code : {"ar", "prs", "ps"}) {
    auto r = app.handle(get("/" + std::string(code) + "/"));
    EXPECT_NE(r.body->identity.find("dir=\"rtl\""), std::string::npos) << code;
  }
  auto fa = app.handle(get("/prs/"));
  EXPECT_NE(fa.body->identity.find("lang=\"fa-AF\""), std::string::npos);
  auto es = app.handle(get("/es/"));
  EXPECT_EQ(es.body->identity.find("dir=\"rtl\""), std::string::npos);
}

TEST(AppTest, PagesAreTranslatedNotEnglish) {
  App app(test_site().snapshot);
  auto en = app.handle(get("/en/"));
  for (const auto& lang : i18n::languages()) {
    if (lang.code == "en") continue;
    auto r = app.handle(get("/" + std::string(lang.code) + "/"));
    EXPECT_EQ(r.body->identity.find("This is not legal advice."), std::string::npos) << lang.code;
  }
  EXPECT_NE(en.body->identity.find("This is not legal advice."), std::string::npos);
}

TEST(AppTest, LanguagePickerListsEachLanguageInItsOwnName) {
  App app(test_site().snapshot);
  auto r = app.handle(get("/en/languages"));
  for (const auto& lang : i18n::languages()) {
    EXPECT_NE(r.body->identity.find(std::string(lang.native_name)), std::string::npos) << lang.code;
    EXPECT_NE(r.body->identity.find("href=\"/" + std::string(lang.code) + "/\""),
              std::string::npos);
  }
}

TEST(AppTest, FirstViewFitsInFourteenKilobytesCompressed) {
  App app(test_site().snapshot);
  for (const auto& lang : i18n::languages()) {
    for (const char* slug : {"", "about", "languages"}) {
      auto r = app.handle(get("/" + std::string(lang.code) + "/" + slug));
      EXPECT_LE(gzip_size(r.body->identity), 14u * 1024u) << lang.code << "/" << slug;
      EXPECT_LE(r.body->brotli.size(), 14u * 1024u);
    }
  }
}

TEST(AppTest, PagesLoadNothingFromElsewhere) {
  App app(test_site().snapshot);
  const std::regex external(R"((src|href|action)="(https?:)?//)");
  for (const auto& lang : i18n::languages()) {
    auto r = app.handle(get("/" + std::string(lang.code) + "/about"));
    EXPECT_FALSE(std::regex_search(r.body->identity, external)) << lang.code;
    EXPECT_EQ(r.body->identity.find("<script"), std::string::npos);
  }
}

TEST(AppTest, InlineStyleIsAllowedByItsHashOnly) {
  const auto& csp = test_site().snapshot->content_security_policy();
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos);
  EXPECT_NE(csp.find("'sha256-"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
}

TEST(AppTest, UnknownPagesGetLocalizedNotFound) {
  App app(test_site().snapshot);
  auto r = app.handle(get("/es/no-such-page"));
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body->identity.find("lang=\"es\""), std::string::npos);
  auto x = app.handle(get("/xx/"));
  EXPECT_EQ(x.status, 404);
  auto by_header = app.handle(get("/nothing", "ar"));
  EXPECT_EQ(by_header.status, 404);
  EXPECT_NE(by_header.body->identity.find("dir=\"rtl\""), std::string::npos);
}

TEST(AppTest, OtherMethodsGetMethodNotAllowedWithAllow) {
  App app(test_site().snapshot);
  auto req = get("/es/about");
  req.method = Method::kPost;
  auto r = app.handle(req);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(header_of(r, "Allow"), "GET, HEAD");
  EXPECT_EQ(r.route, "/{lang}/about");
}

TEST(AppTest, LanguageWithoutSlashRedirects) {
  App app(test_site().snapshot);
  auto r = app.handle(get("/tr"));
  EXPECT_EQ(r.status, 308);
  EXPECT_EQ(header_of(r, "Location"), "/tr/");
}

TEST(AppTest, HealthReportsVersionAndRecordCounts) {
  App app(test_site().snapshot);
  auto r = app.handle(get("/healthz"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  const auto& j = r.body->identity;
  EXPECT_NE(j.find("\"status\":\"ok\""), std::string::npos) << j;
  EXPECT_NE(j.find("\"version\":\"" + std::string(version()) + "\""), std::string::npos) << j;
  EXPECT_NE(j.find("\"facilities\":842"), std::string::npos) << j;
}

TEST(AppTest, AboutPageCreditsBundledDataWithCount) {
  App app(test_site().snapshot);
  auto r = app.handle(get("/en/about"));
  EXPECT_NE(r.body->identity.find("842 immigration detention facilities"), std::string::npos);
}

TEST(AppTest, AboutPageEscapesOperatorText) {
  const auto& base = test_site();
  SnapshotInputs in;
  in.catalogs = base.catalogs.get();
  in.site.operator_name = "<b>Casa</b> & \"Friends\"";
  in.css = "body{}";
  auto snap = Snapshot::build(in);
  ASSERT_TRUE(snap.ok());
  App app(*snap);
  auto r = app.handle(get("/en/about"));
  EXPECT_NE(r.body->identity.find("&lt;b&gt;Casa&lt;/b&gt; &amp; &quot;Friends&quot;"),
            std::string::npos);
}

TEST(AppTest, SwapServesTheNewSnapshot) {
  const auto& base = test_site();
  App app(base.snapshot);
  SnapshotInputs in;
  in.catalogs = base.catalogs.get();
  in.counts.facilities = 3;
  in.css = "body{}";
  auto next = Snapshot::build(in);
  ASSERT_TRUE(next.ok());
  app.swap(*next);
  auto r = app.handle(get("/en/about"));
  EXPECT_NE(r.body->identity.find("3 immigration detention facilities"), std::string::npos);
}

}  // namespace
}  // namespace amparo::web

namespace amparo::web {
namespace {

TEST(MinifyCssTest, DropsCommentsAndNeedlessSpaceKeepsNeededSpace) {
  EXPECT_EQ(minify_css("/* note */\nheader nav a { color: red ;}\n.a,.b{margin:0 auto}"),
            "header nav a{color:red;}.a,.b{margin:0 auto}");
  EXPECT_EQ(minify_css("body{font:1rem/1.6 system-ui,sans-serif}"),
            "body{font:1rem/1.6 system-ui,sans-serif}");
}

}  // namespace
}  // namespace amparo::web
