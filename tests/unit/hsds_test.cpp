// HSDS 3.0 import and export: round trips through CSV and JSON, validation against the Open
// Referral schemas, the official examples, a real 211 export in the 1.x layout, and malformed
// input.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/file.h"
#include "directory/bundle.h"
#include "directory/import.h"
#include "store/records.h"

namespace amparo::directory {
namespace {

namespace fs = std::filesystem;
using store::Records;

const std::string kShared = std::string(AMPARO_SOURCE_DIR) + "/../shared/data";
// The HSDS 3.0 schemas and examples ship with amparo (data/hsds-3.0, CC BY-SA 4.0, Open Referral).
const std::string kHsds = std::string(AMPARO_SOURCE_DIR) + "/data/hsds-3.0";

// A fresh, empty folder for one test.
fs::path temp_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("amparo-hsds-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
}

std::string slurp(const fs::path& path) {
  auto text = read_file(path.string());
  return text.ok() ? std::move(*text) : std::string();
}

// Every record type, in the store's order (by id), with the text that breaks naive writers:
// Arabic and Chinese, quotes, commas, line breaks; a location without coordinates; provenance on
// every record that has it; translations.
Records rich_records() {
  Records r;
  const store::Provenance eoir{"eoir/pro-bono-2026-09-10.json", "2026-09-10", "2026-09-12",
                               "row 12"};
  const store::Provenance hand{"amparo editors", "", "2026-01-05", ""};
  r.organizations = {
      {"org-1", "Al-Amal \"Hope\" Legal Aid, Inc.", "الأمل",
       "Free help for asylum seekers,\nin "
       "Arabic and English.",
       "help@example.org", "https://example.org", eoir},
      {"org-2", "华人法律服务中心", "", "为寻求庇护者提供免费法律咨询。", "", "", hand},
  };
  r.services = {
      {"svc-1", "org-1", "Detained adults: \"know your rights\"", "Line 1\r\nLine 2, with comma",
       "https://example.org/kyr", "", "active", eoir},
      {"svc-2", "org-2", "移民法庭代理", "", "", "info@example.cn", "temporarily closed", hand},
      {"svc-3", "org-1", "Phone line only", "", "", "", "inactive", {}},
  };
  r.locations = {
      {"loc-1", "org-1", "physical", "Main office", "Second floor, \"blue door\"", "", "", 31.7619,
       -106.485, eoir},
      {"loc-eloy",
       "",
       "physical",
       "Eloy Detention Center",
       "",
       "ELOYDCA",
       "ice_facility_code",
       std::nullopt,
       std::nullopt,
       {"ice/facilities.csv", "2026-08-01", "", "row 40"}},
      {"loc-mail", "org-2", "postal", "邮寄地址", "", "", "", 0.0, std::nullopt, {}},
  };
  r.addresses = {
      {"addr-1", "loc-1", "", "1 Main St", "Suite 2", "El Paso", "", "TX", "79901", "US",
       "physical"},
      {"addr-2", "loc-mail", "Attn: 法律部", "PO Box 9", "", "New York", "", "NY", "10001", "US",
       "postal"},
  };
  r.service_at_locations = {{"sal-1", "svc-1", "loc-1"}, {"sal-2", "svc-1", "loc-eloy"}};
  r.phones = {
      {"ph-1", "org-1", "", "", "+1 915 555 0100", "100", "voice", "Front desk", eoir},
      {"ph-2", "", "svc-1", "", "1-800-555-0199", "x12", "voice", "Detention line", eoir},
      {"ph-3", "", "", "loc-1", "915-555-0101", "0045", "fax", "", {}},
      {"ph-4", "", "", "", "911", "", "", "No parent at all", {}},
  };
  r.languages = {
      {"lang-1", "svc-1", "", "", "Arabic", "ar"},
      {"lang-2", "", "loc-1", "", "Chinese", "zh"},
      {"lang-3", "", "", "ph-2", "Spanish", "es"},
  };
  r.service_areas = {
      {"area-1", "svc-1", "Eloy Detention Center", "Visits weekly", "urn:ice-facility:ELOYDCA"}};
  r.taxonomies = {{"amparo-population", "amparo populations", "Who a service serves", "", "1"}};
  r.taxonomy_terms = {
      {"detained-adults", "detained-adults", "Detained adults", "", "population",
       "amparo-population", ""},
      {"detention-speed-dial", "detention-speed-dial", "Detention speed dial", "Free call code", "",
       "amparo-population", "en"},
      {"population", "population", "Population", "All populations", "", "amparo-population", ""},
  };
  r.attributes = {
      {"attr-1", "ph-2", "speed dial", "phone", "detention-speed-dial", "9116#", "Free call"},
      {"attr-2", "svc-1", "", "service", "detained-adults", "", ""},
  };
  r.translations = {
      {"location", "loc-1", "name", "zh", "总办公室", "unreviewed"},
      {"organization", "org-1", "name", "ar", "مركز الأمل للمساعدة القانونية", "machine"},
      {"service", "svc-1", "description", "es", "Línea 1\nLínea 2, con \"coma\"", "human"},
      {"service", "svc-1", "name", "es", "Adultos detenidos", "human"},
  };
  return r;
}

std::string issues(const std::vector<ImportIssue>& list) {
  std::string s;
  for (const auto& i : list) {
    s += i.file + ":" + std::to_string(i.row) + ": " + i.field + ": " + i.reason + "\n";
  }
  return s;
}

bool has_issue(const std::vector<ImportIssue>& list, const std::string& file, int row,
               const std::string& field, const std::string& reason_part) {
  return std::any_of(list.begin(), list.end(), [&](const ImportIssue& i) {
    return i.file == file && i.row == row && i.field == field &&
           i.reason.find(reason_part) != std::string::npos;
  });
}

// ---- Round trips ----

class HsdsRoundTripTest : public ::testing::TestWithParam<std::string> {};

TEST_P(HsdsRoundTripTest, ImportOfExportIsTheSameRecords) {
  const Records x = rich_records();
  const fs::path dir = temp_dir("roundtrip-" + GetParam());
  ASSERT_TRUE(export_hsds(x, dir.string(), GetParam()).ok());
  auto back = import_hsds(dir.string());
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  EXPECT_EQ(issues(back->rejected), "");
  EXPECT_EQ(issues(back->repaired), "");
  EXPECT_EQ(back->records.organizations, x.organizations);
  EXPECT_EQ(back->records.services, x.services);
  EXPECT_EQ(back->records.locations, x.locations);
  EXPECT_EQ(back->records.addresses, x.addresses);
  EXPECT_EQ(back->records.service_at_locations, x.service_at_locations);
  EXPECT_EQ(back->records.phones, x.phones);
  EXPECT_EQ(back->records.languages, x.languages);
  EXPECT_EQ(back->records.service_areas, x.service_areas);
  EXPECT_EQ(back->records.taxonomies, x.taxonomies);
  EXPECT_EQ(back->records.taxonomy_terms, x.taxonomy_terms);
  EXPECT_EQ(back->records.attributes, x.attributes);
  EXPECT_EQ(back->records.translations, x.translations);
  EXPECT_TRUE(back->records == x);
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Formats, HsdsRoundTripTest, ::testing::Values("csv", "json"));

TEST(HsdsExportTest, CsvPackageUsesTheHsdsFileNamesAndColumnOrder) {
  const fs::path dir = temp_dir("csv-layout");
  ASSERT_TRUE(export_hsds(rich_records(), dir.string(), "csv").ok());
  for (const char* file :
       {"datapackage.json", "organizations.csv", "services.csv", "locations.csv", "addresses.csv",
        "service_at_location.csv", "phones.csv", "languages.csv", "service_areas.csv",
        "taxonomies.csv", "taxonomy_terms.csv", "attributes.csv", "metadata.csv"}) {
    EXPECT_TRUE(fs::exists(dir / file)) << file;
  }
  const std::string services = slurp(dir / "services.csv");
  EXPECT_EQ(services.substr(0, services.find("\r\n")),
            "id,organization_id,program_id,name,alternate_name,description,url,email,status,"
            "interpretation_services,application_process,fees_description,wait_time,fees,"
            "accreditations,eligibility_description,minimum_age,maximum_age,assured_date,"
            "assurer_email,licenses,alert,last_modified");
  // Provenance is metadata by amparo; a phone extension HSDS cannot hold as a number too.
  const std::string metadata = slurp(dir / "metadata.csv");
  EXPECT_NE(metadata.find(",organization,2026-09-10,source,source_dataset,,"
                          "eoir/pro-bono-2026-09-10.json,amparo"),
            std::string::npos);
  EXPECT_NE(metadata.find(",phone,2026-09-10,source,source_row,,row 12,amparo"), std::string::npos);
  EXPECT_NE(metadata.find(",source,extension,,x12,amparo"), std::string::npos);
  // Translations are attributes of the amparo-translation taxonomy.
  EXPECT_NE(slurp(dir / "attributes.csv")
                .find(",svc-1,amparo-translation-es,"
                      "translation:name:human,service,Adultos detenidos"),
            std::string::npos);
  fs::remove_all(dir);
}

TEST(HsdsExportTest, UnknownFormatIsAnError) {
  const fs::path dir = temp_dir("bad-format");
  const auto status = export_hsds(rich_records(), dir.string(), "xml");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  fs::remove_all(dir);
}

// ---- Validation against the HSDS 3.0 schemas (python3-jsonschema, offline) ----

int validate(const fs::path& folder) {
  const std::string command = "python3 " + std::string(AMPARO_SOURCE_DIR) +
                              "/tests/tools/validate_hsds.py '" + folder.string() + "' '" + kHsds +
                              "/schema' > '" + folder.string() + "/validation.txt' 2>&1";
  return std::system(command.c_str());
}

TEST(HsdsSchemaTest, ExportValidatesAgainstTheHsdsSchemas) {
  const fs::path json = temp_dir("validate-json");
  ASSERT_TRUE(export_hsds(rich_records(), json.string(), "json").ok());
  EXPECT_TRUE(fs::exists(json / "phones.json"));  // the phone of no organization, service, location
  EXPECT_EQ(validate(json), 0) << slurp(json / "validation.txt");
  const fs::path csv = temp_dir("validate-csv");
  ASSERT_TRUE(export_hsds(rich_records(), csv.string(), "csv").ok());
  EXPECT_EQ(validate(csv), 0) << slurp(csv / "validation.txt");
  fs::remove_all(json);
  fs::remove_all(csv);
}

// The first-run bundle (service types, populations, recognized organizations' services, facility
// areas) exports as valid HSDS 3.0 and imports back to the same records.
TEST(HsdsSchemaTest, BundleExportValidatesAndImportsBack) {
  auto bundle = directory::load_bundle(std::string(AMPARO_SOURCE_DIR) + "/data");
  ASSERT_TRUE(bundle.ok()) << bundle.error().to_string();
  const fs::path json = temp_dir("validate-bundle");
  ASSERT_TRUE(export_hsds(bundle->records, json.string(), "json").ok());
  EXPECT_EQ(validate(json), 0) << slurp(json / "validation.txt");
  auto back = import_hsds(json.string());
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  EXPECT_EQ(issues(back->rejected), "");
  EXPECT_EQ(back->records.services.size(), bundle->records.services.size());
  EXPECT_EQ(back->records.attributes.size(), bundle->records.attributes.size());
  const auto by_id = [](auto list) {
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return list;
  };
  EXPECT_TRUE(by_id(back->records.taxonomies) == by_id(bundle->records.taxonomies));
  EXPECT_TRUE(by_id(back->records.taxonomy_terms) == by_id(bundle->records.taxonomy_terms));
  EXPECT_TRUE(by_id(back->records.attributes) == by_id(bundle->records.attributes));
  EXPECT_TRUE(by_id(back->records.service_areas) == by_id(bundle->records.service_areas));
  EXPECT_TRUE(by_id(back->records.services) == by_id(bundle->records.services));
  EXPECT_EQ(back->records.service_areas.size(), bundle->records.service_areas.size());
  EXPECT_EQ(back->records.phones.size(), bundle->records.phones.size());
  fs::remove_all(json);
}

TEST(HsdsSchemaTest, ValidatorRejectsAnInvalidService) {
  const fs::path dir = temp_dir("validate-bad");
  write(dir / "services.json",
        R"([{"id": "s", "name": "n", "status": "open", "phones": [{"id": "p"}]}])");
  EXPECT_NE(validate(dir), 0);
  const std::string report = slurp(dir / "validation.txt");
  EXPECT_NE(report.find("'open' is not one of"), std::string::npos) << report;
  EXPECT_NE(report.find("'number' is a required property"), std::string::npos) << report;
  fs::remove_all(dir);
}

// ---- The official HSDS 3.0 examples ----

TEST(HsdsExamplesTest, TabularExampleImportsWhatItsReferencesAllow) {
  const std::string dir = kHsds + "/examples/csv";
  auto r = import_hsds(dir);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const auto& rec = r->records;
  // The example's ids do not agree across files and its location's latitude is 100: what hangs on
  // the location goes with it, optional references to nothing are cleared.
  EXPECT_EQ(rec.organizations.size(), 1u) << issues(r->rejected);
  ASSERT_EQ(rec.services.size(), 1u);
  EXPECT_EQ(rec.services[0].name, "Community Counselling");
  EXPECT_EQ(rec.services[0].provenance.assured_date, "2005-01-01");
  EXPECT_EQ(rec.locations.size(), 0u);
  EXPECT_EQ(rec.addresses.size(), 0u);
  EXPECT_EQ(rec.service_at_locations.size(), 0u);
  EXPECT_EQ(rec.phones.size(), 0u);
  EXPECT_EQ(rec.languages.size(), 0u);
  EXPECT_EQ(rec.service_areas.size(), 1u);
  EXPECT_EQ(rec.taxonomies.size(), 1u);
  ASSERT_EQ(rec.taxonomy_terms.size(), 1u);
  EXPECT_EQ(rec.taxonomy_terms[0].taxonomy_id, "");
  EXPECT_EQ(rec.attributes.size(), 0u);
  EXPECT_TRUE(has_issue(r->rejected, "locations.csv", 2, "latitude", "out of range"));
  EXPECT_TRUE(has_issue(r->rejected, "phones.csv", 2, "location_id", "was rejected"));
  EXPECT_TRUE(has_issue(r->rejected, "attributes.csv", 2, "link_entity", "amparo keeps no"));
  EXPECT_TRUE(has_issue(r->rejected, "schedules.csv", 0, "", "1 rows not imported"));
  EXPECT_TRUE(has_issue(r->rejected, "metadata.csv", 0, "updated_by", "change history"));
  EXPECT_TRUE(has_issue(r->repaired, "taxonomy_terms.csv", 2, "taxonomy_id", "cleared"))
      << issues(r->repaired);
}

// Every example's location has latitude 100, so it is rejected, and with it the phones: the
// examples use one phone id everywhere, and its copy in the location names that location.
TEST(HsdsExamplesTest, JsonExamplesImport) {
  const std::string dir = kHsds + "/examples";
  struct Case {
    const char* file;
    std::size_t organizations, services, locations, phones, taxonomy_terms;
  };
  for (const Case& c : {
           Case{"service_full.json", 1, 1, 0, 0, 1},
           Case{"organization_full.json", 1, 1, 0, 0, 1},
           Case{"service_list.json", 1, 1, 0, 0, 0},
           Case{"location.json", 0, 0, 0, 0, 0},
           Case{"taxonomy_term.json", 0, 0, 0, 0, 1},
           Case{"service_at_location_full.json", 1, 1, 0, 0, 1},
       }) {
    auto r = import_hsds(dir + "/" + c.file);
    ASSERT_TRUE(r.ok()) << c.file << ": " << r.error().to_string();
    EXPECT_EQ(r->records.organizations.size(), c.organizations) << c.file << issues(r->rejected);
    EXPECT_EQ(r->records.services.size(), c.services) << c.file << issues(r->rejected);
    EXPECT_EQ(r->records.locations.size(), c.locations) << c.file << issues(r->rejected);
    EXPECT_EQ(r->records.phones.size(), c.phones) << c.file << issues(r->rejected);
    EXPECT_EQ(r->records.taxonomy_terms.size(), c.taxonomy_terms) << c.file << issues(r->rejected);
  }
}

// ---- A real 211 export in the HSDS 1.x layout ----

TEST(HsdsLegacyTest, Miami211ExportImportsWithItsCounts) {
  const std::string dir = kShared + "/hsds-1.x-211-miami";
  if (!fs::exists(dir)) GTEST_SKIP() << "no shared/data/hsds-1.x-211-miami";
  auto r = import_hsds_legacy(dir);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const auto& rec = r->records;
  // The export has 4,089 services and 1,074 organizations; 447 services name an organization the
  // export lacks and are rejected, with what hangs on them.
  EXPECT_EQ(rec.organizations.size(), 1074u);
  EXPECT_EQ(rec.services.size(), 4089u - 447u);
  EXPECT_EQ(std::count_if(r->rejected.begin(), r->rejected.end(),
                          [](const ImportIssue& i) {
                            return i.file == "services.csv" && i.field == "organization_id";
                          }),
            447);
  EXPECT_EQ(rec.locations.size(), 4089u);
  EXPECT_EQ(rec.addresses.size(), 4089u);
  EXPECT_EQ(rec.service_at_locations.size(), 4089u - 447u);
  EXPECT_EQ(rec.phones.size(), 4089u - 447u - 22u);  // 22 have no number
  EXPECT_TRUE(has_issue(r->rejected, "phones.csv", 900, "number", "required value is empty"))
      << issues(r->rejected);
  EXPECT_EQ(rec.attributes.size(), 26259u - 2417u);     // services_taxonomy rows of kept services
  EXPECT_EQ(rec.languages.size(), 9364u - 1122u - 7u);  // of kept services; 7 name no language
  EXPECT_EQ(rec.taxonomies.size(), 1u);
  EXPECT_EQ(rec.taxonomy_terms.size(), 1994u - 3u);  // three ids repeat
  EXPECT_EQ(std::count_if(r->rejected.begin(), r->rejected.end(),
                          [](const ImportIssue& i) {
                            return i.file == "taxonomy.csv" && i.field == "id" &&
                                   i.reason.find("also at taxonomy.csv line") != std::string::npos;
                          }),
            3);
  EXPECT_TRUE(has_issue(r->rejected, "regular_schedules.csv", 0, "", "11350 rows not imported"));
  EXPECT_TRUE(has_issue(r->repaired, "services.csv", 0, "status", "4089 services"));
  const auto& s = rec.services.front();
  EXPECT_EQ(s.provenance.dataset, "github.com/openreferral/open211-miami-data-api: services.csv");
  EXPECT_EQ(s.provenance.source_date, "2019-07-29");
  EXPECT_EQ(s.provenance.source_row, "row 2");
  EXPECT_EQ(rec.addresses.front().state_province, "FL");  // "FL " trimmed
  const auto spanish = std::count_if(rec.languages.begin(), rec.languages.end(),
                                     [](const store::Language& l) { return l.code == "es"; });
  EXPECT_GT(spanish, 2500);
}

TEST(HsdsLegacyTest, FolderWithoutHsdsFilesIsAnError) {
  const fs::path dir = temp_dir("legacy-empty");
  auto r = import_hsds_legacy(dir.string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  fs::remove_all(dir);
}

// ---- Malformed input ----

// A small valid package; tests break one file of it.
fs::path small_package(const std::string& name) {
  const fs::path dir = temp_dir(name);
  write(dir / "datapackage.json", R"({"name": "test", "resources": []})");
  write(dir / "organizations.csv", "id,name,description\norg-1,First,\norg-2,Second,\n");
  write(dir / "services.csv",
        "id,organization_id,name,status\nsvc-1,org-1,Help,active\nsvc-2,org-2,More help,active\n");
  return dir;
}

TEST(HsdsMalformedTest, SmallPackageImports) {
  const fs::path dir = small_package("small");
  auto r = import_hsds(dir.string());
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->records.organizations.size(), 2u);
  EXPECT_EQ(r->records.services.size(), 2u);
  EXPECT_EQ(issues(r->rejected), "");
  fs::remove_all(dir);
}

TEST(HsdsMalformedTest, UnbalancedQuoteIsAnErrorNamingTheLine) {
  const fs::path dir = small_package("quote");
  write(dir / "services.csv",
        "id,organization_id,name,status\nsvc-1,org-1,\"Help,active\nsvc-2,org-2,More,active\n");
  auto r = import_hsds(dir.string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().file, "services.csv");
  EXPECT_EQ(r.error().line, 2);
  fs::remove_all(dir);
}

TEST(HsdsMalformedTest, MissingRequiredColumnIsAnErrorNamingIt) {
  const fs::path dir = small_package("column");
  write(dir / "services.csv", "id,organization_id,title,status\nsvc-1,org-1,Help,active\n");
  auto r = import_hsds(dir.string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().file, "services.csv");
  EXPECT_EQ(r.error().line, 1);
  EXPECT_EQ(r.error().field, "name");
  fs::remove_all(dir);
}

TEST(HsdsMalformedTest, InvalidUtf8IsAnErrorNamingLineAndField) {
  const fs::path dir = small_package("utf8");
  write(dir / "organizations.csv", "id,name,description\norg-1,First,\norg-2,Caf\xE9,\n");
  auto r = import_hsds(dir.string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().file, "organizations.csv");
  EXPECT_EQ(r.error().line, 3);
  EXPECT_EQ(r.error().field, "name");
  EXPECT_NE(r.error().message.find("UTF-8"), std::string::npos);
  fs::remove_all(dir);
}

TEST(HsdsMalformedTest, ByteOrderMarkAndCrlfAreAccepted) {
  const fs::path dir = small_package("bom");
  write(dir / "organizations.csv",
        "\xEF\xBB\xBFid,name,description\r\norg-1,First,\"two\r\nlines\"\r\norg-2,Second,\r\n");
  auto r = import_hsds(dir.string());
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->records.organizations.size(), 2u);
  EXPECT_EQ(r->records.organizations[0].id, "org-1");
  EXPECT_EQ(r->records.organizations[0].description, "two\r\nlines");
  EXPECT_EQ(r->records.organizations[1].name, "Second");
  fs::remove_all(dir);
}

TEST(HsdsMalformedTest, DuplicateIdRejectsTheSecondRowNamingBoth) {
  const fs::path dir = small_package("duplicate");
  write(dir / "organizations.csv", "id,name,description\norg-1,First,\norg-1,Again,\n");
  write(dir / "services.csv", "id,organization_id,name,status\nsvc-1,org-1,Help,active\n");
  auto r = import_hsds(dir.string());
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->records.organizations.size(), 1u);
  EXPECT_EQ(r->records.organizations[0].name, "First");
  EXPECT_TRUE(has_issue(r->rejected, "organizations.csv", 3, "id",
                        "duplicate id \"org-1\": also at organizations.csv line 2"))
      << issues(r->rejected);
  fs::remove_all(dir);
}

