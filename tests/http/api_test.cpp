// The HSDS API (/api/) over a real socket: the whole site opened from the bundle, queried with
// libcurl, answers parsed with simdjson and checked against the records they come from.
#include "web/api.h"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "core/date.h"
#include "core/file.h"
#include "directory/import.h"
#include "tests/http/http_client.h"
#include "web/app.h"
#include "web/server.h"
#include "web/site.h"

namespace amparo::web {
namespace {

namespace fs = std::filesystem;

using testing::Reply;

// A parsed JSON document (the parser owns what the elements point into).
struct Json {
  explicit Json(const std::string& text) {
    auto r = parser.parse(simdjson::padded_string(text));
    ok = r.error() == simdjson::SUCCESS;
    if (ok) root = r.value_unsafe();
  }
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  bool ok = false;

  std::int64_t integer(std::string_view key) const { return root[key].get_int64().value(); }
  bool boolean(std::string_view key) const { return root[key].get_bool().value(); }
  std::string text(std::string_view key) const {
    return std::string(root[key].get_string().value());
  }
  simdjson::dom::array contents() const { return root["contents"].get_array().value(); }
  std::vector<std::string> ids() const {
    std::vector<std::string> out;
    for (auto item : contents()) out.emplace_back(item["id"].get_string().value());
    return out;
  }
};

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    SiteOptions o;
    o.home = AMPARO_SOURCE_DIR;
    o.db_path = ":memory:";
    std::ostringstream log;
    auto s = open_site(o, log);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    site_ = new Site(std::move(*s));
    app_ = new App(site_->snapshot);
    ServerOptions so;
    so.listen = {"127.0.0.1", 0};
    so.content_security_policy = site_->snapshot->content_security_policy();
    auto server = start_server(so, *app_);
    ASSERT_TRUE(server.ok()) << server.error().to_string();
    server_ = server->release();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete app_;
    delete site_;
  }

  static const store::Records& records() { return site_->snapshot->api()->hsds().records(); }

  static Reply fetch(const std::string& path, std::vector<std::string> headers = {},
                     const char* method = nullptr) {
    return testing::fetch_from(server_->port(), path, headers, method);
  }

  // GET `path`, expecting 200 JSON.
  static Reply ok(const std::string& path) {
    Reply r = fetch(path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body.substr(0, 300);
    EXPECT_EQ(r.get("content-type"), "application/json; charset=utf-8") << path;
    return r;
  }

  // The total_items of a list.
  static std::int64_t total(const std::string& path) {
    const Reply r = ok(path);
    const Json j(r.body);
    EXPECT_TRUE(j.ok) << path;
    return j.ok ? j.integer("total_items") : -1;
  }

  // A 400 or 404 JSON error whose message starts with `prefix`.
  static void expect_error(const std::string& path, long status, const std::string& prefix) {
    const Reply r = fetch(path);
    EXPECT_EQ(r.status, status) << path;
    EXPECT_EQ(r.get("content-type"), "application/json; charset=utf-8") << path;
    EXPECT_EQ(r.get("access-control-allow-origin"), "*") << path;
    EXPECT_EQ(r.get("cache-control"), "no-store") << path;
    const Json j(r.body);
    ASSERT_TRUE(j.ok) << path << ": " << r.body;
    EXPECT_EQ(j.text("message").rfind(prefix, 0), 0u) << path << ": " << r.body;
  }

  static Site* site_;
  static App* app_;
  static Server* server_;
};

Site* ApiTest::site_ = nullptr;
App* ApiTest::app_ = nullptr;
Server* ApiTest::server_ = nullptr;

// The day a record is dated for modified_after: assured_date, else source_date.
long day_of(const store::Provenance& p) {
  for (const auto* d : {&p.assured_date, &p.source_date}) {
    if (auto parsed = Date::parse(*d); parsed.ok()) return parsed->days_since_epoch();
  }
  return -1;
}

bool has_term(const store::Records& r, std::string_view entity, const std::string& id,
              std::string_view term) {
  return std::any_of(r.attributes.begin(), r.attributes.end(), [&](const store::Attribute& a) {
    return a.link_entity == entity && a.link_id == id && a.taxonomy_term_id == term;
  });
}

TEST_F(ApiTest, RootNamesTheHsdsProfileAndTheOpenApiDocument) {
  const Reply r = ok("/api/");
  EXPECT_EQ(r.get("access-control-allow-origin"), "*");
  EXPECT_EQ(r.get("cache-control"), "public, max-age=300");
  const Json j(r.body);
  ASSERT_TRUE(j.ok) << r.body;
  EXPECT_EQ(j.text("version"), "3.0.0");
  EXPECT_EQ(j.text("amparo_version"), std::string(version()));
  EXPECT_EQ(j.text("profile"), "https://openreferral.org/specification/3.0/");
  EXPECT_EQ(j.text("openapi_url"), "/api/openapi.json");

  const Reply doc = ok(j.text("openapi_url"));
  EXPECT_EQ(doc.get("access-control-allow-origin"), "*");
  const Json d(doc.body);
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.text("openapi"), "3.1.0");
  EXPECT_EQ(std::string(d.root["info"]["version"].get_string().value()), std::string(version()));
  EXPECT_EQ(doc.body.find("@AMPARO_VERSION@"), std::string::npos);
  EXPECT_EQ(std::string(d.root["servers"].at(0)["url"].get_string().value()), "/api");
  const auto per_page = d.root["components"]["parameters"]["per_page"]["schema"];
  EXPECT_EQ(per_page["maximum"].get_int64().value(), 200);
  EXPECT_EQ(per_page["default"].get_int64().value(), 50);
  for (const char* path : {"/services", "/services/{id}", "/organizations", "/organizations/{id}",
                           "/service_at_locations", "/service_at_locations/{id}", "/taxonomies",
                           "/taxonomies/{id}", "/taxonomy_terms", "/taxonomy_terms/{id}"}) {
    EXPECT_EQ(d.root["paths"][path].error(), simdjson::SUCCESS) << path;
  }

