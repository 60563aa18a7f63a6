#include "web/views/map.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "core/file.h"
#include "text/html_writer.h"

namespace amparo::web::views {
namespace {

// The US–Mexico border region, shown when there is nothing to fit.
constexpr GeoBox kBorderRegion{24.0, -118.0, 35.0, -96.0};
// A frame fitted to markers is at least this many degrees across its longer side (east-west degrees
// scaled by cos(latitude)), so that one marker shows its surroundings: about 140 km.
constexpr double kMinSpanDeg = 1.5;
// Space added on each side of the markers' box, as a fraction of its span.
constexpr double kPadding = 0.15;
constexpr double kMaxLat = 85.0;
// Outlines are clipped this many pixels outside the viewBox, so that the cut edges are not drawn.
constexpr double kClipMargin = 4.0;
// Consecutive outline points closer than this (in pixels) are merged: squared, in whole pixels, a
// step of 1 px or a diagonal of sqrt(2) px is dropped.
constexpr std::int64_t kMinStepSquared = 2;

bool is_region_id(std::string_view id) {
  if (id.empty() || id.size() > 16) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool parse_double(std::string_view s, double& out) {
  if (s.empty()) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && std::isfinite(out);
}

void extend(GeoBox& box, const GeoBox& other, bool first) {
  if (first) {
    box = other;
    return;
  }
  box.south = std::min(box.south, other.south);
  box.west = std::min(box.west, other.west);
  box.north = std::max(box.north, other.north);
  box.east = std::max(box.east, other.east);
}

// Parses "lon,lat lon,lat ..." into `ring`; an error message, or empty on success.
std::string parse_ring(std::string_view text, MapOutlines::Ring& ring) {
  std::size_t index = 0;
  while (!text.empty()) {
    ++index;
    const std::size_t space = text.find(' ');
    const std::string_view pair = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    const std::size_t comma = pair.find(',');
    MapOutlines::Point p;
    if (comma == std::string_view::npos || !parse_double(pair.substr(0, comma), p.lon) ||
        !parse_double(pair.substr(comma + 1), p.lat)) {
      return "point " + std::to_string(index) + " is not lon,lat: \"" +
             std::string(pair.substr(0, 40)) + "\"";
    }
    if (p.lon < -180 || p.lon > 180 || p.lat < -90 || p.lat > 90) {
      return "point " + std::to_string(index) + " is out of range: \"" + std::string(pair) + "\"";
    }
    const GeoBox point_box{p.lat, p.lon, p.lat, p.lon};
    extend(ring.box, point_box, ring.points.empty());
    ring.points.push_back(p);
  }
  if (ring.points.size() < 3) {
    return "a ring needs at least 3 points, this one has " + std::to_string(ring.points.size());
  }
  return {};
}

bool intersects(const GeoBox& a, const GeoBox& b) {
  return a.south <= b.north && b.south <= a.north && a.west <= b.east && b.west <= a.east;
}

bool contains(const GeoBox& outer, const GeoBox& inner) {
  return outer.south <= inner.south && inner.north <= outer.north && outer.west <= inner.west &&
         inner.east <= outer.east;
}

double cos_mid_latitude(const GeoBox& box) {
  constexpr double kPi = 3.14159265358979323846;
  return std::cos((box.south + box.north) / 2 * kPi / 180);
}

// Widens `box` about its centre so that its projected width:height is `aspect`.
GeoBox fit_aspect(GeoBox box, double aspect) {
  const double c = cos_mid_latitude(box);
  const double w = (box.east - box.west) * c;
  const double h = box.north - box.south;
  if (w < h * aspect) {
    const double mid = (box.west + box.east) / 2;
    const double half = h * aspect / c / 2;
    box.west = mid - half;
    box.east = mid + half;
  } else {
    const double mid = (box.south + box.north) / 2;
    const double half = w / aspect / 2;
    box.south = mid - half;
    box.north = mid + half;
  }
  box.south = std::max(box.south, -kMaxLat);
  box.north = std::min(box.north, kMaxLat);
  return box;
}

bool placeable(const MapMarker& m) {
  return std::isfinite(m.lat) && std::isfinite(m.lon) && m.lat >= -kMaxLat && m.lat <= kMaxLat &&
         m.lon >= -180 && m.lon <= 180;
}

int clamp_size(int v, int fallback) { return v >= 16 && v <= 4096 ? v : fallback; }

// Markers are sized from the map's width, so that they stay readable when a page scales a 640 px
// map down to a 360 px phone (radius 16 -> 9 px, numbers 18 -> 10 px).
std::int64_t marker_radius(int width) {
  return std::max<std::int64_t>(9, std::llround(width / 40.0));
}

// The half-span (in the units of `marker_half`) that keeps a marker `margin_px` from an edge of a
// side `size_px` long; `marker_half` is half the markers' extent on that side.
double half_span_for_margin(double marker_half, double margin_px, int size_px) {
  const double free_share = std::max(0.1, 1 - 2 * margin_px / size_px);
  return marker_half / free_share;
}

struct Projection {
  double west = 0;
  double north = 0;
  double kx = 1;  // pixels per degree of longitude
  double ky = 1;  // pixels per degree of latitude

  Projection(const GeoBox& frame, int width, int height)
      : west(frame.west),
        north(frame.north),
        kx(width / (frame.east - frame.west)),
        ky(height / (frame.north - frame.south)) {}
  double x(double lon) const { return (lon - west) * kx; }
  double y(double lat) const { return (north - lat) * ky; }
};

struct Px {
  double x;
  double y;
};

// Sutherland–Hodgman against one side of the clip rectangle: keeps the part of `ring` where the
// coordinate (x when `vertical`, else y) is >= `edge` (or <= `edge` when `keep_below`).
std::vector<Px> clip_side(const std::vector<Px>& ring, bool vertical, double edge,
                          bool keep_below) {
  const auto coord = [vertical](const Px& p) { return vertical ? p.x : p.y; };
  const auto inside = [&](const Px& p) { return keep_below ? coord(p) <= edge : coord(p) >= edge; };
  std::vector<Px> out;
  out.reserve(ring.size() + 4);
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const Px& a = ring[i];
    const Px& b = ring[(i + 1) % ring.size()];
    const bool a_in = inside(a);
    if (a_in) out.push_back(a);
    if (a_in == inside(b)) continue;
    const double t = (edge - coord(a)) / (coord(b) - coord(a));
    out.push_back(vertical ? Px{edge, a.y + (b.y - a.y) * t} : Px{a.x + (b.x - a.x) * t, edge});
  }
  return out;
}

std::vector<Px> clip_ring(std::vector<Px> ring, double x0, double y0, double x1, double y1) {
  ring = clip_side(ring, true, x0, false);
  ring = clip_side(ring, true, x1, true);
  ring = clip_side(ring, false, y0, false);
  return clip_side(ring, false, y1, true);
}

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  const auto result = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, result.ptr);
}

