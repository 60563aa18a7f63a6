// Understanding what a person typed into the help finder: place words, service words, paging
// (see search.h).
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "directory/gazetteer.h"
#include "directory/search.h"
#include "text/normalize.h"

namespace amparo::directory {
namespace {

constexpr std::size_t kMaxQueryBytes = 256;
constexpr std::size_t kMaxQueryWords = 16;
constexpr std::size_t kMaxPlaceWords = 4;
constexpr std::size_t kPlaceCandidates = 6;  // the place and five others
constexpr std::size_t kDefaultPerPage = 20;
constexpr std::size_t kMaxPerPage = 50;
constexpr std::size_t kMaxPage = 10000;
constexpr long kMinUnmarkedPopulation = 10000;

// Words that say a place follows ("en Tijuana", "near 85701", "à Tijuana", "em Juárez",
// "nan Miami", "в Тихуане", "في تيخوانا", "در تیخوانا", "在迈阿密"). Raw; folded on first use.
constexpr std::string_view kMarkers[] = {
    "in",     "near",  "at",    "around", "nearby", "en",    "cerca", "em",  "no",
    "na",     "perto", "à",     "près",   "proche", "dans",  "nan",   "bò",  "pre",
    "toupre", "в",     "во",    "около",  "возле",  "рядом", "في",    "قرب", "بالقرب",
    "عند",    "در",    "نزدیک", "نزدیکی", "په",     "نږدې",  "在",    "附近"};
// Words between a marker and the place ("cerca de", "près de", "close to", "рядом с").
constexpr std::string_view kConnectors[] = {"de", "del", "do", "da", "du",
                                            "to", "of",  "с",  "со", "من"};

template <std::size_t N>
std::vector<std::string> folded_list(const std::string_view (&raw)[N]) {
  std::vector<std::string> out;
  for (std::string_view w : raw) out.push_back(text::fold(w));
  std::sort(out.begin(), out.end());
  return out;
}

bool is_marker(std::string_view word) {
  static const std::vector<std::string> folded = folded_list(kMarkers);
  return std::binary_search(folded.begin(), folded.end(), word);
}

bool is_connector(std::string_view word) {
  static const std::vector<std::string> folded = folded_list(kConnectors);
  return std::binary_search(folded.begin(), folded.end(), word);
}

bool all_digits(std::string_view s, std::size_t n) {
  return s.size() == n &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string join(const std::vector<std::string>& words, std::size_t begin, std::size_t end) {
  std::string out;
  for (std::size_t k = begin; k < end; ++k) {
    if (!out.empty()) out += ' ';
    out += words[k];
  }
  return out;
}

std::string label(const Place& p) {
  if (p.kind == "zip" || p.admin1_name.empty()) return p.name;
  return p.name + ", " + p.admin1_name;
}

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// The words of one query, which of them are used up, and where the answer goes.
class Reading {
 public:
  Reading(std::vector<std::string> words, ParsedQuery& out)
      : words_(std::move(words)), used_(words_.size(), false), out_(out) {}

  std::size_t size() const { return words_.size(); }
  const std::string& word(std::size_t i) const { return words_[i]; }
  bool used(std::size_t i) const { return used_[i]; }
  bool any_used(std::size_t begin, std::size_t end) const {
    return std::any_of(used_.begin() + static_cast<std::ptrdiff_t>(begin),
                       used_.begin() + static_cast<std::ptrdiff_t>(end), [](bool u) { return u; });
  }
  void use(std::size_t begin, std::size_t end) {
    std::fill(used_.begin() + static_cast<std::ptrdiff_t>(begin),
              used_.begin() + static_cast<std::ptrdiff_t>(end), true);
  }
  std::string run(std::size_t begin, std::size_t end) const { return join(words_, begin, end); }

  void set_place(const std::vector<Place>& found) {
    out_.query.near = GeoPoint{found[0].lat, found[0].lon};
    out_.place_name = label(found[0]);
    for (std::size_t k = 1; k < found.size(); ++k)
      add_unique(out_.place_candidates, label(found[k]));
  }

  std::string rest() const {
    std::string text;
    for (std::size_t k = 0; k < words_.size(); ++k) {
      if (used_[k]) continue;
      if (!text.empty()) text += ' ';
      text += words_[k];
    }
    return text;
  }

 private:
  std::vector<std::string> words_;
  std::vector<bool> used_;
  ParsedQuery& out_;
};

}  // namespace

QueryParser::QueryParser(const Gazetteer* gazetteer, const Synonyms* synonyms)
    : gazetteer_(gazetteer), synonyms_(synonyms) {}

namespace {

// A ZIP code the gazetteer knows, with a marker before it and a ZIP+4 suffix after it.
bool find_zip(const Gazetteer& gazetteer, Reading& r) {
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (!all_digits(r.word(i), 5)) continue;
    const std::vector<Place> found = gazetteer.lookup(r.word(i), 1);
    if (found.empty() || found[0].kind != "zip") continue;
    r.set_place(found);
    std::size_t begin = i;
    std::size_t end = i + 1;
    if (end < r.size() && all_digits(r.word(end), 4)) ++end;
    if (begin > 0 && is_marker(r.word(begin - 1))) --begin;
    r.use(begin, end);
    return true;
  }
  return false;
}

// After a marker word, the longest run of words that names a place in full.
bool find_marked_place(const Gazetteer& gazetteer, Reading& r) {
  for (std::size_t i = 0; i + 1 < r.size(); ++i) {
    if (!is_marker(r.word(i))) continue;
    std::size_t begin = i + 1;
    if (begin + 1 < r.size() && is_connector(r.word(begin))) ++begin;
    for (std::size_t n = std::min(kMaxPlaceWords, r.size() - begin); n >= 1; --n) {
      const std::vector<Place> found =
          gazetteer.lookup_exact(r.run(begin, begin + n), kPlaceCandidates);
      if (found.empty()) continue;
      r.set_place(found);
      r.use(i, begin + n);
      return true;
    }
  }
  return false;
}

}  // namespace

ParsedQuery QueryParser::parse(const QueryInput& input) const {
  ParsedQuery out;
  const std::size_t per_page =
      input.per_page == 0 ? kDefaultPerPage : std::min(input.per_page, kMaxPerPage);
  const std::size_t page = std::clamp<std::size_t>(input.page, 1, kMaxPage);
  out.query.offset = (page - 1) * per_page;
  out.query.limit = per_page;
  out.query.radius_km = input.radius_km;
  try {
    for (const std::string& tag : input.tags) add_unique(out.query.tags, tag);

    std::string_view q = input.q;
    if (q.size() > kMaxQueryBytes) {
      std::size_t end = kMaxQueryBytes;
      while (end > 0 && (static_cast<unsigned char>(q[end]) & 0xC0) == 0x80) --end;
      q = q.substr(0, end);
    }
    Reading r(search_tokens(q, kMaxQueryWords), out);

    // A word that may stand alone as an unmarked place: not a service word or a stop word.
    auto may_be_place = [&](const std::string& word) {
      return !is_search_stop_word(word) &&
             (synonyms_ == nullptr || synonyms_->find(word) == nullptr);
    };
    // An unmarked run of words naming a place in full; a single word only for a large place.
    auto try_unmarked = [&](std::size_t begin, std::size_t end) {
      if (end - begin == 1 && !may_be_place(r.word(begin))) return false;
      const std::vector<Place> found =
          gazetteer_->lookup_exact(r.run(begin, end), kPlaceCandidates);
      if (found.empty()) return false;
      if (end - begin == 1 && found[0].kind != "zip" &&
          found[0].population < kMinUnmarkedPopulation) {
        return false;
      }
      r.set_place(found);
      r.use(begin, end);
      return true;
    };

    if (input.point) {
      out.query.near = *input.point;
    } else if (!input.near.empty()) {
      const std::vector<Place> found =
          gazetteer_ ? gazetteer_->lookup(input.near, kPlaceCandidates) : std::vector<Place>{};
      if (found.empty()) {
        out.place_unknown = true;
      } else {
        r.set_place(found);
      }
    } else if (gazetteer_ != nullptr && r.size() > 0) {
      bool found = find_zip(*gazetteer_, r) || find_marked_place(*gazetteer_, r);
      // Then the end of the query, then its start.
      std::size_t end = r.size();
      while (end > 0 && is_search_stop_word(r.word(end - 1))) --end;
      for (std::size_t n = std::min(kMaxPlaceWords, end); !found && n >= 1; --n) {
        found = try_unmarked(end - n, end);
      }
      std::size_t begin = 0;
      while (begin < r.size() && is_search_stop_word(r.word(begin))) ++begin;
      for (std::size_t n = std::min(kMaxPlaceWords, r.size() - begin); !found && n >= 1; --n) {
        found = try_unmarked(begin, begin + n);
      }
    }

    if (synonyms_ != nullptr) {
      const std::size_t longest = synonyms_->longest_phrase_words();
      for (std::size_t i = 0; i < r.size();) {
        std::size_t matched = 0;
        for (std::size_t n = std::min(longest, r.size() - i); n >= 1 && matched == 0; --n) {
          if (r.any_used(i, i + n)) continue;
          const std::vector<std::string>* tags = synonyms_->find(r.run(i, i + n));
          if (tags == nullptr) continue;
          for (const std::string& tag : *tags) {
            add_unique(out.understood_tags, tag);
            add_unique(out.query.tags, tag);
          }
          r.use(i, i + n);
          matched = n;
        }
        i += std::max<std::size_t>(matched, 1);
      }
    }
    out.query.text = r.rest();
  } catch (...) {
    // Only std::bad_alloc can get here. Nothing was understood: an empty page.
    out = ParsedQuery{};
    out.query.limit = 0;
  }
  return out;
}

}  // namespace amparo::directory
