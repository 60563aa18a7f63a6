#include "web/api.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <unordered_map>

#include "core/date.h"
#include "core/file.h"
#include "text/json_writer.h"
#include "text/normalize.h"
#include "web/snapshot.h"

namespace amparo::web {
namespace {

using directory::HsdsJson;
using Detail = HsdsJson::Detail;
using Params = std::vector<std::pair<std::string, std::string>>;
using text::JsonWriter;

constexpr std::string_view kJson = "application/json; charset=utf-8";
constexpr std::string_view kNdjson = "application/x-ndjson";
constexpr std::string_view kCache = "public, max-age=300";
constexpr std::size_t kMaxIdBytes = 256;
constexpr std::size_t kMaxSearchBytes = 256;

// The day of a record: when it was last verified, else the date of its source.
long record_day(const store::Provenance& p) {
  for (const std::string* text : {&p.assured_date, &p.source_date}) {
    if (text->empty()) continue;
    if (auto d = Date::parse(*text); d.ok()) return d->days_since_epoch();
  }
  return ApiData::kNoDay;
}

void sort_unique(std::vector<std::string_view>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

Response json_response(const Request& req, std::string body, std::string_view content_type,
                       std::string_view cache) {
  Response r;
  r.content_type = std::string(content_type);
  r.body = make_dynamic_body(std::move(body), req.header("accept-encoding"));
  r.set_header("Cache-Control", std::string(cache));
  r.set_header("Access-Control-Allow-Origin", "*");
  // The server says Vary itself when it has a compressed body to choose.
  if (r.body->gzip.empty() && r.body->brotli.empty()) r.set_header("Vary", "Accept-Encoding");
  return r;
}

Response shared_response(std::shared_ptr<const Body> body) {
  Response r;
  r.content_type = std::string(kJson);
  r.body = std::move(body);
  r.set_header("Cache-Control", std::string(kCache));
  r.set_header("Access-Control-Allow-Origin", "*");
  return r;
}

// A text for a message: at most kMaxIdBytes of what the client sent.
std::string quoted(std::string_view v) {
  return "\"" + std::string(v.substr(0, std::min(v.size(), kMaxIdBytes))) + "\"";
}

// ---- Parameters ----

struct Query {
  std::string search;
  std::size_t page = 1;
  std::size_t per_page = kApiDefaultPerPage;
  bool ndjson = false;
  bool full = false;
  bool full_service = false;
  bool top_only = false;
  std::string taxonomy_term_id;
  std::string taxonomy_id;
  std::string organization_id;
  std::string parent_id;
  std::optional<long> modified_after;  // a UTC day
  std::string postcode;
  std::optional<double> proximity_metres;

  // Whether the request says something about a person (words, a place): not to be stored.
  bool personal() const { return !search.empty() || !postcode.empty(); }
};

std::optional<std::size_t> whole_number(std::string_view v, std::size_t min, std::size_t max) {
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size() || n < min || n > max) {
    return std::nullopt;
  }
  return n;
}

std::optional<bool> boolean(std::string_view v) {
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  return std::nullopt;
}

bool digits(std::string_view v) {
  return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int two_digits(std::string_view v) { return (v[0] - '0') * 10 + (v[1] - '0'); }

long floor_div(long a, long b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

// The UTC day of an ISO 8601 date ("2026-01-31") or date-time ("2026-01-31T12:00:00Z",
// "...T12:00:00.5-07:00"; no offset: UTC). A space stands for '+' in an offset ('+' in a query
// string is a space when the client did not escape it).
std::optional<long> utc_day(std::string_view v) {
  if (v.size() < 10) return std::nullopt;
  const auto date = Date::parse(v.substr(0, 10));
  if (!date.ok()) return std::nullopt;
  long day = date->days_since_epoch();
  v.remove_prefix(10);
  if (v.empty()) return day;
  if (v[0] != 'T' && v[0] != 't') return std::nullopt;
  v.remove_prefix(1);
  if (v.size() < 5 || !digits(v.substr(0, 2)) || v[2] != ':' || !digits(v.substr(3, 2))) {
    return std::nullopt;
  }
  const int hour = two_digits(v);
  const int minute = two_digits(v.substr(3));
  if (hour > 23 || minute > 59) return std::nullopt;
  v.remove_prefix(5);
  if (!v.empty() && v[0] == ':') {
    if (v.size() < 3 || !digits(v.substr(1, 2)) || two_digits(v.substr(1)) > 60) {
      return std::nullopt;
    }
    v.remove_prefix(3);
    if (!v.empty() && (v[0] == '.' || v[0] == ',')) {
      std::size_t n = 1;
      while (n < v.size() && v[n] >= '0' && v[n] <= '9') ++n;
      if (n == 1) return std::nullopt;
      v.remove_prefix(n);
    }
  }
  long offset = 0;  // minutes east of UTC
  if (v == "Z" || v == "z") {
    v = {};
  } else if (!v.empty()) {
    const char sign = v[0];
    if (sign != '+' && sign != '-' && sign != ' ') return std::nullopt;
    v.remove_prefix(1);
    if (v.size() == 5 && v[2] == ':') {
      if (!digits(v.substr(0, 2)) || !digits(v.substr(3, 2))) return std::nullopt;
      offset = two_digits(v) * 60L + two_digits(v.substr(3));
    } else if (v.size() == 4 && digits(v)) {
      offset = two_digits(v) * 60L + two_digits(v.substr(2));
    } else if (v.size() == 2 && digits(v)) {
      offset = two_digits(v) * 60L;
    } else {
      return std::nullopt;
    }
    if (offset > 18 * 60) return std::nullopt;
    if (sign == '-') offset = -offset;
  }
  return day + floor_div(hour * 60L + minute - offset, 24 * 60);
}

bool is_zip(std::string_view v) {
  return (v.size() == 5 && digits(v)) ||
         (v.size() == 10 && digits(v.substr(0, 5)) && v[5] == '-' && digits(v.substr(6)));
}

// Reads the parameters every list knows. An error names the parameter at fault.
std::optional<Response> read_query(const Request& req, Query& q) {
  const Params params = parse_query(req.query);
  const auto get = [&](std::string_view name) { return param(params, name); };
  const auto bad = [](std::string_view name, std::string_view why) {
    return api_error(400, std::string(name) + ": " + std::string(why));
  };
  const auto search = get("search");
  q.search = std::string(search.substr(0, std::min(search.size(), kMaxSearchBytes)));
  if (const auto v = get("page"); !v.empty()) {
    const auto n = whole_number(v, 1, kApiMaxPage);
    if (!n) return bad("page", "not a whole number from 1 to " + std::to_string(kApiMaxPage));
    q.page = *n;
  }
  if (const auto v = get("per_page"); !v.empty()) {
    const auto n = whole_number(v, 1, kApiMaxPerPage);
    if (!n)
      return bad("per_page", "not a whole number from 1 to " + std::to_string(kApiMaxPerPage));
    q.per_page = *n;
  }
  if (const auto v = get("format"); !v.empty()) {
    if (v != "json" && v != "ndjson") return bad("format", "not json or ndjson");
    q.ndjson = v == "ndjson";
  }
  for (const auto& [name, flag] : {std::pair<std::string_view, bool*>{"full", &q.full},
                                   {"full_service", &q.full_service},
                                   {"top_only", &q.top_only}}) {
    if (const auto v = get(name); !v.empty()) {
      const auto b = boolean(v);
      if (!b) return bad(name, "not true or false");
      *flag = *b;
    }
  }
  for (const auto& [name, value] :
       {std::pair<std::string_view, std::string*>{"taxonomy_term_id", &q.taxonomy_term_id},
        {"taxonomy_id", &q.taxonomy_id},
        {"organization_id", &q.organization_id},
        {"parent_id", &q.parent_id}}) {
    const auto v = get(name);
    if (v.size() > kMaxIdBytes) return bad(name, "longer than any id");
    *value = std::string(v);
  }
  if (const auto v = get("modified_after"); !v.empty()) {
    q.modified_after = utc_day(v);
    if (!q.modified_after) {
      return bad("modified_after",
                 "not an ISO 8601 date or date-time (2026-01-31, 2026-01-31T12:00:00Z)");
    }
  }
  if (const auto v = get("postcode"); !v.empty()) {
    if (!is_zip(v)) return bad("postcode", "not a US ZIP code (85701 or 85701-1234)");
    q.postcode = std::string(v);
  }
  if (const auto v = get("proximity"); !v.empty()) {
    double m = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), m);
    if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(m) || m <= 0 ||
        m > kApiMaxProximityMetres) {
      return bad("proximity", "not a number of metres above 0 and at most 1000000");
    }
    if (q.postcode.empty()) return bad("proximity", "needs a postcode");
    q.proximity_metres = m;
  }
  return std::nullopt;
}

// ---- Selection ----

// The organizations a search or place selects (positions in the records), best first; `all`
// when the query has neither (every record, in the order of the records).
struct Selection {
  bool all = true;
  std::vector<std::uint32_t> organizations;
};

std::optional<Response> select(const Snapshot& s, const Query& q, Selection& out) {
  if (q.search.empty() && q.postcode.empty()) return std::nullopt;
  const std::size_t organizations = s.api()->hsds().records().organizations.size();
  out.all = false;
  const auto* index = s.index();
  if (index == nullptr) return std::nullopt;
  directory::QueryInput in;
  in.q = q.search;
  in.near = q.postcode;
  const auto parsed = s.parser().parse(in);
  directory::SearchQuery sq = parsed.query;
  if (!q.postcode.empty()) {
    if (!sq.near)
      return api_error(400, "postcode: no ZIP code " + quoted(q.postcode) + " is known");
    sq.radius_km = q.proximity_metres.value_or(kApiDefaultProximityMetres) / 1000.0;
  }
  sq.offset = 0;
  sq.limit = std::max<std::size_t>(1, index->size());
  // The index may give fewer hits than asked for at a time: read on until all are in.
  while (true) {
    const auto result = index->search(sq);
    for (const auto& hit : result.hits) {
      if (hit.doc < organizations) out.organizations.push_back(hit.doc);
    }
    sq.offset += result.hits.size();
    if (result.hits.empty() || sq.offset >= result.total) break;
  }
  return std::nullopt;
}

bool has(const std::vector<std::string_view>& sorted, std::string_view v) {
  return std::binary_search(sorted.begin(), sorted.end(), v);
}

bool facts_match(const ApiData::Facts& f, const Query& q) {
  if (!q.taxonomy_term_id.empty() && !has(f.terms, q.taxonomy_term_id)) return false;
  if (!q.taxonomy_id.empty() && !has(f.taxonomies, q.taxonomy_id)) return false;
  if (q.modified_after && (f.day == ApiData::kNoDay || f.day < *q.modified_after)) return false;
  return true;
}

// Whether every word of `search` is in `folded`.
bool words_in(const std::vector<std::string>& words, std::string_view folded) {
  return std::all_of(words.begin(), words.end(), [&](const std::string& w) {
    return folded.find(w) != std::string_view::npos;
  });
}

// ---- Writing ----

// A list: a Page object with `contents`, or NDJSON (every item, fully nested, one per line).
template <typename Item, typename Write>
Response list_response(const Request& req, const Query& q, const std::vector<Item>& items,
                       Write write) {
  std::string out;
  const std::string_view cache = q.personal() ? "no-store" : kCache;
  if (q.ndjson) {
    for (const auto& item : items) {
      JsonWriter w(out);
      write(w, item, Detail::kFull);
      out += '\n';
    }
    return json_response(req, std::move(out), kNdjson, cache);
  }
  const std::size_t total = items.size();
  const std::size_t pages = (total + q.per_page - 1) / q.per_page;
  const std::size_t first = std::min(total, (q.page - 1) * q.per_page);
  const std::size_t last = std::min(total, first + q.per_page);
  const Detail detail = q.full ? Detail::kFull : Detail::kList;
  JsonWriter w(out);
  w.begin_object();
  w.key("total_items").value(static_cast<std::uint64_t>(total));
  w.key("total_pages").value(static_cast<std::uint64_t>(pages));
  w.key("page_number").value(static_cast<std::uint64_t>(q.page));
  w.key("size").value(static_cast<std::uint64_t>(last - first));
  w.key("first_page").value(q.page == 1);
  w.key("last_page").value(q.page >= pages);
  w.key("empty").value(last == first);
  w.key("contents").begin_array();
  for (std::size_t i = first; i < last; ++i) write(w, items[i], detail);
  w.end_array();
  w.end_object();
  out += '\n';
  return json_response(req, std::move(out), kJson, cache);
}

template <typename Write>
Response record_response(const Request& req, Write write) {
  std::string out;
  JsonWriter w(out);
  write(w);
  out += '\n';
  return json_response(req, std::move(out), kJson, kCache);
}

// The API's data, or the error saying there is none.
const ApiData* data_of(const Snapshot& s, Response& error) {
  const ApiData* api = s.api();
  if (api == nullptr) error = api_error(404, "this server has no directory");
  return api;
}

Response unknown(std::string_view what, std::string_view id) {
  return api_error(404, "no " + std::string(what) + " with id " + quoted(id));
}

}  // namespace

