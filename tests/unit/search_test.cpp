// The help finder's search: the index on small made-up corpora, the synonyms file, and the query
// parser with the committed gazetteer and synonyms.
#include "directory/search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/file.h"
#include "directory/gazetteer.h"
#include "text/normalize.h"

namespace amparo::directory {
namespace {

namespace fs = std::filesystem;

// Places used below.
constexpr GeoPoint kTijuana{32.5149, -117.0382};
constexpr GeoPoint kSanDiego{32.7157, -117.1611};      // 25 km from Tijuana
constexpr GeoPoint kTecate{32.5725, -116.6261};        // about 39 km
constexpr GeoPoint kEnsenada{31.8667, -116.5964};      // about 84 km
constexpr GeoPoint kMexicali{32.6245, -115.4523};      // about 149 km
constexpr GeoPoint kCiudadJuarez{31.6904, -106.4245};  // about 1,000 km

SearchDoc doc(std::string name) {
  SearchDoc d;
  d.name = std::move(name);
  return d;
}

SearchDoc doc_at(std::string name, GeoPoint at) {
  SearchDoc d = doc(std::move(name));
  d.points.push_back(at);
  return d;
}

SearchQuery query(std::string text) {
  SearchQuery q;
  q.text = std::move(text);
  return q;
}

SearchQuery query_near(std::string text, GeoPoint at, double radius_km = 100) {
  SearchQuery q = query(std::move(text));
  q.near = at;
  q.radius_km = radius_km;
  return q;
}

std::vector<std::uint32_t> docs_of(const SearchResult& r) {
  std::vector<std::uint32_t> out;
  for (const SearchHit& h : r.hits) out.push_back(h.doc);
  return out;
}

using Docs = std::vector<std::uint32_t>;

// ---- Words ------------------------------------------------------------------------------------

TEST(SearchTokensTest, FoldsAndSplitsAtPunctuationAndApostrophes) {
  EXPECT_EQ(search_tokens("L'Avocat, Tijuana'da: U.S. 85701-1234"),
            (std::vector<std::string>{"l", "avocat", "tijuana", "da", "u", "s", "85701", "1234"}));
  EXPECT_EQ(search_tokens("Asesoría JURÍDICA"), (std::vector<std::string>{"asesoria", "juridica"}));
}

// Text with a non-Latin word goes through ICU; its Latin words must come out as the fast path
// gives them, or a query typed in Latin letters would miss them.
TEST(SearchTokensTest, LatinWordsAreTheSameBesideOtherScripts) {
  EXPECT_EQ(
      search_tokens("O’Brien l'aide 律师 foo_bar 1,000"),
      (std::vector<std::string>{"o", "brien", "l", "aide", "律师", "foo", "bar", "1", "000"}));
  EXPECT_EQ(search_tokens("O'Brien l'aide foo_bar 1,000"),
            (std::vector<std::string>{"o", "brien", "l", "aide", "foo", "bar", "1", "000"}));
}

TEST(SearchTokensTest, SegmentsChineseAndKeepsArabicScriptWords) {
  const std::vector<std::string> zh = search_tokens("找律师");
  EXPECT_NE(std::find(zh.begin(), zh.end(), "律师"), zh.end());
  EXPECT_EQ(search_tokens("وكيل مدافع"), (std::vector<std::string>{"وکیل", "مدافع"}));
}

TEST(SearchTokensTest, StopsAtTheWordLimitAndCutsLongWords) {
  EXPECT_EQ(search_tokens("a b c d e", 3).size(), 3u);
  const std::vector<std::string> long_word = search_tokens(std::string(500, 'x'));
  ASSERT_EQ(long_word.size(), 1u);
  EXPECT_EQ(long_word[0].size(), 64u);
}

TEST(SearchTokensTest, StopWordsInEachLanguage) {
  for (const char* w : {"the", "near", "de", "en", "para", "cerca", "à", "em", "nan", "в", "için",
                        "في", "در", "کې", "的"}) {
    const std::vector<std::string> t = search_tokens(w);
    ASSERT_EQ(t.size(), 1u) << w;
    EXPECT_TRUE(is_search_stop_word(t[0])) << w;
  }
  for (const char* w : {"abogado", "lawyer", "tijuana", "وکیل", "律师"}) {
    EXPECT_FALSE(is_search_stop_word(search_tokens(w)[0])) << w;
  }
}

TEST(DistanceTest, HaversineKilometres) {
  EXPECT_NEAR(distance_km(kTijuana, kSanDiego), 25.1, 0.1);
  EXPECT_NEAR(distance_km(kTijuana, kCiudadJuarez), 1000, 30);
  EXPECT_DOUBLE_EQ(distance_km(kTijuana, kTijuana), 0);
  EXPECT_NEAR(distance_km(GeoPoint{0, 0}, GeoPoint{0, 180}), 20015.1, 0.1);
}

// ---- Text matching ----------------------------------------------------------------------------

TEST(SearchIndexTest, ExactWordsAnyField) {
  std::vector<SearchDoc> docs = {doc("Casa del Migrante"), doc("Al Otro Lado"), SearchDoc{}};
  docs[2].description = "Orientación legal para migrantes";
  docs[1].keywords = "legal services";
  const auto index = SearchIndex::build(docs);
  EXPECT_EQ(docs_of(index->search(query("migrante"))), (Docs{0, 2}));  // and "migrantes"
  EXPECT_EQ(docs_of(index->search(query("LEGAL"))), (Docs{1, 2}));
  EXPECT_EQ(docs_of(index->search(query("orientacion"))), (Docs{2}));
  EXPECT_EQ(index->search(query("nothing")).total, 0u);
}

TEST(SearchIndexTest, EveryWordMustMatch) {
  std::vector<SearchDoc> docs = {doc("Legal Aid Tijuana"), doc("Legal Aid El Paso"),
                                 doc("Tijuana Shelter")};
  const auto index = SearchIndex::build(docs);
  EXPECT_EQ(docs_of(index->search(query("legal tijuana"))), (Docs{0}));
  EXPECT_EQ(index->search(query("legal tijuana paso")).total, 0u);
  EXPECT_EQ(index->search(query("legal aid")).total, 2u);
}

TEST(SearchIndexTest, LastWordMatchesAsPrefix) {
  const auto index = SearchIndex::build({doc("Albergue Juventud 2000"), doc("Legal Aid")});
  EXPECT_EQ(docs_of(index->search(query("alb"))), (Docs{0}));
  EXPECT_EQ(docs_of(index->search(query("a"))), (Docs{0, 1}));
  EXPECT_EQ(docs_of(index->search(query("legal a"))), (Docs{1}));
}

TEST(SearchIndexTest, OtherWordsMatchAsPrefixFromThreeLetters) {
  const auto index = SearchIndex::build({doc("Albergue Juventud"), doc("Amigos Juventud")});
  EXPECT_EQ(docs_of(index->search(query("alb juventud"))), (Docs{0}));
  // Two letters are too few for a word that is not the last.
  EXPECT_EQ(index->search(query("am juventud")).total, 0u);
  EXPECT_EQ(docs_of(index->search(query("juventud am"))), (Docs{1}));
}

TEST(SearchIndexTest, TypoToleranceByWordLength) {
  const auto index = SearchIndex::build(
      {doc("Casa"), doc("Ayuda"), doc("Albergue"), doc("Migracion"), doc("Ciudad")});
  struct Case {
    const char* q;
    Docs expected;
  };
  const std::vector<Case> cases = {
      {"cssa", {}},         // 4 letters: no typos
      {"caza", {}},         // 4 letters
      {"aiuda", {1}},       // 5 letters, one substitution
      {"auyda", {1}},       // 5 letters, neighbours swapped: one edit
      {"aiudda", {}},       // 6 letters, two edits
      {"alberge", {2}},     // 7 letters, one deletion
      {"albregue", {2}},    // 8 letters, swap
      {"alvregue", {}},     // 8 letters, two edits
      {"migrasion", {3}},   // 9 letters, one edit
      {"migrashon", {3}},   // 9 letters, two edits
      {"mijrashon", {}},    // 9 letters, three edits
      {"migrasionn", {3}},  // 10 letters, two edits
      {"cuidad", {4}},      // 6 letters, swap
  };
  for (const Case& c : cases) {
    EXPECT_EQ(docs_of(index->search(query(c.q))), c.expected) << c.q;
  }
}

TEST(SearchIndexTest, ExactBeforePrefixBeforeTypo) {
  const auto index = SearchIndex::build({doc("Ayudo"), doc("Ayudante"), doc("Ayuda")});
  EXPECT_EQ(docs_of(index->search(query("ayuda"))), (Docs{2, 1, 0}));
}

TEST(SearchIndexTest, FieldWeightsOrderTheResults) {
  std::vector<SearchDoc> docs(6);
  docs[0].description = "asilo";
  docs[1].places = "asilo";
  docs[2].keywords = "asilo";
  docs[3].alternate_name = "asilo";
  docs[4].name = "asilo";
  docs[5].name = "otro";
  const auto index = SearchIndex::build(docs);
  EXPECT_EQ(docs_of(index->search(query("asilo"))), (Docs{4, 3, 2, 1, 0}));
}

TEST(SearchIndexTest, RareWordsWeighMoreThanCommonOnes) {
  // Both documents hold both words, each once in the name and once in the description; the one
  // with the rare word in its name comes first.
  std::vector<SearchDoc> docs;
  SearchDoc a;
  a.name = "services";
  a.description = "xochitl";
  SearchDoc b;
  b.name = "xochitl";
  b.description = "services";
  docs.push_back(a);
  docs.push_back(b);
  for (int i = 0; i < 20; ++i) docs.push_back(doc("services"));
  const auto index = SearchIndex::build(docs);
  EXPECT_EQ(docs_of(index->search(query("services xochitl"))), (Docs{1, 0}));
}

TEST(SearchIndexTest, ArabicAndPersianLetterFormsMatchEachOther) {
  // Arabic kaf and yeh (وكيل, محامي) against Persian keheh and Farsi yeh (وکیل, محامی).
  const auto index = SearchIndex::build({doc("وكيل الهجرة"), doc("مساعدة محامی")});
  EXPECT_EQ(docs_of(index->search(query("وکیل"))), (Docs{0}));
  EXPECT_EQ(docs_of(index->search(query("محامي"))), (Docs{1}));
  EXPECT_EQ(docs_of(index->search(query("الهجره"))), (Docs{0}));  // teh marbuta typed as heh
}

TEST(SearchIndexTest, ChineseWordsInsideUnspacedText) {
  std::vector<SearchDoc> docs(2);
  docs[0].description = "提供免费法律援助和律师服务";
  docs[1].description = "提供食物";
  const auto index = SearchIndex::build(docs);
  EXPECT_EQ(docs_of(index->search(query("律师"))), (Docs{0}));
  EXPECT_EQ(docs_of(index->search(query("法律援助"))), (Docs{0}));
  EXPECT_EQ(docs_of(index->search(query("提供"))), (Docs{0, 1}));
}

TEST(SearchIndexTest, StopWordsAreDroppedFromQueries) {
  const auto index = SearchIndex::build({doc("Abogados Tijuana"), doc("La Posada")});
  EXPECT_EQ(docs_of(index->search(query("abogados en la Tijuana"))), (Docs{0}));
  EXPECT_EQ(docs_of(index->search(query("the abogados"))), (Docs{0}));
  // A query of stop words only still looks for them.
  EXPECT_EQ(docs_of(index->search(query("la"))), (Docs{1}));
}

// ---- Place ------------------------------------------------------------------------------------

std::vector<SearchDoc> border_docs() {
  return {doc_at("Ayuda Mexicali", kMexicali),  doc_at("Ayuda Ensenada", kEnsenada),
          doc_at("Ayuda San Diego", kSanDiego), doc_at("Ayuda Juarez", kCiudadJuarez),
          doc_at("Ayuda Tecate", kTecate),      doc("Ayuda sin oficina"),
          doc_at("Ayuda Tijuana", kTijuana)};
}

TEST(SearchIndexTest, RadiusKeepsNearbyDocumentsNearestFirst) {
  const auto index = SearchIndex::build(border_docs());
  const SearchResult r = index->search(query_near("ayuda", kTijuana));
  EXPECT_EQ(docs_of(r), (Docs{6, 2, 4, 1}));
  EXPECT_EQ(r.total, 4u);
  for (const SearchHit& h : r.hits) {
    ASSERT_TRUE(h.distance_km.has_value());
    EXPECT_NEAR(*h.distance_km, distance_km(kTijuana, border_docs()[h.doc].points[0]), 1e-6);
  }
  EXPECT_EQ(docs_of(index->search(query_near("ayuda", kTijuana, 50))), (Docs{6, 2, 4}));
  EXPECT_EQ(docs_of(index->search(query_near("ayuda", kTijuana, 200))), (Docs{6, 2, 4, 1, 0}));
}

TEST(SearchIndexTest, RadiusWithoutWordsIsInOrderOfDistance) {
  const auto index = SearchIndex::build(border_docs());
  const SearchResult r = index->search(query_near("", kTijuana, 200));
  EXPECT_EQ(docs_of(r), (Docs{6, 2, 4, 1, 0}));
  EXPECT_EQ(r.total, 5u);
}

TEST(SearchIndexTest, NearestOfSeveralOfficesCounts) {
  std::vector<SearchDoc> docs = {doc_at("Oficinas", kCiudadJuarez), doc_at("Centro", kEnsenada)};
  docs[0].points.push_back(kSanDiego);
  docs[0].points.push_back(kTecate);
  const auto index = SearchIndex::build(docs);
  const SearchResult r = index->search(query_near("", kTijuana));
  ASSERT_EQ(docs_of(r), (Docs{0, 1}));
  EXPECT_NEAR(*r.hits[0].distance_km, distance_km(kTijuana, kSanDiego), 1e-6);
  EXPECT_EQ(index->search(query_near("oficinas", kTijuana)).total, 1u);
}

TEST(SearchIndexTest, EverywhereDocumentsMatchAnyPlaceAfterNearbyOnes) {
  std::vector<SearchDoc> docs = {doc("Linea nacional"), doc_at("Linea Ensenada", kEnsenada),
                                 doc_at("Linea Juarez", kCiudadJuarez), doc("Linea sin lugar")};
  docs[0].everywhere = true;
  docs[2].everywhere = true;
  const auto index = SearchIndex::build(docs);
  const SearchResult r = index->search(query_near("linea", kTijuana));
  // Ensenada is in range; both national lines follow; the one without a place is left out.
  EXPECT_EQ(docs_of(r), (Docs{1, 0, 2}));
  EXPECT_EQ(r.total, 3u);
  EXPECT_FALSE(r.hits[1].distance_km.has_value());
  ASSERT_TRUE(r.hits[2].distance_km.has_value());
  EXPECT_GT(*r.hits[2].distance_km, 900);
  EXPECT_EQ(docs_of(index->search(query_near("", kTijuana))), (Docs{1, 0, 2}));
  EXPECT_EQ(docs_of(index->search(query("linea"))), (Docs{0, 1, 2, 3}));
}

TEST(SearchIndexTest, MatchesAcrossTheDateLineAndNearThePoles) {
  std::vector<SearchDoc> docs = {doc_at("Este", GeoPoint{0, 179.9}),
                                 doc_at("Oeste", GeoPoint{0, -179.9}),
                                 doc_at("Polo", GeoPoint{89.99, 10})};
  const auto index = SearchIndex::build(docs);
  EXPECT_EQ(index->search(query_near("", GeoPoint{0, 180}, 50)).total, 2u);
  EXPECT_EQ(docs_of(index->search(query_near("", GeoPoint{89.99, -170}, 50))), (Docs{2}));
  EXPECT_EQ(index->search(query_near("", GeoPoint{0, 0}, 30000)).total, 3u);
}

// ---- Tags, paging, ordering -------------------------------------------------------------------

TEST(SearchIndexTest, EveryTagIsRequired) {
  std::vector<SearchDoc> docs = {doc("Uno"), doc("Dos"), doc("Tres")};
  docs[0].tags = {"service:legal", "free"};
  docs[1].tags = {"service:legal"};
  docs[2].tags = {"free", "service:shelter"};
  const auto index = SearchIndex::build(docs);
  auto with_tags = [&](std::vector<std::string> tags, std::string text = "") {
    SearchQuery q = query(std::move(text));
    q.tags = std::move(tags);
    return docs_of(index->search(q));
  };
  EXPECT_EQ(with_tags({"service:legal"}), (Docs{0, 1}));
  EXPECT_EQ(with_tags({"service:legal", "free"}), (Docs{0}));
  EXPECT_EQ(with_tags({"free"}, "tres"), (Docs{2}));
  EXPECT_EQ(with_tags({"service:food"}), (Docs{}));
  EXPECT_EQ(with_tags({"free", "no-such-tag"}), (Docs{}));
}

TEST(SearchIndexTest, CommonTagsUseBitsetsWithTheSameAnswers) {
  std::vector<SearchDoc> docs;
  for (int i = 0; i < 300; ++i) {
    SearchDoc d = doc("Doc " + std::to_string(i));
    if (i % 2 == 0) d.tags.push_back("even");
    if (i % 3 == 0) d.tags.push_back("three");
    if (i == 7) d.tags.push_back("rare");
    d.verified_days = 20000 - i % 5;
    docs.push_back(d);
  }
  const auto index = SearchIndex::build(docs);
  SearchQuery q;
  q.tags = {"even", "three"};
  q.limit = 100;
  const SearchResult r = index->search(q);
  EXPECT_EQ(r.total, 50u);
  ASSERT_EQ(r.hits.size(), 50u);
  for (const SearchHit& h : r.hits) EXPECT_EQ(h.doc % 6, 0u);
  q.tags = {"rare", "even"};
  EXPECT_EQ(index->search(q).total, 0u);
  q.tags = {"rare"};
  EXPECT_EQ(docs_of(index->search(q)), (Docs{7}));
}

TEST(SearchIndexTest, PagesAddUpToTheWholeOrder) {
  std::vector<SearchDoc> docs;
  for (int i = 0; i < 45; ++i) {
    docs.push_back(doc_at("Servicio " + std::to_string(i),
                          GeoPoint{kTijuana.lat + 0.01 * (i % 7), kTijuana.lon}));
    docs.back().verified_days = 19000 + (i * 37) % 1000;
  }
  docs.push_back(doc("Otro"));
  const auto index = SearchIndex::build(docs);
  for (SearchQuery all :
       {query("servicio"), query_near("servicio", kTijuana), query_near("", kTijuana)}) {
    all.limit = 100;
    const SearchResult whole = index->search(all);
    ASSERT_EQ(whole.total, 45u);
    ASSERT_EQ(whole.hits.size(), 45u);
    Docs pages;
    for (std::size_t offset = 0; offset < 60; offset += 20) {
      SearchQuery page = all;
      page.offset = offset;
      page.limit = 20;
      const SearchResult r = index->search(page);
      EXPECT_EQ(r.total, 45u);
      EXPECT_EQ(r.hits.size(), offset == 40 ? 5u : 20u);
      for (const SearchHit& h : r.hits) pages.push_back(h.doc);
    }
    EXPECT_EQ(pages, docs_of(whole));
    for (std::size_t i = 1; i < whole.hits.size(); ++i) {
      EXPECT_GE(whole.hits[i - 1].score, whole.hits[i].score);
    }
  }
  SearchQuery far = query("servicio");
  far.offset = 1000;
  EXPECT_TRUE(index->search(far).hits.empty());
  EXPECT_EQ(index->search(far).total, 45u);
}

TEST(SearchIndexTest, EqualScoresGoByDocumentOrder) {
  std::vector<SearchDoc> docs(5, doc("Refugio"));
  const auto index = SearchIndex::build(docs);
  EXPECT_EQ(docs_of(index->search(query("refugio"))), (Docs{0, 1, 2, 3, 4}));
  EXPECT_EQ(docs_of(index->search(query(""))), (Docs{0, 1, 2, 3, 4}));
}

TEST(SearchIndexTest, RecentlyVerifiedFirstAmongEquals) {
  std::vector<SearchDoc> docs(4, doc("Refugio"));
  docs[0].verified_days = 0;             // unknown: as stale as three years
  docs[1].verified_days = 20000 - 1500;  // four years before the newest
  docs[2].verified_days = 20000;
  docs[3].verified_days = 20000 - 600;
  const auto index = SearchIndex::build(docs);
  EXPECT_EQ(docs_of(index->search(query("refugio"))), (Docs{2, 3, 0, 1}));
  EXPECT_EQ(docs_of(index->search(query(""))), (Docs{2, 3, 0, 1}));
}

TEST(SearchIndexTest, EmptyIndexAndEmptyQuery) {
  const auto empty = SearchIndex::build({});
  EXPECT_EQ(empty->size(), 0u);
  EXPECT_EQ(empty->search(query("ayuda")).total, 0u);
  EXPECT_EQ(empty->search(query_near("", kTijuana)).total, 0u);
  const auto index = SearchIndex::build(border_docs());
  EXPECT_EQ(index->size(), 7u);
  EXPECT_EQ(index->search(query("")).total, 7u);
  EXPECT_GT(index->memory_bytes(), 0u);
}

// ---- Hostile input ----------------------------------------------------------------------------

TEST(SearchIndexTest, HostileQueriesNeverCrash) {
  const auto index = SearchIndex::build(border_docs());
  std::string invalid_utf8 = "ayuda \xC3\x28 \xF0\x9F\x98 \xFF\xFE";
  std::string with_nul("ayuda\0tijuana", 13);
  std::vector<std::string> hostile = {
      std::string(10 * 1024, 'a'),
      std::string(10 * 1024, ' '),
      invalid_utf8,
      with_nul,
      "\u200F\u202Eayuda\u202C\u200E",
      "'; DROP TABLE organizations; --",
      "\" OR 1=1 --",
      "%00%ff<script>alert(1)</script>",
      std::string(3000, '\xE4'),
      "ayuda " + std::string(5000, 'x') + " tijuana",
  };
  std::string many_words;
  for (int i = 0; i < 2000; ++i) many_words += "ayuda ";
  hostile.push_back(many_words);
  std::string cjk;
  for (int i = 0; i < 3000; ++i) cjk += "律师";
  hostile.push_back(cjk);
  for (const std::string& text : hostile) {
    SearchQuery q = query(text);
    const SearchResult r = index->search(q);
    EXPECT_LE(r.hits.size(), r.total);
    q.near = kTijuana;
    (void)index->search(q);
  }
  // RTL marks and ill-formed bytes do not hide a word.
  EXPECT_EQ(index->search(query("\u200Fayuda tecate\u200E")).total, 1u);
  EXPECT_EQ(index->search(query(invalid_utf8)).total, 7u);
  EXPECT_EQ(index->search(query(with_nul)).total, 1u);
}

TEST(SearchIndexTest, QueriesAreCutAt16WordsAnd256Bytes) {
  const auto index = SearchIndex::build(border_docs());
  std::string sixteen;
  for (int i = 0; i < 16; ++i) sixteen += "ayuda ";
  EXPECT_EQ(index->search(query(sixteen + "nomatch")).total, 7u);
  EXPECT_EQ(index->search(query("nomatch " + sixteen)).total, 0u);
  EXPECT_EQ(index->search(query(std::string(250, ' ') + "ayuda")).total, 7u);
  EXPECT_EQ(index->search(query(std::string(260, ' ') + "nomatch")).total, 7u);
}

TEST(SearchIndexTest, ImpossiblePlacesAndRadiiAreSafe) {
  const auto index = SearchIndex::build(border_docs());
  const double nan = std::nan("");
  for (GeoPoint p : {GeoPoint{nan, 0}, GeoPoint{0, nan}, GeoPoint{91, 0}, GeoPoint{0, -181},
                     GeoPoint{1e308, -1e308}}) {
    EXPECT_EQ(index->search(query_near("ayuda", p)).total, 0u);
  }
  // A radius that is not a positive number is the default 100 km.
  for (double r : {nan, -5.0, 0.0}) {
    EXPECT_EQ(index->search(query_near("ayuda", kTijuana, r)).total, 4u);
  }
  EXPECT_EQ(index->search(query_near("ayuda", kTijuana, 1e300)).total, 6u);
  EXPECT_EQ(index->search(query_near("ayuda", kTijuana, INFINITY)).total, 4u);
  SearchQuery q = query("ayuda");
  q.offset = static_cast<std::size_t>(-1);
  q.limit = static_cast<std::size_t>(-1);
  EXPECT_TRUE(index->search(q).hits.empty());
  q.offset = 0;
  EXPECT_EQ(index->search(q).hits.size(), 7u);
}

TEST(SearchIndexTest, BadPointsInDocumentsAreIgnored) {
  std::vector<SearchDoc> docs = {doc_at("Malo", GeoPoint{std::nan(""), 0}),
                                 doc_at("Bueno", kTijuana)};
  docs[0].points.push_back(GeoPoint{200, 500});
  const auto index = SearchIndex::build(docs);
  EXPECT_EQ(docs_of(index->search(query_near("", kTijuana))), (Docs{1}));
}

TEST(SearchIndexTest, ConcurrentSearchesAgree) {
  std::vector<SearchDoc> docs;
  for (int i = 0; i < 2000; ++i) {
    docs.push_back(doc_at("Servicio legal " + std::to_string(i % 37),
                          GeoPoint{kTijuana.lat + 0.001 * i, kTijuana.lon}));
  }
  const auto index = SearchIndex::build(docs);
  const SearchQuery q = query_near("servicio legal 1", kTijuana, 50);
  const Docs expected = docs_of(index->search(q));
  ASSERT_FALSE(expected.empty());
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (docs_of(index->search(q)) != expected) ++wrong[static_cast<std::size_t>(t)];
        (void)index->search(query("servicio"));
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(wrong, (std::vector<int>{0, 0, 0, 0}));
}

// Built on more documents than one slice, so that the parallel build's merge is exercised.
TEST(SearchIndexTest, LargeBuildMatchesEveryDocument) {
  std::vector<SearchDoc> docs;
  for (int i = 0; i < 20000; ++i) {
    SearchDoc d = doc("org" + std::to_string(i) + " common");
    d.description = i % 2 == 0 ? "par" : "impar";
    docs.push_back(d);
  }
  const auto index = SearchIndex::build(docs);
  EXPECT_EQ(index->search(query("common")).total, 20000u);
  EXPECT_EQ(index->search(query("par")).total, 10000u);
  for (int i : {0, 4095, 4096, 12345, 19999}) {
    const std::string name = "org" + std::to_string(i);
    SearchQuery q = query(name + " common");
    const SearchResult r = index->search(q);
    ASSERT_GE(r.hits.size(), 1u) << name;
    EXPECT_EQ(r.hits[0].doc, static_cast<std::uint32_t>(i));
  }
}

// ---- Synonyms ---------------------------------------------------------------------------------

class SynonymsFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("amparo_synonyms_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "search");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& content) {
    std::ofstream(dir_ / "search" / "synonyms.tsv", std::ios::binary) << content;
  }
  fs::path dir_;
};

std::vector<std::string> tags_for(const Synonyms& s, const std::string& phrase) {
  std::string key;
  for (const std::string& w : search_tokens(phrase)) key += (key.empty() ? "" : " ") + w;
  const std::vector<std::string>* tags = s.find(key);
  return tags ? *tags : std::vector<std::string>{};
}

TEST_F(SynonymsFileTest, ReadsEntriesAndComments) {
  write(
      "# comment\n\nservice:legal\tes\tAbogado\r\nservice:legal\tar\tمحامي\nfree\tes\tgratis\n"
      "free\tpt\tgrátis\nservice:shelter\ttr\tsığınak\n");
  Result<Synonyms> s = Synonyms::load(dir_.string());
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  EXPECT_EQ(tags_for(*s, "abogado"), (std::vector<std::string>{"service:legal"}));
  EXPECT_EQ(tags_for(*s, "محامی"), (std::vector<std::string>{"service:legal"}));
  EXPECT_EQ(tags_for(*s, "gratis"), (std::vector<std::string>{"free"}));
  EXPECT_EQ(tags_for(*s, "SIGINAK"), (std::vector<std::string>{"service:shelter"}));
  EXPECT_EQ(tags_for(*s, "sığınak"), (std::vector<std::string>{"service:shelter"}));
  EXPECT_EQ(s->find("nada"), nullptr);
  EXPECT_EQ(s->longest_phrase_words(), 1u);
}

TEST_F(SynonymsFileTest, ErrorsNameFileLineAndField) {
  struct Case {
    std::string content;
    int line;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"service:legal\tes\n", 1, ""},
      {"# ok\nservice:legal\tes\tabogado\textra\n", 2, ""},
      {"service:legal\tde\tAnwalt\n", 1, "language"},
      {"\n\nService Legal\tes\tabogado\n", 3, "tag"},
      {"service:legal\tes\t ... \n", 1, "word"},
      {"service:legal\tes\tuno dos tres cuatro cinco seis siete\n", 1, "word"},
      {"service:legal\tes\tabogado\nservice:legal\tes\tABOGADO\n", 2, "word"},
  };
  for (const Case& c : cases) {
    write(c.content);
    Result<Synonyms> s = Synonyms::load(dir_.string());
    ASSERT_FALSE(s.ok()) << c.content;
    EXPECT_EQ(s.error().code, ErrorCode::kCorrupt) << c.content;
    EXPECT_EQ(s.error().file, (dir_ / "search" / "synonyms.tsv").string());
    EXPECT_EQ(s.error().line, c.line) << c.content;
    EXPECT_EQ(s.error().field, c.field) << c.content;
  }
  write("service:legal\tes\tabogado\xFF\n");
  EXPECT_EQ(Synonyms::load(dir_.string()).error().code, ErrorCode::kCorrupt);
  fs::remove(dir_ / "search" / "synonyms.tsv");
  EXPECT_EQ(Synonyms::load(dir_.string()).error().code, ErrorCode::kNotFound);
}

