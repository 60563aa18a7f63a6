// The DOJ/EOIR importers: the real files (counts checked by hand against the data), every repair
// rule and rejection reason on small inline rows, malformed input, stability and traceability.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "directory/import.h"

namespace amparo::directory {
namespace {

const std::string kDataDir = std::string(AMPARO_SOURCE_DIR) + "/data/eoir/";
const std::string kProBonoFile = kDataDir + "pro-bono-representation-2026-09-10.json";
const std::string kRecognizedFile = kDataDir + "legal-aid-orgs-2026-09-19.json";

// Writes `text` to a fresh file in the test's temporary directory and returns its path.
std::string write_temp(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::path(testing::TempDir()) / "eoir_test";
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

std::string json_string(const std::string& s) {
  if (s == "null") return "null";
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

// One pro bono row; fields not given are null (court and page default to one court, one page).
struct PbRow {
  std::string name = "null";
  bool referral = false;
  std::string street = "null";
  std::string csz = "null";
  std::string phone = "null";
  std::string email = "null";
  std::string website = "null";
  std::string languages = "null";
  std::string case_types = "null";
  std::string intake = "null";
  std::string state = "TX";
  std::string court = "Pearsall Immigration Court";
  int page = 128;
};

std::string pb_json(const std::vector<PbRow>& rows) {
  std::string out = "[";
  for (const auto& r : rows) {
    if (out.size() > 1) out += ",";
    out += "{\"organizationName\":" + json_string(r.name) +
           ",\"isReferralService\":" + (r.referral ? "true" : "false") +
           ",\"streetAddress\":" + json_string(r.street) +
           ",\"cityStateZip\":" + json_string(r.csz) + ",\"phone\":" + json_string(r.phone) +
           ",\"email\":" + json_string(r.email) + ",\"website\":" + json_string(r.website) +
           ",\"languages\":" + json_string(r.languages) +
           ",\"caseTypeLimits\":" + json_string(r.case_types) +
           ",\"intakePolicy\":" + json_string(r.intake) + ",\"state\":" + json_string(r.state) +
           ",\"immigrationCourt\":" + json_string(r.court) +
           ",\"pageNumber\":" + std::to_string(r.page) + "}";
  }
  return out + "]";
}

ImportResult import_pb(const std::vector<PbRow>& rows) {
  const auto* info = testing::UnitTest::GetInstance()->current_test_info();
  auto result =
      import_eoir_pro_bono(write_temp(std::string(info->name()) + ".json", pb_json(rows)));
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  return result.ok() ? std::move(result).value() : ImportResult{};
}

// An office row with everything an organization needs.
PbRow office(std::string name, std::string street = "100 Main Street",
             std::string csz = "San Antonio, TX 78201", std::string phone = "(210) 555-0100") {
  PbRow r;
  r.name = std::move(name);
  r.street = std::move(street);
  r.csz = std::move(csz);
  r.phone = std::move(phone);
  return r;
}

bool has_issue(const std::vector<ImportIssue>& issues, int row, const std::string& field,
               const std::string& words) {
  return std::any_of(issues.begin(), issues.end(), [&](const ImportIssue& i) {
    return i.row == row && i.field == field && i.reason.find(words) != std::string::npos;
  });
}

const store::Phone* find_phone(const store::Records& r, const std::string& number) {
  for (const auto& p : r.phones) {
    if (p.number == number) return &p;
  }
  return nullptr;
}

const store::Organization* find_org(const store::Records& r, const std::string& name) {
  for (const auto& o : r.organizations) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

// ---- The real files ----

// Terms the phrase rules read from the pro bono list's service texts and names (checked one by one
// in terms_test.cpp).
constexpr std::size_t kProBonoPhraseTerms = 98;

class EoirRealFileTest : public testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kProBonoFile) || !std::filesystem::exists(kRecognizedFile)) {
      GTEST_SKIP() << "EOIR data not found beside the clone (" << kDataDir << ")";
    }
  }
};

TEST_F(EoirRealFileTest, ProBonoGivesTheCountsCheckedByHand) {
  auto result = import_eoir_pro_bono(kProBonoFile);
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  const auto& r = result->records;
  EXPECT_EQ(r.organizations.size(), 132u);
  EXPECT_EQ(r.services.size(), 132u);
  EXPECT_EQ(r.locations.size(), 158u);
  EXPECT_EQ(r.addresses.size(), 158u);
  EXPECT_EQ(r.phones.size(), 158u);  // 157 numbers and the ABA hotline's speed dial 2150#
  EXPECT_EQ(r.service_areas.size(), 307u);
  EXPECT_EQ(r.languages.size(), 96u);
  // 1 detention speed dial; on services: 132 legal (every provider), 130 free of charge (two
  // state a fee), 8 referral services (isReferralService), and the phrase rules' terms
  // (terms_test.cpp checks each against the rows).
  EXPECT_EQ(r.attributes.size(), 1u + 132u + 130u + 8u + kProBonoPhraseTerms);
  EXPECT_EQ(result->rejected.size(), 48u);
  EXPECT_EQ(result->repaired.size(), 257u + 56u);  // 56 rows state the speed dial
  const auto term = [&](const std::string& id) {
    const auto t = std::find_if(r.taxonomy_terms.begin(), r.taxonomy_terms.end(),
                                [&](const store::TaxonomyTerm& x) { return x.id == id; });
    return t == r.taxonomy_terms.end() ? std::string("(none)") : t->taxonomy_id;
  };
  EXPECT_EQ(term("referral"), "amparo-service");
  EXPECT_EQ(term("legal"), "amparo-service");
  EXPECT_EQ(term("detained-adults"), "amparo-population");
  EXPECT_EQ(term("free-of-charge"), "amparo-cost");
  EXPECT_EQ(term("detention-speed-dial"), "amparo-phone");
  EXPECT_EQ(term("amparo-service-referral"), "(none)");  // folded into referral
}

TEST_F(EoirRealFileTest, AbaSpeedDialIsAPhoneWithTheDetentionSpeedDialAttribute) {
  auto result = import_eoir_pro_bono(kProBonoFile);
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  const auto& r = result->records;
  // 56 rows (the ABA Commission on Immigration Detention's Information Hotline, listed under each
  // court) say "facilities should contact our speed dial at 2150#"; no other row states a code.
  const auto stated =
      std::count_if(result->repaired.begin(), result->repaired.end(), [](const ImportIssue& i) {
        return i.field == "caseTypeLimits" &&
               i.reason.find("speed-dial code stated in caseTypeLimits") != std::string::npos;
      });
  EXPECT_EQ(stated, 56);
  EXPECT_TRUE(has_issue(result->repaired, 1, "caseTypeLimits", "\"speed dial at 2150#\""));
  EXPECT_TRUE(has_issue(result->repaired, 347, "caseTypeLimits", "detention-speed-dial"));
  const auto* dial = find_phone(r, "2150#");
  ASSERT_NE(dial, nullptr);
  EXPECT_EQ(dial->id,
            "eoir-org-aba-commission-on-immigration-detention-information-hotline-speed-"
            "dial-2150");
  EXPECT_EQ(dial->organization_id,
            "eoir-org-aba-commission-on-immigration-detention-information-hotline");
  EXPECT_EQ(dial->type, "voice");
  EXPECT_EQ(dial->description, "Speed dial from ICE detention facility phones");
  EXPECT_EQ(dial->provenance.source_row.rfind("rows 1, 3, 5, 8, 14,", 0), 0u);
  EXPECT_TRUE(dial->provenance.source_row.ends_with(", 340, 347"));
  const auto attribute = std::find_if(
      r.attributes.begin(), r.attributes.end(),
      [&](const store::Attribute& a) { return a.taxonomy_term_id == "detention-speed-dial"; });
  ASSERT_NE(attribute, r.attributes.end());
  EXPECT_EQ(attribute->link_entity, "phone");
  EXPECT_EQ(attribute->link_id, dial->id);
  EXPECT_EQ(attribute->value, "2150#");
}

TEST_F(EoirRealFileTest, RecognizedGivesTheCountsCheckedByHand) {
  auto result = import_eoir_recognized(kRecognizedFile);
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  const auto& r = result->records;
  EXPECT_EQ(r.organizations.size(), 851u);
  EXPECT_EQ(r.locations.size(), 851u);
  EXPECT_EQ(r.phones.size(), 804u);  // 47 rows have no phone
  // Each organization: its recognition, and its service "Immigration legal services" with the term
  // legal (rule roster-recognized; all 851 are "Active").
  EXPECT_EQ(r.attributes.size(), 851u + 851u);
  EXPECT_EQ(r.services.size(), 851u);
  EXPECT_EQ(r.service_at_locations.size(), 851u);
  EXPECT_EQ(result->rejected.size(), 0u);
  // street-in-city (row 103), merged-dates (173), line-wrap-space (622), "Balitmore" (449).
  EXPECT_EQ(result->repaired.size(), 4u);
  EXPECT_TRUE(has_issue(result->repaired, 103, "city_state_zip", "street-in-city"));
  EXPECT_TRUE(has_issue(result->repaired, 173, "organization_recognized_date", "merged-dates"));
  EXPECT_TRUE(has_issue(result->repaired, 622, "organization_name", "line-wrap-space"));
  EXPECT_TRUE(has_issue(result->repaired, 449, "city_state_zip", "Balitmore"));
}

TEST_F(EoirRealFileTest, ImportingTwiceGivesIdenticalRecords) {
  for (const auto& [file, importer] : {std::pair{kProBonoFile, &import_eoir_pro_bono},
                                       std::pair{kRecognizedFile, &import_eoir_recognized}}) {
    auto a = importer(file);
    auto b = importer(file);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->records, b->records) << file;
    std::vector<std::string> ids;
    for (const auto& o : a->records.organizations) ids.push_back(o.id);
    for (const auto& p : a->records.phones) ids.push_back(p.id);
    for (const auto& l : a->records.locations) ids.push_back(l.id);
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end()) << "duplicate id in " << file;
  }
}

