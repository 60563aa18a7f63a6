#include "i18n/catalog.h"

#include <unicode/locid.h>
#include <unicode/plurrule.h>
#include <unicode/strenum.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <filesystem>
#include <iterator>
#include <set>

#include "core/file.h"
#include "i18n/languages.h"

namespace amparo::i18n {

struct Catalogs::PluralSelector {
  // The rules for `language`, or kInternal when ICU cannot provide them.
  static Result<std::shared_ptr<const PluralSelector>> create(const Language& language);

  // Immutable after construction; PluralRules::select is const and safe to call from many threads.
  std::unique_ptr<icu::PluralRules> rules;
  std::vector<icu::UnicodeString> categories;  // CLDR order, index = msgstr[i]
};

namespace {

constexpr std::array<const char*, 6> kCldrOrder{"zero", "one", "two", "few", "many", "other"};
constexpr std::string_view kEnglish = "en";

struct Span {
  std::size_t begin = std::string_view::npos;  // the '{'
  std::size_t end = std::string_view::npos;    // one past the '}'
};

// The next "{name}" at or after `from`: a nonempty name without braces between '{' and '}'.
Span next_placeholder(std::string_view s, std::size_t from) {
  std::size_t i = from;
  while ((i = s.find('{', i)) != std::string_view::npos) {
    const std::size_t j = s.find_first_of("{}", i + 1);
    if (j == std::string_view::npos) return {};
    if (s[j] == '{') {
      i = j;
    } else if (j == i + 1) {
      i = j + 1;
    } else {
      return {i, j + 1};
    }
  }
  return {};
}

std::set<std::string_view> placeholders(std::string_view s) {
  std::set<std::string_view> names;
  for (Span p = next_placeholder(s, 0); p.begin != std::string_view::npos;
       p = next_placeholder(s, p.end)) {
    names.insert(s.substr(p.begin + 1, p.end - p.begin - 2));
  }
  return names;
}

std::string describe(const std::set<std::string_view>& names) {
  if (names.empty()) return "none";
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ' ';
    out += '{';
    out += name;
    out += '}';
  }
  return out;
}

std::string message_key(const PoMessage& message) {
  return message.context.empty() ? message.id : message.context + '\x04' + message.id;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) {
    if (!out.empty()) out += ", ";
    out += word;
  }
  return out;
}

std::string file_name(std::string_view code) { return std::string(code) + ".po"; }

// A translation must use exactly the msgid's placeholders (those of msgid and msgid_plural for a
// plural message). A plural form may leave some out (Arabic's "one" form usually names no number),
// but no form may add a name, and together the forms must use them all. A partly translated plural
// message is shown in English, so only its written forms are checked for foreign names.
Status check_placeholders(const PoMessage& message, std::string_view code) {
  std::set<std::string_view> expected = placeholders(message.id);
  expected.merge(placeholders(message.id_plural));
  const auto mismatch = [&](const std::set<std::string_view>& found) -> Error {
    return make_error(ErrorCode::kInvalidArgument, "expected placeholders " + describe(expected) +
                                                       " as in the msgid, found " + describe(found))
        .at(file_name(code), message.line);
  };
  std::set<std::string_view> used;
  bool complete = true;
  for (const std::string& form : message.strs) {
    if (form.empty()) {
      complete = false;
      continue;
    }
    const std::set<std::string_view> names = placeholders(form);
    if (!std::includes(expected.begin(), expected.end(), names.begin(), names.end())) {
      return mismatch(names);
    }
    used.insert(names.begin(), names.end());
  }
  if (complete && used != expected) return mismatch(used);
  return ok_status();
}

}  // namespace

