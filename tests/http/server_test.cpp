// The HTTP server against a real in-process server on an ephemeral port: libcurl for well-behaved
// requests, raw sockets for slow and hostile ones. Also the values of web/http.h.
#include "web/server.h"

#include <arpa/inet.h>
#include <brotli/decode.h>
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace amparo::web {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
  return out;
}

std::string gunzip(const std::string& in) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return "inflateInit2 failed";
  std::string out;
  std::string chunk(16384, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk.data());
    zs.avail_out = static_cast<uInt>(chunk.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(chunk.data(), chunk.size() - zs.avail_out);
  }
  inflateEnd(&zs);
  return rc == Z_STREAM_END ? out : "inflate failed";
}

std::string unbrotli(const std::string& in) {
  std::string out(1 << 20, '\0');
  std::size_t size = out.size();
  if (BrotliDecoderDecompress(in.size(), reinterpret_cast<const std::uint8_t*>(in.data()), &size,
                              reinterpret_cast<std::uint8_t*>(out.data())) !=
      BROTLI_DECODER_RESULT_SUCCESS) {
    return "brotli decode failed";
  }
  out.resize(size);
  return out;
}

std::string home_page() {
  std::string page = "<!doctype html><html lang=\"en\"><title>amparo</title><main>";
  for (int i = 0; i < 40; ++i)
    page += "<p>Help is available; you have the right to ask for asylum.</p>";
  page += "</main></html>";
  return page;
}

// A few routes: "/" (precompressed, with ETag), "/big", "/echo", "/throw", "/own-csp"; else 404.
class TestHandler final : public Handler {
 public:
  TestHandler()
      : home_(make_precompressed_body(home_page())),
        big_(std::make_shared<Body>(Body{std::string(10 * 1024, 'x'), {}, {}, {}})) {}

  Response handle(const Request& request) const override {
    if (request.path == "/") {
      Response r;
      r.body = home_;
      r.route = "/";
      r.set_header("Cache-Control", "no-cache");
      return r;
    }
    if (request.path == "/big") {
      Response r;
      r.content_type = "text/plain; charset=utf-8";
      r.body = big_;
      r.route = "/big";
      return r;
    }
    if (request.path == "/echo") {
      auto r = Response::text(
          200, "text/plain; charset=utf-8",
          std::string(method_name(request.method)) + " " + std::to_string(request.body.size()));
      r.route = "/echo";
      return r;
    }
    if (request.path == "/own-csp") {
      auto r = Response::text(200, "text/plain; charset=utf-8", "own");
      r.set_header("Content-Security-Policy", "default-src 'none'");
      r.route = "/own-csp";
      return r;
    }
    if (request.path == "/slow") {
      slow_started_ = true;
      std::this_thread::sleep_for(300ms);
      auto r = Response::text(200, "text/plain; charset=utf-8", "slow");
      r.route = "/slow";
      return r;
    }
    if (request.path == "/shutdown" && on_shutdown_) {
      on_shutdown_();
      auto r = Response::text(200, "text/plain; charset=utf-8", "bye");
      r.route = "/shutdown";
      return r;
    }
    if (request.path == "/throw") throw std::runtime_error("handler failure");
    return error(404, request.header("accept-language"));
  }

  Response error(int status, std::string_view /*accept_language*/) const override {
    return Response::text(status, "text/plain; charset=utf-8", "error " + std::to_string(status));
  }

  const Body& home() const { return *home_; }
  bool slow_started() const { return slow_started_.load(); }
  // Called by "/shutdown"; set before the server starts serving it.
  void set_on_shutdown(std::function<void()> fn) { on_shutdown_ = std::move(fn); }

 private:
  mutable std::atomic<bool> slow_started_{false};
  std::function<void()> on_shutdown_;
  std::shared_ptr<const Body> home_;
  std::shared_ptr<const Body> big_;
};

struct HttpResult {
  long status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased

