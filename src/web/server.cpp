// The HTTP server over Boost.Beast and Asio. This is the only file of amparo that includes them: it
// turns Beast's parsed requests into our Request, writes our Response (headers composed here,
// bodies sent from the shared Body without copying) and guards against slow and hostile clients.
#include "web/server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <exception>
#include <limits>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

// GCC's optimizer warns about null dereferences inside Asio's scheduler when it inlines it at -O2
// and above, despite the system-header exemption; the code is Asio's, not ours.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#pragma GCC diagnostic pop

#include "text/ascii.h"

namespace amparo::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// How long stop() waits for requests in flight before it stops the I/O threads regardless.
constexpr auto kShutdownGrace = std::chrono::seconds(3);
// After an error response the server stops sending and reads (and drops) what the client still
// sends, so that closing does not reset the connection before the client has read the response.
constexpr auto kLingerTotal = std::chrono::seconds(2);
constexpr auto kLingerStep = std::chrono::milliseconds(500);
constexpr std::size_t kReadChunk = 4096;
constexpr std::size_t kDrainChunk = 16384;
// Pause before accepting again when accept() fails (out of file descriptors, say).
constexpr auto kAcceptRetry = std::chrono::milliseconds(100);

using text::ascii_lower;
constexpr auto iequals = text::iequals_ascii;

std::string_view to_std(beast::string_view s) { return {s.data(), s.size()}; }

// If-None-Match against our strong ETag, with the weak comparison RFC 9110 asks for.
bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (etag.substr(0, 2) == "W/") etag.remove_prefix(2);
  bool match = false;
  for_each_list_item(if_none_match, [&](std::string_view item) {
    if (item == "*") {
      match = true;
    } else {
      if (item.substr(0, 2) == "W/") item.remove_prefix(2);
      match = item == etag;
    }
    return match;
  });
  return match;
}

bool safe_header_text(std::string_view s) {
  for (char c : s) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

bool header_name_ok(std::string_view name) {
  if (name.empty()) return false;
  static constexpr std::string_view kTokenExtra = "!#$%&'*+-.^_`|~";
  for (char c : name) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum && kTokenExtra.find(c) == std::string_view::npos) return false;
  }
  return true;
}

// Headers the server writes itself; a handler's copies are dropped so none is sent twice.
bool reserved_header(std::string_view name) {
  static constexpr std::array<std::string_view, 8> kReserved = {
      "content-length", "transfer-encoding", "connection", "date",
      "content-type",   "content-encoding",  "keep-alive", "upgrade"};
  for (auto r : kReserved) {
    if (iequals(name, r)) return true;
  }
  return false;
}

void append_number(std::string& out, std::uint64_t n) {
  std::array<char, 24> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), n);
  (void)ec;
  out.append(buf.data(), end);
}

void append_header(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  out += value;
  out += "\r\n";
}

// The IMF-fixdate of now, formatted once per second per thread.
std::string_view http_date() {
  thread_local std::time_t cached = -1;
  thread_local std::array<char, 40> buf{};
  thread_local std::size_t len = 0;
  const std::time_t now = std::time(nullptr);
  if (now != cached) {
    static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                         "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm t{};
    gmtime_r(&now, &t);
    const int n = std::snprintf(buf.data(), buf.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                                kDays.at(static_cast<std::size_t>(t.tm_wday % 7)), t.tm_mday,
                                kMonths.at(static_cast<std::size_t>(t.tm_mon % 12)),
                                t.tm_year + 1900, t.tm_hour, t.tm_min, t.tm_sec);
    len = n > 0 ? static_cast<std::size_t>(n) : 0;
    cached = now;
  }
  return {buf.data(), len};
}