Result<std::shared_ptr<const Catalogs::PluralSelector>> Catalogs::PluralSelector::create(
    const Language& language) {
  auto selector = std::make_shared<PluralSelector>();
  UErrorCode status = U_ZERO_ERROR;
  const icu::Locale locale(std::string(language.icu_locale).c_str());
  selector->rules.reset(icu::PluralRules::forLocale(locale, status));
  if (U_FAILURE(status) || !selector->rules) {
    return make_error(ErrorCode::kInternal,
                      "ICU has no plural rules for " + std::string(language.icu_locale));
  }
  std::unique_ptr<icu::StringEnumeration> keywords(selector->rules->getKeywords(status));
  std::vector<icu::UnicodeString> present;
  while (U_SUCCESS(status) && keywords) {
    const icu::UnicodeString* keyword = keywords->snext(status);
    if (keyword == nullptr) break;
    present.push_back(*keyword);
  }
  if (U_FAILURE(status)) {
    return make_error(ErrorCode::kInternal, "ICU could not list plural categories for " +
                                                std::string(language.icu_locale));
  }
  for (const char* category : kCldrOrder) {
    const icu::UnicodeString name(category, -1, US_INV);
    if (std::find(present.begin(), present.end(), name) != present.end()) {
      selector->categories.push_back(name);
    }
  }
  return std::shared_ptr<const PluralSelector>(std::move(selector));
}

Result<Catalogs> Catalogs::load(const std::string& dir) {
  std::map<std::string, PoFile> files;
  for (const Language& language : languages()) {
    const std::string path = dir + "/" + file_name(language.code);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      if (language.code == kEnglish) {
        return make_error(ErrorCode::kNotFound, "expected the English catalog").at(path);
      }
      continue;
    }
    Result<std::string> text = read_file(path);
    if (!text.ok()) return std::move(text).error();
    Result<PoFile> parsed = parse_po(*text, path);
    if (!parsed.ok()) return std::move(parsed).error();
    files.emplace(std::string(language.code), std::move(parsed).value());
  }
  Result<Catalogs> catalogs = from_files(std::move(files));
  if (!catalogs.ok()) {
    Error e = std::move(catalogs).error();
    if (!e.file.empty()) e.file = dir + "/" + e.file;  // from_files names files "<code>.po"
    return e;
  }
  return catalogs;
}

Result<Catalogs> Catalogs::from_files(std::map<std::string, PoFile> files) {
  for (const auto& [code, file] : files) {
    if (find_language(code) == nullptr) {
      return make_error(ErrorCode::kInvalidArgument,
                        "expected the code of a supported language, found \"" + code + "\"")
          .at(file_name(code));
    }
  }
  if (files.find(std::string(kEnglish)) == files.end()) {
    return make_error(ErrorCode::kNotFound, "expected the English catalog").at(file_name(kEnglish));
  }

  Catalogs catalogs;
  for (const Language& language : languages()) {
    Result<std::shared_ptr<const PluralSelector>> selector = PluralSelector::create(language);
    if (!selector.ok()) return std::move(selector).error();
    std::vector<std::string> names;
    for (const icu::UnicodeString& category : (*selector)->categories) {
      std::string name;
      category.toUTF8String(name);
      names.push_back(std::move(name));
    }
    const std::string code(language.code);
    catalogs.plural_categories_.emplace(code, std::move(names));
    catalogs.plural_selectors_.emplace(code, std::move(selector).value());
  }

  for (auto& [code, file] : files) {
    const std::vector<std::string>& categories = catalogs.plural_categories_.at(code);
    const std::size_t forms = categories.size();
    auto& messages = catalogs.by_lang_[code];
    const bool english = code == kEnglish;
    for (PoMessage& message : file.messages) {
      const bool plural = !message.id_plural.empty();
      const bool untouched =
          message.fuzzy || std::all_of(message.strs.begin(), message.strs.end(),
                                       [](const std::string& form) { return form.empty(); });
      if (!untouched) {
        if (plural && message.strs.size() != forms) {
          return make_error(ErrorCode::kInvalidArgument, "expected " + std::to_string(forms) +
                                                             " plural forms for " + code + " (" +
                                                             join(categories) + "), found " +
                                                             std::to_string(message.strs.size()))
              .at(file_name(code), message.line);
        }
        AMPARO_RETURN_IF_ERROR(check_placeholders(message, code));
      }
      const bool complete =
          !untouched && std::none_of(message.strs.begin(), message.strs.end(),
                                     [](const std::string& form) { return form.empty(); });
      if (english) {
        // English is the fallback for everything, so every message gets text: the msgstr where it
        // is written, else the msgid (and msgid_plural) itself.
        Entry entry;
        entry.forms.push_back(!untouched && !message.strs[0].empty() ? message.strs[0]
                                                                     : message.id);
        if (plural) {
          entry.forms.push_back(!untouched && message.strs.size() > 1 && !message.strs[1].empty()
                                    ? message.strs[1]
                                    : message.id_plural);
        }
        messages.emplace(message_key(message), std::move(entry));
      } else if (complete) {
        messages.emplace(message_key(message), Entry{std::move(message.strs)});
      }
    }
  }
  return catalogs;
}

