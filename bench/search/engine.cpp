#include "engine.h"

#include <algorithm>
#include <cmath>

#include "text/normalize.h"

namespace amparo::bench {

std::vector<std::string> query_words(const BenchQuery& query) {
  return text::tokenize(text::fold(query.query.text));
}

Box bounding_box(const directory::GeoPoint& center, double radius_km) {
  // A degree of latitude is at least 110.57 km; a degree of longitude shrinks with cos(latitude).
  constexpr double kKmPerDegree = 110.5;
  constexpr double kPi = 3.14159265358979323846;
  const double dlat = radius_km / kKmPerDegree;
  const double max_abs_lat = std::min(89.9, std::abs(center.lat) + dlat);
  const double dlon =
      std::min(180.0, radius_km / (kKmPerDegree * std::cos(max_abs_lat * kPi / 180.0)));
  return Box{center.lat - dlat, center.lat + dlat, center.lon - dlon, center.lon + dlon};
}

}  // namespace amparo::bench
