#include "text/normalize.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <utility>

#include "text/utf8.h"

namespace amparo::text {
namespace {

// The three normalisers are process-wide ICU singletons, immutable and thread-safe; looking them up
// once keeps fold() off ICU's instance cache on every call.
struct Normalizers {
  const icu::Normalizer2* nfkc_casefold;
  const icu::Normalizer2* nfd;
  const icu::Normalizer2* nfc;
};

const Normalizers& normalizers() {
  static const Normalizers instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    Normalizers n{};
    n.nfkc_casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    n.nfd = icu::Normalizer2::getNFDInstance(status);
    n.nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) {
      // Only possible when the ICU data library is missing or broken: an installation error that no
      // caller could recover from, so fail loudly at the first use instead of returning wrong
      // search keys.
      std::fprintf(stderr, "amparo: ICU normalisation data unavailable: %s\n", u_errorName(status));
      std::abort();
    }
    return n;
  }();
  return instance;
}

// ICU strings are indexed by int32_t. Inputs beyond that are not text amparo handles (request
// bodies are limited far below); they are cut at a code point boundary rather than overflowing.
std::string_view clamp_for_icu(std::string_view s) {
  constexpr std::size_t kMax =
      static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max() / 2);
  if (s.size() <= kMax) return s;
  std::size_t end = kMax;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

icu::UnicodeString to_icu(std::string_view utf8) {
  const std::string_view s = clamp_for_icu(utf8);
  return icu::UnicodeString::fromUTF8(
      icu::StringPiece(s.data(), static_cast<std::int32_t>(s.size())));
}

bool is_ascii(std::string_view s) {
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0x80) != 0) return false;
  }
  return true;
}

// Characters removed besides nonspacing marks. nfkc_cf already drops the default-ignorable ones
// (ZWNJ, ZWJ, ZWSP, BOM, soft hyphen); they are listed so the contract does not rest on that
// detail.
bool is_dropped(UChar32 c) {
  switch (c) {
    case 0x0640:  // ARABIC TATWEEL
    case 0x00AD:  // SOFT HYPHEN
    case 0x200B:  // ZERO WIDTH SPACE
    case 0x200C:  // ZERO WIDTH NON-JOINER
    case 0x200D:  // ZERO WIDTH JOINER
    case 0xFEFF:  // ZERO WIDTH NO-BREAK SPACE (BOM)
      return true;
    default:
      return u_charType(c) == U_NON_SPACING_MARK;
  }
}

// The Arabic-script letter variants that Arabic, Persian, Dari and Pashto writers use
// interchangeably, and all decimal digits, mapped to one form.
UChar32 unify_letter(UChar32 c) {
  switch (c) {
    case 0x064A:      // ARABIC LETTER YEH
    case 0x0649:      // ARABIC LETTER ALEF MAKSURA
      return 0x06CC;  // FARSI YEH
    case 0x0643:      // ARABIC LETTER KAF
      return 0x06A9;  // KEHEH
    case 0x0629:      // TEH MARBUTA
    case 0x06C0:      // HEH WITH YEH ABOVE
    case 0x06C1:      // HEH GOAL
      return 0x0647;  // HEH
    case 0x0671:      // ALEF WASLA
      return 0x0627;  // ALEF
    default:
      break;
  }
  if (c >= 0x80 && u_charType(c) == U_DECIMAL_DIGIT_NUMBER) {
    const std::int32_t digit = u_charDigitValue(c);
    if (digit >= 0 && digit <= 9) return static_cast<UChar32>(U'0' + static_cast<char32_t>(digit));
  }
  return c;
}

// Drops marks and ignorables from NFD text and unifies letters. The letter map runs here rather
// than after the final NFC because no character it reads or writes takes part in a canonical
// composition once the marks are gone, so the result is the same and one pass over the string is
// saved.
void strip_and_unify(const icu::UnicodeString& nfd, icu::UnicodeString& out) {
  const std::int32_t n = nfd.length();
  for (std::int32_t i = 0; i < n;) {
    UChar32 c = nfd.char32At(i);
    i += U16_LENGTH(c);
    if (is_dropped(c)) continue;
    // HEH WITH YEH ABOVE (U+06C0) decomposes to AE (U+06D5) + HAMZA ABOVE; only that pair is the
    // Persian letter, a bare U+06D5 is Kurdish AE and stays.
    if (c == 0x06D5 && i < n && nfd.charAt(i) == 0x0654) c = 0x06C0;
    out.append(unify_letter(c));
  }
}

std::string fold_ascii(std::string_view s) {
  // For ASCII, nfkc_cf is plain lower-casing and the other steps change nothing.
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const detail::Utf8Step step = detail::next_utf8(s, i);
    if (!step.valid) return false;
    i += step.length;
  }
  return true;
}

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const detail::Utf8Step step = detail::next_utf8(s, i);
    if (step.valid) {
      out.append(s, i, step.length);
    } else {
      out.append(detail::kReplacementCharacter);
    }
    i += step.length;
  }
  return out;
}

std::string fold(std::string_view utf8) {
  if (is_ascii(utf8)) return fold_ascii(utf8);

  std::string sanitized;
  std::string_view input = utf8;
  if (!is_valid_utf8(utf8)) {
    sanitized = sanitize_utf8(utf8);
    input = sanitized;
  }

  const Normalizers& n = normalizers();
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString source = to_icu(input);
  icu::UnicodeString a;
  icu::UnicodeString b;
  n.nfkc_casefold->normalize(source, a, status);
  n.nfd->normalize(a, b, status);
  a.remove();
  strip_and_unify(b, a);
  n.nfc->normalize(a, b, status);
  if (U_FAILURE(status)) return std::string(input);  // allocation failure inside ICU

  std::string out;
  out.reserve(input.size());
  b.toUTF8String(out);
  return out;
}

std::vector<std::string> tokenize(std::string_view folded) {
  std::vector<std::string> tokens;
  if (folded.empty()) return tokens;

  // A break iterator holds per-text state, so each call gets its own; ICU caches the compiled rules
  // and dictionaries, which keeps creation cheap.
  UErrorCode status = U_ZERO_ERROR;
  const std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || words == nullptr) return tokens;

  const icu::UnicodeString text = to_icu(folded);  // fromUTF8 replaces ill-formed bytes with U+FFFD
  words->setText(text);
  std::int32_t start = words->first();
  for (std::int32_t end = words->next(); end != icu::BreakIterator::DONE;
       start = end, end = words->next()) {
    // Spaces and punctuation carry a status in [UBRK_WORD_NONE, UBRK_WORD_NONE_LIMIT).
    if (words->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    std::string token;
    text.tempSubStringBetween(start, end).toUTF8String(token);
    tokens.push_back(std::move(token));
  }
  return tokens;
}

}  // namespace amparo::text
