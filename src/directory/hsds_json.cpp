// The HSDS 3.0 JSON writer and the encoding of what HSDS has no column for (provenance, labels,
// odd phone extensions, translations; described in hsds_export.cpp).
#include "directory/hsds_json.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <set>
#include <unordered_map>

#include "directory/hsds_tables.h"
#include "text/json_writer.h"

namespace amparo::directory {

namespace hsds {
namespace {

// A name-based UUID (RFC 9562 version 8) of `name`: two FNV-1a 64-bit hashes.
std::string name_uuid(std::string_view name) {
  const auto fnv = [&](std::uint64_t h) {
    for (const char c : name) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001b3ULL;
    }
    return h;
  };
  std::uint64_t hi = fnv(0xcbf29ce484222325ULL);
  std::uint64_t lo = fnv(0x84222325cbf29ce4ULL ^ hi);
  hi = (hi & ~0xF000ULL) | 0x8000ULL;              // version 8
  lo = (lo & ~(0xC0ULL << 56)) | (0x80ULL << 56);  // variant 10
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    const std::uint64_t word = i < 8 ? hi : lo;
    const auto byte = static_cast<unsigned>((word >> (8 * (7 - (i % 8)))) & 0xFF);
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[byte >> 4];
    out += kHex[byte & 0xF];
  }
  return out;
}

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
  }
  return true;
}

}  // namespace

