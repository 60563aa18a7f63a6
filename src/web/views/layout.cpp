#include "web/views/layout.h"

namespace amparo::web::views {

std::string page_path(std::string_view lang_code, std::string_view slug) {
  std::string p = "/";
  p += lang_code;
  p += '/';
  p += slug;
  return p;
}

void page_start(text::HtmlWriter& w, const PageContext& ctx, std::string_view title,
                bool alternates) {
  const auto& lang = ctx.lang;
  w.raw("<!DOCTYPE html>\n");
  w.open("html", {{"lang", lang.html_lang}, {"dir", lang.dir_attr()}});
  w.open("head");
  w.empty("meta", {{"charset", "utf-8"}});
  w.empty("meta", {{"name", "viewport"}, {"content", "width=device-width,initial-scale=1"}});
  std::string full_title(title);
  full_title += " · amparo";
  w.element("title", full_title);
  w.empty("meta", {{"name", "description"},
                   {"content", ctx.tr("Help for people seeking asylum at the US–Mexico border")}});
  // No favicon request goes anywhere: an empty data: icon stops browsers asking for /favicon.ico.
  w.empty("link", {{"rel", "icon"}, {"href", "data:,"}});
  if (alternates) {
    for (const auto& other : i18n::languages()) {
      if (other.code == lang.code) continue;
      const std::string href = page_path(other.code, ctx.slug);
      w.empty("link", {{"rel", "alternate"}, {"hreflang", other.html_lang}, {"href", href}});
    }
  }
  w.open("style").raw(ctx.css).close("style");
  w.close("head");
  w.open("body");
  w.element("a", {{"class", "skip"}, {"href", "#main"}}, ctx.tr("Skip to main content"));
  w.open("header");
  const std::string home = page_path(lang.code, "");
  w.element("a", {{"class", "brand"}, {"href", home}}, "amparo");
  w.open("nav", {{"aria-label", ctx.tr("Language")}});
  w.element("a", {{"href", page_path(lang.code, "guide/")}}, ctx.tr("Guide")).text(" ");
  const std::string picker = page_path(lang.code, "languages");
  // The link names the language picker in this language and, for a reader who does not read it,
  // in English too.
  std::string label(ctx.tr("Language"));
  if (lang.code != i18n::default_language().code) label += " · Language";
  w.element("a", {{"href", picker}}, label);
  w.close("nav");
  w.close("header");
  w.open("main", {{"id", "main"}});
}

void page_end(text::HtmlWriter& w, const PageContext& ctx) {
  w.close("main");
  w.open("footer");
  w.open("p").text(ctx.tr("Not legal advice. No cookies. No tracking.")).text(" ");
  w.element("a", {{"href", page_path(ctx.lang.code, "about")}}, ctx.tr("About this information"));
  w.close("p");
  w.close("footer");
  w.close("body");
  w.close("html");
  w.raw("\n");
}

}  // namespace amparo::web::views