Method to_method(bhttp::verb v) {
  switch (v) {
    case bhttp::verb::get:
      return Method::kGet;
    case bhttp::verb::head:
      return Method::kHead;
    case bhttp::verb::post:
      return Method::kPost;
    case bhttp::verb::put:
      return Method::kPut;
    case bhttp::verb::patch:
      return Method::kPatch;
    case bhttp::verb::delete_:
      return Method::kDelete;
    case bhttp::verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

// The path part of a request target; an absolute-form target ("http://host/p") loses its authority.
std::string_view path_part(std::string_view target) {
  target = target.substr(0, target.find('?'));
  if (!target.empty() && target.front() != '/') {
    const auto scheme_end = target.find("://");
    if (scheme_end != std::string_view::npos) {
      const auto slash = target.find('/', scheme_end + 3);
      target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    }
  }
  return target;
}

class Session;

// What sessions share with the server: configuration, the handler, and the connection bookkeeping.
struct ServerCore {
  ServerCore(const ServerOptions& o, const Handler& h) : options(o), handler(h) {}

  const ServerOptions options;
  const Handler& handler;
  std::atomic<bool> stopping{false};

  // Guards everything below. Taken at accept and at close only, never per request.
  std::mutex mutex;
  std::condition_variable drained;
  std::size_t connections = 0;
  // Client addresses, only to count connections per client; an entry goes when its count reaches 0.
  std::map<asio::ip::address, std::size_t> per_client;
  std::list<std::weak_ptr<Session>> sessions;

  // The handler's error page; a plain one if the handler throws.
  Response error_page(int status, std::string_view accept_language) const {
    try {
      return handler.error(status, accept_language);
    } catch (...) {
      auto reason = bhttp::obsolete_reason(bhttp::int_to_status(static_cast<unsigned>(status)));
      return Response::text(status, "text/plain; charset=utf-8", std::string(to_std(reason)));
    }
  }

  void log(std::string_view method, std::string_view route, int status, Clock::time_point since) {
    if (!options.access_log) return;
    AccessRecord record;
    record.method = method;
    record.route = route.empty() ? std::string_view("-") : route;
    record.status = status;
    record.duration = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - since);
    try {
      options.access_log(record);
    } catch (...) {
      // A failing log sink must not take the connection down; there is nowhere else to report it.
    }
  }
};

// One TCP connection. All its work runs on its strand (the stream's executor).
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(ServerCore& core, tcp::socket socket, std::optional<asio::ip::address> counted)
      : core_(core), stream_(std::move(socket)), client_(std::move(counted)) {}

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  ~Session() {
    std::lock_guard lock(core_.mutex);
    if (client_) {
      --core_.connections;
      auto it = core_.per_client.find(*client_);
      if (it != core_.per_client.end() && --it->second == 0) core_.per_client.erase(it);
    }
    if (position_) core_.sessions.erase(*position_);
    if (core_.sessions.empty()) core_.drained.notify_all();
  }

  void set_position(std::list<std::weak_ptr<Session>>::iterator position) { position_ = position; }

  // Serves requests until the client leaves, a deadline passes or the server stops.
  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->core_.stopping.load()) return self->close_now();
      self->read_header();
    });
  }

  // Answers 503 at once and closes: the connection is past a cap.
  void reject() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      self->started_ = Clock::now();
      self->log_method_ = "-";
      self->keep_alive_ = false;
      self->linger_ = true;
      self->response_ = self->core_.error_page(503, "");
      self->send_response(false, false);
    });
  }

  // Called on the strand when the server stops: a connection waiting for a request closes now; one
  // with a request in flight finishes it and then closes.
  void on_server_stop() {
    if (phase_ == Phase::kWaiting || phase_ == Phase::kReadingHeader ||
        phase_ == Phase::kLingering) {
      close_now();
    }
  }

  asio::any_io_executor executor() { return stream_.get_executor(); }

  // Closes the socket from outside the strand; only once no I/O thread runs.
  void abort() { close_now(); }

 private:
  enum class Phase { kWaiting, kReadingHeader, kReadingBody, kHandling, kWriting, kLingering };

  // Between requests: wait up to idle_timeout for the first byte, then give the header its
  // deadline.
  void wait_for_request() {
    if (buffer_.size() > 0) return read_header();
    phase_ = Phase::kWaiting;
    stream_.expires_after(core_.options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->buffer_.commit(n);
                              if (ec) return self->close_now();
                              self->read_header();
                            });
  }

  void read_header() {
    phase_ = Phase::kReadingHeader;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(
        core_.options.header_limit, std::numeric_limits<std::uint32_t>::max())));
    parser_->body_limit(static_cast<std::uint64_t>(core_.options.body_limit));
    stream_.expires_after(core_.options.header_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    started_ = Clock::now();
    const auto& msg = parser_->get();
    if (msg.version() != 10 && msg.version() != 11) return fail(400);
    if (parser_->is_done()) return handle_request();
    phase_ = Phase::kReadingBody;
    stream_.expires_after(core_.options.idle_timeout);
    if (msg.version() == 11 && iequals(to_std(msg[bhttp::field::expect]), "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = shared_from_this()](beast::error_code wec, std::size_t) {
                          if (wec) return self->close_now();
                          self->read_body();
                        });
      return;
    }
    read_body();
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->on_read_error(ec);
                        self->handle_request();
                      });
  }

  void on_read_error(beast::error_code ec) {
    if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) return fail(431);
    if (ec == bhttp::error::body_limit) return fail(413);
    const bool parse_error =
        ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
    if (parse_error && ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
      return fail(400);
    }
    // The client left, timed out or the server is stopping: nothing to answer.
    close_now();
  }

  // Answers a request that could not be read with an error page, then closes.
  void fail(int status) {
    if (started_ == Clock::time_point{}) started_ = Clock::now();
    log_method_ = parser_ && parser_->is_header_done()
                      ? method_name(to_method(parser_->get().method()))
                      : std::string_view("-");
    keep_alive_ = false;
    linger_ = true;
    request_.headers.clear();
    std::string accept_language;
    if (parser_) {
      accept_language = std::string(to_std(parser_->get()[bhttp::field::accept_language]));
    }
    response_ = core_.error_page(status, accept_language);
    send_response(false, false);
  }

  void handle_request() {
    phase_ = Phase::kHandling;
    auto& msg = parser_->get();
    request_.method = to_method(msg.method());
    log_method_ = method_name(request_.method);
    request_.target.assign(msg.target().data(), msg.target().size());
    const auto question = request_.target.find('?');
    request_.query.assign(question == std::string::npos
                              ? std::string_view{}
                              : std::string_view(request_.target).substr(question + 1));
    std::size_t n = 0;
    for (const auto& field : msg) {
      const auto name = to_std(field.name_string());
      const auto value = to_std(field.value());
      if (n == request_.headers.size()) request_.headers.emplace_back();
      auto& [lower, v] = request_.headers[n++];
      lower.resize(name.size());
      for (std::size_t i = 0; i < name.size(); ++i) lower[i] = ascii_lower(name[i]);
      v.assign(value);
    }
    request_.headers.resize(n);
    request_.body = std::move(msg.body());
    keep_alive_ = msg.keep_alive() && !core_.stopping.load();
    http10_ = msg.version() == 10;
    linger_ = false;

    if (!decode_path(path_part(request_.target), request_.path) || request_.path.empty() ||
        request_.path.front() != '/') {
      response_ = core_.error_page(400, request_.header("accept-language"));
    } else {
      try {
        response_ = core_.handler.handle(request_);
      } catch (...) {
        // Nothing about the request or the exception is logged: either may carry personal data.
        response_ = core_.error_page(500, request_.header("accept-language"));
      }
    }
    const bool head = request_.method == Method::kHead;
    const bool conditional = head || request_.method == Method::kGet;
    send_response(head, conditional);
  }

  // Composes the status line and headers into head_ and writes them with the chosen body variant.
  void send_response(bool head, bool conditional) {
    phase_ = Phase::kWriting;
    if (core_.stopping.load()) keep_alive_ = false;
    int status = response_.status;
    if (status < 200 || status > 599) status = 500;
    const Body* body = response_.body.get();
    std::string_view payload;
    std::string_view encoding;
    bool vary = false;
    if (body != nullptr) {
      payload = body->identity;
      vary = !body->gzip.empty() || !body->brotli.empty();
      if (vary) {
        const auto accept_encoding = request_.header("accept-encoding");
        if (!body->brotli.empty() && accepts_coding(accept_encoding, "br")) {
          payload = body->brotli;
          encoding = "br";
        } else if (!body->gzip.empty() && accepts_coding(accept_encoding, "gzip")) {
          payload = body->gzip;
          encoding = "gzip";
        }
      }
      if (conditional && status == 200 && !body->etag.empty()) {
        const auto if_none_match = request_.header("if-none-match");
        if (!if_none_match.empty() && etag_matches(if_none_match, body->etag)) status = 304;
      }
    }
    const bool bodiless_status = status == 204 || status == 304;

    head_.clear();
    head_ += "HTTP/1.1 ";
    append_number(head_, static_cast<std::uint64_t>(status));
    head_ += ' ';
    head_ += to_std(bhttp::obsolete_reason(bhttp::int_to_status(static_cast<unsigned>(status))));
    head_ += "\r\n";
    append_header(head_, "Date", http_date());
    if (!bodiless_status) {
      if (!response_.content_type.empty() && safe_header_text(response_.content_type)) {
        append_header(head_, "Content-Type", response_.content_type);
      }
      head_ += "Content-Length: ";
      append_number(head_, payload.size());
      head_ += "\r\n";
      if (!encoding.empty()) append_header(head_, "Content-Encoding", encoding);
    }
    if (vary) append_header(head_, "Vary", "Accept-Encoding");
    if (body != nullptr && !body->etag.empty() && safe_header_text(body->etag)) {
      append_header(head_, "ETag", body->etag);
    }
    append_header(head_, "X-Content-Type-Options", "nosniff");
    append_header(head_, "Referrer-Policy", "no-referrer");
    bool own_csp = false;
    for (const auto& [name, value] : response_.headers) {
      if (reserved_header(name) || !header_name_ok(name) || !safe_header_text(value)) continue;
      if (iequals(name, "content-security-policy")) own_csp = true;
      append_header(head_, name, value);
    }
    if (!own_csp && !core_.options.content_security_policy.empty() &&
        safe_header_text(core_.options.content_security_policy)) {
      append_header(head_, "Content-Security-Policy", core_.options.content_security_policy);
    }
    if (!keep_alive_) {
      append_header(head_, "Connection", "close");
    } else if (http10_) {
      append_header(head_, "Connection", "keep-alive");
    }
    head_ += "\r\n";

    log_status_ = status;
    if (head || bodiless_status) payload = {};
    const std::array<asio::const_buffer, 2> buffers = {
        asio::buffer(head_.data(), head_.size()), asio::buffer(payload.data(), payload.size())};
    stream_.expires_after(core_.options.idle_timeout);
    asio::async_write(
        stream_, buffers,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_written(ec); });
  }

  void on_written(beast::error_code ec) {
    core_.log(log_method_, response_.route, log_status_, started_);
    response_.body.reset();
    started_ = {};
    if (ec) return close_now();
    if (linger_) return linger();
    if (!keep_alive_ || core_.stopping.load()) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      return close_now();
    }
    wait_for_request();
  }

  void linger() {
    phase_ = Phase::kLingering;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    linger_deadline_ = Clock::now() + kLingerTotal;
    drain();
  }

  void drain() {
    const auto now = Clock::now();
    if (now >= linger_deadline_ || core_.stopping.load()) return close_now();
    stream_.expires_after(std::min<Clock::duration>(kLingerStep, linger_deadline_ - now));
    stream_.async_read_some(buffer_.prepare(kDrainChunk),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->close_now();
                              self->drain();
                            });
  }

  void close_now() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  ServerCore& core_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Request request_;
  Response response_;
  std::string head_;
  // The client's address while it counts against the caps; nullopt for a rejected connection.
  std::optional<asio::ip::address> client_;
  std::optional<std::list<std::weak_ptr<Session>>::iterator> position_;
  Phase phase_ = Phase::kWaiting;
  bool keep_alive_ = false;
  bool http10_ = false;
  bool linger_ = false;
  Clock::time_point started_{};
  Clock::time_point linger_deadline_{};
  std::string_view log_method_ = "-";
  int log_status_ = 0;
};

