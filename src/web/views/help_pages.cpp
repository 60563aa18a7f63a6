// The help finder's pages: search and results, an organization, a detention facility, the list of
// facilities, and the national lines. Free text from the sources (names, descriptions, addresses)
// is shown as published, marked lang="en" where it is English, so screen readers read it right.
#include <algorithm>
#include <cmath>
#include <string>

#include "directory/listing.h"
#include "i18n/catalog.h"
#include "i18n/dates.h"
#include "text/html_writer.h"
#include "text/normalize.h"
#include "web/views/layout.h"
#include "web/views/map.h"
#include "web/views/views.h"

namespace amparo::web::views {
namespace {

using directory::Directory;
using directory::Facility;
using directory::Listing;
using directory::ListingPhone;

struct Term {
  std::string_view code;
  std::string_view label;  // msgid
};

// The service types and populations the pages name, in the order the form lists them.
constexpr Term kServiceTypes[] = {
    {"legal", "Legal help"},
    {"legal-orientation", "Know your rights and legal orientation"},
    {"hotline", "Telephone help line"},
    {"shelter", "Shelter"},
    {"medical", "Medical care"},
    {"food", "Food"},
    {"family-reunification", "Finding family"},
    {"detention-visitation", "Visits in detention"},
    {"sexual-assault-support", "Help after sexual violence"},
    {"interpretation", "Interpreting"},
    {"referral", "Referrals to other services"},
};

constexpr Term kPopulations[] = {
    {"detained-adults", "Adults in detention"},
    {"unaccompanied-children", "Children alone"},
    {"families", "Families"},
    {"juvenile-docket", "Children in immigration court"},
    {"accepts-collect-calls", "Accepts collect calls"},
    {"criminal-history-accepted", "Helps people with a criminal record"},
};

std::string_view term_label(const PageContext& ctx, std::span<const Term> terms,
                            std::string_view code) {
  for (const auto& t : terms) {
    if (t.code == code) return ctx.tr(t.label);
  }
  return code;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::string format_date_iso(const PageContext& ctx, std::string_view iso) {
  auto d = Date::parse(iso);
  return d.ok() ? i18n::format_date(*d, ctx.lang) : std::string(iso);
}

std::string number(const PageContext& ctx, std::int64_t n) {
  return i18n::format_number(n, ctx.lang);
}

// "12 km (7 mi)".
std::string distance_text(const PageContext& ctx, double km) {
  const auto k = static_cast<std::int64_t>(std::llround(km));
  const auto mi = static_cast<std::int64_t>(std::llround(km / 1.609344));
  return i18n::format(ctx.tr("{km} km ({mi} mi)"),
                      {{"km", number(ctx, k)}, {"mi", number(ctx, mi)}});
}

// Whether a listing's source is older than a year: the page says to call before going.
bool is_old(const store::Provenance& p, const Date& today) {
  const std::string& iso = p.assured_date.empty() ? p.source_date : p.assured_date;
  auto d = Date::parse(iso);
  return d.ok() && today.days_since_epoch() - d->days_since_epoch() > 365;
}

// A phone number that never breaks across lines: no-break spaces and non-breaking hyphens.
std::string unbreakable(std::string_view number) {
  std::string out;
  for (char c : number) {
    if (c == ' ') {
      out += "\u00a0";
    } else if (c == '-') {
      out += "\u2011";
    } else {
      out += c;
    }
  }
  return out;
}

void phone_item(text::HtmlWriter& w, const PageContext& ctx, const ListingPhone& p) {
  w.open("li");
  if (!p.speed_dial.empty()) {
    w.open("strong", {{"class", "code"}})
        .text(i18n::format(ctx.tr("From a detention phone, dial {code}"), {{"code", p.speed_dial}}))
        .close("strong");
    w.text(" ").element("span", {{"class", "free"}}, ctx.tr("Free call"));
  } else if (!p.tel.empty()) {
    std::string shown = unbreakable(p.number);
    if (!p.extension.empty()) shown += "\u00a0×\u00a0" + p.extension;
    w.open("a", {{"href", p.tel}, {"dir", "ltr"}}).text(shown).close("a");
  } else {
    w.open("span", {{"dir", "ltr"}}).text(p.number).close("span");
  }
  if (!p.description.empty() && p.speed_dial.empty()) {
    w.text(" ").element("span", {{"lang", "en"}, {"class", "small"}}, p.description);
  }
  w.close("li");
}

void source_line(text::HtmlWriter& w, const PageContext& ctx, const store::Provenance& p,
                 const Date& today) {
  w.open("p", {{"class", "asof"}});
  w.text(i18n::format(ctx.tr("Source: {source}, {date}."),
                      {{"source", p.dataset}, {"date", format_date_iso(ctx, p.source_date)}}));
  w.text(" ");
  if (!p.assured_date.empty()) {
    w.text(i18n::format(ctx.tr("Last checked: {date}."),
                        {{"date", format_date_iso(ctx, p.assured_date)}}));
  } else {
    w.text(ctx.tr("Not checked by a person since then."));
  }
  w.close("p");
  if (is_old(p, today)) {
    w.element("p", {{"class", "banner stale"}, {"role", "note"}},
              ctx.tr("This information is more than a year old. Call before you go."));
  }
}

// The first service description that is not empty, cut to about `max` bytes at a space.
std::string short_description(const Listing& l, std::size_t max) {
  std::string d = l.description;
  for (const auto* s : l.services) {
    if (d.empty()) d = s->description;
  }
  for (auto& c : d) {
    if (c == '\n') c = ' ';
  }
  if (d.size() <= max) return d;
  auto cut = d.rfind(' ', max);
  if (cut == std::string::npos || cut < max / 2) cut = max;
  while (cut > 0 && (static_cast<unsigned char>(d[cut]) & 0xC0) == 0x80) --cut;
  return d.substr(0, cut) + " …";
}

std::vector<std::string> language_names(const PageContext& ctx, const Listing& l) {
  std::vector<std::string> names;
  for (const auto& code : l.languages) names.push_back(i18n::display_name(code, ctx.lang));
  return names;
}

std::vector<std::string> service_names(const PageContext& ctx, const Listing& l) {
  std::vector<std::string> names;
  for (const auto& code : l.service_types) {
    names.emplace_back(term_label(ctx, kServiceTypes, code));
  }
  return names;
}

void labelled(text::HtmlWriter& w, std::string_view label, std::string_view value,
              bool english_value = false) {
  if (value.empty()) return;
  w.open("p").element("b", label).text(" ");
  if (english_value) {
    w.element("span", {{"lang", "en"}}, value);
  } else {
    w.text(value);
  }
  w.close("p");
}

std::string help_url(std::string_view lang, const HelpRequest& r, std::size_t page) {
  std::string url = page_path(lang, "help");
  char sep = '?';
  auto add = [&](std::string_view k, std::string_view v) {
    if (v.empty()) return;
    url += sep;
    sep = '&';
    url += k;
    url += '=';
    for (unsigned char c : v) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '.' || c == '_') {
        url += static_cast<char>(c);
      } else if (c == ' ') {
        url += '+';
      } else {
        static constexpr char kHex[] = "0123456789ABCDEF";
        url += '%';
        url += kHex[c >> 4];
        url += kHex[c & 15];
      }
    }
  };
  add("q", r.q);
  add("near", r.near);
  add("service", r.service);
  add("language", r.language);
  add("facility", r.facility);
  if (r.free) add("free", "1");
  if (page > 1) add("page", std::to_string(page));
  return url;
}

void help_form(text::HtmlWriter& w, const PageContext& ctx, const HelpPage& page) {
  const HelpRequest& r = page.request;
  w.open("form", {{"method", "get"},
                  {"action", page_path(ctx.lang.code, "help")},
                  {"role", "search"},
                  {"class", "search"}});
  w.open("p");
  w.element("label", {{"for", "q"}}, ctx.tr("What do you need?"));
  w.empty("input", {{"id", "q"},
                    {"name", "q"},
                    {"type", "search"},
                    {"value", r.q},
                    {"maxlength", "200"},
                    {"placeholder", ctx.tr("for example: lawyer, shelter")}});
  w.close("p");
  w.open("p");
  w.element("label", {{"for", "near"}}, ctx.tr("Where? A city, state or ZIP code"));
  w.empty("input", {{"id", "near"},
                    {"name", "near"},
                    {"type", "text"},
                    {"value", r.near},
                    {"maxlength", "100"},
                    {"autocomplete", "off"}});
  w.close("p");
  w.open("p");
  w.element("label", {{"for", "service"}}, ctx.tr("Kind of help"));
  w.open("select", {{"id", "service"}, {"name", "service"}});
  w.element("option", {{"value", ""}}, ctx.tr("Any"));
  for (const auto& t : kServiceTypes) {
    if (t.code == r.service) {
      w.element("option", {{"value", t.code}, {"selected", {}}}, ctx.tr(t.label));
    } else {
      w.element("option", {{"value", t.code}}, ctx.tr(t.label));
    }
  }
  w.close("select").close("p");
  w.open("p");
  w.element("label", {{"for", "language"}}, ctx.tr("They speak"));
  w.open("select", {{"id", "language"}, {"name", "language"}});
  w.element("option", {{"value", ""}}, ctx.tr("Any language"));
  for (const auto& l : i18n::languages()) {
    const std::string name = i18n::display_name(l.code, ctx.lang);
    if (l.code == r.language) {
      w.element("option", {{"value", l.code}, {"selected", {}}}, name);
    } else {
      w.element("option", {{"value", l.code}}, name);
    }
  }
  w.close("select").close("p");
  if (!r.facility.empty()) {
    const Facility* f = page.directory.find_facility(r.facility);
    w.empty("input", {{"type", "hidden"}, {"name", "facility"}, {"value", r.facility}});
    w.open("p", {{"class", "chip"}})
        .text(i18n::format(ctx.tr("Only help for people held at {facility}."),
                           {{"facility", f != nullptr ? f->name : r.facility}}))
        .text(" ");
    HelpRequest without = r;
    without.facility.clear();
    w.element("a", {{"href", help_url(ctx.lang.code, without, 1)}}, ctx.tr("Show all"));
    w.close("p");
  }
  w.open("p", {{"class", "check"}});
  if (r.free) {
    w.empty(
        "input",
        {{"id", "free"}, {"name", "free"}, {"type", "checkbox"}, {"value", "1"}, {"checked", {}}});
  } else {
    w.empty("input", {{"id", "free"}, {"name", "free"}, {"type", "checkbox"}, {"value", "1"}});
  }
  w.element("label", {{"for", "free"}}, ctx.tr("Free of charge only"));
  w.close("p");
  w.element("button", {{"type", "submit"}}, ctx.tr("Search"));
  w.close("form");
}

void result_item(text::HtmlWriter& w, const PageContext& ctx, const HelpPage& page,
                 const directory::SearchHit& hit, int n) {
  const Listing& l = page.directory.listings()[hit.doc];
  w.open("li", {{"id", "r" + std::to_string(n)}});
  w.open("h3");
  w.element("span", {{"class", "n"}}, std::to_string(n));
  w.text(" ");
  w.element("a", {{"href", page_path(ctx.lang.code, "org/" + l.id)}}, l.name);
  w.close("h3");
  std::vector<std::string> facts;
  if (hit.distance_km) facts.push_back(distance_text(ctx, *hit.distance_km));
  if (!l.offices.empty() && !l.offices.front().city.empty()) {
    facts.push_back(l.offices.front().city + (l.offices.front().state.empty()
                                                  ? std::string()
                                                  : ", " + l.offices.front().state));
  }
  if (l.national) facts.emplace_back(ctx.tr("Serves people anywhere"));
  if (!facts.empty()) w.element("p", {{"class", "meta"}}, join(facts, " · "));
  const auto services = service_names(ctx, l);
  if (!services.empty()) w.element("p", join(services, ", "));
  if (const auto about = short_description(l, 140); !about.empty()) {
    w.element("p", {{"lang", "en"}, {"class", "small"}}, about);
  }
  const auto langs = language_names(ctx, l);
  if (!langs.empty()) {
    labelled(w, ctx.tr("Languages:"), join(langs, ", "));
  }
  if (l.recognized || l.free) {
    w.open("p", {{"class", "meta"}});
    if (l.free) w.element("span", {{"class", "free"}}, ctx.tr("Free"));
    if (l.free && l.recognized) w.text(" · ");
    if (l.recognized) w.text(ctx.tr("Recognized by the US Department of Justice"));
    w.close("p");
  }
  if (!l.phones.empty()) {
    w.open("ul", {{"class", "phones"}});
    std::size_t shown = 0;
    for (const auto& p : l.phones) {
      if (p.type == "fax") continue;
      if (++shown > 3) break;
      phone_item(w, ctx, p);
    }
    w.close("ul");
  }
  if (is_old(l.provenance, page.today)) {
    w.element("p", {{"class", "small"}},
              i18n::format(ctx.tr("Listed in {year}. Call before you go."),
                           {{"year", l.provenance.source_date.substr(0, 4)}}));
  }
  w.close("li");
}

void no_results(text::HtmlWriter& w, const PageContext& ctx) {
  w.element("h2", ctx.tr("Nothing found"));
  w.element("p", ctx.tr("Try this:"));
  w.open("ul");
  w.element("li", ctx.tr("Use fewer words, or a word like “lawyer” or “shelter”."));
  w.element("li", ctx.tr("Write the name of a bigger city nearby, or a ZIP code."));
  w.element("li", ctx.tr("Remove a filter (kind of help, language, free of charge)."));
  w.open("li")
      .element("a", {{"href", page_path(ctx.lang.code, "hotlines")}},
               ctx.tr("Call a national help line."))
      .close("li");
  w.close("ul");
}

}  // namespace