// ---- ApiData ----

ApiData::ApiData(const directory::Directory& directory, std::string_view version,
                 std::string openapi)
    : hsds_(directory.records()) {
  const store::Records& r = directory.records();
  std::unordered_map<std::string_view, std::uint32_t> org_at;
  std::unordered_map<std::string_view, std::uint32_t> service_at;
  for (std::uint32_t i = 0; i < r.organizations.size(); ++i) {
    org_at.emplace(r.organizations[i].id, i);
  }
  for (std::uint32_t i = 0; i < r.services.size(); ++i) service_at.emplace(r.services[i].id, i);
  std::unordered_map<std::string_view, std::string_view> taxonomy_of;
  for (const auto& t : hsds_.taxonomy_terms()) taxonomy_of.emplace(t.id, t.taxonomy_id);
  const auto add_terms = [&](Facts& f, std::string_view entity, std::string_view id) {
    for (const auto* a : hsds_.attributes_of(entity, id)) {
      f.terms.push_back(a->taxonomy_term_id);
      if (const auto it = taxonomy_of.find(a->taxonomy_term_id);
          it != taxonomy_of.end() && !it->second.empty()) {
        f.taxonomies.push_back(it->second);
      }
    }
  };

  org_services_.resize(r.organizations.size());
  service_org_.assign(r.services.size(), kNone);
  service_sals_.resize(r.services.size());
  organizations_.resize(r.organizations.size());
  services_.resize(r.services.size());
  for (std::uint32_t i = 0; i < r.services.size(); ++i) {
    const auto it = org_at.find(r.services[i].organization_id);
    if (it == org_at.end()) continue;
    service_org_[i] = it->second;
    org_services_[it->second].push_back(i);
  }
  for (std::uint32_t i = 0; i < r.organizations.size(); ++i) {
    Facts& f = organizations_[i];
    f.day = record_day(r.organizations[i].provenance);
    add_terms(f, "organization", r.organizations[i].id);
    for (const auto s : org_services_[i]) add_terms(f, "service", r.services[s].id);
    sort_unique(f.terms);
    sort_unique(f.taxonomies);
  }
  for (std::uint32_t i = 0; i < r.services.size(); ++i) {
    Facts& f = services_[i];
    f.day = record_day(r.services[i].provenance);
    add_terms(f, "service", r.services[i].id);
    if (service_org_[i] != kNone) {
      add_terms(f, "organization", r.organizations[service_org_[i]].id);
    }
    sort_unique(f.terms);
    sort_unique(f.taxonomies);
  }
  sal_service_.assign(r.service_at_locations.size(), kNone);
  for (std::uint32_t i = 0; i < r.service_at_locations.size(); ++i) {
    const auto it = service_at.find(r.service_at_locations[i].service_id);
    if (it == service_at.end()) continue;
    sal_service_[i] = it->second;
    service_sals_[it->second].push_back(i);
  }
  for (const auto& t : hsds_.taxonomies()) {
    taxonomy_text_.push_back(text::fold(t.id + " " + t.name + " " + t.description));
  }
  for (const auto& t : hsds_.taxonomy_terms()) {
    term_text_.push_back(text::fold(t.id + " " + t.code + " " + t.name + " " + t.description));
  }

  std::string root;
  JsonWriter w(root);
  w.begin_object();
  w.key("version").value("3.0.0");  // the HSDS version, as the HSDS OpenAPI defines it
  w.key("profile").value(kHsdsProfile);
  w.key("openapi_url").value(kOpenApiPath);
  w.key("amparo_version").value(version);
  w.end_object();
  root += '\n';
  root_ = make_precompressed_body(std::move(root));
  if (!openapi.empty()) openapi_ = make_precompressed_body(std::move(openapi));
}

