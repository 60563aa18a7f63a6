#include "core/clock.h"

namespace amparo {

Date Clock::today() const {
  const auto days = std::chrono::floor<std::chrono::days>(now()).time_since_epoch().count();
  return Date::from_days(static_cast<long>(days));
}

std::chrono::system_clock::time_point SystemClock::now() const {
  return std::chrono::system_clock::now();
}

std::chrono::steady_clock::time_point SystemClock::steady_now() const {
  return std::chrono::steady_clock::now();
}

FixedClock FixedClock::at(const Date& d) {
  return FixedClock(std::chrono::system_clock::time_point(std::chrono::days(d.days_since_epoch())));
}

}  // namespace amparo