TEST_F(SynonymsFileTest, SameWordInTwoLanguagesIsFine) {
  write("service:medical\ten\tdoctor\nservice:medical\tes\tdoctor\n");
  Result<Synonyms> s = Synonyms::load(dir_.string());
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  EXPECT_EQ(s->size(), 1u);
}

class CommittedSynonymsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<Synonyms> s = Synonyms::load(AMPARO_SOURCE_DIR "/data");
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    synonyms_ = std::make_unique<Synonyms>(std::move(s).value());
  }
  static void TearDownTestSuite() { synonyms_.reset(); }
  static std::unique_ptr<Synonyms> synonyms_;
};
std::unique_ptr<Synonyms> CommittedSynonymsTest::synonyms_;

TEST_F(CommittedSynonymsTest, EveryTagIsCoveredInEveryLanguage) {
  Result<std::string> bytes = read_file(AMPARO_SOURCE_DIR "/data/search/synonyms.tsv");
  ASSERT_TRUE(bytes.ok());
  std::map<std::string, std::set<std::string>> languages;
  std::size_t start = 0;
  while (start < bytes->size()) {
    std::size_t end = bytes->find('\n', start);
    if (end == std::string::npos) end = bytes->size();
    const std::string line = bytes->substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    languages[line.substr(0, tab)].insert(line.substr(tab + 1, line.find('\t', tab + 1) - tab - 1));
  }
  const std::set<std::string> expected_tags = {"service:legal",
                                               "service:legal-orientation",
                                               "service:hotline",
                                               "service:shelter",
                                               "service:medical",
                                               "service:family-reunification",
                                               "service:detention-visitation",
                                               "service:sexual-assault-support",
                                               "service:interpretation",
                                               "service:food",
                                               "service:referral",
                                               "free",
                                               "population:unaccompanied-children",
                                               "population:detained-adults",
                                               "population:families"};
  std::set<std::string> tags;
  for (const auto& [tag, langs] : languages) {
    tags.insert(tag);
    EXPECT_EQ(langs.size(), 11u) << tag;
  }
  EXPECT_EQ(tags, expected_tags);
}

