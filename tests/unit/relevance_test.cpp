// Relevance on the bundled directory: what a person types, and who must come first. The directory
// is built from data/ exactly as a new database is, then searched through the query parser and the
// index, as the help page does.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "directory/bundle.h"
#include "directory/gazetteer.h"
#include "directory/listing.h"
#include "directory/search.h"

namespace amparo::directory {
namespace {

class RelevanceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string data = std::string(AMPARO_SOURCE_DIR) + "/data";
    auto bundle = load_bundle(data);
    ASSERT_TRUE(bundle.ok()) << bundle.error().to_string();
    auto gazetteer = Gazetteer::load(data);
    ASSERT_TRUE(gazetteer.ok()) << gazetteer.error().to_string();
    gazetteer_ = new Gazetteer(std::move(*gazetteer));
    auto synonyms = Synonyms::load(data);
    ASSERT_TRUE(synonyms.ok()) << synonyms.error().to_string();
    synonyms_ = new Synonyms(std::move(*synonyms));
    directory_ = new std::shared_ptr<const Directory>(
        Directory::build(std::move(bundle->records), gazetteer_));
    index_ =
        new std::shared_ptr<const SearchIndex>(SearchIndex::build((*directory_)->search_docs()));
  }
  static void TearDownTestSuite() {
    delete index_;
    delete directory_;
    delete synonyms_;
    delete gazetteer_;
  }

  struct Found {
    ParsedQuery parsed;
    SearchResult result;
    std::vector<std::string> names;  // of the hits, best first
    const Listing& listing(std::size_t i) const {
      return (*directory_)->listings()[result.hits[i].doc];
    }
  };

  static Found search(std::string_view q, std::string_view near = "",
                      std::vector<std::string> tags = {}, std::size_t per_page = 20) {
    QueryInput in;
    in.q = q;
    in.near = near;
    in.tags = std::move(tags);
    in.per_page = per_page;
    Found f;
    f.result =
        parse_and_search(QueryParser(gazetteer_, synonyms_), **index_, gazetteer_, in, f.parsed);
    for (const auto& h : f.result.hits) f.names.push_back((*directory_)->listings()[h.doc].name);
    return f;
  }

  // Whether a hit among the first `n` has a name containing `part`.
  static bool in_top(const Found& f, std::string_view part, std::size_t n) {
    for (std::size_t i = 0; i < f.names.size() && i < n; ++i) {
      if (f.names[i].find(part) != std::string::npos) return true;
    }
    return false;
  }

  static std::string show(const Found& f) {
    std::string s = "total " + std::to_string(f.result.total) + ":";
    for (std::size_t i = 0; i < f.names.size() && i < 8; ++i) s += " [" + f.names[i] + "]";
    return s;
  }

  static Gazetteer* gazetteer_;
  static Synonyms* synonyms_;
  static std::shared_ptr<const Directory>* directory_;
  static std::shared_ptr<const SearchIndex>* index_;
};

Gazetteer* RelevanceTest::gazetteer_ = nullptr;
Synonyms* RelevanceTest::synonyms_ = nullptr;
std::shared_ptr<const Directory>* RelevanceTest::directory_ = nullptr;
std::shared_ptr<const SearchIndex>* RelevanceTest::index_ = nullptr;

// ---- By facility: who helps people held there (named, or through the court that hears them) ----

struct FacilityCase {
  const char* code;
  const char* expected;  // part of an organization's name
};

class ByFacility : public RelevanceTest, public ::testing::WithParamInterface<FacilityCase> {};

TEST_P(ByFacility, ServingOrganizationIsListed) {
  const auto& c = GetParam();
  const auto f = search("", "", {std::string("facility:") + c.code}, 50);
  EXPECT_TRUE(in_top(f, c.expected, 50)) << c.code << " " << show(f);
}

INSTANTIATE_TEST_SUITE_P(
    Facilities, ByFacility,
    ::testing::Values(FacilityCase{"EAZ", "Florence Immigrant and Refugee Rights Project"},
                      FacilityCase{"OTRPCNM", "Las Americas Immigrant Advocacy Center"},
                      FacilityCase{"OTRPCNM", "New Mexico Immigrant Law Center"},
                      FacilityCase{"CCASDCA", "Casa Cornelia Law Center"},
                      FacilityCase{"PIC", "ProBAR"}, FacilityCase{"STCDFTX", "American Gateways"},
                      FacilityCase{"KRO", "Americans for Immigrant Justice"},
                      FacilityCase{"ADLNTCA", "Esperanza Immigrant Rights Project"},
                      FacilityCase{"STWRTGA", "Amica Center for Immigrant Rights"},
                      FacilityCase{"CSCNWWA", "Northwest Immigrant Rights Project"},
                      FacilityCase{"EPC", "Estrella del Paso"}, FacilityCase{"MTGPCTX", "RAICES"}));