class ServerImpl final : public Server {
 public:
  ServerImpl(const ServerOptions& options, const Handler& handler)
      : core_(options, handler),
        work_(asio::make_work_guard(ioc_)),
        acceptor_(asio::make_strand(ioc_)),
        accept_retry_(acceptor_.get_executor()) {}

  ServerImpl(const ServerImpl&) = delete;
  ServerImpl& operator=(const ServerImpl&) = delete;

  ~ServerImpl() override { stop(); }

  Status listen() {
    const auto& where = core_.options.listen;
    auto io_error = [&where](std::string_view what, const beast::error_code& ec) {
      return make_error(ErrorCode::kIo, "cannot listen on " + where.to_string() + ": " +
                                            std::string(what) + ": " + ec.message());
    };
    beast::error_code ec;
    tcp::endpoint endpoint;
    const auto address = asio::ip::make_address(where.host, ec);
    if (!ec) {
      endpoint = tcp::endpoint(address, where.port);
    } else {
      tcp::resolver resolver(ioc_);
      const auto results =
          resolver.resolve(where.host, std::to_string(where.port),
                           tcp::resolver::passive | tcp::resolver::numeric_service, ec);
      if (ec || results.empty()) return io_error("cannot resolve the host", ec);
      endpoint = results.begin()->endpoint();
    }
    if (acceptor_.open(endpoint.protocol(), ec)) return io_error("socket", ec);
    if (acceptor_.set_option(asio::socket_base::reuse_address(true), ec)) {
      return io_error("SO_REUSEADDR", ec);
    }
    if (acceptor_.bind(endpoint, ec)) return io_error("bind", ec);
    if (acceptor_.listen(asio::socket_base::max_listen_connections, ec)) {
      return io_error("listen", ec);
    }
    const auto local = acceptor_.local_endpoint(ec);
    if (ec) return io_error("local address", ec);
    port_ = local.port();
    return ok_status();
  }

