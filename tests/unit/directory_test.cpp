#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "directory/bundle.h"
#include "directory/csv.h"
#include "directory/hotlines.h"
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
  // and 195 organizations (194 phones) of the 2018 border list (BorderOrgs2018Test).
  EXPECT_EQ(b->records.organizations.size(), 132u + 851u + 195u);
  EXPECT_EQ(b->records.phones.size(), 158u + 804u + 194u);
  // One pro bono service per provider, one per recognized organization (roster-recognized), and
  // 45 for the 2018 organizations with a facility served or a term.
  EXPECT_EQ(b->records.services.size(), 132u + 851u + 45u);
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
  // Of the 132 pro bono providers, 54 are one roster entry by name and city (37 before the rules
  // the, and, saint, acronym, dba and catholic-charities); 78 are none (no provider is several).
  EXPECT_EQ(matched, 54);
  EXPECT_EQ(b->unmatched_recognition.size(), 78u);
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
  // Pairs the normalisation rules match (pro bono name and city -> roster row).
  const auto row_of = [&](const std::string& name) -> std::string {
    const auto o = std::find_if(r.organizations.begin(), r.organizations.end(),
                                [&](const auto& x) { return x.name == name; });
    if (o == r.organizations.end()) return "no such provider";
    const auto* a = recognition_of(r, o->id);
    return a == nullptr ? "unmatched" : a->label.substr(a->label.rfind(' ') + 1);
  };
  EXPECT_EQ(row_of("The Northwest Immigrant Rights Project"), "646");         // the
  EXPECT_EQ(row_of("Jewish Family & Children's Service"), "486");             // and
  EXPECT_EQ(row_of("Immigrant Law Center of Minnesota"), "435");              // saint (St. Paul)
  EXPECT_EQ(row_of("ISLA: Immigration Services and Legal Advocacy"), "453");  // acronym
  EXPECT_EQ(row_of("St. Francis Community Services / Catholic Legal Assistance Ministry "
                   "(SFCS/CLAM)"),
            "751");                               // saint, acronym in curly quotes
  EXPECT_EQ(row_of("Estrella del Paso"), "273");  // dba
  EXPECT_EQ(row_of("Catholic Charities of Southern Nevada, Immigration Services"),
            "136");  // catholic-charities
  // Near misses, left unmatched: the roster names another unit or another diocese.
  EXPECT_EQ(row_of("Prisoners' Legal Services of New York, Immigration Unit"), "unmatched");
  EXPECT_EQ(row_of("Catholic Charities of Northern Nevada"), "unmatched");
  EXPECT_EQ(row_of("RAICES - San Antonio"), "unmatched");
}

// A data folder with the bundled facility files and the given EOIR files.
std::string fixture_data_dir(const std::string& name, const std::string& pro_bono,
                             const std::string& roster, const std::string& border_csv = "") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(testing::TempDir()) / "directory_test" / name;
  fs::create_directories(dir / "facilities");
  fs::create_directories(dir / "eoir");
  fs::create_directories(dir / "border-orgs-2018");
  for (const char* f : {"ddp_facilities.csv", "facility_courts.csv"}) {
    fs::copy_file(fs::path(AMPARO_SOURCE_DIR) / "data/facilities" / f, dir / "facilities" / f,
                  fs::copy_options::overwrite_existing);
  }
  if (border_csv.empty()) {
    fs::copy_file(fs::path(AMPARO_SOURCE_DIR) / "data/border-orgs-2018/allies-geolocated.csv",
                  dir / "border-orgs-2018/allies-geolocated.csv",
                  fs::copy_options::overwrite_existing);
  } else {
    std::ofstream(dir / "border-orgs-2018/allies-geolocated.csv", std::ios::binary) << border_csv;
  }
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