Result<std::string> load_openapi(const std::string& data_dir, std::string_view version) {
  const std::string path = data_dir + "/api/openapi.json";
  auto text = read_file(path);
  if (!text.ok()) return std::move(text).error();
  // The bundled document names the version as a token, filled in with this binary's version.
  constexpr std::string_view kVersionToken = "@AMPARO_VERSION@";
  const auto at = text->find(kVersionToken);
  if (at == std::string::npos) {
    return make_error(ErrorCode::kCorrupt, "no @AMPARO_VERSION@ in the API's OpenAPI document")
        .at(path);
  }
  text->replace(at, kVersionToken.size(), version);
  return std::move(*text);
}

bool is_api_path(std::string_view path) { return path == "/api" || path.substr(0, 5) == "/api/"; }

Response api_error(int status, std::string_view message) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("message").value(message);
  w.end_object();
  out += '\n';
  Response r = Response::text(status, std::string(kJson), std::move(out));
  r.set_header("Cache-Control", "no-store");
  r.set_header("Access-Control-Allow-Origin", "*");
  return r;
}

// ---- Handlers ----

Response api_add_slash(const Request&, const Snapshot&, const RouteParams&) {
  Response r = Response::text(308, "text/plain; charset=utf-8", "");
  r.set_header("Location", "/api/");
  r.set_header("Access-Control-Allow-Origin", "*");
  return r;
}

