// The routing table: path patterns made of literal segments and named parameters ("/{lang}/about"),
// matched segment by segment. One table for the whole site (see app.cpp).
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace amparo::web {

struct RouteParams {
  std::string_view lang;  // the {lang} segment, unchecked
  std::string_view slug;  // the {slug} segment, unchecked
  std::string_view id;    // the {id} segment, unchecked (a record id in the API)
};

// Matches `path` against `pattern`. Patterns: literal segments, "{lang}", "{slug}" and "{id}" as
// parameters; a trailing
// '/' is significant ("/{lang}/" is the home page, "/{lang}" is not).
bool match_route(std::string_view pattern, std::string_view path, RouteParams& params);

}  // namespace amparo::web