TEST_F(CommittedSynonymsTest, CommonWordsInEachLanguage) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"lawyer", "service:legal"},
      {"abogados", "service:legal"},
      {"asesoría legal", "service:legal"},
      {"avoka", "service:legal"},
      {"avocat", "service:legal"},
      {"advogado", "service:legal"},
      {"وکیل", "service:legal"},
      {"وكيل", "service:legal"},
      {"محامي", "service:legal"},
      {"адвокат", "service:legal"},
      {"юрист", "service:legal"},
      {"律师", "service:legal"},
      {"avukat", "service:legal"},
      {"know your rights", "service:legal-orientation"},
      {"hotline", "service:hotline"},
      {"línea", "service:hotline"},
      {"albergue", "service:shelter"},
      {"abri", "service:shelter"},
      {"abrigo", "service:shelter"},
      {"پناهگاه", "service:shelter"},
      {"ملجأ", "service:shelter"},
      {"приют", "service:shelter"},
      {"庇护所", "service:shelter"},
      {"sığınak", "service:shelter"},
      {"siginak", "service:shelter"},
      {"médico", "service:medical"},
      {"free", "free"},
      {"gratis", "free"},
      {"gratuito", "free"},
      {"gratuit", "free"},
      {"رایگان", "free"},
      {"مجاني", "free"},
      {"бесплатно", "free"},
      {"免费", "free"},
      {"ücretsiz", "free"},
      {"pro bono", "free"},
      {"unaccompanied minors", "population:unaccompanied-children"},
      {"familias", "population:families"}};
  for (const auto& [phrase, tag] : cases) {
    const std::vector<std::string> tags = tags_for(*synonyms_, phrase);
    EXPECT_NE(std::find(tags.begin(), tags.end(), tag), tags.end()) << phrase;
  }
  EXPECT_GT(synonyms_->size(), 800u);
  EXPECT_GE(synonyms_->longest_phrase_words(), 4u);
}

