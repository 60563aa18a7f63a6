// Routing, handlers and views, without a socket: handlers are pure functions of (request,
// snapshot).
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

#include "core/clock.h"
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

TEST(RouterTest, MatchesAnIdParameter) {
  RouteParams p;
  ASSERT_TRUE(match_route("/api/services/{id}", "/api/services/eoir-org-1-pro-bono", p));
  EXPECT_EQ(p.id, "eoir-org-1-pro-bono");
  EXPECT_TRUE(p.slug.empty());
  EXPECT_FALSE(match_route("/api/services/{id}", "/api/services/", p));
  EXPECT_FALSE(match_route("/api/services/{id}", "/api/services/a/b", p));
  EXPECT_FALSE(match_route("/api/services/{id}", "/api/services", p));
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

// Every page of the site in one language, after "/{lang}/": the first pages and the whole guide.
std::vector<std::string> all_slugs() {
  std::vector<std::string> out = {"", "about", "languages", "guide/"};
  for (const auto& s : test_site().guide->slugs()) out.push_back("guide/" + s);
  return out;
}

TEST(AppTest, ShippedContentHasNoErrors) {
  for (const auto& d : test_site().guide->diagnostics()) {
    EXPECT_FALSE(d.error) << d.to_string();
  }
  EXPECT_EQ(test_site().guide->slugs().size(), 12u);
}

// Regression guard for the reason the guide exists: the page it replaced told people to book CBP
// One appointments and apply for CHNV parole after both had ended. No current English page may tell
// a reader to do either (saying that one cannot is fine).
TEST(AppTest, NoCurrentPageTellsReadersToUseEndedPrograms) {
  const auto& g = *test_site().guide;
  const std::regex ended(
      R"((^|[.!] |>)(Book|Make|Schedule|Request|Get|Use the CBP One app to get) (a |an )?(CBP One )?appointment|(^|[.!] |>)Apply (for|to) (CHNV|parole))",
      std::regex::icase | std::regex::multiline);
  for (const auto& slug : g.slugs()) {
    const auto* a = g.find("en", slug);
    ASSERT_NE(a, nullptr) << slug;
    if (a->status != guide::Status::kCurrent) continue;
    EXPECT_FALSE(std::regex_search(a->html, ended)) << slug;
  }
}

TEST(AppTest, EveryLanguageHasEveryPage) {
  App app(test_site().snapshot);
  for (const auto& lang : i18n::languages()) {
    for (const auto& slug : all_slugs()) {
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
    for (const auto& slug : all_slugs()) {
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
    // Guide pages link to their sources (navigation), but load nothing: no src= anywhere.
    auto g = app.handle(get("/" + std::string(lang.code) + "/guide/credible-fear-interview"));
    EXPECT_EQ(g.body->identity.find(" src="), std::string::npos) << lang.code;
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

namespace amparo::web {
namespace {

namespace fs = std::filesystem;

// A home folder with the real catalogs, stylesheet and data, and the small fixture guide (en, es).
class GuidePagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One folder per process: ctest runs each test in its own process, several at once.
    home_ = fs::temp_directory_path() / ("amparo-guide-pages-home-" + std::to_string(::getpid()));
    fs::remove_all(home_);
    fs::create_directories(home_ / "content");
    const fs::path src(AMPARO_SOURCE_DIR);
    for (const char* d : {"i18n", "data", "web"}) fs::create_directory_symlink(src / d, home_ / d);
    fs::copy(src / "tests/fixtures/guide/good", home_ / "content", fs::copy_options::recursive);
  }
  static void TearDownTestSuite() { fs::remove_all(home_); }

  Site open_at(FixedClock& clock) {
    SiteOptions o;
    o.home = home_.string();
    o.db_path = ":memory:";
    o.clock = &clock;
    std::ostringstream log;
    auto s = open_site(o, log);
    EXPECT_TRUE(s.ok()) << s.error().to_string();
    return std::move(*s);
  }
  static fs::path home_;
};
fs::path GuidePagesTest::home_;

std::string page_text(const App& app, const std::string& path) {
  Request r;
  r.path = path;
  r.target = path;
  auto resp = app.handle(r);
  EXPECT_EQ(resp.status, 200) << path;
  return resp.body ? resp.body->identity : "";
}

TEST_F(GuidePagesTest, ArticleShowsDateSourcesHelpAndOtherLanguages) {
  auto clock = FixedClock::at(*Date::parse("2026-08-01"));
  Site site = open_at(clock);
  App app(site.snapshot);
  const auto html = page_text(app, "/en/guide/first");
  EXPECT_NE(html.find("<h1>First page</h1>"), std::string::npos);
  EXPECT_NE(html.find("Information as of July 27, 2026"), std::string::npos);
  EXPECT_NE(html.find("datetime=\"2026-07-27\""), std::string::npos);
  EXPECT_NE(html.find("href=\"https://www.uscis.gov/humanitarian/refugees-asylum/asylum/"
                      "questions-answers-credible-fear-screening\" rel=\"noreferrer\""),
            std::string::npos);
  EXPECT_NE(html.find("href=\"/en/guide/getting-legal-help\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/es/guide/first\""), std::string::npos);
  EXPECT_EQ(html.find("may be out of date"), std::string::npos);
  EXPECT_EQ(html.find("policy that has ended"), std::string::npos);
  EXPECT_EQ(html.find("translated by a machine"), std::string::npos);
}

TEST_F(GuidePagesTest, DatesAreWrittenTheWayEachLanguageWritesThem) {
  auto clock = FixedClock::at(*Date::parse("2026-08-01"));
  Site site = open_at(clock);
  App app(site.snapshot);
  EXPECT_NE(page_text(app, "/es/guide/first").find("27 de julio de 2026"), std::string::npos);
}

TEST_F(GuidePagesTest, StaleBannerAppearsAfterReviewByAndOnTheDayItPasses) {
  auto clock = FixedClock::at(*Date::parse("2026-10-27"));
  Site site = open_at(clock);
  App app(site.snapshot);
  EXPECT_EQ(page_text(app, "/en/guide/first").find("may be out of date"), std::string::npos);

  DailyRefresh refresh(
      site, clock, [&app](auto s) { app.swap(std::move(s)); }, std::cerr);
  EXPECT_FALSE(refresh.check_now());  // same day: nothing to do
  clock.advance(std::chrono::hours(24));
  EXPECT_TRUE(refresh.check_now());
  const auto html = page_text(app, "/en/guide/first");
  EXPECT_NE(html.find("This page may be out of date. It was last checked on July 27, 2026."),
            std::string::npos);
}

TEST_F(GuidePagesTest, HistoricalAndMachineTranslationBanners) {
  auto clock = FixedClock::at(*Date::parse("2026-08-01"));
  Site site = open_at(clock);
  App app(site.snapshot);
  EXPECT_NE(page_text(app, "/en/guide/second").find("This describes a policy that has ended."),
            std::string::npos);
  const auto es = page_text(app, "/es/guide/first");
  EXPECT_NE(es.find("class=\"banner machine\""), std::string::npos);
  EXPECT_EQ(es.find("translated by a machine"), std::string::npos);  // it says so in Spanish
}

TEST_F(GuidePagesTest, IndexListsCurrentArticlesThenEndedPolicies) {
  auto clock = FixedClock::at(*Date::parse("2026-08-01"));
  Site site = open_at(clock);
  App app(site.snapshot);
  const auto html = page_text(app, "/en/guide/");
  const auto first = html.find("First page");
  const auto ended = html.find("Policies that have ended");
  const auto second = html.find("Second page");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(ended, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, ended);
  EXPECT_LT(ended, second);
  Request r;
  r.path = "/en/guide";
  auto redirect = app.handle(r);
  EXPECT_EQ(redirect.status, 308);
}

}  // namespace
}  // namespace amparo::web
