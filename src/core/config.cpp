#include "core/config.h"

#include <charconv>
#include <cstdlib>

namespace amparo {
namespace {

Result<long> parse_integer(std::string_view text, long lo, long hi, const std::string& field) {
  long v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() || v < lo || v > hi) {
    return make_error(ErrorCode::kInvalidArgument,
                      "expected a whole number from " + std::to_string(lo) + " to " +
                          std::to_string(hi) + ", got \"" + std::string(text) + "\"")
        .in_field(field);
  }
  return v;
}

}  // namespace

std::string ListenAddress::to_string() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<ListenAddress> parse_listen_address(std::string_view text) {
  auto bad = [&text](const std::string& why) {
    return make_error(ErrorCode::kInvalidArgument,
                      "expected HOST:PORT, got \"" + std::string(text) + "\": " + why);
  };
  ListenAddress out;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return bad("an IPv6 address goes in brackets: [::1]:8080");
    }
    out.host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return bad("no port");
    if (text.substr(0, colon).find(':') != std::string_view::npos) {
      return bad("an IPv6 address goes in brackets: [::1]:8080");
    }
    if (colon > 0) out.host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
  }
  if (out.host.empty()) return bad("empty host");
  auto port = parse_integer(port_text, 0, 65535, "port");
  if (!port.ok()) return bad("the port must be a number from 0 to 65535");
  out.port = static_cast<std::uint16_t>(*port);
  return out;
}

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe): read at start only
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Status apply_env(Config& config, const EnvLookup& env) {
  Config next = config;
  if (auto v = env("AMPARO_DB")) {
    if (v->empty()) {
      return make_error(ErrorCode::kInvalidArgument, "must not be empty").in_field("AMPARO_DB");
    }
    next.db_path = *v;
  }
  if (auto v = env("AMPARO_LISTEN")) {
    auto a = parse_listen_address(*v);
    if (!a.ok()) return std::move(a).error().in_field("AMPARO_LISTEN");
    next.listen = *a;
  }
  if (auto v = env("AMPARO_THREADS")) {
    auto n = parse_integer(*v, 1, 64, "AMPARO_THREADS");
    if (!n.ok()) return std::move(n).error();
    next.threads = static_cast<int>(*n);
  }
  if (auto v = env("AMPARO_HOME")) next.home = *v;
  if (auto v = env("AMPARO_MAX_CONNECTIONS")) {
    auto n = parse_integer(*v, 1, 1000000, "AMPARO_MAX_CONNECTIONS");
    if (!n.ok()) return std::move(n).error();
    next.max_connections = static_cast<std::size_t>(*n);
  }
  if (auto v = env("AMPARO_MAX_CONNECTIONS_PER_CLIENT")) {
    auto n = parse_integer(*v, 1, 1000000, "AMPARO_MAX_CONNECTIONS_PER_CLIENT");
    if (!n.ok()) return std::move(n).error();
    next.max_connections_per_client = static_cast<std::size_t>(*n);
  }
  AMPARO_RETURN_IF_ERROR(validate(next));
  config = std::move(next);
  return ok_status();
}

Status validate(const Config& config) {
  if (config.threads < 1 || config.threads > 64) {
    return make_error(ErrorCode::kInvalidArgument, "threads must be from 1 to 64")
        .in_field("threads");
  }
  if (config.db_path.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "the database path must not be empty")
        .in_field("db");
  }
  if (config.max_connections_per_client > config.max_connections) {
    return make_error(ErrorCode::kInvalidArgument,
                      "the per-client connection cap exceeds the global cap")
        .in_field("max-connections-per-client");
  }
  return ok_status();
}

}  // namespace amparo
