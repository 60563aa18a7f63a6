// The first pages: home, about this information, the language picker, and error pages.
#include <string>

#include "directory/import.h"
#include "i18n/catalog.h"
#include "i18n/dates.h"
#include "text/html_writer.h"
#include "web/views/layout.h"
#include "web/views/views.h"

namespace amparo::web::views {
namespace {

void not_legal_advice(text::HtmlWriter& w, const PageContext& ctx) {
  w.open("div", {{"class", "note"}, {"role", "note"}});
  w.open("p").open("strong").text(ctx.tr("This is not legal advice.")).close("strong").close("p");
  w.element("p",
            ctx.tr("Laws and rules at the border change often. Before you decide anything, talk "
                   "to a lawyer or an accredited representative. Many organizations help for "
                   "free."));
  w.close("div");
}

void privacy(text::HtmlWriter& w, const PageContext& ctx) {
  w.element("h2", ctx.tr("Your privacy"));
  w.element("p", ctx.tr("This site does not use cookies, does not record your IP address, does not "
                        "follow you and does not load anything from other websites. Every page "
                        "works without JavaScript."));
}

std::int64_t dataset_count(const store::RecordCounts& counts, std::string_view dataset) {
  const auto it = counts.organizations_by_dataset.find(std::string(dataset));
  return it == counts.organizations_by_dataset.end() ? 0 : it->second;
}

struct ErrorText {
  int status;
  std::string_view title;
  std::string_view message;
};

constexpr ErrorText kErrors[] = {
    {400, "Bad request", "This address could not be understood. Check it and try again."},
    {404, "Page not found", "This page does not exist. It may have moved."},
    {405, "Not allowed", "This address cannot be used that way."},
    {413, "Too large", "What was sent is too large."},
    {431, "Too large", "What was sent is too large."},
    {500, "Something went wrong", "An error happened on this server. Please try again later."},
    {503, "Server busy", "This server is busy. Please try again in a minute."},
};

}  // namespace

std::string render_home(const PageContext& ctx, bool has_guide) {
  std::string out;
  out.reserve(8192);
  text::HtmlWriter w(out);
  const auto heading = ctx.tr("Help for people seeking asylum at the US–Mexico border");
  page_start(w, ctx, heading);
  w.element("h1", heading);
  w.element("p", ctx.tr("Free, private and in your language. This site explains what can happen "
                        "when you ask for asylum at the border, with dates and sources, and where "
                        "to find free legal help."));
  not_legal_advice(w, ctx);
  w.element("h2", ctx.tr("What you can do here"));
  w.open("ul", {{"class", "links"}});
  if (has_guide) {
    w.open("li")
        .element("a", {{"href", page_path(ctx.lang.code, "guide/")}},
                 ctx.tr("Read the guide: what can happen at the border, your rights, and what has "
                        "changed."))
        .close("li");
  }
  w.open("li")
      .element("a", {{"href", page_path(ctx.lang.code, "about")}}, ctx.tr("About this information"))
      .close("li");
  w.open("li")
      .element("a", {{"href", page_path(ctx.lang.code, "languages")}},
               ctx.tr("Read this site in another language."))
      .close("li");
  w.close("ul");
  privacy(w, ctx);
  page_end(w, ctx);
  return out;
}

std::string render_about(const PageContext& ctx, const SiteInfo& site,
                         const store::RecordCounts& counts) {
  std::string out;
  out.reserve(8192);
  text::HtmlWriter w(out);
  const auto heading = ctx.tr("About this information");
  page_start(w, ctx, heading);
  w.element("h1", heading);
  w.element("p", ctx.tr("Learn where this information comes from, how old it is, and who runs this "
                        "site."));
  not_legal_advice(w, ctx);

  w.element("h2", ctx.tr("Where the information comes from"));
  w.element("p",
            ctx.tr("Every statement about law or policy shows the date it was checked and its "
                   "sources. Every organization shows where its listing comes from and when it "
                   "was last checked. A page that has not been reviewed in time says so."));

  w.element("h2", ctx.tr("Data credits"));
  w.open("ul");
  auto credit = [&](std::string_view msgid, std::int64_t n) {
    w.element("li", i18n::format(ctx.catalogs.tr_plural(ctx.lang.code, msgid, n),
                                 {{"n", i18n::format_number(n, ctx.lang)}}));
  };
  credit(
      "{n} immigration detention facility, from the Deportation Data Project's list of ICE "
      "facilities.",
      counts.facilities);
  credit(
      "{n} legal service provider from the DOJ/EOIR List of Pro Bono Legal Service Providers "
      "(July 2026 edition).",
      dataset_count(counts, directory::kEoirProBonoDataset));
  credit("{n} organization from the DOJ roster of recognized organizations (September 19, 2026).",
         dataset_count(counts, directory::kEoirRecognizedDataset));
  w.close("ul");

  w.element("h2", ctx.tr("Who runs this server"));
  if (site.operator_name.empty()) {
    w.element("p", ctx.tr("The organization that runs this server has not published its name."));
  } else {
    w.element(
        "p", i18n::format(ctx.tr("This server is run by {name}."), {{"name", site.operator_name}}));
  }
  if (!site.operator_contact.empty()) {
    w.element("p",
              i18n::format(ctx.tr("Contact: {contact}"), {{"contact", site.operator_contact}}));
  }

  privacy(w, ctx);
  page_end(w, ctx);
  return out;
}

std::string render_languages(const PageContext& ctx) {
  std::string out;
  out.reserve(4096);
  text::HtmlWriter w(out);
  const auto heading = ctx.tr("Choose your language");
  page_start(w, ctx, heading);
  w.element("h1", heading);
  w.open("ul", {{"class", "links"}});
  for (const auto& l : i18n::languages()) {
    const std::string href = page_path(l.code, "");
    // Each name in its own language and direction, so screen readers pronounce it right.
    w.open("li").open(
        "a",
        {{"href", href}, {"hreflang", l.html_lang}, {"lang", l.html_lang}, {"dir", l.dir_attr()}});
    w.text(l.native_name);
    w.close("a").close("li");
  }
  w.close("ul");
  page_end(w, ctx);
  return out;
}

std::string render_error(const PageContext& ctx, int status) {
  const ErrorText* e = &kErrors[5];  // 500
  for (const auto& candidate : kErrors) {
    if (candidate.status == status) e = &candidate;
  }
  std::string out;
  out.reserve(4096);
  text::HtmlWriter w(out);
  const auto title = ctx.tr(e->title);
  page_start(w, ctx, title, /*alternates=*/false);
  w.element("h1", title);
  w.element("p", ctx.tr(e->message));
  w.open("p")
      .element("a", {{"href", page_path(ctx.lang.code, "")}}, ctx.tr("Go to the home page"))
      .close("p");
  page_end(w, ctx);
  return out;
}

}  // namespace amparo::web::views