TEST_F(EoirRealFileTest, EveryPhoneTracesToItsSourceRows) {
  auto pro_bono = import_eoir_pro_bono(kProBonoFile);
  auto recognized = import_eoir_recognized(kRecognizedFile);
  ASSERT_TRUE(pro_bono.ok() && recognized.ok());
  for (const auto* records : {&pro_bono->records, &recognized->records}) {
    for (const auto& p : records->phones) {
      EXPECT_FALSE(p.provenance.dataset.empty()) << p.id;
      EXPECT_FALSE(p.provenance.source_date.empty()) << p.id;
      EXPECT_EQ(p.provenance.source_row.rfind("row", 0), 0u) << p.id;
      EXPECT_FALSE(p.organization_id.empty()) << p.id;
    }
  }
  // Row 1 (and 55 more): the ABA hotline's phone, published inside streetAddress.
  const auto* aba = find_phone(pro_bono->records, "(855) 641-6081");
  ASSERT_NE(aba, nullptr);
  EXPECT_EQ(aba->provenance.source_row.rfind("rows 1, 3, 5, 8, 14,", 0), 0u);
  EXPECT_EQ(aba->organization_id,
            "eoir-org-aba-commission-on-immigration-detention-information-hotline");
  // Rows 335 and 342 name the Seattle office's toll-free line (the NWIRP block is shifted).
  const auto* toll_free = find_phone(pro_bono->records, "(800) 445-5771");
  ASSERT_NE(toll_free, nullptr);
  EXPECT_EQ(toll_free->provenance.source_row, "rows 335, 342");
  EXPECT_EQ(toll_free->location_id,
            "eoir-org-the-northwest-immigrant-rights-project-loc-615-2nd-avenue-suite-400-98104");
  // Rows 88 and 91: the Palm Beach office's (651) number, kept as published.
  const auto* palm_beach = find_phone(pro_bono->records, "(651) 266-0624");
  ASSERT_NE(palm_beach, nullptr);
  EXPECT_EQ(palm_beach->provenance.source_row, "rows 88, 91");
  EXPECT_EQ(palm_beach->organization_id, "eoir-org-church-world-service");
  // Recognized row 1: Adelante Mujeres, (503) 810-2909.
  const auto* adelante = find_phone(recognized->records, "(503) 810-2909");
  ASSERT_NE(adelante, nullptr);
  EXPECT_EQ(adelante->provenance.source_row, "row 1");
  EXPECT_EQ(adelante->provenance.dataset, "DOJ/EOIR Recognized Organizations roster (2026-09-19)");
}

