// The help finder's search index (see search.h): a flat sorted vocabulary of folded words with
// posting arrays, per-tag bitsets or lists, and a latitude/longitude grid of the documents' points.
//
// Ranking. A document that matches scores
//
//   score = relevance x proximity x freshness
//
// - relevance, with query words: the sum over the words of idf(word) x quality x field weight,
//   each word counted once, by the best way the document matches it:
//     idf(word) = ln(1 + N / df), df = the documents holding the word exactly (when none does, its
//       most common expansion), so a rare word counts more than a common one;
//     quality = 1.0 exact; 0.7 prefix of the last word (it may be half typed); 0.5 prefix of
//       another word; 0.45 one edit; 0.3 two edits;
//     field weight = name 1.0, alternate name 0.8, keywords 0.6, places 0.5, description 0.3
//       (the best field holding the matched word).
//   Without query words relevance is 1.
// - proximity, with a place: 1 / (1 + d / 25 km) for the document's nearest point within the
//   radius. A document that serves everywhere and has no point in range gets 0.75 x the proximity
//   at the edge of the radius: it ranks after every in-range document of equal relevance and
//   freshness. Without a place proximity is 1, so results with a place and no words are in order
//   of distance (up to freshness).
// - freshness: 1.0 when verified within a year of the most recent verification in the index,
//   falling linearly to 0.9 at three years and older; 0.9 when unknown. It settles near-equals.
// - ties (equal scores) go to the lower document index, so results are deterministic.
//
// Matching a word: the exact term (binary search on the vocabulary), prefix terms (a contiguous
// range of the sorted vocabulary; the 64 most common when there are more), and terms within the
// edit distance (the sorted vocabulary walked as an implicit trie with one row of the
// Damerau-Levenshtein table per prefix, a prefix's subtree skipped as soon as its row exceeds the
// distance; the 64 closest). Documents are collected word after word, the cheapest word first, in
// per-query scratch arrays with generation stamps (no clearing between queries).
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <exception>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <numbers>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "directory/search.h"
#include "text/normalize.h"

namespace amparo::directory {
namespace {

constexpr std::size_t kMaxQueryBytes = 256;
constexpr std::size_t kMaxQueryWords = 16;
constexpr std::size_t kMaxTokenBytes = 64;
constexpr std::size_t kMaxPrefixTerms = 64;
constexpr std::size_t kMaxTypoTerms = 64;
constexpr std::size_t kMinPrefixLetters = 3;
constexpr std::size_t kMinPrefixIdeographs = 2;
constexpr std::size_t kMinOneEditLetters = 5;
constexpr std::size_t kMinTwoEditsLetters = 9;
constexpr std::size_t kMaxTypoLetters = 32;
constexpr std::uint32_t kMaxDocs = 1u << 27;  // postings hold doc << 5 | field mask
constexpr int kFieldCount = 5;

constexpr float kExact = 1.0F;
constexpr float kPrefixLast = 0.7F;
constexpr float kPrefixOther = 0.5F;
constexpr float kOneEdit = 0.45F;
constexpr float kTwoEdits = 0.3F;
constexpr std::array<float, kFieldCount> kFieldWeights = {1.0F, 0.8F, 0.6F, 0.5F, 0.3F};

constexpr double kDefaultRadiusKm = 100;
constexpr double kDistanceScaleKm = 25;
constexpr double kEverywhereFactor = 0.75;
constexpr double kFreshDays = 365;
constexpr double kStaleDays = 3 * 365;
constexpr double kStaleFreshness = 0.9;

constexpr double kEarthRadiusKm = 6371.0088;
constexpr double kDegToRad = std::numbers::pi / 180;
constexpr double kCellDegrees = 0.25;
constexpr std::int32_t kGridRows = 720;   // 180 / kCellDegrees
constexpr std::int32_t kGridCols = 1440;  // 360 / kCellDegrees

// Field weight of the best field in a mask (bit 0 = name ... bit 4 = description).
constexpr std::array<float, 32> kMaskWeights = [] {
  std::array<float, 32> w{};
  for (std::size_t mask = 1; mask < 32; ++mask) {
    std::size_t field = 0;
    while ((mask & (1u << field)) == 0) ++field;
    w[mask] = kFieldWeights[field];
  }
  return w;
}();

// ---- Words ----------------------------------------------------------------------------------

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (static_cast<unsigned char>(c) & 0x80) == 0; });
}

bool is_ascii_word_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// The length of a prefix of `s` of at most `max` bytes that ends on a code point boundary.
std::size_t utf8_cut(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s.size();
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return end;
}

// Calls emit(word) for each run of word bytes in `s`: ASCII letters and digits, and any non-ASCII
// character other than the curly apostrophes. Returns false when emit() asks to stop.
template <typename Emit>
bool split_words(std::string_view s, Emit&& emit) {
  std::size_t start = 0;
  std::size_t i = 0;
  auto flush = [&](std::size_t end) {
    if (end > start) {
      const std::string_view word = s.substr(start, end - start);
      return emit(word.substr(0, utf8_cut(word, kMaxTokenBytes)));
    }
    return true;
  };
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (!is_ascii_word_char(c)) {
        if (!flush(i)) return false;
        start = i + 1;
      }
      ++i;
      continue;
    }
    // U+2018 and U+2019 join words for ICU ("o’brien"); they split them here, like "'".
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0x98 ||
         static_cast<unsigned char>(s[i + 2]) == 0x99)) {
      if (!flush(i)) return false;
      i += 3;
      start = i;
      continue;
    }
    ++i;
  }
  return flush(s.size());
}

// Calls emit(word) for every search word of raw text, in order, until it returns false.
template <typename Emit>
void for_each_word(std::string_view raw, Emit&& emit) {
  const std::string folded = text::fold(raw);
  if (is_ascii(folded)) {
    // ICU's word breaks on ASCII text, split again at punctuation, are exactly the runs of
    // letters and digits.
    split_words(folded, emit);
    return;
  }
  for (const std::string& token : text::tokenize(folded)) {
    if (!split_words(token, emit)) return;
  }
}

