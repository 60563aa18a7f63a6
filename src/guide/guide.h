// The guide: articles in content/<lang>/<slug>.md with YAML front matter, rendered from Markdown
// (cmark-gfm, safe mode: raw HTML is dropped) when loaded, and checked so that every language says
// the same thing with the same dates and sources. Loaded once per snapshot; read-only afterwards.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"

namespace amparo::guide {

struct Source {
  std::string title;
  std::string url;
  bool operator==(const Source&) const = default;
};

enum class Status { kCurrent, kHistorical };
enum class Translation { kSource, kHuman, kMachine };

struct Article {
  std::string lang;
  std::string slug;
  std::string file;  // as given to the loader, for reports
  std::string title;
  std::string summary;
  Date as_of;
  Date review_by;
  Status status = Status::kCurrent;
  Translation translation = Translation::kSource;
  std::vector<Source> sources;

  std::string html;                   // the rendered body (safe: no raw HTML from the source)
  std::vector<std::string> sections;  // the "## " headings, in order
  struct Link {
    std::string target;
    int line = 0;
  };
  std::vector<Link> links;            // every link target in the body, with its line in the file
  double average_sentence_words = 0;  // over the body's prose

  // True when `today` is after review_by: the page must say it may be out of date.
  bool stale(const Date& today) const { return today > review_by; }
};

// One problem found in the content: file:line: message. Errors stop `amparo check`; warnings do
// not.
struct Diagnostic {
  bool error = true;
  std::string file;
  int line = 0;
  std::string message;
  std::string to_string() const;
};

// Parses one article. `file` names it in errors (which carry file and line).
Result<Article> parse_article(std::string_view text, std::string file, std::string lang,
                              std::string slug);

class Guide {
 public:
  // Loads <content_dir>/guide.yaml (the article slugs in index order) and every
  // <content_dir>/<lang>/<slug>.md for each of `languages`. Everything wrong is reported in
  // `diagnostics` (missing or malformed articles, broken internal links, front matter that
  // disagrees with the English article, a past review_by as a warning, long English sentences as a
  // warning); articles that parse are kept, so a server can still show the rest. Fails only when
  // guide.yaml itself cannot be read.
  static Result<Guide> load(const std::string& content_dir,
                            const std::vector<std::string>& languages, const Date& today);

  const std::vector<std::string>& slugs() const { return slugs_; }
  // The article, or nullptr.
  const Article* find(std::string_view lang, std::string_view slug) const;
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  int error_count() const;
  std::size_t article_count() const { return articles_.size(); }

 private:
  std::vector<std::string> slugs_;
  std::map<std::pair<std::string, std::string>, Article, std::less<>> articles_;
  std::vector<Diagnostic> diagnostics_;
};

// An English page whose average sentence is longer than this gets a warning: plain language.
inline constexpr double kMaxAverageSentenceWords = 20.0;

}  // namespace amparo::guide
