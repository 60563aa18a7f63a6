#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "directory/bundle.h"
#include "directory/csv.h"
#include "directory/import.h"

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
  // 132 pro bono providers and 851 DOJ-recognized organizations (counts checked in eoir_test);
  // the pro bono phones include the ABA hotline's detention speed dial 2150#.
  // and 195 organizations (90 phones) of the 2018 border list (BorderOrgs2018Test).
  EXPECT_EQ(b->records.organizations.size(), 132u + 851u + 195u);
  EXPECT_EQ(b->records.phones.size(), 158u + 804u + 90u);
  for (const auto& p : b->records.phones) {
    EXPECT_FALSE(p.provenance.dataset.empty()) << p.id;
    EXPECT_FALSE(p.provenance.source_row.empty()) << p.id;
  }
  EXPECT_EQ(b->files.size(), 5u);
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

const store::Attribute* recognition_of(const store::Records& r, const std::string& org_id) {
  for (const auto& a : r.attributes) {
    if (a.taxonomy_term_id == "amparo-doj-recognized" && a.link_id == org_id) return &a;
  }
  return nullptr;
}

TEST(BundleTest, ProBonoProvidersGetTheRecognitionOfTheRosterEntryWithTheirNameAndCity) {
  auto b = load_bundle(std::string(AMPARO_SOURCE_DIR) + "/data");
  ASSERT_TRUE(b.ok()) << b.error().to_string();
  const auto& r = b->records;
  const auto matched = std::count_if(r.attributes.begin(), r.attributes.end(), [](const auto& a) {
    return a.taxonomy_term_id == "amparo-doj-recognized" && a.link_id.starts_with("eoir-org-");
  });
  // Of the 132 pro bono providers, 37 are one roster entry by name and city; 95 are none (no
  // provider is several).
  EXPECT_EQ(matched, 37);
  EXPECT_EQ(b->unmatched_recognition.size(), 95u);
  EXPECT_EQ(static_cast<std::size_t>(matched) + b->unmatched_recognition.size(), 132u);
  // Human Rights First (pro bono rows, New York office) is roster row 375, New York.
  const auto* roster = recognition_of(r, "eoir-recognized-human-rights-first-new-york");
  ASSERT_NE(roster, nullptr);
  const auto* matched_hrf = recognition_of(r, "eoir-org-human-rights-first");
  ASSERT_NE(matched_hrf, nullptr);
  EXPECT_EQ(matched_hrf->id, "eoir-org-human-rights-first-doj-recognized");
  EXPECT_EQ(matched_hrf->link_entity, "organization");
  EXPECT_EQ(matched_hrf->value, roster->value);
  EXPECT_EQ(matched_hrf->label,
            "recognized 2012-06-20 until 2026-08-14 (renewal pending); matched by name and city to "
            "roster row 375");
  // The roster's own organization stays, listed in its own right.
  EXPECT_TRUE(std::any_of(r.organizations.begin(), r.organizations.end(), [](const auto& o) {
    return o.id == "eoir-recognized-human-rights-first-new-york";
  }));
  // Same name in another city is not a match; the report says where the roster has the name.
  EXPECT_NE(std::find(b->unmatched_recognition.begin(), b->unmatched_recognition.end(),
                      "Connecticut Institute for Refugees and Immigrants (Hartford): no roster "
                      "entry with this name and city (the roster has this name in Bridgeport)"),
            b->unmatched_recognition.end());
  EXPECT_EQ(recognition_of(r, "eoir-org-connecticut-institute-for-refugees-and-immigrants"),
            nullptr);
}

// A data folder with the bundled facility files and the given EOIR files.
std::string fixture_data_dir(const std::string& name, const std::string& pro_bono,
                             const std::string& roster) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(testing::TempDir()) / "directory_test" / name;
  fs::create_directories(dir / "facilities");
  fs::create_directories(dir / "eoir");
  fs::create_directories(dir / "border-orgs-2018");
  for (const char* f : {"ddp_facilities.csv", "facility_courts.csv"}) {
    fs::copy_file(fs::path(AMPARO_SOURCE_DIR) / "data/facilities" / f, dir / "facilities" / f,
                  fs::copy_options::overwrite_existing);
  }
  fs::copy_file(fs::path(AMPARO_SOURCE_DIR) / "data/border-orgs-2018/allies-geolocated.csv",
                dir / "border-orgs-2018/allies-geolocated.csv",
                fs::copy_options::overwrite_existing);
  std::ofstream(dir / "eoir/pro-bono-representation-2026-09-10.json", std::ios::binary) << pro_bono;
  std::ofstream(dir / "eoir/legal-aid-orgs-2026-09-19.json", std::ios::binary) << roster;
  return dir.string();
}

std::string pro_bono_row(const std::string& name, const std::string& street, const std::string& csz,
                         const std::string& phone) {
  return "{\"organizationName\":\"" + name + "\",\"isReferralService\":false,\"streetAddress\":\"" +
         street + "\",\"cityStateZip\":\"" + csz + "\",\"phone\":\"" + phone +
         "\",\"email\":null,\"website\":null,\"languages\":null,\"caseTypeLimits\":null,"
         "\"intakePolicy\":null,\"state\":\"TX\",\"immigrationCourt\":\"Houston Immigration "
         "Court\",\"pageNumber\":1}";
}