  const Reply bare = fetch("/api");
  EXPECT_EQ(bare.status, 308);
  EXPECT_EQ(bare.get("location"), "/api/");
}

TEST_F(ApiTest, OpenApiDocumentIsLoadedFromDataAndMissingOneIsNamed) {
  auto loaded = load_openapi(std::string(AMPARO_SOURCE_DIR) + "/data", "9.8.7");
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  EXPECT_NE(loaded->find("\"version\": \"9.8.7\""), std::string::npos);
  auto missing = load_openapi("/nonexistent", "1");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().to_string().find("/nonexistent/api/openapi.json"), std::string::npos)
      << missing.error().to_string();
}

TEST_F(ApiTest, PagesFollowTheHsdsPageObject) {
  const auto& services = records().services;
  const auto n = static_cast<std::int64_t>(services.size());
  ASSERT_GT(n, 5);
  const std::int64_t pages = (n + 1) / 2;

  const Json first(ok("/api/services?per_page=2").body);
  ASSERT_TRUE(first.ok);
  EXPECT_EQ(first.integer("total_items"), n);
  EXPECT_EQ(first.integer("total_pages"), pages);
  EXPECT_EQ(first.integer("page_number"), 1);
  EXPECT_EQ(first.integer("size"), 2);
  EXPECT_TRUE(first.boolean("first_page"));
  EXPECT_FALSE(first.boolean("last_page"));
  EXPECT_FALSE(first.boolean("empty"));
  EXPECT_EQ(first.ids(), (std::vector<std::string>{services[0].id, services[1].id}));

  const Json second(ok("/api/services?per_page=2&page=2").body);
  EXPECT_EQ(second.ids(), (std::vector<std::string>{services[2].id, services[3].id}));
  EXPECT_FALSE(second.boolean("first_page"));

  const Json last(ok("/api/services?per_page=2&page=" + std::to_string(pages)).body);
  EXPECT_EQ(last.integer("size"), n % 2 == 0 ? 2 : 1);
  EXPECT_TRUE(last.boolean("last_page"));
  EXPECT_EQ(last.ids().back(), services.back().id);

  const Json past(ok("/api/services?per_page=2&page=" + std::to_string(pages + 1)).body);
  EXPECT_EQ(past.integer("total_items"), n);
  EXPECT_EQ(past.integer("size"), 0);
  EXPECT_TRUE(past.boolean("empty"));
  EXPECT_TRUE(past.boolean("last_page"));
  EXPECT_EQ(past.contents().size(), 0u);

  const Json standard(ok("/api/services").body);
  EXPECT_EQ(standard.integer("size"), std::min<std::int64_t>(50, n));
  EXPECT_EQ(standard.integer("total_pages"), (n + 49) / 50);
  const Json most(ok("/api/organizations?per_page=200").body);
  EXPECT_EQ(most.integer("size"), 200);

  const Json none(ok("/api/services?organization_id=nobody").body);
  EXPECT_EQ(none.integer("total_items"), 0);
  EXPECT_EQ(none.integer("total_pages"), 0);
  EXPECT_TRUE(none.boolean("first_page"));
  EXPECT_TRUE(none.boolean("last_page"));
  EXPECT_TRUE(none.boolean("empty"));
}