TEST(BundleTest, RecognitionNormalisationRulesMatchTheSameOrganizationOnly) {
  const auto pb = [](const std::string& name, const std::string& csz) {
    return pro_bono_row(name, "10 Elm Street", csz, "(512) 555-0100");
  };
  const std::string pro_bono =
      "[" + pb("The Acme Project", "Austin, TX 78701") + "," +
      pb("Family & Youth Legal", "Austin, TX 78701") + "," +
      pb("St. Anne Immigrant Help (SAIH)", "St. Louis, MO 63101") + "," +
      pb("ILS: Immigrant Legal Services", "Dallas, TX 75201") + "," +
      pb("Estrella Legal", "El Paso, TX 79901") + "," +
      pb("Catholic Charities of Southern Texas, Immigration Services", "Houston, TX 77002") + "," +
      pb("Catholic Charities of Northern Texas", "Houston, TX 77002") + "," +
      pb("Prisoners' Legal Services of Texas, Immigration Unit", "Waco, TX 76701") + "]";
  const std::string roster =
      "[" + roster_row("Acme Project, Inc.", "Austin, TX 78701") + "," +
      roster_row("Family and Youth Legal", "Austin, TX 78701") + "," +
      roster_row("Saint Anne Immigrant Help, Inc.", "Saint Louis, MO 63101") + "," +
      roster_row("Immigrant Legal Services (ILS)", "Dallas, TX 75201") + "," +
      roster_row("Border Diocese Services, Inc. dba Estrella Legal", "El Paso, TX 79901") + "," +
      roster_row("Catholic Charities of Southern Texas", "Houston, TX 77002") + "," +
      roster_row("Prisoners' Legal Services of Texas", "Waco, TX 76701") + "]";
  auto b = load_bundle(fixture_data_dir("recognition-rules", pro_bono, roster));
  ASSERT_TRUE(b.ok()) << b.error().to_string();
  const auto row_of = [&](const std::string& id) -> std::string {
    const auto* a = recognition_of(b->records, id);
    return a == nullptr ? "unmatched" : a->label.substr(a->label.rfind(' ') + 1);
  };
  EXPECT_EQ(row_of("eoir-org-the-acme-project"), "1");              // the, legal-form
  EXPECT_EQ(row_of("eoir-org-family-youth-legal"), "2");            // and
  EXPECT_EQ(row_of("eoir-org-st-anne-immigrant-help-saih"), "3");   // saint, acronym
  EXPECT_EQ(row_of("eoir-org-ils-immigrant-legal-services"), "4");  // acronym "ILS:"
  EXPECT_EQ(row_of("eoir-org-estrella-legal"), "5");                // dba
  EXPECT_EQ(row_of("eoir-org-catholic-charities-of-southern-texas-immigration-services"),
            "6");  // catholic-charities
  // Another diocese, and a unit of an organization, are not the roster's organization.
  EXPECT_EQ(row_of("eoir-org-catholic-charities-of-northern-texas"), "unmatched");
  EXPECT_EQ(row_of("eoir-org-prisoners-legal-services-of-texas-immigration-unit"), "unmatched");
  EXPECT_EQ(b->unmatched_recognition.size(), 2u);
}

TEST(BundleTest, OrganizationNameKeysNameEachRule) {
  EXPECT_EQ(organization_name_keys("The Florence Immigrant & Refugee Rights Project (FIRRP)"),
            (std::vector<std::string>{"florence immigrant and refugee rights project"}));
  EXPECT_EQ(organization_name_keys("St. Francis Community Services (\u201CSFCS/CLAM\u201D)"),
            (std::vector<std::string>{"saint francis community services"}));
  EXPECT_EQ(organization_name_keys("ISLA: Immigration Services and Legal Advocacy"),
            (std::vector<std::string>{"immigration services and legal advocacy"}));
  EXPECT_EQ(organization_name_keys("La Maestra Family Clinic, Inc. dba La Maestra Community "
                                   "Health Centers"),
            (std::vector<std::string>{
                "la maestra family clinic inc dba la maestra community health "
                "centers",
                "la maestra family clinic", "la maestra community health centers"}));
  EXPECT_EQ(
      organization_name_keys("Esperanza Immigrant Rights Project, Catholic Charities of Los "
                             "Angeles, Inc."),
      (std::vector<std::string>{"esperanza immigrant rights project catholic charities of los "
                                "angeles",
                                "catholic charities of los angeles"}));
  // Not acronyms: words in parentheses stay; "Street" is not "Saint".
  EXPECT_EQ(organization_name_keys("HIAS (Silver Spring)"),
            (std::vector<std::string>{"hias silver spring"}));
  EXPECT_EQ(organization_name_keys("Main Street Legal"),
            (std::vector<std::string>{"main street legal"}));
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
  // ("(915)8428400"); 3 Mexican numbers written with the country code 52, and 104 Mexican numbers
  // without it given +52 by rule mx-national-number (106 pieces: line 173 lists one twice,
  // line 53 also writes one with +52).
  EXPECT_EQ(r->records.phones.size(), 90u + 104u);
  const auto mx_repairs =
      std::count_if(r->repaired.begin(), r->repaired.end(), [](const ImportIssue& i) {
        return i.field == "Phone" && i.reason.starts_with("mx-national-number: ");
      });
  EXPECT_EQ(mx_repairs, 106);
  // Left out: 7 Mexican pieces (three whose digits begin with no Mexican area code, "(213)928 2917"
  // among them; two short of 10 digits; "(664) 1174217-celular"; "210", the second extension of
  // line 113), 2 pieces of US rows that are not numbers, 1 repeated row.
  EXPECT_EQ(r->rejected.size(), 10u);
  EXPECT_TRUE(std::any_of(r->rejected.begin(), r->rejected.end(), [](const ImportIssue& i) {
    return i.row == 185 && i.reason.find("(213)928 2917") != std::string::npos &&
           i.reason.find("do not begin with a Mexican area code") != std::string::npos;
  }));
  // 11 with facilities served, 34 more with a term read from their name or notes.
  EXPECT_EQ(r->records.services.size(), 45u);
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
                                [](const store::Phone& p) { return p.number.starts_with("+52"); });
  EXPECT_EQ(mx, 3 + 104);
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