// Path data numbers: a space before a number unless it follows a command letter or starts with '-'.
void append_path_number(std::string& d, std::int64_t v) {
  const char last = d.empty() ? 'M' : d.back();
  const bool after_command = (last >= 'A' && last <= 'Z') || (last >= 'a' && last <= 'z');
  if (!after_command && v >= 0) d += ' ';
  append_int(d, v);
}

// Appends one ring as "Mx y l dx dy ... z" in whole pixels, thinned; nothing when it shrinks to
// less than a triangle.
void append_ring(std::string& d, const std::vector<Px>& ring) {
  std::vector<std::pair<std::int64_t, std::int64_t>> pts;
  pts.reserve(ring.size());
  for (const Px& p : ring) {
    const std::int64_t x = std::llround(p.x);
    const std::int64_t y = std::llround(p.y);
    if (!pts.empty()) {
      const std::int64_t dx = x - pts.back().first;
      const std::int64_t dy = y - pts.back().second;
      if (dx * dx + dy * dy <= kMinStepSquared) continue;
    }
    pts.emplace_back(x, y);
  }
  while (pts.size() > 1) {
    const std::int64_t dx = pts.back().first - pts.front().first;
    const std::int64_t dy = pts.back().second - pts.front().second;
    if (dx * dx + dy * dy > kMinStepSquared) break;
    pts.pop_back();
  }
  if (pts.size() < 3) return;
  d += 'M';
  append_path_number(d, pts[0].first);
  append_path_number(d, pts[0].second);
  d += 'l';
  for (std::size_t i = 1; i < pts.size(); ++i) {
    append_path_number(d, pts[i].first - pts[i - 1].first);
    append_path_number(d, pts[i].second - pts[i - 1].second);
  }
  d += 'z';
}

void append_attr(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  text::escape_attr(out, value);
  out += '"';
}

void append_int_attr(std::string& out, std::string_view name, std::int64_t value) {
  out += ' ';
  out += name;
  out += "=\"";
  append_int(out, value);
  out += '"';
}

}  // namespace