Response api_root(const Request&, const Snapshot& s, const RouteParams&) {
  Response error;
  const ApiData* api = data_of(s, error);
  if (api == nullptr) return error;
  return shared_response(api->root());
}

Response api_openapi(const Request&, const Snapshot& s, const RouteParams&) {
  Response error;
  const ApiData* api = data_of(s, error);
  if (api == nullptr) return error;
  if (!api->openapi()) return api_error(404, "this server has no OpenAPI document");
  return shared_response(api->openapi());
}

Response api_services(const Request& req, const Snapshot& s, const RouteParams&) {
  Response error;
  const ApiData* api = data_of(s, error);
  if (api == nullptr) return error;
  Query q;
  if (auto e = read_query(req, q)) return std::move(*e);
  Selection sel;
  if (auto e = select(s, q, sel)) return std::move(*e);
  const auto& services = api->hsds().records().services;
  std::vector<std::uint32_t> found;
  const auto consider = [&](std::uint32_t i) {
    if (!q.organization_id.empty() && services[i].organization_id != q.organization_id) return;
    if (facts_match(api->service_facts(i), q)) found.push_back(i);
  };
  if (sel.all) {
    for (std::uint32_t i = 0; i < services.size(); ++i) consider(i);
  } else {
    for (const auto o : sel.organizations) {
      for (const auto i : api->services_of(o)) consider(i);
    }
  }
  return list_response(req, q, found, [&](JsonWriter& w, std::uint32_t i, Detail d) {
    api->hsds().service(w, services[i], d);
  });
}