TEST_F(EoirRealFileTest, KnownOddValuesAreKeptAsPublished) {
  auto pro_bono = import_eoir_pro_bono(kProBonoFile);
  ASSERT_TRUE(pro_bono.ok());
  bool hias_zip = false;
  for (const auto& a : pro_bono->records.addresses) hias_zip |= a.postal_code == "20190";
  EXPECT_TRUE(hias_zip);
  const auto* equal_access = find_org(pro_bono->records, "Equal Access Legal Services");
  ASSERT_NE(equal_access, nullptr);
  EXPECT_EQ(equal_access->email, "info@eqaulaccesslegal.org");
  auto recognized = import_eoir_recognized(kRecognizedFile);
  ASSERT_TRUE(recognized.ok());
  EXPECT_NE(find_phone(recognized->records, "(748) 784-7447"), nullptr);
}

// ---- Pro bono repair rules ----

TEST(EoirProBonoTest, NameWrappedIntoAddressIsJoined) {
  PbRow r = office("Rocky Mountain Immigrant Advocacy Network", "(RMIAN)*, 7301 N. Federal Blvd.");
  const auto result = import_pb({r});
  ASSERT_EQ(result.records.organizations.size(), 1u);
  EXPECT_EQ(result.records.organizations[0].name,
            "Rocky Mountain Immigrant Advocacy Network (RMIAN)");
  EXPECT_EQ(result.records.addresses[0].address_1, "7301 N. Federal Blvd.");
  EXPECT_TRUE(has_issue(result.repaired, 1, "organizationName", "name-wrapped-into-address"));
}

TEST(EoirProBonoTest, FormerNameInAddressBecomesAlternateName) {
  PbRow r = office("Amica Center", "(formerly CAIR Coalition), 1025 Connecticut Avenue NW");
  const auto result = import_pb({r});
  ASSERT_EQ(result.records.organizations.size(), 1u);
  EXPECT_EQ(result.records.organizations[0].alternate_name, "CAIR Coalition");
  EXPECT_TRUE(has_issue(result.repaired, 1, "streetAddress", "former-name-in-address"));
}

TEST(EoirProBonoTest, CompletePhoneInAddressMovesToPhone) {
  PbRow r = office("Hotline", "1050 Connecticut Avenue, NW, 1 (855) 641-6081",
                   "Washington, DC 20036", "null");
  const auto result = import_pb({r});
  ASSERT_EQ(result.records.phones.size(), 1u);
  EXPECT_EQ(result.records.phones[0].number, "(855) 641-6081");
  EXPECT_EQ(result.records.addresses[0].address_1, "1050 Connecticut Avenue, NW");
  EXPECT_TRUE(has_issue(result.repaired, 1, "streetAddress", "phone-in-address"));
}

TEST(EoirProBonoTest, IncompletePhoneIsReportedNeverCompleted) {
  PbRow r = office("Hotline", "1 Main Street", "Austin, TX 78701", "1 (833) 372, (512) 555-0199");
  const auto result = import_pb({r});
  ASSERT_EQ(result.records.phones.size(), 1u);
  EXPECT_EQ(result.records.phones[0].number, "(512) 555-0199");
  EXPECT_TRUE(has_issue(result.rejected, 1, "phone", "1 (833) 372"));
}

TEST(EoirProBonoTest, PhoneExtensionsNotesAndSeveralNumbersAreRead) {
  PbRow r = office("Gateways", "2323 Columbus Avenue", "Waco, TX 76701",
                   "(254) 230-0382, Ext. 264 or (737) 837-7016 (Detention Line)");
  const auto result = import_pb({r});
  ASSERT_EQ(result.records.phones.size(), 2u);
  EXPECT_EQ(result.records.phones[0].extension, "264");
  EXPECT_EQ(result.records.phones[1].number, "(737) 837-7016");
  EXPECT_EQ(result.records.phones[1].description, "Detention Line");
  EXPECT_FALSE(result.records.phones[0].location_id.empty());
}

TEST(EoirProBonoTest, TextAfterThePhoneIsTheNextRowsNameHead) {
  PbRow hotline =
      office("ABA", "1050 Connecticut Avenue, 1 (855) 641-6081, Erie County Bar Volunteer",
             "Washington, DC 20036", "null");
  PbRow next = office("Project, Inc.", "438 Main Street", "Buffalo, NY 14202");
  const auto result = import_pb({hotline, next});
  EXPECT_NE(find_org(result.records, "Erie County Bar Volunteer Project, Inc."), nullptr);
  EXPECT_TRUE(has_issue(result.repaired, 2, "organizationName", "name-head-in-row-above"));
}

TEST(EoirProBonoTest, TextAfterThePhoneWithNoRowBelowIsRejected) {
  PbRow hotline = office("ABA", "1050 Connecticut Avenue, 1 (855) 641-6081, Erie County Bar",
                         "Washington, DC 20036", "null");
  const auto result = import_pb({hotline});
  EXPECT_TRUE(has_issue(result.rejected, 1, "streetAddress", "Erie County Bar"));
}

TEST(EoirProBonoTest, TitleAtTheEndOfCaseTypesIsTheNextNamesHeadOnlyWhenCertain) {
  PbRow a = office("Las Vegas Clinic");
  a.case_types = "Unaccompanied children; Catholic Charities of Southern Nevada,";
  PbRow b = office("Immigration Services", "1511 Las Vegas Blvd. North", "Las Vegas, NV 89101",
                   "(702) 383-8387");
  PbRow c = office("Denver Clinic");
  c.case_types = "Asylum only; Denver Immigration Court";  // a title, but nothing says it is a head
  PbRow d =
      office("Colorado Asylum Center", "517 16th Avenue", "Denver, CO 80203", "(303) 376-9907");
  const auto result = import_pb({a, b, c, d});
  EXPECT_NE(find_org(result.records, "Catholic Charities of Southern Nevada, Immigration Services"),
            nullptr);
  EXPECT_NE(find_org(result.records, "Colorado Asylum Center"), nullptr);
  EXPECT_TRUE(has_issue(result.repaired, 1, "caseTypeLimits", "name-head-in-row-above"));
  for (const auto& s : result.records.services) {
    EXPECT_EQ(s.description.find("Southern Nevada"), std::string::npos);
  }
}