char32_t decode_utf8(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  auto cont = [&](std::size_t k) -> char32_t {
    return i + k < s.size() ? static_cast<char32_t>(static_cast<unsigned char>(s[i + k]) & 0x3F)
                            : 0;
  };
  char32_t c = 0;
  std::size_t length = 1;
  if (b0 < 0x80) {
    c = b0;
  } else if ((b0 & 0xE0) == 0xC0) {
    c = (static_cast<char32_t>(b0 & 0x1F) << 6) | cont(1);
    length = 2;
  } else if ((b0 & 0xF0) == 0xE0) {
    c = (static_cast<char32_t>(b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2);
    length = 3;
  } else {
    c = (static_cast<char32_t>(b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
    length = 4;
  }
  i = std::min(i + length, s.size());
  return c;
}

std::u32string code_points(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) out.push_back(decode_utf8(s, i));
  return out;
}

// Han, kana and Hangul: one character is often a whole word.
bool is_ideographic(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

// ---- Geometry -------------------------------------------------------------------------------

// A point as a unit vector. The haversine of the central angle between two points is a quarter of
// the squared chord between their vectors, so a distance costs three multiplications.
struct Vec3 {
  double x = 0;
  double y = 0;
  double z = 0;
};

Vec3 unit_vector(double lat_deg, double lon_deg) {
  const double lat = lat_deg * kDegToRad;
  const double lon = lon_deg * kDegToRad;
  return Vec3{std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
}

double chord2(const Vec3& a, const Vec3& b) {
  const double dx = a.x - b.x;
  const double dy = a.y - b.y;
  const double dz = a.z - b.z;
  return dx * dx + dy * dy + dz * dz;
}

// Kilometres along the surface for a squared chord.
double chord2_km(double c2) {
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(c2) / 2));
}

// The squared chord of a surface distance.
double km_chord2(double km) {
  const double c =
      2 * std::sin(std::min(km, std::numbers::pi * kEarthRadiusKm) / (2 * kEarthRadiusKm));
  return c * c;
}

bool is_coordinate(const GeoPoint& p) {
  return std::isfinite(p.lat) && std::isfinite(p.lon) && p.lat >= -90 && p.lat <= 90 &&
         p.lon >= -180 && p.lon <= 180;
}

std::int32_t grid_row(double lat) {
  return std::clamp(static_cast<std::int32_t>(std::floor((lat + 90) / kCellDegrees)), 0,
                    kGridRows - 1);
}

std::int32_t grid_col(double lon) {
  return std::clamp(static_cast<std::int32_t>(std::floor((lon + 180) / kCellDegrees)), 0,
                    kGridCols - 1);
}

std::uint32_t grid_key(std::int32_t row, std::int32_t col) {
  return static_cast<std::uint32_t>(row) * static_cast<std::uint32_t>(kGridCols) +
         static_cast<std::uint32_t>(col);
}

double freshness(long verified_days, long newest_days) {
  if (verified_days <= 0) return kStaleFreshness;
  const auto age = static_cast<double>(std::max(0L, newest_days - verified_days));
  if (age <= kFreshDays) return 1.0;
  if (age >= kStaleDays) return kStaleFreshness;
  return 1.0 - (1.0 - kStaleFreshness) * (age - kFreshDays) / (kStaleDays - kFreshDays);
}

// ---- Ranking --------------------------------------------------------------------------------

struct Candidate {
  double score = 0;
  std::uint32_t doc = 0;
  double distance = std::numeric_limits<double>::quiet_NaN();  // km; NaN when none
};

// Higher score first, then lower document index.
inline bool better(const Candidate& a, const Candidate& b) {
  return a.score != b.score ? a.score > b.score : a.doc < b.doc;
}

// The k best candidates seen, in a heap whose front is the worst of them.
class TopK {
 public:
  explicit TopK(std::size_t k) : k_(k) {}

  // False when a candidate of this score cannot enter, whatever its document.
  bool may_enter(double score) const {
    return k_ > 0 && (heap_.size() < k_ || score >= heap_.front().score);
  }
  // Most candidates are turned away by the first test, inline.
  [[gnu::always_inline]] void push(const Candidate& c) {
    if (heap_.size() == k_ && (k_ == 0 || !better(c, heap_.front()))) return;
    enter(c);
  }
  // Best first.
  std::vector<Candidate> take() {
    std::sort_heap(heap_.begin(), heap_.end(), better);
    return std::move(heap_);
  }

 private:
  [[gnu::noinline]] void enter(const Candidate& c) {
    if (heap_.size() < k_) {
      heap_.push_back(c);
      std::push_heap(heap_.begin(), heap_.end(), better);
    } else {
      std::pop_heap(heap_.begin(), heap_.end(), better);
      heap_.back() = c;
      std::push_heap(heap_.begin(), heap_.end(), better);
    }
  }

  std::size_t k_;
  std::vector<Candidate> heap_;
};

// ---- Build helpers --------------------------------------------------------------------------

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// The words of one slice of the documents, with local term ids.
struct Slice {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> ids;
  std::vector<std::string_view> words;    // by local id; views of the map's keys
  std::vector<std::uint32_t> df;          // by local id
  std::vector<std::uint32_t> doc_starts;  // where each document's entries begin in `entries`
  std::vector<std::uint32_t> entries;     // local id << 5 | field mask, by document
  std::vector<std::uint32_t> sorted;      // local ids in word order
  std::vector<std::uint32_t> global;      // local id -> global term id
  std::vector<std::uint32_t> cursor;      // local id -> next posting slot of this slice

  void tokenize(const std::vector<SearchDoc>& docs) {
    std::vector<std::uint32_t> doc_terms;  // local id << 5 | field bit
    doc_starts.reserve(end - begin + 1);
    for (std::uint32_t d = begin; d < end; ++d) {
      const SearchDoc& doc = docs[d];
      doc_starts.push_back(static_cast<std::uint32_t>(entries.size()));
      doc_terms.clear();
      const std::array<const std::string*, kFieldCount> fields = {
          &doc.name, &doc.alternate_name, &doc.keywords, &doc.places, &doc.description};
      for (std::size_t f = 0; f < fields.size(); ++f) {
        const std::uint32_t bit = 1u << f;
        for_each_word(*fields[f], [&](std::string_view word) {
          doc_terms.push_back(intern(word) << 5 | bit);
          return true;
        });
      }
      std::sort(doc_terms.begin(), doc_terms.end());
      for (std::size_t k = 0; k < doc_terms.size();) {
        const std::uint32_t term = doc_terms[k] >> 5;
        std::uint32_t mask = 0;
        for (; k < doc_terms.size() && doc_terms[k] >> 5 == term; ++k) mask |= doc_terms[k] & 31;
        entries.push_back(term << 5 | mask);
        ++df[term];
      }
    }
    doc_starts.push_back(static_cast<std::uint32_t>(entries.size()));
    sorted.resize(words.size());
    for (std::uint32_t i = 0; i < sorted.size(); ++i) sorted[i] = i;
    std::sort(sorted.begin(), sorted.end(),
              [&](std::uint32_t a, std::uint32_t b) { return words[a] < words[b]; });
  }

  // Local ids fit in 27 bits: a slice of at most 2^27 documents of short fields never has more
  // distinct words.
  std::uint32_t intern(std::string_view word) {
    if (const auto it = ids.find(word); it != ids.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(words.size());
    const auto [it, inserted] = ids.emplace(std::string(word), id);
    words.push_back(it->first);
    df.push_back(0);
    return id;
  }
};

// Runs fn(i) for i in [0, n) on separate threads; rethrows the first exception.
template <typename Fn>
void run_parallel(std::size_t n, Fn&& fn) {
  std::vector<std::exception_ptr> errors(n);
  std::vector<std::thread> threads;
  threads.reserve(n);
  for (std::size_t i = 1; i < n; ++i) {
    threads.emplace_back([&, i] {
      try {
        fn(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  }
  try {
    if (n > 0) fn(0);
  } catch (...) {
    errors[0] = std::current_exception();
  }
  for (std::thread& t : threads) t.join();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace

double distance_km(const GeoPoint& a, const GeoPoint& b) {
  const double lat1 = a.lat * kDegToRad;
  const double lat2 = b.lat * kDegToRad;
  const double s_lat = std::sin((lat2 - lat1) / 2);
  const double s_lon = std::sin((b.lon - a.lon) * kDegToRad / 2);
  const double h = s_lat * s_lat + std::cos(lat1) * std::cos(lat2) * s_lon * s_lon;
  return 2 * kEarthRadiusKm * std::asin(std::sqrt(std::clamp(h, 0.0, 1.0)));
}

std::vector<std::string> search_tokens(std::string_view text, std::size_t max_words) {
  std::vector<std::string> words;
  if (max_words == 0) return words;
  for_each_word(text, [&](std::string_view word) {
    words.emplace_back(word);
    return words.size() < max_words;
  });
  return words;
}

bool is_search_stop_word(std::string_view word) {
  // Raw forms; folded once, on first use.
  static constexpr std::string_view kStopWords[] = {
      // en
      "a", "an", "the", "of", "in", "on", "at", "for", "to", "near", "nearby", "around", "and",
      "or", "with", "by", "from", "me", "my", "i", "is", "are",
      // es
      "de", "del", "la", "las", "el", "los", "lo", "un", "una", "unos", "unas", "en", "para", "por",
      "con", "y", "o", "cerca", "al", "mi", "mis", "que", "donde",
      // pt
      "do", "da", "dos", "das", "os", "as", "em", "no", "na", "nos", "nas", "perto", "com", "um",
      "uma", "e", "meu", "minha", "onde",
      // fr
      "du", "des", "le", "les", "l", "d", "à", "au", "aux", "pour", "près", "avec", "et", "où",
      "dans", "mon", "ma", "mes",
      // ht
      "nan", "pou", "ak", "yo", "yon", "bò", "pre", "toupre", "mwen", "m", "ki", "kote",
      // ru
      "в", "во", "на", "для", "и", "с", "со", "около", "рядом", "возле", "у", "по", "к", "мне",
      "где",
      // tr
      "ve", "için", "yakın", "yakınında", "bir", "ile", "bana", "nerede",
      // ar
      "في", "من", "على", "قرب", "بالقرب", "عند", "إلى", "الى", "و", "عن", "لي", "أين",
      // prs
      "در", "از", "به", "برای", "نزدیک", "نزدیکی", "با", "کجا",
      // ps
      "په", "کې", "د", "ته", "سره", "لپاره", "نږدې", "او", "چېرته",
      // zh
      "的", "在", "附近", "找", "我", "和", "你的", "我的", "哪里", "请"};
  static const std::vector<std::string> folded = [] {
    std::vector<std::string> out;
    for (std::string_view w : kStopWords) out.push_back(text::fold(w));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }();
  return std::binary_search(folded.begin(), folded.end(), word);
}

// ---- The index ------------------------------------------------------------------------------

struct SearchIndex::Impl {
  struct TagDocs {
    std::vector<std::uint32_t> docs;  // ascending
    std::vector<std::uint64_t> bits;  // also a bitset when the tag is common
    bool has(std::uint32_t doc) const {
      if (!bits.empty()) return ((bits[doc >> 6] >> (doc & 63)) & 1) != 0;
      return std::binary_search(docs.begin(), docs.end(), doc);
    }
  };

  // Per-query working memory, one slot per document; reused through a pool. Large result sets
  // stream through the slots, so a slot is kept to 8 bytes.
  struct Slot {
    std::uint32_t stamp = 0;  // which step of which query last matched the document
    float sum = 0;            // relevance over the words so far
  };
  struct Scratch {
    std::vector<Slot> slots;
    std::vector<float> best;  // the current word's best contribution, for words of many terms
    std::uint32_t next = 1;

    explicit Scratch(std::size_t n) : slots(n), best(n, 0) {}
    // `count` fresh stamp values, larger than every stamp left in the slots.
    std::uint32_t reserve(std::uint32_t count) {
      if (next > std::numeric_limits<std::uint32_t>::max() - count - 1) {
        for (Slot& slot : slots) slot.stamp = 0;
        next = 1;
      }
      const std::uint32_t base = next;
      next += count;
      return base;
    }
  };

  struct Expansion {
    std::uint32_t term;
    float quality;
  };

  struct Word {
    std::string text;
    bool last = false;
    std::vector<Expansion> expansions;
    float idf = 0;
    std::uint64_t cost = 0;  // postings to read
  };

  struct Circle {
    GeoPoint center;
    Vec3 at;
    double radius_km = kDefaultRadiusKm;
    double max_c2 = 0;  // squared chord of the radius
  };

  // A grid cell holding points: its points are grid_points[begin, next cell's begin).
  struct Cell {
    std::uint32_t begin = 0;
    Vec3 middle;
    double reach = 0;  // chord from the middle to beyond the farthest corner
  };

  struct GridPoint {
    Vec3 at;
    std::uint32_t doc = 0;
  };

  // A cell that may hold points of a circle.
  struct Visit {
    double lower;  // chord from the circle's centre, a lower bound for the cell's points
    double upper;  // an upper bound
    std::uint32_t cell;
  };

  std::uint32_t doc_count = 0;

  // Vocabulary: sorted words, each with a posting range.
  std::string word_bytes;
  std::vector<std::uint32_t> word_starts;     // size terms + 1
  std::vector<std::uint32_t> posting_starts;  // size terms + 1
  std::vector<std::uint32_t> postings;        // doc << 5 | field mask

  // Points: per document a range of `points`; the grid holds them again, by cell.
  std::vector<std::uint32_t> point_starts;  // size docs + 1
  std::vector<Vec3> points;
  std::vector<std::uint32_t> cell_keys;  // sorted
  std::vector<Cell> cells;               // same order, and one past the end
  std::vector<GridPoint> grid_points;
  std::vector<std::uint64_t> everywhere_bits;
  std::vector<std::uint32_t> everywhere_docs;

  std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> tag_ids;
  std::vector<TagDocs> tags;

  std::vector<float> fresh;                 // per document
  std::vector<std::uint32_t> by_freshness;  // documents, freshest first, then by index

  mutable std::mutex pool_mutex;
  mutable std::vector<std::unique_ptr<Scratch>> pool;

  std::size_t term_count() const { return word_starts.empty() ? 0 : word_starts.size() - 1; }
  std::string_view term(std::uint32_t t) const {
    return std::string_view(word_bytes).substr(word_starts[t], word_starts[t + 1] - word_starts[t]);
  }
  std::uint32_t df(std::uint32_t t) const { return posting_starts[t + 1] - posting_starts[t]; }

  void build(const std::vector<SearchDoc>& docs);
  void build_words(const std::vector<SearchDoc>& docs);
  void build_points(const std::vector<SearchDoc>& docs);
  void build_tags(const std::vector<SearchDoc>& docs);
  void build_freshness(const std::vector<SearchDoc>& docs);

  SearchResult search(const SearchQuery& query) const;
  std::vector<Word> query_words(std::string_view text) const;
  void expand(Word& word) const;
  void typo_terms(const std::u32string& q, int max_edits,
                  std::vector<std::pair<std::uint32_t, int>>& out) const;
  template <typename OnMatch>
  bool text_matches(std::vector<Word>& words, std::uint32_t within, Scratch& scratch,
                    OnMatch&& on_match) const;
  std::vector<Visit> circle_cells(const Circle& circle) const;
  std::uint32_t mark_circle(const Circle& circle, const std::vector<Visit>& visits,
                            Scratch& scratch) const;
  std::size_t near_matches(const Circle& circle, const std::vector<Visit>& visits,
                           const std::vector<const TagDocs*>& required, Scratch& scratch,
                           TopK& top) const;
  // Squared chord to the document's nearest point; infinity when it has none.
  double nearest_c2(const Circle& circle, std::uint32_t doc) const;
  bool is_everywhere(std::uint32_t doc) const {
    return ((everywhere_bits[doc >> 6] >> (doc & 63)) & 1) != 0;
  }

  std::unique_ptr<Scratch> take_scratch() const;
  void return_scratch(std::unique_ptr<Scratch> scratch) const;
};

void SearchIndex::Impl::build(const std::vector<SearchDoc>& docs) {
  doc_count = static_cast<std::uint32_t>(std::min<std::size_t>(docs.size(), kMaxDocs));
  build_words(docs);
  build_points(docs);
  build_tags(docs);
  build_freshness(docs);
}

void SearchIndex::Impl::build_words(const std::vector<SearchDoc>& docs) {
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t slices_wanted = std::clamp<std::size_t>(doc_count / 4096, 1, cores);
  std::vector<Slice> slices(slices_wanted);
  for (std::size_t s = 0; s < slices.size(); ++s) {
    slices[s].begin = static_cast<std::uint32_t>(doc_count * s / slices.size());
    slices[s].end = static_cast<std::uint32_t>(doc_count * (s + 1) / slices.size());
  }
  run_parallel(slices.size(), [&](std::size_t s) { slices[s].tokenize(docs); });

  // Merge the slices' sorted words into one sorted vocabulary.
  std::vector<std::size_t> heads(slices.size(), 0);
  for (Slice& slice : slices) slice.global.assign(slice.words.size(), 0);
  std::uint32_t terms = 0;
  word_starts.push_back(0);
  while (true) {
    std::string_view smallest;
    bool any = false;
    for (std::size_t s = 0; s < slices.size(); ++s) {
      if (heads[s] == slices[s].sorted.size()) continue;
      const std::string_view w = slices[s].words[slices[s].sorted[heads[s]]];
      if (!any || w < smallest) smallest = w;
      any = true;
    }
    if (!any) break;
    for (std::size_t s = 0; s < slices.size(); ++s) {
      if (heads[s] == slices[s].sorted.size()) continue;
      const std::uint32_t local = slices[s].sorted[heads[s]];
      if (slices[s].words[local] != smallest) continue;
      slices[s].global[local] = terms;
      ++heads[s];
    }
    word_bytes.append(smallest);
    word_starts.push_back(static_cast<std::uint32_t>(word_bytes.size()));
    ++terms;
  }

  // Posting ranges, and where each slice writes in them: slices cover ascending documents, so
  // writing them one after another keeps every posting list in document order.
  std::vector<std::uint32_t> cursor(terms, 0);
  for (const Slice& slice : slices) {
    for (std::uint32_t local = 0; local < slice.df.size(); ++local) {
      cursor[slice.global[local]] += slice.df[local];
    }
  }
  posting_starts.assign(terms + 1, 0);
  for (std::uint32_t t = 0; t < terms; ++t) posting_starts[t + 1] = posting_starts[t] + cursor[t];
  std::copy(posting_starts.begin(), posting_starts.end() - 1, cursor.begin());
  for (Slice& slice : slices) {
    slice.cursor.resize(slice.df.size());
    for (std::uint32_t local = 0; local < slice.df.size(); ++local) {
      std::uint32_t& next = cursor[slice.global[local]];
      slice.cursor[local] = next;
      next += slice.df[local];
    }
  }
  postings.resize(posting_starts.back());
  run_parallel(slices.size(), [&](std::size_t s) {
    Slice& slice = slices[s];
    for (std::uint32_t d = slice.begin; d < slice.end; ++d) {
      const std::uint32_t i = d - slice.begin;
      for (std::uint32_t k = slice.doc_starts[i]; k < slice.doc_starts[i + 1]; ++k) {
        const std::uint32_t entry = slice.entries[k];
        postings[slice.cursor[entry >> 5]++] = d << 5 | (entry & 31);
      }
    }
    slice = Slice();
  });
}

void SearchIndex::Impl::build_points(const std::vector<SearchDoc>& docs) {
  point_starts.reserve(doc_count + 1);
  point_starts.push_back(0);
  everywhere_bits.assign((doc_count + 63) / 64, 0);
  struct Keyed {
    std::uint32_t key;
    std::uint32_t point;
  };
  std::vector<Keyed> keyed;
  std::vector<std::uint32_t> owner;
  for (std::uint32_t d = 0; d < doc_count; ++d) {
    for (const GeoPoint& p : docs[d].points) {
      if (!is_coordinate(p)) continue;
      keyed.push_back(Keyed{grid_key(grid_row(p.lat), grid_col(p.lon)),
                            static_cast<std::uint32_t>(points.size())});
      points.push_back(unit_vector(p.lat, p.lon));
      owner.push_back(d);
    }
    point_starts.push_back(static_cast<std::uint32_t>(points.size()));
    if (docs[d].everywhere) {
      everywhere_bits[d >> 6] |= std::uint64_t{1} << (d & 63);
      everywhere_docs.push_back(d);
    }
  }
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const Keyed& a, const Keyed& b) { return a.key < b.key; });
  grid_points.reserve(keyed.size());
  for (const Keyed& k : keyed) {
    if (cell_keys.empty() || cell_keys.back() != k.key) {
      const auto row = static_cast<double>(k.key / static_cast<std::uint32_t>(kGridCols));
      const auto col = static_cast<double>(k.key % static_cast<std::uint32_t>(kGridCols));
      const double south = row * kCellDegrees - 90;
      const double west = col * kCellDegrees - 180;
      Cell cell;
      cell.begin = static_cast<std::uint32_t>(grid_points.size());
      cell.middle = unit_vector(south + kCellDegrees / 2, west + kCellDegrees / 2);
      for (const double lat : {south, south + kCellDegrees}) {
        for (const double lon : {west, west + kCellDegrees}) {
          cell.reach = std::max(cell.reach, std::sqrt(chord2(cell.middle, unit_vector(lat, lon))));
        }
      }
      cell.reach *= 1.01;  // the corners are the farthest points; a margin for rounding
      cell_keys.push_back(k.key);
      cells.push_back(cell);
    }
    grid_points.push_back(GridPoint{points[k.point], owner[k.point]});
  }
  Cell end;
  end.begin = static_cast<std::uint32_t>(grid_points.size());
  cells.push_back(end);
}

void SearchIndex::Impl::build_tags(const std::vector<SearchDoc>& docs) {
  for (std::uint32_t d = 0; d < doc_count; ++d) {
    for (const std::string& tag : docs[d].tags) {
      auto [it, inserted] = tag_ids.try_emplace(tag, static_cast<std::uint32_t>(tags.size()));
      if (inserted) tags.emplace_back();
      std::vector<std::uint32_t>& list = tags[it->second].docs;
      if (list.empty() || list.back() != d) list.push_back(d);
    }
  }
  for (TagDocs& tag : tags) {
    tag.docs.shrink_to_fit();
    if (tag.docs.size() * 32 < doc_count) continue;  // a list is smaller than a bitset
    tag.bits.assign((doc_count + 63) / 64, 0);
    for (const std::uint32_t d : tag.docs) tag.bits[d >> 6] |= std::uint64_t{1} << (d & 63);
  }
}

void SearchIndex::Impl::build_freshness(const std::vector<SearchDoc>& docs) {
  long newest = 0;
  for (std::uint32_t d = 0; d < doc_count; ++d) newest = std::max(newest, docs[d].verified_days);
  fresh.resize(doc_count);
  for (std::uint32_t d = 0; d < doc_count; ++d) {
    fresh[d] = static_cast<float>(freshness(docs[d].verified_days, newest));
  }
  by_freshness.resize(doc_count);
  for (std::uint32_t d = 0; d < doc_count; ++d) by_freshness[d] = d;
  std::stable_sort(by_freshness.begin(), by_freshness.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return fresh[a] > fresh[b]; });
}

// ---- Query words ----------------------------------------------------------------------------

std::vector<SearchIndex::Impl::Word> SearchIndex::Impl::query_words(std::string_view text) const {
  const std::string_view cut = text.substr(0, utf8_cut(text, kMaxQueryBytes));
  const std::vector<std::string> tokens = search_tokens(cut, kMaxQueryWords);
  const bool all_stop_words = std::all_of(tokens.begin(), tokens.end(), is_search_stop_word);
  std::vector<Word> words;
  for (const std::string& token : tokens) {
    if (!all_stop_words && is_search_stop_word(token)) continue;
    const bool repeated =
        std::any_of(words.begin(), words.end(), [&](const Word& w) { return w.text == token; });
    if (repeated) continue;
    words.push_back(Word{token, false, {}, 0, 0});
  }
  if (!words.empty()) words.back().last = true;
  return words;
}

void SearchIndex::Impl::expand(Word& word) const {
  const std::u32string letters = code_points(word.text);
  const std::size_t terms = term_count();
  // The first term not below `w`.
  auto lower = [&](std::string_view w) {
    std::size_t lo = 0;
    std::size_t hi = terms;
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (term(static_cast<std::uint32_t>(mid)) < w) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  };

  std::vector<Expansion>& out = word.expansions;
  const std::size_t first = lower(word.text);
  std::optional<std::uint32_t> exact;
  if (first < terms && term(static_cast<std::uint32_t>(first)) == word.text) {
    exact = static_cast<std::uint32_t>(first);
    out.push_back(Expansion{*exact, kExact});
  }

  const bool ideographic = !letters.empty() && is_ideographic(letters[0]);
  const bool prefix_ok = word.last || letters.size() >= kMinPrefixLetters ||
                         (ideographic && letters.size() >= kMinPrefixIdeographs);
  if (prefix_ok) {
    // UTF-8 never holds the byte FF, so every word starting with `text` sorts below text + FF.
    const std::size_t end = lower(word.text + '\xFF');
    std::vector<std::uint32_t> range;
    for (std::size_t t = exact ? first + 1 : first; t < end; ++t) {
      range.push_back(static_cast<std::uint32_t>(t));
    }
    if (range.size() > kMaxPrefixTerms) {
      std::nth_element(
          range.begin(), range.begin() + kMaxPrefixTerms, range.end(),
          [&](std::uint32_t a, std::uint32_t b) { return df(a) != df(b) ? df(a) > df(b) : a < b; });
      range.resize(kMaxPrefixTerms);
    }
    const float quality = word.last ? kPrefixLast : kPrefixOther;
    for (const std::uint32_t t : range) out.push_back(Expansion{t, quality});
  }

  if (letters.size() >= kMinOneEditLetters && letters.size() <= kMaxTypoLetters) {
    const int max_edits = letters.size() >= kMinTwoEditsLetters ? 2 : 1;
    std::vector<std::pair<std::uint32_t, int>> near;
    typo_terms(letters, max_edits, near);
    std::sort(near.begin(), near.end(), [&](const auto& a, const auto& b) {
      if (a.second != b.second) return a.second < b.second;
      if (df(a.first) != df(b.first)) return df(a.first) > df(b.first);
      return a.first < b.first;
    });
    if (near.size() > kMaxTypoTerms) near.resize(kMaxTypoTerms);
    for (const auto& [t, edits] : near) {
      if (edits == 0) continue;
      out.push_back(Expansion{t, edits == 1 ? kOneEdit : kTwoEdits});
    }
  }

  // One entry per term, with its best quality.
  std::sort(out.begin(), out.end(), [](const Expansion& a, const Expansion& b) {
    return a.term != b.term ? a.term < b.term : a.quality > b.quality;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Expansion& a, const Expansion& b) { return a.term == b.term; }),
            out.end());

  std::uint32_t word_df = 0;
  if (exact) {
    word_df = df(*exact);
  } else {
    for (const Expansion& e : out) word_df = std::max(word_df, df(e.term));
  }
  word.cost = 0;
  for (const Expansion& e : out) word.cost += df(e.term);
  word.idf = word_df == 0 ? 0
                          : static_cast<float>(std::log(1.0 + static_cast<double>(doc_count) /
                                                                  static_cast<double>(word_df)));
}

// Terms within `max_edits` (optimal string alignment distance: insertions, deletions,
// substitutions, swaps of neighbours) of `q`. The sorted vocabulary is an implicit trie: terms
// sharing a prefix are contiguous, so one table row per prefix depth is kept and reused by the
// next term, and a prefix whose row is all above `max_edits` skips every term under it.
void SearchIndex::Impl::typo_terms(const std::u32string& q, int max_edits,
                                   std::vector<std::pair<std::uint32_t, int>>& out) const {
  const std::size_t m = q.size();
  const std::size_t width = m + 1;
  const std::size_t max_depth = m + static_cast<std::size_t>(max_edits) + 1;
  std::vector<int> rows((max_depth + 1) * width);
  for (std::size_t j = 0; j <= m; ++j) rows[j] = static_cast<int>(j);
  std::vector<char32_t> path(max_depth + 1);         // the letters of the current prefix
  std::vector<std::size_t> path_end(max_depth + 1);  // byte length of the prefix of each depth
  std::size_t valid = 0;                             // rows 1..valid belong to path[0..valid)

  const std::size_t terms = term_count();
  std::size_t i = 0;
  while (i < terms) {
    const std::string_view t = term(static_cast<std::uint32_t>(i));
    // How much of the current path this term shares.
    std::size_t depth = 0;
    std::size_t pos = 0;
    while (depth < valid && pos < t.size()) {
      std::size_t next = pos;
      const char32_t c = decode_utf8(t, next);
      if (c != path[depth]) break;
      pos = next;
      ++depth;
    }
    bool pruned = false;
    while (pos < t.size()) {
      if (depth + 1 > max_depth) {
        pruned = true;
        break;
      }
      const char32_t c = decode_utf8(t, pos);
      path[depth] = c;
      path_end[depth + 1] = pos;
      ++depth;
      int* row = &rows[depth * width];
      const int* up = &rows[(depth - 1) * width];
      row[0] = static_cast<int>(depth);
      int row_min = row[0];
      for (std::size_t j = 1; j <= m; ++j) {
        int v = std::min({up[j] + 1, row[j - 1] + 1, up[j - 1] + (c == q[j - 1] ? 0 : 1)});
        if (depth > 1 && j > 1 && c == q[j - 2] && path[depth - 2] == q[j - 1]) {
          v = std::min(v, rows[(depth - 2) * width + j - 2] + 1);
        }
        row[j] = v;
        row_min = std::min(row_min, v);
      }
      if (row_min > max_edits) {
        pruned = true;
        break;
      }
    }
    if (pruned) {
      // Skip every term that starts with the prefix of this depth.
      const std::string_view prefix = t.substr(0, path_end[depth]);
      std::size_t lo = i + 1;
      std::size_t hi = terms;
      while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (term(static_cast<std::uint32_t>(mid)).starts_with(prefix)) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      valid = depth - 1;
      i = lo;
      continue;
    }
    valid = depth;
    const int distance = rows[depth * width + m];
    if (distance <= max_edits) out.emplace_back(static_cast<std::uint32_t>(i), distance);
    ++i;
  }
}

// ---- Matching -------------------------------------------------------------------------------

std::unique_ptr<SearchIndex::Impl::Scratch> SearchIndex::Impl::take_scratch() const {
  {
    const std::lock_guard lock(pool_mutex);
    if (!pool.empty()) {
      std::unique_ptr<Scratch> s = std::move(pool.back());
      pool.pop_back();
      return s;
    }
  }
  return std::make_unique<Scratch>(doc_count);
}

void SearchIndex::Impl::return_scratch(std::unique_ptr<Scratch> scratch) const {
  const std::lock_guard lock(pool_mutex);
  pool.push_back(std::move(scratch));
}

// Calls on_match(doc, relevance) for every document holding every word (in no set order). With
// `within` (a stamp from mark_circle()), only for documents so marked. False when there are none.
template <typename OnMatch>
bool SearchIndex::Impl::text_matches(std::vector<Word>& words, std::uint32_t within,
                                     Scratch& scratch, OnMatch&& on_match) const {
  std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) {
    return a.cost != b.cost ? a.cost < b.cost : a.text < b.text;
  });
  const auto n = static_cast<std::uint32_t>(words.size());
  const std::uint32_t base = scratch.reserve(n);
  Slot* slots = scratch.slots.data();
  float* best = scratch.best.data();
  std::vector<std::uint32_t> complete;
  for (std::uint32_t w = 0; w < n; ++w) {
    const Word& word = words[w];
    const std::uint32_t mark = base + w;
    const std::uint32_t need = w == 0 ? within : mark - 1;  // matched every earlier step
    const bool any = w == 0 && within == 0;
    const bool final = w + 1 == n;
    const float sum_factor = w == 0 ? 0.0F : 1.0F;
    std::size_t matched = 0;
    if (final && word.expansions.size() == 1) {
      // One term: a document's one posting completes it.
      const Expansion& e = word.expansions[0];
      const float weight = word.idf * e.quality;
      const std::uint32_t* p = postings.data() + posting_starts[e.term];
      const std::uint32_t* end = postings.data() + posting_starts[e.term + 1];
      for (; p != end; ++p) {
        const std::uint32_t doc = *p >> 5;
        if (!any && slots[doc].stamp != need) continue;
        const float sum = any ? 0.0F : slots[doc].sum;
        on_match(doc, sum + weight * kMaskWeights[*p & 31]);
        ++matched;
      }
      return matched > 0;
    }
    for (const Expansion& e : word.expansions) {
      const float weight = word.idf * e.quality;
      const std::uint32_t* p = postings.data() + posting_starts[e.term];
      const std::uint32_t* end = postings.data() + posting_starts[e.term + 1];
      for (; p != end; ++p) {
        const std::uint32_t doc = *p >> 5;
        Slot& slot = slots[doc];
        if (slot.stamp == mark) {
          // Another term of the same word: the best one counts.
          const float s = weight * kMaskWeights[*p & 31];
          if (s > best[doc]) {
            slot.sum += s - best[doc];
            best[doc] = s;
          }
        } else if (any || slot.stamp == need) {
          const float s = weight * kMaskWeights[*p & 31];
          slot.stamp = mark;
          slot.sum = sum_factor * slot.sum + s;
          best[doc] = s;
          ++matched;
          if (final) complete.push_back(doc);
        }
      }
    }
    if (matched == 0) return false;
  }
  for (const std::uint32_t doc : complete) on_match(doc, slots[doc].sum);
  return true;
}

double SearchIndex::Impl::nearest_c2(const Circle& circle, std::uint32_t doc) const {
  double best = std::numeric_limits<double>::infinity();
  for (std::uint32_t p = point_starts[doc]; p < point_starts[doc + 1]; ++p) {
    best = std::min(best, chord2(circle.at, points[p]));
  }
  return best;
}

// The grid cells that may hold points within the circle, nearest first.
std::vector<SearchIndex::Impl::Visit> SearchIndex::Impl::circle_cells(const Circle& circle) const {
  std::vector<Visit> visits;
  const double max_chord = std::sqrt(circle.max_c2);
  auto add_cells = [&](std::int32_t row, std::int32_t col_lo, std::int32_t col_hi) {
    auto it = std::lower_bound(cell_keys.begin(), cell_keys.end(), grid_key(row, col_lo));
    const std::uint32_t key_hi = grid_key(row, col_hi);
    for (; it != cell_keys.end() && *it <= key_hi; ++it) {
      const auto c = static_cast<std::uint32_t>(it - cell_keys.begin());
      const double middle = std::sqrt(chord2(circle.at, cells[c].middle));
      const double lower = std::max(0.0, middle - cells[c].reach);
      if (lower > max_chord) continue;
      visits.push_back(Visit{lower, middle + cells[c].reach, c});
    }
  };
  // Rows and columns of the circle's bounding box; near a pole or for a large circle, every
  // column.
  const double angle_deg = circle.radius_km / kEarthRadiusKm / kDegToRad;
  const double lat_lo = circle.center.lat - angle_deg;
  const double lat_hi = circle.center.lat + angle_deg;
  const std::int32_t row_lo = grid_row(std::max(-90.0, lat_lo));
  const std::int32_t row_hi = grid_row(std::min(90.0, lat_hi));
  const double widest = std::max(std::abs(lat_lo), std::abs(lat_hi));
  const bool all_cols = angle_deg > 30 || widest >= 80;
  const double dlon = all_cols ? 180 : angle_deg / std::cos(widest * kDegToRad) + kCellDegrees;
  const auto col_lo =
      static_cast<std::int32_t>(std::floor((circle.center.lon - dlon + 180) / kCellDegrees));
  const auto col_hi =
      static_cast<std::int32_t>(std::floor((circle.center.lon + dlon + 180) / kCellDegrees));
  for (std::int32_t row = row_lo; row <= row_hi; ++row) {
    if (all_cols || col_hi - col_lo + 1 >= kGridCols) {
      add_cells(row, 0, kGridCols - 1);
    } else if (col_lo < 0) {
      add_cells(row, col_lo + kGridCols, kGridCols - 1);
      add_cells(row, 0, col_hi);
    } else if (col_hi >= kGridCols) {
      add_cells(row, col_lo, kGridCols - 1);
      add_cells(row, 0, col_hi - kGridCols);
    } else {
      add_cells(row, col_lo, col_hi);
    }
  }
  std::sort(visits.begin(), visits.end(), [](const Visit& a, const Visit& b) {
    return a.lower != b.lower ? a.lower < b.lower : a.cell < b.cell;
  });
  return visits;
}

// Stamps every document with a point in the circle, and every document that serves everywhere,
// with a fresh stamp value, which it returns.
std::uint32_t SearchIndex::Impl::mark_circle(const Circle& circle, const std::vector<Visit>& visits,
                                             Scratch& scratch) const {
  const std::uint32_t mark = scratch.reserve(1);
  const double max_chord = std::sqrt(circle.max_c2);
  for (const Visit& v : visits) {
    const bool inside = v.upper <= max_chord;
    for (std::uint32_t k = cells[v.cell].begin; k < cells[v.cell + 1].begin; ++k) {
      const GridPoint& g = grid_points[k];
      if (inside || chord2(circle.at, g.at) <= circle.max_c2) scratch.slots[g.doc].stamp = mark;
    }
  }
  for (const std::uint32_t doc : everywhere_docs) scratch.slots[doc].stamp = mark;
  return mark;
}

// Documents with a point in the circle and every required tag, then those that serve everywhere;
// returns how many, keeping the best in `top`. Cells are read nearest first; once the best score a
// cell could hold cannot enter `top`, its documents are only counted.
std::size_t SearchIndex::Impl::near_matches(const Circle& circle, const std::vector<Visit>& visits,
                                            const std::vector<const TagDocs*>& required,
                                            Scratch& scratch, TopK& top) const {
  auto has_tags = [&](std::uint32_t doc) {
    for (const TagDocs* t : required) {
      if (!t->has(doc)) return false;
    }
    return true;
  };
  const double max_chord = std::sqrt(circle.max_c2);
  const std::uint32_t mark = scratch.reserve(1);
  std::size_t total = 0;
  for (const Visit& v : visits) {
    const bool inside = v.upper <= max_chord;
    const bool rank = top.may_enter(1 / (1 + chord2_km(v.lower * v.lower) / kDistanceScaleKm));
    for (std::uint32_t k = cells[v.cell].begin; k < cells[v.cell + 1].begin; ++k) {
      const GridPoint& g = grid_points[k];
      double c2 = inside ? -1 : chord2(circle.at, g.at);
      if (c2 > circle.max_c2) continue;
      const std::uint32_t doc = g.doc;
      if (point_starts[doc + 1] - point_starts[doc] > 1) {
        // Counted once, at its nearest point.
        if (scratch.slots[doc].stamp == mark) continue;
        scratch.slots[doc].stamp = mark;
        c2 = nearest_c2(circle, doc);
      }
      if (!has_tags(doc)) continue;
      ++total;
      if (!rank) continue;
      if (c2 < 0) c2 = chord2(circle.at, g.at);
      const double km = chord2_km(c2);
      top.push(Candidate{fresh[doc] / (1 + km / kDistanceScaleKm), doc, km});
    }
  }

  const double edge = kEverywhereFactor / (1 + circle.radius_km / kDistanceScaleKm);
  for (const std::uint32_t doc : everywhere_docs) {
    const double c2 = nearest_c2(circle, doc);
    if (c2 <= circle.max_c2 || !has_tags(doc)) continue;  // in range: counted above
    ++total;
    top.push(
        Candidate{fresh[doc] * edge, doc,
                  std::isfinite(c2) ? chord2_km(c2) : std::numeric_limits<double>::quiet_NaN()});
  }
  return total;
}

SearchResult SearchIndex::Impl::search(const SearchQuery& query) const {
  SearchResult result;
  if (doc_count == 0) return result;

  std::vector<const TagDocs*> required;
  for (const std::string& tag : query.tags) {
    const auto it = tag_ids.find(tag);
    if (it == tag_ids.end()) return result;  // an unknown tag matches nothing
    required.push_back(&tags[it->second]);
  }
  std::sort(required.begin(), required.end(),
            [](const TagDocs* a, const TagDocs* b) { return a->docs.size() < b->docs.size(); });
  required.erase(std::unique(required.begin(), required.end()), required.end());
  auto has_tags = [&](std::uint32_t doc) {
    for (const TagDocs* t : required) {
      if (!t->has(doc)) return false;
    }
    return true;
  };

  std::optional<Circle> circle;
  if (query.near) {
    if (!is_coordinate(*query.near)) return result;
    Circle c;
    c.center = *query.near;
    c.at = unit_vector(c.center.lat, c.center.lon);
    c.radius_km = std::isfinite(query.radius_km) && query.radius_km > 0
                      ? std::min(query.radius_km, std::numbers::pi * kEarthRadiusKm)
                      : kDefaultRadiusKm;
    c.max_c2 = km_chord2(c.radius_km);
    circle = c;
  }
  const double edge_proximity =
      circle ? kEverywhereFactor / (1 + circle->radius_km / kDistanceScaleKm) : 1;

  std::vector<Word> words = query_words(query.text);
  for (Word& word : words) {
    expand(word);
    if (word.expansions.empty()) return result;  // AND: a word nothing holds
  }

  const std::size_t limit = std::min<std::size_t>(query.limit, doc_count);
  const std::size_t offset = query.offset;

  // No words, no place: in order of freshness, straight from the precomputed order.
  if (words.empty() && !circle) {
    if (required.empty()) {
      result.total = doc_count;
      for (std::size_t k = offset; k < doc_count && k - offset < limit; ++k) {
        const std::uint32_t d = by_freshness[k];
        result.hits.push_back(SearchHit{d, fresh[d], std::nullopt});
      }
      return result;
    }
    const bool all_bits = std::all_of(required.begin(), required.end(),
                                      [](const TagDocs* t) { return !t->bits.empty(); });
    if (all_bits) {
      // Common tags: count with the bitsets, walk the freshness order for the page.
      std::size_t total = 0;
      for (std::size_t k = 0; k < required[0]->bits.size(); ++k) {
        std::uint64_t word = required[0]->bits[k];
        for (std::size_t t = 1; t < required.size(); ++t) word &= required[t]->bits[k];
        total += static_cast<std::size_t>(std::popcount(word));
      }
      result.total = total;
      std::size_t seen = 0;
      for (std::size_t k = 0; k < doc_count && result.hits.size() < limit && seen < total; ++k) {
        const std::uint32_t d = by_freshness[k];
        if (!has_tags(d)) continue;
        if (seen++ >= offset) result.hits.push_back(SearchHit{d, fresh[d], std::nullopt});
      }
      return result;
    }
  }

  const std::size_t k = offset >= doc_count ? 0 : std::min<std::size_t>(offset + limit, doc_count);
  TopK top(k);
  std::unique_ptr<Scratch> scratch = take_scratch();
  struct Return {
    const Impl* impl;
    std::unique_ptr<Scratch>& s;
    ~Return() { impl->return_scratch(std::move(s)); }
  } give_back{this, scratch};

  constexpr double kNoDistance = std::numeric_limits<double>::quiet_NaN();
  std::vector<Visit> visits;
  if (circle) visits = circle_cells(*circle);
  if (!words.empty()) {
    // With a place, the circle's documents are marked first when there are fewer of them than
    // documents holding the cheapest word.
    std::uint32_t within = 0;
    if (circle) {
      std::size_t in_cells = everywhere_docs.size();
      for (const Visit& v : visits) in_cells += cells[v.cell + 1].begin - cells[v.cell].begin;
      const std::uint64_t cheapest =
          std::min_element(words.begin(), words.end(), [](const Word& a, const Word& b) {
            return a.cost < b.cost;
          })->cost;
      if (in_cells < cheapest) within = mark_circle(*circle, visits, *scratch);
    }
    auto on_match = [&](std::uint32_t d, float sum) {
      if (!has_tags(d)) return;
      const double relevance = static_cast<double>(sum) * fresh[d];
      if (!circle) {
        ++result.total;
        top.push(Candidate{relevance, d, kNoDistance});
        return;
      }
      const double c2 = nearest_c2(*circle, d);
      if (c2 <= circle->max_c2) {
        ++result.total;
        if (!top.may_enter(relevance)) return;  // proximity is at most 1
        const double km = chord2_km(c2);
        top.push(Candidate{relevance / (1 + km / kDistanceScaleKm), d, km});
      } else if (is_everywhere(d)) {
        ++result.total;
        top.push(Candidate{relevance * edge_proximity, d,
                           std::isfinite(c2) ? chord2_km(c2) : kNoDistance});
      }
    };
    if (!text_matches(words, within, *scratch, on_match)) return result;
  } else if (circle) {
    result.total = near_matches(*circle, visits, required, *scratch, top);
  } else {
    // Rare tags only: the rarest tag's documents.
    for (const std::uint32_t d : required[0]->docs) {
      if (!has_tags(d)) continue;
      ++result.total;
      top.push(Candidate{fresh[d], d, kNoDistance});
    }
  }

  const std::vector<Candidate> best = top.take();
  for (std::size_t i = offset; i < best.size(); ++i) {
    SearchHit hit{best[i].doc, best[i].score, std::nullopt};
    if (!std::isnan(best[i].distance)) hit.distance_km = best[i].distance;
    result.hits.push_back(hit);
  }
  return result;
}

// ---- Public ---------------------------------------------------------------------------------

SearchIndex::SearchIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SearchIndex::~SearchIndex() = default;

std::shared_ptr<const SearchIndex> SearchIndex::build(const std::vector<SearchDoc>& docs) {
  auto impl = std::make_unique<Impl>();
  impl->build(docs);
  return std::shared_ptr<const SearchIndex>(new SearchIndex(std::move(impl)));
}

SearchResult SearchIndex::search(const SearchQuery& query) const {
  try {
    return impl_->search(query);
  } catch (...) {
    // Only std::bad_alloc can get here; a query that cannot be answered finds nothing.
    return SearchResult{};
  }
}

std::size_t SearchIndex::size() const { return impl_->doc_count; }

std::size_t SearchIndex::memory_bytes() const {
  const Impl& i = *impl_;
  auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  std::size_t total = i.word_bytes.capacity() + bytes(i.word_starts) + bytes(i.posting_starts) +
                      bytes(i.postings) + bytes(i.point_starts) + bytes(i.points) +
                      bytes(i.cell_keys) + bytes(i.cells) + bytes(i.grid_points) +
                      bytes(i.everywhere_bits) + bytes(i.everywhere_docs) + bytes(i.fresh) +
                      bytes(i.by_freshness);
  for (const auto& [name, id] : i.tag_ids) {
    total += name.capacity() + sizeof(id) + 32;  // and the hash node
    total += bytes(i.tags[id].docs) + bytes(i.tags[id].bits);
  }
  const std::lock_guard lock(i.pool_mutex);
  for (const auto& scratch : i.pool) {
    total += bytes(scratch->slots) + bytes(scratch->best);
  }
  return total;
}

}  // namespace amparo::directory
