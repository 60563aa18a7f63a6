// The guide's pages: an article with its date, banners, sources and languages; the index.
#include <string>

#include "guide/guide.h"
#include "i18n/catalog.h"
#include "i18n/dates.h"
#include "i18n/languages.h"
#include "text/html_writer.h"
#include "web/views/layout.h"
#include "web/views/views.h"

namespace amparo::web::views {
namespace {

std::string article_path(std::string_view lang, std::string_view slug) {
  return page_path(lang, "guide/" + std::string(slug));
}

void banner(text::HtmlWriter& w, std::string_view css_class, std::string_view text) {
  w.open("p", {{"class", css_class}, {"role", "note"}}).text(text).close("p");
}

}  // namespace

std::string render_article(const PageContext& ctx, const guide::Article& a, const Date& today) {
  std::string out;
  out.reserve(16384);
  text::HtmlWriter w(out);
  page_start(w, ctx, a.title);
  w.open("nav", {{"class", "crumbs"}, {"aria-label", ctx.tr("Guide")}})
      .element("a", {{"href", page_path(ctx.lang.code, "guide/")}}, ctx.tr("Guide"))
      .close("nav");
  w.open("article");
  w.element("h1", a.title);
  const std::string as_of = i18n::format_date(a.as_of, ctx.lang);
  w.open("p", {{"class", "asof"}})
      .open("time", {{"datetime", a.as_of.to_string()}})
      .text(i18n::format(ctx.tr("Information as of {date}"), {{"date", as_of}}))
      .close("time")
      .close("p");
  if (a.status == guide::Status::kHistorical) {
    banner(
        w, "banner history",
        ctx.tr("This describes a policy that has ended. It is kept here as history. Do not follow "
               "it today."));
  }
  if (a.stale(today)) {
    banner(w, "banner stale",
           i18n::format(ctx.tr("This page may be out of date. It was last checked on {date}. Rules "
                               "change often: ask a legal helper before you act."),
                        {{"date", as_of}}));
  }
  if (a.translation == guide::Translation::kMachine) {
    banner(w, "banner machine",
           ctx.tr("This page was translated by a machine and a person has not checked it yet. If "
                  "something is unclear, read the English page or ask a legal helper."));
  }
  w.raw(a.html);  // rendered by cmark-gfm in safe mode when the guide was loaded

  w.open("div", {{"class", "note"}, {"role", "note"}});
  w.open("p").open("strong").text(ctx.tr("This is not legal advice.")).close("strong").text(" ");
  w.element("a", {{"href", article_path(ctx.lang.code, "getting-legal-help")}},
            ctx.tr("Get free legal help"));
  w.close("p");
  w.close("div");

  w.element("h2", ctx.tr("Sources"));
  w.open("ol", {{"class", "sources"}});
  for (const auto& s : a.sources) {
    w.open("li").element("a", {{"href", s.url}, {"rel", "noreferrer"}}, s.title).close("li");
  }
  w.close("ol");
  w.close("article");

  w.element("h2", ctx.tr("This page in other languages"));
  w.open("ul", {{"class", "langs"}});
  for (const auto& l : i18n::languages()) {
    if (l.code == ctx.lang.code) continue;
    w.open("li")
        .element("a",
                 {{"href", article_path(l.code, a.slug)},
                  {"hreflang", l.html_lang},
                  {"lang", l.html_lang},
                  {"dir", l.dir_attr()}},
                 l.native_name)
        .close("li");
  }
  w.close("ul");
  page_end(w, ctx);
  return out;
}

std::string render_guide_index(const PageContext& ctx, const guide::Guide& g) {
  std::string out;
  out.reserve(8192);
  text::HtmlWriter w(out);
  const auto heading = ctx.tr("Guide");
  page_start(w, ctx, heading);
  w.element("h1", heading);
  w.element("p",
            ctx.tr("Each page says when its information was checked and where it comes from."));
  auto list = [&](guide::Status status) {
    w.open("ul", {{"class", "links"}});
    for (const auto& slug : g.slugs()) {
      const guide::Article* a = g.find(ctx.lang.code, slug);
      if (a == nullptr || a->status != status) continue;
      w.open("li");
      w.open("a", {{"href", article_path(ctx.lang.code, slug)}});
      w.element("strong", a->title);
      w.empty("br");
      w.element("span", a->summary);
      w.close("a");
      w.close("li");
    }
    w.close("ul");
  };
  list(guide::Status::kCurrent);
  w.element("h2", ctx.tr("Policies that have ended"));
  list(guide::Status::kHistorical);
  page_end(w, ctx);
  return out;
}

}  // namespace amparo::web::views