  std::string header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
      if (n == name) return v;
    }
    return {};
  }
  bool has(std::string_view name) const {
    return std::any_of(headers.begin(), headers.end(),
                       [&](const auto& h) { return h.first == name; });
  }
};

std::size_t collect_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<HttpResult*>(user)->body.append(data, size * count);
  return size * count;
}

std::size_t collect_header(char* data, std::size_t size, std::size_t count, void* user) {
  std::string_view line(data, size * count);
  const auto colon = line.find(':');
  if (colon != std::string_view::npos && line.substr(0, 5) != "HTTP/") {
    auto value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() &&
           (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
      value.remove_suffix(1);
    }
    static_cast<HttpResult*>(user)->headers.emplace_back(lower(line.substr(0, colon)),
                                                         std::string(value));
  }
  return size * count;
}

// One request through libcurl, without its content decoding (we check the bytes ourselves).
HttpResult fetch(std::uint16_t port, const std::string& target,
                 const std::vector<std::string>& headers = {}, const std::string& method = "GET",
                 const std::string& body = {}) {
  HttpResult result;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    ADD_FAILURE() << "curl_easy_init failed";
    return result;
  }
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + target;
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &result);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &result);
  if (method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (method == "POST") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  } else if (method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  const CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(list);
  EXPECT_EQ(rc, CURLE_OK) << curl_easy_strerror(rc) << " for " << method << " " << target;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &result.status);
  return result;
}

// A raw TCP client, for what curl will not send.
class RawClient {
 public:
  explicit RawClient(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return;
    timeval tv{3, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;
  ~RawClient() { close(); }

  bool connected() const { return fd_ >= 0; }

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // Sends everything, or fails (the server closed, or the send timed out).
  bool send(std::string_view data) {
    while (!data.empty()) {
      const auto n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // One response: its header and Content-Length bytes of body (none for HEAD or 304). "" when the
  // server closes or `timeout` passes first.
  std::string read_response(bool head = false, std::chrono::milliseconds timeout = 3000ms) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      const auto end = pending_.find("\r\n\r\n");
      if (end != std::string::npos) {
        const std::string header = lower(pending_.substr(0, end + 4));
        std::size_t length = 0;
        const auto cl = header.find("\r\ncontent-length:");
        if (cl != std::string::npos) length = std::stoul(header.substr(cl + 17));
        if (head || header.find(" 304 ") != std::string::npos) length = 0;
        if (pending_.size() >= end + 4 + length) {
          std::string response = pending_.substr(0, end + 4 + length);
          pending_.erase(0, end + 4 + length);
          return response;
        }
      }
      if (!receive(deadline)) return {};
    }
  }

  // Whether the server closes the connection within `timeout` (data before the close is dropped).
  bool closed_within(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      char buf[4096];
      const auto n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return true;
    }
  }

 private:
  bool receive(Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buf[16384];
    const auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    pending_.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string pending_;
};

int status_of(const std::string& response) {
  if (response.size() < 12 || lower(response.substr(0, 5)) != "http/") return 0;
  return std::stoi(response.substr(9, 3));
}

std::string body_of(const std::string& response) {
  const auto end = response.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : response.substr(end + 4);
}

struct LoggedRecord {
  std::string method;
  std::string route;
  int status = 0;
};

class CurlEnvironment final : public ::testing::Environment {
 public:
  void SetUp() override { curl_global_init(CURL_GLOBAL_DEFAULT); }
  void TearDown() override { curl_global_cleanup(); }
};

[[maybe_unused]] ::testing::Environment* const kCurlEnvironment =
    ::testing::AddGlobalTestEnvironment(new CurlEnvironment);

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { start(default_options()); }
  void TearDown() override { server_.reset(); }

  ServerOptions default_options() {
    ServerOptions options;
    options.listen.host = "127.0.0.1";
    options.listen.port = 0;
    options.threads = 2;
    options.max_connections = 400;
    options.max_connections_per_client = 400;
    options.content_security_policy = content_security_policy("'sha256-abc'");
    options.access_log = [this](const AccessRecord& r) {
      std::lock_guard lock(log_mutex_);
      log_.push_back({std::string(r.method), std::string(r.route), r.status});
    };
    return options;
  }

  void start(const ServerOptions& options) {
    server_.reset();
    auto started = start_server(options, handler_);
    ASSERT_TRUE(started.ok()) << started.error().to_string();
    server_ = std::move(started).value();
    port_ = server_->port();
    ASSERT_NE(port_, 0);
  }

  // The access log once it holds at least `count` records (it is written after each response).
  std::vector<LoggedRecord> log_with_at_least(std::size_t count) {
    const auto deadline = Clock::now() + 2s;
    for (;;) {
      {
        std::lock_guard lock(log_mutex_);
        if (log_.size() >= count || Clock::now() > deadline) return log_;
      }
      std::this_thread::sleep_for(5ms);
    }
  }

  void expect_server_answers() {
    const auto r = fetch(port_, "/");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, handler_.home().identity);
  }