// Writes a small allies list and imports it.
Result<ImportResult> import_allies(const std::string& name, const std::string& rows) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(testing::TempDir()) / "directory_test" / name;
  fs::create_directories(dir);
  const fs::path file = dir / "allies.csv";
  std::ofstream(file, std::ios::binary)
      << ",Latitude,Longitude,Name,City,State,Country,Address,Phone,Email,Website,Notes,\n"
      << rows;
  return import_border_orgs_2018(file.string());
}

TEST(BorderOrgs2018Test, IncompletePhonesAreRejectedNotKept) {
  auto r = import_allies("border-phones",
                         ",,,Short Number Aid,El Paso,Texas,United States,,(915) 544-51,,,,\n"
                         ",,,Casa Corta,Tijuana,Baja California,México,,(664) 682518,,,,\n"
                         ",,,Casa Con Lada,Tijuana,Baja California,México,,+52 664 682 5180,,,,\n");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->records.organizations.size(), 3u);
  ASSERT_EQ(r->records.phones.size(), 1u);
  EXPECT_EQ(r->records.phones[0].number, "+526646825180");
  EXPECT_EQ(r->records.phones[0].provenance.source_row, "line 4");
  EXPECT_TRUE(r->repaired.empty());  // written with 52: nothing added
  ASSERT_EQ(r->rejected.size(), 2u);
  EXPECT_EQ(r->rejected[0].row, 2);
  EXPECT_EQ(r->rejected[0].field, "Phone");
  EXPECT_NE(r->rejected[0].reason.find("(915) 544-51"), std::string::npos);
  EXPECT_EQ(r->rejected[1].row, 3);
  EXPECT_NE(r->rejected[1].reason.find("9 digits, not 10"), std::string::npos);
}

TEST(BorderOrgs2018Test, MexicanNumbersWithoutTheCountryCodeGetItByRuleOnlyForMexicanAddresses) {
  auto r =
      import_allies("border-mx-phones",
                    ",,,Casa Sin Lada,Tijuana,Baja California,México,,(664) 6825180,,,,\n"
                    ",,,Casa Troncal,Tijuana,Baja California,Mexico,,01 (664) 683-0575,,,,\n"
                    ",,,Casa Celular,Mexicali,Baja California,México,,044 686 2 09 61 38,,,,\n"
                    ",,,Casa Extension,Reynosa,Tamaulipas,México,,\"(899) 930-0672 Ext. 116\",,,,\n"
                    ",,,Casa Angeles,León,Guanajuato,México,,(213)928 2917 / 477 775 0485,,,,\n"
                    ",,,Casa Nota,Tijuana,Baja California,México,,(664) 1174217-celular,,,,\n"
                    ",,,US Office,San Diego,California,United States,,(664) 682-5180,,,,\n");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  std::vector<std::string> numbers;
  for (const auto& p : r->records.phones) {
    numbers.push_back(p.provenance.source_row + " " + p.number +
                      (p.extension.empty() ? "" : " x" + p.extension));
  }
  EXPECT_EQ(numbers, (std::vector<std::string>{
                         "line 2 +526646825180", "line 3 +526646830575", "line 4 +526862096138",
                         "line 5 +528999300672 x116", "line 6 +524777750485",
                         "line 8 (664) 682-5180"}));  // a US address keeps the US reading
  std::vector<int> repaired_rows;
  for (const auto& i : r->repaired) {
    EXPECT_EQ(i.field, "Phone");
    EXPECT_TRUE(i.reason.starts_with("mx-national-number: ")) << i.reason;
    repaired_rows.push_back(i.row);
  }
  EXPECT_EQ(repaired_rows, (std::vector<int>{2, 3, 4, 5, 6}));
  EXPECT_NE(r->repaired[1].reason.find("the trunk prefix 01 dropped"), std::string::npos);
  EXPECT_NE(r->repaired[2].reason.find("the trunk prefix 044 dropped"), std::string::npos);
  // A Los Angeles number in a León row, and a number with a word after it, are never made Mexican.
  ASSERT_EQ(r->rejected.size(), 2u);
  EXPECT_EQ(r->rejected[0].row, 6);
  EXPECT_NE(r->rejected[0].reason.find("do not begin with a Mexican area code"), std::string::npos);
  EXPECT_EQ(r->rejected[1].row, 7);
}

