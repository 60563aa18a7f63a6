#include "i18n/dates.h"

#include <unicode/datefmt.h>
#include <unicode/gregocal.h>
#include <unicode/locid.h>
#include <unicode/numfmt.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <memory>

namespace amparo::i18n {

namespace {

// ICU 72 has no Haitian Creole date data (it falls back to French); these are the month names of
// Kreyòl ayisyen, written "27 jiyè 2026" as Haitian texts do.
constexpr const char* kHaitianMonths[] = {"janvye",  "fevriye", "mas",    "avril",
                                          "me",      "jen",     "jiyè",   "out",
                                          "septanm", "oktòb",   "novanm", "desanm"};

}  // namespace

std::string format_date(const Date& date, const Language& lang) {
  if (lang.code == "ht") {
    return std::to_string(date.day()) + " " + kHaitianMonths[date.month() - 1] + " " +
           std::to_string(date.year());
  }
  UErrorCode status = U_ZERO_ERROR;
  const std::string tag = std::string(lang.icu_locale) + "@calendar=gregorian";
  const icu::Locale locale(tag.c_str());
  std::unique_ptr<icu::DateFormat> fmt(
      icu::DateFormat::createDateInstance(icu::DateFormat::kLong, locale));
  if (fmt == nullptr) return date.to_string();
  fmt->adoptTimeZone(icu::TimeZone::createTimeZone("UTC"));
  // Noon UTC on that day, so no time zone can move it to another day.
  const double ms = (static_cast<double>(date.days_since_epoch()) * 86400.0 + 43200.0) * 1000.0;
  icu::UnicodeString out;
  fmt->format(ms, out);
  if (U_FAILURE(status)) return date.to_string();
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

std::string format_number(std::int64_t n, const Language& lang) {
  UErrorCode status = U_ZERO_ERROR;
  // Haitian Creole: ICU has no data; French grouping is what Haitian texts use.
  const std::string tag = lang.code == "ht" ? std::string("fr") : std::string(lang.icu_locale);
  std::unique_ptr<icu::NumberFormat> fmt(
      icu::NumberFormat::createInstance(icu::Locale(tag.c_str()), status));
  if (U_FAILURE(status) || fmt == nullptr) return std::to_string(n);
  icu::UnicodeString out;
  fmt->format(static_cast<int64_t>(n), out);
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

}  // namespace amparo::i18n
