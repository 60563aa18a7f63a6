// Tests of the store. StoreContractTest is the contract every backend keeps, run once per backend
// in kBackends (SQLite now; PostgreSQL joins the list); SqliteStoreTest covers what only SQLite has
// (files, WAL, migrations).
#include "store/store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <ostream>
#include <random>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_store.h"

namespace amparo::store {

// For readable failures; beside ApplyStats's namespace so that GoogleTest finds it.
void PrintTo(const ApplyStats& stats, std::ostream* out) {
  *out << "{" << stats.inserted << " inserted, " << stats.updated << " updated, " << stats.unchanged
       << " unchanged, " << stats.deleted << " deleted}";
}

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

// A fresh, empty directory under the system's temporary directory, removed with its contents.
class ScratchDir {
 public:
  ScratchDir() {
    static std::atomic<int> counter{0};
    std::random_device random;
    path_ =
        fs::temp_directory_path() / ("amparo-store-test-" + std::to_string(::getpid()) + "-" +
                                     std::to_string(counter++) + "-" + std::to_string(random()));
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

template <typename T>
::testing::AssertionResult is_ok(const Result<T>& result) {
  if (result.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << result.error().to_string();
}

// A backend under the contract: `open` opens the store kept under `scratch` (a fresh, empty
// directory per test), creating it the first time; opening it again reaches the same data.
struct Backend {
  std::string name;
  std::function<Result<std::unique_ptr<Store>>(const fs::path& scratch)> open;
};

void PrintTo(const Backend& backend, std::ostream* out) { *out << backend.name; }

const Backend kBackends[] = {
    {"Sqlite",
     [](const fs::path& scratch) { return open_sqlite((scratch / "amparo.db").string()); }},
};

AuditEntry audit(std::string detail = "test") { return {"tester", "import", std::move(detail)}; }

Organization organization(std::string id, std::string name = "Legal aid") {
  Organization o;
  o.id = std::move(id);
  o.name = std::move(name);
  return o;
}

Service service(std::string id, std::string organization_id, std::string name = "Orientation") {
  Service s;
  s.id = std::move(id);
  s.organization_id = std::move(organization_id);
  s.name = std::move(name);
  return s;
}

Location location(std::string id, std::string organization_id) {
  Location l;
  l.id = std::move(id);
  l.organization_id = std::move(organization_id);
  return l;
}

ChangeSet upserting(Records records) {
  ChangeSet changes;
  changes.upserts = std::move(records);
  return changes;
}

ChangeSet deleting(std::vector<RecordRef> refs) {
  ChangeSet changes;
  changes.deletes = std::move(refs);
  return changes;
}

// One of every record type, every field set to a value of its own (so that a swapped column shows),
// with Arabic, Chinese and Spanish text, a facility without coordinates and a place at 0°, 0°.
Records every_record_type() {
  Records r;
  r.organizations = {
      {"org-1",
       "Al Otro Lado",
       "AOL",
       "Ayuda legal — مساعدة قانونية",
       "info@example.org",
       "https://example.org",
       {"eoir/pro-bono-representation.json", "2026-09-10", "2026-10-01", "row 12"}},
      {"org-2", "法律援助中心", "", "", "", "", {}},
  };
  r.taxonomies = {{"tax-pop", "amparo-population", "Populations served",
                   "https://amparo.example/taxonomy/population", "1"}};
  r.taxonomy_terms = {
      {"term-detained", "detained-adults", "Detained adults", "Adults held by ICE", "", "tax-pop",
       "en"},
      {"term-speed-dial", "detention-speed-dial", "Speed dial", "Free call code from detention",
       "term-detained", "tax-pop", ""},
  };
  r.locations = {
      {"loc-eloy",
       "",
       "physical",
       "Eloy Detention Center",
       "",
       "ELOYDCA",
       "ice_facility_code",
       std::nullopt,
       std::nullopt,
       {"ice/facilities.csv", "2026-08-01", "", "rows 40-41"}},
      {"loc-office",
       "org-1",
       "physical",
       "Tijuana office",
       "Oficina en la Zona Centro",
       "",
       "",
       32.5149,
       -117.0382,
       {"survey", "2026-07-01", "2026-07-15"}},
      {"loc-online", "org-2", "virtual", "在线", "", "", "", 0.0, 0.0, {}},
  };
  r.addresses = {{"addr-1", "loc-office", "Recepción", "Av. Revolución 123", "Piso 2", "Tijuana",
                  "Zona Centro", "BC", "22000", "MX", "physical"}};
  r.services = {
      {"svc-closed", "org-2", "法律咨询", "", "", "", "temporarily closed", {}},
      {"svc-legal",
       "org-1",
       "Legal orientation",
       "Orientación legal gratuita",
       "https://example.org/legal",
       "legal@example.org",
       "active",
       {"eoir/pro-bono-representation.json", "2026-09-10", "2026-09-30", "row 13"}},
  };
  r.service_at_locations = {{"sal-1", "svc-legal", "loc-office"}};
  r.phones = {
      {"phone-1",
       "org-1",
       "",
       "",
       "+1 555 0100",
       "12",
       "voice",
       "Línea de ayuda",
       {"eoir/pro-bono-representation.json", "2026-09-11", "2026-09-29", "page 4"}},
      {"phone-2", "", "svc-legal", "loc-office", "+52 664 000 0000", "", "text", "", {}},
  };
  r.languages = {
      {"lang-ar", "svc-legal", "", "", "العربية", "ar"},
      {"lang-zh", "", "loc-office", "phone-1", "中文", "zh"},
  };
  r.service_areas = {{"area-eloy", "svc-legal", "Eloy Detention Center", "Served by phone",
                      "urn:ice-facility:ELOYDCA"}};
  r.attributes = {
      {"attr-1", "phone-1", "speed_dial", "phone", "term-speed-dial", "9116#", "Free call"}};
  r.translations = {
      {"organization", "org-1", "description", "ar", "مساعدة قانونية", "human"},
      {"phone", "phone-1", "description", "zh", "求助热线", "unreviewed"},
      {"service", "svc-legal", "name", "zh", "法律咨询", "machine"},
  };
  return r;
}

// How many records `records` holds, over all tables.
std::int64_t record_count(const Records& records) {
  const std::size_t count =
      records.organizations.size() + records.services.size() + records.locations.size() +
      records.addresses.size() + records.service_at_locations.size() + records.phones.size() +
      records.languages.size() + records.service_areas.size() + records.taxonomies.size() +
      records.taxonomy_terms.size() + records.attributes.size() + records.translations.size();
  return static_cast<std::int64_t>(count);
}

class StoreContractTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { reopen(); }

  // Closes the store (if open) and opens it again from the same place.
  void reopen() {
    store_.reset();
    Result<std::unique_ptr<Store>> opened = GetParam().open(scratch_.path());
    ASSERT_TRUE(is_ok(opened));
    store_ = std::move(opened).value();
  }

  Records load() {
    Result<Records> records = store_->load_all();
    EXPECT_TRUE(is_ok(records));
    return records.ok() ? *records : Records{};
  }

  RecordCounts counts() {
    Result<RecordCounts> counted = store_->counts();
    EXPECT_TRUE(is_ok(counted));
    return counted.ok() ? *counted : RecordCounts{-1, -1, -1, -1, -1, {}};
  }

  std::vector<AuditRecord> audit_log(std::size_t limit = 100) {
    Result<std::vector<AuditRecord>> log = store_->audit_log(limit);
    EXPECT_TRUE(is_ok(log));
    return log.ok() ? *log : std::vector<AuditRecord>{};
  }

  ScratchDir scratch_;
  std::unique_ptr<Store> store_;
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest, ::testing::ValuesIn(kBackends),
                         [](const ::testing::TestParamInfo<Backend>& param_info) {
                           return param_info.param.name;
                         });

TEST_P(StoreContractTest, NewStoreIsAtLatestSchemaVersion) {
  Result<int> version = store_->schema_version();
  ASSERT_TRUE(is_ok(version));
  EXPECT_EQ(*version, latest_schema_version());
  EXPECT_GE(latest_schema_version(), 2);
}

TEST_P(StoreContractTest, NewStoreIsEmpty) {
  EXPECT_EQ(load(), Records{});
  const RecordCounts counted = counts();
  EXPECT_EQ(counted.organizations, 0);
  EXPECT_EQ(counted.facilities, 0);
  EXPECT_TRUE(audit_log().empty());
}

TEST_P(StoreContractTest, LoadAllReturnsEveryRecordTypeAsApplied) {
  const Records applied = every_record_type();
  ASSERT_TRUE(is_ok(store_->apply(upserting(applied), audit())));

  const Records loaded = load();
  EXPECT_EQ(loaded.organizations, applied.organizations);
  EXPECT_EQ(loaded.services, applied.services);
  EXPECT_EQ(loaded.locations, applied.locations);
  EXPECT_EQ(loaded.addresses, applied.addresses);
  EXPECT_EQ(loaded.service_at_locations, applied.service_at_locations);
  EXPECT_EQ(loaded.phones, applied.phones);
  EXPECT_EQ(loaded.languages, applied.languages);
  EXPECT_EQ(loaded.service_areas, applied.service_areas);
  EXPECT_EQ(loaded.taxonomies, applied.taxonomies);
  EXPECT_EQ(loaded.taxonomy_terms, applied.taxonomy_terms);
  EXPECT_EQ(loaded.attributes, applied.attributes);
  EXPECT_EQ(loaded.translations, applied.translations);
}

TEST_P(StoreContractTest, MissingCoordinatesStayMissingAndZeroStaysZero) {
  Records records;
  records.organizations = {organization("org-1")};
  Location unplaced = location("loc-a", "org-1");
  Location at_origin = location("loc-b", "org-1");
  at_origin.latitude = 0.0;
  at_origin.longitude = 0.0;
  records.locations = {unplaced, at_origin};
  ASSERT_TRUE(is_ok(store_->apply(upserting(records), audit())));

  const Records loaded = load();
  ASSERT_EQ(loaded.locations.size(), 2u);
  EXPECT_FALSE(loaded.locations[0].latitude.has_value());
  EXPECT_FALSE(loaded.locations[0].longitude.has_value());
  ASSERT_TRUE(loaded.locations[1].latitude.has_value());
  EXPECT_EQ(*loaded.locations[1].latitude, 0.0);
  ASSERT_TRUE(loaded.locations[1].longitude.has_value());
  EXPECT_EQ(*loaded.locations[1].longitude, 0.0);
}

TEST_P(StoreContractTest, LoadAllOrdersRecordsById) {
  Records records;
  records.organizations = {organization("org-c"), organization("org-a"), organization("org-b")};
  ASSERT_TRUE(is_ok(store_->apply(upserting(records), audit())));

  const Records loaded = load();
  ASSERT_EQ(loaded.organizations.size(), 3u);
  EXPECT_EQ(loaded.organizations[0].id, "org-a");
  EXPECT_EQ(loaded.organizations[1].id, "org-b");
  EXPECT_EQ(loaded.organizations[2].id, "org-c");
}

TEST_P(StoreContractTest, ReopeningKeepsDataAndVersion) {
  ASSERT_TRUE(is_ok(store_->apply(upserting(every_record_type()), audit("first import"))));
  const Records before = load();

  reopen();

  EXPECT_EQ(load(), before);
  Result<int> version = store_->schema_version();
  ASSERT_TRUE(is_ok(version));
  EXPECT_EQ(*version, latest_schema_version());
  const std::vector<AuditRecord> log = audit_log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_THAT(log[0].entry.detail, StartsWith("first import: 21 inserted"));
}

TEST_P(StoreContractTest, ServiceOfUnknownOrganizationIsRejected) {
  Records records;
  records.services = {service("svc-orphan", "org-nowhere")};
  Result<ApplyStats> applied = store_->apply(upserting(records), audit());

  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(applied.error().field, "service.svc-orphan");
  EXPECT_THAT(applied.error().message, HasSubstr("organization_id \"org-nowhere\""));
  EXPECT_THAT(applied.error().message, HasSubstr("FOREIGN KEY"));
}

TEST_P(StoreContractTest, FailedChangeSetLeavesNothingBehind) {
  Records first;
  first.organizations = {organization("org-0")};
  ASSERT_TRUE(is_ok(store_->apply(upserting(first), audit("before"))));
  const Records before = load();

  Records broken;
  broken.organizations = {organization("org-1"), organization("org-2"), organization("org-3")};
  broken.services = {service("svc-bad", "org-missing")};
  Result<ApplyStats> applied = store_->apply(upserting(broken), audit("broken"));

  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().field, "service.svc-bad");
  EXPECT_THAT(applied.error().message, HasSubstr("svc-bad"));
  EXPECT_EQ(counts().organizations, 1);
  EXPECT_EQ(counts().services, 0);
  EXPECT_EQ(load(), before);
  const std::vector<AuditRecord> log = audit_log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_THAT(log[0].entry.detail, StartsWith("before: "));
}

TEST_P(StoreContractTest, StoreStaysUsableAfterFailedChangeSet) {
  Records broken;
  broken.services = {service("svc-bad", "org-missing")};
  ASSERT_FALSE(store_->apply(upserting(broken), audit()).ok());

  Records good;
  good.organizations = {organization("org-1")};
  ASSERT_TRUE(is_ok(store_->apply(upserting(good), audit())));
  EXPECT_EQ(counts().organizations, 1);
}

TEST_P(StoreContractTest, UpsertReplacesRecordWithSameId) {
  Records first;
  first.organizations = {organization("org-1", "Old name")};
  first.organizations[0].website = "https://old.example";
  ASSERT_TRUE(is_ok(store_->apply(upserting(first), audit())));

  Records second;
  second.organizations = {organization("org-1", "New name")};
  second.organizations[0].provenance.assured_date = "2026-10-01";
  ASSERT_TRUE(is_ok(store_->apply(upserting(second), audit())));

  const Records loaded = load();
  ASSERT_EQ(loaded.organizations.size(), 1u);
  EXPECT_EQ(loaded.organizations[0], second.organizations[0]);
}

TEST_P(StoreContractTest, ReplacingOrganizationKeepsItsServices) {
  Records first;
  first.organizations = {organization("org-1")};
  first.services = {service("svc-1", "org-1")};
  first.translations = {{"organization", "org-1", "name", "es", "Ayuda legal", "human"}};
  ASSERT_TRUE(is_ok(store_->apply(upserting(first), audit())));

  Records second;
  second.organizations = {organization("org-1", "Renamed")};
  ASSERT_TRUE(is_ok(store_->apply(upserting(second), audit())));

  const Records loaded = load();
  EXPECT_EQ(loaded.services, first.services);
  EXPECT_EQ(loaded.translations, first.translations);
}

TEST_P(StoreContractTest, UpsertReplacesTranslationWithSameKey) {
  Records first;
  first.organizations = {organization("org-1")};
  first.translations = {{"organization", "org-1", "name", "es", "Ayuda", "machine"}};
  ASSERT_TRUE(is_ok(store_->apply(upserting(first), audit())));

  Records second;
  second.translations = {{"organization", "org-1", "name", "es", "Ayuda legal", "human"}};
  ASSERT_TRUE(is_ok(store_->apply(upserting(second), audit())));

  EXPECT_EQ(load().translations, second.translations);
}

TEST_P(StoreContractTest, DeleteRemovesRecord) {
  Records records;
  records.organizations = {organization("org-1"), organization("org-2")};
  ASSERT_TRUE(is_ok(store_->apply(upserting(records), audit())));

  ASSERT_TRUE(is_ok(store_->apply(deleting({{"organization", "org-1"}}), audit())));

  const Records loaded = load();
  ASSERT_EQ(loaded.organizations.size(), 1u);
  EXPECT_EQ(loaded.organizations[0].id, "org-2");
}

TEST_P(StoreContractTest, DeletesApplyBeforeUpserts) {
  Records records;
  records.organizations = {organization("org-1", "Before")};
  ASSERT_TRUE(is_ok(store_->apply(upserting(records), audit())));

  ChangeSet changes = deleting({{"organization", "org-1"}});
  changes.upserts.organizations = {organization("org-1", "After")};
  ASSERT_TRUE(is_ok(store_->apply(changes, audit())));

  const Records loaded = load();
  ASSERT_EQ(loaded.organizations.size(), 1u);
  EXPECT_EQ(loaded.organizations[0].name, "After");
}

TEST_P(StoreContractTest, DeletingOrganizationDeletesWhatItOwns) {
  ASSERT_TRUE(is_ok(store_->apply(upserting(every_record_type()), audit())));

  ASSERT_TRUE(is_ok(store_->apply(deleting({{"organization", "org-1"}}), audit())));

  const Records loaded = load();
  ASSERT_EQ(loaded.organizations.size(), 1u);
  EXPECT_EQ(loaded.organizations[0].id, "org-2");
  ASSERT_EQ(loaded.services.size(), 1u);
  EXPECT_EQ(loaded.services[0].id, "svc-closed");
  // The facility belongs to no organization and stays; org-1's office and what hangs off it go.
  ASSERT_EQ(loaded.locations.size(), 2u);
  EXPECT_EQ(loaded.locations[0].id, "loc-eloy");
  EXPECT_EQ(loaded.locations[1].id, "loc-online");
  EXPECT_TRUE(loaded.addresses.empty());
  EXPECT_TRUE(loaded.service_at_locations.empty());
  EXPECT_TRUE(loaded.phones.empty());
  EXPECT_TRUE(loaded.languages.empty());
  EXPECT_TRUE(loaded.service_areas.empty());
  // Vocabulary is not owned by anyone.
  EXPECT_EQ(loaded.taxonomy_terms.size(), 2u);
}

TEST_P(StoreContractTest, DeletingRecordDeletesItsAttributesAndTranslations) {
  ASSERT_TRUE(is_ok(store_->apply(upserting(every_record_type()), audit())));

  ASSERT_TRUE(is_ok(store_->apply(deleting({{"phone", "phone-1"}}), audit())));

  const Records loaded = load();
  EXPECT_TRUE(loaded.attributes.empty());
  ASSERT_EQ(loaded.translations.size(), 2u);
  EXPECT_EQ(loaded.translations[0].record_id, "org-1");
  EXPECT_EQ(loaded.translations[1].record_id, "svc-legal");
}

TEST_P(StoreContractTest, DeletingTaxonomyTermInUseIsRefused) {
  ASSERT_TRUE(is_ok(store_->apply(upserting(every_record_type()), audit())));

  Result<ApplyStats> applied =
      store_->apply(deleting({{"taxonomy_term", "term-speed-dial"}}), audit());

  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().field, "taxonomy_term.term-speed-dial");
  EXPECT_THAT(applied.error().message, HasSubstr("FOREIGN KEY"));
  EXPECT_EQ(load().taxonomy_terms.size(), 2u);
}

TEST_P(StoreContractTest, DeletingUnknownRecordIsNotFound) {
  Records records;
  records.organizations = {organization("org-1")};
  ASSERT_TRUE(is_ok(store_->apply(upserting(records), audit())));

  ChangeSet changes = deleting({{"organization", "org-1"}, {"service", "svc-nowhere"}});
  Result<ApplyStats> applied = store_->apply(changes, audit());

  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(applied.error().field, "service.svc-nowhere");
  EXPECT_EQ(counts().organizations, 1);
}

TEST_P(StoreContractTest, DeletingFromUnknownTableIsInvalidArgument) {
  Result<ApplyStats> applied =
      store_->apply(deleting({{"organization; DROP TABLE service", "x"}}), audit());

  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(audit_log().empty());
}

TEST_P(StoreContractTest, TaxonomyTermMayComeBeforeItsParent) {
  Records records;
  records.taxonomies = {{"tax-1", "amparo-population", "", "", ""}};
  records.taxonomy_terms = {
      {"term-child", "child", "Child", "", "term-parent", "tax-1", ""},
      {"term-grandchild", "grandchild", "Grandchild", "", "term-child", "tax-1", ""},
      {"term-parent", "parent", "Parent", "", "", "tax-1", ""},
  };
  ASSERT_TRUE(is_ok(store_->apply(upserting(records), audit())));

  EXPECT_EQ(load().taxonomy_terms, records.taxonomy_terms);
}

// Each case breaks one rule of HSDS (an enum or a required field) in an otherwise valid change set.
struct InvalidRecordCase {
  const char* name;
  std::function<void(Records&)> break_it;
  const char* field;
};

TEST_P(StoreContractTest, RecordsBreakingHsdsRulesAreRejected) {
  const InvalidRecordCase cases[] = {
      {"phone type", [](Records& r) { r.phones[0].type = "pigeon"; }, "phone.phone-1"},
      {"service status", [](Records& r) { r.services[0].status = "open"; }, "service.svc-closed"},
      {"location type", [](Records& r) { r.locations[0].location_type = "cave"; },
       "location.loc-eloy"},
      {"address type", [](Records& r) { r.addresses[0].address_type = "home"; }, "address.addr-1"},
      {"translation status", [](Records& r) { r.translations[0].status = "guessed"; },
       "translation.organization/org-1/description/ar"},
      {"translated table", [](Records& r) { r.translations[0].record_table = "audit_log"; },
       "translation.audit_log/org-1/description/ar"},
      {"organization name", [](Records& r) { r.organizations[0].name.clear(); },
       "organization.org-1"},
      {"phone number", [](Records& r) { r.phones[0].number.clear(); }, "phone.phone-1"},
      {"latitude", [](Records& r) { r.locations[1].latitude = 91.0; }, "location.loc-office"},
  };
  for (const InvalidRecordCase& c : cases) {
    SCOPED_TRACE(c.name);
    Records records = every_record_type();
    c.break_it(records);
    Result<ApplyStats> applied = store_->apply(upserting(records), audit());
    ASSERT_FALSE(applied.ok());
    EXPECT_EQ(applied.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(applied.error().field, c.field);
    EXPECT_THAT(applied.error().message, HasSubstr("constraint failed"));
  }
  EXPECT_EQ(load(), Records{});
}

TEST_P(StoreContractTest, CountsCountFacilitiesByIceCode) {
  ASSERT_TRUE(is_ok(store_->apply(upserting(every_record_type()), audit())));

  const RecordCounts counted = counts();
  EXPECT_EQ(counted.organizations, 2);
  EXPECT_EQ(counted.services, 2);
  EXPECT_EQ(counted.locations, 3);
  EXPECT_EQ(counted.phones, 2);
  EXPECT_EQ(counted.facilities, 1);
}

TEST_P(StoreContractTest, AuditLogListsNewestFirstUpToLimit) {
  for (const char* detail : {"first", "second", "third"}) {
    Records records;
    records.organizations = {organization(std::string("org-") + detail)};
    ASSERT_TRUE(is_ok(store_->apply(upserting(records), audit(detail))));
  }

  const std::vector<AuditRecord> all = audit_log();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_THAT(all[0].entry.detail, StartsWith("third: "));
  EXPECT_THAT(all[1].entry.detail, StartsWith("second: "));
  EXPECT_THAT(all[2].entry.detail, StartsWith("first: "));
  EXPECT_GT(all[0].id, all[1].id);
  EXPECT_EQ(all[0].entry.actor, "tester");
  EXPECT_EQ(all[0].entry.action, "import");
  EXPECT_THAT(all[0].at, MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"));

  const std::vector<AuditRecord> newest = audit_log(2);
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_THAT(newest[0].entry.detail, StartsWith("third: "));
  EXPECT_THAT(newest[1].entry.detail, StartsWith("second: "));
}

TEST_P(StoreContractTest, AuditEntryWithoutActorIsRejected) {
  Records records;
  records.organizations = {organization("org-1")};
  Result<ApplyStats> applied = store_->apply(upserting(records), AuditEntry{"", "import", ""});

  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(applied.error().field, "audit.actor");
  EXPECT_EQ(counts().organizations, 0);
}

TEST_P(StoreContractTest, FirstApplyCountsEveryRecordAsInserted) {
  const Records records = every_record_type();
  Result<ApplyStats> applied = store_->apply(upserting(records), audit("first"));

  ASSERT_TRUE(is_ok(applied));
  EXPECT_EQ(record_count(records), 21);
  EXPECT_EQ(*applied, (ApplyStats{21, 0, 0, 0}));
  EXPECT_TRUE(applied->changed());
  const std::vector<AuditRecord> log = audit_log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].entry.detail, "first: 21 inserted, 0 updated, 0 unchanged, 0 deleted");
}

TEST_P(StoreContractTest, ReapplyingSameChangeSetChangesNothingAndLeavesNoAuditRecord) {
  const ChangeSet changes = upserting(every_record_type());
  ASSERT_TRUE(is_ok(store_->apply(changes, audit("first"))));
  const Records before = load();

  Result<ApplyStats> again = store_->apply(changes, audit("again"));

  ASSERT_TRUE(is_ok(again));
  EXPECT_EQ(*again, (ApplyStats{0, 0, 21, 0}));
  EXPECT_FALSE(again->changed());
  EXPECT_EQ(load(), before);
  const std::vector<AuditRecord> log = audit_log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_THAT(log[0].entry.detail, StartsWith("first: "));
}

// Each case changes one field of one record of every_record_type(), including a value becoming
// empty (NULL) and a missing one appearing, which a plain "<>" comparison would miss.
struct ChangedFieldCase {
  const char* name;
  std::function<void(Records&)> change;
};

TEST_P(StoreContractTest, ChangingOneFieldCountsOneUpdateAndLogsTheCounts) {
  const ChangedFieldCase cases[] = {
      {"organization name", [](Records& r) { r.organizations[0].name = "Al Otro Lado, A.C."; }},
      {"alternate name cleared", [](Records& r) { r.organizations[0].alternate_name.clear(); }},
      {"phone source row", [](Records& r) { r.phones[0].provenance.source_row = "page 5"; }},
      {"phone dataset set", [](Records& r) { r.phones[1].provenance.dataset = "survey"; }},
      {"latitude appears", [](Records& r) { r.locations[0].latitude = 32.9; }},
      {"service source row", [](Records& r) { r.services[1].provenance.source_row = "row 14"; }},
      {"translation status", [](Records& r) { r.translations[2].status = "human"; }},
      {"term parent cleared", [](Records& r) { r.taxonomy_terms[1].parent_id.clear(); }},
  };
  for (const ChangedFieldCase& c : cases) {
    SCOPED_TRACE(c.name);
    ScratchDir scratch;
    Result<std::unique_ptr<Store>> opened = GetParam().open(scratch.path());
    ASSERT_TRUE(is_ok(opened));
    Store& store = **opened;
    Records records = every_record_type();
    ASSERT_TRUE(is_ok(store.apply(upserting(records), audit("first"))));

    c.change(records);
    Result<ApplyStats> applied = store.apply(upserting(records), audit("second"));

    ASSERT_TRUE(is_ok(applied));
    EXPECT_EQ(*applied, (ApplyStats{0, 1, 20, 0}));
    EXPECT_TRUE(applied->changed());
    Result<Records> loaded = store.load_all();
    ASSERT_TRUE(is_ok(loaded));
    EXPECT_EQ(*loaded, records);
    Result<std::vector<AuditRecord>> log = store.audit_log(10);
    ASSERT_TRUE(is_ok(log));
    ASSERT_EQ(log->size(), 2u);
    EXPECT_EQ((*log)[0].entry.detail, "second: 0 inserted, 1 updated, 20 unchanged, 0 deleted");
  }
}

TEST_P(StoreContractTest, DeletesAreCountedAndLogged) {
  ASSERT_TRUE(is_ok(store_->apply(upserting(every_record_type()), audit())));

  Result<ApplyStats> applied =
      store_->apply(deleting({{"phone", "phone-2"}, {"service_area", "area-eloy"}}), audit(""));

  ASSERT_TRUE(is_ok(applied));
  EXPECT_EQ(*applied, (ApplyStats{0, 0, 0, 2}));
  EXPECT_TRUE(applied->changed());
  const std::vector<AuditRecord> log = audit_log();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].entry.detail, "0 inserted, 0 updated, 0 unchanged, 2 deleted");
}

