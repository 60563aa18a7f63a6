#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "text/html_writer.h"
#include "text/json_writer.h"
#include "text/normalize.h"

namespace amparo::text {
namespace {

using Tokens = std::vector<std::string>;

// Names each instance of a table-driven test after its case.
template <typename Case>
std::string CaseName(const ::testing::TestParamInfo<Case>& param_info) {
  return param_info.param.name;
}

// ---------------------------------------------------------------------------------------------------------
// UTF-8 validation and sanitising

struct Utf8Case {
  const char* name;
  std::string_view bytes;
  bool valid;
  std::string_view sanitized;
};

void PrintTo(const Utf8Case& c, std::ostream* os) { *os << c.name; }

class Utf8Test : public ::testing::TestWithParam<Utf8Case> {};

TEST_P(Utf8Test, ValidatesAndReplacesEachMaximalIllFormedSubpart) {
  const Utf8Case& c = GetParam();
  EXPECT_EQ(is_valid_utf8(c.bytes), c.valid);
  EXPECT_EQ(sanitize_utf8(c.bytes), c.sanitized);
  EXPECT_TRUE(is_valid_utf8(sanitize_utf8(c.bytes)));
}

constexpr std::string_view kFffd = "\xEF\xBF\xBD";

INSTANTIATE_TEST_SUITE_P(
    Sequences, Utf8Test,
    ::testing::Values(
        Utf8Case{"Empty", "", true, ""}, Utf8Case{"Ascii", "asilo", true, "asilo"},
        Utf8Case{"TwoBytes", "refugi\xC3\xA9", true, "refugi\xC3\xA9"},
        Utf8Case{"ThreeBytes", "\xE2\x82\xAC", true, "\xE2\x82\xAC"},
        Utf8Case{"FourBytes", "\xF0\x9F\x98\x80", true, "\xF0\x9F\x98\x80"},
        Utf8Case{"LastCodePoint", "\xF4\x8F\xBF\xBF", true, "\xF4\x8F\xBF\xBF"},
        Utf8Case{"EmbeddedNul", std::string_view("a\0b", 3), true, std::string_view("a\0b", 3)},
        Utf8Case{"OverlongTwoBytes", "\xC0\xAF", false, "\xEF\xBF\xBD\xEF\xBF\xBD"},
        Utf8Case{"OverlongThreeBytes", "\xE0\x80\xAF", false,
                 "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
        Utf8Case{"OverlongFourBytes", "\xF0\x8F\xBF\xBF", false,
                 "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
        Utf8Case{"Surrogate", "\xED\xA0\x80", false, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
        Utf8Case{"PastLastCodePoint", "\xF4\x90\x80\x80", false,
                 "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
        Utf8Case{"InvalidLeadByte", "a\xF5z", false, "a\xEF\xBF\xBDz"},
        Utf8Case{"LoneContinuation", "\x80", false, "\xEF\xBF\xBD"},
        Utf8Case{"TruncatedAtEnd", "ok\xE2\x82", false, "ok\xEF\xBF\xBD"},
        Utf8Case{"TruncatedBeforeAscii",
                 "\xE2\x82"
                 "A",
                 false,
                 "\xEF\xBF\xBD"
                 "A"},
        Utf8Case{"TruncatedFourBytes", "\xF0\x9F\x98", false, "\xEF\xBF\xBD"},
        Utf8Case{"Latin1NotUtf8", "Pol\xEDtico", false, "Pol\xEF\xBF\xBDtico"}),
    CaseName<Utf8Case>);

// ---------------------------------------------------------------------------------------------------------
// Folding

struct FoldCase {
  const char* name;
  std::string_view input;
  std::string_view expected;
};

void PrintTo(const FoldCase& c, std::ostream* os) { *os << c.name; }

class FoldTest : public ::testing::TestWithParam<FoldCase> {};

TEST_P(FoldTest, ProducesTheSearchKey) {
  const FoldCase& c = GetParam();
  EXPECT_EQ(fold(c.input), c.expected);
}

TEST_P(FoldTest, IsIdempotent) {
  const std::string once = fold(GetParam().input);
  EXPECT_EQ(fold(once), once);
}

INSTANTIATE_TEST_SUITE_P(
    Languages, FoldTest,
    ::testing::Values(
        // Spanish: case and accents go; ñ loses its tilde too (the query "ninos" finds "niños").
        FoldCase{"SpanishAccents", "Asilo Político", "asilo politico"},
        FoldCase{"SpanishQuestion", "¿Dónde está el ALBERGUE?", "¿donde esta el albergue?"},
        FoldCase{"SpanishEnye", "NIÑOS", "ninos"},
        FoldCase{"HaitianCreole", "azil, lòt bò fwontyè a", "azil, lot bo fwontye a"},
        FoldCase{"French", "Demande d'ASILE à la frontière", "demande d'asile a la frontiere"},
        FoldCase{"FrenchLigatureIsALetter", "ŒUVRE", "œuvre"},
        FoldCase{"Portuguese", "Solicitação de refúgio", "solicitacao de refugio"},
        // Arabic: harakat and shadda go; hamza seats fold to the bare letter; teh marbuta, alef
        // maksura and Arabic yeh/kaf meet their Persian forms; tatweel is dropped.
        FoldCase{"ArabicHarakat", "اللُّجُوء", "اللجوء"},
        FoldCase{"ArabicSentence", "طَلَبُ اللُّجُوءِ في المكسيك", "طلب اللجوء فی المکسیک"},
        FoldCase{"ArabicHamzaSeats", "أمان إقامة آمن", "امان اقامه امن"},
        FoldCase{"ArabicYehWithHamza", "سائق", "سایق"}, FoldCase{"ArabicAlefMaksura", "على", "علی"},
        FoldCase{"ArabicAlefWasla", "ٱلله", "الله"}, FoldCase{"ArabicTatweel", "عـــلم", "علم"},
        FoldCase{"ArabicPresentationForm", "ﻻ", "لا"}, FoldCase{"ArabicIndicDigits", "١٢٣", "123"},
        // Dari/Persian: Persian letters stay; ZWNJ goes; heh with yeh above (ezafe) becomes heh.
        FoldCase{"PersianLettersStay", "پناهندگی", "پناهندگی"},
        FoldCase{"DariZwnj", "می‌خواهم", "میخواهم"},
        FoldCase{"PersianHehWithYehAbove", "خانۀ", "خانه"}, FoldCase{"PersianHehGoal", "ہ", "ه"},
        FoldCase{"ExtendedArabicIndicDigits", "۱۲۳", "123"},
        FoldCase{"PashtoLettersStay", "پناه غوښتنه", "پناه غوښتنه"},
        FoldCase{"KurdishAeStays", "ە", "ە"},
        // Russian: lower case; ё and й lose their marks (е, и), the same on both sides of a search.
        FoldCase{"Russian", "Убежище", "убежище"}, FoldCase{"RussianYo", "Ёлка", "елка"},
        FoldCase{"RussianShortI", "Край", "краи"},
        // Chinese: unchanged, apart from full-width forms.
        FoldCase{"ChineseUnchanged", "寻求庇护的权利", "寻求庇护的权利"},
        FoldCase{"FullWidth", "ＡＢＣ１", "abc1"},
        // Turkish: root case folding, not Turkish folding. İ becomes i + dot above, and the dot is
        // dropped; I becomes i (not ı); dotless ı stays ı, so "ılık" and "ILIK" do not meet.
        FoldCase{"TurkishCedilla", "ÇOCUK", "cocuk"},
        FoldCase{"TurkishDottedCapitalI", "İstanbul", "istanbul"},
        FoldCase{"TurkishCapitalIIsRootFolded", "ILIK", "ilik"},
        FoldCase{"TurkishDotlessIStays", "ılık", "ılık"},
        // Compatibility and case folding.
        FoldCase{"GermanSharpS", "Straße", "strasse"}, FoldCase{"Ligature", "ﬁn", "fin"},
        FoldCase{"DevanagariDigits", "१२३", "123"},
        FoldCase{"DecomposedAccent", "Poli\xCC\x81tico", "politico"},
        FoldCase{"HangulRecomposes", "한국어", "한국어"},
        // Zero-width characters and soft hyphens vanish wherever they are.
        FoldCase{"ZeroWidthSpace", "asi\xE2\x80\x8Blo", "asilo"},
        FoldCase{"ZeroWidthJoiner", "asi\xE2\x80\x8Dlo", "asilo"},
        FoldCase{"ByteOrderMark",
                 "\xEF\xBB\xBF"
                 "Asilo",
                 "asilo"},
        FoldCase{"SoftHyphen",
                 "re\xC2\xAD"
                 "fugio",
                 "refugio"},
        // ASCII keeps everything but upper case, including controls and NUL.
        FoldCase{"AsciiKeepsControls", "A\tB\n", "a\tb\n"},
        FoldCase{"AsciiEmbeddedNul", std::string_view("A\0B", 3), std::string_view("a\0b", 3)},
        FoldCase{"NonAsciiEmbeddedNul", std::string_view("\xC3\x89\0B", 4),
                 std::string_view("e\0b", 3)},
        FoldCase{"Empty", "", ""},
        // Ill-formed input is sanitised first.
        FoldCase{"IllFormedBytes",
                 "A\xFF\xC0"
                 "b",
                 "a\xEF\xBF\xBD\xEF\xBF\xBD"
                 "b"},
        FoldCase{"Latin1Bytes", "Pol\xCDtico", "pol\xEF\xBF\xBDtico"},
        FoldCase{"SurrogateAndTruncation", "\xED\xA0\x80\xC3",
                 "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
        FoldCase{"IllFormedBetweenMarks", "\xD9\x8E\xFF\xD9\x8E", "\xEF\xBF\xBD"}),
    CaseName<FoldCase>);

struct SpellingPair {
  const char* name;
  std::string_view a;
  std::string_view b;
};

void PrintTo(const SpellingPair& c, std::ostream* os) { *os << c.name; }

class FoldEquivalenceTest : public ::testing::TestWithParam<SpellingPair> {};

TEST_P(FoldEquivalenceTest, VariantSpellingsShareOneKey) {
  EXPECT_EQ(fold(GetParam().a), fold(GetParam().b));
}

INSTANTIATE_TEST_SUITE_P(
    Variants, FoldEquivalenceTest,
    ::testing::Values(SpellingPair{"ArabicAndPersianKaf", "كتاب", "کتاب"},
                      SpellingPair{"ArabicAndPersianYeh", "في", "فی"},
                      SpellingPair{"DariWithAndWithoutZwnj", "می‌خواهم", "میخواهم"},
                      SpellingPair{"ArabicVowelMarks", "اللُّجُوء", "اللجوء"},
                      SpellingPair{"HamzaOnAlef", "أسرة", "اسره"},
                      SpellingPair{"DigitScripts", "١٢٣", "۱۲۳"},
                      SpellingPair{"SpanishAccentsAndCase", "ASILO POLÍTICO", "asilo politico"},
                      SpellingPair{"PrecomposedAndDecomposed", "\xC3\xA9", "e\xCC\x81"}),
    CaseName<SpellingPair>);

// ---------------------------------------------------------------------------------------------------------
// Tokenizing

TEST(TokenizeTest, DropsSpacesAndPunctuation) {
  EXPECT_EQ(tokenize(fold("¿Dónde está el albergue?")),
            (Tokens{"donde", "esta", "el", "albergue"}));
}

TEST(TokenizeTest, SplitsHaitianCreoleAtCommasAndSpaces) {
  EXPECT_EQ(tokenize(fold("azil, lòt bò fwontyè a")),
            (Tokens{"azil", "lot", "bo", "fwontye", "a"}));
}

TEST(TokenizeTest, SegmentsChineseWithTheDictionary) {
  const Tokens tokens = tokenize(fold("寻求庇护的权利"));
  ASSERT_GT(tokens.size(), 1U);
  std::string joined;
  for (const std::string& t : tokens) joined += t;
  EXPECT_EQ(joined, "寻求庇护的权利");
  EXPECT_NE(std::find(tokens.begin(), tokens.end(), "庇护"), tokens.end());
}

TEST(TokenizeTest, KeepsDariWordWhoseZwnjWasFoldedAway) {
  EXPECT_EQ(tokenize(fold("می‌خواهم پناهندگی")), (Tokens{"میخواهم", "پناهندگی"}));
}

TEST(TokenizeTest, SplitsArabicSentenceIntoFoldedWords) {
  EXPECT_EQ(tokenize(fold("طَلَبُ اللُّجُوءِ في المكسيك")), (Tokens{"طلب", "اللجوء", "فی", "المکسیک"}));
}

TEST(TokenizeTest, KeepsPashtoLetters) {
  EXPECT_EQ(tokenize(fold("پناه غوښتنه")), (Tokens{"پناه", "غوښتنه"}));
}

TEST(TokenizeTest, SplitsRussianAndTurkish) {
  EXPECT_EQ(tokenize(fold("Убежище, Ёлка")), (Tokens{"убежище", "елка"}));
  EXPECT_EQ(tokenize(fold("ÇOCUK İstanbul'da")), (Tokens{"cocuk", "istanbul'da"}));
}

// UAX #29 keeps an apostrophe between letters inside the word, so French and Portuguese elisions
// stay attached: the index has to match "asile" as a suffix or prefix-search "d'asile" to find it.
TEST(TokenizeTest, KeepsElisionApostropheInsideTheWord) {
  EXPECT_EQ(tokenize(fold("Demande d'asile")), (Tokens{"demande", "d'asile"}));
  EXPECT_EQ(tokenize(fold("copo d’água")), (Tokens{"copo", "d’agua"}));
}

TEST(TokenizeTest, KeepsNumbersWholeAndSplitsHyphenatedWords) {
  EXPECT_EQ(tokenize("x-ray 3.5 12,000 ٣"), (Tokens{"x", "ray", "3.5", "12,000", "٣"}));
}

TEST(TokenizeTest, ReturnsNothingForEmptyOrPunctuationOnlyText) {
  EXPECT_TRUE(tokenize("").empty());
  EXPECT_TRUE(tokenize(" ¿?¡!, - … ").empty());
}

TEST(TokenizeTest, SurvivesIllFormedInput) {
  EXPECT_EQ(tokenize("a\xFF b\xE2\x82"), (Tokens{"a", "b"}));
}

TEST(TokenizeTest, FoldAndTokenizeAreSafeToCallFromManyThreads) {
  const std::vector<std::string_view> inputs = {"Asilo Político", "寻求庇护的权利",
                                                "می‌خواهم", "طَلَبُ اللُّجُوءِ", "Убежище"};
  std::vector<Tokens> expected;
  for (const std::string_view s : inputs) expected.push_back(tokenize(fold(s)));

  constexpr int kThreads = 4;
  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        for (std::size_t i = 0; i < inputs.size(); ++i) {
          if (tokenize(fold(inputs[i])) != expected[i]) ++mismatches[static_cast<std::size_t>(t)];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(kThreads, 0));
}

// ---------------------------------------------------------------------------------------------------------
// HTML

struct EscapeCase {
  const char* name;
  std::string_view input;
  std::string_view expected;
};

void PrintTo(const EscapeCase& c, std::ostream* os) { *os << c.name; }

class HtmlEscapeTest : public ::testing::TestWithParam<EscapeCase> {};

TEST_P(HtmlEscapeTest, EscapesTextAndAttributeValuesAlike) {
  std::string text = "prefix:";
  escape_text(text, GetParam().input);
  EXPECT_EQ(text, "prefix:" + std::string(GetParam().expected));

  std::string attr = "prefix:";
  escape_attr(attr, GetParam().input);
  EXPECT_EQ(attr, "prefix:" + std::string(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, HtmlEscapeTest,
    ::testing::Values(EscapeCase{"Plain", "Asilo politico", "Asilo politico"},
                      EscapeCase{"Empty", "", ""},
                      EscapeCase{"ScriptTag", "<script>alert('x')</script>",
                                 "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"},
                      EscapeCase{"AttributeBreakout", "\" onmouseover=\"alert(1)",
                                 "&quot; onmouseover=&quot;alert(1)"},
                      EscapeCase{"EntityIsEscapedAgain", "&amp; &lt;", "&amp;amp; &amp;lt;"},
                      EscapeCase{"Ampersand", "Tom & Jerry", "Tom &amp; Jerry"},
                      EscapeCase{"NonAsciiPassesThrough", "لجوء 庇护 Убежище", "لجوء 庇护 Убежище"},
                      EscapeCase{"IllFormedUtf8", "a\xFF<\xC3", "a\xEF\xBF\xBD&lt;\xEF\xBF\xBD"},
                      EscapeCase{"SurrogateBytes", "\xED\xA0\x80",
                                 "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}),
    CaseName<EscapeCase>);

TEST(HtmlWriterTest, WritesNestedElementsWithEscapedAttributes) {
  std::string out;
  HtmlWriter w(out);
  w.open("ul", {{"class", "results"}})
      .open("li")
      .open("a", {{"href", "/search?q=asilo&lang=es"}, {"data-id", "7"}})
      .text("Refugio <Tijuana>")
      .close("a")
      .close("li")
      .close("ul");
  EXPECT_EQ(out,
            "<ul class=\"results\"><li><a href=\"/search?q=asilo&amp;lang=es\" data-id=\"7\">"
            "Refugio &lt;Tijuana&gt;</a></li></ul>");
}

TEST(HtmlWriterTest, WritesVoidElementsWithoutClosingTag) {
  std::string out;
  HtmlWriter(out).empty("meta", {{"charset", "utf-8"}}).empty("br");
  EXPECT_EQ(out, "<meta charset=\"utf-8\"><br>");
}

TEST(HtmlWriterTest, WritesBooleanAttributeAsNameEqualsName) {
  std::string out;
  HtmlWriter(out).empty("input", {{"name", "q"}, {"required", "required"}});
  EXPECT_EQ(out, "<input name=\"q\" required=\"required\">");
}

TEST(HtmlWriterTest, ElementEscapesItsText) {
  std::string out;
  HtmlWriter w(out);
  w.element("h1", "Q&A: \"¿asilo?\"").element("p", {{"lang", "ar"}, {"dir", "rtl"}}, "اللجوء");
  EXPECT_EQ(out, "<h1>Q&amp;A: &quot;¿asilo?&quot;</h1><p lang=\"ar\" dir=\"rtl\">اللجوء</p>");
}

TEST(HtmlWriterTest, AttributeValueCannotCloseItsQuotes) {
  std::string out;
  HtmlWriter(out).empty("img", {{"alt", "x\" onerror=\"alert(1)"}});
  EXPECT_EQ(out, "<img alt=\"x&quot; onerror=&quot;alert(1)\">");
}

TEST(HtmlWriterTest, RawWritesTrustedMarkupUnchanged) {
  std::string out;
  HtmlWriter(out).open("div").raw("<p><em>ya</em> &amp; listo</p>").close("div");
  EXPECT_EQ(out, "<div><p><em>ya</em> &amp; listo</p></div>");
}

TEST(HtmlWriterTest, IllFormedUtf8NeverReachesThePage) {
  std::string out;
  HtmlWriter(out).element("p", {{"title", "t\xC0\xAF"}}, "Pol\xEDtico").text("\xF4\x90\x80\x80");
  EXPECT_TRUE(is_valid_utf8(out));
  EXPECT_EQ(out,
            "<p title=\"t\xEF\xBF\xBD\xEF\xBF\xBD\">Pol\xEF\xBF\xBDtico</p>"
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(HtmlWriterTest, AppendsToExistingOutput) {
  std::string out = "<!doctype html>";
  HtmlWriter w(out);
  w.element("title", "Amparo");
  EXPECT_EQ(w.out(), "<!doctype html><title>Amparo</title>");
  EXPECT_EQ(&w.out(), &out);
}

TEST(HtmlWriterDeathTest, RejectsAttributeNameOutsideTheSafeSet) {
  std::string out;
  HtmlWriter w(out);
  EXPECT_DEBUG_DEATH(w.empty("img", {{"src onerror", "x"}}), "is_plain_name");
  EXPECT_DEBUG_DEATH(w.empty("img", {{"", "x"}}), "is_plain_name");
  EXPECT_DEBUG_DEATH(w.open("Div"), "is_plain_name");
}

// ---------------------------------------------------------------------------------------------------------
// JSON

TEST(JsonWriterTest, WritesNestedContainersCompactly) {
  std::string out;
  JsonWriter w(out);
  w.begin_object()
      .key("query")
      .value("asilo")
      .key("results")
      .begin_array()
      .begin_object()
      .key("id")
      .value(7)
      .key("tags")
      .begin_array()
      .value("shelter")
      .value("legal")
      .end_array()
      .key("open")
      .value(true)
      .end_object()
      .begin_object()
      .end_object()
      .begin_array()
      .end_array()
      .null()
      .end_array()
      .key("total")
      .value(std::uint64_t{2})
      .end_object();
  EXPECT_EQ(out,
            R"({"query":"asilo","results":[{"id":7,"tags":["shelter","legal"],"open":true},{},[],)"
            R"(null],"total":2})");
  EXPECT_TRUE(w.complete());
}

TEST(JsonWriterTest, WritesEmptyContainers) {
  std::string object;
  JsonWriter(object).begin_object().end_object();
  EXPECT_EQ(object, "{}");
  std::string array;
  JsonWriter(array).begin_array().end_array();
  EXPECT_EQ(array, "[]");
}

struct JsonStringCase {
  const char* name;
  std::string_view input;
  std::string_view expected;  // without the surrounding quotes
};

void PrintTo(const JsonStringCase& c, std::ostream* os) { *os << c.name; }

class JsonStringTest : public ::testing::TestWithParam<JsonStringCase> {};

TEST_P(JsonStringTest, EscapesStringValuesAndKeys) {
  std::string value;
  JsonWriter(value).value(GetParam().input);
  EXPECT_EQ(value, "\"" + std::string(GetParam().expected) + "\"");

  std::string keyed;
  JsonWriter(keyed).begin_object().key(GetParam().input).value(0).end_object();
  EXPECT_EQ(keyed, "{\"" + std::string(GetParam().expected) + "\":0}");
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, JsonStringTest,
    ::testing::Values(
        JsonStringCase{"Plain", "asilo", "asilo"}, JsonStringCase{"Empty", "", ""},
        JsonStringCase{"QuoteAndBackslash", R"(say "hi" \o/)", R"(say \"hi\" \\o/)"},
        JsonStringCase{"ShortEscapes", "\n\r\t\b\f", R"(\n\r\t\b\f)"},
        JsonStringCase{"OtherControls", std::string_view("\0\x01\x1F\x7F", 4),
                       "\\u0000\\u0001\\u001f\x7F"},
        JsonStringCase{"HtmlSpecials", "</script><b>&amp;",
                       R"(\u003c/script\u003e\u003cb\u003e\u0026amp;)"},
        JsonStringCase{"LineAndParagraphSeparators",
                       "a\xE2\x80\xA8"
                       "b\xE2\x80\xA9"
                       "c",
                       R"(a\u2028b\u2029c)"},
        JsonStringCase{"OtherThreeByteCharactersPass", "\xE2\x80\xA7\xE2\x82\xAC",
                       "\xE2\x80\xA7\xE2\x82\xAC"},
        JsonStringCase{"NonAsciiPassesThrough", "لجوء 庇护 Убежище 😀", "لجوء 庇护 Убежище 😀"},
        JsonStringCase{"IllFormedUtf8",
                       "a\xFF"
                       "b\xE2\x80",
                       "a\xEF\xBF\xBD"
                       "b\xEF\xBF\xBD"},
        JsonStringCase{"SurrogateBytes", "\xED\xB0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}),
    CaseName<JsonStringCase>);

TEST(JsonWriterTest, WritesIntegersAtTheirLimits) {
  std::string out;
  JsonWriter(out)
      .begin_array()
      .value(std::numeric_limits<std::int64_t>::min())
      .value(std::numeric_limits<std::int64_t>::max())
      .value(std::numeric_limits<std::uint64_t>::max())
      .value(-1)
      .value(0)
      .end_array();
  EXPECT_EQ(out, "[-9223372036854775808,9223372036854775807,18446744073709551615,-1,0]");
}

TEST(JsonWriterTest, WritesDoublesInShortestRoundTripForm) {
  std::string out;
  JsonWriter(out)
      .begin_array()
      .value(0.1)
      .value(32.5149)
      .value(-117.0382)
      .value(3.0)
      .value(1e100)
      .value(1e-7)
      .value(-0.0)
      .end_array();
  EXPECT_EQ(out, "[0.1,32.5149,-117.0382,3,1e+100,1e-07,-0]");
}

TEST(JsonWriterTest, WritesNonFiniteDoublesAsNull) {
  std::string out;
  JsonWriter w(out);
  w.begin_object()
      .key("nan")
      .value(std::nan(""))
      .key("inf")
      .value(std::numeric_limits<double>::infinity())
      .key("ninf")
      .value(-std::numeric_limits<double>::infinity())
      .end_object();
  EXPECT_EQ(out, R"({"nan":null,"inf":null,"ninf":null})");
  EXPECT_TRUE(w.complete());
}

TEST(JsonWriterTest, WritesBooleansNullAndCStrings) {
  std::string out;
  JsonWriter(out).begin_array().value(true).value(false).null().value("c").end_array();
  EXPECT_EQ(out, R"([true,false,null,"c"])");
}

TEST(JsonWriterTest, IsCompleteOnlyAfterOneClosedTopLevelValue) {
  std::string out;
  JsonWriter w(out);
  EXPECT_FALSE(w.complete());
  w.begin_object();
  EXPECT_FALSE(w.complete());
  w.key("a");
  EXPECT_FALSE(w.complete());
  w.begin_array();
  w.end_array();
  EXPECT_FALSE(w.complete());
  w.end_object();
  EXPECT_TRUE(w.complete());
  EXPECT_EQ(out, R"({"a":[]})");
}

TEST(JsonWriterTest, ScalarTopLevelValueIsComplete) {
  std::string out;
  JsonWriter w(out);
  w.value("solo");
  EXPECT_TRUE(w.complete());
  EXPECT_EQ(out, R"("solo")");
}

TEST(JsonWriterTest, AppendsToExistingOutput) {
  std::string out = "callback(";
  JsonWriter(out).begin_array().value(1).end_array();
  EXPECT_EQ(out, "callback([1]");
}

TEST(JsonWriterDeathTest, RejectsValueWhereKeyIsRequired) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  EXPECT_DEBUG_DEATH(w.value(1), "needs a key");
}

TEST(JsonWriterDeathTest, RejectsClosingTheWrongContainer) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  EXPECT_DEBUG_DEATH(w.end_array(), "end_array without a matching open array");
  std::string out2;
  JsonWriter w2(out2);
  w2.begin_array();
  EXPECT_DEBUG_DEATH(w2.end_object(), "end_object without a matching open object");
}

TEST(JsonWriterDeathTest, RejectsKeyOutsideObjectOrDanglingKey) {
  std::string out;
  JsonWriter w(out);
  w.begin_array();
  EXPECT_DEBUG_DEATH(w.key("k"), "key outside an object");
  std::string out2;
  JsonWriter w2(out2);
  w2.begin_object().key("k");
  EXPECT_DEBUG_DEATH(w2.end_object(), "end_object without a matching open object");
}

TEST(JsonWriterDeathTest, RejectsSecondTopLevelValue) {
  std::string out;
  JsonWriter w(out);
  w.value(1);
  EXPECT_DEBUG_DEATH(w.value(2), "one top-level value");
}

}  // namespace
}  // namespace amparo::text