  Status run(int thread_count) {
    asio::dispatch(acceptor_.get_executor(), [this] { do_accept(); });
    try {
      for (int i = 0; i < std::max(1, thread_count); ++i) {
        threads_.emplace_back([this] { run_loop(); });
      }
    } catch (const std::system_error& e) {
      return make_error(ErrorCode::kUnavailable,
                        std::string("cannot start I/O threads: ") + e.what());
    }
    return ok_status();
  }

  std::uint16_t port() const override { return port_; }

  void stop() override {
    if (on_io_thread()) {
      // Joining from an I/O thread would wait for itself: begin the shutdown and leave the rest
      // to wait_for_shutdown_signal() or the destructor.
      begin_stop();
      wake_waiter(signalled_);
      return;
    }
    std::lock_guard stop_lock(stop_mutex_);
    if (stopped_) return;
    begin_stop();
    {
      std::unique_lock lock(core_.mutex);
      core_.drained.wait_for(lock, kShutdownGrace, [this] { return core_.sessions.empty(); });
    }
    work_.reset();
    ioc_.stop();
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
    // No I/O thread runs now, so sockets may be closed from here: the listening socket (its posted
    // close may not have run) and connections still busy after the grace period.
    beast::error_code ignored;
    acceptor_.close(ignored);
    accept_retry_.cancel();
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard lock(core_.mutex);
      for (const auto& weak : core_.sessions) {
        if (auto session = weak.lock()) live.push_back(std::move(session));
      }
    }
    for (auto& session : live) session->abort();
    live.clear();
    stopped_ = true;
    wake_waiter(finished_);
  }

  void wait_for_shutdown_signal() override {
    asio::signal_set signals(ioc_, SIGINT, SIGTERM);
    signals.async_wait([this](const beast::error_code& ec, int) {
      if (!ec) wake_waiter(signalled_);
    });
    {
      std::unique_lock lock(signal_mutex_);
      signal_cv_.wait(lock, [this] { return signalled_ || finished_; });
    }
    stop();
  }

 private:
  bool on_io_thread() const {
    const auto self = std::this_thread::get_id();
    return std::any_of(threads_.begin(), threads_.end(),
                       [self](const std::thread& t) { return t.get_id() == self; });
  }

  // Stops accepting and tells every connection; those waiting for a request close at once.
  void begin_stop() {
    core_.stopping.store(true);
    asio::post(acceptor_.get_executor(), [this] {
      beast::error_code ignored;
      acceptor_.close(ignored);
      accept_retry_.cancel();
    });
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard lock(core_.mutex);
      for (const auto& weak : core_.sessions) {
        if (auto session = weak.lock()) live.push_back(std::move(session));
      }
    }
    for (auto& session : live) {
      asio::post(session->executor(), [session] { session->on_server_stop(); });
    }
    // Cleared outside the lock: the last reference may go here, and ~Session takes the lock.
    live.clear();
  }

  void wake_waiter(bool& flag) {
    {
      std::lock_guard lock(signal_mutex_);
      flag = true;
    }
    signal_cv_.notify_all();
  }

  void run_loop() {
    for (;;) {
      try {
        ioc_.run();
        return;
      } catch (...) {
        // A completion handler threw (out of memory, say); the connection it served is gone, the
        // server goes on.
      }
    }
  }

  void do_accept() {
    acceptor_.async_accept(
        asio::make_strand(ioc_),
        [this](beast::error_code ec, tcp::socket socket) { on_accept(ec, std::move(socket)); });
  }

  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (!acceptor_.is_open() || ec == asio::error::operation_aborted) return;
    if (ec) {
      accept_retry_.expires_after(kAcceptRetry);
      accept_retry_.async_wait([this](beast::error_code wait_ec) {
        if (!wait_ec && acceptor_.is_open()) do_accept();
      });
      return;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    const auto remote = socket.remote_endpoint(ec);
    if (!ec) {
      std::shared_ptr<Session> session;
      bool admitted = false;
      {
        std::lock_guard lock(core_.mutex);
        auto& for_client = core_.per_client[remote.address()];
        admitted = core_.connections < core_.options.max_connections &&
                   for_client < core_.options.max_connections_per_client;
        if (admitted) {
          ++core_.connections;
          ++for_client;
        } else if (for_client == 0) {
          core_.per_client.erase(remote.address());
        }
        session = std::make_shared<Session>(
            core_, std::move(socket),
            admitted ? std::optional<asio::ip::address>(remote.address()) : std::nullopt);
        core_.sessions.push_front(session);
        session->set_position(core_.sessions.begin());
      }
      if (admitted) {
        session->start();
      } else {
        session->reject();
      }
    }
    do_accept();
  }

  ServerCore core_;
  std::mutex stop_mutex_;
  bool stopped_ = false;
  std::mutex signal_mutex_;
  std::condition_variable signal_cv_;
  bool signalled_ = false;
  bool finished_ = false;
  std::uint16_t port_ = 0;
  // Declared after core_ so that sessions destroyed with the io_context still find it.
  asio::io_context ioc_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  tcp::acceptor acceptor_;
  asio::steady_timer accept_retry_;
  std::vector<std::thread> threads_;
};

}  // namespace

Result<std::unique_ptr<Server>> start_server(const ServerOptions& options, const Handler& handler) {
  auto server = std::make_unique<ServerImpl>(options, handler);
  AMPARO_RETURN_IF_ERROR(server->listen());
  AMPARO_RETURN_IF_ERROR(server->run(options.threads));
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace amparo::web