TEST_F(ApiTest, ListsHoldTheListFormAndFullRecordsOnRequest) {
  const Json list(ok("/api/services?per_page=200").body);
  ASSERT_TRUE(list.ok);
  for (auto item : list.contents()) {
    EXPECT_EQ(item["metadata"].error(), simdjson::NO_SUCH_FIELD);
    EXPECT_EQ(item["service_areas"].error(), simdjson::NO_SUCH_FIELD);
    auto org = item["organization"];
    ASSERT_EQ(org.error(), simdjson::SUCCESS);
    EXPECT_EQ(org["metadata"].error(), simdjson::NO_SUCH_FIELD);
  }
  const std::string full_body = ok("/api/services?per_page=200&full=true").body;
  const Json full(full_body);
  std::size_t i = 0;
  for (auto item : full.contents()) {
    EXPECT_EQ(item["metadata"].error(), simdjson::SUCCESS);
    const std::string id(item["id"].get_string().value());
    if (i++ < 10) {
      // The same bytes as the record's own endpoint.
      std::string own = ok("/api/services/" + id).body;
      own.pop_back();
      EXPECT_NE(full_body.find(own), std::string::npos) << id;
    }
  }

  const Json orgs(ok("/api/organizations?per_page=5").body);
  for (auto item : orgs.contents()) {
    EXPECT_EQ(item["services"].error(), simdjson::NO_SUCH_FIELD);
    EXPECT_EQ(item["metadata"].error(), simdjson::NO_SUCH_FIELD);
  }

  const Json sals(ok("/api/service_at_locations?per_page=5").body);
  ASSERT_GT(sals.contents().size(), 0u);
  for (auto item : sals.contents()) {
    EXPECT_EQ(item["location"].error(), simdjson::SUCCESS);
    EXPECT_EQ(item["location"]["metadata"].error(), simdjson::NO_SUCH_FIELD);
    EXPECT_EQ(item["service"]["organization"].error(), simdjson::SUCCESS);
  }
}

TEST_F(ApiTest, RecordsAreTheExportsRecords) {
  const fs::path dir =
      fs::temp_directory_path() / ("amparo-api-export-" + std::to_string(getpid()));
  ASSERT_TRUE(directory::export_hsds(records(), dir.string(), "json").ok());
  auto services = read_file((dir / "services.json").string());
  auto organizations = read_file((dir / "organizations.json").string());
  ASSERT_TRUE(services.ok() && organizations.ok());
  for (std::size_t i = 0; i < records().services.size(); i += 7) {
    std::string own = ok("/api/services/" + records().services[i].id).body;
    own.pop_back();
    EXPECT_NE(services->find(own), std::string::npos) << records().services[i].id;
  }
  // An organization is the export's, with its services added (HSDS's API nests them).
  const auto& o = records().organizations.front();
  const Json j(ok("/api/organizations/" + o.id).body);
  ASSERT_TRUE(j.ok);
  EXPECT_EQ(j.text("id"), o.id);
  fs::remove_all(dir);
}