std::string render_help(const PageContext& ctx, const HelpPage& page) {
  std::string out;
  out.reserve(16384);
  text::HtmlWriter w(out);
  const auto heading = ctx.tr("Find help");
  page_start(w, ctx, heading);
  w.element("h1", heading);
  help_form(w, ctx, page);
  const auto& result = page.result;
  const auto& parsed = page.parsed;
  const bool asked = !page.request.q.empty() || !page.request.near.empty() ||
                     !page.request.service.empty() || !page.request.language.empty() ||
                     !page.request.facility.empty() || page.request.free || page.request.point;
  if (!asked) {
    w.element("p", ctx.tr("Write what you need and where you are, or choose from the lists. You "
                          "can also search without any words to see everyone near a place."));
    w.open("p")
        .element("a", {{"href", page_path(ctx.lang.code, "hotlines")}},
                 ctx.tr("National help lines and free calls from detention"))
        .text(" · ")
        .element("a", {{"href", page_path(ctx.lang.code, "facilities")}},
                 ctx.tr("Detention facilities"))
        .close("p");
    page_end(w, ctx);
    return out;
  }
  if (!page.request.near.empty() && !parsed.place_name && !page.request.point) {
    w.element("p", {{"class", "banner stale"}, {"role", "status"}},
              i18n::format(ctx.tr("The place “{place}” was not found. Showing results from "
                                  "everywhere."),
                           {{"place", page.request.near}}));
  }
  if (parsed.place_corrected && parsed.place_name) {
    w.element(
        "p", {{"role", "status"}},
        i18n::format(ctx.tr("Showing results near {place}."), {{"place", *parsed.place_name}}));
  }
  w.open("h2", {{"id", "results"}});
  if (parsed.place_name) {
    w.text(i18n::format(ctx.catalogs.tr_plural(ctx.lang.code, "{count} result near {place}",
                                               static_cast<std::int64_t>(result.total)),
                        {{"count", number(ctx, static_cast<std::int64_t>(result.total))},
                         {"place", *parsed.place_name}}));
  } else {
    w.text(i18n::format(ctx.catalogs.tr_plural(ctx.lang.code, "{count} result",
                                               static_cast<std::int64_t>(result.total)),
                        {{"count", number(ctx, static_cast<std::int64_t>(result.total))}}));
  }
  w.close("h2");
  if (!parsed.place_candidates.empty()) {
    w.open("p").text(ctx.tr("Did you mean another place?")).text(" ");
    bool first = true;
    for (const auto& c : parsed.place_candidates) {
      if (!first) w.text(" · ");
      first = false;
      HelpRequest other = page.request;
      other.near = c;
      w.element("a", {{"href", help_url(ctx.lang.code, other, 1)}}, c);
    }
    w.close("p");
  }
  if (result.hits.empty()) {
    no_results(w, ctx);
    page_end(w, ctx);
    return out;
  }
  const int first_number = static_cast<int>((page.request.page - 1) * 20) + 1;
  if (page.map != nullptr) {
    std::vector<MapMarker> markers;
    int n = first_number;
    for (const auto& hit : result.hits) {
      const Listing& l = page.directory.listings()[hit.doc];
      // The office nearest the place asked about, else the first with a point.
      const directory::Office* best = nullptr;
      double best_d = 1e18;
      for (const auto& off : l.offices) {
        if (!off.point) continue;
        const double d =
            parsed.query.near ? directory::distance_km(*off.point, *parsed.query.near) : 0;
        if (best == nullptr || d < best_d) {
          best = &off;
          best_d = d;
        }
      }
      if (best != nullptr) {
        markers.push_back({best->point->lat, best->point->lon, n, "#r" + std::to_string(n),
                           std::to_string(n) + ": " + l.name});
      }
      ++n;
    }
    if (!markers.empty()) {
      MapOptions options;
      options.title = std::string(ctx.tr("Map of the results"));
      w.open("figure", {{"class", "map"}});
      w.raw(render_map_svg(*page.map, markers, options));
      w.close("figure");
    }
  }
  w.open("ol", {{"class", "results"}, {"start", std::to_string(first_number)}});
  int n = first_number;
  for (const auto& hit : result.hits) result_item(w, ctx, page, hit, n++);
  w.close("ol");
  const std::size_t pages = (result.total + 19) / 20;
  if (pages > 1) {
    w.open("nav", {{"class", "pages"}, {"aria-label", ctx.tr("More results")}});
    if (page.request.page > 1) {
      w.element(
          "a",
          {{"href", help_url(ctx.lang.code, page.request, page.request.page - 1)}, {"rel", "prev"}},
          ctx.tr("Previous"));
      w.text(" ");
    }
    w.text(i18n::format(ctx.tr("Page {page} of {pages}"),
                        {{"page", number(ctx, static_cast<std::int64_t>(page.request.page))},
                         {"pages", number(ctx, static_cast<std::int64_t>(pages))}}));
    if (page.request.page < pages) {
      w.text(" ");
      w.element(
          "a",
          {{"href", help_url(ctx.lang.code, page.request, page.request.page + 1)}, {"rel", "next"}},
          ctx.tr("Next"));
    }
    w.close("nav");
  }
  w.element("p", {{"class", "small"}},
            ctx.tr("Names, descriptions and addresses are shown as their source publishes them, "
                   "in English."));
  page_end(w, ctx);
  return out;
}