// A phrase standing for two tags would quietly require both; the list has none.
TEST_F(CommittedSynonymsTest, NoPhraseStandsForTwoTags) {
  Result<std::string> bytes = read_file(AMPARO_SOURCE_DIR "/data/search/synonyms.tsv");
  ASSERT_TRUE(bytes.ok());
  std::size_t start = 0;
  while (start < bytes->size()) {
    std::size_t end = bytes->find('\n', start);
    if (end == std::string::npos) end = bytes->size();
    const std::string line = bytes->substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    const std::string phrase = line.substr(line.rfind('\t') + 1);
    EXPECT_EQ(tags_for(*synonyms_, phrase).size(), 1u) << phrase;
  }
}

// ---- Query parser -----------------------------------------------------------------------------

class QueryParserTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<Gazetteer> g = Gazetteer::load(AMPARO_SOURCE_DIR "/data");
    ASSERT_TRUE(g.ok()) << g.error().to_string();
    gazetteer_ = std::make_unique<Gazetteer>(std::move(g).value());
    Result<Synonyms> s = Synonyms::load(AMPARO_SOURCE_DIR "/data");
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    synonyms_ = std::make_unique<Synonyms>(std::move(s).value());
  }
  static void TearDownTestSuite() {
    gazetteer_.reset();
    synonyms_.reset();
  }
  static ParsedQuery parse(std::string_view q, std::string_view near = "") {
    QueryInput in;
    in.q = q;
    in.near = near;
    return QueryParser(gazetteer_.get(), synonyms_.get()).parse(in);
  }
  static std::unique_ptr<Gazetteer> gazetteer_;
  static std::unique_ptr<Synonyms> synonyms_;
};
std::unique_ptr<Gazetteer> QueryParserTest::gazetteer_;
std::unique_ptr<Synonyms> QueryParserTest::synonyms_;