TEST(EoirProBonoTest, OfficeHeadingMergesIntoTheOrganizationAbove) {
  PbRow a = office("Low Income Legal Assistance Center", "345 Franklin Street",
                   "San Francisco, CA 94102", "(650) 810-6357");
  PbRow b = office("Redwood City Office:", "2615 Middlefield Road", "Redwood City, CA 94063",
                   "(650) 810-6357");
  const auto result = import_pb({a, b});
  ASSERT_EQ(result.records.organizations.size(), 1u);
  ASSERT_EQ(result.records.locations.size(), 2u);
  EXPECT_EQ(result.records.locations[1].name,
            "Low Income Legal Assistance Center – Redwood City Office");
  ASSERT_EQ(result.records.phones.size(), 1u);
  EXPECT_EQ(result.records.phones[0].provenance.source_row, "rows 1, 2");
  EXPECT_TRUE(result.records.phones[0].location_id.empty());  // listed for two offices
  EXPECT_TRUE(has_issue(result.repaired, 2, "organizationName", "office-heading"));
}

TEST(EoirProBonoTest, OfficeHeadingWithAnotherDomainIsRejected) {
  PbRow a = office("ABA Hotline");
  a.email = "immcenter@americanbar.org";
  PbRow b = office("Fort Worth:", "4200 South Fwy.", "Fort Worth, TX 76115", "(817) 717-9377");
  b.email = "fortworth@raicestexas.org";
  const auto result = import_pb({a, b});
  EXPECT_EQ(result.records.organizations.size(), 1u);
  EXPECT_EQ(find_phone(result.records, "(817) 717-9377"), nullptr);
  EXPECT_TRUE(has_issue(result.rejected, 2, "organizationName", "another domain"));
}

TEST(EoirProBonoTest, MailingAddressInAnotherCityOrPageIsRejected) {
  PbRow a = office("American Gateways", "2323 Columbus Avenue", "Waco, TX 76701");
  PbRow b = office("Mailing Address:", "P.O. Box 786100", "San Antonio, TX 78278", "null");
  PbRow c = office("RAICES Texas", "131 Interpark Blvd.", "San Antonio, TX 78216");
  PbRow d = office("Mailing address:", "P.O. Box 786100", "San Antonio, TX 78278", "null");
  d.page = 129;
  PbRow e = office("RAICES", "131 Interpark Blvd.", "San Antonio, TX 78216");
  e.page = 130;
  PbRow f = office("Mailing address:", "P.O. Box 786100", "San Antonio, TX 78278", "null");
  f.page = 130;
  const auto result = import_pb({a, b, c, d, e, f});
  EXPECT_TRUE(has_issue(result.rejected, 2, "organizationName", "not the same city"));
  EXPECT_TRUE(has_issue(result.rejected, 4, "organizationName", "same page"));
  EXPECT_TRUE(has_issue(result.repaired, 6, "organizationName", "office-heading"));
  const auto postal =
      std::count_if(result.records.locations.begin(), result.records.locations.end(),
                    [](const store::Location& l) { return l.location_type == "postal"; });
  EXPECT_EQ(postal, 1);
}

TEST(EoirProBonoTest, EmailsAsNameMergeIntoTheOrganizationAbove) {
  PbRow a = office("La Maestra Community Health Centers");
  PbRow b;
  b.name = "mportugal@lamaestra.org; ecedillo@lamaestra.org";
  b.website = "www.lamaestra.org";
  b.languages = "Spanish, Dari, and Pashto";
  const auto result = import_pb({a, b});
  ASSERT_EQ(result.records.organizations.size(), 1u);
  EXPECT_EQ(result.records.organizations[0].email, "mportugal@lamaestra.org");
  EXPECT_EQ(result.records.organizations[0].website, "www.lamaestra.org");
  ASSERT_EQ(result.records.languages.size(), 3u);
  EXPECT_TRUE(has_issue(result.repaired, 2, "organizationName", "emails-as-name"));
  EXPECT_TRUE(has_issue(result.rejected, 2, "email", "ecedillo@lamaestra.org"));
}

TEST(EoirProBonoTest, ClosingParenthesisContinuesThePhoneNote) {
  PbRow a = office("HIAS (Pennsylvania)", "P.O. Box 8688", "Philadelphia, PA 19101",
                   "(833) 344-2772 (AOP Hotline for individuals");
  PbRow b;
  b.name = "granted asylum)";
  b.street = "9:30AM-12:00PM; Thursday 2:00PM-4:30PM";
  b.website = "www.hiaspa.org";
  const auto result = import_pb({a, b});
  ASSERT_EQ(result.records.organizations.size(), 1u);
  ASSERT_EQ(result.records.phones.size(), 1u);
  EXPECT_EQ(result.records.phones[0].description, "AOP Hotline for individuals granted asylum");
  EXPECT_TRUE(has_issue(result.repaired, 2, "organizationName", "phone-note-continued"));
  EXPECT_TRUE(has_issue(result.repaired, 2, "streetAddress", "hours-in-address"));
}

