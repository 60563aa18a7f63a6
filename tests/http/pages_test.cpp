// The site over a real socket: amparo's App behind the real server, queried with libcurl.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <map>
#include <sstream>

#include "i18n/languages.h"
#include "tests/http/http_client.h"
#include "web/app.h"
#include "web/server.h"
#include "web/site.h"

namespace amparo::web {
namespace {

using testing::on_header;
using testing::Reply;

class PagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    SiteOptions o;
    o.home = AMPARO_SOURCE_DIR;
    o.db_path = ":memory:";
    std::ostringstream log;
    auto s = open_site(o, log);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    site_ = new Site(std::move(*s));
    app_ = new App(site_->snapshot);
    ServerOptions so;
    so.listen = {"127.0.0.1", 0};
    so.content_security_policy = site_->snapshot->content_security_policy();
    auto server = start_server(so, *app_);
    ASSERT_TRUE(server.ok()) << server.error().to_string();
    server_ = server->release();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete app_;
    delete site_;
  }

  static Reply fetch(const std::string& path, std::vector<std::string> headers = {},
                     const char* method = nullptr) {
    return testing::fetch_from(server_->port(), path, headers, method);
  }

  static Site* site_;
  static App* app_;
  static Server* server_;
};

Site* PagesTest::site_ = nullptr;
App* PagesTest::app_ = nullptr;
Server* PagesTest::server_ = nullptr;

TEST_F(PagesTest, RootRedirectsToTheBrowsersLanguage) {
  auto r = fetch("/", {"Accept-Language: pt-BR,pt;q=0.9,en;q=0.8"});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.get("location"), "/pt/");
  auto none = fetch("/");
  EXPECT_EQ(none.get("location"), "/en/");
}

TEST_F(PagesTest, HomePageServedInAllElevenLanguages) {
  ASSERT_EQ(i18n::languages().size(), 11u);
  for (const auto& lang : i18n::languages()) {
    auto r = fetch("/" + std::string(lang.code) + "/");
    EXPECT_EQ(r.status, 200) << lang.code;
    EXPECT_NE(r.body.find("dir=\"" + std::string(lang.dir_attr()) + "\""), std::string::npos);
    EXPECT_EQ(r.get("content-language"), std::string(lang.html_lang));
  }
}

TEST_F(PagesTest, NoCookiesAndSecurityHeadersOnEveryPublicRoute) {
  for (const char* path :
       {"/", "/en/", "/ar/about", "/prs/languages", "/healthz", "/es/missing", "/zz/", "/es"}) {
    auto r = fetch(path);
    EXPECT_FALSE(r.has("set-cookie")) << path;
    EXPECT_EQ(r.get("x-content-type-options"), "nosniff") << path;
    EXPECT_EQ(r.get("referrer-policy"), "no-referrer") << path;
    const auto csp = r.get("content-security-policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << path;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path;
  }
}

TEST_F(PagesTest, CompressedAndRevalidated) {
  auto r = fetch("/fr/", {"Accept-Encoding: br, gzip"});
  EXPECT_EQ(r.get("content-encoding"), "br");
  const auto etag = r.get("etag");
  ASSERT_FALSE(etag.empty());
  auto again = fetch("/fr/", {"If-None-Match: " + etag});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST_F(PagesTest, HeadHasNoBody) {
  Reply r;
  CURL* c = curl_easy_init();
  const std::string url = "http://127.0.0.1:" + std::to_string(server_->port()) + "/es/";
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
  ASSERT_EQ(curl_easy_perform(c), CURLE_OK);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  curl_easy_cleanup(c);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.get("content-length"), "0");
}

TEST_F(PagesTest, ErrorsAreLocalizedPages) {
  auto r = fetch("/ar/nothing-here");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("dir=\"rtl\""), std::string::npos);
  auto post = fetch("/es/", {}, "POST");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.get("allow"), "GET, HEAD");
  auto bad = fetch("/es/%zz");
  EXPECT_EQ(bad.status, 400);
}