using Tags = std::vector<std::string>;

TEST_F(QueryParserTest, ServiceWordsAndMarkedPlace) {
  const ParsedQuery p = parse("abogado gratis en Tijuana");
  EXPECT_EQ(p.place_name, "Tijuana, Baja California");
  ASSERT_TRUE(p.query.near.has_value());
  EXPECT_NEAR(p.query.near->lat, 32.5, 0.1);
  EXPECT_NEAR(p.query.near->lon, -117.0, 0.1);
  EXPECT_EQ(p.understood_tags, (Tags{"service:legal", "free"}));
  EXPECT_EQ(p.query.tags, (Tags{"service:legal", "free"}));
  EXPECT_EQ(p.query.text, "");
}

TEST_F(QueryParserTest, ZipCodeAfterMarker) {
  const ParsedQuery p = parse("lawyer near 85701");
  EXPECT_EQ(p.place_name, "85701");
  ASSERT_TRUE(p.query.near.has_value());
  EXPECT_NEAR(p.query.near->lat, 32.22, 0.05);
  EXPECT_EQ(p.understood_tags, (Tags{"service:legal"}));
  EXPECT_EQ(p.query.text, "");
}

TEST_F(QueryParserTest, UnmarkedPlaceAtTheEnd) {
  ParsedQuery p = parse("avoka Miami");
  EXPECT_EQ(p.place_name, "Miami, Florida");
  EXPECT_EQ(p.understood_tags, (Tags{"service:legal"}));
  EXPECT_EQ(p.query.text, "");

  p = parse("abri Matamoros");
  EXPECT_EQ(p.place_name, "Heroica Matamoros, Tamaulipas");
  EXPECT_NE(std::find(p.place_candidates.begin(), p.place_candidates.end(), "Matamoros, Coahuila"),
            p.place_candidates.end());
  EXPECT_EQ(p.understood_tags, (Tags{"service:shelter"}));

  p = parse("abogado gratis juarez");
  EXPECT_EQ(p.place_name, "Ciudad Juárez, Chihuahua");
  EXPECT_EQ(p.query.text, "");
}

