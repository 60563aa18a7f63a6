// The languages amparo speaks, their direction, and choosing one from a browser's Accept-Language.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace amparo::i18n {

enum class Direction { kLtr, kRtl };

struct Language {
  std::string_view code;          // in URLs and file names: "en", "prs"
  std::string_view html_lang;     // BCP 47 for lang="": "fa-AF" for Dari
  std::string_view native_name;   // the language in its own name: "Español", "دری"
  std::string_view english_name;  // "Spanish", "Dari"
  Direction dir;
  std::string_view icu_locale;  // for plural rules and collation: "fa_AF"
  std::string_view dir_attr() const { return dir == Direction::kRtl ? "rtl" : "ltr"; }
};

// en es ht pt fr prs ps ar ru zh tr, in this order.
std::span<const Language> languages();

// The language with URL code `code`, or nullptr.
const Language* find_language(std::string_view code);

// English.
const Language& default_language();

// The best supported language for an Accept-Language header (RFC 9110 §12.5.4): highest q first,
// then order of appearance; "es-MX" matches es, "fa"/"fa-AF"/"prs" match prs, "zh-Hans-CN"/"zh-TW"
// match zh, q=0 excludes. English when nothing matches or the header is empty or malformed.
const Language& negotiate(std::string_view accept_language);

// The name of the language with ISO 639 code `code` ("es", "prs", "ht"), written in `in` (ICU
// display names: "español" in Spanish, "Spanish" in English); the code itself when ICU has no name.
std::string display_name(std::string_view code, const Language& in);

}  // namespace amparo::i18n