TEST(EoirProBonoTest, TollFreeNameIsTheLineOfTheOfficeInTheRowAbove) {
  PbRow seattle = office("The Northwest Immigrant Rights Project",
                         "Seattle Office:, 615 2nd Avenue", "Seattle, WA 98104", "(206) 587-4009");
  PbRow granger = office("Toll Free: (800) 445-5771",
                         "info@nwirp.org / front@nwirp.org, 121 Sunnyside Avenue, P.O. Box 270",
                         "Granger, WA 98932", "(509) 854-2100");
  PbRow tacoma = office("The Northwest Immigrant Rights Project* (cont.)",
                        "Wenatchee Office (cont.):, 2209 N. Pearl Street", "Tacoma, WA 98406",
                        "(253) 235-9279 (Non-detained)");
  const auto result = import_pb({seattle, granger, tacoma});
  ASSERT_EQ(result.records.organizations.size(), 1u);
  EXPECT_EQ(result.records.organizations[0].email, "info@nwirp.org");
  ASSERT_EQ(result.records.locations.size(), 3u);
  const auto* toll_free = find_phone(result.records, "(800) 445-5771");
  ASSERT_NE(toll_free, nullptr);
  EXPECT_EQ(toll_free->location_id, result.records.locations[0].id);
  EXPECT_EQ(find_phone(result.records, "(509) 854-2100")->location_id,
            result.records.locations[1].id);
  EXPECT_EQ(result.records.addresses[1].address_1, "121 Sunnyside Avenue, P.O. Box 270");
  EXPECT_EQ(result.records.locations[2].name, "The Northwest Immigrant Rights Project");
  EXPECT_TRUE(has_issue(result.repaired, 2, "organizationName", "toll-free-shifted"));
  EXPECT_TRUE(has_issue(result.repaired, 2, "streetAddress", "email-in-address"));
  EXPECT_TRUE(has_issue(result.repaired, 3, "organizationName", "continued-name"));
}

TEST(EoirProBonoTest, HoursAndWebTextLeaveTheAddress) {
  PbRow r = office("The Advocates",
                   "330 Second Avenue South, Suite 800, 12PM-2PM by phone or online, "
                   "at www.theadvocatesforhumanrights.org");
  const auto result = import_pb({r});
  ASSERT_EQ(result.records.addresses.size(), 1u);
  EXPECT_EQ(result.records.addresses[0].address_1, "330 Second Avenue South, Suite 800");
  EXPECT_TRUE(has_issue(result.repaired, 1, "streetAddress", "hours-in-address"));
  EXPECT_TRUE(has_issue(result.repaired, 1, "streetAddress", "web-text-in-address"));
}

TEST(EoirProBonoTest, MergedOfficesKeepOnlyTheStreetOfTheCityLine) {
  PbRow r = office("National Immigrant Justice Center",
                   "111 W. Jackson Blvd., 615 N. Alabama Street, Suite 126",
                   "Indianapolis, IN 46204", "(312) 660-1370");
  const auto result = import_pb({r});
  ASSERT_EQ(result.records.addresses.size(), 1u);
  EXPECT_EQ(result.records.addresses[0].address_1, "615 N. Alabama Street, Suite 126");
  EXPECT_EQ(result.records.addresses[0].city, "Indianapolis");
  EXPECT_TRUE(has_issue(result.rejected, 1, "streetAddress", "111 W. Jackson Blvd."));
}

TEST(EoirProBonoTest, InlineCityStateZipAndMailingLabelMakeTwoLocations) {
  PbRow r = office("UNLV Immigration Clinic",
                   "Physical Address:, 1212 Casino Center Blvd., Las Vegas, Nevada 89104, Mailing "
                   "Address:, P.O. Box 71075",
                   "Las Vegas, NV 89170-1075", "(702) 895-3000");
  const auto result = import_pb({r});
  ASSERT_EQ(result.records.addresses.size(), 2u);
  EXPECT_EQ(result.records.addresses[0].postal_code, "89104");
  EXPECT_EQ(result.records.addresses[0].state_province, "Nevada");
  EXPECT_EQ(result.records.addresses[1].postal_code, "89170-1075");
  EXPECT_EQ(result.records.locations[1].location_type, "postal");
  EXPECT_TRUE(result.rejected.empty());
}

TEST(EoirProBonoTest, TextThatIsNotAnAddressIsRejected) {
  PbRow r = office("Pacific Gateway Center",
                   "723 C. Umi Street, 18 who have been designated unaccompanied");
  const auto result = import_pb({r});
  EXPECT_EQ(result.records.addresses[0].address_1, "723 C. Umi Street");
  EXPECT_TRUE(has_issue(result.rejected, 1, "streetAddress", "18 who have been"));
}

TEST(EoirProBonoTest, DoubledWebsiteKeepsTheFirst) {
  PbRow a = office("CIRI");
  a.website = "www.cirict.orgwww.cirict.orgwww.cirict.org";
  PbRow b = office("LSNJ", "100 Metroplex Drive", "Edison, NJ 08817", "(732) 572-9100 ext. 8782");
  b.website = "www.lsnj.org or lsnjlawhotline.org";
  const auto result = import_pb({a, b});
  EXPECT_EQ(find_org(result.records, "CIRI")->website, "www.cirict.org");
  EXPECT_EQ(find_org(result.records, "LSNJ")->website, "www.lsnj.org");
  EXPECT_EQ(result.records.phones[1].extension, "8782");
  EXPECT_TRUE(has_issue(result.repaired, 1, "website", "doubled-website"));
  EXPECT_TRUE(has_issue(result.repaired, 2, "website", "doubled-website"));
}

TEST(EoirProBonoTest, SameNameWithDifferentDomainsIsTwoOrganizations) {
  PbRow a = office("Community Legal Aid", "1 Main Street", "Worcester, MA 01608");
  a.website = "www.communitylegal.org";
  PbRow b = office("Community Legal Aid", "2 Oak Street", "Dayton, OH 45402", "(937) 555-0100");
  b.website = "www.cla-ohio.org";
  b.page = 200;
  const auto result = import_pb({a, b});
  ASSERT_EQ(result.records.organizations.size(), 2u);
  EXPECT_EQ(result.records.organizations[0].id, "eoir-org-community-legal-aid-worcester");
  EXPECT_EQ(result.records.organizations[1].id, "eoir-org-community-legal-aid-dayton");
  EXPECT_TRUE(has_issue(result.repaired, 2, "organizationName", "same-name-split"));
}