std::string roster_row(const std::string& name, const std::string& csz) {
  return "{\"organization_name\":\"" + name +
         "\",\"organization_status\":\"Active\",\"organization_recognized_date\":\"01/02/24\","
         "\"organization_recognition_expiration\":\"01/02/30\","
         "\"organization_recognition_pending_renewal\":false,\"office_type\":\"Principal "
         "Office\",\"street_address\":\"1 Main Street\",\"city_state_zip\":\"" +
         csz + "\",\"phone\":null,\"state\":\"TX\"}";
}

TEST(BundleTest, RecognitionMatchIgnoresCaseAccentsPunctuationAndLegalFormButNotCity) {
  const std::string pro_bono =
      "[" +
      pro_bono_row("Acme Immigrant Services", "10 Elm Street", "Austin, TX 78701",
                   "(512) 555-0100") +
      "," +
      pro_bono_row("Two Offices Legal", "20 Elm Street", "Dallas, TX 75201", "(214) 555-0100") +
      "," +
      pro_bono_row("Two Offices Legal", "30 Oak Street", "Austin, TX 78702", "(214) 555-0100") +
      "," +
      pro_bono_row("Other City Legal", "40 Elm Street", "Houston, TX 77002", "(713) 555-0100") +
      "]";
  const std::string roster = "[" + roster_row("ACME Inmigrant-Services, Inc.", "Austin, TX 78701") +
                             "," + roster_row("ACMÉ Immigrant Services, Inc.", "Austin, TX 78701") +
                             "," + roster_row("Two Offices Legal", "Dallas, TX 75201") + "," +
                             roster_row("Two Offices Legal", "Austin, TX 78702") + "," +
                             roster_row("Other City Legal", "El Paso, TX 79901") + "]";
  auto b = load_bundle(fixture_data_dir("recognition-match", pro_bono, roster));
  ASSERT_TRUE(b.ok()) << b.error().to_string();
  // "ACME Inmigrant-Services" is another name (one letter differs): never guessed.
  const auto* acme = recognition_of(b->records, "eoir-org-acme-immigrant-services");
  ASSERT_NE(acme, nullptr);
  EXPECT_EQ(acme->value, "Active");
  EXPECT_EQ(acme->label,
            "recognized 2024-01-02 until 2030-01-02; matched by name and city to roster row 2");
  EXPECT_EQ(recognition_of(b->records, "eoir-org-two-offices-legal"), nullptr);
  EXPECT_EQ(recognition_of(b->records, "eoir-org-other-city-legal"), nullptr);
  EXPECT_EQ(b->unmatched_recognition,
            (std::vector<std::string>{
                "Two Offices Legal (Dallas, Austin): several roster entries with this name and "
                "city: rows 3, 4",
                "Other City Legal (Houston): no roster entry with this name and city (the roster "
                "has this name in El Paso)"}));
}

TEST(BundleTest, MissingDataFolderIsAnError) {
  auto b = load_bundle("/nonexistent/amparo-data");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code, ErrorCode::kNotFound);
}

// The Torn Apart / Separados allies list (2018): 196 rows.
const std::string kBorderCsv =
    std::string(AMPARO_SOURCE_DIR) + "/data/border-orgs-2018/allies-geolocated.csv";

TEST(BorderOrgs2018Test, ImportsTheRealListAndMarksItAs2018) {
  auto r = import_border_orgs_2018(kBorderCsv);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  // 196 rows; line 155 repeats line 154 (same name and city) and is left out.
  EXPECT_EQ(r->records.organizations.size(), 195u);
  // 87 numbers read as published, 3 more whose 10 digits were only laid out differently
  // ("(915)8428400"); 3 Mexican numbers written with the country code 52.
  EXPECT_EQ(r->records.phones.size(), 90u);
  // 113 Mexican numbers without the country code, 2 pieces that are not numbers, 1 repeated row.
  EXPECT_EQ(r->rejected.size(), 116u);
  EXPECT_EQ(r->records.services.size(), 11u);
  for (const auto& o : r->records.organizations) {
    EXPECT_EQ(o.provenance.dataset, "Torn Apart / Separados, allies list (2018)") << o.id;
    EXPECT_EQ(o.provenance.source_date, "2018-09-10") << o.id;
    EXPECT_TRUE(o.provenance.source_row.starts_with("line ")) << o.id;
    EXPECT_EQ(o.description, "Listed in 2018 by Torn Apart / Separados; may be out of date.");
  }
  for (const auto& p : r->records.phones) {
    EXPECT_EQ(p.provenance.source_date, "2018-09-10") << p.id;
    EXPECT_FALSE(p.provenance.source_row.empty()) << p.id;
  }
  const auto mx = std::count_if(r->records.phones.begin(), r->records.phones.end(),
                                [](const store::Phone& p) { return p.number.starts_with("+52 "); });
  EXPECT_EQ(mx, 3);
}