Result<std::shared_ptr<const MapOutlines>> MapOutlines::load(const std::string& data_dir) {
  const std::string path = data_dir + "/map/outlines.tsv";
  auto bytes = read_file(path);
  if (!bytes.ok()) return std::move(bytes).error();
  const std::string_view all = *bytes;

  std::vector<Region> countries;
  std::vector<Region> states;
  std::unordered_map<std::string, std::pair<Kind, std::size_t>> index;
  const auto corrupt = [&path](int line, std::string message) {
    return make_error(ErrorCode::kCorrupt, std::move(message)).at(path, line);
  };

  int line_no = 0;
  for (std::size_t pos = 0; pos < all.size();) {
    ++line_no;
    const std::size_t nl = all.find('\n', pos);
    std::string_view line = all.substr(pos, nl == std::string_view::npos ? all.npos : nl - pos);
    pos = nl == std::string_view::npos ? all.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;

    const std::size_t tab1 = line.find('\t');
    const std::size_t tab2 = tab1 == line.npos ? line.npos : line.find('\t', tab1 + 1);
    if (tab2 == line.npos || line.find('\t', tab2 + 1) != line.npos) {
      return corrupt(line_no, "expected 3 tab-separated fields: region_id, kind, points");
    }
    const std::string_view id = line.substr(0, tab1);
    const std::string_view kind_name = line.substr(tab1 + 1, tab2 - tab1 - 1);
    if (!is_region_id(id)) {
      return corrupt(line_no, "region_id \"" + std::string(id.substr(0, 40)) +
                                  "\" is not an ISO 3166 code (A-Z, 0-9, -)");
    }
    Kind kind;
    if (kind_name == "state") {
      kind = Kind::kState;
    } else if (kind_name == "country") {
      kind = Kind::kCountry;
    } else {
      return corrupt(line_no, "kind must be state or country, not \"" +
                                  std::string(kind_name.substr(0, 40)) + "\"");
    }
    Ring ring;
    if (std::string message = parse_ring(line.substr(tab2 + 1), ring); !message.empty()) {
      return corrupt(line_no, std::move(message));
    }

    auto& list = kind == Kind::kState ? states : countries;
    auto [it, added] = index.try_emplace(std::string(id), kind, list.size());
    if (!added && it->second.first != kind) {
      return corrupt(line_no, "region " + std::string(id) + " was given another kind before");
    }
    if (added) {
      Region region;
      region.id = std::string(id);
      region.kind = kind;
      list.push_back(std::move(region));
    }
    Region& region = list[it->second.second];
    extend(region.box, ring.box, region.rings.empty());
    region.rings.push_back(std::move(ring));
  }
  if (countries.empty() && states.empty()) return corrupt(0, "no outline in the file");

  auto outlines = std::make_shared<MapOutlines>();
  outlines->regions = std::move(countries);
  outlines->regions.insert(outlines->regions.end(), std::make_move_iterator(states.begin()),
                           std::make_move_iterator(states.end()));
  return std::shared_ptr<const MapOutlines>(std::move(outlines));
}

GeoBox map_frame(std::span<const MapMarker> markers, const MapOptions& options) {
  const int width = clamp_size(options.width, 640);
  const int height = clamp_size(options.height, 400);
  const double aspect = static_cast<double>(width) / height;
  if (options.frame) {
    GeoBox box = *options.frame;
    if (!(box.north > box.south && box.east > box.west)) box = kBorderRegion;
    return fit_aspect(box, aspect);
  }
  GeoBox box;
  bool any = false;
  for (const MapMarker& m : markers) {
    if (!placeable(m)) continue;
    extend(box, GeoBox{m.lat, m.lon, m.lat, m.lon}, !any);
    any = true;
  }
  if (!any) return fit_aspect(kBorderRegion, aspect);

  // In projected degrees (longitude scaled by cos(latitude)): pad, widen to the aspect ratio, then
  // grow to the minimum span across the longer side.
  const double c = cos_mid_latitude(box);
  const double margin_px = static_cast<double>(marker_radius(width) + 2);
  double half_w = (box.east - box.west) * c * (0.5 + kPadding);
  double half_h = (box.north - box.south) * (0.5 + kPadding);
  half_w = std::max(half_w, half_span_for_margin((box.east - box.west) * c / 2, margin_px, width));
  half_h = std::max(half_h, half_span_for_margin((box.north - box.south) / 2, margin_px, height));
  if (half_w < half_h * aspect) {
    half_w = half_h * aspect;
  } else {
    half_h = half_w / aspect;
  }
  const double longer = 2 * std::max(half_w, half_h);
  if (longer < kMinSpanDeg) {
    half_w = aspect >= 1 ? kMinSpanDeg / 2 : kMinSpanDeg / 2 * aspect;
    half_h = half_w / aspect;
  }
  const double mid_lat = (box.south + box.north) / 2;
  const double mid_lon = (box.west + box.east) / 2;
  GeoBox frame{mid_lat - half_h, mid_lon - half_w / c, mid_lat + half_h, mid_lon + half_w / c};
  frame.south = std::max(frame.south, -kMaxLat);
  frame.north = std::min(frame.north, kMaxLat);
  return frame;
}