TEST_P(StoreContractTest, DryRunCountsLikeRealApplyButKeepsNothing) {
  Records first;
  first.organizations = {organization("org-0", "Before")};
  ASSERT_TRUE(is_ok(store_->apply(upserting(first), audit("before"))));
  const Records before = load();
  const RecordCounts counts_before = counts();

  Records next;
  next.organizations = {organization("org-0", "After"), organization("org-1")};
  next.services = {service("svc-1", "org-1")};
  ChangeSet changes = upserting(next);
  Result<ApplyStats> dry = store_->apply(changes, audit("dry"), ApplyOptions{.dry_run = true});

  ASSERT_TRUE(is_ok(dry));
  EXPECT_EQ(*dry, (ApplyStats{2, 1, 0, 0}));
  EXPECT_EQ(counts(), counts_before);
  EXPECT_EQ(load(), before);
  const std::vector<AuditRecord> log = audit_log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_THAT(log[0].entry.detail, StartsWith("before: "));

  // The store is left ready for the real thing, which does what the dry run said.
  Result<ApplyStats> real = store_->apply(changes, audit("real"));
  ASSERT_TRUE(is_ok(real));
  EXPECT_EQ(*real, *dry);
  EXPECT_EQ(counts().services, 1);
  EXPECT_EQ(audit_log().size(), 2u);
}

