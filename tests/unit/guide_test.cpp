// The guide's content engine: parsing, rendering, and the checks that keep languages in agreement.
#include "guide/guide.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/file.h"

namespace amparo::guide {
namespace {

namespace fs = std::filesystem;

const Date kToday = *Date::parse("2026-08-01");  // before the fixtures' review_by
const std::vector<std::string> kLangs = {"en", "es"};

// A copy of tests/fixtures/guide/good that a test may break.
class GuideFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("amparo-guide-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::copy(fs::path(AMPARO_SOURCE_DIR) / "tests/fixtures/guide/good", dir_,
             fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& rel) const { return (dir_ / rel).string(); }
  // Replaces the first match of `re` in a fixture file.
  void edit(const std::string& rel, const std::string& re, const std::string& with) {
    auto text = read_file(path(rel));
    ASSERT_TRUE(text.ok());
    const std::string changed =
        std::regex_replace(*text, std::regex(re), with, std::regex_constants::format_first_only);
    ASSERT_NE(changed, *text) << "the edit changed nothing: " << re;
    std::ofstream(path(rel), std::ios::binary | std::ios::trunc) << changed;
  }
  Guide load(const Date& today = kToday) {
    auto g = Guide::load(dir_.string(), kLangs, today);
    EXPECT_TRUE(g.ok()) << g.error().to_string();
    return std::move(*g);
  }
  // The one error the guide reports; fails the test unless there is exactly one.
  Diagnostic only_error(const Guide& g) {
    std::vector<Diagnostic> errors;
    for (const auto& d : g.diagnostics()) {
      if (d.error) errors.push_back(d);
    }
    std::string all;
    for (const auto& d : g.diagnostics()) all += d.to_string() + "\n";
    EXPECT_EQ(errors.size(), 1u) << all;
    return errors.empty() ? Diagnostic{} : errors.front();
  }