TEST_F(ApiTest, OrganizationsNestTheirServices) {
  const auto& r = records();
  const store::Organization* with = nullptr;
  for (const auto& o : r.organizations) {
    if (std::any_of(r.services.begin(), r.services.end(),
                    [&](const store::Service& s) { return s.organization_id == o.id; })) {
      with = &o;
      break;
    }
  }
  ASSERT_NE(with, nullptr);
  const Json plain(ok("/api/organizations/" + with->id).body);
  auto services = plain.root["services"].get_array();
  ASSERT_EQ(services.error(), simdjson::SUCCESS);
  ASSERT_GT(services.value().size(), 0u);
  const simdjson::dom::array plain_services = services.value();
  for (auto s : plain_services) {
    EXPECT_EQ(s["organization"].error(), simdjson::NO_SUCH_FIELD);
    EXPECT_EQ(s["metadata"].error(), simdjson::NO_SUCH_FIELD);
  }
  const Json full(ok("/api/organizations/" + with->id + "?full_service=true").body);
  const simdjson::dom::array full_services = full.root["services"].get_array().value();
  for (auto s : full_services) {
    EXPECT_EQ(s["organization"].error(), simdjson::NO_SUCH_FIELD);
    EXPECT_EQ(s["metadata"].error(), simdjson::SUCCESS);
  }
  EXPECT_EQ(plain.root["metadata"].error(), simdjson::SUCCESS);
  expect_error("/api/organizations/" + with->id + "?full_service=yes", 400, "full_service:");
}

TEST_F(ApiTest, ServiceAtLocationsNestLocationAndService) {
  const auto& sal = records().service_at_locations.front();
  const Json j(ok("/api/service_at_locations/" + sal.id).body);
  ASSERT_TRUE(j.ok);
  EXPECT_EQ(j.text("service_id"), sal.service_id);
  EXPECT_EQ(std::string(j.root["location"]["id"].get_string().value()), sal.location_id);
  EXPECT_EQ(std::string(j.root["service"]["id"].get_string().value()), sal.service_id);
  EXPECT_EQ(j.root["service"]["service_at_locations"].error(), simdjson::NO_SUCH_FIELD);
  EXPECT_EQ(j.root["service"]["metadata"].error(), simdjson::SUCCESS);
  EXPECT_EQ(total("/api/service_at_locations"),
            static_cast<std::int64_t>(records().service_at_locations.size()));
}

TEST_F(ApiTest, TaxonomiesAndTerms) {
  const auto& r = records();
  EXPECT_EQ(total("/api/taxonomies"), static_cast<std::int64_t>(r.taxonomies.size()));
  EXPECT_EQ(total("/api/taxonomy_terms"), static_cast<std::int64_t>(r.taxonomy_terms.size()));
  const Json t(ok("/api/taxonomies/" + r.taxonomies.front().id).body);
  EXPECT_EQ(t.text("name"), r.taxonomies.front().name);
  const Json term(ok("/api/taxonomy_terms/detention-speed-dial").body);
  EXPECT_EQ(term.text("taxonomy_id"), "amparo-phone");

  const Json found(ok("/api/taxonomy_terms?search=SPEED+dial").body);
  EXPECT_EQ(found.ids(), std::vector<std::string>{"detention-speed-dial"});
  const Json links(ok("/api/taxonomy_terms?taxonomy_id=amparo-links").body);
  for (auto item : links.contents()) {
    EXPECT_EQ(std::string(item["taxonomy_id"].get_string().value()), "amparo-links");
  }
  EXPECT_GT(links.integer("total_items"), 0);
  EXPECT_EQ(total("/api/taxonomy_terms?top_only=true"),
            std::count_if(r.taxonomy_terms.begin(), r.taxonomy_terms.end(),
                          [](const store::TaxonomyTerm& x) { return x.parent_id.empty(); }));
  EXPECT_EQ(total("/api/taxonomy_terms?parent_id=nothing"), 0);
  EXPECT_EQ(total("/api/taxonomies?search=nothing-of-the-kind"), 0);
}