TEST_F(QueryParserTest, PlaceWithState) {
  ParsedQuery p = parse("Juárez, Chih.");
  EXPECT_EQ(p.place_name, "Ciudad Juárez, Chihuahua");
  EXPECT_EQ(p.query.text, "");
  p = parse("albergue en Cd. Juárez, Chihuahua");
  EXPECT_EQ(p.place_name, "Ciudad Juárez, Chihuahua");
  EXPECT_EQ(p.query.tags, (Tags{"service:shelter"}));
  EXPECT_EQ(p.query.text, "");
  p = parse("legal orientation in El Paso");
  EXPECT_EQ(p.place_name, "El Paso, Texas");
  EXPECT_EQ(p.query.tags, (Tags{"service:legal-orientation"}));
}

TEST_F(QueryParserTest, OtherScriptsAndLanguages) {
  ParsedQuery p = parse("وکیل");
  EXPECT_EQ(p.query.tags, (Tags{"service:legal"}));
  EXPECT_FALSE(p.place_name.has_value());
  EXPECT_EQ(p.query.text, "");
  p = parse("律师");
  EXPECT_EQ(p.query.tags, (Tags{"service:legal"}));
  EXPECT_EQ(p.query.text, "");
  p = parse("找免费律师");
  EXPECT_EQ(p.query.tags, (Tags{"free", "service:legal"}));
  p = parse("avocat gratuit à Tijuana");
  EXPECT_EQ(p.place_name, "Tijuana, Baja California");
  EXPECT_EQ(p.query.tags, (Tags{"service:legal", "free"}));
  p = parse("advogado em Tijuana");
  EXPECT_EQ(p.place_name, "Tijuana, Baja California");
  p = parse("бесплатный адвокат");
  EXPECT_EQ(p.query.tags, (Tags{"free", "service:legal"}));
  p = parse("ücretsiz avukat Tijuana'da");
  EXPECT_EQ(p.place_name, "Tijuana, Baja California");
  EXPECT_EQ(p.query.tags, (Tags{"free", "service:legal"}));
}