TEST(EoirProBonoTest, NameWhoseHeadWasLostJoinsTheSameProvider) {
  PbRow a = office("University of Texas School of Law Immigration Clinic",
                   "727 East Dean Keeton Street", "Austin, TX 78705", "(512) 232-1292");
  PbRow b = a;
  b.name = "Immigration Clinic";
  b.page = 133;
  PbRow c = a;
  c.name = "Immigration Clinic";
  c.phone = "(512) 555-0100";  // another phone: not certain, stays apart
  c.page = 140;
  const auto result = import_pb({a, b, c});
  EXPECT_EQ(result.records.organizations.size(), 2u);
  EXPECT_TRUE(has_issue(result.repaired, 2, "organizationName", "name-head-lost"));
  EXPECT_NE(find_org(result.records, "Immigration Clinic"), nullptr);
}

TEST(EoirProBonoTest, RowsWithoutNameOrContactAreRejected) {
  PbRow nameless = office("");
  PbRow contactless;
  contactless.name = "Somebody";
  contactless.case_types = "Asylum";
  const auto result = import_pb({nameless, contactless});
  EXPECT_TRUE(result.records.organizations.empty());
  EXPECT_TRUE(has_issue(result.rejected, 1, "organizationName", "no name"));
  EXPECT_TRUE(has_issue(result.rejected, 2, "organizationName", "nothing to contact"));
}

TEST(EoirProBonoTest, ServiceCarriesCourtsLanguagesAndReferralFlag) {
  PbRow a = office("Human Rights First");
  a.referral = true;
  a.languages = "Spanish, French, Haitian Creole, and others as needed";
  a.case_types = "Asylum only";
  a.intake = "No walk-ins";
  a.court = "Eloy Immigration Court";
  a.state = "AZ";
  PbRow b = a;
  b.court = "Otay Mesa Immigration Court";
  b.state = "CA";
  b.languages = "Any";
  const auto result = import_pb({a, b});
  const auto& r = result.records;
  ASSERT_EQ(r.services.size(), 1u);
  EXPECT_EQ(r.services[0].description, "Asylum only\nNo walk-ins");
  EXPECT_EQ(r.services[0].provenance.source_row, "rows 1, 2");
  ASSERT_EQ(r.service_areas.size(), 2u);
  EXPECT_EQ(r.service_areas[0].uri, "urn:eoir-court:Eloy Immigration Court");
  EXPECT_EQ(r.service_areas[1].description, "State: CA");
  ASSERT_EQ(r.languages.size(), 3u);
  EXPECT_EQ(r.languages[0].name, "Haitian Creole");
  EXPECT_EQ(r.languages[0].code, "ht");
  std::vector<std::string> terms;
  for (const auto& at : r.attributes) {
    EXPECT_EQ(at.link_id, r.services[0].id);
    EXPECT_EQ(at.link_entity, "service");
    terms.push_back(at.taxonomy_term_id + " | " + at.label);
  }
  EXPECT_EQ(terms, (std::vector<std::string>{
                       "legal | eoir-pro-bono-list: listed in the DOJ/EOIR List of Pro Bono Legal "
                       "Service Providers",
                       "free-of-charge | eoir-pro-bono-free: the list is of pro bono (free) legal "
                       "services",
                       "referral | eoir-referral-flag: isReferralService is true"}));
  EXPECT_TRUE(has_issue(result.rejected, 2, "languages", "names no language"));
  EXPECT_EQ(r.organizations[0].provenance.dataset,
            "DOJ/EOIR List of Pro Bono Legal Service Providers (July 2026 edition)");
  EXPECT_EQ(r.organizations[0].provenance.source_date, "2026-09-10");
}

TEST(EoirProBonoTest, SpeedDialStatedInTheTextBecomesAPhoneWithItsAttribute) {
  PbRow a = office("ABA Hotline");
  a.case_types =
      "Pro se case assistance for detained respondents only; Respondents detained at ICE; "
      "facilities should contact our speed dial at 2150#; To contact on behalf of an individual";
  PbRow b = a;
  b.court = "Eloy Immigration Court";
  b.state = "AZ";
  const auto result = import_pb({a, b});
  const auto& r = result.records;
  ASSERT_EQ(r.organizations.size(), 1u);
  const auto* dial = find_phone(r, "2150#");
  ASSERT_NE(dial, nullptr);
  EXPECT_EQ(dial->id, "eoir-org-aba-hotline-speed-dial-2150");
  EXPECT_EQ(dial->organization_id, "eoir-org-aba-hotline");
  EXPECT_EQ(dial->type, "voice");
  EXPECT_EQ(dial->description, "Speed dial from ICE detention facility phones");
  EXPECT_EQ(dial->location_id, "");
  EXPECT_EQ(dial->provenance.source_row, "rows 1, 2");
  EXPECT_NE(find_phone(r, "(210) 555-0100"), nullptr);  // the office's own number stays
  const auto attribute =
      std::find_if(r.attributes.begin(), r.attributes.end(),
                   [](const store::Attribute& x) { return x.link_entity == "phone"; });
  ASSERT_NE(attribute, r.attributes.end());
  EXPECT_EQ(attribute->id, "eoir-org-aba-hotline-speed-dial-2150-detention-speed-dial");
  EXPECT_EQ(attribute->link_id, dial->id);
  EXPECT_EQ(attribute->taxonomy_term_id, "detention-speed-dial");
  EXPECT_EQ(attribute->value, "2150#");
  EXPECT_EQ(std::count_if(r.attributes.begin(), r.attributes.end(),
                          [](const store::Attribute& x) { return x.link_entity == "phone"; }),
            1);
  const auto term =
      std::find_if(r.taxonomy_terms.begin(), r.taxonomy_terms.end(),
                   [](const store::TaxonomyTerm& t) { return t.id == "detention-speed-dial"; });
  ASSERT_NE(term, r.taxonomy_terms.end());
  EXPECT_EQ(term->code, "detention-speed-dial");
  EXPECT_EQ(term->name, "Free call from ICE detention phones");
  EXPECT_EQ(term->taxonomy_id, "amparo-phone");
  EXPECT_TRUE(std::any_of(r.taxonomies.begin(), r.taxonomies.end(),
                          [](const store::Taxonomy& t) { return t.id == "amparo-phone"; }));
  for (int row : {1, 2}) {
    EXPECT_TRUE(has_issue(result.repaired, row, "caseTypeLimits",
                          "speed-dial code stated in caseTypeLimits: \"speed dial at 2150#\""));
  }
  // The text is kept as published in the service description.
  ASSERT_EQ(r.services.size(), 1u);
  EXPECT_NE(r.services[0].description.find("speed dial at 2150#"), std::string::npos);
}

