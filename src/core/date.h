// Calendar dates (proleptic Gregorian, no time zone) as used for as_of, review_by and assured_date.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "core/result.h"

namespace amparo {

class Date {
 public:
  Date() = default;  // 1970-01-01

  // Fails with kInvalidArgument unless `y`-`m`-`d` is a real day between years 1 and 9999.
  static Result<Date> from_ymd(int y, int m, int d);
  // Parses exactly "YYYY-MM-DD" (ISO 8601 calendar date, extended format).
  static Result<Date> parse(std::string_view iso);
  static Date from_days(long days_since_epoch);

  int year() const { return y_; }
  int month() const { return m_; }
  int day() const { return d_; }
  long days_since_epoch() const;  // 1970-01-01 is 0
  std::string to_string() const;  // "YYYY-MM-DD"

  Date plus_days(long n) const { return from_days(days_since_epoch() + n); }

  friend bool operator==(const Date&, const Date&) = default;
  friend std::strong_ordering operator<=>(const Date& a, const Date& b) {
    return a.days_since_epoch() <=> b.days_since_epoch();
  }

 private:
  Date(int y, int m, int d) : y_(y), m_(m), d_(d) {}
  int y_ = 1970;
  int m_ = 1;
  int d_ = 1;
};

}  // namespace amparo
