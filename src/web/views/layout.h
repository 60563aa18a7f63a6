// The frame shared by every HTML page: document head (inline CSS, language and direction,
// alternates), header with the language link, and the footer with the not-legal-advice line.
#pragma once

#include <string_view>

#include "text/html_writer.h"
#include "web/views/views.h"

namespace amparo::web::views {

// Writes everything up to and including <main id="main">. `title` is the page's own title
// (escaped). `alternates`: whether the page exists in every language (adds <link rel="alternate"
// hreflang>).
void page_start(text::HtmlWriter& w, const PageContext& ctx, std::string_view title,
                bool alternates = true);
// Closes <main>, writes the footer and closes the document.
void page_end(text::HtmlWriter& w, const PageContext& ctx);

// "/{lang}/{slug}" for a language code.
std::string page_path(std::string_view lang_code, std::string_view slug);

}  // namespace amparo::web::views
