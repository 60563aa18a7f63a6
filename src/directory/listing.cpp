#include "directory/listing.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/date.h"
#include "directory/eoir_common.h"
#include "directory/gazetteer.h"
#include "text/ascii.h"
#include "text/normalize.h"

namespace amparo::directory {
namespace {

constexpr std::string_view kFacilityUrn = "urn:ice-facility:";
constexpr std::string_view kCourtUrn = "urn:eoir-court:";

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

template <typename T>
void add_unique(std::vector<T>& v, T value) {
  if (std::find(v.begin(), v.end(), value) == v.end()) v.push_back(std::move(value));
}

// The primary subtag of a BCP 47 code, lower-cased ("es-MX" -> "es").
std::string primary_language(std::string_view code) {
  const auto dash = code.find_first_of("-_");
  std::string out(code.substr(0, dash));
  for (auto& c : out) c = static_cast<char>(text::ascii_lower(c));
  return out;
}

struct TermInfo {
  std::string taxonomy;
  std::string code;
};

}  // namespace

std::string tel_uri(std::string_view number, std::string_view extension, std::string_view country) {
  if (number.find('#') != std::string_view::npos || number.find('*') != std::string_view::npos) {
    return "";
  }
  std::string digits;
  bool plus = false;
  for (char c : number) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && digits.empty()) {
      plus = true;
    } else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || c == '/') {
      continue;
    } else {
      return "";  // letters ("1-800-FLORES") or other text
    }
  }
  std::string e164;
  if (plus) {
    if (digits.size() < 8 || digits.size() > 15) return "";
    e164 = "+" + digits;
  } else if (country == "MX") {
    if (digits.size() != 10) return "";
    e164 = "+52" + digits;
  } else {
    if (digits.size() == 11 && digits[0] == '1') digits.erase(0, 1);
    if (digits.size() != 10) return "";
    e164 = "+1" + digits;
  }
  std::string uri = "tel:" + e164;
  std::string ext;
  for (char c : extension) {
    if (c >= '0' && c <= '9') ext += c;
  }
  if (!ext.empty()) uri += ";ext=" + ext;
  return uri;
}

std::string court_tag(std::string_view court_name) { return "court:" + eoir::slug(court_name); }