TEST_F(QueryParserTest, LongestPhraseFirst) {
  ParsedQuery p = parse("family reunification");
  EXPECT_EQ(p.query.tags, (Tags{"service:family-reunification"}));
  p = parse("visitas a detenidos");
  EXPECT_EQ(p.query.tags, (Tags{"service:detention-visitation"}));
  p = parse("detenidos");
  EXPECT_EQ(p.query.tags, (Tags{"population:detained-adults"}));
}

TEST_F(QueryParserTest, MisspelledPlaceStaysText) {
  const ParsedQuery p = parse("abogado juares");
  EXPECT_FALSE(p.place_name.has_value());
  EXPECT_FALSE(p.query.near.has_value());
  EXPECT_EQ(p.query.text, "juares");
  EXPECT_EQ(p.query.tags, (Tags{"service:legal"}));
}

TEST_F(QueryParserTest, SmallPlacesAndServiceWordsAreNotTakenForPlacesUnmarked) {
  ParsedQuery p = parse("ayuda sonoyta");
  EXPECT_FALSE(p.place_name.has_value());
  EXPECT_EQ(p.query.text, "ayuda sonoyta");
  p = parse("ayuda en Sonoyta");
  EXPECT_EQ(p.place_name, "Sonoyta, Sonora");
  p = parse("refugio");
  EXPECT_FALSE(p.place_name.has_value());
  EXPECT_EQ(p.query.tags, (Tags{"service:shelter"}));
  p = parse("help with papers");
  EXPECT_FALSE(p.place_name.has_value());
  EXPECT_EQ(p.query.text, "help with papers");
}

