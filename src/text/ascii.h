// ASCII-only helpers for protocol text (HTTP header names and tokens, language tags), where Unicode
// case rules must not apply.
#pragma once

#include <string_view>

namespace amparo::text {

constexpr char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Case-insensitive equality for ASCII letters; other bytes compare exactly.
constexpr bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

}  // namespace amparo::text
