// UI strings: gettext PO catalogs (i18n/<code>.po), plural forms chosen by ICU's plural rules,
// English fallback. Catalogs are loaded once and then read-only (thread-safe to read).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace amparo::i18n {

struct PoMessage {
  std::string context;            // msgctxt
  std::string id;                 // msgid
  std::string id_plural;          // msgid_plural
  std::vector<std::string> strs;  // msgstr, or msgstr[0..n-1]
  bool fuzzy = false;
  int line = 0;  // line of its msgid, 1-based
};

struct PoFile {
  std::map<std::string, std::string> header;  // "Language", "Plural-Forms", ...
  std::vector<PoMessage> messages;            // without the header entry
};

// Parses a PO file: comments, flags (#, fuzzy), msgctxt, msgid, msgid_plural, msgstr[n], multi-line
// strings and C escapes. An error names `file_name`, the line and what was expected.
Result<PoFile> parse_po(std::string_view text, std::string_view file_name);

struct Coverage {
  std::string language;
  int total = 0;    // messages in the English catalog
  int missing = 0;  // absent, empty or fuzzy in this language (shown in English)
  std::vector<std::string> missing_ids;
};

class Catalogs {
 public:
  // Loads <dir>/<code>.po for every language of languages(); en.po is required, others may be
  // missing (everything then falls back to English). Fails on a malformed file, naming file and
  // line; on a plural message whose number of forms differs from the language's ICU plural
  // categories; and on a translation whose {placeholders} differ from the English ones.
  static Result<Catalogs> load(const std::string& dir);

  // Builds catalogs from already-parsed files, keyed by language code (for tests).
  static Result<Catalogs> from_files(std::map<std::string, PoFile> files);

  // The translation of `msgid` in `lang`, or the English text when missing, empty or fuzzy.
  // The view points into this object (valid while it lives); a msgid found in no catalog comes back
  // as given, a view of the argument. For a message with context, `msgid` is context + '\x04' +
  // msgid.
  std::string_view tr(std::string_view lang, std::string_view msgid) const;

  // The plural form for `n` per ICU's rules for `lang` (msgstr[i] is the i-th of the language's
  // plural categories in CLDR order zero, one, two, few, many, other, keeping only those the
  // language has). Falls back to English ("one" for n == 1, else "other").
  std::string_view tr_plural(std::string_view lang, std::string_view msgid, std::int64_t n) const;

  std::vector<Coverage> coverage() const;

 private:
  struct Entry {
    std::vector<std::string> forms;  // one for singular messages
  };
  // lang -> (msgid -> forms)
  std::map<std::string, std::map<std::string, Entry, std::less<>>, std::less<>> by_lang_;
  std::map<std::string, std::vector<std::string>, std::less<>>
      plural_categories_;  // lang -> ICU keywords
  struct PluralSelector;   // a language's ICU plural rules, built once at load (catalog.cpp)
  std::map<std::string, std::shared_ptr<const PluralSelector>, std::less<>> plural_selectors_;
};

// Replaces each {name} in `pattern` with its value; unknown names stay as written.
std::string format(std::string_view pattern,
                   std::initializer_list<std::pair<std::string_view, std::string_view>> args);

}  // namespace amparo::i18n
