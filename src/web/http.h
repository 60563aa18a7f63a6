// amparo's own HTTP request and response values. The HTTP library (Boost.Beast) is used in
// server.cpp only; everything else, handlers and tests included, sees these types.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amparo::web {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view method_name(Method m);

struct Request {
  Method method = Method::kGet;
  std::string target;  // as sent: "/es/about?x=1"
  std::string path;    // percent-decoded, valid UTF-8: "/es/about"
  std::string query;   // raw, after '?', without it
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  // The first header named `lower_name`, or "" when absent.
  std::string_view header(std::string_view lower_name) const;
};

// A body in the forms it may be sent in; built once (at snapshot time for static pages) and shared.
struct Body {
  std::string identity;
  std::string gzip;    // empty when not precompressed
  std::string brotli;  // empty when not precompressed
  std::string etag;    // strong validator, quoted: "\"a1b2...\""; empty for no ETag
};

// Builds a Body with gzip and brotli versions and an ETag (a hash of `identity`).
std::shared_ptr<const Body> make_precompressed_body(std::string identity);

// Builds a Body for a page rendered per request: compressed once, quickly (brotli quality 4 when
// the client accepts br, else gzip level 6 when it accepts gzip), with an ETag.
std::shared_ptr<const Body> make_dynamic_body(std::string identity,
                                              std::string_view accept_encoding);

// `s` without leading and trailing spaces and tabs (HTTP's optional white space).
std::string_view trim_ows(std::string_view s);

// Calls `fn` for each comma-separated element of a header list, trimmed, skipping empty ones;
// stops when `fn` returns true.
template <typename Fn>
void for_each_list_item(std::string_view list, Fn&& fn) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    const auto item = trim_ows(list.substr(0, comma));
    if (!item.empty() && fn(item)) return;
    if (comma == std::string_view::npos) return;
    list.remove_prefix(comma + 1);
  }
}

// Whether Accept-Encoding allows `coding`: named with q > 0, or not named and "*" allowed.
bool accepts_coding(std::string_view accept_encoding, std::string_view coding);

// The decoded parameters of a query string ("q=abogado+gratis&page=2"), in order. '+' is a space;
// a bad escape is kept as typed; ill-formed UTF-8 is replaced (U+FFFD); NUL bytes are dropped.
// At most `max_params` parameters and `max_bytes` of input are read.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query,
                                                             std::size_t max_params = 32,
                                                             std::size_t max_bytes = 4096);
// The first value of `name` in parsed parameters, or "".
std::string_view param(const std::vector<std::pair<std::string, std::string>>& params,
                       std::string_view name);

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, std::string>>
      headers;                       // extra headers (Location, Cache-Control, Allow, ...)
  std::shared_ptr<const Body> body;  // null for no body
  std::string route;  // the route pattern that answered, for the access log ("/{lang}/")

  static Response text(int status, std::string content_type, std::string body);
  void set_header(std::string name, std::string value);
};

// What the access log holds: nothing that identifies a person (no address, no query, no body).
struct AccessRecord {
  std::string_view method;
  std::string_view route;
  int status = 0;
  std::chrono::microseconds duration{0};
};

// A Content-Security-Policy allowing only this origin, inline styles only by the given hashes
// ("'sha256-...' 'sha256-...'"), no framing, no <base>, forms only to this origin.
std::string content_security_policy(std::string_view style_hashes);

// Percent-decodes a URL path. Fails (returns false) on a bad escape, an encoded NUL or '/', or a
// result that is not valid UTF-8.
bool decode_path(std::string_view raw, std::string& out);

}  // namespace amparo::web
