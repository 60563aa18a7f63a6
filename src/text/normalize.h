// Unicode text handling for search and display: validation, search folding and word tokens.
// Folding follows design.md: ICU nfkc_cf -> NFD -> drop nonspacing marks (Mn), tatweel and
// zero-width joiners -> NFC, then the Arabic/Persian letter and digit map, so that a query typed
// without accents, vowel marks or with the "other" yeh/kaf finds the same words.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace amparo::text {

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Replaces each ill-formed sequence with U+FFFD; returns valid UTF-8.
std::string sanitize_utf8(std::string_view s);

// The search key of a text: case-folded, compatibility-normalised, without diacritics, with Arabic
// script letter variants and all decimal digits unified (Arabic-Indic and Extended Arabic-Indic ->
// ASCII). Ill-formed input is sanitised first. Thread-safe.
std::string fold(std::string_view utf8);

// Splits folded text into word tokens (ICU word boundaries; Chinese and other scripts without
// spaces are segmented by ICU's dictionaries). Punctuation and spaces are dropped. Thread-safe.
std::vector<std::string> tokenize(std::string_view folded);

}  // namespace amparo::text