TEST_F(QueryParserTest, NearBoxAndPointWin) {
  ParsedQuery p = parse("abogado en Tijuana", "El Paso");
  EXPECT_EQ(p.place_name, "El Paso, Texas");
  EXPECT_EQ(p.query.text, "en tijuana");

  QueryInput in;
  in.q = "abogado en Tijuana";
  in.near = "El Paso";
  in.point = GeoPoint{31.0, -110.0};
  p = QueryParser(gazetteer_.get(), synonyms_.get()).parse(in);
  ASSERT_TRUE(p.query.near.has_value());
  EXPECT_DOUBLE_EQ(p.query.near->lat, 31.0);
  EXPECT_FALSE(p.place_name.has_value());

  p = parse("abogado", "Zzyzxqville");
  EXPECT_TRUE(p.place_unknown);
  EXPECT_FALSE(p.query.near.has_value());
}

TEST_F(QueryParserTest, PagingAndFormTags) {
  QueryInput in;
  in.q = "abogado";
  in.tags = {"language:es", "service:legal"};
  in.page = 3;
  in.per_page = 10;
  in.radius_km = 25;
  QueryParser parser(gazetteer_.get(), synonyms_.get());
  ParsedQuery p = parser.parse(in);
  EXPECT_EQ(p.query.offset, 20u);
  EXPECT_EQ(p.query.limit, 10u);
  EXPECT_EQ(p.query.radius_km, 25);
  EXPECT_EQ(p.query.tags, (Tags{"language:es", "service:legal"}));
  in.page = 0;
  in.per_page = 500;
  p = parser.parse(in);
  EXPECT_EQ(p.query.offset, 0u);
  EXPECT_EQ(p.query.limit, 50u);
  in.page = static_cast<std::size_t>(-1);
  in.per_page = 0;
  p = parser.parse(in);
  EXPECT_EQ(p.query.limit, 20u);
  EXPECT_EQ(p.query.offset, (10000u - 1) * 20u);
}

TEST_F(QueryParserTest, WorksWithoutGazetteerOrSynonyms) {
  QueryInput in;
  in.q = "abogado en Tijuana";
  ParsedQuery p = QueryParser(nullptr, nullptr).parse(in);
  EXPECT_FALSE(p.place_name.has_value());
  EXPECT_EQ(p.query.text, "abogado en tijuana");
  in.near = "Tijuana";
  p = QueryParser(nullptr, nullptr).parse(in);
  EXPECT_TRUE(p.place_unknown);
}

TEST_F(QueryParserTest, HostileInputNeverCrashes) {
  std::string with_nul("abogado\0en\0Tijuana", 18);
  const std::vector<std::string> hostile = {
      std::string(10 * 1024, 'a'),
      std::string(10 * 1024, '\xC3'),
      "\xF0\x9F\x98 abogado \xFF",
      with_nul,
      "\u200Fوکیل\u200E \u202Eabogado\u202C",
      "'; DROP TABLE organizations; --",
      "en en en en en en en en en en en en en en en en en en en",
      "near near 00000 near",
      std::string(300, ' ') + "Tijuana",
  };
  for (const std::string& q : hostile) {
    const ParsedQuery p = parse(q, "");
    EXPECT_LE(p.query.text.size(), 256u) << q.substr(0, 40);
    (void)parse(q, q);
  }
  EXPECT_EQ(parse(with_nul).place_name, "Tijuana, Baja California");
  EXPECT_EQ(parse("\u200Fوکیل\u200E").query.tags, (Tags{"service:legal"}));
  EXPECT_FALSE(parse(std::string(300, ' ') + "Tijuana").place_name.has_value());
}

// From what a person types to the documents found.
TEST_F(QueryParserTest, ParsedQueriesFindTheRightDocuments) {
  std::vector<SearchDoc> docs = {
      doc_at("Al Otro Lado", kTijuana), doc_at("Casa del Migrante", kTijuana),
      doc_at("Las Americas", kCiudadJuarez), doc_at("Pro bono clinic", kSanDiego)};
  docs[0].tags = {"service:legal", "free"};
  docs[1].tags = {"service:shelter"};
  docs[2].tags = {"service:legal", "free"};
  docs[3].tags = {"service:legal"};
  docs[2].places = "Ciudad Juárez, El Paso";
  const auto index = SearchIndex::build(docs);
  EXPECT_EQ(docs_of(index->search(parse("abogado gratis en Tijuana").query)), (Docs{0}));
  EXPECT_EQ(docs_of(index->search(parse("lawyer Tijuana").query)), (Docs{0, 3}));
  EXPECT_EQ(docs_of(index->search(parse("albergue Tijuana").query)), (Docs{1}));
  EXPECT_EQ(docs_of(index->search(parse("abogado juares").query)), (Docs{2}));
  EXPECT_EQ(docs_of(index->search(parse("وکیل مجاني").query)), (Docs{0, 2}));
}

}  // namespace
}  // namespace amparo::directory
