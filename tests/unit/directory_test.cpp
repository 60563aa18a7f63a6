#include <gtest/gtest.h>

#include <algorithm>

#include "directory/bundle.h"
#include "directory/csv.h"

namespace amparo::directory {
namespace {

TEST(CsvTest, ParsesQuotedFieldsDoubledQuotesAndNewlines) {
  auto r = parse_csv("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n,,\n", "t.csv");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[1].fields, (std::vector<std::string>{"x, y", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ((*r)[1].line, 2);
  EXPECT_EQ((*r)[2].line, 4);
  EXPECT_EQ((*r)[2].fields, (std::vector<std::string>{"", "", ""}));
}

TEST(CsvTest, SkipsByteOrderMarkAndBlankLines) {
  auto r = parse_csv("\xEF\xBB\xBFname\n\nTijuana\n", "t.csv");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].fields[0], "name");
  EXPECT_EQ((*r)[1].fields[0], "Tijuana");
  EXPECT_EQ((*r)[1].line, 3);
}

TEST(CsvTest, UnterminatedQuoteNamesFileAndLine) {
  auto r = parse_csv("a,b\n1,\"open\n2,3\n", "orgs.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().file, "orgs.csv");
  EXPECT_EQ(r.error().line, 2);
}

TEST(CsvTest, StrayQuoteNamesColumn) {
  auto r = parse_csv("a,b\n1,ab\"c\n", "orgs.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().line, 2);
  EXPECT_EQ(r.error().field, "column 2");
}

TEST(CsvTableTest, MissingRequiredColumnIsNamed) {
  auto recs = parse_csv("code,name\nX,Y\n", "f.csv");
  ASSERT_TRUE(recs.ok());
  auto t = CsvTable::from(std::move(*recs), "f.csv", {"code", "latitude"});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().field, "latitude");
}

TEST(BundleTest, LoadsBundledDetentionFacilitiesWithProvenance) {
  auto b = load_bundle(std::string(AMPARO_SOURCE_DIR) + "/data");
  ASSERT_TRUE(b.ok()) << b.error().to_string();
  // 844 rows in the published list; two have no facility code and are reported, not guessed.
  std::vector<store::Location> locs;
  for (const auto& l : b->records.locations) {
    if (l.external_identifier_type == "ice_facility_code") locs.push_back(l);
  }
  EXPECT_EQ(locs.size(), 842u);
  const auto no_code = std::count_if(b->skipped.begin(), b->skipped.end(), [](const Error& e) {
    return e.field == "detention_facility_code" && e.file.ends_with("ddp_facilities.csv");
  });
  EXPECT_EQ(no_code, 2);
  auto eloy = std::find_if(locs.begin(), locs.end(), [](const store::Location& l) {
    return l.external_identifier == "IWAHOLD";
  });
  ASSERT_NE(eloy, locs.end());
  EXPECT_EQ(eloy->id, facility_location_id("IWAHOLD"));
  EXPECT_EQ(eloy->external_identifier_type, "ice_facility_code");
  ASSERT_TRUE(eloy->latitude.has_value());
  EXPECT_NEAR(*eloy->latitude, 33.303, 0.001);
  EXPECT_EQ(eloy->provenance.source_date, "2026-05-27");
  EXPECT_FALSE(eloy->provenance.dataset.empty());
  const auto with_coords = std::count_if(
      locs.begin(), locs.end(), [](const store::Location& l) { return l.latitude.has_value(); });
  EXPECT_EQ(with_coords, 707);
}

TEST(BundleTest, SplitsStreetAndZipFromTheFullAddress) {
  auto b = load_bundle(std::string(AMPARO_SOURCE_DIR) + "/data");
  ASSERT_TRUE(b.ok());
  const auto& addrs = b->records.addresses;
  auto a = std::find_if(addrs.begin(), addrs.end(), [](const store::Address& x) {
    return x.location_id == facility_location_id("IWAHOLD");
  });
  ASSERT_NE(a, addrs.end());
  EXPECT_EQ(a->address_1, "6335 South Downwind, Suite 104");
  EXPECT_EQ(a->city, "Mesa");
  EXPECT_EQ(a->state_province, "AZ");
  EXPECT_EQ(a->postal_code, "85212");
  EXPECT_EQ(a->country, "US");
}

TEST(BundleTest, BundlesTheEoirListsWithEveryPhoneTraceable) {
  auto b = load_bundle(std::string(AMPARO_SOURCE_DIR) + "/data");
  ASSERT_TRUE(b.ok()) << b.error().to_string();
  // 132 pro bono providers and 851 DOJ-recognized organizations (counts checked in eoir_test).
  EXPECT_EQ(b->records.organizations.size(), 132u + 851u);
  EXPECT_EQ(b->records.phones.size(), 157u + 804u);
  for (const auto& p : b->records.phones) {
    EXPECT_FALSE(p.provenance.dataset.empty()) << p.id;
    EXPECT_FALSE(p.provenance.source_row.empty()) << p.id;
  }
  EXPECT_EQ(b->files.size(), 4u);
}

TEST(BundleTest, LinksDetentionFacilitiesToTheCourtThatHearsThem) {
  auto b = load_bundle(std::string(AMPARO_SOURCE_DIR) + "/data");
  ASSERT_TRUE(b.ok()) << b.error().to_string();
  auto court_of = [&](std::string_view code) -> std::string {
    for (const auto& a : b->records.attributes) {
      if (a.taxonomy_term_id == "amparo-immigration-court" &&
          a.link_id == facility_location_id(code)) {
        return a.value;
      }
    }
    return "";
  };
  // The examples of the issue: Eloy, Otay Mesa, Otero, El Paso SPC, Port Isabel, South Texas
  // (Pearsall), Montgomery (Conroe), Northwest (Tacoma).
  EXPECT_EQ(court_of("EAZ"), "Eloy Immigration Court");
  EXPECT_EQ(court_of("CCASDCA"), "Otay Mesa Immigration Court");
  EXPECT_EQ(court_of("OTRPCNM"), "Otero Immigration Court");
  EXPECT_EQ(court_of("EPC"), "El Paso Detained Immigration Court");
  EXPECT_EQ(court_of("PIC"), "Port Isabel Immigration Court");
  EXPECT_EQ(court_of("STCDFTX"), "Pearsall Immigration Court");
  EXPECT_EQ(court_of("MTGPCTX"), "Conroe Immigration Court");
  EXPECT_EQ(court_of("CSCNWWA"), "Tacoma Immigration Court");
}

TEST(BundleTest, MissingDataFolderIsAnError) {
  auto b = load_bundle("/nonexistent/amparo-data");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace amparo::directory
