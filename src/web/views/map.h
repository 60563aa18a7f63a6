// The help finder's map: numbered markers over state and country outlines, drawn on the server as
// inline SVG (no tiles, no script, no request to another site). The outlines come from
// data/map/outlines.tsv (see data/map/SOURCE.md), loaded once per snapshot.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"

namespace amparo::web::views {

// A latitude/longitude box in WGS 84 degrees; south < north, west < east (no box crosses 180°).
struct GeoBox {
  double south = 0;
  double west = 0;
  double north = 0;
  double east = 0;
};

// Land outlines, immutable once loaded and shared by every page of a snapshot.
struct MapOutlines {
  enum class Kind { kState, kCountry };
  struct Point {
    double lon = 0;
    double lat = 0;
  };
  struct Ring {
    GeoBox box;                 // bounds of `points`
    std::vector<Point> points;  // open: the last point joins the first; at least 3
  };
  struct Region {
    std::string id;  // ISO 3166-2 ("US-TX") or ISO 3166-1 alpha-2 ("MX")
    Kind kind = Kind::kState;
    GeoBox box;  // bounds of all its rings
    std::vector<Ring> rings;
  };

  // Drawing order: countries first, then states, each in file order (the US states over Mexico,
  // where the two sources disagree by a few hundred metres along the border).
  std::vector<Region> regions;

  // Reads <data_dir>/map/outlines.tsv. kNotFound when the file is missing; kCorrupt, naming the
  // file and line, for a malformed line (wrong number of fields, unknown kind, a point that is not
  // "lon,lat" in range, a ring of fewer than 3 points) or a file without any ring.
  static Result<std::shared_ptr<const MapOutlines>> load(const std::string& data_dir);
};

struct MapMarker {
  double lat = 0;
  double lon = 0;
  int number = 0;     // shown on the marker; matches the numbered list beside the map
  std::string href;   // where the marker leads, e.g. "#r3" (escaped, not checked)
  std::string label;  // accessible name, e.g. "3: Kino Border Initiative"
};

struct MapOptions {
  int width = 640;  // viewBox and intrinsic size, in CSS pixels; markers are sized from the width
  int height = 400;
  std::string
      title;  // accessible title; empty: the map is decorative (aria-hidden) and has no title
  // The <svg>'s id and the prefix of its title's ("<id>-t"); unique on the page; empty means "map".
  std::string id = "map";
  // The area to show. Empty: the markers' bounding box with padding, widened to the width:height
  // ratio and to at least 1.5° across its longer side; or the US–Mexico border region (lon
  // -118…-96, lat 24…35) when there are no markers. A given frame is widened to the width:height
  // ratio, and markers outside it are left out.
  std::optional<GeoBox> frame;
};

// The area a map with these markers and options shows, after padding and widening to the
// width:height ratio (in the projection described in render_map_svg).
GeoBox map_frame(std::span<const MapMarker> markers, const MapOptions& options);

// An inline <svg> element (for an HTML page, not a standalone file).
//
// Projection: equirectangular with x scaled by cos(latitude at the middle of the frame), which
// keeps shapes true to within a few percent over a regional map. Outlines are clipped to the frame
// (rings wholly outside are skipped), rounded to whole pixels and thinned to points at least 1.5 px
// apart, written as relative path data. Regions are <path> elements in <g class="land">; Mexico has
// class "mx", the other countries class "ctx". Markers are in <g class="mk">, each an <a> with a
// <title> (its label), a <circle> and its number, drawn last-first so that 1 is on top.
//
// Colours and sizes are presentation attributes that the page's CSS can override by class; no style
// attribute is written (the Content-Security-Policy allows only the hashed stylesheet). The SVG
// sets direction="ltr" so numbers and text-anchor behave the same inside dir="rtl" pages. All text
// is escaped. With markers, the SVG is a role="group" (the links stay reachable); without,
// role="img".
std::string render_map_svg(const MapOutlines& outlines, std::span<const MapMarker> markers,
                           const MapOptions& options);

}  // namespace amparo::web::views
