// One article: front matter (yaml-cpp) and body (cmark-gfm). yaml-cpp reports errors by exception;
// they are caught here and become Error values naming the file and line.
#include <cmark-gfm.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <memory>
#include <set>

#include "guide/guide.h"

namespace amparo::guide {
namespace {

constexpr std::string_view kFence = "---";

Error at_line(std::string message, const std::string& file, int line) {
  return make_error(ErrorCode::kInvalidArgument, std::move(message)).at(file, line);
}

// The front matter's YAML and the line the body starts on. Lines are 1-based.
struct Split {
  std::string_view yaml;
  std::string_view body;
  int body_line = 1;
};

Result<Split> split_front_matter(std::string_view text, const std::string& file) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const auto first_line_end = text.find('\n');
  std::string_view first_line = text.substr(0, first_line_end);
  if (!first_line.empty() && first_line.back() == '\r') first_line.remove_suffix(1);
  if (first_line_end == std::string_view::npos || first_line != kFence) {
    return at_line("expected front matter: the file must start with a line \"---\"", file, 1);
  }
  Split out;
  std::size_t pos = first_line_end + 1;
  int line = 2;
  const std::size_t yaml_start = pos;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(pos, end - pos);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l == kFence) {
      out.yaml = text.substr(yaml_start, pos - yaml_start);
      out.body = end < text.size() ? text.substr(end + 1) : std::string_view();
      out.body_line = line + 1;
      return out;
    }
    pos = end + 1;
    ++line;
  }
  return at_line("the front matter is never closed with a line \"---\"", file, 1);
}

int line_of(const YAML::Node& node, int yaml_first_line) {
  return node.Mark().is_null() ? yaml_first_line : node.Mark().line + yaml_first_line;
}

Result<std::string> required_string(const YAML::Node& root, const char* key,
                                    const std::string& file, int first_line) {
  const YAML::Node n = root[key];
  if (!n) return at_line(std::string("front matter: \"") + key + "\" is missing", file, first_line);
  if (!n.IsScalar() || n.Scalar().empty()) {
    return at_line(std::string("front matter: \"") + key + "\" must be non-empty text", file,
                   line_of(n, first_line));
  }
  return n.Scalar();
}

Result<Date> required_date(const YAML::Node& root, const char* key, const std::string& file,
                           int first_line) {
  auto s = required_string(root, key, file, first_line);
  if (!s.ok()) return std::move(s).error();
  auto d = Date::parse(*s);
  if (!d.ok()) {
    return at_line(std::string("front matter: \"") + key + "\": " + d.error().message, file,
                   line_of(root[key], first_line));
  }
  return *d;
}

void collect_text(cmark_node* node, std::string& out) {
  cmark_iter* it = cmark_iter_new(node);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* cur = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER) continue;
    const auto type = cmark_node_get_type(cur);
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
      if (const char* lit = cmark_node_get_literal(cur)) out += lit;
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
      out += ' ';
    }
  }
  cmark_iter_free(it);
}

// Words per sentence over the prose (paragraphs and list items). Sentences end at . ! ? and their
// full-width and Arabic forms; a paragraph or item without a final stop still counts as one.
double average_sentence_words(const std::vector<std::string>& blocks) {
  long words = 0;
  long sentences = 0;
  for (const auto& block : blocks) {
    bool in_word = false;
    bool pending = false;  // words since the last sentence end
    for (std::size_t i = 0; i < block.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(block[i]);
      const bool space = c == ' ' || c == '\n' || c == '\t';
      const bool stop = c == '.' || c == '!' || c == '?';
      if (space) {
        in_word = false;
      } else if (stop) {
        const bool end = i + 1 == block.size() || block[i + 1] == ' ' || block[i + 1] == '\n';
        if (end && pending) {
          ++sentences;
          pending = false;
        }
        in_word = false;
      } else if (!in_word) {
        in_word = true;
        pending = true;
        ++words;
      }
    }
    if (pending) ++sentences;
  }
  return sentences == 0 ? 0.0 : static_cast<double>(words) / static_cast<double>(sentences);
}

struct CmarkNodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};

}  // namespace

std::string Diagnostic::to_string() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  out += error ? ": error: " : ": warning: ";
  out += message;
  return out;
}