TEST(EoirProBonoTest, CodeWithoutAnExplicitSpeedDialPhraseIsNotRead) {
  for (const std::string text :
       {"Call 2150# from detention", "Suite 500 #2026", "our speed dial at 21#",
        "our speed dial at 123456#", "our speed dial at 2150", "speed dial 2150#"}) {
    PbRow a = office("ABA Hotline");
    a.case_types = text;
    const auto result = import_pb({a});
    EXPECT_EQ(find_phone(result.records, "2150#"), nullptr) << text;
    EXPECT_TRUE(std::none_of(
        result.records.attributes.begin(), result.records.attributes.end(),
        [](const store::Attribute& x) { return x.taxonomy_term_id == "detention-speed-dial"; }))
        << text;
    EXPECT_EQ(result.records.phones.size(), 1u) << text;
    EXPECT_TRUE(
        std::none_of(result.records.taxonomy_terms.begin(), result.records.taxonomy_terms.end(),
                     [](const store::TaxonomyTerm& t) { return t.id == "detention-speed-dial"; }))
        << text;
  }
}

TEST(EoirProBonoTest, SpeedDialInIntakePolicyIsReadToo) {
  PbRow a = office("ABA Hotline");
  a.intake = "Detained callers: Speed dial at 9116#.";
  const auto result = import_pb({a});
  const auto* dial = find_phone(result.records, "9116#");
  ASSERT_NE(dial, nullptr);
  EXPECT_EQ(dial->provenance.source_row, "row 1");
  EXPECT_TRUE(has_issue(result.repaired, 1, "intakePolicy", "\"Speed dial at 9116#\""));
}

// ---- Recognized organizations ----

std::string rec_row(const std::string& name, const std::string& street, const std::string& csz,
                    const std::string& phone, const std::string& recognized = "11/27/24",
                    const std::string& expiration = "11/27/26", bool pending = false) {
  return "{\"organization_name\":" + json_string(name) +
         ",\"organization_status\":\"Active\",\"organization_recognized_date\":" +
         json_string(recognized) +
         ",\"organization_recognition_expiration\":" + json_string(expiration) +
         ",\"organization_recognition_pending_renewal\":" + (pending ? "true" : "false") +
         ",\"office_type\":\"Principal Office\",\"street_address\":" + json_string(street) +
         ",\"city_state_zip\":" + json_string(csz) + ",\"phone\":" + json_string(phone) +
         ",\"state\":\"XX\"}";
}

ImportResult import_rec(const std::vector<std::string>& rows) {
  std::string text = "[";
  for (const auto& r : rows) text += (text.size() > 1 ? "," : "") + r;
  text += "]";
  const auto* info = testing::UnitTest::GetInstance()->current_test_info();
  auto result = import_eoir_recognized(write_temp(std::string(info->name()) + ".json", text));
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  return result.ok() ? std::move(result).value() : ImportResult{};
}

TEST(EoirRecognizedTest, RowBecomesOrganizationOfficePhoneAndFlag) {
  const auto result =
      import_rec({rec_row("Adelante Mujeres", "2030 Main Street, Suite A", "Forest Grove, OR 97116",
                          "(503) 810-2909", "11/27/24", "11/27/26", true)});
  const auto& r = result.records;
  ASSERT_EQ(r.organizations.size(), 1u);
  EXPECT_EQ(r.organizations[0].id, "eoir-recognized-adelante-mujeres-forest-grove");
  EXPECT_EQ(r.locations[0].description, "Principal Office");
  EXPECT_EQ(r.addresses[0].postal_code, "97116");
  EXPECT_EQ(r.phones[0].location_id, r.locations[0].id);
  ASSERT_EQ(r.attributes.size(), 2u);
  EXPECT_EQ(r.attributes[0].value, "Active");
  EXPECT_EQ(r.attributes[0].label, "recognized 2024-11-27 until 2026-11-27 (renewal pending)");
  EXPECT_EQ(r.attributes[0].taxonomy_term_id, "amparo-doj-recognized");
  ASSERT_EQ(r.taxonomy_terms.size(), 2u);
  EXPECT_EQ(r.taxonomy_terms[0].taxonomy_id, "amparo-flags");
  EXPECT_EQ(r.phones[0].provenance.source_row, "row 1");
  // Rule roster-recognized: one service, tracing to the row, at the office, with the term legal.
  ASSERT_EQ(r.services.size(), 1u);
  EXPECT_EQ(r.services[0].id, "eoir-recognized-adelante-mujeres-forest-grove-legal-services");
  EXPECT_EQ(r.services[0].name, "Immigration legal services");
  EXPECT_EQ(r.services[0].provenance.source_row, "row 1");
  ASSERT_EQ(r.service_at_locations.size(), 1u);
  EXPECT_EQ(r.service_at_locations[0].location_id, r.locations[0].id);
  EXPECT_EQ(r.attributes[1].taxonomy_term_id, "legal");
  EXPECT_EQ(r.attributes[1].link_id, r.services[0].id);
  EXPECT_EQ(r.attributes[1].label,
            "roster-recognized: an active recognized organization in the DOJ/EOIR roster, row 1");
  EXPECT_EQ(r.taxonomy_terms[1].taxonomy_id, "amparo-service");
}

TEST(EoirRecognizedTest, MergedDatesKeepTheFirstAndAreReported) {
  const auto result =
      import_rec({rec_row("Catholic Social Services", "197 E. Gay Street", "Columbus, OH 43215",
                          "(614) 221-5891", "05/19/99 12/09/24 05/19/99", "07/30/25")});
  EXPECT_EQ(result.records.attributes[0].label, "recognized 1999-05-19 until 2025-07-30");
  EXPECT_TRUE(has_issue(result.repaired, 1, "organization_recognized_date", "merged-dates"));
}