  TestHandler handler_;
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
  std::mutex log_mutex_;
  std::vector<LoggedRecord> log_;
};

TEST_F(ServerTest, ServesPageWithSecurityHeaders) {
  const auto r = fetch(port_, "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, handler_.home().identity);
  EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.header("content-length"), std::to_string(handler_.home().identity.size()));
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.header("referrer-policy"), "no-referrer");
  EXPECT_EQ(r.header("cache-control"), "no-cache");
  const auto csp = r.header("content-security-policy");
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("'sha256-abc'"), std::string::npos) << csp;
  EXPECT_FALSE(r.header("date").empty());
  EXPECT_TRUE(!r.has("server") || r.header("server") == "amparo");
  EXPECT_FALSE(r.has("set-cookie"));
}

TEST_F(ServerTest, NoResponseSetsCookieAndAllCarrySecurityHeaders) {
  const std::vector<std::pair<std::string, std::string>> requests = {
      {"GET", "/"},         {"GET", "/big"},   {"GET", "/missing"}, {"GET", "/throw"},
      {"GET", "/%zz"},      {"HEAD", "/"},     {"POST", "/echo"},   {"DELETE", "/echo"},
      {"OPTIONS", "/echo"}, {"PATCH", "/echo"}};
  for (const auto& [method, target] : requests) {
    const auto r = fetch(port_, target, {}, method, "x=1");
    EXPECT_NE(r.status, 0) << method << " " << target;
    EXPECT_FALSE(r.has("set-cookie")) << method << " " << target;
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << method << " " << target;
    EXPECT_EQ(r.header("referrer-policy"), "no-referrer") << method << " " << target;
    EXPECT_NE(r.header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos)
        << method << " " << target;
  }
  RawClient raw(port_);
  ASSERT_TRUE(raw.send("G(T / HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto response = lower(raw.read_response());
  EXPECT_EQ(status_of(response), 400);
  EXPECT_EQ(response.find("set-cookie"), std::string::npos);
  EXPECT_NE(response.find("x-content-type-options: nosniff"), std::string::npos);
}

TEST_F(ServerTest, HandlerMaySetItsOwnContentSecurityPolicy) {
  const auto r = fetch(port_, "/own-csp");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-security-policy"), "default-src 'none'");
  EXPECT_EQ(std::count_if(r.headers.begin(), r.headers.end(),
                          [](const auto& h) { return h.first == "content-security-policy"; }),
            1);
}

TEST_F(ServerTest, MethodsReachTheHandler) {
  EXPECT_EQ(fetch(port_, "/echo").body, "GET 0");
  EXPECT_EQ(fetch(port_, "/echo", {}, "POST", "a=1&b=2").body, "POST 7");
  EXPECT_EQ(fetch(port_, "/echo", {}, "PUT").body, "PUT 0");
  EXPECT_EQ(fetch(port_, "/echo", {}, "DELETE").body, "DELETE 0");
  EXPECT_EQ(fetch(port_, "/echo", {}, "PROPFIND").body, "OTHER 0");
  // Over 1 KB curl asks for "100 Continue" first.
  EXPECT_EQ(fetch(port_, "/echo", {}, "POST", std::string(5000, 'a')).body, "POST 5000");
}

TEST_F(ServerTest, HeadSendsGetHeadersWithoutBody) {
  const auto get = fetch(port_, "/big");
  const auto head = fetch(port_, "/big", {}, "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("content-length"), std::to_string(10 * 1024));
  EXPECT_EQ(head.header("content-length"), get.header("content-length"));
  EXPECT_EQ(head.header("content-type"), get.header("content-type"));
  EXPECT_EQ(head.header("x-content-type-options"), "nosniff");

  // On a kept-alive connection the next response follows at once: no body bytes were sent.
  RawClient raw(port_);
  ASSERT_TRUE(raw.send("HEAD /big HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(status_of(raw.read_response(true)), 200);
  ASSERT_TRUE(raw.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto next = raw.read_response();
  EXPECT_EQ(status_of(next), 200);
  EXPECT_EQ(body_of(next), "GET 0");
}

TEST_F(ServerTest, MatchingIfNoneMatchGives304) {
  const auto first = fetch(port_, "/");
  const auto etag = first.header("etag");
  ASSERT_EQ(etag.size(), 34u);
  EXPECT_EQ(etag, handler_.home().etag);
  for (const auto& condition : {etag, "W/" + etag, "\"nope\", " + etag, std::string("*")}) {
    const auto r = fetch(port_, "/", {"If-None-Match: " + condition});
    EXPECT_EQ(r.status, 304) << condition;
    EXPECT_TRUE(r.body.empty()) << condition;
    EXPECT_EQ(r.header("etag"), etag) << condition;
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  }
  EXPECT_EQ(fetch(port_, "/", {"If-None-Match: " + etag}, "HEAD").status, 304);
  const auto other = fetch(port_, "/", {"If-None-Match: \"0123\""});
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(other.body, handler_.home().identity);
}

TEST_F(ServerTest, SendsBrotliOrGzipWhenAcceptedElseIdentity) {
  const auto& page = handler_.home().identity;
  const auto gz = fetch(port_, "/", {"Accept-Encoding: gzip"});
  EXPECT_EQ(gz.header("content-encoding"), "gzip");
  EXPECT_EQ(gz.header("vary"), "Accept-Encoding");
  EXPECT_LT(gz.body.size(), page.size());
  EXPECT_EQ(gunzip(gz.body), page);

  for (const char* accept : {"br", "gzip, deflate, br", "*", "gzip;q=0.5, br;q=1.0"}) {
    const auto br = fetch(port_, "/", {std::string("Accept-Encoding: ") + accept});
    EXPECT_EQ(br.header("content-encoding"), "br") << accept;
    EXPECT_EQ(br.header("vary"), "Accept-Encoding") << accept;
    EXPECT_EQ(unbrotli(br.body), page) << accept;
  }
  const auto refused_br = fetch(port_, "/", {"Accept-Encoding: br;q=0, gzip"});
  EXPECT_EQ(refused_br.header("content-encoding"), "gzip");

  for (const char* accept : {"", "identity", "deflate", "br;q=0, gzip;q=0.000"}) {
    const auto plain =
        fetch(port_, "/",
              accept[0] ? std::vector<std::string>{std::string("Accept-Encoding: ") + accept}
                        : std::vector<std::string>{});
    EXPECT_FALSE(plain.has("content-encoding")) << accept;
    EXPECT_EQ(plain.header("vary"), "Accept-Encoding") << accept;
    EXPECT_EQ(plain.body, page) << accept;
  }

  const auto head = fetch(port_, "/", {"Accept-Encoding: gzip"}, "HEAD");
  EXPECT_EQ(head.header("content-length"), std::to_string(handler_.home().gzip.size()));
  // No compressed variant, no Vary.
  EXPECT_FALSE(fetch(port_, "/big", {"Accept-Encoding: gzip, br"}).has("vary"));
}

TEST_F(ServerTest, KeepAliveAnswersSeveralRequestsOnOneSocket) {
  RawClient raw(port_);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(raw.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n"));
    const auto r = raw.read_response();
    EXPECT_EQ(status_of(r), 200) << i;
    EXPECT_EQ(body_of(r), "GET 0");
  }
  RawClient old(port_);
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(old.send("GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    const auto r = old.read_response();
    EXPECT_EQ(status_of(r), 200) << i;
    EXPECT_NE(lower(r).find("connection: keep-alive"), std::string::npos) << r;
  }
  RawClient once(port_);
  ASSERT_TRUE(once.send("GET /echo HTTP/1.0\r\n\r\n"));
  EXPECT_EQ(status_of(once.read_response()), 200);
  EXPECT_TRUE(once.closed_within(2000ms));
}

TEST_F(ServerTest, OversizeHeaderGets431) {
  RawClient raw(port_);
  ASSERT_TRUE(
      raw.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n"));
  const auto r = raw.read_response();
  EXPECT_EQ(status_of(r), 431);
  EXPECT_EQ(body_of(r), "error 431");
  EXPECT_TRUE(raw.closed_within(3000ms));
  expect_server_answers();
}

TEST_F(ServerTest, OversizeContentLengthGets413) {
  RawClient raw(port_);
  ASSERT_TRUE(raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n"));
  EXPECT_EQ(status_of(raw.read_response()), 413);
  expect_server_answers();
}

TEST_F(ServerTest, OversizeChunkedBodyGets413) {
  RawClient raw(port_);
  ASSERT_TRUE(raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk = "10000\r\n" + std::string(0x10000, 'a') + "\r\n";
  for (int i = 0; i < 18; ++i) {  // 1.125 MB, past the 1 MB limit
    if (!raw.send(chunk)) break;
  }
  EXPECT_EQ(status_of(raw.read_response()), 413);
  expect_server_answers();
}

TEST_F(ServerTest, BodyWithinLimitIsRead) {
  RawClient raw(port_);
  ASSERT_TRUE(
      raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
               "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"));
  EXPECT_EQ(body_of(raw.read_response()), "POST 5");
}

TEST_F(ServerTest, MalformedRequestsGet400AndServerGoesOn) {
  const std::vector<std::string> requests = {
      "G(T / HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /%C3%28 HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /a%2Fb HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /ok%2 HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rSet-Cookie: b\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\nSet-Cookie: b\r\n\r\n",
      "GET / HTTP/1.x\r\nHost: x\r\n\r\n",
      "GET / HTTP/2.0\r\nHost: x\r\n\r\n",
      "GET / FTP/1.1\r\nHost: x\r\n\r\n",
      "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
  };
  for (const auto& request : requests) {
    RawClient raw(port_);
    ASSERT_TRUE(raw.connected());
    ASSERT_TRUE(raw.send(request));
    const auto r = raw.read_response();
    EXPECT_EQ(status_of(r), 400) << request;
    EXPECT_EQ(body_of(r), "error 400") << request;
  }
  expect_server_answers();
}

TEST_F(ServerTest, RandomBytesNeverStopTheServer) {
  std::mt19937 random(20240601);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 3000);
  const std::vector<std::string> prefixes = {"", "GET / HTTP/1.1\r\n", "POST /echo HTTP/1.1\r\n",
                                             "GET /%"};
  for (int i = 0; i < 100; ++i) {
    std::string request = prefixes[static_cast<std::size_t>(i) % prefixes.size()];
    const int n = length(random);
    for (int k = 0; k < n; ++k) request.push_back(static_cast<char>(byte(random)));
    RawClient raw(port_);
    ASSERT_TRUE(raw.connected()) << i;
    raw.send(request);
  }
  expect_server_answers();
}

TEST_F(ServerTest, ThrowingHandlerGives500AndServerGoesOn) {
  const auto r = fetch(port_, "/throw");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, "error 500");
  expect_server_answers();
}

TEST_F(ServerTest, AccessLogHoldsMethodRouteStatusAndNoPersonalData) {
  fetch(port_, "/echo?secret=abc", {"Cookie: secret=abc", "X-Forwarded-For: 10.1.2.3"}, "POST",
        "secret=abc&name=Maria");
  fetch(port_, "/missing?secret=abc");
  auto log = log_with_at_least(2);
  ASSERT_EQ(log.size(), 2u);
  // Records are written after each response, so they may land in either order.
  std::sort(log.begin(), log.end(),
            [](const auto& a, const auto& b) { return a.status < b.status; });
  EXPECT_EQ(log[0].method, "POST");
  EXPECT_EQ(log[0].route, "/echo");
  EXPECT_EQ(log[0].status, 200);
  EXPECT_EQ(log[1].method, "GET");
  EXPECT_EQ(log[1].route, "-");
  EXPECT_EQ(log[1].status, 404);
  for (const auto& record : log) {
    for (const auto& field : {record.method, record.route}) {
      EXPECT_EQ(field.find("secret"), std::string::npos) << field;
      EXPECT_EQ(field.find("127.0.0.1"), std::string::npos) << field;
      EXPECT_EQ(field.find("Maria"), std::string::npos) << field;
      EXPECT_EQ(field.find("10.1.2.3"), std::string::npos) << field;
    }
  }
}

TEST_F(ServerTest, SlowClientsDoNotStarveOthers) {
  std::vector<std::unique_ptr<RawClient>> slow;
  for (int i = 0; i < 200; ++i) {
    auto c = std::make_unique<RawClient>(port_);
    ASSERT_TRUE(c->connected()) << i;
    ASSERT_TRUE(c->send("GET / HTTP/1.1\r\nHost: x\r\n"));
    slow.push_back(std::move(c));
  }
  const auto start = Clock::now();
  expect_server_answers();
  EXPECT_LT(Clock::now() - start, 1s);
}

TEST_F(ServerTest, HalfHeaderConnectionIsDroppedAtHeaderTimeout) {
  auto options = default_options();
  options.header_timeout = 300ms;
  start(options);
  RawClient raw(port_);
  ASSERT_TRUE(raw.send("GET / HTTP/1.1\r\nHost: x\r\n"));
  EXPECT_TRUE(raw.closed_within(2000ms));
  expect_server_answers();
}

TEST_F(ServerTest, IdleKeptAliveConnectionIsClosedAtIdleTimeout) {
  auto options = default_options();
  options.idle_timeout = 300ms;
  start(options);
  RawClient raw(port_);
  ASSERT_TRUE(raw.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(status_of(raw.read_response()), 200);
  EXPECT_TRUE(raw.closed_within(2000ms));
}

// Opens `n` connections and has each answered, so that the server counts them all.
std::vector<std::unique_ptr<RawClient>> open_served(std::uint16_t port, int n) {
  std::vector<std::unique_ptr<RawClient>> clients;
  for (int i = 0; i < n; ++i) {
    auto c = std::make_unique<RawClient>(port);
    EXPECT_TRUE(c->send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(status_of(c->read_response()), 200) << i;
    clients.push_back(std::move(c));
  }
  return clients;
}

// Whether a new connection is served within a couple of seconds (the server notices closes lazily).
bool new_connection_served(std::uint16_t port) {
  const auto deadline = Clock::now() + 2s;
  while (Clock::now() < deadline) {
    RawClient c(port);
    if (c.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n") && status_of(c.read_response()) == 200) {
      return true;
    }
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

TEST_F(ServerTest, ConnectionPastPerClientCapGets503) {
  auto options = default_options();
  options.max_connections_per_client = 3;
  start(options);
  auto clients = open_served(port_, 3);
  RawClient fourth(port_);
  const auto r = lower(fourth.read_response());
  EXPECT_EQ(status_of(r), 503);
  EXPECT_NE(r.find("connection: close"), std::string::npos) << r;
  EXPECT_EQ(body_of(r), "error 503");
  clients.front()->close();
  EXPECT_TRUE(new_connection_served(port_));
}

TEST_F(ServerTest, ConnectionPastGlobalCapGets503) {
  auto options = default_options();
  options.max_connections = 2;
  start(options);
  auto clients = open_served(port_, 2);
  RawClient third(port_);
  ASSERT_TRUE(third.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(status_of(third.read_response()), 503);
  const auto log = log_with_at_least(3);
  ASSERT_GE(log.size(), 3u);
  EXPECT_EQ(std::count_if(log.begin(), log.end(), [](const auto& r) { return r.status == 503; }),
            1);
  clients.back()->close();
  EXPECT_TRUE(new_connection_served(port_));
}

TEST_F(ServerTest, StopWithSlowClientIsPromptAndIdempotent) {
  RawClient slow(port_);
  ASSERT_TRUE(slow.send("GET / HTTP/1.1\r\nHost: x\r\n"));
  RawClient idle(port_);
  ASSERT_TRUE(idle.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(status_of(idle.read_response()), 200);
  const auto start = Clock::now();
  server_->stop();
  EXPECT_LT(Clock::now() - start, 5s);
  server_->stop();
  EXPECT_TRUE(slow.closed_within(1000ms));
  EXPECT_TRUE(idle.closed_within(1000ms));
  EXPECT_FALSE(RawClient(port_).connected());
}

TEST_F(ServerTest, StopLetsRequestInFlightFinish) {
  RawClient raw(port_);
  ASSERT_TRUE(raw.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto deadline = Clock::now() + 2s;
  while (!handler_.slow_started() && Clock::now() < deadline) std::this_thread::sleep_for(1ms);
  ASSERT_TRUE(handler_.slow_started());
  server_->stop();
  const auto r = lower(raw.read_response());
  EXPECT_EQ(status_of(r), 200);
  EXPECT_EQ(body_of(r), "slow");
  EXPECT_NE(r.find("connection: close"), std::string::npos) << r;
}

TEST_F(ServerTest, WaitForShutdownSignalReturnsAfterStop) {
  std::atomic<bool> returned{false};
  std::thread waiter([&] {
    server_->wait_for_shutdown_signal();
    returned = true;
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(returned.load());
  server_->stop();
  waiter.join();
  EXPECT_TRUE(returned.load());
}

TEST_F(ServerTest, StopFromAHandlerEndsWaitForShutdownSignal) {
  handler_.set_on_shutdown([this] { server_->stop(); });
  std::thread client([this] {
    std::this_thread::sleep_for(20ms);
    RawClient raw(port_);
    raw.send("GET /shutdown HTTP/1.1\r\nHost: x\r\n\r\n");
    raw.read_response();
  });
  const auto start = Clock::now();
  server_->wait_for_shutdown_signal();
  EXPECT_LT(Clock::now() - start, 5s);
  client.join();
  EXPECT_FALSE(RawClient(port_).connected());
}

TEST_F(ServerTest, StartFailsWhenAddressIsTaken) {
  auto options = default_options();
  options.listen.port = port_;
  auto second = start_server(options, handler_);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kIo);
  EXPECT_NE(second.error().message.find(std::to_string(port_)), std::string::npos);
  expect_server_answers();
}

struct DecodeCase {
  std::string raw;
  bool ok;
  std::string decoded;
};

TEST(DecodePathTest, DecodesValidPathsAndRejectsTheRest) {
  const std::vector<DecodeCase> cases = {
      {"/", true, "/"},
      {"/es/about", true, "/es/about"},
      {"/caf%C3%A9", true, "/caf\xC3\xA9"},
      {"/caf%c3%a9", true, "/caf\xC3\xA9"},
      {"/%E2%82%AC", true, "/\xE2\x82\xAC"},
      {"/%F0%9F%98%80", true, "/\xF0\x9F\x98\x80"},
      {"/a+b%20c", true, "/a+b c"},
      {"/\xD8\xB9", true, "/\xD8\xB9"},
      {"/%zz", false, ""},
      {"/%", false, ""},
      {"/%4", false, ""},
      {"/%C3%28", false, ""},
      {"/%00", false, ""},
      {"/a%2Fb", false, ""},
      {"/a%2fb", false, ""},
      {"/%C0%AF", false, ""},        // overlong '/'
      {"/%ED%A0%80", false, ""},     // a UTF-16 surrogate
      {"/%F4%90%80%80", false, ""},  // past U+10FFFF
      {"/%E2%82", false, ""},        // truncated
      {"/\xFF", false, ""},
      {std::string("/a\0b", 4), false, ""},
  };
  for (const auto& c : cases) {
    std::string out = "stale";
    EXPECT_EQ(decode_path(c.raw, out), c.ok) << c.raw;
    if (c.ok) {
      EXPECT_EQ(out, c.decoded) << c.raw;
    }
  }
}

TEST(PrecompressedBodyTest, RoundTripsAndHashes) {
  const auto page = home_page();
  const auto body = make_precompressed_body(page);
  EXPECT_EQ(body->identity, page);
  ASSERT_GE(body->gzip.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(body->gzip[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(body->gzip[1]), 0x8b);
  EXPECT_EQ(gunzip(body->gzip), page);
  EXPECT_EQ(unbrotli(body->brotli), page);
  EXPECT_LT(body->brotli.size(), page.size());
  ASSERT_EQ(body->etag.size(), 34u);
  EXPECT_EQ(body->etag.front(), '"');
  EXPECT_EQ(body->etag.back(), '"');
  EXPECT_EQ(body->etag.find_first_not_of("0123456789abcdef", 1), 33u);
  EXPECT_EQ(make_precompressed_body(page)->etag, body->etag);
  EXPECT_NE(make_precompressed_body(page + " ")->etag, body->etag);
  const auto empty = make_precompressed_body("");
  EXPECT_EQ(gunzip(empty->gzip), "");
  EXPECT_EQ(unbrotli(empty->brotli), "");
}

TEST(ContentSecurityPolicyTest, AllowsOnlyGivenStyleHashes) {
  const auto csp = content_security_policy("'sha256-AAA=' 'sha256-BBB='");
  EXPECT_NE(csp.find("style-src 'self' 'sha256-AAA=' 'sha256-BBB=';"), std::string::npos) << csp;
  for (const char* part :
       {"default-src 'self'", "img-src 'self' data:", "script-src 'self'", "object-src 'none'",
        "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"}) {
    EXPECT_NE(csp.find(part), std::string::npos) << part;
  }
  EXPECT_NE(content_security_policy("").find("style-src 'self';"), std::string::npos);
}

TEST(HttpValuesTest, HeadersAndMethodNames) {
  Request request;
  request.headers = {{"accept-language", "es"}, {"accept-language", "en"}};
  EXPECT_EQ(request.header("accept-language"), "es");
  EXPECT_EQ(request.header("cookie"), "");

  Response response = Response::text(404, "text/plain", "gone");
  EXPECT_EQ(response.status, 404);
  ASSERT_NE(response.body, nullptr);
  EXPECT_EQ(response.body->identity, "gone");
  EXPECT_TRUE(response.body->etag.empty());
  response.set_header("Cache-Control", "no-store");
  response.set_header("cache-control", "max-age=60");
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].second, "max-age=60");

  EXPECT_EQ(method_name(Method::kGet), "GET");
  EXPECT_EQ(method_name(Method::kHead), "HEAD");
  EXPECT_EQ(method_name(Method::kOptions), "OPTIONS");
  EXPECT_EQ(method_name(Method::kOther), "OTHER");
}

}  // namespace
}  // namespace amparo::web