TEST(HsdsMalformedTest, DanglingReferencesRejectOrClearWithAReason) {
  const fs::path dir = small_package("dangling");
  write(dir / "services.csv",
        "id,organization_id,name,status\nsvc-1,org-1,Help,active\nsvc-2,org-9,Lost,active\n");
  write(dir / "locations.csv", "id,location_type,organization_id\nloc-1,physical,org-9\n");
  write(dir / "phones.csv", "id,service_id,number\nph-1,svc-2,911\nph-2,svc-1,912\n");
  auto r = import_hsds(dir.string());
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->records.services.size(), 1u);
  EXPECT_EQ(r->records.services[0].id, "svc-1");
  EXPECT_TRUE(has_issue(r->rejected, "services.csv", 3, "organization_id",
                        "names no organization in the package (\"org-9\")"))
      << issues(r->rejected);
  // A phone of the rejected service goes with it; another is kept.
  ASSERT_EQ(r->records.phones.size(), 1u);
  EXPECT_EQ(r->records.phones[0].id, "ph-2");
  EXPECT_TRUE(has_issue(r->rejected, "phones.csv", 2, "service_id", "was rejected"));
  // An optional reference to nothing is cleared and reported.
  ASSERT_EQ(r->records.locations.size(), 1u);
  EXPECT_EQ(r->records.locations[0].organization_id, "");
  EXPECT_TRUE(has_issue(r->repaired, "locations.csv", 2, "organization_id", "cleared"));
  fs::remove_all(dir);
}