std::string render_org(const PageContext& ctx, const Directory& directory, const Listing& l,
                       const Date& today) {
  std::string out;
  out.reserve(8192);
  text::HtmlWriter w(out);
  page_start(w, ctx, l.name);
  w.open("p", {{"class", "crumbs"}})
      .element("a", {{"href", page_path(ctx.lang.code, "help")}}, ctx.tr("Find help"))
      .close("p");
  w.element("h1", {{"lang", "en"}}, l.name);
  if (!l.alternate_name.empty()) w.element("p", {{"lang", "en"}}, l.alternate_name);
  source_line(w, ctx, l.provenance, today);
  if (!l.same_as.empty()) {
    if (const Listing* newer = directory.find_listing(l.same_as)) {
      w.open("p", {{"class", "banner stale"}})
          .text(ctx.tr("Newer information on this organization:"))
          .text(" ")
          .element("a", {{"href", page_path(ctx.lang.code, "org/" + newer->id)}, {"lang", "en"}},
                   newer->name)
          .close("p");
    }
  }
  std::vector<std::string> facts;
  if (l.free) facts.emplace_back(ctx.tr("Free"));
  if (l.recognized) facts.emplace_back(ctx.tr("Recognized by the US Department of Justice"));
  if (l.national) facts.emplace_back(ctx.tr("Serves people anywhere"));
  if (!facts.empty()) w.element("p", {{"class", "meta"}}, join(facts, " · "));

  if (!l.phones.empty()) {
    w.element("h2", ctx.tr("Call"));
    w.open("ul", {{"class", "phones"}});
    for (const auto& p : l.phones) phone_item(w, ctx, p);
    w.close("ul");
  }
  const auto services = service_names(ctx, l);
  if (!services.empty()) labelled(w, ctx.tr("Kind of help:"), join(services, ", "));
  std::vector<std::string> pops;
  for (const auto& p : l.populations) pops.emplace_back(term_label(ctx, kPopulations, p));
  if (!pops.empty()) labelled(w, ctx.tr("Who they help:"), join(pops, ", "));
  const auto langs = language_names(ctx, l);
  if (!langs.empty()) labelled(w, ctx.tr("Languages:"), join(langs, ", "));
  if (!l.website.empty()) {
    std::string href = l.website;
    if (href.rfind("http://", 0) != 0 && href.rfind("https://", 0) != 0) href = "https://" + href;
    w.open("p").element("b", ctx.tr("Website:")).text(" ");
    w.element("a", {{"href", href}, {"rel", "noreferrer"}, {"dir", "ltr"}}, l.website);
    w.close("p");
  }
  if (!l.email.empty()) {
    w.open("p").element("b", ctx.tr("E-mail:")).text(" ");
    w.element("a", {{"href", "mailto:" + l.email}, {"dir", "ltr"}}, l.email);
    w.close("p");
  }
  if (!l.offices.empty()) {
    w.element("h2", ctx.tr("Offices"));
    w.open("ul", {{"class", "offices"}});
    for (const auto& off : l.offices) {
      w.open("li", {{"lang", "en"}});
      if (!off.name.empty() && off.name != l.name) w.element("b", off.name).empty("br");
      if (!off.address_1.empty()) w.text(off.address_1).empty("br");
      if (!off.address_2.empty()) w.text(off.address_2).empty("br");
      std::string line = off.city;
      if (!off.state.empty()) line += (line.empty() ? "" : ", ") + off.state;
      if (!off.postal_code.empty()) line += " " + off.postal_code;
      if (off.country == "MX") line += " (México)";
      w.text(line);
      if (off.location_type == "postal") {
        w.empty("br").element("span", {{"lang", ctx.lang.html_lang}, {"class", "small"}},
                              ctx.tr("Mailing address only"));
      }
      w.close("li");
    }
    w.close("ul");
  }
  if (!l.description.empty() || !l.services.empty()) {
    w.element("h2", ctx.tr("What they do"));
    if (!l.description.empty()) w.element("p", {{"lang", "en"}}, l.description);
    for (const auto* s : l.services) {
      w.open("div", {{"lang", "en"}, {"class", "service"}});
      w.element("h3", s->name);
      if (!s->description.empty()) w.element("p", {{"class", "pre"}}, s->description);
      w.close("div");
    }
    w.element("p", {{"class", "small"}},
              ctx.tr("This description is shown as the source publishes it, in English."));
  }
  if (!l.courts.empty()) {
    w.element("h2", ctx.tr("Immigration courts they serve"));
    w.open("ul");
    for (const auto& c : l.courts) w.element("li", {{"lang", "en"}}, c.name);
    w.close("ul");
  }
  if (!l.facilities.empty()) {
    w.element("h2", ctx.tr("Detention facilities they serve"));
    w.open("ul");
    bool noted = false;
    for (const auto& f : l.facilities) {
      w.open("li");
      w.element("a", {{"href", page_path(ctx.lang.code, "facility/" + f.key)}, {"lang", "en"}},
                f.name);
      if (!f.direct) {
        w.text(" *");
        noted = true;
      }
      w.close("li");
    }
    w.close("ul");
    if (noted) {
      w.element("p", {{"class", "small"}},
                ctx.tr("* Its cases go to an immigration court this organization serves. Call to "
                       "ask whether they help people held there."));
    }
  }
  w.open("p", {{"class", "noprint"}})
      .element("a", {{"href", page_path(ctx.lang.code, "guide/getting-legal-help")}},
               ctx.tr("How to get legal help"))
      .close("p");
  page_end(w, ctx);
  return out;
}

