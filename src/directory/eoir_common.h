// Private to src/directory: what the two DOJ/EOIR importers share: reading a JSON array of flat
// objects with a fixed set of keys, ids from normalised text, NANP phone numbers, and the issues
// they report.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "directory/import.h"

namespace amparo::directory::eoir {

enum class JsonKind {
  kStringOrNull,  // null is read as ""
  kBool,          // read as "true" / "false"
  kInteger,       // read as its decimal digits
};

struct JsonKey {
  std::string_view name;
  JsonKind kind;
};

// The rows of a JSON file that must be an array of objects each holding every key in `keys` (other
// keys are ignored); values come back in the order of `keys`. Errors name `path`: an empty file,
// invalid UTF-8 (with byte offset and line), malformed JSON, a top level that is not an array, an
// element that is not an object, a missing key or a value of the wrong type (naming row and key).
Result<std::vector<std::vector<std::string>>> read_json_rows(const std::string& path,
                                                             std::span<const JsonKey> keys);

// Whitespace runs (including newlines) collapsed to one space, ends trimmed.
std::string squeeze(std::string_view s);

// Lowercase ASCII letters and digits; every other run of bytes becomes one '-'; no '-' at the ends.
std::string slug(std::string_view s);

// The part of an e-mail address after '@', lowercased; "" when there is none.
std::string email_domain(std::string_view email);
// The host of a website as published ("www.x.org/path" -> "x.org"), lowercased.
std::string web_host(std::string_view website);

// One number read from a phone field.
struct ParsedPhone {
  std::string number;     // "(ddd) ddd-dddd"
  std::string extension;  // digits, or ""
  std::string note;       // a parenthesised note after the number ("Detention Line"), or ""
};

struct PhoneParse {
  std::vector<ParsedPhone> phones;
  // Pieces that hold digits but are not a complete 10-digit NANP number: reported, never kept.
  std::vector<std::string> incomplete;
};

// Reads every complete NANP number (optionally "1 " before it, an extension "ext. 301" / ", Ext.
// 264" after it, and a parenthesised note) from `text`. Numbers are never completed or corrected:
// anything else holding digits lands in `incomplete`.
PhoneParse parse_phones(std::string_view text);

// True when `text` is exactly one complete number as parse_phones reads it (with "1 " allowed).
bool is_single_phone(std::string_view text);

// "MM/DD/YY" -> "YYYY-MM-DD" (YY 00-68 -> 20YY, 69-99 -> 19YY, as POSIX strptime %y); "" when it
// is not a real date in that form.
std::string us_short_date_to_iso(std::string_view mdy);

ImportIssue issue(const std::string& file, int row, std::string field, std::string reason);

// The taxonomy and term an attribute references; emitted by each importer that uses them (the store
// upserts by id, so emitting them twice is harmless).
void add_taxonomy_once(store::Records& records, store::Taxonomy taxonomy);
void add_term_once(store::Records& records, store::TaxonomyTerm term);

}  // namespace amparo::directory::eoir