std::string today_utc() {
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd(days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Encoded encode(const store::Records& r, const std::string& undated) {
  Encoded e;
  const auto add = [&](std::string_view type, const std::string& id, std::string_view field,
                       const std::string& value, const std::string& date) {
    if (value.empty()) return;
    MetadataRow m;
    m.id = name_uuid("amparo:metadata:" + std::string(type) + ":" + id + ":" + std::string(field));
    m.resource_id = id;
    m.resource_type = std::string(type);
    m.last_action_date = date;
    m.last_action_type = "source";
    m.field_name = std::string(field);
    m.replacement_value = value;
    m.updated_by = std::string(kMetadataAuthor);
    e.metadata.push_back(std::move(m));
  };
  const auto provenance = [&](std::string_view type, const std::string& id,
                              const store::Provenance& p, bool assured_in_column) {
    const std::string date = is_iso_date(p.source_date)    ? p.source_date
                             : is_iso_date(p.assured_date) ? p.assured_date
                                                           : undated;
    add(type, id, "source_dataset", p.dataset, date);
    add(type, id, "source_date", p.source_date, date);
    if (!assured_in_column) add(type, id, "assured_date", p.assured_date, date);
    add(type, id, "source_row", p.source_row, date);
  };
  for (const auto& o : r.organizations) provenance("organization", o.id, o.provenance, false);
  for (const auto& s : r.services) provenance("service", s.id, s.provenance, true);
  for (const auto& l : r.locations) provenance("location", l.id, l.provenance, false);
  for (const auto& p : r.phones) {
    provenance("phone", p.id, p.provenance, false);
    if (!extension_is_hsds_number(p.extension)) {
      add("phone", p.id, "extension", p.extension, undated);
    }
  }
  for (const auto& a : r.attributes) add("attribute", a.id, "label", a.label, undated);

  if (!r.translations.empty()) {
    e.taxonomies.push_back(store::Taxonomy{
        std::string(kTranslationTaxonomyId), "amparo translations",
        "Translations of free text kept by amparo: an attribute with a term of this taxonomy holds "
        "the text of one field of the record it links to, in the term's language; its link_type "
        "is translation:FIELD:STATUS (status human, machine or unreviewed).",
        "", "1"});
    std::set<std::string> languages;
    for (const auto& t : r.translations) languages.insert(t.language);
    for (const auto& language : languages) {
      store::TaxonomyTerm term;
      term.id = std::string(kTranslationTermPrefix) + language;
      term.code = language;
      term.name = "Translation (" + language + ")";
      term.description = "A translation into the language " + language + ".";
      term.taxonomy_id = std::string(kTranslationTaxonomyId);
      term.language = language;
      e.terms.push_back(std::move(term));
    }
    for (const auto& t : r.translations) {
      store::Attribute a;
      a.id = name_uuid("amparo:translation:" + t.record_table + ":" + t.record_id + ":" + t.field +
                       ":" + t.language);
      a.link_id = t.record_id;
      a.link_type = std::string(kTranslationLinkPrefix) + t.field + ":" + t.status;
      a.link_entity = t.record_table;
      a.taxonomy_term_id = std::string(kTranslationTermPrefix) + t.language;
      a.value = t.text;
      e.attributes.push_back(std::move(a));
    }
  }
  return e;
}

}  // namespace hsds

namespace {

using namespace hsds;  // NOLINT(google-build-using-namespace): this file implements it
using text::JsonWriter;

// The records of one table by the id of a record they belong to, in the order of the records.
template <typename T>
using ByParent = std::multimap<std::string, const T*, std::less<>>;

template <typename T>
using ById = std::unordered_map<std::string_view, const T*>;

template <typename T>
ById<T> by_id(const std::vector<T>& records) {
  ById<T> out;
  out.reserve(records.size());
  for (const auto& r : records) out.emplace(r.id, &r);  // the first of a repeated id wins
  return out;
}

template <typename T>
const T* find_in(const ById<T>& index, std::string_view id) {
  const auto it = index.find(id);
  return it == index.end() ? nullptr : it->second;
}

template <typename T>
std::vector<const T*> all_of(const ByParent<T>& index, std::string_view key) {
  std::vector<const T*> out;
  auto [b, e] = index.equal_range(key);
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  return out;
}

std::string entity_key(std::string_view entity, std::string_view id) {
  std::string key;
  key.reserve(entity.size() + 1 + id.size());
  key += entity;
  key += '/';
  key += id;
  return key;
}

// The columns of `table` in schema order: non-empty values, and required ones even when empty.
template <typename T>
void fields(JsonWriter& w, const Table<T>& table, const T& rec) {
  for (const auto& c : table.schema->columns) {
    const Field<T>* f = table.field(c.name);
    if (f == nullptr) continue;
    const std::string v = f->get(rec);
    if (v.empty() && !c.required) continue;
    w.key(c.name);
    if (f->number && !v.empty()) {
      w.value(parse_number(v).value_or(0));
    } else {
      w.value(v);
    }
  }
}

template <typename T, typename Fn>
std::string json_array(const std::vector<T>& records, Fn fn) {
  std::string out;
  JsonWriter w(out);
  w.begin_array();
  for (const auto& rec : records) fn(w, rec);
  w.end_array();
  out += '\n';
  return out;
}

}  // namespace

struct HsdsJson::Impl {
  Impl(const store::Records& records, const std::string& undated)
      : r(records), e(encode(records, undated)) {
    for (const auto& p : r.phones) {
      if (!p.organization_id.empty()) org_phones.emplace(p.organization_id, &p);
      if (!p.service_id.empty()) service_phones.emplace(p.service_id, &p);
      if (!p.location_id.empty()) location_phones.emplace(p.location_id, &p);
    }
    for (const auto& l : r.languages) {
      if (!l.service_id.empty()) service_languages.emplace(l.service_id, &l);
      if (!l.location_id.empty()) location_languages.emplace(l.location_id, &l);
      if (!l.phone_id.empty()) phone_languages.emplace(l.phone_id, &l);
    }
    for (const auto& a : r.addresses) addresses.emplace(a.location_id, &a);
    for (const auto& s : r.service_at_locations) sals.emplace(s.service_id, &s);
    for (const auto& s : r.service_areas) areas.emplace(s.service_id, &s);
    for (const auto& l : r.locations) org_locations.emplace(l.organization_id, &l);
    for (const auto& s : r.services) org_services.emplace(s.organization_id, &s);
    for (const auto& a : r.attributes) attributes.emplace(entity_key(a.link_entity, a.link_id), &a);
    for (const auto& a : e.attributes) attributes.emplace(entity_key(a.link_entity, a.link_id), &a);
    for (const auto& m : e.metadata) {
      metadata.emplace(entity_key(m.resource_type, m.resource_id), &m);
    }
    taxonomies = r.taxonomies;
    taxonomies.insert(taxonomies.end(), e.taxonomies.begin(), e.taxonomies.end());
    terms = r.taxonomy_terms;
    terms.insert(terms.end(), e.terms.begin(), e.terms.end());
    organizations = by_id(r.organizations);
    services = by_id(r.services);
    locations = by_id(r.locations);
    service_at_locations = by_id(r.service_at_locations);
    taxonomy_index = by_id(taxonomies);
    term_index = by_id(terms);
  }

  template <typename T, typename Fn>
  void nested(JsonWriter& w, std::string_view key, const ByParent<T>& index, const std::string& id,
              Fn fn) const {
    auto [b, end] = index.equal_range(id);
    if (b == end) return;
    w.key(key).begin_array();
    for (auto it = b; it != end; ++it) fn(w, *it->second);
    w.end_array();
  }

  void metadata_of(JsonWriter& w, const std::string& key) const {
    auto [m0, m1] = metadata.equal_range(key);
    if (m0 == m1) return;
    w.key("metadata").begin_array();
    for (auto it = m0; it != m1; ++it) {
      w.begin_object();
      fields(w, metadata_table(), *it->second);
      w.end_object();
    }
    w.end_array();
  }

  void side_records(JsonWriter& w, std::string_view entity, const std::string& id) const {
    const std::string key = entity_key(entity, id);
    auto [a0, a1] = attributes.equal_range(key);
    if (a0 != a1) {
      w.key("attributes").begin_array();
      for (auto it = a0; it != a1; ++it) attribute(w, *it->second);
      w.end_array();
    }
    metadata_of(w, key);
  }

  void organization(JsonWriter& w, const store::Organization& o, Detail detail,
                    const Detail* with_services, bool nested_in_service) const {
    w.begin_object();
    fields(w, organization_table(), o);
    if (nested_in_service) {
      // A copy nested in a full service: the organization's own fields and provenance.
      if (detail == Detail::kFull) metadata_of(w, entity_key("organization", o.id));
      w.end_object();
      return;
    }
    if (detail == Detail::kFull) {
      nested(w, "phones", org_phones, o.id, [&](JsonWriter& x, const auto& p) { phone(x, p); });
      nested(w, "locations", org_locations, o.id,
             [&](JsonWriter& x, const auto& l) { location(x, l, Detail::kFull); });
    }
    if (with_services != nullptr) {
      w.key("services").begin_array();
      auto [b, end] = org_services.equal_range(o.id);
      for (auto it = b; it != end; ++it) {
        service(w, *it->second, *with_services, ServiceParts{false, true});
      }
      w.end_array();
    }
    if (detail == Detail::kFull) side_records(w, "organization", o.id);
    w.end_object();
  }

  void service(JsonWriter& w, const store::Service& s, Detail detail, ServiceParts parts) const {
    w.begin_object();
    fields(w, service_table(), s);
    if (parts.organization) {
      if (const auto* o = find_in(organizations, s.organization_id); o != nullptr) {
        w.key("organization");
        organization(w, *o, detail, nullptr, true);
      }
    }
    if (detail == Detail::kFull) {
      nested(w, "phones", service_phones, s.id, [&](JsonWriter& x, const auto& p) { phone(x, p); });
      nested(w, "service_areas", areas, s.id,
             [&](JsonWriter& x, const auto& a) { service_area(x, a); });
      nested(w, "languages", service_languages, s.id,
             [&](JsonWriter& x, const auto& l) { language(x, l); });
      if (parts.service_at_locations) {
        nested(w, "service_at_locations", sals, s.id, [&](JsonWriter& x, const auto& sal) {
          service_at_location(x, sal, Detail::kFull, false);
        });
      }
      side_records(w, "service", s.id);
    }
    w.end_object();
  }

  void service_at_location(JsonWriter& w, const store::ServiceAtLocation& s, Detail detail,
                           bool with_service) const {
    w.begin_object();
    fields(w, service_at_location_table(), s);
    if (const auto* l = find_in(locations, s.location_id); l != nullptr) {
      w.key("location");
      location(w, *l, detail);
    }
    if (with_service) {
      if (const auto* svc = find_in(services, s.service_id); svc != nullptr) {
        w.key("service");
        service(w, *svc, detail, ServiceParts{true, false});
      }
    }
    if (detail == Detail::kFull) side_records(w, "service_at_location", s.id);
    w.end_object();
  }

  void location(JsonWriter& w, const store::Location& l, Detail detail) const {
    w.begin_object();
    fields(w, location_table(), l);
    if (detail == Detail::kFull) {
      nested(w, "languages", location_languages, l.id,
             [&](JsonWriter& x, const auto& lang) { language(x, lang); });
      nested(w, "addresses", addresses, l.id, [&](JsonWriter& x, const auto& a) { address(x, a); });
      nested(w, "phones", location_phones, l.id,
             [&](JsonWriter& x, const auto& p) { phone(x, p); });
      side_records(w, "location", l.id);
    }
    w.end_object();
  }

  void address(JsonWriter& w, const store::Address& a) const {
    w.begin_object();
    fields(w, address_table(), a);
    side_records(w, "address", a.id);
    w.end_object();
  }

  void phone(JsonWriter& w, const store::Phone& p) const {
    w.begin_object();
    fields(w, phone_table(), p);
    nested(w, "languages", phone_languages, p.id,
           [&](JsonWriter& x, const auto& l) { language(x, l); });
    side_records(w, "phone", p.id);
    w.end_object();
  }

  void language(JsonWriter& w, const store::Language& l) const {
    w.begin_object();
    fields(w, language_table(), l);
    side_records(w, "language", l.id);
    w.end_object();
  }

  void service_area(JsonWriter& w, const store::ServiceArea& a) const {
    w.begin_object();
    fields(w, service_area_table(), a);
    side_records(w, "service_area", a.id);
    w.end_object();
  }

  void term(JsonWriter& w, const store::TaxonomyTerm& t) const {
    w.begin_object();
    fields(w, taxonomy_term_table(), t);
    w.end_object();
  }

  void attribute(JsonWriter& w, const store::Attribute& a) const {
    w.begin_object();
    fields(w, attribute_table(), a);
    if (const auto* t = find_in(term_index, a.taxonomy_term_id); t != nullptr) {
      w.key("taxonomy_term");
      term(w, *t);
    }
    metadata_of(w, entity_key("attribute", a.id));
    w.end_object();
  }

  const store::Records& r;
  const Encoded e;
  std::vector<store::Taxonomy> taxonomies;
  std::vector<store::TaxonomyTerm> terms;
  ByParent<store::Phone> org_phones, service_phones, location_phones;
  ByParent<store::Language> service_languages, location_languages, phone_languages;
  ByParent<store::Address> addresses;
  ByParent<store::ServiceAtLocation> sals;
  ByParent<store::ServiceArea> areas;
  ByParent<store::Location> org_locations;
  ByParent<store::Service> org_services;
  ByParent<store::Attribute> attributes;  // by "entity/id"
  ByParent<MetadataRow> metadata;         // by "type/id"
  ById<store::Organization> organizations;
  ById<store::Service> services;
  ById<store::Location> locations;
  ById<store::ServiceAtLocation> service_at_locations;
  ById<store::Taxonomy> taxonomy_index;
  ById<store::TaxonomyTerm> term_index;
};

HsdsJson::HsdsJson(const store::Records& records, std::string undated)
    : impl_(std::make_unique<Impl>(records, undated.empty() ? today_utc() : undated)) {}

HsdsJson::~HsdsJson() = default;

const store::Records& HsdsJson::records() const { return impl_->r; }
const std::vector<store::Taxonomy>& HsdsJson::taxonomies() const { return impl_->taxonomies; }
const std::vector<store::TaxonomyTerm>& HsdsJson::taxonomy_terms() const { return impl_->terms; }

const store::Organization* HsdsJson::find_organization(std::string_view id) const {
  return find_in(impl_->organizations, id);
}
const store::Service* HsdsJson::find_service(std::string_view id) const {
  return find_in(impl_->services, id);
}
const store::Location* HsdsJson::find_location(std::string_view id) const {
  return find_in(impl_->locations, id);
}
const store::ServiceAtLocation* HsdsJson::find_service_at_location(std::string_view id) const {
  return find_in(impl_->service_at_locations, id);
}
const store::Taxonomy* HsdsJson::find_taxonomy(std::string_view id) const {
  return find_in(impl_->taxonomy_index, id);
}
const store::TaxonomyTerm* HsdsJson::find_taxonomy_term(std::string_view id) const {
  return find_in(impl_->term_index, id);
}

std::vector<const store::Service*> HsdsJson::services_of(std::string_view organization_id) const {
  return all_of(impl_->org_services, organization_id);
}

std::vector<const store::ServiceAtLocation*> HsdsJson::service_at_locations_of(
    std::string_view service_id) const {
  return all_of(impl_->sals, service_id);
}

std::vector<const store::Attribute*> HsdsJson::attributes_of(std::string_view entity,
                                                             std::string_view id) const {
  return all_of(impl_->attributes, entity_key(entity, id));
}

void HsdsJson::organization(JsonWriter& w, const store::Organization& o, Detail detail,
                            const Detail* services) const {
  impl_->organization(w, o, detail, services, false);
}

void HsdsJson::service(JsonWriter& w, const store::Service& s, Detail detail,
                       ServiceParts parts) const {
  impl_->service(w, s, detail, parts);
}

void HsdsJson::service(JsonWriter& w, const store::Service& s, Detail detail) const {
  impl_->service(w, s, detail, ServiceParts{});
}

void HsdsJson::service_at_location(JsonWriter& w, const store::ServiceAtLocation& s, Detail detail,
                                   bool with_service) const {
  impl_->service_at_location(w, s, detail, with_service);
}

void HsdsJson::location(JsonWriter& w, const store::Location& l, Detail detail) const {
  impl_->location(w, l, detail);
}

void HsdsJson::taxonomy(JsonWriter& w, const store::Taxonomy& t) const {
  w.begin_object();
  fields(w, taxonomy_table(), t);
  w.end_object();
}

void HsdsJson::taxonomy_term(JsonWriter& w, const store::TaxonomyTerm& t) const {
  impl_->term(w, t);
}

std::map<std::string, std::string> HsdsJson::unnested_files() const {
  const Impl& x = *impl_;
  const store::Records& r = x.r;
  std::map<std::string, std::string> files;
  std::vector<store::Phone> phones;
  for (const auto& p : r.phones) {
    if (!x.organizations.count(p.organization_id) && !x.services.count(p.service_id) &&
        !x.locations.count(p.location_id)) {
      phones.push_back(p);
    }
  }
  if (!phones.empty()) {
    files["phones.json"] =
        json_array(phones, [&](JsonWriter& w, const store::Phone& p) { x.phone(w, p); });
  }
  std::set<std::string_view> phone_ids;
  for (const auto& p : r.phones) phone_ids.insert(p.id);
  std::vector<store::Language> languages;
  for (const auto& l : r.languages) {
    if (!x.services.count(l.service_id) && !x.locations.count(l.location_id) &&
        !phone_ids.count(l.phone_id)) {
      languages.push_back(l);
    }
  }
  if (!languages.empty()) {
    files["languages.json"] =
        json_array(languages, [&](JsonWriter& w, const store::Language& l) { x.language(w, l); });
  }
  std::vector<store::Address> addresses;
  for (const auto& a : r.addresses) {
    if (!x.locations.count(a.location_id)) addresses.push_back(a);
  }
  if (!addresses.empty()) {
    files["addresses.json"] =
        json_array(addresses, [&](JsonWriter& w, const store::Address& a) { x.address(w, a); });
  }
  std::vector<store::ServiceArea> areas;
  for (const auto& a : r.service_areas) {
    if (!x.services.count(a.service_id)) areas.push_back(a);
  }
  if (!areas.empty()) {
    files["service_areas.json"] = json_array(
        areas, [&](JsonWriter& w, const store::ServiceArea& a) { x.service_area(w, a); });
  }
  std::vector<store::ServiceAtLocation> sals;
  for (const auto& s : r.service_at_locations) {
    if (!x.services.count(s.service_id)) sals.push_back(s);
  }
  if (!sals.empty()) {
    files["service_at_locations.json"] =
        json_array(sals, [&](JsonWriter& w, const store::ServiceAtLocation& s) {
          x.service_at_location(w, s, Detail::kFull, false);
        });
  }
  // Attributes nest in the record they link to; those linking to a record not written nest
  // nowhere.
  std::set<std::string> written;
  const auto mark = [&](std::string_view entity, const auto& records) {
    for (const auto& rec : records) written.insert(entity_key(entity, rec.id));
  };
  mark("organization", r.organizations);
  mark("service", r.services);
  mark("location", r.locations);
  mark("phone", r.phones);
  mark("language", r.languages);
  mark("address", r.addresses);
  mark("service_area", r.service_areas);
  mark("service_at_location", r.service_at_locations);
  std::vector<store::Attribute> unlinked;
  for (const auto& [key, a] : x.attributes) {
    if (!written.count(key)) unlinked.push_back(*a);
  }
  if (!unlinked.empty()) {
    files["attributes.json"] =
        json_array(unlinked, [&](JsonWriter& w, const store::Attribute& a) { x.attribute(w, a); });
  }
  return files;
}

}  // namespace amparo::directory