TEST_F(ApiTest, FiltersByOrganizationAndTaxonomy) {
  const auto& r = records();
  const std::string org = r.services.front().organization_id;
  const Json of(ok("/api/services?organization_id=" + org).body);
  EXPECT_EQ(of.integer("total_items"),
            std::count_if(r.services.begin(), r.services.end(),
                          [&](const store::Service& s) { return s.organization_id == org; }));
  for (auto item : of.contents()) {
    EXPECT_EQ(std::string(item["organization_id"].get_string().value()), org);
  }

  // A service carries a term of its own or of its organization.
  for (const char* term : {"referral", "amparo-doj-recognized"}) {
    const auto expected = std::count_if(r.services.begin(), r.services.end(), [&](const auto& s) {
      return has_term(r, "service", s.id, term) ||
             has_term(r, "organization", s.organization_id, term);
    });
    EXPECT_EQ(total(std::string("/api/services?taxonomy_term_id=") + term), expected) << term;
  }
  const auto referral = total("/api/services?taxonomy_term_id=referral");
  EXPECT_GT(referral, 0);
  // Every term of the taxonomy counts: a service with any amparo-service term (or whose
  // organization has one).
  std::set<std::string> service_terms;
  for (const auto& t : r.taxonomy_terms) {
    if (t.taxonomy_id == "amparo-service") service_terms.insert(t.id);
  }
  const auto in_taxonomy = std::count_if(r.services.begin(), r.services.end(), [&](const auto& s) {
    return std::any_of(service_terms.begin(), service_terms.end(), [&](const std::string& t) {
      return has_term(r, "service", s.id, t) || has_term(r, "organization", s.organization_id, t);
    });
  });
  EXPECT_GT(in_taxonomy, referral);
  EXPECT_EQ(total("/api/services?taxonomy_id=amparo-service"), in_taxonomy);
  EXPECT_EQ(total("/api/services?taxonomy_term_id=no-such-term"), 0);

  // An organization carries its own terms and its services'.
  const auto recognized = std::count_if(
      r.organizations.begin(), r.organizations.end(), [&](const store::Organization& o) {
        if (has_term(r, "organization", o.id, "amparo-doj-recognized")) return true;
        return std::any_of(r.services.begin(), r.services.end(), [&](const store::Service& s) {
          return s.organization_id == o.id && has_term(r, "service", s.id, "amparo-doj-recognized");
        });
      });
  EXPECT_GT(recognized, 100);
  EXPECT_EQ(total("/api/organizations?taxonomy_term_id=amparo-doj-recognized"), recognized);
  EXPECT_EQ(total("/api/organizations?taxonomy_id=amparo-flags"), recognized);

  const auto sals_of_org = std::count_if(
      r.service_at_locations.begin(), r.service_at_locations.end(), [&](const auto& sal) {
        return std::any_of(r.services.begin(), r.services.end(), [&](const store::Service& s) {
          return s.id == sal.service_id && s.organization_id == org;
        });
      });
  EXPECT_EQ(total("/api/service_at_locations?organization_id=" + org), sals_of_org);
}

TEST_F(ApiTest, ModifiedAfterComparesTheRecordsDays) {
  const auto& r = records();
  std::set<long> days;
  for (const auto& o : r.organizations) days.insert(day_of(o.provenance));
  days.erase(-1);
  ASSERT_GE(days.size(), 2u);
  const long day = *std::next(days.begin());  // the second day any organization has
  const std::string text = Date::from_days(day).to_string();
  const auto expected = std::count_if(r.organizations.begin(), r.organizations.end(),
                                      [&](const auto& o) { return day_of(o.provenance) >= day; });
  EXPECT_GT(expected, 0);
  EXPECT_LT(expected, static_cast<std::int64_t>(r.organizations.size()));
  EXPECT_EQ(total("/api/organizations?modified_after=" + text), expected);
  EXPECT_EQ(total("/api/organizations?modified_after=" + text + "T00:00:00Z"), expected);
  EXPECT_EQ(total("/api/organizations?modified_after=" + text + "T23:59:59.999Z"), expected);
  // The UTC day decides: 20:00 at UTC-05:00 the day before is this day 01:00 UTC.
  const std::string before = Date::from_days(day - 1).to_string();
  EXPECT_EQ(total("/api/organizations?modified_after=" + before + "T20:00:00-05:00"), expected);
  // An unescaped '+' arrives as a space and is read as '+': 01:00 at +02:00 is the day before.
  const auto from_before =
      std::count_if(r.organizations.begin(), r.organizations.end(),
                    [&](const auto& o) { return day_of(o.provenance) >= day - 1; });
  EXPECT_EQ(total("/api/organizations?modified_after=" + text + "T01:00:00+02:00"), from_before);
  EXPECT_EQ(total("/api/organizations?modified_after=" + text + "T01:00:00%2B02:00"), from_before);

  const auto services = std::count_if(r.services.begin(), r.services.end(),
                                      [&](const auto& s) { return day_of(s.provenance) >= day; });
  EXPECT_EQ(total("/api/services?modified_after=" + text), services);
  EXPECT_EQ(total("/api/organizations?modified_after=9999-12-31"), 0);

  for (const char* bad : {"yesterday", "2026-02-30", "2026-01-31T25:00", "2026-01-31T12:00+19:00",
                          "2026-01-31X", "2026-1-31"}) {
    expect_error(std::string("/api/services?modified_after=") + bad, 400, "modified_after:");
  }
}

