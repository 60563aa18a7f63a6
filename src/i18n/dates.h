// Dates and numbers written the way each language writes them (ICU long date format, Gregorian
// calendar: the dates that matter here are US legal dates, so a Persian- or Hijri-calendar
// rendering would mislead).
#pragma once

#include <cstdint>
#include <string>

#include "core/date.h"
#include "i18n/languages.h"

namespace amparo::i18n {

// "July 27, 2026", "27 de julio de 2026", "۲۷ جولای ۲۰۲۶" ... Thread-safe.
std::string format_date(const Date& date, const Language& lang);

// A whole number the way the language writes it, with the same digits as its dates ("1,234",
// "1.234", "١٬٢٣٤"). Thread-safe.
std::string format_number(std::int64_t n, const Language& lang);

}  // namespace amparo::i18n