TEST(HsdsMalformedTest, TenMegabyteFieldRejectsItsRow) {
  const fs::path dir = small_package("huge");
  write(dir / "organizations.csv", "id,name,description\norg-1,First,\norg-2,Second," +
                                       std::string(10 * 1024 * 1024, 'x') + "\n");
  auto r = import_hsds(dir.string());
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->records.organizations.size(), 1u);
  EXPECT_TRUE(has_issue(r->rejected, "organizations.csv", 3, "description", "field too long"));
  // The service of the rejected organization is rejected with it.
  EXPECT_TRUE(has_issue(r->rejected, "services.csv", 3, "organization_id", "was rejected"));
  fs::remove_all(dir);
}

TEST(HsdsMalformedTest, EmptyFileIsAnError) {
  const fs::path dir = small_package("empty");
  write(dir / "services.csv", "");
  auto r = import_hsds(dir.string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().file, "services.csv");
  fs::remove_all(dir);
}

TEST(HsdsMalformedTest, InvalidValuesRejectTheirRows) {
  const fs::path dir = small_package("values");
  write(dir / "services.csv",
        "id,organization_id,name,status\nsvc-1,org-1,Help,open\n,org-1,No id,active\n");
  write(dir / "locations.csv",
        "id,location_type,latitude,longitude\nloc-1,physical,north,1\nloc-2,physical,91,0\n");
  write(dir / "phones.csv", "id,number,type\nph-1,911,pigeon\nph-2,912,\n");
  auto r = import_hsds(dir.string());
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_TRUE(r->records.services.empty());
  EXPECT_TRUE(r->records.locations.empty());
  EXPECT_EQ(r->records.phones.size(), 1u);
  EXPECT_TRUE(has_issue(r->rejected, "services.csv", 2, "status", "not an HSDS status"));
  EXPECT_TRUE(has_issue(r->rejected, "services.csv", 3, "id", "empty"));
  EXPECT_TRUE(has_issue(r->rejected, "locations.csv", 2, "latitude", "not a number"));
  EXPECT_TRUE(has_issue(r->rejected, "locations.csv", 3, "latitude", "out of range"));
  EXPECT_TRUE(has_issue(r->rejected, "phones.csv", 2, "type", "not an HSDS phone type"));
  fs::remove_all(dir);
}