TEST(EoirRecognizedTest, BadDateIsShownAsGivenAndReported) {
  const auto result =
      import_rec({rec_row("X", "1 Main Street", "Adrian, MI 49221", "(517) 266-3448", "13/45/24")});
  EXPECT_EQ(result.records.attributes[0].label, "recognized 13/45/24 until 2026-11-27");
  EXPECT_TRUE(has_issue(result.rejected, 1, "organization_recognized_date", "not a MM/DD/YY"));
}

TEST(EoirRecognizedTest, LineWrapSpaceIsJoinedOnlyWhenTheWordExistsElsewhere) {
  const auto result = import_rec(
      {rec_row("Neighborhood House/Internation al Learning", "1 Main Street", "Milwaukee, WI 53233",
               "null"),
       rec_row("International Institute", "2 Main Street", "Saint Louis, MO 63118", "null"),
       rec_row("Chester Aid", "1254 West Chester Pike", "West Chester, PA 19380", "null")});
  EXPECT_EQ(result.records.organizations[0].name, "Neighborhood House/International Learning");
  EXPECT_EQ(result.records.addresses[2].address_1, "1254 West Chester Pike");
  EXPECT_EQ(result.repaired.size(), 1u);
  EXPECT_TRUE(has_issue(result.repaired, 1, "organization_name", "line-wrap-space"));
}

TEST(EoirRecognizedTest, StreetInsideCityIsSplitAfterTheStreetWord) {
  const auto result = import_rec(
      {rec_row("Catholic Charities", "null", "1819 Gull Road Kalamazoo, MI 49048", "null")});
  ASSERT_EQ(result.records.addresses.size(), 1u);
  EXPECT_EQ(result.records.addresses[0].address_1, "1819 Gull Road");
  EXPECT_EQ(result.records.addresses[0].city, "Kalamazoo");
  EXPECT_TRUE(result.records.phones.empty());
  EXPECT_TRUE(has_issue(result.repaired, 1, "city_state_zip", "street-in-city"));
}

TEST(EoirRecognizedTest, MisspelledCityIsReportedAndKept) {
  const auto result = import_rec({rec_row("A", "1 Main Street", "Baltimore, MD 21201", "null"),
                                  rec_row("B", "2 Main Street", "Baltimore, MD 21202", "null"),
                                  rec_row("C", "3 Main Street", "Balitmore, MD 21239", "null")});
  EXPECT_EQ(result.records.addresses[2].city, "Balitmore");
  EXPECT_TRUE(has_issue(result.repaired, 3, "city_state_zip", "unchanged"));
}

TEST(EoirRecognizedTest, BadRowsAreRejected) {
  const auto result = import_rec({rec_row("", "1 Main Street", "Adrian, MI 49221", "null"),
                                  rec_row("A", "1 Main Street", "Adrian, MI 49221", "(517) 266"),
                                  rec_row("A", "2 Main Street", "Adrian, MI 49221", "null"),
                                  rec_row("B", "1 Main Street", "Adrian 49221", "null")});
  EXPECT_TRUE(has_issue(result.rejected, 1, "organization_name", "no name"));
  EXPECT_TRUE(has_issue(result.rejected, 2, "phone", "not one complete"));
  EXPECT_TRUE(has_issue(result.rejected, 3, "organization_name", "same name and city as row 2"));
  EXPECT_TRUE(has_issue(result.rejected, 4, "city_state_zip", "no address"));
  EXPECT_EQ(result.records.organizations.size(), 2u);
  EXPECT_TRUE(result.records.phones.empty());
}

// ---- Malformed input ----

struct MalformedCase {
  const char* name;
  std::string text;
  std::string words;  // in the message
};

class EoirMalformedTest : public testing::TestWithParam<MalformedCase> {};

TEST_P(EoirMalformedTest, IsAnErrorNamingTheFile) {
  const auto& c = GetParam();
  const std::string path = write_temp(std::string(c.name) + ".json", c.text);
  for (auto importer : {&import_eoir_pro_bono, &import_eoir_recognized}) {
    const auto result = importer(path);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().file, path);
    EXPECT_NE(result.error().message.find(c.words), std::string::npos) << result.error().message;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, EoirMalformedTest,
    testing::Values(MalformedCase{"Empty", "", "empty file"},
                    MalformedCase{"Blank", " \n ", "empty file"},
                    MalformedCase{"NotJson", "name,phone\nx,y\n", "not valid JSON"},
                    MalformedCase{"Truncated", "[{\"a\": ", "not valid JSON"},
                    MalformedCase{"Object", "{\"organizationName\": \"x\"}", "array"},
                    MalformedCase{"ArrayOfNumbers", "[1, 2]", "row 1: expected an object"},
                    MalformedCase{"InvalidUtf8", "[{\"organizationName\": \"Caf\xE9\"}]",
                                  "invalid UTF-8 at byte 26"},
                    MalformedCase{"MissingKey", "[{\"organization\": \"x\"}]",
                                  "row 1: missing key"}),
    [](const testing::TestParamInfo<MalformedCase>& p) { return std::string(p.param.name); });

TEST(EoirProBonoTest, MissingKeyAndWrongTypeNameTheKey) {
  PbRow r = office("A");
  std::string text = pb_json({r});
  const std::string no_phone = write_temp("no_phone.json", [&] {
    std::string t = text;
    t.replace(t.find("\"phone\""), 7, "\"fone\"");
    return t;
  }());
  auto missing = import_eoir_pro_bono(no_phone);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "phone");
  const std::string bad_page = write_temp("bad_page.json", [&] {
    std::string t = text;
    t.replace(t.find("128"), 3, "\"128\"");
    return t;
  }());
  auto wrong = import_eoir_pro_bono(bad_page);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().field, "pageNumber");
  EXPECT_NE(wrong.error().message.find("integer"), std::string::npos);
}

TEST(EoirProBonoTest, MissingFileIsNotFound) {
  const auto result = import_eoir_pro_bono("/nonexistent/eoir.json");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(result.error().file, "/nonexistent/eoir.json");
}

TEST(EoirProBonoTest, InvalidUtf8NamesTheLine) {
  const std::string path = write_temp("utf8_line.json", "[\n{\"a\":\n\"\xC3\x28\"}]");
  const auto result = import_eoir_pro_bono(path);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().line, 3);
}

}  // namespace
}  // namespace amparo::directory