Response api_service(const Request& req, const Snapshot& s, const RouteParams& p) {
  Response error;
  const ApiData* api = data_of(s, error);
  if (api == nullptr) return error;
  const auto* service = api->hsds().find_service(p.id);
  if (service == nullptr) return unknown("service", p.id);
  return record_response(req,
                         [&](JsonWriter& w) { api->hsds().service(w, *service, Detail::kFull); });
}

Response api_organizations(const Request& req, const Snapshot& s, const RouteParams&) {
  Response error;
  const ApiData* api = data_of(s, error);
  if (api == nullptr) return error;
  Query q;
  if (auto e = read_query(req, q)) return std::move(*e);
  Selection sel;
  if (auto e = select(s, q, sel)) return std::move(*e);
  const auto& organizations = api->hsds().records().organizations;
  std::vector<std::uint32_t> found;
  const auto consider = [&](std::uint32_t i) {
    if (facts_match(api->organization_facts(i), q)) found.push_back(i);
  };
  if (sel.all) {
    for (std::uint32_t i = 0; i < organizations.size(); ++i) consider(i);
  } else {
    for (const auto o : sel.organizations) consider(o);
  }
  const Detail services = q.full_service ? Detail::kFull : Detail::kList;
  const bool with_services = q.full || q.full_service || q.ndjson;
  return list_response(req, q, found, [&](JsonWriter& w, std::uint32_t i, Detail d) {
    api->hsds().organization(w, organizations[i], d, with_services ? &services : nullptr);
  });
}

Response api_organization(const Request& req, const Snapshot& s, const RouteParams& p) {
  Response error;
  const ApiData* api = data_of(s, error);
  if (api == nullptr) return error;
  Query q;
  if (auto e = read_query(req, q)) return std::move(*e);
  const auto* o = api->hsds().find_organization(p.id);
  if (o == nullptr) return unknown("organization", p.id);
  const Detail services = q.full_service ? Detail::kFull : Detail::kList;
  return record_response(
      req, [&](JsonWriter& w) { api->hsds().organization(w, *o, Detail::kFull, &services); });
}