std::string render_facility(const PageContext& ctx, const Directory& directory, const Facility& f) {
  std::string out;
  out.reserve(8192);
  text::HtmlWriter w(out);
  page_start(w, ctx, f.name);
  w.open("p", {{"class", "crumbs"}})
      .element("a", {{"href", page_path(ctx.lang.code, "facilities")}},
               ctx.tr("Detention facilities"))
      .close("p");
  w.element("h1", {{"lang", "en"}}, f.name);
  w.open("p", {{"lang", "en"}});
  if (!f.address_1.empty()) w.text(f.address_1).empty("br");
  w.text(f.city + (f.state.empty() ? "" : ", " + f.state) +
         (f.postal_code.empty() ? "" : " " + f.postal_code));
  w.close("p");
  labelled(w, ctx.tr("ICE facility code:"), f.code);
  labelled(w, ctx.tr("ICE field office:"), f.field_office, true);
  if (!f.courts.empty()) {
    std::vector<std::string> courts = f.courts;
    labelled(w, ctx.tr("Immigration court for people held here:"), join(courts, "; "), true);
    w.element("p", {{"class", "small"}},
              ctx.tr("This court was matched to the facility by its place name, not taken from an "
                     "official list. Check it with a lawyer."));
  }
  w.element("h2", ctx.tr("To find a person held here"));
  w.element("p", ctx.tr("Use the ICE online detainee locator. You need the person's A-number, or "
                        "their name, country of birth and date of birth."));
  w.element("p", {{"dir", "ltr"}, {"class", "code"}}, "locator.ice.gov");
  w.open("p")
      .element("a", {{"href", page_path(ctx.lang.code, "guide/detention")}},
               ctx.tr("Your rights in detention"))
      .close("p");

  w.element("h2", ctx.tr("Free calls from detention phones"));
  const auto& hotlines = directory.hotlines();
  if (hotlines.empty()) {
    w.element("p", ctx.tr("No free-call code is known for this facility."));
  } else {
    w.open("ul", {{"class", "phones"}});
    for (std::uint32_t i : hotlines) {
      const Listing& l = directory.listings()[i];
      for (const auto& p : l.phones) {
        if (p.speed_dial.empty()) continue;
        w.open("li");
        w.element("strong", {{"class", "code"}}, p.speed_dial);
        w.text(" ");
        w.element("a", {{"href", page_path(ctx.lang.code, "org/" + l.id)}, {"lang", "en"}}, l.name);
        w.close("li");
      }
    }
    w.close("ul");
  }

  w.element("h2", ctx.tr("Who helps people held here"));
  if (f.served_by.empty()) {
    w.element("p", ctx.tr("No organization in this directory names this facility or its court."));
  } else {
    w.open("ul");
    for (std::uint32_t i : f.served_by) {
      const Listing& l = directory.listings()[i];
      w.open("li");
      w.element("a", {{"href", page_path(ctx.lang.code, "org/" + l.id)}, {"lang", "en"}}, l.name);
      for (const auto& p : l.phones) {
        if (p.tel.empty()) continue;
        w.text(" · ").element("a", {{"href", p.tel}, {"dir", "ltr"}}, unbreakable(p.number));
        break;
      }
      w.close("li");
    }
    w.close("ul");
  }
  HelpRequest r;
  r.facility = f.code;
  w.open("p")
      .element("a", {{"href", help_url(ctx.lang.code, r, 1)}},
               ctx.tr("Search help for this facility"))
      .close("p");
  w.element("p", {{"class", "asof"}},
            i18n::format(ctx.tr("Source: {source}, {date}."),
                         {{"source", f.provenance.dataset},
                          {"date", format_date_iso(ctx, f.provenance.source_date)}}));
  page_end(w, ctx);
  return out;
}