std::string render_map_svg(const MapOutlines& outlines, std::span<const MapMarker> markers,
                           const MapOptions& options) {
  const int width = clamp_size(options.width, 640);
  const int height = clamp_size(options.height, 400);
  const GeoBox frame = map_frame(markers, options);
  const Projection proj(frame, width, height);

  std::vector<const MapMarker*> shown;
  for (const MapMarker& m : markers) {
    if (!placeable(m)) continue;
    if (m.lat < frame.south || m.lat > frame.north || m.lon < frame.west || m.lon > frame.east) {
      continue;
    }
    shown.push_back(&m);
  }

  std::string out;
  out.reserve(8192);
  const std::string id = options.id.empty() ? std::string("map") : options.id;
  const std::string title_id = id + "-t";
  out += "<svg";
  out += " viewBox=\"0 0 ";
  append_int(out, width);
  out += ' ';
  append_int(out, height);
  out += '"';
  append_int_attr(out, "width", width);
  append_int_attr(out, "height", height);
  append_attr(out, "id", id);
  out += " class=\"map\"";
  out += shown.empty() ? " role=\"img\"" : " role=\"group\"";
  if (!options.title.empty()) {
    append_attr(out, "aria-labelledby", title_id);
  } else if (shown.empty()) {
    out += " aria-hidden=\"true\"";
  }
  out += " direction=\"ltr\">";
  if (!options.title.empty()) {
    out += "<title";
    append_attr(out, "id", title_id);
    out += '>';
    text::escape_text(out, options.title);
    out += "</title>";
  }

  // Outlines. The clip box in degrees is the pixel clip box, for the cheap "wholly outside" test.
  const double x0 = -kClipMargin;
  const double y0 = -kClipMargin;
  const double x1 = width + kClipMargin;
  const double y1 = height + kClipMargin;
  const GeoBox clip_geo{frame.south - kClipMargin / proj.ky, frame.west - kClipMargin / proj.kx,
                        frame.north + kClipMargin / proj.ky, frame.east + kClipMargin / proj.kx};
  out +=
      "<g class=\"land\" fill=\"#e9e5dc\" stroke=\"#fff\" stroke-width=\"1\" "
      "stroke-linejoin=\"round\">";
  std::string d;
  std::vector<Px> px;
  for (const MapOutlines::Region& region : outlines.regions) {
    if (!intersects(region.box, clip_geo)) continue;
    d.clear();
    for (const MapOutlines::Ring& ring : region.rings) {
      if (!intersects(ring.box, clip_geo)) continue;
      px.clear();
      for (const MapOutlines::Point& p : ring.points)
        px.push_back(Px{proj.x(p.lon), proj.y(p.lat)});
      if (contains(clip_geo, ring.box)) {
        append_ring(d, px);
      } else {
        append_ring(d, clip_ring(px, x0, y0, x1, y1));
      }
    }
    if (d.empty()) continue;
    out += "<path";
    if (region.kind == MapOutlines::Kind::kCountry) {
      out += region.id == "MX" ? " class=\"mx\" fill=\"#f5f3ee\"" : " class=\"ctx\" fill=\"#eee\"";
    }
    out += " d=\"";
    out += d;  // digits, spaces, '-' and path commands only
    out += "\"/>";
  }
  out += "</g>";

  // Markers, last first so that the first is drawn on top.
  if (!shown.empty()) {
    const std::int64_t r = marker_radius(width);
    const std::int64_t font = std::llround(static_cast<double>(r) * 1.125);
    const std::int64_t baseline = std::llround(static_cast<double>(font) * 0.35);
    out += "<g class=\"mk\" fill=\"#fff\" font-family=\"sans-serif\" font-weight=\"bold\"";
    append_int_attr(out, "font-size", font);
    out += " text-anchor=\"middle\">";
    for (auto it = shown.rbegin(); it != shown.rend(); ++it) {
      const MapMarker& m = **it;
      const std::int64_t x = std::llround(proj.x(m.lon));
      const std::int64_t y = std::llround(proj.y(m.lat));
      out += "<a";
      append_attr(out, "href", m.href);
      out += '>';
      if (!m.label.empty()) {
        out += "<title>";
        text::escape_text(out, m.label);
        out += "</title>";
      }
      out += "<circle";
      append_int_attr(out, "cx", x);
      append_int_attr(out, "cy", y);
      append_int_attr(out, "r", r);
      out += " fill=\"#1d4f91\" stroke=\"#fff\" stroke-width=\"1.5\"/><text";
      append_int_attr(out, "x", x);
      append_int_attr(out, "y", y + baseline);
      out += '>';
      append_int(out, m.number);
      out += "</text></a>";
    }
    out += "</g>";
  }
  out += "</svg>";
  return out;
}

}  // namespace amparo::web::views