  fs::path dir_;
};

TEST_F(GuideFixture, GoodContentLoadsWithoutProblems) {
  Guide g = load();
  EXPECT_TRUE(g.diagnostics().empty()) << g.diagnostics().front().to_string();
  EXPECT_EQ(g.slugs(), (std::vector<std::string>{"first", "second"}));
  const Article* es = g.find("es", "first");
  ASSERT_NE(es, nullptr);
  EXPECT_EQ(es->title, "Primera página");
  EXPECT_EQ(es->translation, Translation::kMachine);
  EXPECT_EQ(es->sections, (std::vector<std::string>{"Qué pasa", "Busque ayuda"}));
  EXPECT_NE(es->html.find("<a href=\"second\">segunda página</a>"), std::string::npos) << es->html;
  EXPECT_EQ(g.find("en", "second")->status, Status::kHistorical);
}

TEST_F(GuideFixture, MissingArticleInOneLanguageIsAnError) {
  fs::remove(path("es/second.md"));
  const auto e = only_error(load());
  EXPECT_EQ(e.file, path("es/second.md"));
  EXPECT_NE(e.message.find("missing"), std::string::npos);
}

TEST_F(GuideFixture, BrokenInternalLinkNamesFileAndLine) {
  edit("en/first.md", R"(\(second\))", "(seconde)");
  Guide g = load();
  // Two errors: the broken link, and the Spanish page's links no longer matching the English ones.
  EXPECT_EQ(g.error_count(), 2);
  bool found = false;
  for (const auto& d : g.diagnostics()) {
    if (d.message.find("broken link \"seconde\"") == std::string::npos) continue;
    found = true;
    EXPECT_EQ(d.file, path("en/first.md"));
    EXPECT_EQ(d.line, 17);
    EXPECT_NE(d.to_string().find("en/first.md:17: error: broken link"), std::string::npos);
  }
  EXPECT_TRUE(found);
}

TEST_F(GuideFixture, MissingAsOfIsAnError) {
  edit("es/first.md", "as_of: 2026-07-27\n", "");
  const auto e = only_error(load());
  EXPECT_EQ(e.file, path("es/first.md"));
  EXPECT_NE(e.message.find("as_of"), std::string::npos);
}

TEST_F(GuideFixture, MalformedDateNamesItsLine) {
  edit("en/second.md", "review_by: 2026-10-27", "review_by: 2026-13-01");
  const auto e = only_error(load());
  EXPECT_EQ(e.file, path("en/second.md"));
  EXPECT_EQ(e.line, 5);
  EXPECT_NE(e.message.find("review_by"), std::string::npos);
}

TEST_F(GuideFixture, ArticleWithoutSourcesIsAnError) {
  edit("en/first.md", R"(sources:\n  - title: .*\n    url: .*\n)", "sources: []\n");
  const auto e = only_error(load());
  EXPECT_EQ(e.file, path("en/first.md"));
  EXPECT_NE(e.message.find("sources"), std::string::npos);
}

TEST_F(GuideFixture, FrontMatterThatDisagreesWithEnglishIsAnError) {
  edit("es/first.md", "as_of: 2026-07-27", "as_of: 2026-07-20");
  const auto e = only_error(load());
  EXPECT_EQ(e.file, path("es/first.md"));
  EXPECT_NE(e.message.find("as_of differs"), std::string::npos);
}

TEST_F(GuideFixture, DifferentSourcesOrStatusAcrossLanguagesAreErrors) {
  edit("es/second.md", "status: historical", "status: current");
  edit("es/first.md", "https://www.uscis.gov", "https://example.org");
  Guide g = load();
  EXPECT_EQ(g.error_count(), 2);
}

TEST_F(GuideFixture, DifferentSectionCountIsAnError) {
  edit("es/first.md", "## Busque ayuda\n", "");
  const auto e = only_error(load());
  EXPECT_NE(e.message.find("sections"), std::string::npos);
}

TEST_F(GuideFixture, PastReviewDateIsAWarningNotAnError) {
  Guide g = load(*Date::parse("2026-11-28"));
  EXPECT_EQ(g.error_count(), 0);
  ASSERT_FALSE(g.diagnostics().empty());
  EXPECT_FALSE(g.diagnostics().front().error);
  EXPECT_NE(g.diagnostics().front().message.find("review_by 2026-10-27 has passed"),
            std::string::npos);
  EXPECT_TRUE(g.find("en", "first")->stale(*Date::parse("2026-11-28")));
  EXPECT_FALSE(g.find("en", "first")->stale(*Date::parse("2026-10-27")));
}

TEST_F(GuideFixture, LongEnglishSentencesAreAWarning) {
  const std::string long_sentence =
      "You can ask for asylum and you should say that you are afraid and that you want to ask for "
      "protection because going back would put you in danger of serious harm today and tomorrow "
      "and on every day after that, whatever the officer in front of you says or does not say";
  edit("en/first.md", "You can ask for asylum. Say that you are afraid.",
       long_sentence + ". " + long_sentence + ".");
  Guide g = load();
  EXPECT_EQ(g.error_count(), 0);
  bool warned = false;
  for (const auto& d : g.diagnostics())
    warned |= d.message.find("sentences average") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST_F(GuideFixture, MissingIndexFails) {
  fs::remove(path("guide.yaml"));
  EXPECT_FALSE(Guide::load(dir_.string(), kLangs, kToday).ok());
}

TEST(ParseArticleTest, RawHtmlAndFirstLevelHeadingsAreRejected) {
  const std::string head =
      "---\ntitle: \"T\"\nsummary: \"S\"\nas_of: 2026-07-27\nreview_by: 2026-10-27\n"
      "status: current\ntranslation: source\nsources:\n  - title: \"x\"\n    url: "
      "\"https://www.uscis.gov/\"\n---\n";
  auto html = parse_article(head + "Hi.\n\n<script>alert(1)</script>\n", "f.md", "en", "s");
  ASSERT_FALSE(html.ok());
  EXPECT_EQ(html.error().line, 14);
  auto h1 = parse_article(head + "# Title\n", "f.md", "en", "s");
  ASSERT_FALSE(h1.ok());
  EXPECT_EQ(h1.error().line, 12);
  auto ok = parse_article(head + "Text with [a link](javascript:alert(1)).\n", "f.md", "en", "s");
  ASSERT_TRUE(ok.ok()) << ok.error().to_string();
  EXPECT_EQ(ok->html.find("javascript:"), std::string::npos) << ok->html;
}

TEST(ParseArticleTest, FrontMatterErrorsNameTheLine) {
  auto unclosed = parse_article("---\ntitle: \"T\"\n", "f.md", "en", "s");
  ASSERT_FALSE(unclosed.ok());
  EXPECT_EQ(unclosed.error().line, 1);
  auto bad_yaml = parse_article("---\ntitle: \"T\n---\nx\n", "f.md", "en", "s");
  ASSERT_FALSE(bad_yaml.ok());
  EXPECT_GE(bad_yaml.error().line, 2);
  auto unknown = parse_article("---\ntitle: \"T\"\nauthor: me\n---\n", "f.md", "en", "s");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().line, 3);
  EXPECT_NE(unknown.error().message.find("author"), std::string::npos);
}

}  // namespace
}  // namespace amparo::guide