std::string render_facilities(const PageContext& ctx, const Directory& directory,
                              std::string_view q, std::string_view state) {
  std::string out;
  out.reserve(8192);
  text::HtmlWriter w(out);
  const auto heading = ctx.tr("Detention facilities");
  page_start(w, ctx, heading);
  w.element("h1", heading);
  w.open("form", {{"method", "get"},
                  {"action", page_path(ctx.lang.code, "facilities")},
                  {"role", "search"},
                  {"class", "search"}});
  w.open("p");
  w.element("label", {{"for", "fq"}}, ctx.tr("Facility name, city or code"));
  w.empty("input",
          {{"id", "fq"}, {"name", "q"}, {"type", "search"}, {"value", q}, {"maxlength", "100"}});
  w.close("p");
  w.element("button", {{"type", "submit"}}, ctx.tr("Search"));
  w.close("form");

  const std::string folded = text::fold(q.substr(0, std::min<std::size_t>(q.size(), 100)));
  std::vector<const Facility*> shown;
  std::map<std::string, int> per_state;
  for (const auto& f : directory.facilities()) {
    ++per_state[f.state];
    if (!state.empty() && f.state != state) continue;
    if (!folded.empty() && f.search_key.find(folded) == std::string::npos) continue;
    if (state.empty() && folded.empty()) continue;
    shown.push_back(&f);
  }
  if (state.empty() && folded.empty()) {
    w.element("h2", ctx.tr("By state"));
    w.open("ul", {{"class", "states"}});
    for (const auto& [st, count] : per_state) {
      if (st.empty()) continue;
      w.open("li")
          .element("a", {{"href", page_path(ctx.lang.code, "facilities?state=" + st)}}, st)
          .text(" (" + number(ctx, count) + ")")
          .close("li");
    }
    w.close("ul");
    page_end(w, ctx);
    return out;
  }
  std::sort(shown.begin(), shown.end(), [](const Facility* a, const Facility* b) {
    return std::tie(a->state, a->name) < std::tie(b->state, b->name);
  });
  w.element("h2", i18n::format(ctx.catalogs.tr_plural(ctx.lang.code, "{count} facility",
                                                      static_cast<std::int64_t>(shown.size())),
                               {{"count", number(ctx, static_cast<std::int64_t>(shown.size()))}}));
  if (shown.empty()) {
    w.element("p", ctx.tr("No facility has that name. Try part of the name, the city, or choose a "
                          "state."));
  }
  std::string current;
  bool open_list = false;
  std::size_t count = 0;
  for (const Facility* f : shown) {
    if (++count > 200) break;
    if (f->state != current) {
      if (open_list) w.close("ul");
      current = f->state;
      w.element("h3", current);
      w.open("ul");
      open_list = true;
    }
    w.open("li");
    w.element("a", {{"href", page_path(ctx.lang.code, "facility/" + f->code)}, {"lang", "en"}},
              f->name);
    w.text(" · ").element("span", {{"lang", "en"}}, f->city);
    w.close("li");
  }
  if (open_list) w.close("ul");
  page_end(w, ctx);
  return out;
}