std::shared_ptr<const Directory> Directory::build(store::Records records,
                                                  const Gazetteer* gazetteer) {
  std::shared_ptr<Directory> d(new Directory());
  d->records_ = std::move(records);
  const store::Records& r = d->records_;

  std::unordered_map<std::string, TermInfo> terms;
  for (const auto& t : r.taxonomy_terms) terms[t.id] = {t.taxonomy_id, t.code};
  std::unordered_map<std::string, std::vector<const store::Attribute*>> attrs;  // entity/id
  for (const auto& a : r.attributes) attrs[a.link_entity + "/" + a.link_id].push_back(&a);
  auto attributes_of = [&](std::string_view entity, const std::string& id) {
    static const std::vector<const store::Attribute*> kNone;
    const auto it = attrs.find(std::string(entity) + "/" + id);
    return it == attrs.end() ? kNone : it->second;
  };

  // Facilities first: listings refer to them.
  std::unordered_map<std::string, const store::Address*> address_of;
  for (const auto& a : r.addresses) address_of.emplace(a.location_id, &a);
  for (const auto& loc : r.locations) {
    if (loc.external_identifier_type != "ice_facility_code") continue;
    Facility f;
    f.code = loc.external_identifier;
    f.location_id = loc.id;
    f.name = loc.name;
    f.provenance = loc.provenance;
    if (loc.latitude && loc.longitude) f.point = GeoPoint{*loc.latitude, *loc.longitude};
    if (const auto it = address_of.find(loc.id); it != address_of.end()) {
      f.address_1 = it->second->address_1;
      f.city = it->second->city;
      f.state = it->second->state_province;
      f.postal_code = it->second->postal_code;
    }
    for (const auto* a : attributes_of("location", loc.id)) {
      if (a->taxonomy_term_id == "amparo-immigration-court") {
        f.courts.push_back(a->value);
        f.court_rules.push_back(a->label);
      } else if (a->taxonomy_term_id == "amparo-ice-field-office") {
        f.field_office = a->value;
      }
    }
    f.search_key = text::fold(f.name + " " + f.city + " " + f.code);
    d->facility_index_.emplace(f.code, static_cast<std::uint32_t>(d->facilities_.size()));
    for (const auto& court : f.courts) {
      d->by_court_[court].push_back(static_cast<std::uint32_t>(d->facilities_.size()));
    }
    d->facilities_.push_back(std::move(f));
  }

  // One listing per organization, in id order.
  for (const auto& o : r.organizations) {
    Listing l;
    l.id = o.id;
    l.name = o.name;
    l.alternate_name = o.alternate_name;
    l.description = o.description;
    l.email = o.email;
    l.website = o.website;
    l.provenance = o.provenance;
    d->listing_index_.emplace(o.id, static_cast<std::uint32_t>(d->listings_.size()));
    d->listings_.push_back(std::move(l));
  }
  auto listing_of = [&](const std::string& org_id) -> Listing* {
    const auto it = d->listing_index_.find(org_id);
    return it == d->listing_index_.end() ? nullptr : &d->listings_[it->second];
  };

  std::unordered_map<std::string, std::string> org_of_service;
  std::unordered_map<std::string, std::string> org_of_location;
  std::unordered_map<std::string, std::string> country_of_location;
  for (const auto& s : r.services) {
    org_of_service[s.id] = s.organization_id;
    if (Listing* l = listing_of(s.organization_id)) l->services.push_back(&s);
  }
  for (const auto& loc : r.locations) {
    if (loc.organization_id.empty()) continue;
    org_of_location[loc.id] = loc.organization_id;
    Listing* l = listing_of(loc.organization_id);
    if (l == nullptr) continue;
    Office off;
    off.location_id = loc.id;
    off.name = loc.name;
    off.location_type = loc.location_type;
    if (const auto it = address_of.find(loc.id); it != address_of.end()) {
      const store::Address& a = *it->second;
      off.address_1 = a.address_1;
      off.address_2 = a.address_2;
      off.city = a.city;
      off.state = a.state_province;
      off.postal_code = a.postal_code;
      off.country = a.country;
    }
    country_of_location[loc.id] = off.country;
    if (loc.latitude && loc.longitude) {
      off.point = GeoPoint{*loc.latitude, *loc.longitude};
      off.point_source = PointSource::kListed;
    } else if (gazetteer != nullptr && off.location_type != "virtual") {
      if ((off.country.empty() || off.country == "US") && off.postal_code.size() >= 5) {
        const auto found = gazetteer->lookup(off.postal_code.substr(0, 5), 1);
        if (!found.empty() && found[0].kind == "zip") {
          off.point = GeoPoint{found[0].lat, found[0].lon};
          off.point_source = PointSource::kZip;
        }
      }
      if (!off.point && !off.city.empty()) {
        const auto found = gazetteer->lookup(off.city + ", " + off.state, 1);
        if (!found.empty() && found[0].kind == "city" &&
            (off.country.empty() || found[0].country == off.country)) {
          off.point = GeoPoint{found[0].lat, found[0].lon};
          off.point_source = PointSource::kCity;
        }
      }
    }
    l->offices.push_back(std::move(off));
  }

  auto org_of_phone = [&](const store::Phone& p) -> std::string {
    if (!p.organization_id.empty()) return p.organization_id;
    if (const auto it = org_of_service.find(p.service_id); it != org_of_service.end()) {
      return it->second;
    }
    if (const auto it = org_of_location.find(p.location_id); it != org_of_location.end()) {
      return it->second;
    }
    return "";
  };
  for (const auto& p : r.phones) {
    Listing* l = listing_of(org_of_phone(p));
    if (l == nullptr) continue;
    ListingPhone ph;
    ph.number = p.number;
    ph.extension = p.extension;
    ph.type = p.type;
    ph.description = p.description;
    ph.provenance = p.provenance;
    for (const auto* a : attributes_of("phone", p.id)) {
      if (a->taxonomy_term_id == "detention-speed-dial") ph.speed_dial = a->value;
    }
    if (ph.speed_dial.empty()) {
      const auto c = country_of_location.find(p.location_id);
      ph.tel = tel_uri(p.number, p.extension,
                       c == country_of_location.end() || c->second.empty() ? "US" : c->second);
    }
    l->phones.push_back(std::move(ph));
  }
  for (auto& l : d->listings_) {
    // Codes first: they are what a person in detention can dial.
    std::stable_partition(l.phones.begin(), l.phones.end(),
                          [](const ListingPhone& p) { return !p.speed_dial.empty(); });
  }

  for (const auto& lang : r.languages) {
    const auto it = org_of_service.find(lang.service_id);
    Listing* l = it == org_of_service.end() ? nullptr : listing_of(it->second);
    if (l == nullptr || lang.code.empty()) continue;
    add_unique(l->languages, primary_language(lang.code));
    if (!lang.name.empty()) add_unique(l->language_names, lang.name);
  }

  // Terms on services and organizations.
  auto apply_terms = [&](Listing& l, const std::vector<const store::Attribute*>& list) {
    for (const auto* a : list) {
      const auto t = terms.find(a->taxonomy_term_id);
      if (a->taxonomy_term_id == "amparo-doj-recognized") {
        l.recognized = a->value == "Active" || a->value.empty();
        continue;
      }
      if (a->taxonomy_term_id == "amparo-same-as") {
        l.same_as = a->value;
        continue;
      }
      if (t == terms.end()) continue;
      const std::string& code = t->second.code;
      if (code == "free" || code == "free-of-charge") {
        l.free = true;
      } else if (t->second.taxonomy == "amparo-service") {
        add_unique(l.service_types, code);
      } else if (t->second.taxonomy == "amparo-population") {
        add_unique(l.populations, code);
      }
    }
  };
  for (auto& l : d->listings_) {
    apply_terms(l, attributes_of("organization", l.id));
    for (const auto* s : l.services) apply_terms(l, attributes_of("service", s->id));
  }

  // Courts and facilities served.
  for (const auto& area : r.service_areas) {
    const auto it = org_of_service.find(area.service_id);
    Listing* l = it == org_of_service.end() ? nullptr : listing_of(it->second);
    if (l == nullptr) continue;
    const std::string_view uri = area.uri;
    if (starts_with(uri, kCourtUrn)) {
      const std::string court(uri.substr(kCourtUrn.size()));
      if (std::none_of(l->courts.begin(), l->courts.end(),
                       [&](const Served& s) { return s.key == court; })) {
        l->courts.push_back({court, area.name.empty() ? court : area.name, true});
      }
    } else if (starts_with(uri, kFacilityUrn)) {
      const std::string code(uri.substr(kFacilityUrn.size()));
      const Facility* f = d->find_facility(code);
      if (f != nullptr && std::none_of(l->facilities.begin(), l->facilities.end(),
                                       [&](const Served& s) { return s.key == code; })) {
        l->facilities.push_back({code, f->name, true});
      }
    }
  }
  for (std::uint32_t i = 0; i < d->listings_.size(); ++i) {
    Listing& l = d->listings_[i];
    for (const auto& s : l.facilities)
      d->facilities_[d->facility_index_[s.key]].served_by.push_back(i);
    for (const auto& court : l.courts) {
      const auto it = d->by_court_.find(court.key);
      if (it == d->by_court_.end()) continue;
      for (std::uint32_t fi : it->second) {
        Facility& f = d->facilities_[fi];
        if (std::none_of(l.facilities.begin(), l.facilities.end(),
                         [&](const Served& s) { return s.key == f.code; })) {
          l.facilities.push_back({f.code, f.name, false});
          f.served_by.push_back(i);
        }
      }
    }
    std::sort(l.languages.begin(), l.languages.end());
    const bool has_code = std::any_of(l.phones.begin(), l.phones.end(),
                                      [](const ListingPhone& p) { return !p.speed_dial.empty(); });
    // A free-call code from detention phones works from any facility: the line serves everywhere.
    l.national = has_code;
    if (has_code) d->hotlines_.push_back(i);
  }
  return d;
}

