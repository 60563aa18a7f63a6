#include "core/date.h"

#include <charconv>

namespace amparo {
namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Howard Hinnant's days_from_civil / civil_from_days algorithms (public domain).
long days_from_civil(long y, long m, long d) {
  y -= m <= 2 ? 1 : 0;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int parse_digits(std::string_view s, bool& ok) {
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      ok = false;
      return 0;
    }
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) ok = false;
  return v;
}

}  // namespace

Result<Date> Date::from_ymd(int y, int m, int d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
    return make_error(ErrorCode::kInvalidArgument, "not a calendar date: " + std::to_string(y) +
                                                       "-" + std::to_string(m) + "-" +
                                                       std::to_string(d));
  }
  return Date(y, m, d);
}

Result<Date> Date::parse(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') {
    return make_error(ErrorCode::kInvalidArgument,
                      "expected a date as YYYY-MM-DD, got \"" + std::string(iso) + "\"");
  }
  bool ok = true;
  const int y = parse_digits(iso.substr(0, 4), ok);
  const int m = parse_digits(iso.substr(5, 2), ok);
  const int d = parse_digits(iso.substr(8, 2), ok);
  if (!ok) {
    return make_error(ErrorCode::kInvalidArgument,
                      "expected a date as YYYY-MM-DD, got \"" + std::string(iso) + "\"");
  }
  return from_ymd(y, m, d);
}

Date Date::from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long y = yoe + era * 400;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1;
  const long m = mp < 10 ? mp + 3 : mp - 9;
  return Date(static_cast<int>(m <= 2 ? y + 1 : y), static_cast<int>(m), static_cast<int>(d));
}

long Date::days_since_epoch() const { return days_from_civil(y_, m_, d_); }

std::string Date::to_string() const {
  char buf[16];
  auto put = [&buf](int at, int v, int width) {
    for (int i = width - 1; i >= 0; --i) {
      buf[at + i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  };
  put(0, y_, 4);
  buf[4] = '-';
  put(5, m_, 2);
  buf[7] = '-';
  put(8, d_, 2);
  return std::string(buf, 10);
}

}  // namespace amparo