Result<Article> parse_article(std::string_view text, std::string file, std::string lang,
                              std::string slug) {
  auto split = split_front_matter(text, file);
  if (!split.ok()) return std::move(split).error();
  constexpr int kYamlFirstLine = 2;

  Article a;
  a.file = std::move(file);
  a.lang = std::move(lang);
  a.slug = std::move(slug);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(split->yaml));
  } catch (const YAML::Exception& e) {
    return at_line("front matter is not valid YAML: " + e.msg, a.file,
                   e.mark.is_null() ? 1 : e.mark.line + kYamlFirstLine);
  }
  if (!root.IsMap()) return at_line("front matter must be a YAML mapping", a.file, kYamlFirstLine);
  try {
    static const std::set<std::string, std::less<>> kKeys = {
        "title", "summary", "as_of", "review_by", "status", "translation", "sources"};
    for (const auto& kv : root) {
      const auto key = kv.first.as<std::string>();
      if (!kKeys.contains(key)) {
        return at_line("front matter: unknown key \"" + key + "\"", a.file,
                       line_of(kv.first, kYamlFirstLine));
      }
    }
    auto title = required_string(root, "title", a.file, kYamlFirstLine);
    if (!title.ok()) return std::move(title).error();
    a.title = *title;
    auto summary = required_string(root, "summary", a.file, kYamlFirstLine);
    if (!summary.ok()) return std::move(summary).error();
    a.summary = *summary;
    auto as_of = required_date(root, "as_of", a.file, kYamlFirstLine);
    if (!as_of.ok()) return std::move(as_of).error();
    a.as_of = *as_of;
    auto review_by = required_date(root, "review_by", a.file, kYamlFirstLine);
    if (!review_by.ok()) return std::move(review_by).error();
    a.review_by = *review_by;
    if (a.review_by < a.as_of) {
      return at_line("front matter: review_by is before as_of", a.file,
                     line_of(root["review_by"], kYamlFirstLine));
    }
    auto status = required_string(root, "status", a.file, kYamlFirstLine);
    if (!status.ok()) return std::move(status).error();
    if (*status == "current") {
      a.status = Status::kCurrent;
    } else if (*status == "historical") {
      a.status = Status::kHistorical;
    } else {
      return at_line("front matter: status must be current or historical, not \"" + *status + "\"",
                     a.file, line_of(root["status"], kYamlFirstLine));
    }
    auto translation = required_string(root, "translation", a.file, kYamlFirstLine);
    if (!translation.ok()) return std::move(translation).error();
    if (*translation == "source") {
      a.translation = Translation::kSource;
    } else if (*translation == "human") {
      a.translation = Translation::kHuman;
    } else if (*translation == "machine") {
      a.translation = Translation::kMachine;
    } else {
      return at_line("front matter: translation must be source, human or machine, not \"" +
                         *translation + "\"",
                     a.file, line_of(root["translation"], kYamlFirstLine));
    }
    const YAML::Node sources = root["sources"];
    if (!sources || !sources.IsSequence() || sources.size() == 0) {
      return at_line("front matter: \"sources\" must list at least one source", a.file,
                     sources ? line_of(sources, kYamlFirstLine) : kYamlFirstLine);
    }
    for (const auto& s : sources) {
      const int line = line_of(s, kYamlFirstLine);
      if (!s.IsMap() || !s["url"] || !s["url"].IsScalar() || !s["title"] ||
          !s["title"].IsScalar()) {
        return at_line("front matter: each source needs a title and a url", a.file, line);
      }
      Source src{s["title"].Scalar(), s["url"].Scalar()};
      if (src.url.rfind("https://", 0) != 0 && src.url.rfind("http://", 0) != 0) {
        return at_line("front matter: a source url must start with https://", a.file, line);
      }
      a.sources.push_back(std::move(src));
    }
  } catch (const YAML::Exception& e) {
    return at_line("front matter: " + e.msg, a.file,
                   e.mark.is_null() ? kYamlFirstLine : e.mark.line + kYamlFirstLine);
  }

  // Body: CMARK_OPT_DEFAULT is safe mode in cmark-gfm 0.29 (raw HTML and javascript: URLs are
  // dropped).
  const std::string body(split->body);
  std::unique_ptr<cmark_node, CmarkNodeDeleter> doc(
      cmark_parse_document(body.data(), body.size(), CMARK_OPT_DEFAULT));
  if (!doc) return at_line("the Markdown could not be parsed", a.file, split->body_line);
  std::vector<std::string> prose;
  cmark_iter* it = cmark_iter_new(doc.get());
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* node = cmark_iter_get_node(it);
    const int line = cmark_node_get_start_line(node) + split->body_line - 1;
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_HEADING:
        if (cmark_node_get_heading_level(node) == 1) {
          cmark_iter_free(it);
          return at_line("no \"# \" heading in the body: the title comes from the front matter",
                         a.file, line);
        }
        if (cmark_node_get_heading_level(node) == 2) {
          std::string heading;
          collect_text(node, heading);
          a.sections.push_back(std::move(heading));
        }
        break;
      case CMARK_NODE_LINK:
        a.links.push_back({cmark_node_get_url(node) ? cmark_node_get_url(node) : "", line});
        break;
      case CMARK_NODE_HTML_BLOCK:
      case CMARK_NODE_HTML_INLINE:
        cmark_iter_free(it);
        return at_line("raw HTML is not allowed in articles; write Markdown", a.file, line);
      case CMARK_NODE_IMAGE:
        cmark_iter_free(it);
        return at_line("images are not allowed in articles (no text in images; light pages)",
                       a.file, line);
      case CMARK_NODE_PARAGRAPH: {
        std::string text_of_block;
        collect_text(node, text_of_block);
        prose.push_back(std::move(text_of_block));
        break;
      }
      default:
        break;
    }
  }
  cmark_iter_free(it);
  a.average_sentence_words = average_sentence_words(prose);
  char* html = cmark_render_html(doc.get(), CMARK_OPT_DEFAULT, nullptr);
  a.html = html;
  std::free(html);
  return a;
}

}  // namespace amparo::guide