TEST_P(StoreContractTest, DryRunOfChangeSetChangingNothingCountsItUnchanged) {
  const ChangeSet changes = upserting(every_record_type());
  ASSERT_TRUE(is_ok(store_->apply(changes, audit())));

  Result<ApplyStats> dry = store_->apply(changes, audit(), ApplyOptions{.dry_run = true});

  ASSERT_TRUE(is_ok(dry));
  EXPECT_EQ(*dry, (ApplyStats{0, 0, 21, 0}));
  EXPECT_FALSE(dry->changed());
  EXPECT_EQ(audit_log().size(), 1u);
}

// Each case is a change set a real apply refuses; a dry run must refuse it with the same error.
struct RefusedChangeSetCase {
  const char* name;
  ChangeSet changes;
};

TEST_P(StoreContractTest, DryRunOfRefusedChangeSetFailsLikeRealApply) {
  Records broken_reference;
  broken_reference.organizations = {organization("org-new")};
  broken_reference.services = {service("svc-bad", "org-missing")};
  Records broken_constraint = every_record_type();
  broken_constraint.phones[1].type = "pigeon";
  const RefusedChangeSetCase cases[] = {
      {"foreign key", upserting(broken_reference)},
      {"check constraint", upserting(broken_constraint)},
      {"missing record", deleting({{"service", "svc-nowhere"}})},
      {"term in use", deleting({{"taxonomy_term", "term-speed-dial"}})},
  };
  ASSERT_TRUE(is_ok(store_->apply(upserting(every_record_type()), audit("base"))));
  const Records before = load();
  for (const RefusedChangeSetCase& c : cases) {
    SCOPED_TRACE(c.name);
    Result<ApplyStats> dry = store_->apply(c.changes, audit(), ApplyOptions{.dry_run = true});
    Result<ApplyStats> real = store_->apply(c.changes, audit());

    ASSERT_FALSE(dry.ok());
    ASSERT_FALSE(real.ok());
    EXPECT_EQ(dry.error().code, real.error().code);
    EXPECT_EQ(dry.error().field, real.error().field);
    EXPECT_EQ(dry.error().message, real.error().message);
    EXPECT_FALSE(dry.error().field.empty());
  }
  EXPECT_EQ(load(), before);
  EXPECT_EQ(audit_log().size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// SQLite only.

class SqliteStoreTest : public ::testing::Test {
 protected:
  std::string db_path() const { return (scratch_.path() / "amparo.db").string(); }

  // The embedded migrations followed by `extra`.
  static std::vector<sqlite::Migration> embedded_plus(std::vector<sqlite::Migration> extra) {
    std::span<const sqlite::Migration> embedded = sqlite::embedded_migrations();
    std::vector<sqlite::Migration> migrations(embedded.begin(), embedded.end());
    migrations.insert(migrations.end(), extra.begin(), extra.end());
    return migrations;
  }

  static Result<int> version_of(Result<std::unique_ptr<Store>>& store) {
    if (!store.ok()) return store.error();
    return (*store)->schema_version();
  }

  ScratchDir scratch_;
};

TEST_F(SqliteStoreTest, MigratesNewFileToLatestVersion) {
  Result<std::unique_ptr<Store>> store = open_sqlite(db_path());
  ASSERT_TRUE(is_ok(store));
  EXPECT_TRUE(fs::exists(db_path()));
  Result<int> version = version_of(store);
  ASSERT_TRUE(is_ok(version));
  EXPECT_EQ(*version, latest_schema_version());
}

TEST_F(SqliteStoreTest, EmbeddedMigrationsAreNumberedFromOne) {
  std::span<const sqlite::Migration> migrations = sqlite::embedded_migrations();
  ASSERT_GE(migrations.size(), 3u);
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].version, static_cast<int>(i) + 1);
    EXPECT_FALSE(migrations[i].sql.empty());
  }
  EXPECT_EQ(migrations[0].name, "hsds_core");
  EXPECT_EQ(migrations[1].name, "amparo_additions");
  EXPECT_EQ(migrations[2].name, "provenance_rows");
  EXPECT_EQ(latest_schema_version(), migrations.back().version);
}