TEST_F(PagesTest, HealthIsJsonWithCounts) {
  auto r = fetch("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.get("content-type"), "application/json");
  EXPECT_NE(r.body.find("\"facilities\":842"), std::string::npos) << r.body;
}

// ---- The help finder ----

// Bytes of the gzip-compressed body (what a phone downloads).
std::size_t gzip_size(const std::string& body) {
  uLongf n = compressBound(static_cast<uLong>(body.size()));
  std::string out(n, '\0');
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  zs.avail_in = static_cast<uInt>(body.size());
  out.resize(deflateBound(&zs, static_cast<uLong>(body.size())));
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  const auto written = static_cast<std::size_t>(zs.total_out);
  deflateEnd(&zs);
  return written;
}

std::size_t count_of(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

TEST_F(PagesTest, HelpPageWithoutQuestionShowsTheForm) {
  for (const auto& lang : i18n::languages()) {
    auto r = fetch("/" + std::string(lang.code) + "/help");
    EXPECT_EQ(r.status, 200) << lang.code;
    EXPECT_NE(r.body.find("<form method=\"get\" action=\"/" + std::string(lang.code) + "/help\""),
              std::string::npos)
        << lang.code;
    EXPECT_EQ(r.body.find("<ol class=\"results\""), std::string::npos);
  }
}

TEST_F(PagesTest, HelpSearchByPlaceListsNumberedResultsWithAMap) {
  auto r = fetch("/es/help?q=abogado&near=El+Paso");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<ol class=\"results\""), std::string::npos);
  EXPECT_NE(r.body.find("id=\"r1\""), std::string::npos);
  EXPECT_NE(r.body.find("<svg"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#r1\""), std::string::npos);
  EXPECT_NE(r.body.find("Las Americas Immigrant Advocacy Center"), std::string::npos);
  EXPECT_NE(r.body.find(" km ("), std::string::npos);
  EXPECT_EQ(r.get("cache-control"), "no-store");  // a search says what someone needs
  EXPECT_FALSE(r.has("set-cookie"));
}

TEST_F(PagesTest, HelpResultsShowTelLinksAndSpeedDialCodes) {
  auto r = fetch("/en/help?facility=EAZ");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Florence Immigrant and Refugee Rights Project"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"tel:+1"), std::string::npos);
  EXPECT_NE(r.body.find("From a detention phone, dial 2150#"), std::string::npos);
}

TEST_F(PagesTest, TwentyResultPageStaysUnderFourteenKilobytes) {
  for (const char* path : {"/en/help?q=legal", "/ar/help?service=legal&page=2",
                           "/es/help?near=Los+Angeles", "/prs/help?q=%D9%88%DA%A9%DB%8C%D9%84"}) {
    auto r = fetch(path);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_EQ(count_of(r.body, "<li id=\"r"), 20u) << path;
    EXPECT_LE(gzip_size(r.body), 14u * 1024) << path;
  }
}

TEST_F(PagesTest, HelpPagingLinks) {
  auto first = fetch("/en/help?service=legal");
  EXPECT_NE(first.body.find("rel=\"next\""), std::string::npos);
  EXPECT_EQ(first.body.find("rel=\"prev\""), std::string::npos);
  auto second = fetch("/en/help?service=legal&page=2");
  EXPECT_NE(second.body.find("rel=\"prev\""), std::string::npos);
  EXPECT_NE(second.body.find("id=\"r21\""), std::string::npos);
  EXPECT_NE(second.body.find("start=\"21\""), std::string::npos);
}

TEST_F(PagesTest, HostileHelpQueriesGiveAPageNeverAnError) {
  const std::string big(10 * 1024, 'a');
  for (const std::string& path :
       {"/en/help?q=" + big, std::string("/en/help?q=%FF%FE%00"), std::string("/en/help?q=%00"),
        std::string("/en/help?q=%27%3B+DROP+TABLE+organization%3B--"),
        std::string("/ar/help?q=%E2%80%8F%D9%85%D8%AD%D8%A7%D9%85%D9%8A%E2%80%8E"),
        std::string("/en/help?page=99999999999999999999"), std::string("/en/help?page=-1"),
        std::string("/en/help?lat=999&lon=abc"), std::string("/en/help?near=%00%00"),
        std::string("/en/help?q=<script>alert(1)</script>"), std::string("/en/help?q&&&=&q=x")}) {
    auto r = fetch(path);
    EXPECT_EQ(r.status, 200) << path.substr(0, 80);
    EXPECT_EQ(r.body.find("<script>alert"), std::string::npos);
  }
}

TEST_F(PagesTest, NothingFoundSaysWhatToTryNext) {
  auto r = fetch("/en/help?q=zzzzqqqq");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Nothing found"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/en/hotlines\""), std::string::npos);
}

TEST_F(PagesTest, OrganizationPageShowsSourceAndDate) {
  auto r = fetch("/es/org/eoir-org-florence-immigrant-and-refugee-rights-project");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("DOJ/EOIR List of Pro Bono Legal Service Providers"), std::string::npos);
  EXPECT_NE(r.body.find("tel:+15208680191"), std::string::npos);
  EXPECT_NE(r.body.find("Eloy"), std::string::npos);
  EXPECT_EQ(fetch("/es/org/no-such-org").status, 404);
  auto old =
      fetch("/en/org/border-2018-the-florence-immigrant-refugee-rights-project-firrp-phoenix");
  ASSERT_EQ(old.status, 200);
  EXPECT_NE(old.body.find("more than a year old"), std::string::npos);
}

TEST_F(PagesTest, FacilityPageNamesCourtAndWhoServesIt) {
  auto r = fetch("/en/facility/OTRPCNM");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Otero Immigration Court"), std::string::npos);
  EXPECT_NE(r.body.find("Las Americas Immigrant Advocacy Center"), std::string::npos);
  EXPECT_NE(r.body.find("locator.ice.gov"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/en/guide/detention\""), std::string::npos);
  EXPECT_NE(r.body.find("2150#"), std::string::npos);
  EXPECT_NE(r.body.find("El Paso"), std::string::npos);  // its field office
  EXPECT_EQ(fetch("/en/facility/NOPE").status, 404);
}

TEST_F(PagesTest, FacilitiesSearchableByName) {
  for (const char* q : {"Eloy", "Otay", "Port+Isabel"}) {
    auto r = fetch(std::string("/en/facilities?q=") + q);
    ASSERT_EQ(r.status, 200) << q;
    EXPECT_NE(r.body.find("href=\"/en/facility/"), std::string::npos) << q;
  }
  auto states = fetch("/en/facilities");
  EXPECT_NE(states.body.find("href=\"/en/facilities?state=TX\""), std::string::npos);
  auto tx = fetch("/en/facilities?state=TX");
  EXPECT_NE(tx.body.find("South Texas ICE Processing Center"), std::string::npos);
}

TEST_F(PagesTest, HotlinesPageInEveryLanguage) {
  for (const auto& lang : i18n::languages()) {
    auto r = fetch("/" + std::string(lang.code) + "/hotlines");
    EXPECT_EQ(r.status, 200) << lang.code;
    EXPECT_NE(r.body.find("2150#"), std::string::npos) << lang.code;
  }
}

}  // namespace
}  // namespace amparo::web
