// Private to src/text: a UTF-8 decoder step shared by validation, sanitising and the writers.
// Well-formedness follows the Unicode Standard, table 3-7; an ill-formed sequence is reported with
// the length of its maximal subpart, so that replacing each one with U+FFFD follows the Unicode/W3C
// recommended practice.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace amparo::text::detail {

inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

struct Utf8Step {
  std::size_t length;  // bytes of the sequence (valid) or of its maximal ill-formed subpart (>= 1)
  bool valid;
};

// Decodes the sequence starting at s[i]; requires i < s.size().
inline Utf8Step next_utf8(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return {1, true};

  std::size_t need = 0;     // continuation bytes after the lead
  unsigned char lo = 0x80;  // allowed range of the first continuation byte
  unsigned char hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 1;
  } else if (lead == 0xE0) {
    need = 2;
    lo = 0xA0;  // no overlongs
  } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
    need = 2;
  } else if (lead == 0xED) {
    need = 2;
    hi = 0x9F;  // no UTF-16 surrogates
  } else if (lead == 0xF0) {
    need = 3;
    lo = 0x90;  // no overlongs
  } else if (lead >= 0xF1 && lead <= 0xF3) {
    need = 3;
  } else if (lead == 0xF4) {
    need = 3;
    hi = 0x8F;  // nothing past U+10FFFF
  } else {
    return {1, false};  // 80..C1 and F5..FF never start a sequence
  }

  for (std::size_t k = 1; k <= need; ++k) {
    if (i + k >= s.size()) return {k, false};  // truncated
    const unsigned char c = byte(i + k);
    const bool in_range = k == 1 ? (c >= lo && c <= hi) : (c >= 0x80 && c <= 0xBF);
    if (!in_range) return {k, false};
  }
  return {need + 1, true};
}

}  // namespace amparo::text::detail