TEST_F(SqliteStoreTest, WritesThroughWriteAheadLog) {
  Result<std::unique_ptr<Store>> store = open_sqlite(db_path());
  ASSERT_TRUE(is_ok(store));
  Records records;
  records.organizations = {organization("org-1")};
  ASSERT_TRUE(is_ok((*store)->apply(upserting(records), audit())));

  // In WAL mode a connection keeps "<db>-wal" beside the database while it is open.
  EXPECT_TRUE(fs::exists(db_path() + "-wal"));
}

TEST_F(SqliteStoreTest, InMemoryDatabaseNeedsNoFile) {
  Result<std::unique_ptr<Store>> store = open_sqlite(":memory:");
  ASSERT_TRUE(is_ok(store));
  Result<int> version = version_of(store);
  ASSERT_TRUE(is_ok(version));
  EXPECT_EQ(*version, latest_schema_version());
  EXPECT_FALSE(fs::exists(":memory:"));
}

TEST_F(SqliteStoreTest, MissingFileWithoutCreateIsNotFound) {
  SqliteOptions options;
  options.create_if_missing = false;
  Result<std::unique_ptr<Store>> store = open_sqlite(db_path(), options);

  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store.error().file, db_path());
  EXPECT_FALSE(fs::exists(db_path()));
}

