#include "web/router.h"

namespace amparo::web {

bool match_route(std::string_view pattern, std::string_view path, RouteParams& params) {
  RouteParams found;
  std::size_t pi = 0;
  std::size_t si = 0;
  while (pi < pattern.size() && si < path.size()) {
    if (pattern[pi] == '{') {
      const auto close = pattern.find('}', pi);
      const std::string_view name = pattern.substr(pi + 1, close - pi - 1);
      auto end = path.find('/', si);
      if (end == std::string_view::npos) end = path.size();
      if (end == si) return false;  // an empty segment is no parameter
      if (name == "lang") found.lang = path.substr(si, end - si);
      if (name == "slug") found.slug = path.substr(si, end - si);
      if (name == "id") found.id = path.substr(si, end - si);
      pi = close + 1;
      si = end;
      continue;
    }
    if (pattern[pi] != path[si]) return false;
    ++pi;
    ++si;
  }
  if (pi != pattern.size() || si != path.size()) return false;
  params = found;
  return true;
}

}  // namespace amparo::web