std::string_view Catalogs::tr(std::string_view lang, std::string_view msgid) const {
  const Language* language = find_language(lang);
  if (language != nullptr && language->code != kEnglish) {
    if (auto messages = by_lang_.find(language->code); messages != by_lang_.end()) {
      if (auto entry = messages->second.find(msgid); entry != messages->second.end()) {
        return entry->second.forms.front();
      }
    }
  }
  if (auto messages = by_lang_.find(kEnglish); messages != by_lang_.end()) {
    if (auto entry = messages->second.find(msgid); entry != messages->second.end()) {
      return entry->second.forms.front();
    }
  }
  return msgid;
}

std::string_view Catalogs::tr_plural(std::string_view lang, std::string_view msgid,
                                     std::int64_t n) const {
  const Language* language = find_language(lang);
  if (language != nullptr && language->code != kEnglish) {
    const auto messages = by_lang_.find(language->code);
    const auto selector = plural_selectors_.find(language->code);
    if (messages != by_lang_.end() && selector != plural_selectors_.end()) {
      const auto entry = messages->second.find(msgid);
      const std::vector<icu::UnicodeString>& categories = selector->second->categories;
      if (entry != messages->second.end() && entry->second.forms.size() == categories.size()) {
        const icu::UnicodeString category = selector->second->rules->select(static_cast<double>(n));
        const auto it = std::find(categories.begin(), categories.end(), category);
        if (it != categories.end()) {
          return entry->second.forms[static_cast<std::size_t>(it - categories.begin())];
        }
      }
    }
  }
  if (auto messages = by_lang_.find(kEnglish); messages != by_lang_.end()) {
    if (auto entry = messages->second.find(msgid); entry != messages->second.end()) {
      const std::vector<std::string>& forms = entry->second.forms;
      return n == 1 || forms.size() < 2 ? forms[0] : forms[1];
    }
  }
  return msgid;
}

std::vector<Coverage> Catalogs::coverage() const {
  std::vector<Coverage> result;
  const auto english = by_lang_.find(kEnglish);
  if (english == by_lang_.end()) return result;
  for (const Language& language : languages()) {
    if (language.code == kEnglish) continue;
    Coverage c;
    c.language = std::string(language.code);
    c.total = static_cast<int>(english->second.size());
    const auto messages = by_lang_.find(language.code);
    for (const auto& [key, entry] : english->second) {
      if (messages == by_lang_.end() || messages->second.find(key) == messages->second.end()) {
        c.missing_ids.push_back(key);
      }
    }
    c.missing = static_cast<int>(c.missing_ids.size());
    result.push_back(std::move(c));
  }
  return result;
}

std::string format(std::string_view pattern,
                   std::initializer_list<std::pair<std::string_view, std::string_view>> args) {
  std::string out;
  out.reserve(pattern.size());
  std::size_t pos = 0;
  for (Span p = next_placeholder(pattern, 0); p.begin != std::string_view::npos;
       p = next_placeholder(pattern, pos)) {
    out.append(pattern.substr(pos, p.begin - pos));
    const std::string_view name = pattern.substr(p.begin + 1, p.end - p.begin - 2);
    const auto arg = std::find_if(args.begin(), args.end(), [name](const auto& candidate) {
      return candidate.first == name;
    });
    out.append(arg != args.end() ? arg->second : pattern.substr(p.begin, p.end - p.begin));
    pos = p.end;
  }
  out.append(pattern.substr(pos));
  return out;
}

}  // namespace amparo::i18n