TEST_F(SqliteStoreTest, ExistingFileOpensWithoutCreate) {
  ASSERT_TRUE(is_ok(open_sqlite(db_path())));
  SqliteOptions options;
  options.create_if_missing = false;
  EXPECT_TRUE(is_ok(open_sqlite(db_path(), options)));
}

TEST_F(SqliteStoreTest, UnopenablePathIsIoErrorNamingThePath) {
  const std::string path = (scratch_.path() / "no-such-dir" / "amparo.db").string();
  Result<std::unique_ptr<Store>> store = open_sqlite(path);

  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kIo);
  EXPECT_EQ(store.error().file, path);
}

TEST_F(SqliteStoreTest, FileThatIsNotADatabaseIsCorrupt) {
  {
    std::ofstream out(db_path(), std::ios::binary);
    out << std::string(4096, 'x');
  }
  Result<std::unique_ptr<Store>> store = open_sqlite(db_path());

  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(store.error().file, db_path());
}

TEST_F(SqliteStoreTest, RefusesDatabaseFromNewerAmparo) {
  const int latest = latest_schema_version();
  const std::vector<sqlite::Migration> future =
      embedded_plus({{latest + 1, "future", "CREATE TABLE future (x TEXT);"}});
  {
    Result<std::unique_ptr<Store>> newer = sqlite::open_with_migrations(db_path(), {}, future);
    ASSERT_TRUE(is_ok(newer));
  }

  Result<std::unique_ptr<Store>> store = open_sqlite(db_path());

  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(store.error().message, "schema version " + std::to_string(latest + 1) +
                                       " is newer than this amparo (" + std::to_string(latest) +
                                       ")");
  EXPECT_EQ(store.error().file, db_path());
}

