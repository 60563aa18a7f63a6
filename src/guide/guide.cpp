#include "guide/guide.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "core/file.h"

namespace amparo::guide {
namespace {

constexpr std::string_view kSourceLanguage = "en";

Result<std::vector<std::string>> read_index(const std::string& path) {
  auto text = read_file(path);
  if (!text.ok()) return std::move(text).error();
  std::vector<std::string> slugs;
  try {
    const YAML::Node root = YAML::Load(*text);
    const YAML::Node list = root["articles"];
    if (!list || !list.IsSequence() || list.size() == 0) {
      return make_error(ErrorCode::kInvalidArgument, "expected \"articles:\" listing the slugs")
          .at(path, 1);
    }
    for (const auto& n : list) {
      const std::string slug = n.as<std::string>();
      const bool ok = !slug.empty() && std::all_of(slug.begin(), slug.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      });
      if (!ok || std::find(slugs.begin(), slugs.end(), slug) != slugs.end()) {
        return make_error(ErrorCode::kInvalidArgument,
                          "\"" + slug + "\" is not a unique slug of a-z, 0-9 and -")
            .at(path, n.Mark().line + 1);
      }
      slugs.push_back(slug);
    }
  } catch (const YAML::Exception& e) {
    return make_error(ErrorCode::kInvalidArgument, e.msg).at(path, e.mark.line + 1);
  }
  return slugs;
}

std::string one_decimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

const Article* Guide::find(std::string_view lang, std::string_view slug) const {
  auto it = articles_.find(std::pair<std::string, std::string>(lang, slug));
  return it == articles_.end() ? nullptr : &it->second;
}

int Guide::error_count() const {
  return static_cast<int>(std::count_if(diagnostics_.begin(), diagnostics_.end(),
                                        [](const auto& d) { return d.error; }));
}

Result<Guide> Guide::load(const std::string& content_dir, const std::vector<std::string>& languages,
                          const Date& today) {
  Guide g;
  auto slugs = read_index(content_dir + "/guide.yaml");
  if (!slugs.ok()) return std::move(slugs).error();
  g.slugs_ = std::move(*slugs);
  auto report = [&g](bool error, std::string file, int line, std::string message) {
    g.diagnostics_.push_back({error, std::move(file), line, std::move(message)});
  };

  for (const auto& lang : languages) {
    for (const auto& slug : g.slugs_) {
      const std::string file = content_dir + "/" + lang + "/" + slug + ".md";
      auto text = read_file(file);
      if (!text.ok()) {
        report(true, file, 0, "the article is missing in this language");
        continue;
      }
      auto article = parse_article(*text, file, lang, slug);
      if (!article.ok()) {
        report(true, article.error().file, article.error().line, article.error().message);
        continue;
      }
      g.articles_.emplace(std::make_pair(lang, slug), std::move(*article));
    }
  }

  const std::set<std::string, std::less<>> known(g.slugs_.begin(), g.slugs_.end());
  for (const auto& [key, a] : g.articles_) {
    for (const auto& link : a.links) {
      const std::string_view t = link.target;
      const bool external = t.rfind("https://", 0) == 0 || t.rfind("http://", 0) == 0 ||
                            t.rfind("mailto:", 0) == 0 || t.rfind("tel:", 0) == 0;
      if (external) continue;
      if (!known.contains(t)) {
        report(true, a.file, link.line,
               "broken link \"" + link.target + "\": link to another article by its slug alone");
      }
    }
    // review_by must agree across languages, so one warning, on the English article, is enough.
    if (a.lang == kSourceLanguage && a.stale(today)) {
      report(false, a.file, 0,
             "review_by " + a.review_by.to_string() + " has passed: check the facts again");
    }
    if (a.lang == kSourceLanguage && a.average_sentence_words > kMaxAverageSentenceWords) {
      report(false, a.file, 0,
             "sentences average " + one_decimal(a.average_sentence_words) +
                 " words; keep it under " + one_decimal(kMaxAverageSentenceWords) +
                 " (plain language)");
    }
    if (a.lang == kSourceLanguage) continue;
    const Article* en = g.find(kSourceLanguage, a.slug);
    if (en == nullptr) continue;
    auto differs = [&](const std::string& what, const std::string& mine,
                       const std::string& theirs) {
      report(true, a.file, 0,
             what + " differs from the English article (" + mine + " here, " + theirs + " in " +
                 en->file + ")");
    };
    if (a.as_of != en->as_of) differs("as_of", a.as_of.to_string(), en->as_of.to_string());
    if (a.review_by != en->review_by) {
      differs("review_by", a.review_by.to_string(), en->review_by.to_string());
    }
    if (a.status != en->status) {
      differs("status", a.status == Status::kCurrent ? "current" : "historical",
              en->status == Status::kCurrent ? "current" : "historical");
    }
    std::vector<std::string> mine_urls;
    std::vector<std::string> their_urls;
    for (const auto& s : a.sources) mine_urls.push_back(s.url);
    for (const auto& s : en->sources) their_urls.push_back(s.url);
    if (mine_urls != their_urls) {
      differs("sources", std::to_string(mine_urls.size()) + " urls",
              std::to_string(their_urls.size()) + " urls, in this order");
    }
    if (a.sections.size() != en->sections.size()) {
      differs("the number of \"## \" sections", std::to_string(a.sections.size()),
              std::to_string(en->sections.size()));
    }
    std::vector<std::string> mine_links;
    std::vector<std::string> their_links;
    for (const auto& l : a.links) mine_links.push_back(l.target);
    for (const auto& l : en->links) their_links.push_back(l.target);
    std::sort(mine_links.begin(), mine_links.end());
    std::sort(their_links.begin(), their_links.end());
    if (mine_links != their_links) {
      differs("the links", std::to_string(mine_links.size()),
              std::to_string(their_links.size()) + ", to the same articles");
    }
    if (a.translation == Translation::kSource) {
      report(true, a.file, 0, "translation: source is for English; use human or machine");
    }
  }
  std::stable_sort(g.diagnostics_.begin(), g.diagnostics_.end(),
                   [](const Diagnostic& x, const Diagnostic& y) { return x.error && !y.error; });
  return g;
}

}  // namespace amparo::guide
