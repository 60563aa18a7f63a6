#include "i18n/languages.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <array>
#include <cstddef>
#include <vector>

#include "text/ascii.h"

namespace amparo::i18n {
namespace {

constexpr std::array<Language, 11> kLanguages{{
    {"en", "en", "English", "English", Direction::kLtr, "en"},
    {"es", "es", "Español", "Spanish", Direction::kLtr, "es"},
    {"ht", "ht", "Kreyòl ayisyen", "Haitian Creole", Direction::kLtr, "ht"},
    {"pt", "pt", "Português", "Portuguese", Direction::kLtr, "pt"},
    {"fr", "fr", "Français", "French", Direction::kLtr, "fr"},
    {"prs", "fa-AF", "دری", "Dari", Direction::kRtl, "fa_AF"},
    {"ps", "ps", "پښتو", "Pashto", Direction::kRtl, "ps"},
    {"ar", "ar", "العربية", "Arabic", Direction::kRtl, "ar"},
    {"ru", "ru", "Русский", "Russian", Direction::kLtr, "ru"},
    {"zh", "zh-Hans", "中文", "Chinese", Direction::kLtr, "zh"},
    {"tr", "tr", "Türkçe", "Turkish", Direction::kLtr, "tr"},
}};

// Primary language subtags a browser may send, and the language each one selects. Dari is sent as
// "fa" (with or without a region) as often as "prs"; Chinese scripts and regions all map to zh.
struct Alias {
  std::string_view primary;
  std::size_t index;  // into kLanguages
};
constexpr std::array<Alias, 12> kAliases{{
    {"en", 0},
    {"es", 1},
    {"ht", 2},
    {"pt", 3},
    {"fr", 4},
    {"prs", 5},
    {"fa", 5},
    {"ps", 6},
    {"ar", 7},
    {"ru", 8},
    {"zh", 9},
    {"tr", 10},
}};

constexpr int kMaxQ = 1000;  // q in thousandths

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ows(char c) { return c == ' ' || c == '\t'; }

using text::ascii_lower;
constexpr auto iequals = text::iequals_ascii;

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

// language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*" (RFC 4647 §2.1). Returns the primary subtag,
// or an empty view when `range` is not well-formed.
std::string_view primary_subtag(std::string_view range) {
  std::size_t i = 0;
  while (i < range.size() && is_alpha(range[i])) ++i;
  if (i == 0 || i > 8) return {};
  const std::string_view primary = range.substr(0, i);
  while (i < range.size()) {
    if (range[i] != '-') return {};
    const std::size_t start = ++i;
    while (i < range.size() && (is_alpha(range[i]) || is_digit(range[i]))) ++i;
    if (i == start || i - start > 8) return {};
  }
  return primary;
}

// qvalue = ("0" ["." 0*3DIGIT]) / ("1" ["." 0*3("0")]) (RFC 9110 §12.4.2), in thousandths; -1 if
// malformed.
int parse_qvalue(std::string_view s) {
  if (s.empty() || (s[0] != '0' && s[0] != '1')) return -1;
  const int whole = s[0] - '0';
  if (s.size() == 1) return whole * kMaxQ;
  if (s[1] != '.' || s.size() > 5) return -1;
  int fraction = 0;
  int scale = 100;
  for (std::size_t i = 2; i < s.size(); ++i) {
    if (!is_digit(s[i])) return -1;
    fraction += (s[i] - '0') * scale;
    scale /= 10;
  }
  if (whole == 1 && fraction != 0) return -1;
  return whole * kMaxQ + fraction;
}

// The weight of one list member's parameters (everything after the first ';'): kMaxQ when there are
// none, -1 when they are not a single well-formed q parameter.
int parse_weight(std::string_view params) {
  params = trim(params);
  if (params.empty()) return kMaxQ;
  const std::size_t eq = params.find('=');
  if (eq == std::string_view::npos) return -1;
  const std::string_view name = trim(params.substr(0, eq));
  if (name.size() != 1 || ascii_lower(name[0]) != 'q') return -1;
  return parse_qvalue(trim(params.substr(eq + 1)));
}

const Language* match(std::string_view primary) {
  for (const Alias& alias : kAliases) {
    if (iequals(alias.primary, primary)) return &kLanguages[alias.index];
  }
  return nullptr;
}

}  // namespace

std::span<const Language> languages() { return kLanguages; }

const Language* find_language(std::string_view code) {
  for (const Language& language : kLanguages) {
    if (language.code == code) return &language;
  }
  return nullptr;
}

const Language& default_language() { return kLanguages[0]; }

const Language& negotiate(std::string_view accept_language) {
  // One pass over the header without allocating: each member is weighed and compared with the best
  // so far; a later member replaces it only with a strictly higher q, so ties go to the earlier
  // one.
  const Language* best = nullptr;
  int best_q = 0;
  std::string_view rest = accept_language;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);

    const std::size_t semicolon = item.find(';');
    const std::string_view range = trim(item.substr(0, semicolon));
    const int q =
        semicolon == std::string_view::npos ? kMaxQ : parse_weight(item.substr(semicolon + 1));
    if (q <= best_q) continue;  // malformed (-1), excluded (0) or no better than the best so far
    const std::string_view primary = primary_subtag(range);
    if (primary.empty()) continue;  // malformed or "*"
    if (const Language* language = match(primary)) {
      best = language;
      best_q = q;
      if (best_q == kMaxQ) break;  // nothing later can beat it
    }
  }
  return best != nullptr ? *best : default_language();
}

namespace {

std::string icu_display_name(std::string_view code, const Language& in) {
  // One of ours first: its own name in its own language is always right.
  const Language* own = find_language(code);
  if (own != nullptr && own->code == in.code) return std::string(own->native_name);
  const icu::Locale subject(std::string(code).c_str());
  const icu::Locale display(std::string(in.icu_locale).c_str());
  icu::UnicodeString name;
  subject.getDisplayLanguage(display, name);
  std::string out;
  name.toUTF8String(out);
  if (out.empty() || out == code) return std::string(code);
  return out;
}

}  // namespace

std::string display_name(std::string_view code, const Language& in) {
  // Our languages named in our languages: asked on every help page, so built once (thread-safe
  // static initialisation), then read without ICU.
  static const std::vector<std::string> table = [] {
    std::vector<std::string> t;
    for (const auto& shown_in : languages()) {
      for (const auto& subject : languages()) t.push_back(icu_display_name(subject.code, shown_in));
    }
    return t;
  }();
  const auto all = languages();
  const auto index_of = [&](std::string_view c) -> std::size_t {
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (all[i].code == c) return i;
    }
    return all.size();
  };
  const std::size_t subject = index_of(code);
  const std::size_t shown_in = index_of(in.code);
  if (subject < all.size() && shown_in < all.size()) return table[shown_in * all.size() + subject];
  return icu_display_name(code, in);
}

}  // namespace amparo::i18n