TEST_F(ApiTest, SearchUsesTheHelpFindersIndex) {
  const auto& snap = *site_->snapshot;
  directory::QueryInput in;
  in.q = "Tijuana";
  auto q = snap.parser().parse(in).query;
  q.limit = 10000;
  const auto expected = snap.index()->search(q);
  ASSERT_GT(expected.total, 0u);
  const Reply r = ok("/api/organizations?search=Tijuana&per_page=200");
  EXPECT_EQ(r.get("cache-control"), "no-store");  // words a person typed are not stored
  const Json j(r.body);
  EXPECT_EQ(j.integer("total_items"), static_cast<std::int64_t>(expected.total));
  std::vector<std::string> best;
  for (const auto& hit : expected.hits) {
    if (best.size() == 200) break;
    best.push_back(records().organizations[hit.doc].id);
  }
  EXPECT_EQ(j.ids(), best);  // in the index's order

  // Services are found through their organization.
  std::set<std::string> orgs(best.begin(), best.end());
  for (const auto& hit : expected.hits) orgs.insert(records().organizations[hit.doc].id);
  const Json services(ok("/api/services?search=Tijuana&per_page=200").body);
  const auto n = std::count_if(records().services.begin(), records().services.end(),
                               [&](const auto& s) { return orgs.count(s.organization_id) > 0; });
  EXPECT_EQ(services.integer("total_items"), n);
  for (auto item : services.contents()) {
    EXPECT_EQ(orgs.count(std::string(item["organization_id"].get_string().value())), 1u);
  }
  EXPECT_EQ(total("/api/organizations?search=zzqqxxnothing"), 0);
}

TEST_F(ApiTest, PostcodeAndProximityInMetres) {
  const auto near = total("/api/organizations?postcode=85701&proximity=10000");
  const auto standard = total("/api/organizations?postcode=85701");
  const auto wide = total("/api/organizations?postcode=85701-1234&proximity=1000000");
  EXPECT_GT(near, 0);
  EXPECT_LE(near, standard);
  EXPECT_LT(standard, wide);
  EXPECT_EQ(standard, total("/api/organizations?postcode=85701&proximity=100000"));
  EXPECT_LE(total("/api/services?postcode=85701&proximity=10000"), total("/api/services"));
  EXPECT_EQ(fetch("/api/services?postcode=85701").get("cache-control"), "no-store");

  // The same as the index answers around the ZIP code's centroid.
  const auto& snap = *site_->snapshot;
  directory::QueryInput in;
  in.near = "85701";
  auto q = snap.parser().parse(in).query;
  ASSERT_TRUE(q.near.has_value());
  q.radius_km = 10;
  q.limit = 10000;
  EXPECT_EQ(near, static_cast<std::int64_t>(snap.index()->search(q).total));

  expect_error("/api/services?postcode=00000", 400, "postcode:");
  expect_error("/api/services?postcode=Tijuana", 400, "postcode:");
  expect_error("/api/services?postcode=8570", 400, "postcode:");
  expect_error("/api/services?proximity=1000", 400, "proximity:");
  expect_error("/api/services?postcode=85701&proximity=0", 400, "proximity:");
  expect_error("/api/services?postcode=85701&proximity=1000001", 400, "proximity:");
  expect_error("/api/services?postcode=85701&proximity=near", 400, "proximity:");
}