TEST(HsdsMalformedTest, RowWithTheWrongNumberOfFieldsIsRejected) {
  const fs::path dir = small_package("fields");
  write(dir / "organizations.csv", "id,name,description\norg-1,First,\norg-2,Second,,extra\n");
  auto r = import_hsds(dir.string());
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->records.organizations.size(), 1u);
  EXPECT_TRUE(has_issue(r->rejected, "organizations.csv", 3, "", "4 fields; the header has 3"));
  fs::remove_all(dir);
}

TEST(HsdsMalformedTest, BadJsonIsAnErrorAndNeverACrash) {
  const fs::path dir = temp_dir("json-bad");
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case& c : {Case{"", "empty"}, Case{"[{\"id\": \"s\",", "not valid JSON"},
                        Case{"42", "top level"}, Case{"[\"\xFF\"]", "not valid JSON"}}) {
    write(dir / "services.json", c.text);
    auto r = import_hsds((dir / "services.json").string());
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.error().file, "services.json");
    EXPECT_NE(r.error().message.find(c.message), std::string::npos) << r.error().message;
  }
  fs::remove_all(dir);
}

TEST(HsdsMalformedTest, BadJsonRecordsAreRejectedByItem) {
  const fs::path dir = temp_dir("json-items");
  write(dir / "organizations.json",
        R"([{"id": "o", "name": "Org", "description": ""},
            7,
            {"id": "o2", "name": {"no": 1}},
            {"id": "o", "name": "Other name", "description": ""}])");
  auto r = import_hsds((dir / "organizations.json").string());
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->records.organizations.size(), 1u);
  EXPECT_TRUE(has_issue(r->rejected, "organizations.json", 2, "", "not a JSON object"));
  EXPECT_TRUE(has_issue(r->rejected, "organizations.json", 3, "name", "string or a number"));
  EXPECT_TRUE(
      has_issue(r->rejected, "organizations.json", 4, "name", "also at organizations.json item 1"))
      << issues(r->rejected);
  fs::remove_all(dir);
}

TEST(HsdsMalformedTest, MissingPathIsNotFound) {
  auto r = import_hsds("/nonexistent/amparo/hsds.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace amparo::directory