TEST_F(SqliteStoreTest, AppliesPendingMigrationsOnOpen) {
  const std::vector<sqlite::Migration> first_only = {sqlite::embedded_migrations().front()};
  {
    Result<std::unique_ptr<Store>> old = sqlite::open_with_migrations(db_path(), {}, first_only);
    Result<int> version = version_of(old);
    ASSERT_TRUE(is_ok(version));
    EXPECT_EQ(*version, 1);
  }

  Result<std::unique_ptr<Store>> store = open_sqlite(db_path());
  Result<int> version = version_of(store);
  ASSERT_TRUE(is_ok(version));
  EXPECT_EQ(*version, latest_schema_version());
  Records records = every_record_type();
  EXPECT_TRUE(is_ok((*store)->apply(upserting(records), audit())));
}

TEST_F(SqliteStoreTest, MigratingVersionTwoDatabaseKeepsItsRowsWithoutSourceRows) {
  const std::span<const sqlite::Migration> embedded = sqlite::embedded_migrations();
  const std::vector<sqlite::Migration> up_to_two(embedded.begin(), embedded.begin() + 2);
  {
    Result<std::unique_ptr<Store>> old = sqlite::open_with_migrations(db_path(), {}, up_to_two);
    Result<int> version = version_of(old);
    ASSERT_TRUE(is_ok(version));
    EXPECT_EQ(*version, 2);
  }
  {
    // Rows as a version-2 amparo wrote them: its Store would write columns that do not exist yet.
    Result<sqlite::Connection> old = sqlite::Connection::open(db_path(), SQLITE_OPEN_READWRITE);
    ASSERT_TRUE(is_ok(old));
    ASSERT_TRUE(is_ok(old->exec_script(
        "INSERT INTO organization (id, name, source_dataset, source_date, assured_date)"
        "  VALUES ('org-1', 'Legal aid', 'eoir/list.json', '2026-01-02', '2026-01-03');"
        "INSERT INTO service (id, organization_id, name, status, source_dataset, source_date)"
        "  VALUES ('svc-1', 'org-1', 'Orientation', 'active', 'eoir/list.json', '2026-01-02');"
        "INSERT INTO location (id, location_type, name, external_identifier,"
        "  external_identifier_type, source_dataset, source_date)"
        "  VALUES ('loc-eloy', 'physical', 'Eloy', 'ELOYDCA', 'ice_facility_code',"
        "  'ice/facilities.csv', '2026-05-27');"
        "INSERT INTO phone (id, organization_id, number, type)"
        "  VALUES ('phone-1', 'org-1', '+1 555 0100', 'voice');")));
  }

  Result<std::unique_ptr<Store>> store = open_sqlite(db_path());
  Result<int> version = version_of(store);
  ASSERT_TRUE(is_ok(version));
  EXPECT_EQ(*version, latest_schema_version());
  Result<Records> loaded = (*store)->load_all();
  ASSERT_TRUE(is_ok(loaded));

  ASSERT_EQ(loaded->organizations.size(), 1u);
  EXPECT_EQ(loaded->organizations[0].name, "Legal aid");
  EXPECT_EQ(loaded->organizations[0].provenance,
            (Provenance{"eoir/list.json", "2026-01-02", "2026-01-03", ""}));
  ASSERT_EQ(loaded->services.size(), 1u);
  EXPECT_EQ(loaded->services[0].provenance, (Provenance{"eoir/list.json", "2026-01-02", "", ""}));
  ASSERT_EQ(loaded->locations.size(), 1u);
  EXPECT_EQ(loaded->locations[0].external_identifier, "ELOYDCA");
  EXPECT_EQ(loaded->locations[0].provenance,
            (Provenance{"ice/facilities.csv", "2026-05-27", "", ""}));
  ASSERT_EQ(loaded->phones.size(), 1u);
  EXPECT_EQ(loaded->phones[0].number, "+1 555 0100");
  EXPECT_EQ(loaded->phones[0].provenance, Provenance{});

  // The new columns take values once migrated.
  Records records = *loaded;
  records.phones[0].provenance = {"eoir/list.json", "2026-01-02", "", "row 7"};
  Result<ApplyStats> applied = (*store)->apply(upserting(records), audit());
  ASSERT_TRUE(is_ok(applied));
  EXPECT_EQ(*applied, (ApplyStats{0, 1, 3, 0}));
  Result<Records> reloaded = (*store)->load_all();
  ASSERT_TRUE(is_ok(reloaded));
  EXPECT_EQ(*reloaded, records);
}