TEST(BorderOrgs2018Test, BundleLinksTheSameOrganizationInTheEoirListAndKeepsBoth) {
  auto b = load_bundle(std::string(AMPARO_SOURCE_DIR) + "/data");
  ASSERT_TRUE(b.ok()) << b.error().to_string();
  // 12, and the Florence Project ("&" = "and", rule and) since the normalisation rules.
  EXPECT_EQ(b->border_2018_linked, 13u);
  std::size_t links = 0;
  for (const auto& a : b->records.attributes) {
    if (a.taxonomy_term_id != "amparo-same-as") continue;
    ++links;
    EXPECT_TRUE(a.link_id.starts_with("border-2018-")) << a.id;
    EXPECT_TRUE(a.value.starts_with("eoir-")) << a.id;
  }
  EXPECT_EQ(links, 13u);
}

TEST(BorderOrgs2018Test, BundleMatchesFacilitiesServedToIceCodesAndNeverGuesses) {
  auto b = load_bundle(std::string(AMPARO_SOURCE_DIR) + "/data");
  ASSERT_TRUE(b.ok()) << b.error().to_string();
  const std::string florence =
      "border-2018-the-florence-immigrant-refugee-rights-project-firrp-phoenix-service";
  std::vector<std::string> areas;
  for (const auto& a : b->records.service_areas) {
    if (a.service_id == florence) areas.push_back(a.name + " | " + a.uri);
  }
  EXPECT_EQ(areas, (std::vector<std::string>{
                       "Eloy Detention Center | urn:ice-facility:EAZ",
                       "Central Arizona Detention Facility | urn:facility-name:Central Arizona "
                       "Detention Facility",
                       "Florence Correctional Center | urn:ice-facility:CCAFLAZ",
                       "Florence Service Processing Center | urn:ice-facility:FLO"}));
  // 12 matched (9 by the same name, 3 by contained words: "Florence Correctional Center" in
  // "Central Arizona Florence Correctional Center", "Karnes County Residential Center" in
  // "...Center2" for each American Gateways office); 17 names match no facility of the state.
  EXPECT_EQ(b->facilities_matched, 12u);
  EXPECT_EQ(b->unmatched_facilities.size(), 17u);
  EXPECT_NE(std::find(b->unmatched_facilities.begin(), b->unmatched_facilities.end(),
                      "line 5: \"Howard County Detention Center (MD)\" (MD): no detention facility "
                      "of this name in the state; kept as written"),
            b->unmatched_facilities.end());
  for (const auto& a : b->records.service_areas) {
    if (a.uri.starts_with("urn:ice-facility:")) {
      EXPECT_NE(a.description.find("(rule facility-name-"), std::string::npos) << a.id;
    }
  }
}

TEST(BorderOrgs2018Test, FacilityNamedByTwoCandidatesIsNotGuessed) {
  const std::string border =
      ",Latitude,Longitude,Name,City,State,Country,Address,Phone,Email,Website,Notes,\n"
      ",,,Eloy Aid,Eloy,Arizona,United States,,,,,\"Serves Palma Correctional Center, LA Palma "
      "Correctional Center, and Polk County Jail (FL)\",\n";
  auto b = load_bundle(fixture_data_dir("facility-candidates", "[]", "[]", border));
  ASSERT_TRUE(b.ok()) << b.error().to_string();
  std::vector<std::string> uris;
  for (const auto& a : b->records.service_areas) uris.push_back(a.uri);
  EXPECT_EQ(uris,
            (std::vector<std::string>{"urn:facility-name:Palma Correctional Center",
                                      "urn:ice-facility:LPLCCAZ", "urn:ice-facility:POLKJFL"}));
  ASSERT_EQ(b->unmatched_facilities.size(), 1u);
  EXPECT_EQ(b->unmatched_facilities[0],
            "line 2: \"Palma Correctional Center\" (AZ): several facilities of this name: LPLCCAZ "
            "LA Palma Correctional Center, LPAPSAZ LA Palma Correctional Center APSO; kept as "
            "written");
}