std::string render_hotlines(const PageContext& ctx, const Directory& directory,
                            const std::vector<directory::Hotline>* listed) {
  std::string out;
  out.reserve(8192);
  text::HtmlWriter w(out);
  const auto heading = ctx.tr("Help lines and free calls from detention");
  page_start(w, ctx, heading);
  w.element("h1", heading);
  w.element("p", ctx.tr("From a phone in an immigration detention facility, some organizations "
                        "can be called for free with a short code. Codes change: each line shows "
                        "where it comes from and when."));
  w.open("div", {{"class", "card"}});
  if (directory.hotlines().empty()) {
    w.element("p", ctx.tr("No help line is listed yet."));
  }
  for (std::uint32_t i : directory.hotlines()) {
    const Listing& l = directory.listings()[i];
    w.open("section");
    w.open("h2").element("a", {{"href", page_path(ctx.lang.code, "org/" + l.id)}, {"lang", "en"}},
                         l.name);
    w.close("h2");
    w.open("ul", {{"class", "phones"}});
    for (const auto& p : l.phones) {
      if (p.type == "fax") continue;
      phone_item(w, ctx, p);
    }
    w.close("ul");
    w.element("p", {{"class", "asof"}},
              i18n::format(ctx.tr("Source: {source}, {date}."),
                           {{"source", l.provenance.dataset},
                            {"date", format_date_iso(ctx, l.provenance.source_date)}}));
    w.close("section");
  }
  if (listed != nullptr && !listed->empty()) {
    w.open("section");
    w.element("h2", ctx.tr("Other codes from detention phones"));
    w.element("p", {{"class", "small"}},
              ctx.tr("A public information page listed these codes in 2023 without saying who "
                     "answers. Check them before you rely on them."));
    w.open("ul", {{"class", "phones"}});
    for (const auto& h : *listed) {
      if (h.status != "listed") continue;
      w.open("li");
      w.element("strong", {{"class", "code"}, {"dir", "ltr"}}, h.code);
      w.text(" ").text(ctx.tr(h.description));
      w.close("li");
    }
    w.close("ul");
    for (const auto& h : *listed) {
      if (h.status != "reported-blocked") continue;
      w.element("p", {{"class", "small"}},
                i18n::format(ctx.tr("{code} no longer works: it was reported blocked in 2019."),
                             {{"code", h.code}}));
    }
    w.element(
        "p", {{"class", "asof"}},
        i18n::format(ctx.tr("Source: {source}, {date}."),
                     {{"source", listed->front().source}, {"date", listed->front().source_date}}));
    w.close("section");
  }
  w.close("div");
  w.open("p", {{"class", "noprint"}})
      .element("a", {{"href", page_path(ctx.lang.code, "help")}}, ctx.tr("Find help near you"))
      .close("p");
  page_end(w, ctx);
  return out;
}

}  // namespace amparo::web::views