TEST_F(SqliteStoreTest, FailedMigrationIsRolledBackAndKeepsEarlierOnes) {
  const int latest = latest_schema_version();
  const std::vector<sqlite::Migration> broken = embedded_plus(
      {{latest + 1, "broken", "CREATE TABLE half_done (x TEXT); INSERT INTO nowhere VALUES (1);"}});
  Result<std::unique_ptr<Store>> failed = sqlite::open_with_migrations(db_path(), {}, broken);
  ASSERT_FALSE(failed.ok());
  EXPECT_THAT(failed.error().message, HasSubstr("_broken failed"));
  EXPECT_THAT(failed.error().message, HasSubstr("no such table: nowhere"));

  Result<std::unique_ptr<Store>> current = open_sqlite(db_path());
  Result<int> version = version_of(current);
  ASSERT_TRUE(is_ok(version));
  EXPECT_EQ(*version, latest);
  current = make_error(ErrorCode::kInternal, "closed");

  // Had half of the broken migration stayed, creating half_done again would fail.
  const std::vector<sqlite::Migration> fixed =
      embedded_plus({{latest + 1, "fixed", "CREATE TABLE half_done (x TEXT);"}});
  Result<std::unique_ptr<Store>> repaired = sqlite::open_with_migrations(db_path(), {}, fixed);
  Result<int> repaired_version = version_of(repaired);
  ASSERT_TRUE(is_ok(repaired_version));
  EXPECT_EQ(*repaired_version, latest + 1);
}

TEST_F(SqliteStoreTest, MigrationsNotNumberedFromOneAreRefused) {
  const std::vector<sqlite::Migration> gap = {{2, "gap", "CREATE TABLE t (x TEXT);"}};
  Result<std::unique_ptr<Store>> store = sqlite::open_with_migrations(db_path(), {}, gap);

  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kInternal);
}

TEST_F(SqliteStoreTest, TwoStoresOnOneFileSeeEachOthersWrites) {
  Result<std::unique_ptr<Store>> writer = open_sqlite(db_path());
  Result<std::unique_ptr<Store>> reader = open_sqlite(db_path());
  ASSERT_TRUE(is_ok(writer));
  ASSERT_TRUE(is_ok(reader));
  Records records;
  records.organizations = {organization("org-1")};
  ASSERT_TRUE(is_ok((*writer)->apply(upserting(records), audit())));

  Result<RecordCounts> counted = (*reader)->counts();
  ASSERT_TRUE(is_ok(counted));
  EXPECT_EQ(counted->organizations, 1);
}

}  // namespace
}  // namespace amparo::store
