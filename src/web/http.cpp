// amparo's HTTP values: path decoding, precompressed bodies and the Content-Security-Policy.
#include "web/http.h"

#include <brotli/encode.h>
#include <sodium.h>
#include <zlib.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "text/ascii.h"
#include "text/normalize.h"

namespace amparo::web {
namespace {

using text::ascii_lower;
constexpr auto iequals = text::iequals_ascii;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c == 0xE0) {
      len = 3;
      lo = 0xA0;
    } else if (c == 0xED) {
      len = 3;
      hi = 0x9F;
    } else if (c >= 0xE1 && c <= 0xEF) {
      len = 3;
    } else if (c == 0xF0) {
      len = 4;
      lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
      len = 4;
    } else if (c == 0xF4) {
      len = 4;
      hi = 0x8F;
    } else {
      return false;
    }
    if (n - i < len) return false;
    const auto second = static_cast<unsigned char>(s[i + 1]);
    if (second < lo || second > hi) return false;
    for (std::size_t k = 2; k < len; ++k) {
      const auto cont = static_cast<unsigned char>(s[i + k]);
      if (cont < 0x80 || cont > 0xBF) return false;
    }
    i += len;
  }
  return true;
}

std::string gzip_compress(std::string_view in, int level = 9) {
  z_stream zs{};
  // windowBits 15 + 16 asks zlib for a gzip wrapper; memLevel 8 is zlib's default.
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  if (in.size() > std::numeric_limits<uInt>::max()) {
    deflateEnd(&zs);
    return {};
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(in.size())), '\0');
  // zlib's API is not const-correct; deflate only reads next_in.
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  const auto written = static_cast<std::size_t>(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return {};
  out.resize(written);
  return out;
}

std::string brotli_compress(std::string_view in, int quality = BROTLI_MAX_QUALITY) {
  std::size_t size = BrotliEncoderMaxCompressedSize(in.size());
  if (size == 0) return {};
  std::string out(size, '\0');
  if (BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, in.size(),
                            reinterpret_cast<const std::uint8_t*>(in.data()), &size,
                            reinterpret_cast<std::uint8_t*>(out.data())) != BROTLI_TRUE) {
    return {};
  }
  out.resize(size);
  return out;
}

// A strong validator: the quoted hex of a 128-bit BLAKE2b hash of the identity bytes.
std::string etag_of(std::string_view data) {
  static const int sodium_ready = sodium_init();
  (void)sodium_ready;
  std::array<unsigned char, 16> hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), nullptr, 0);
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(hash.size() * 2 + 2);
  out.push_back('"');
  for (unsigned char b : hash) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0x0F]);
  }
  out.push_back('"');
  return out;
}

}  // namespace

std::string_view method_name(Method m) {
  switch (m) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      return "OTHER";
  }
  return "OTHER";
}

std::string_view Request::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return {};
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

namespace {

// Whether the parameters of an Accept-Encoding element (";q=0.5") leave it acceptable (q > 0).
bool quality_positive(std::string_view params) {
  while (!params.empty()) {
    const auto semi = params.find(';');
    auto param = trim_ows(params.substr(0, semi));
    if (param.size() >= 2 && text::ascii_lower(param[0]) == 'q' && param[1] == '=') {
      for (char c : param.substr(2)) {
        if (c >= '1' && c <= '9') return true;
      }
      return false;
    }
    if (semi == std::string_view::npos) break;
    params.remove_prefix(semi + 1);
  }
  return true;
}

std::string decode_component(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '+') {
      c = ' ';
    } else if (c == '%' && i + 2 < raw.size()) {
      const int hi = hex_value(raw[i + 1]);
      const int lo = hex_value(raw[i + 2]);
      if (hi >= 0 && lo >= 0) {
        c = static_cast<char>(hi * 16 + lo);
        i += 2;
      }
    }
    if (c != '\0') out += c;
  }
  return text::sanitize_utf8(out);
}

}  // namespace

bool accepts_coding(std::string_view accept_encoding, std::string_view coding) {
  int named = -1;
  int star = -1;
  for_each_list_item(accept_encoding, [&](std::string_view item) {
    const auto semi = item.find(';');
    const auto name = trim_ows(item.substr(0, semi));
    const auto params = semi == std::string_view::npos ? std::string_view{} : item.substr(semi + 1);
    if (text::iequals_ascii(name, coding)) {
      named = quality_positive(params) ? 1 : 0;
      return true;
    }
    if (name == "*") star = quality_positive(params) ? 1 : 0;
    return false;
  });
  if (named >= 0) return named == 1;
  return star == 1;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query,
                                                             std::size_t max_params,
                                                             std::size_t max_bytes) {
  std::vector<std::pair<std::string, std::string>> out;
  if (query.size() > max_bytes) query = query.substr(0, max_bytes);
  while (!query.empty() && out.size() < max_params) {
    const auto amp = query.find('&');
    const auto item = query.substr(0, amp);
    if (!item.empty()) {
      const auto eq = item.find('=');
      out.emplace_back(
          decode_component(item.substr(0, eq)),
          eq == std::string_view::npos ? std::string() : decode_component(item.substr(eq + 1)));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::string_view param(const std::vector<std::pair<std::string, std::string>>& params,
                       std::string_view name) {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return {};
}

std::shared_ptr<const Body> make_dynamic_body(std::string identity,
                                              std::string_view accept_encoding) {
  auto body = std::make_shared<Body>();
  if (accepts_coding(accept_encoding, "br")) {
    body->brotli = brotli_compress(identity, 4);
  } else if (accepts_coding(accept_encoding, "gzip")) {
    body->gzip = gzip_compress(identity, 6);
  }
  body->etag = etag_of(identity);
  body->identity = std::move(identity);
  return body;
}

std::shared_ptr<const Body> make_precompressed_body(std::string identity) {
  auto body = std::make_shared<Body>();
  body->gzip = gzip_compress(identity);
  body->brotli = brotli_compress(identity);
  body->etag = etag_of(identity);
  body->identity = std::move(identity);
  return body;
}

Response Response::text(int status, std::string content_type, std::string body) {
  Response r;
  r.status = status;
  r.content_type = std::move(content_type);
  auto b = std::make_shared<Body>();
  b->identity = std::move(body);
  r.body = std::move(b);
  return r;
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [n, v] : headers) {
    if (iequals(n, name)) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::string content_security_policy(std::string_view style_hashes) {
  std::string csp = "default-src 'self'; style-src 'self'";
  if (!style_hashes.empty()) {
    csp += ' ';
    csp += style_hashes;
  }
  csp +=
      "; img-src 'self' data:; script-src 'self'; object-src 'none'; base-uri 'none'; "
      "form-action 'self'; frame-ancestors 'none'";
  return csp;
}

bool decode_path(std::string_view raw, std::string& out) {
  out.clear();
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\0') return false;
    if (c != '%') {
      out.push_back(c);
      continue;
    }
    if (raw.size() - i < 3) return false;
    const int hi = hex_value(raw[i + 1]);
    const int lo = hex_value(raw[i + 2]);
    if (hi < 0 || lo < 0) return false;
    const int value = hi * 16 + lo;
    if (value == 0 || value == '/') return false;
    out.push_back(static_cast<char>(static_cast<unsigned char>(value)));
    i += 2;
  }
  return valid_utf8(out);
}

}  // namespace amparo::web
