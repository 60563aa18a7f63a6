#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "i18n/catalog.h"
#include "i18n/languages.h"

namespace amparo::i18n {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string fixture(std::string_view name) {
  return std::string(AMPARO_SOURCE_DIR) + "/tests/fixtures/i18n/" + std::string(name);
}

// ---------------------------------------------------------------------------------------------------
// LanguagesTest

TEST(LanguagesTest, ListsTheElevenLanguagesInOrder) {
  std::vector<std::string_view> codes;
  for (const Language& language : languages()) codes.push_back(language.code);
  EXPECT_THAT(codes,
              ElementsAre("en", "es", "ht", "pt", "fr", "prs", "ps", "ar", "ru", "zh", "tr"));
}

TEST(LanguagesTest, EveryLanguageHasADirectionAndOnlyArabicDariAndPashtoAreRtl) {
  for (const Language& language : languages()) {
    const bool rtl = language.code == "ar" || language.code == "prs" || language.code == "ps";
    EXPECT_EQ(language.dir, rtl ? Direction::kRtl : Direction::kLtr) << language.code;
    EXPECT_EQ(language.dir_attr(), rtl ? "rtl" : "ltr") << language.code;
    EXPECT_FALSE(language.native_name.empty()) << language.code;
    EXPECT_FALSE(language.english_name.empty()) << language.code;
    EXPECT_FALSE(language.html_lang.empty()) << language.code;
    EXPECT_FALSE(language.icu_locale.empty()) << language.code;
  }
}

TEST(LanguagesTest, DariUsesPersianLocaleTagsForHtmlAndIcu) {
  const Language* dari = find_language("prs");
  ASSERT_NE(dari, nullptr);
  EXPECT_EQ(dari->html_lang, "fa-AF");
  EXPECT_EQ(dari->icu_locale, "fa_AF");
  EXPECT_EQ(dari->native_name, "دری");
  EXPECT_EQ(dari->english_name, "Dari");
}

TEST(LanguagesTest, ChineseIsSimplifiedInHtml) {
  const Language* chinese = find_language("zh");
  ASSERT_NE(chinese, nullptr);
  EXPECT_EQ(chinese->html_lang, "zh-Hans");
  EXPECT_EQ(chinese->icu_locale, "zh");
  EXPECT_EQ(chinese->native_name, "中文");
}

TEST(LanguagesTest, NativeNamesAreWrittenInTheLanguage) {
  EXPECT_EQ(find_language("es")->native_name, "Español");
  EXPECT_EQ(find_language("ht")->native_name, "Kreyòl ayisyen");
  EXPECT_EQ(find_language("pt")->native_name, "Português");
  EXPECT_EQ(find_language("fr")->native_name, "Français");
  EXPECT_EQ(find_language("ps")->native_name, "پښتو");
  EXPECT_EQ(find_language("ar")->native_name, "العربية");
  EXPECT_EQ(find_language("ru")->native_name, "Русский");
  EXPECT_EQ(find_language("tr")->native_name, "Türkçe");
}

TEST(LanguagesTest, FindLanguageRejectsUnknownAndNonCanonicalCodes) {
  EXPECT_EQ(find_language("de"), nullptr);
  EXPECT_EQ(find_language(""), nullptr);
  EXPECT_EQ(find_language("fa"), nullptr);  // Dari's URL code is prs
  EXPECT_EQ(find_language("ES"), nullptr);
}

TEST(LanguagesTest, DefaultLanguageIsEnglish) { EXPECT_EQ(default_language().code, "en"); }

// ---------------------------------------------------------------------------------------------------
// NegotiateTest

struct NegotiateCase {
  std::string_view header;
  std::string_view expected;
};

void expect_negotiated(std::initializer_list<NegotiateCase> cases) {
  for (const NegotiateCase& c : cases) {
    EXPECT_EQ(negotiate(c.header).code, c.expected) << "Accept-Language: " << c.header;
  }
}

TEST(NegotiateTest, MatchesByPrimarySubtagIgnoringRegionScriptAndCase) {
  expect_negotiated({
      {"es-MX", "es"},  {"pt-BR", "pt"}, {"fr-CA", "fr"}, {"ht", "ht"},      {"fa", "prs"},
      {"fa-AF", "prs"}, {"prs", "prs"},  {"ps", "ps"},    {"ar-EG", "ar"},   {"ru", "ru"},
      {"zh", "zh"},     {"zh-CN", "zh"}, {"zh-TW", "zh"}, {"zh-Hans", "zh"}, {"zh-Hans-CN", "zh"},
      {"tr", "tr"},     {"en-US", "en"}, {"ES-mx", "es"}, {"PRS", "prs"},    {"Zh-hant-TW", "zh"},
  });
}

TEST(NegotiateTest, HighestQWinsWhereverItAppears) {
  expect_negotiated({
      {"en;q=0.5, ar;q=0.9", "ar"},
      {"de-DE,de;q=0.9,es;q=0.8", "es"},
      {"ru;q=0.1,tr;q=0.2,zh;q=0.3", "zh"},
      {"fr;q=0.001, ps;q=0.002", "ps"},
      {"ar;q=0.9, pt", "pt"},  // a missing q is 1
  });
}

TEST(NegotiateTest, EqualQGoesToTheEarlierMember) {
  expect_negotiated({
      {"fr;q=0.5, es;q=0.5", "fr"},
      {"es, fr", "es"},
      {"pt;q=1.000, ar", "pt"},
      {"ru;q=0.30, tr;q=0.3", "ru"},
  });
}

TEST(NegotiateTest, QZeroExcludesALanguage) {
  expect_negotiated({
      {"es;q=0, fr;q=0.1", "fr"},
      {"es;q=0.000", "en"},
      {"es;q=0", "en"},
      {"ar;q=0.0, ar-EG;q=0.2", "ar"},
  });
}

TEST(NegotiateTest, ToleratesWhitespaceAndUppercaseQ) {
  expect_negotiated({
      {"  de ,\tes ;  q=0.7 ", "es"},
      {"es;Q=0.7", "es"},
      {"ar ; q = 0.5", "ar"},
  });
}

TEST(NegotiateTest, IgnoresUnsupportedLanguagesAndTheWildcard) {
  expect_negotiated({
      {"de, ja;q=0.9", "en"},
      {"*", "en"},
      {"*, es;q=0.5", "es"},
  });
}

TEST(NegotiateTest, SkipsMalformedMembersAndKeepsTheRest) {
  expect_negotiated({
      {"es;q=2, fr;q=0.5", "fr"},
      {"es;q=0.1234, fr;q=0.1", "fr"},
      {"es;q=abc, ru;q=0.3", "ru"},
      {"es;q=1.5, ru;q=0.3", "ru"},
      {"es;q=.5, ru;q=0.3", "ru"},
      {"es;level=1, ar;q=0.2", "ar"},
      {"e$s, tr;q=0.4", "tr"},
      {"es-, zh;q=0.4", "zh"},
      {"verylonges, ps;q=0.1", "ps"},
      {",,,es,,", "es"},
  });
}

TEST(NegotiateTest, EmptyOrGarbageMeansEnglish) {
  expect_negotiated({
      {"", "en"},
      {"   ", "en"},
      {";;;q=", "en"},
      {"\xff\xfe garbage", "en"},
      {"q=0.5", "en"},
      {"-es", "en"},
  });
}

TEST(NegotiateTest, SurvivesA16KilobyteHeaderAndStillFindsTheLastMember) {
  std::string header;
  while (header.size() < 16 * 1024) header += "xx-YY;q=0.9,";
  header += "ar;q=0.95";
  EXPECT_EQ(negotiate(header).code, "ar");
}

TEST(NegotiateTest, A16KilobyteRunOfSeparatorsOrJunkFallsBackToEnglish) {
  const std::string separators(16 * 1024, ',');
  EXPECT_EQ(negotiate(separators).code, "en");
  std::string junk;
  while (junk.size() < 16 * 1024) junk += ";q===;-\t\"{}";
  EXPECT_EQ(negotiate(junk).code, "en");
  const std::string one_long_tag(16 * 1024, 'a');
  EXPECT_EQ(negotiate(one_long_tag).code, "en");
  const std::string embedded_nul("es\0;q=1", 7);
  EXPECT_EQ(negotiate(embedded_nul).code, "en");
}

// ---------------------------------------------------------------------------------------------------
// PoParserTest

Result<PoFile> parse(std::string_view text) { return parse_po(text, "test.po"); }

TEST(PoParserTest, ReadsSingularMessagesWithTheirMsgidLine) {
  const auto po = parse(
      "msgid \"Welcome\"\n"
      "msgstr \"Bienvenido\"\n"
      "\n"
      "msgid \"Bye\"\n"
      "msgstr \"Adiós\"\n");
  ASSERT_TRUE(po.ok()) << po.error().to_string();
  ASSERT_EQ(po->messages.size(), 2u);
  EXPECT_EQ(po->messages[0].id, "Welcome");
  EXPECT_THAT(po->messages[0].strs, ElementsAre("Bienvenido"));
  EXPECT_EQ(po->messages[0].line, 1);
  EXPECT_EQ(po->messages[1].id, "Bye");
  EXPECT_THAT(po->messages[1].strs, ElementsAre("Adiós"));
  EXPECT_EQ(po->messages[1].line, 4);
  EXPECT_FALSE(po->messages[0].fuzzy);
}

TEST(PoParserTest, JoinsMultiLineStrings) {
  const auto po = parse(
      "msgid \"\"\n"
      "\"A long \"\n"
      "\"message\"\n"
      "msgstr \"\"\n"
      "\"Un mensaje \"\n"
      "   \"largo\"   \n");
  ASSERT_TRUE(po.ok()) << po.error().to_string();
  ASSERT_EQ(po->messages.size(), 1u);
  EXPECT_EQ(po->messages[0].id, "A long message");
  EXPECT_THAT(po->messages[0].strs, ElementsAre("Un mensaje largo"));
  EXPECT_EQ(po->messages[0].line, 1);
}

TEST(PoParserTest, UnescapesCEscapes) {
  const auto po = parse(
      R"(msgid "a\nb\tc\"d\\e\rf"
msgstr "\x41\102\?\'"
)");
  ASSERT_TRUE(po.ok()) << po.error().to_string();
  EXPECT_EQ(po->messages[0].id, "a\nb\tc\"d\\e\rf");
  EXPECT_THAT(po->messages[0].strs, ElementsAre("AB?'"));
}

TEST(PoParserTest, ReadsPluralForms) {
  const auto po = parse(
      "msgid \"{n} bed\"\n"
      "msgid_plural \"{n} beds\"\n"
      "msgstr[0] \"{n} cama\"\n"
      "msgstr[1] \"{n} de camas\"\n"
      "msgstr[2] \"{n} camas\"\n");
  ASSERT_TRUE(po.ok()) << po.error().to_string();
  ASSERT_EQ(po->messages.size(), 1u);
  EXPECT_EQ(po->messages[0].id, "{n} bed");
  EXPECT_EQ(po->messages[0].id_plural, "{n} beds");
  EXPECT_THAT(po->messages[0].strs, ElementsAre("{n} cama", "{n} de camas", "{n} camas"));
}

TEST(PoParserTest, ReadsContextAndAllowsTheSameMsgidInAnotherContext) {
  const auto po = parse(
      "msgctxt \"menu\"\n"
      "msgid \"Open\"\n"
      "msgstr \"Abrir\"\n"
      "\n"
      "msgctxt \"hours\"\n"
      "msgid \"Open\"\n"
      "msgstr \"Abierto\"\n"
      "\n"
      "msgid \"Open\"\n"
      "msgstr \"Abre\"\n");
  ASSERT_TRUE(po.ok()) << po.error().to_string();
  ASSERT_EQ(po->messages.size(), 3u);
  EXPECT_EQ(po->messages[0].context, "menu");
  EXPECT_EQ(po->messages[0].line, 2);
  EXPECT_EQ(po->messages[1].context, "hours");
  EXPECT_THAT(po->messages[1].strs, ElementsAre("Abierto"));
  EXPECT_EQ(po->messages[2].context, "");
}

TEST(PoParserTest, FuzzyFlagAppliesOnlyToTheNextMessage) {
  const auto po = parse(
      "# translator comment\n"
      "#. extracted comment\n"
      "#: src/web/views/home.cpp:10\n"
      "#, c-format, fuzzy\n"
      "#| msgid \"Old\"\n"
      "msgid \"New\"\n"
      "msgstr \"Nuevo\"\n"
      "\n"
      "msgid \"Other\"\n"
      "msgstr \"Otro\"\n");
  ASSERT_TRUE(po.ok()) << po.error().to_string();
  ASSERT_EQ(po->messages.size(), 2u);
  EXPECT_TRUE(po->messages[0].fuzzy);
  EXPECT_FALSE(po->messages[1].fuzzy);
}

TEST(PoParserTest, HeaderEntryBecomesKeyValuePairsAndIsNotAMessage) {
  const auto po = parse(
      "msgid \"\"\n"
      "msgstr \"\"\n"
      "\"Language: es\\n\"\n"
      "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
      "\"Plural-Forms: nplurals=3; plural=n != 1;\\n\"\n"
      "\n"
      "msgid \"Hi\"\n"
      "msgstr \"Hola\"\n");
  ASSERT_TRUE(po.ok()) << po.error().to_string();
  EXPECT_EQ(po->header.at("Language"), "es");
  EXPECT_EQ(po->header.at("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(po->header.at("Plural-Forms"), "nplurals=3; plural=n != 1;");
  ASSERT_EQ(po->messages.size(), 1u);
  EXPECT_EQ(po->messages[0].id, "Hi");
}

TEST(PoParserTest, ToleratesCrlfBomAndTrailingWhitespace) {
  const auto po = parse(
      "\xEF\xBB\xBFmsgid \"Hi\"  \r\n"
      "msgstr \"Hola\"\t\r\n"
      "\r\n"
      "msgid \"Bye\"\r\n"
      "msgstr \"Adiós\"");
  ASSERT_TRUE(po.ok()) << po.error().to_string();
  ASSERT_EQ(po->messages.size(), 2u);
  EXPECT_EQ(po->messages[0].id, "Hi");
  EXPECT_THAT(po->messages[0].strs, ElementsAre("Hola"));
  EXPECT_THAT(po->messages[1].strs, ElementsAre("Adiós"));
}

TEST(PoParserTest, IgnoresObsoleteEntries) {
  const auto po = parse(
      "msgid \"Hi\"\n"
      "msgstr \"Hola\"\n"
      "\n"
      "#~ msgid \"Gone\"\n"
      "#~ msgstr \"Ido\"\n");
  ASSERT_TRUE(po.ok()) << po.error().to_string();
  ASSERT_EQ(po->messages.size(), 1u);
  EXPECT_EQ(po->messages[0].id, "Hi");
}

TEST(PoParserTest, EmptyInputIsAnEmptyCatalog) {
  const auto po = parse("");
  ASSERT_TRUE(po.ok());
  EXPECT_TRUE(po->messages.empty());
  EXPECT_TRUE(po->header.empty());
}

struct PoErrorCase {
  std::string_view name;
  std::string_view text;
  int line;
  std::string_view message;
};

TEST(PoParserTest, ErrorsNameFileLineAndWhatWasExpected) {
  const PoErrorCase cases[] = {

      {"UnterminatedString", "msgid \"a\"\nmsgstr \"b\n", 2, "closing double quote"},
      {"TextAfterString", "msgid \"a\" x\nmsgstr \"b\"\n", 1, "nothing after"},
      {"UnknownKeyword", "msgid \"a\"\nmsgstrr \"b\"\n", 2, "expected msgctxt"},
      {"MsgstrWithoutMsgid", "\n\nmsgstr \"b\"\n", 3, "expected msgid before msgstr"},
      {"MsgidWithoutMsgstrAtEnd", "msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"c\"\n", 4,
       "expected msgstr"},
      {"TwoMsgidsInARow", "msgid \"a\"\nmsgid \"b\"\nmsgstr \"\"\n", 2, "expected msgstr"},
      {"OrphanString", "\"floating\"\n", 1, "before a string"},
      {"MissingQuotes", "msgid a\nmsgstr \"\"\n", 1, "double quotes"},
      {"BadEscape", "msgid \"a\\qb\"\nmsgstr \"\"\n", 1, "escape"},
      {"PlainMsgstrInPluralMessage", "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr \"x\"\n", 3,
       "msgstr[0]"},
      {"IndexedMsgstrInSingularMessage", "msgid \"a\"\nmsgstr[0] \"x\"\n", 2, "without an index"},
      {"SkippedPluralIndex", "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"x\"\nmsgstr[2] \"y\"\n",
       4, "msgstr[1]"},
      {"PluralWithoutForms", "msgid \"a\"\nmsgid_plural \"as\"\n", 1, "msgstr[0]"},
      {"DuplicateMsgid", "msgid \"a\"\nmsgstr \"\"\n\nmsgid \"a\"\nmsgstr \"\"\n", 4, "line 1"},
  };
  for (const PoErrorCase& c : cases) {
    SCOPED_TRACE(c.name);
    const auto po = parse(c.text);
    ASSERT_FALSE(po.ok());
    EXPECT_EQ(po.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(po.error().file, "test.po");
    EXPECT_EQ(po.error().line, c.line) << po.error().to_string();
    EXPECT_THAT(po.error().message, HasSubstr(c.message));
  }
}

// ---------------------------------------------------------------------------------------------------
// CatalogsTest

// Loads tests/fixtures/i18n/good: en, es (with fuzzy, empty and absent messages), ar, ru, zh and fr
// plurals; no ht, pt, prs, ps or tr catalog.
class CatalogsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = Catalogs::load(fixture("good"));
    ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
    catalogs_ = std::move(loaded).value();
  }
  const Catalogs& catalogs() const { return catalogs_; }

 private:
  Catalogs catalogs_;
};

TEST_F(CatalogsTest, TranslatesIntoTheRequestedLanguage) {
  EXPECT_EQ(catalogs().tr("es", "Welcome"), "Bienvenido");
  EXPECT_EQ(catalogs().tr("es", "Hello, {name}!"), "¡Hola, {name}!");
  EXPECT_EQ(catalogs().tr("ar", "Welcome"), "أهلاً وسهلاً");
}

TEST_F(CatalogsTest, EnglishUsesItsMsgstrOrElseTheMsgid) {
  EXPECT_EQ(catalogs().tr("en", "nav.home"), "Home");
  EXPECT_EQ(catalogs().tr("en", "Welcome"), "Welcome");
}

TEST_F(CatalogsTest, MissingFuzzyAndEmptyTranslationsFallBackToEnglish) {
  EXPECT_EQ(catalogs().tr("es", "Only in English"), "Only in English");  // absent
  EXPECT_EQ(catalogs().tr("es", "Call {phone}"), "Call {phone}");        // fuzzy
  EXPECT_EQ(catalogs().tr("ru", "nav.home"), "Home");                    // no such message in ru.po
  EXPECT_EQ(catalogs().tr("tr", "nav.home"), "Home");                    // no tr.po at all
}

TEST_F(CatalogsTest, UnknownLanguageMeansEnglish) {
  EXPECT_EQ(catalogs().tr("de", "nav.home"), "Home");
  EXPECT_EQ(catalogs().tr("", "nav.home"), "Home");
  EXPECT_EQ(catalogs().tr_plural("xx", "{n} shelter", 2), "{n} shelters");
}

TEST_F(CatalogsTest, UnknownMsgidIsReturnedAsIs) {
  EXPECT_EQ(catalogs().tr("es", "Not in any catalog"), "Not in any catalog");
}

TEST_F(CatalogsTest, ContextualMessagesAreKeyedByContextAndMsgid) {
  EXPECT_EQ(catalogs().tr("es", std::string("menu") + '\x04' + "Open"), "Abrir");
  EXPECT_EQ(catalogs().tr("en", std::string("menu") + '\x04' + "Open"), "Open");
  EXPECT_EQ(catalogs().tr("es", "Open"), "Open");  // without the context it is another message
}

TEST_F(CatalogsTest, TranslationsAreViewsIntoTheCatalogsStorage) {
  const std::string_view first = catalogs().tr("es", std::string("Welcome"));
  const std::string_view second = catalogs().tr("es", "Welcome");
  EXPECT_EQ(first.data(), second.data());
}

struct PluralCase {
  std::string_view lang;
  std::int64_t n;
  std::string_view expected;
};

TEST_F(CatalogsTest, PluralChoosesTheFormOfTheLanguagesIcuCategory) {
  const PluralCase cases[] = {

      // Arabic has all six categories.
      {"ar", 0, "لا ملاجئ"},
      {"ar", 1, "ملجأ واحد"},
      {"ar", 2, "ملجآن"},
      {"ar", 3, "{n} ملاجئ"},
      {"ar", 11, "{n} ملجأً"},
      {"ar", 100, "{n} ملجأ"},
      // Russian: one, few, many (other is for fractions).
      {"ru", 1, "{n} приют"},
      {"ru", 2, "{n} приюта"},
      {"ru", 5, "{n} приютов"},
      {"ru", 21, "{n} приют"},
      {"ru", 22, "{n} приюта"},
      {"ru", 25, "{n} приютов"},
      {"ru", 11, "{n} приютов"},
      // Chinese has one form for every number.
      {"zh", 0, "{n} 个收容所"},
      {"zh", 1, "{n} 个收容所"},
      {"zh", 7, "{n} 个收容所"},
      // French: 0 and 1 are "one"; millions are "many".
      {"fr", 0, "{n} refuge"},
      {"fr", 1, "{n} refuge"},
      {"fr", 2, "{n} refuges"},
      {"fr", 1000000, "{n} de refuges"},
      // Spanish: 1 is "one", others "other".
      {"es", 1, "{n} albergue"},
      {"es", 0, "{n} albergues"},
      {"es", 3, "{n} albergues"},
      // English: 1 is "one", everything else "other".
      {"en", 1, "{n} shelter"},
      {"en", 0, "{n} shelters"},
      {"en", 2, "{n} shelters"},
      // No pt.po: English rules and text.
      {"pt", 1, "{n} shelter"},
      {"pt", 0, "{n} shelters"},
  };
  for (const PluralCase& c : cases) {
    EXPECT_EQ(catalogs().tr_plural(c.lang, "{n} shelter", c.n), c.expected)
        << c.lang << " n=" << c.n;
  }
}

TEST_F(CatalogsTest, UntranslatedPluralFallsBackToEnglishForms) {
  EXPECT_EQ(catalogs().tr_plural("es", "{n} bed", 1), "{n} bed");
  EXPECT_EQ(catalogs().tr_plural("es", "{n} bed", 4), "{n} beds");
  EXPECT_EQ(catalogs().tr_plural("ar", "{n} bed", 2), "{n} beds");
}

TEST_F(CatalogsTest, CoverageCountsAbsentEmptyAndFuzzyAsMissing) {
  const std::vector<Coverage> coverage = catalogs().coverage();
  std::vector<std::string> languages_reported;
  for (const Coverage& c : coverage) languages_reported.push_back(c.language);
  EXPECT_THAT(languages_reported,
              ElementsAre("es", "ht", "pt", "fr", "prs", "ps", "ar", "ru", "zh", "tr"));

  const auto es = std::find_if(coverage.begin(), coverage.end(),
                               [](const Coverage& c) { return c.language == "es"; });
  ASSERT_NE(es, coverage.end());
  EXPECT_EQ(es->total, 8);
  EXPECT_EQ(es->missing, 3);
  EXPECT_THAT(es->missing_ids, ElementsAre("Call {phone}", "Only in English", "{n} bed"));

  const auto tr = std::find_if(coverage.begin(), coverage.end(),
                               [](const Coverage& c) { return c.language == "tr"; });
  ASSERT_NE(tr, coverage.end());
  EXPECT_EQ(tr->total, 8);
  EXPECT_EQ(tr->missing, 8);
}

TEST_F(CatalogsTest, LoadMissingEnglishCatalogIsNotFoundAndNamesThePath) {
  const auto loaded = Catalogs::load(fixture("no_english"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(loaded.error().file, fixture("no_english") + "/en.po");
}

TEST_F(CatalogsTest, LoadMissingDirectoryIsNotFound) {
  const auto loaded = Catalogs::load(fixture("does_not_exist"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::kNotFound);
}

TEST_F(CatalogsTest, LoadMalformedFileIsRejectedWithPathAndLine) {
  const auto loaded = Catalogs::load(fixture("malformed"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(loaded.error().file, fixture("malformed") + "/en.po");
  EXPECT_EQ(loaded.error().line, 5);
}

TEST_F(CatalogsTest, LoadWrongNumberOfPluralFormsIsRejectedWithExpectedCount) {
  const auto loaded = Catalogs::load(fixture("bad_plural"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(loaded.error().file, fixture("bad_plural") + "/ru.po");
  EXPECT_EQ(loaded.error().line, 3);
  EXPECT_THAT(loaded.error().message,
              HasSubstr("expected 4 plural forms for ru (one, few, many, other)"));
  EXPECT_THAT(loaded.error().message, HasSubstr("found 3"));
}

TEST_F(CatalogsTest, LoadMismatchedPlaceholdersAreRejected) {
  const auto loaded = Catalogs::load(fixture("bad_placeholder"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(loaded.error().file, fixture("bad_placeholder") + "/es.po");
  EXPECT_EQ(loaded.error().line, 5);
  EXPECT_THAT(loaded.error().message, HasSubstr("{name}"));
  EXPECT_THAT(loaded.error().message, HasSubstr("{nombre}"));
}

// Builds catalogs from PO text per language, for the validation rules.
Result<Catalogs> build(std::vector<std::pair<std::string, std::string>> texts) {
  std::map<std::string, PoFile> files;
  for (auto& [code, text] : texts) {
    auto po = parse_po(text, code + ".po");
    if (!po.ok()) return std::move(po).error();
    files.emplace(code, std::move(po).value());
  }
  return Catalogs::from_files(std::move(files));
}

constexpr std::string_view kEnglishPlural =
    "msgid \"{n} item\"\nmsgid_plural \"{n} items\"\nmsgstr[0] \"\"\nmsgstr[1] \"\"\n";

TEST_F(CatalogsTest, FromFilesRequiresEnglish) {
  const auto built = build({{"es", "msgid \"a\"\nmsgstr \"b\"\n"}});
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code, ErrorCode::kNotFound);
}

TEST_F(CatalogsTest, FromFilesRejectsUnsupportedLanguageCodes) {
  const auto built = build({{"en", ""}, {"de", "msgid \"a\"\nmsgstr \"b\"\n"}});
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(built.error().message, HasSubstr("\"de\""));
}

TEST_F(CatalogsTest, ArabicPluralNeedsSixForms) {
  const auto built = build({{"en", std::string(kEnglishPlural)},
                            {"ar",
                             "msgid \"{n} item\"\nmsgid_plural \"{n} items\"\n"
                             "msgstr[0] \"{n} a\"\nmsgstr[1] \"{n} b\"\n"}});
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().file, "ar.po");
  EXPECT_EQ(built.error().line, 1);
  EXPECT_THAT(built.error().message, HasSubstr("expected 6 plural forms"));
}

TEST_F(CatalogsTest, EnglishPluralNeedsTwoForms) {
  const auto built = build({{"en",
                             "msgid \"{n} item\"\nmsgid_plural \"{n} items\"\n"
                             "msgstr[0] \"{n} item\"\nmsgstr[1] \"{n} items\"\n"
                             "msgstr[2] \"{n} itemses\"\n"}});
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().file, "en.po");
  EXPECT_THAT(built.error().message, HasSubstr("expected 2 plural forms"));
}

TEST_F(CatalogsTest, FuzzyOrUntranslatedPluralsAreNotCounted) {
  const auto built = build({{"en", std::string(kEnglishPlural)},
                            {"ru",
                             "#, fuzzy\nmsgid \"{n} item\"\nmsgid_plural \"{n} items\"\n"
                             "msgstr[0] \"{n} x\"\nmsgstr[1] \"{n} y\"\n"}});
  ASSERT_TRUE(built.ok()) << built.error().to_string();
  EXPECT_EQ(built->tr_plural("ru", "{n} item", 5), "{n} items");
}

TEST_F(CatalogsTest, ExtraPlaceholderIsRejected) {
  const auto built = build(
      {{"en", "msgid \"Hi\"\nmsgstr \"\"\n"}, {"fr", "\nmsgid \"Hi\"\nmsgstr \"Salut {name}\"\n"}});
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().file, "fr.po");
  EXPECT_EQ(built.error().line, 2);
}

TEST_F(CatalogsTest, DroppedPlaceholderIsRejected) {
  const auto built =
      build({{"en", "msgid \"Call {phone} or {email}\"\nmsgstr \"\"\n"},
             {"es", "msgid \"Call {phone} or {email}\"\nmsgstr \"Llame {phone}\"\n"}});
  ASSERT_FALSE(built.ok());
  EXPECT_THAT(built.error().message, HasSubstr("{email} {phone}"));
}

TEST_F(CatalogsTest, ReorderedPlaceholdersAreAccepted) {
  const auto built = build({{"en", "msgid \"{a} then {b}\"\nmsgstr \"\"\n"},
                            {"es", "msgid \"{a} then {b}\"\nmsgstr \"{b} tras {a}\"\n"}});
  ASSERT_TRUE(built.ok()) << built.error().to_string();
  EXPECT_EQ(built->tr("es", "{a} then {b}"), "{b} tras {a}");
}

TEST_F(CatalogsTest, PluralFormMayOmitTheNumberButNotInventAName) {
  const std::string ok_ar =
      "msgid \"{n} item\"\nmsgid_plural \"{n} items\"\n"
      "msgstr[0] \"لا شيء\"\nmsgstr[1] \"واحد\"\nmsgstr[2] \"اثنان\"\n"
      "msgstr[3] \"{n} a\"\nmsgstr[4] \"{n} b\"\nmsgstr[5] \"{n} c\"\n";
  EXPECT_TRUE(build({{"en", std::string(kEnglishPlural)}, {"ar", ok_ar}}).ok());

  const std::string no_number_anywhere =
      "msgid \"{n} item\"\nmsgid_plural \"{n} items\"\nmsgstr[0] \"物品\"\n";
  const auto built = build({{"en", std::string(kEnglishPlural)}, {"zh", no_number_anywhere}});
  EXPECT_FALSE(built.ok());

  const std::string invented =
      "msgid \"{n} item\"\nmsgid_plural \"{n} items\"\nmsgstr[0] \"{count} 物品\"\n";
  EXPECT_FALSE(build({{"en", std::string(kEnglishPlural)}, {"zh", invented}}).ok());
}

TEST_F(CatalogsTest, FuzzyTranslationIsNotValidatedOrUsed) {
  const auto built = build({{"en", "msgid \"Hi {name}\"\nmsgstr \"\"\n"},
                            {"es", "#, fuzzy\nmsgid \"Hi {name}\"\nmsgstr \"Hola {nombre}\"\n"}});
  ASSERT_TRUE(built.ok()) << built.error().to_string();
  EXPECT_EQ(built->tr("es", "Hi {name}"), "Hi {name}");
}

TEST_F(CatalogsTest, CatalogsStayValidAfterAMove) {
  auto built = build({{"en", "msgid \"Hi\"\nmsgstr \"Hello there\"\n"}});
  ASSERT_TRUE(built.ok());
  const std::string_view before = built->tr("en", "Hi");
  const Catalogs moved = std::move(built).value();
  EXPECT_EQ(moved.tr("en", "Hi"), "Hello there");
  EXPECT_EQ(moved.tr("en", "Hi").data(), before.data());
}

// ---------------------------------------------------------------------------------------------------
// FormatTest

TEST(FormatTest, ReplacesKnownNames) {
  EXPECT_EQ(format("{n} shelters near {city}", {{"n", "3"}, {"city", "Tijuana"}}),
            "3 shelters near Tijuana");
}

TEST(FormatTest, ReplacesEveryOccurrence) { EXPECT_EQ(format("{a}-{a}", {{"a", "x"}}), "x-x"); }

TEST(FormatTest, LeavesUnknownNamesAsWritten) {
  EXPECT_EQ(format("{n} of {total}", {{"n", "3"}}), "3 of {total}");
}

TEST(FormatTest, LeavesUnclosedAndEmptyBracesAsWritten) {
  EXPECT_EQ(format("a { b", {{"b", "x"}}), "a { b");
  EXPECT_EQ(format("{n", {{"n", "3"}}), "{n");
  EXPECT_EQ(format("{}", {{"", "x"}}), "{}");
  EXPECT_EQ(format("{{n}", {{"n", "3"}}), "{3");
}

TEST(FormatTest, DoesNotRescanSubstitutedValues) {
  EXPECT_EQ(format("{a}{b}", {{"a", "{b}"}, {"b", "B"}}), "{b}B");
}

TEST(FormatTest, WorksWithUtf8AndEmptyPatterns) {
  EXPECT_EQ(format("{n} ملجأ", {{"n", "٣"}}), "٣ ملجأ");
  EXPECT_EQ(format("", {{"n", "3"}}), "");
}

}  // namespace
}  // namespace amparo::i18n