// ---- Free-call codes from the 2023 seed page (data/hotlines/seed-2023.csv) ----

TEST(HotlinesTest, SeedPageCodesLoadWithSourceDateAndStatus) {
  auto h = load_hotlines(std::string(AMPARO_SOURCE_DIR) + "/data");
  ASSERT_TRUE(h.ok()) << h.error().to_string();
  std::vector<std::string> rows;
  for (const auto& x : *h) {
    rows.push_back(x.code + " " + x.status + " " + x.source_date + " line " +
                   std::to_string(x.row));
    EXPECT_FALSE(x.description.empty()) << x.code;
    EXPECT_NE(x.source.find("Can you seek asylum at the border"), std::string::npos) << x.code;
    EXPECT_NE(x.note.find("does not name who answers"), std::string::npos) << x.code;
  }
  // 9233# was reported blocked in 2019: never shown as working.
  EXPECT_EQ(rows,
            (std::vector<std::string>{
                "1845# listed 2023 line 2", "9233# reported-blocked 2023 line 3",
                "699# listed 2023 line 4", "#566 listed 2023 line 5", "9116# listed 2023 line 6"}));
}

// A hotlines file with `rows` after the header, in a fresh data folder.
std::string hotline_dir(
    const std::string& name, const std::string& rows,
    const std::string& header = "code,description_en,source,source_date,status,note\n") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(testing::TempDir()) / "directory_test" / ("hotlines-" + name);
  fs::create_directories(dir / "hotlines");
  std::ofstream(dir / "hotlines/seed-2023.csv", std::ios::binary) << header << rows;
  return dir.string();
}

TEST(HotlinesTest, BadRowsAreErrorsNamingFileLineAndField) {
  const std::string ok = "1845#,Help,A page,2023,listed,\n";
  struct Case {
    std::string rows;
    int line;
    std::string field;
    std::string words;
  };
  int n = 0;
  for (const Case& c : std::vector<Case>{
           {ok + "12#,Help,A page,2023,listed,\n", 3, "code", "not 3 to 5 digits"},
           {ok + "#1845#,Help,A page,2023,listed,\n", 3, "code", "not 3 to 5 digits"},
           {ok + "1845,Help,A page,2023,listed,\n", 3, "code", "not 3 to 5 digits"},
           {ok + "1845#,Again,A page,2023,listed,\n", 3, "code", "listed twice (line 2)"},
           {ok + "699#,,A page,2023,listed,\n", 3, "description_en", "no description"},
           {ok + "699#,Help,,2023,listed,\n", 3, "source", "no source"},
           {ok + "699#,Help,A page,early 2023,listed,\n", 3, "source_date", "not a date"},
           {ok + "699#,Help,A page,2023-13,listed,\n", 3, "source_date", "not a date"},
           {ok + "699#,Help,A page,2023-02-30,listed,\n", 3, "source_date", "not a date"},
           {ok + "699#,Help,A page,2023,working,\n", 3, "status", "not listed or reported-blocked"},
       }) {
    auto h = load_hotlines(hotline_dir("bad-" + std::to_string(++n), c.rows));
    ASSERT_FALSE(h.ok()) << c.rows;
    EXPECT_TRUE(h.error().file.ends_with("hotlines/seed-2023.csv")) << c.rows;
    EXPECT_EQ(h.error().line, c.line) << c.rows;
    EXPECT_EQ(h.error().field, c.field) << c.rows;
    EXPECT_NE(h.error().message.find(c.words), std::string::npos) << h.error().to_string();
  }
  auto missing_column = load_hotlines(hotline_dir("no-status", "699#,Help,A page,2023,\n",
                                                  "code,description_en,source,source_date,note\n"));
  ASSERT_FALSE(missing_column.ok());
  EXPECT_EQ(missing_column.error().field, "status");
  auto fine =
      load_hotlines(hotline_dir("fine", ok + "#566,Help,A page,2023-02-14,reported-blocked,x\n"));
  ASSERT_TRUE(fine.ok()) << fine.error().to_string();
  EXPECT_EQ(fine->size(), 2u);
}

TEST(HotlinesTest, MissingFileIsNotFound) {
  auto h = load_hotlines("/nonexistent/amparo-data");
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace amparo::directory