TEST(BorderOrgs2018Test, FlorenceProjectRowKeepsAddressPhoneAndFacilitiesAsWritten) {
  auto r = import_border_orgs_2018(kBorderCsv);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const auto& rec = r->records;
  const std::string id = "border-2018-the-florence-immigrant-refugee-rights-project-firrp-phoenix";
  auto org = std::find_if(rec.organizations.begin(), rec.organizations.end(),
                          [&](const store::Organization& o) { return o.id == id; });
  ASSERT_NE(org, rec.organizations.end());
  EXPECT_EQ(org->name, "The Florence Immigrant & Refugee Rights Project (FIRRP)");
  EXPECT_EQ(org->email, "firrp@firrp.org");
  EXPECT_EQ(org->website, "https://firrp.org/");
  EXPECT_EQ(org->provenance.source_row, "line 2");
  auto addr =
      std::find_if(rec.addresses.begin(), rec.addresses.end(),
                   [&](const store::Address& a) { return a.location_id == id + "-location"; });
  ASSERT_NE(addr, rec.addresses.end());
  EXPECT_EQ(addr->address_1, "202 E McDowell Rd # 250");
  EXPECT_EQ(addr->city, "Phoenix");
  EXPECT_EQ(addr->state_province, "Arizona");
  EXPECT_EQ(addr->postal_code, "85004");
  EXPECT_EQ(addr->country, "US");
  auto phone = std::find_if(rec.phones.begin(), rec.phones.end(),
                            [&](const store::Phone& p) { return p.organization_id == id; });
  ASSERT_NE(phone, rec.phones.end());
  EXPECT_EQ(phone->number, "(520) 868-0191");
  EXPECT_EQ(phone->provenance.source_row, "line 2");
  EXPECT_EQ(phone->provenance.source_date, "2018-09-10");
  std::vector<std::string> areas;
  for (const auto& a : rec.service_areas) {
    if (a.service_id == id + "-service") areas.push_back(a.name + " | " + a.uri);
  }
  EXPECT_EQ(areas, (std::vector<std::string>{
                       "Eloy Detention Center | urn:facility-name:Eloy Detention Center",
                       "Central Arizona Detention Facility | urn:facility-name:Central Arizona "
                       "Detention Facility",
                       "Florence Correctional Center | urn:facility-name:Florence Correctional "
                       "Center",
                       "Florence Service Processing Center | urn:facility-name:Florence Service "
                       "Processing Center"}));
  auto service = std::find_if(rec.services.begin(), rec.services.end(),
                              [&](const store::Service& s) { return s.id == id + "-service"; });
  ASSERT_NE(service, rec.services.end());
  EXPECT_EQ(service->name, "Services listed in 2018");
}

TEST(BorderOrgs2018Test, IncompletePhonesAreRejectedNotKept) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(testing::TempDir()) / "directory_test" / "border-phones";
  fs::create_directories(dir);
  const fs::path file = dir / "allies.csv";
  std::ofstream(file, std::ios::binary)
      << ",Latitude,Longitude,Name,City,State,Country,Address,Phone,Email,Website,Notes,\n"
         ",,,Short Number Aid,El Paso,Texas,United States,,(915) 544-51,,,,\n"
         ",,,Casa Sin Lada,Tijuana,Baja California,México,,(664) 6825180,,,,\n"
         ",,,Casa Con Lada,Tijuana,Baja California,México,,+52 664 682 5180,,,,\n";
  auto r = import_border_orgs_2018(file.string());
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->records.organizations.size(), 3u);
  ASSERT_EQ(r->records.phones.size(), 1u);
  EXPECT_EQ(r->records.phones[0].number, "+52 6646825180");
  EXPECT_EQ(r->records.phones[0].provenance.source_row, "line 4");
  ASSERT_EQ(r->rejected.size(), 2u);
  EXPECT_EQ(r->rejected[0].row, 2);
  EXPECT_EQ(r->rejected[0].field, "Phone");
  EXPECT_NE(r->rejected[0].reason.find("(915) 544-51"), std::string::npos);
  EXPECT_EQ(r->rejected[1].row, 3);
}

TEST(BorderOrgs2018Test, BundleLinksTheSameOrganizationInTheEoirListAndKeepsBoth) {
  auto b = load_bundle(std::string(AMPARO_SOURCE_DIR) + "/data");
  ASSERT_TRUE(b.ok()) << b.error().to_string();
  EXPECT_EQ(b->border_2018_linked, 12u);
  std::size_t links = 0;
  for (const auto& a : b->records.attributes) {
    if (a.taxonomy_term_id != "amparo-same-as") continue;
    ++links;
    EXPECT_TRUE(a.link_id.starts_with("border-2018-")) << a.id;
    EXPECT_TRUE(a.value.starts_with("eoir-")) << a.id;
  }
  EXPECT_EQ(links, 12u);
}

}  // namespace
}  // namespace amparo::directory
