// Service words and phrases in our 11 languages mapped to filter tags, read from
// data/search/synonyms.tsv (see search.h).
#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/file.h"
#include "directory/csv.h"
#include "directory/search.h"
#include "text/normalize.h"

namespace amparo::directory {
namespace {

// The languages of i18n::languages().
constexpr std::array<std::string_view, 11> kLanguages = {"en", "es", "ht", "pt", "fr", "prs",
                                                         "ps", "ar", "ru", "zh", "tr"};
constexpr std::size_t kMaxPhraseWords = 6;
constexpr std::size_t kMaxTagBytes = 64;
constexpr std::string_view kDotlessI = "\xC4\xB1";  // U+0131

bool is_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > kMaxTagBytes || tag[0] < 'a' || tag[0] > 'z') return false;
  return std::all_of(tag.begin(), tag.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':' || c == '-';
  });
}

std::string join_words(const std::vector<std::string>& words) {
  std::string key;
  for (const std::string& w : words) {
    if (!key.empty()) key += ' ';
    key += w;
  }
  return key;
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

}  // namespace

struct Synonyms::Impl {
  std::unordered_map<std::string, std::vector<std::string>> tags;  // phrase key -> tags
  std::size_t longest = 0;

  void add_key(std::string key, std::size_t words, std::string_view tag) {
    std::vector<std::string>& list = tags[std::move(key)];
    if (std::find(list.begin(), list.end(), tag) == list.end()) list.emplace_back(tag);
    longest = std::max(longest, words);
  }
};

Synonyms::Synonyms() : impl_(std::make_unique<Impl>()) {}
Synonyms::~Synonyms() = default;
Synonyms::Synonyms(Synonyms&&) noexcept = default;
Synonyms& Synonyms::operator=(Synonyms&&) noexcept = default;

Status Synonyms::add(std::string_view tag, std::string_view phrase, std::string_view language) {
  if (!impl_) impl_ = std::make_unique<Impl>();
  if (!is_tag(tag)) {
    return make_error(
               ErrorCode::kInvalidArgument,
               "not a tag (lower-case letters, digits, ':' and '-'): '" + std::string(tag) + "'")
        .in_field("tag");
  }
  const std::vector<std::string> words = search_tokens(phrase, kMaxPhraseWords + 1);
  if (words.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "no words in '" + std::string(phrase) + "'")
        .in_field("word");
  }
  if (words.size() > kMaxPhraseWords) {
    return make_error(ErrorCode::kInvalidArgument, "more than " + std::to_string(kMaxPhraseWords) +
                                                       " words in '" + std::string(phrase) + "'")
        .in_field("word");
  }
  std::string key = join_words(words);
  if (language == "tr" && key.find(kDotlessI) != std::string::npos) {
    // Typed on a keyboard without Turkish letters, "sığınak" is "siginak".
    impl_->add_key(replace_all(key, kDotlessI, "i"), words.size(), tag);
  }
  impl_->add_key(std::move(key), words.size(), tag);
  return ok_status();
}

Result<Synonyms> Synonyms::load(const std::string& data_dir) {
  const std::string path = data_dir + "/search/synonyms.tsv";
  Result<std::string> bytes = read_file(path);
  if (!bytes) return std::move(bytes).error();
  const std::string_view text = *bytes;
  if (!text::is_valid_utf8(text)) {
    Error e = make_error(ErrorCode::kCorrupt, "not valid UTF-8");
    e.at(path);
    return e;
  }
  Synonyms synonyms;
  std::set<std::string> seen;  // tag, language and phrase key of each line
  int line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;

    const std::vector<std::string_view> f = split_fields(line, '\t');
    if (f.size() != 3) {
      return row_error(path, line_number, "",
                       "expected 3 tab-separated fields (tag, language, word), found " +
                           std::to_string(f.size()));
    }
    if (std::find(kLanguages.begin(), kLanguages.end(), f[1]) == kLanguages.end()) {
      return row_error(path, line_number, "language",
                       "not one of en es ht pt fr prs ps ar ru zh tr: '" + std::string(f[1]) + "'");
    }
    if (Status s = synonyms.add(f[0], f[2], f[1]); !s) {
      Error e = std::move(s).error();
      return row_error(path, line_number, e.field, e.message);
    }
    const std::string key = std::string(f[0]) + '\t' + std::string(f[1]) + '\t' +
                            join_words(search_tokens(f[2], kMaxPhraseWords));
    if (!seen.insert(key).second) {
      return row_error(path, line_number, "word",
                       "repeated: '" + std::string(f[2]) + "' for " + std::string(f[0]) + " in " +
                           std::string(f[1]));
    }
  }
  return synonyms;
}

const std::vector<std::string>* Synonyms::find(std::string_view words) const {
  if (!impl_) return nullptr;
  const auto it = impl_->tags.find(std::string(words));
  return it == impl_->tags.end() ? nullptr : &it->second;
}

std::size_t Synonyms::size() const { return impl_ ? impl_->tags.size() : 0; }

std::size_t Synonyms::longest_phrase_words() const { return impl_ ? impl_->longest : 0; }

}  // namespace amparo::directory
