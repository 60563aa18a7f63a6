// Dates written the way each language writes them (ICU long date format, Gregorian calendar: the
// dates that matter here are US legal dates, so a Persian- or Hijri-calendar rendering would
// mislead).
#pragma once

#include <string>

#include "core/date.h"
#include "i18n/languages.h"

namespace amparo::i18n {

// "July 27, 2026", "27 de julio de 2026", "۲۷ جولای ۲۰۲۶" ... Thread-safe.
std::string format_date(const Date& date, const Language& lang);

}  // namespace amparo::i18n