TEST_F(RelevanceTest, FacilityFilterKeepsOnlyThoseWhoServeIt) {
  const auto f = search("", "", {"facility:EAZ"}, 50);
  ASSERT_GT(f.result.total, 0u);
  for (std::size_t i = 0; i < f.result.hits.size(); ++i) {
    const auto& served = f.listing(i).facilities;
    EXPECT_TRUE(std::any_of(served.begin(), served.end(), [](const Served& s) {
      return s.key == "EAZ";
    })) << f.names[i];
  }
}

TEST_F(RelevanceTest, CourtNameAsText) {
  const auto f = search("Otero Immigration Court");
  EXPECT_TRUE(in_top(f, "Las Americas Immigrant Advocacy Center", 10)) << show(f);
}

// ---- By place: US cities, ZIP codes, Mexican cities ----

struct PlaceCase {
  const char* q;
  const char* near;
  const char* expected;
  std::size_t within;
};

class ByPlace : public RelevanceTest, public ::testing::WithParamInterface<PlaceCase> {};

TEST_P(ByPlace, NearbyOrganizationComesFirst) {
  const auto& c = GetParam();
  const auto f = search(c.q, c.near);
  EXPECT_TRUE(f.parsed.query.near.has_value()) << c.q << " / " << c.near;
  EXPECT_TRUE(in_top(f, c.expected, c.within)) << c.q << " / " << c.near << " " << show(f);
  // Sorted by distance when nothing else differs: the first hit is within the radius.
  ASSERT_FALSE(f.result.hits.empty());
  if (f.result.hits[0].distance_km) {
    EXPECT_LE(*f.result.hits[0].distance_km, 100.0);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Places, ByPlace,
    ::testing::Values(PlaceCase{"", "El Paso", "Las Americas Immigrant Advocacy Center", 10},
                      PlaceCase{"lawyer", "El Paso, TX", "Estrella del Paso", 10},
                      PlaceCase{"", "79901", "Las Americas Immigrant Advocacy Center", 10},
                      PlaceCase{"abogado en El Paso", "", "Las Americas", 10},
                      PlaceCase{"", "Tucson", "Catholic Community Services of Southern Arizona", 5},
                      PlaceCase{"legal help near 85701", "", "Arizona Justice For Our Neighbors",
                                5},
                      PlaceCase{"", "Phoenix, AZ", "Florence", 10},
                      PlaceCase{"", "San Diego", "Casa Cornelia", 20},
                      PlaceCase{"", "92101", "Jewish Family Service of San Diego", 20},
                      PlaceCase{"", "Houston", "Galveston-Houston Immigrant Representation", 20},
                      PlaceCase{"", "Harlingen", "ProBAR", 10},
                      PlaceCase{"", "Tijuana", "Casa del Migrante en Tijuana", 10},
                      PlaceCase{"albergue en Tijuana", "", "Tijuana", 20},
                      PlaceCase{"", "Nogales, Sonora", "Kino Border Initiative", 10},
                      PlaceCase{"", "Cd. Juárez", "Juárez", 20},
                      PlaceCase{"", "Mexicali", "Mexicali", 20},
                      PlaceCase{"", "Piedras Negras, Coahuila", "Piedras Negras", 20}));

TEST_F(RelevanceTest, ResultsNearAPlaceAreSortedByDistance) {
  const auto f = search("", "El Paso");
  ASSERT_GE(f.result.hits.size(), 3u);
  // Freshness may put a newer source first; within one source the order is by distance.
  std::map<std::string, double> last;
  for (std::size_t i = 0; i < f.result.hits.size(); ++i) {
    const auto& h = f.result.hits[i];
    if (!h.distance_km) continue;
    double& before = last[f.listing(i).provenance.dataset];
    EXPECT_GE(*h.distance_km + 1e-9, before) << f.names[i];
    before = *h.distance_km;
  }
}

// ---- By language spoken ----

TEST_F(RelevanceTest, LanguageFilterHaitianCreole) {
  const auto f = search("", "", {"language:ht"});
  ASSERT_GT(f.result.total, 0u) << show(f);
  for (std::size_t i = 0; i < f.result.hits.size(); ++i) {
    const auto& langs = f.listing(i).languages;
    EXPECT_NE(std::find(langs.begin(), langs.end(), "ht"), langs.end()) << f.names[i];
  }
}

TEST_F(RelevanceTest, LanguageFilterPashtoAndDari) {
  EXPECT_GT(search("", "", {"language:ps"}).result.total, 0u);
  EXPECT_GT(search("", "", {"language:prs"}).result.total, 0u);
}

TEST_F(RelevanceTest, LanguageNameAsText) {
  const auto f = search("French");
  EXPECT_TRUE(in_top(f, "Human Rights First", 20)) << show(f);
}

// ---- Typos ----

struct TypoCase {
  const char* q;
  const char* expected;
};

class Typos : public RelevanceTest, public ::testing::WithParamInterface<TypoCase> {};

TEST_P(Typos, StillFound) {
  const auto f = search(GetParam().q);
  EXPECT_TRUE(in_top(f, GetParam().expected, 5)) << GetParam().q << " " << show(f);
}

INSTANTIATE_TEST_SUITE_P(Typos, Typos,
                         ::testing::Values(TypoCase{"florense", "Florence"},
                                           TypoCase{"Florence Imigrant", "Florence Immigrant"},
                                           TypoCase{"anunciation house", "Annunciation House"},
                                           TypoCase{"kino bordr initiative",
                                                    "Kino Border Initiative"},
                                           TypoCase{"las americsa", "Las Americas"},
                                           TypoCase{"Esperansa", "Esperanza"}));

TEST_F(RelevanceTest, PrefixWhileTyping) {
  const auto f = search("annunc");
  EXPECT_TRUE(in_top(f, "Annunciation House", 5)) << show(f);
}

TEST_F(RelevanceTest, AbogadoGratisJuaresFindsFreeLegalHelpInJuarez) {
  const auto f = search("abogado gratis juares");
  EXPECT_GT(f.result.total, 0u) << show(f);
  for (std::size_t i = 0; i < f.result.hits.size(); ++i) {
    const auto& l = f.listing(i);
    EXPECT_NE(std::find(l.service_types.begin(), l.service_types.end(), "legal"),
              l.service_types.end())
        << f.names[i];
  }
}

// ---- Each language's word for "lawyer": legal help, and only legal help ----

class LawyerWord : public RelevanceTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(LawyerWord, MeansLegalHelp) {
  const auto f = search(GetParam());
  const auto& tags = f.parsed.understood_tags;
  EXPECT_NE(std::find(tags.begin(), tags.end(), "service:legal"), tags.end()) << GetParam();
  EXPECT_GT(f.result.total, 100u) << GetParam() << " " << show(f);
  for (std::size_t i = 0; i < f.result.hits.size(); ++i) {
    const auto& st = f.listing(i).service_types;
    EXPECT_NE(std::find(st.begin(), st.end(), "legal"), st.end()) << f.names[i];
  }
}

INSTANTIATE_TEST_SUITE_P(Words, LawyerWord,
                         ::testing::Values("lawyer", "abogado", "avoka", "advogado", "avocat",
                                           "وکیل", "محامي", "адвокат", "律师", "avukat"));

// ---- Each language's word for "shelter" ----

class ShelterWord : public RelevanceTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(ShelterWord, MeansShelter) {
  const auto f = search(GetParam());
  const auto& tags = f.parsed.understood_tags;
  EXPECT_NE(std::find(tags.begin(), tags.end(), "service:shelter"), tags.end()) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Words, ShelterWord,
                         ::testing::Values("shelter", "albergue", "abri", "abrigo", "refugio",
                                           "پناهگاه", "ملجأ", "приют", "庇护所", "sığınak"));

// ---- Filters and paging ----

TEST_F(RelevanceTest, PagingCoversEveryResultOnce) {
  QueryInput in;
  in.tags = {"service:legal"};
  const QueryParser parser(gazetteer_, synonyms_);
  auto first = parser.parse(in);
  const auto all = (*index_)->search(first.query);
  ASSERT_GT(all.total, 40u);
  std::vector<std::uint32_t> seen;
  for (std::size_t page = 1; page <= 3; ++page) {
    in.page = page;
    const auto r = (*index_)->search(parser.parse(in).query);
    EXPECT_EQ(r.total, all.total);
    for (const auto& h : r.hits) seen.push_back(h.doc);
  }
  EXPECT_EQ(seen.size(), 60u);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());
}

TEST_F(RelevanceTest, FreeAndRecognizedFilters) {
  const auto free = search("", "", {"free"});
  ASSERT_GT(free.result.total, 0u);
  for (std::size_t i = 0; i < free.result.hits.size(); ++i) EXPECT_TRUE(free.listing(i).free);
  const auto rec = search("", "", {"recognized"});
  ASSERT_GT(rec.result.total, 0u);
  for (std::size_t i = 0; i < rec.result.hits.size(); ++i) {
    EXPECT_TRUE(rec.listing(i).recognized);
  }
}

TEST_F(RelevanceTest, HostileQueriesGiveAResultNotACrash) {
  const std::string big(10 * 1024, 'x');
  for (const std::string& q :
       {big, std::string("\xff\xfe\x00", 3), std::string("'; DROP TABLE x;--"),
        std::string("\u200f\u0645\u062d\u0627\u0645\u064a\u200e"), std::string("%00"),
        std::string("     ")}) {
    const auto f = search(q);
    EXPECT_LE(f.result.hits.size(), 20u);
  }
}

}  // namespace
}  // namespace amparo::directory
