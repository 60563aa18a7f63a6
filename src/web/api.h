// The Open Referral HSDS 3.0 API under /api/: read-only JSON (or NDJSON) over the snapshot's
// directory, written by the same HsdsJson as the HSDS export. What the filters read (each record's
// day, taxonomy terms, organization) is worked out once per snapshot in ApiData; a request filters,
// pages and writes, and touches no database.
//
//   GET /api/                                   version, profile, openapi_url
//   GET /api/openapi.json                       the OpenAPI document (data/api/openapi.json)
//   GET /api/services[/{id}]                    and organizations, service_at_locations,
//   GET /api/taxonomies[/{id}]                  taxonomy_terms in the same way
//
// Parameters, limits and their meaning are written down in data/api/openapi.json and
// docs/design.md ("The HSDS API").
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "directory/hsds_json.h"
#include "directory/listing.h"
#include "web/http.h"
#include "web/router.h"

namespace amparo::web {

class Snapshot;

inline constexpr std::size_t kApiDefaultPerPage = 50;
inline constexpr std::size_t kApiMaxPerPage = 200;
inline constexpr std::size_t kApiMaxPage = 1'000'000;
inline constexpr double kApiDefaultProximityMetres = 100'000;
inline constexpr double kApiMaxProximityMetres = 1'000'000;
// The HSDS profile the API follows (the root's "profile").
inline constexpr std::string_view kHsdsProfile = "https://openreferral.org/specification/3.0/";
inline constexpr std::string_view kOpenApiPath = "/api/openapi.json";

// What the API reads, built once per snapshot from its directory.
class ApiData {
 public:
  // `directory` must outlive this object (the snapshot holds both). `openapi` is the document
  // served at /api/openapi.json (empty: none); `version` is amparo's.
  ApiData(const directory::Directory& directory, std::string_view version, std::string openapi);

  const directory::HsdsJson& hsds() const { return hsds_; }
  const std::shared_ptr<const Body>& root() const { return root_; }
  const std::shared_ptr<const Body>& openapi() const { return openapi_; }

  // What the filters know of a service or organization.
  struct Facts {
    long day = kNoDay;                    // days since 1970-01-01 of assured_date, else source_date
    std::vector<std::string_view> terms;  // taxonomy term ids of its attributes, sorted
    std::vector<std::string_view> taxonomies;  // their taxonomies, sorted
  };
  static constexpr long kNoDay = -1'000'000'000;
  static constexpr std::uint32_t kNone = UINT32_MAX;

  // By position in the directory's records.
  const Facts& service_facts(std::uint32_t i) const { return services_[i]; }
  const Facts& organization_facts(std::uint32_t i) const { return organizations_[i]; }
  // An organization's services; a service's organization (kNone) and service_at_locations.
  const std::vector<std::uint32_t>& services_of(std::uint32_t organization) const {
    return org_services_[organization];
  }
  std::uint32_t organization_of(std::uint32_t service) const { return service_org_[service]; }
  const std::vector<std::uint32_t>& service_at_locations_of(std::uint32_t service) const {
    return service_sals_[service];
  }
  // A service_at_location's service (kNone when it names none).
  std::uint32_t service_of(std::uint32_t sal) const { return sal_service_[sal]; }
  // The folded text of each taxonomy and term (id, code, name, description), for `search`.
  const std::vector<std::string>& taxonomy_text() const { return taxonomy_text_; }
  const std::vector<std::string>& term_text() const { return term_text_; }

 private:
  directory::HsdsJson hsds_;
  std::vector<Facts> services_;
  std::vector<Facts> organizations_;
  std::vector<std::vector<std::uint32_t>> org_services_;
  std::vector<std::uint32_t> service_org_;
  std::vector<std::vector<std::uint32_t>> service_sals_;
  std::vector<std::uint32_t> sal_service_;
  std::vector<std::string> taxonomy_text_;
  std::vector<std::string> term_text_;
  std::shared_ptr<const Body> root_;
  std::shared_ptr<const Body> openapi_;
};

// Reads <data_dir>/api/openapi.json and puts `version` in place of @AMPARO_VERSION@. The error
// names the file.
Result<std::string> load_openapi(const std::string& data_dir, std::string_view version);

// Whether `path` is the API's ("/api" or under "/api/"): its errors are JSON.
bool is_api_path(std::string_view path);

// A JSON error: {"message": "..."}, not cached, readable from any origin.
Response api_error(int status, std::string_view message);

// The handlers (see the table in app.cpp).
Response api_add_slash(const Request& req, const Snapshot& s, const RouteParams& p);
Response api_root(const Request& req, const Snapshot& s, const RouteParams& p);
Response api_openapi(const Request& req, const Snapshot& s, const RouteParams& p);
Response api_services(const Request& req, const Snapshot& s, const RouteParams& p);
Response api_service(const Request& req, const Snapshot& s, const RouteParams& p);
Response api_organizations(const Request& req, const Snapshot& s, const RouteParams& p);
Response api_organization(const Request& req, const Snapshot& s, const RouteParams& p);
Response api_service_at_locations(const Request& req, const Snapshot& s, const RouteParams& p);
Response api_service_at_location(const Request& req, const Snapshot& s, const RouteParams& p);
Response api_taxonomies(const Request& req, const Snapshot& s, const RouteParams& p);
Response api_taxonomy(const Request& req, const Snapshot& s, const RouteParams& p);
Response api_taxonomy_terms(const Request& req, const Snapshot& s, const RouteParams& p);
Response api_taxonomy_term(const Request& req, const Snapshot& s, const RouteParams& p);

}  // namespace amparo::web
