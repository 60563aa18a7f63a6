// The site over a real socket: amparo's App behind the real server, queried with libcurl.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "i18n/languages.h"
#include "web/app.h"
#include "web/server.h"
#include "web/site.h"

namespace amparo::web {
namespace {

struct Reply {
  long status = 0;
  std::string body;
  std::multimap<std::string, std::string> headers;  // names lower-cased
  bool has(const std::string& name) const { return headers.count(name) > 0; }
  std::string get(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

size_t on_body(char* p, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(p, size * n);
  return size * n;
}

size_t on_header(char* p, size_t size, size_t n, void* out) {
  std::string line(p, size * n);
  const auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    static_cast<Reply*>(out)->headers.emplace(name, value);
  }
  return size * n;
}

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
    Reply r;
    CURL* c = curl_easy_init();
    const std::string url = "http://127.0.0.1:" + std::to_string(server_->port()) + path;
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    if (method != nullptr) curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_slist* list = nullptr;
    for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    const CURLcode rc = curl_easy_perform(c);
    EXPECT_EQ(rc, CURLE_OK) << curl_easy_strerror(rc) << " " << path;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(list);
    curl_easy_cleanup(c);
    return r;
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

}  // namespace
}  // namespace amparo::web