TEST_F(ApiTest, NdjsonStreamsEveryFullRecord) {
  const Reply r = fetch("/api/services?format=ndjson&per_page=1&page=3");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.get("content-type"), "application/x-ndjson");
  std::vector<std::string> lines;
  std::istringstream in(r.body);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), records().services.size());  // no paging
  ASSERT_FALSE(r.body.empty());
  EXPECT_EQ(r.body.back(), '\n');
  for (std::size_t i = 0; i < lines.size(); i += 11) {
    std::string own = ok("/api/services/" + records().services[i].id).body;
    own.pop_back();
    EXPECT_EQ(lines[i], own);
  }
  const Reply orgs = fetch("/api/organizations?format=ndjson&taxonomy_term_id=amparo-same-as");
  std::size_t n = 0;
  for (char c : orgs.body) n += c == '\n' ? 1 : 0;
  EXPECT_EQ(static_cast<std::int64_t>(n),
            total("/api/organizations?taxonomy_term_id=amparo-same-as"));
  EXPECT_EQ(fetch("/api/taxonomies?format=json").get("content-type"),
            "application/json; charset=utf-8");
}

TEST_F(ApiTest, ErrorsAreJsonNamingTheParameterOrId) {
  expect_error("/api/services/no-such-service", 404, "no service with id \"no-such-service\"");
  expect_error("/api/organizations/x", 404, "no organization with id");
  expect_error("/api/service_at_locations/x", 404, "no service_at_location with id");
  expect_error("/api/taxonomies/x", 404, "no taxonomy with id");
  expect_error("/api/taxonomy_terms/x", 404, "no taxonomy_term with id");
  for (const char* bad : {"page=abc", "page=0", "page=-1", "page=1.5", "page=1000001"}) {
    expect_error(std::string("/api/services?") + bad, 400, "page:");
  }
  for (const char* bad : {"per_page=0", "per_page=201", "per_page=ten"}) {
    expect_error(std::string("/api/organizations?") + bad, 400, "per_page:");
  }
  expect_error("/api/taxonomies?format=xml", 400, "format:");
  expect_error("/api/services?full=maybe", 400, "full:");
  expect_error("/api/taxonomy_terms?top_only=2", 400, "top_only:");
  expect_error("/api/services?taxonomy_term_id=" + std::string(300, 'x'), 400, "taxonomy_term_id:");

  // Unknown API paths are JSON, never the site's pages.
  for (const char* path : {"/api/nope", "/api/help", "/api/about", "/api/services/a/b",
                           "/api/org/x", "/api/openapi.yaml"}) {
    expect_error(path, 404, "no such API path");
  }
  const Reply post = fetch("/api/services", {}, "POST");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.get("allow"), "GET, HEAD");
  EXPECT_EQ(post.get("content-type"), "application/json; charset=utf-8");
  EXPECT_NE(post.body.find("\"message\""), std::string::npos);
  EXPECT_EQ(fetch("/api/services/x", {}, "DELETE").status, 405);
  // The site's own errors stay HTML.
  EXPECT_EQ(fetch("/en/nope").get("content-type"), "text/html; charset=utf-8");
}

TEST_F(ApiTest, CompressedCachedAndReadableFromAnyOrigin) {
  const Reply r = fetch("/api/organizations?per_page=100", {"Accept-Encoding: br, gzip"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.get("content-encoding"), "br");
  EXPECT_EQ(r.get("cache-control"), "public, max-age=300");
  EXPECT_EQ(r.get("access-control-allow-origin"), "*");
  EXPECT_EQ(r.headers.count("vary"), 1u);
  EXPECT_FALSE(r.has("set-cookie"));
  const auto etag = r.get("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(fetch("/api/organizations?per_page=100", {"If-None-Match: " + etag}).status, 304);

  const Reply plain = fetch("/api/taxonomies");
  EXPECT_FALSE(plain.has("content-encoding"));
  EXPECT_EQ(plain.get("vary"), "Accept-Encoding");

  const Reply gz = fetch("/api/", {"Accept-Encoding: gzip"});
  EXPECT_EQ(gz.get("content-encoding"), "gzip");

  const Reply head = fetch("/api/services", {}, "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.get("content-type"), "application/json; charset=utf-8");
}

}  // namespace
}  // namespace amparo::web