Response api_service_at_locations(const Request& req, const Snapshot& s, const RouteParams&) {
  Response error;
  const ApiData* api = data_of(s, error);
  if (api == nullptr) return error;
  Query q;
  if (auto e = read_query(req, q)) return std::move(*e);
  Selection sel;
  if (auto e = select(s, q, sel)) return std::move(*e);
  const auto& records = api->hsds().records();
  const auto& sals = records.service_at_locations;
  std::vector<std::uint32_t> found;
  const auto consider = [&](std::uint32_t i) {
    const std::uint32_t service = api->service_of(i);
    if (service == ApiData::kNone) {
      // Nothing to filter on: listed only when nothing is asked of it.
      if (q.organization_id.empty() && q.taxonomy_term_id.empty() && q.taxonomy_id.empty() &&
          !q.modified_after) {
        found.push_back(i);
      }
      return;
    }
    if (!q.organization_id.empty() &&
        records.services[service].organization_id != q.organization_id) {
      return;
    }
    if (facts_match(api->service_facts(service), q)) found.push_back(i);
  };
  if (sel.all) {
    for (std::uint32_t i = 0; i < sals.size(); ++i) consider(i);
  } else {
    for (const auto o : sel.organizations) {
      for (const auto svc : api->services_of(o)) {
        for (const auto i : api->service_at_locations_of(svc)) consider(i);
      }
    }
  }
  return list_response(req, q, found, [&](JsonWriter& w, std::uint32_t i, Detail d) {
    api->hsds().service_at_location(w, sals[i], d, true);
  });
}

Response api_service_at_location(const Request& req, const Snapshot& s, const RouteParams& p) {
  Response error;
  const ApiData* api = data_of(s, error);
  if (api == nullptr) return error;
  const auto* sal = api->hsds().find_service_at_location(p.id);
  if (sal == nullptr) return unknown("service_at_location", p.id);
  return record_response(
      req, [&](JsonWriter& w) { api->hsds().service_at_location(w, *sal, Detail::kFull, true); });
}

Response api_taxonomies(const Request& req, const Snapshot& s, const RouteParams&) {
  Response error;
  const ApiData* api = data_of(s, error);
  if (api == nullptr) return error;
  Query q;
  if (auto e = read_query(req, q)) return std::move(*e);
  const auto words = text::tokenize(text::fold(q.search));
  const auto& taxonomies = api->hsds().taxonomies();
  std::vector<std::uint32_t> found;
  for (std::uint32_t i = 0; i < taxonomies.size(); ++i) {
    if (words_in(words, api->taxonomy_text()[i])) found.push_back(i);
  }
  return list_response(req, q, found, [&](JsonWriter& w, std::uint32_t i, Detail) {
    api->hsds().taxonomy(w, taxonomies[i]);
  });
}

Response api_taxonomy(const Request& req, const Snapshot& s, const RouteParams& p) {
  Response error;
  const ApiData* api = data_of(s, error);
  if (api == nullptr) return error;
  const auto* t = api->hsds().find_taxonomy(p.id);
  if (t == nullptr) return unknown("taxonomy", p.id);
  return record_response(req, [&](JsonWriter& w) { api->hsds().taxonomy(w, *t); });
}

Response api_taxonomy_terms(const Request& req, const Snapshot& s, const RouteParams&) {
  Response error;
  const ApiData* api = data_of(s, error);
  if (api == nullptr) return error;
  Query q;
  if (auto e = read_query(req, q)) return std::move(*e);
  const auto words = text::tokenize(text::fold(q.search));
  const auto& terms = api->hsds().taxonomy_terms();
  std::vector<std::uint32_t> found;
  for (std::uint32_t i = 0; i < terms.size(); ++i) {
    const auto& t = terms[i];
    if (!q.taxonomy_id.empty() && t.taxonomy_id != q.taxonomy_id) continue;
    if (!q.parent_id.empty() && t.parent_id != q.parent_id) continue;
    if (q.top_only && !t.parent_id.empty()) continue;
    if (words_in(words, api->term_text()[i])) found.push_back(i);
  }
  return list_response(req, q, found, [&](JsonWriter& w, std::uint32_t i, Detail) {
    api->hsds().taxonomy_term(w, terms[i]);
  });
}

Response api_taxonomy_term(const Request& req, const Snapshot& s, const RouteParams& p) {
  Response error;
  const ApiData* api = data_of(s, error);
  if (api == nullptr) return error;
  const auto* t = api->hsds().find_taxonomy_term(p.id);
  if (t == nullptr) return unknown("taxonomy_term", p.id);
  return record_response(req, [&](JsonWriter& w) { api->hsds().taxonomy_term(w, *t); });
}

}  // namespace amparo::web
