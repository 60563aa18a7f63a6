// The HTTP server: Boost.Beast over Asio with a few I/O threads. Protects itself from slow and
// hostile clients (header deadline, idle timeout, header and body limits, connection caps) and
// answers with the Handler's responses, adding the security headers, ETag/304, HEAD and content
// encoding.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/result.h"
#include "web/http.h"

namespace amparo::web {

// Every response also carries X-Content-Type-Options: nosniff, Referrer-Policy: no-referrer and the
// Content-Security-Policy of ServerOptions; never a Set-Cookie the handler did not set.

// Answers requests; called concurrently from the I/O threads, so implementations must be
// thread-safe.
class Handler {
 public:
  virtual ~Handler() = default;
  // A response for a well-formed request. Must not throw; the server answers 500 if it does.
  virtual Response handle(const Request& request) const = 0;
  // A localized error page (400, 404, 405, 413, 431, 500, 503), in the language Accept-Language
  // picks.
  virtual Response error(int status, std::string_view accept_language) const = 0;
};

struct ServerOptions {
  ListenAddress listen;
  int threads = 2;
  std::size_t max_connections = 1024;
  std::size_t max_connections_per_client =
      256;  // shelters and mobile carriers put many people behind one address
  std::size_t header_limit = 16 * 1024;             // request line + headers; past it: 431
  std::size_t body_limit = 1024 * 1024;             // past it: 413
  std::chrono::milliseconds header_timeout{10000};  // to receive a full request header
  std::chrono::milliseconds idle_timeout{30000};    // between requests on a kept-alive connection
  std::function<void(const AccessRecord&)> access_log;  // null: no access log
  // Sent on every response that does not set its own; see content_security_policy() in http.h.
  std::string content_security_policy =
      "default-src 'self'; frame-ancestors 'none'; base-uri 'none'";
};

class Server {
 public:
  virtual ~Server() = default;
  // The port actually bound (useful when listen.port was 0).
  virtual std::uint16_t port() const = 0;
  // Stops accepting, lets requests in flight finish (up to a few seconds), closes connections and
  // joins the I/O threads. Idempotent; thread-safe.
  virtual void stop() = 0;
  // Blocks until SIGINT or SIGTERM, or until stop(); then stops.
  virtual void wait_for_shutdown_signal() = 0;
};

// Binds, listens and starts the I/O threads. `handler` must outlive the server. Fails with kIo when
// the address cannot be bound (the message names it).
Result<std::unique_ptr<Server>> start_server(const ServerOptions& options, const Handler& handler);

}  // namespace amparo::web
