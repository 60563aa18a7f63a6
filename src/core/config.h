// Server configuration. Precedence: command-line flags, then AMPARO_* environment variables, then
// defaults. The command line is parsed in apps/amparo; this module holds the values, their
// validation and the environment layer, with the environment injected so tests need not touch the
// process's own.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace amparo {

struct ListenAddress {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 asks the OS for a free port
  std::string to_string() const;
};

// Parses "HOST:PORT", "[IPv6]:PORT" or ":PORT" (host defaults to 127.0.0.1).
Result<ListenAddress> parse_listen_address(std::string_view text);

struct Config {
  std::string db_path = "amparo.db";  // SQLite file; created and filled from data/ on first run
  ListenAddress listen;
  int threads = 2;   // I/O threads of the HTTP server, 1..64
  std::string home;  // folder holding content/, i18n/, data/, web/; empty = built-in default
  std::size_t max_connections = 1024;  // all clients together; past it new connections get 503
  std::size_t max_connections_per_client =
      256;  // shelters and mobile carriers put many people behind one address
};

// Looks up an environment variable; std::nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment.
EnvLookup process_env();

// Applies AMPARO_DB, AMPARO_LISTEN, AMPARO_THREADS, AMPARO_HOME, AMPARO_MAX_CONNECTIONS and
// AMPARO_MAX_CONNECTIONS_PER_CLIENT to `config`. On error (field = the variable's name) `config` is
// unchanged.
Status apply_env(Config& config, const EnvLookup& env);

// Checks ranges that flags and environment alike must respect.
Status validate(const Config& config);

}  // namespace amparo
