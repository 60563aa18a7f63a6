// The site: the routing table and the handlers, answering every request from the current snapshot.
// Handlers are pure functions of (request, snapshot); the snapshot is swapped atomically on
// rebuild.
#pragma once

#include <atomic>
#include <memory>

#include "web/server.h"
#include "web/snapshot.h"

namespace amparo::web {

class App final : public Handler {
 public:
  explicit App(std::shared_ptr<const Snapshot> snapshot) : snapshot_(std::move(snapshot)) {}

  Response handle(const Request& request) const override;
  Response error(int status, std::string_view accept_language) const override;

  // Replaces the snapshot; requests in flight keep the one they started with. Thread-safe.
  void swap(std::shared_ptr<const Snapshot> next) { snapshot_.store(std::move(next)); }
  std::shared_ptr<const Snapshot> snapshot() const { return snapshot_.load(); }

 private:
  std::atomic<std::shared_ptr<const Snapshot>> snapshot_;
};

// The error response for `status` in language `lang_code`, from `snapshot`.
Response error_response(const Snapshot& snapshot, int status, std::string_view lang_code);

}  // namespace amparo::web
