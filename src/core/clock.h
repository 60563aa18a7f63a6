// The time source, injected so that tests can fix "now" (freshness banners, review_by checks,
// durations).
#pragma once

#include <chrono>

#include "core/date.h"

namespace amparo {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time (UTC). Thread-safe.
  virtual std::chrono::system_clock::time_point now() const = 0;
  // Monotonic time, for durations only. Thread-safe.
  virtual std::chrono::steady_clock::time_point steady_now() const = 0;
  // Today's date in UTC.
  Date today() const;
};

// The real clocks of the operating system.
class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override;
  std::chrono::steady_clock::time_point steady_now() const override;
};

// A clock that stands still at a given time until told to move; for tests.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::chrono::system_clock::time_point t) : now_(t) {}
  static FixedClock at(const Date& d);
  std::chrono::system_clock::time_point now() const override { return now_; }
  std::chrono::steady_clock::time_point steady_now() const override {
    return std::chrono::steady_clock::time_point(now_.time_since_epoch());
  }
  void advance(std::chrono::system_clock::duration d) { now_ += d; }

 private:
  std::chrono::system_clock::time_point now_;
};

}  // namespace amparo