const Listing* Directory::find_listing(std::string_view id) const {
  const auto it = listing_index_.find(id);
  return it == listing_index_.end() ? nullptr : &listings_[it->second];
}

const Facility* Directory::find_facility(std::string_view code) const {
  const auto it = facility_index_.find(code);
  return it == facility_index_.end() ? nullptr : &facilities_[it->second];
}

std::vector<SearchDoc> Directory::search_docs() const {
  std::vector<SearchDoc> docs;
  docs.reserve(listings_.size());
  for (const auto& l : listings_) {
    SearchDoc doc;
    doc.name = l.name;
    doc.alternate_name = l.alternate_name;
    std::string& kw = doc.keywords;
    for (const auto* s : l.services) {
      kw += s->name;
      kw += ' ';
    }
    for (const auto& t : l.service_types) {
      kw += t;
      kw += ' ';
      doc.tags.push_back("service:" + t);
    }
    for (const auto& p : l.populations) {
      kw += p;
      kw += ' ';
      doc.tags.push_back("population:" + p);
    }
    for (const auto& lang : l.languages) doc.tags.push_back("language:" + lang);
    for (const auto& name : l.language_names) {
      kw += name;
      kw += ' ';
    }
    std::string& places = doc.places;
    std::set<std::string> seen;
    for (const auto& off : l.offices) {
      for (const std::string* p : {&off.city, &off.state, &off.postal_code}) {
        if (!p->empty() && seen.insert(*p).second) {
          places += *p;
          places += ' ';
        }
      }
      if (off.point) doc.points.push_back(*off.point);
    }
    for (const auto& c : l.courts) {
      places += c.name;
      places += ' ';
      doc.tags.push_back(court_tag(c.key));
    }
    for (const auto& f : l.facilities) {
      if (f.direct) {
        places += f.name;
        places += ' ';
      }
      doc.tags.push_back("facility:" + f.key);
    }
    doc.description = l.description;
    for (const auto* s : l.services) {
      doc.description += ' ';
      doc.description += s->description;
    }
    if (l.free) doc.tags.emplace_back("free");
    if (l.recognized) doc.tags.emplace_back("recognized");
    doc.everywhere = l.national;
    const std::string& date =
        l.provenance.assured_date.empty() ? l.provenance.source_date : l.provenance.assured_date;
    if (auto parsed = Date::parse(date); parsed.ok())
      doc.verified_days = parsed->days_since_epoch();
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace amparo::directory
