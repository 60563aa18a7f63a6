// The help finder's map: loading the bundled outlines, fitting the frame, the SVG it writes (links,
// escaping, well-formedness, clipping) and its byte budget.
#include "web/views/map.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace amparo::web::views {
namespace {

namespace fs = std::filesystem;

const MapOutlines& bundled() {
  static const std::shared_ptr<const MapOutlines> outlines = [] {
    auto loaded = MapOutlines::load(std::string(AMPARO_SOURCE_DIR) + "/data");
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.error().to_string();
      std::abort();
    }
    return *loaded;
  }();
  return *outlines;
}

// The size of `s` as gzip (level 9), as the server sends it.
std::size_t gzip_size(const std::string& s) {
  z_stream z{};
  if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return 0;
  std::string out(deflateBound(&z, static_cast<uLong>(s.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
  z.avail_in = static_cast<uInt>(s.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  const std::size_t n = z.total_out;
  deflateEnd(&z);
  return rc == Z_STREAM_END ? n : 0;
}

// A tiny XML well-formedness check: balanced and properly nested tags, quoted attributes without
// '<', and only the five predefined or numeric entities. Returns "" or what is wrong.
std::string xml_problem(const std::string& s) {
  std::vector<std::string> open;
  int roots = 0;
  const auto entity_ok = [&](std::size_t amp) {
    static const std::regex entity("^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");
    return std::regex_search(s.begin() + static_cast<std::ptrdiff_t>(amp), s.end(), entity);
  };
  const auto is_name = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':' || c == '_';
  };
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '&') {
      if (!entity_ok(i)) return "bad entity at " + std::to_string(i);
      ++i;
      continue;
    }
    if (s[i] != '<') {
      if (open.empty() && !std::isspace(static_cast<unsigned char>(s[i])))
        return "text outside the root at " + std::to_string(i);
      ++i;
      continue;
    }
    const bool closing = i + 1 < s.size() && s[i + 1] == '/';
    std::size_t j = i + (closing ? 2 : 1);
    const std::size_t name_start = j;
    while (j < s.size() && is_name(s[j])) ++j;
    const std::string name = s.substr(name_start, j - name_start);
    if (name.empty()) return "empty tag name at " + std::to_string(i);
    if (closing) {
      if (j >= s.size() || s[j] != '>') return "bad end tag at " + std::to_string(i);
      if (open.empty() || open.back() != name) return "unbalanced </" + name + ">";
      open.pop_back();
      i = j + 1;
      continue;
    }
    std::set<std::string> attrs;
    while (true) {
      while (j < s.size() && s[j] == ' ') ++j;
      if (j >= s.size()) return "unterminated tag <" + name;
      if (s[j] == '>' || (s[j] == '/' && j + 1 < s.size() && s[j + 1] == '>')) break;
      const std::size_t a = j;
      while (j < s.size() && is_name(s[j])) ++j;
      if (a == j || j + 1 >= s.size() || s[j] != '=' || s[j + 1] != '"')
        return "bad attribute in <" + name + " at " + std::to_string(a);
      const std::string attr = s.substr(a, j - a);
      if (!attrs.insert(attr).second) return "repeated attribute " + attr;
      const std::size_t end = s.find('"', j + 2);
      if (end == std::string::npos) return "unterminated attribute " + attr;
      for (std::size_t k = j + 2; k < end; ++k) {
        if (s[k] == '<') return "'<' in attribute " + attr;
        if (s[k] == '&' && !entity_ok(k)) return "bad entity in attribute " + attr;
      }
      j = end + 1;
      if (j < s.size() && s[j] != ' ' && s[j] != '>' && s[j] != '/')
        return "no space after attribute " + attr;
    }
    if (open.empty()) ++roots;
    if (s[j] == '/') {
      i = j + 2;
    } else {
      open.push_back(name);
      i = j + 1;
    }
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  if (roots != 1) return std::to_string(roots) + " root elements";
  return "";
}

struct Circle {
  long cx, cy, r;
};

std::vector<Circle> circles(const std::string& svg) {
  static const std::regex re(R"re(<circle cx="(-?\d+)" cy="(-?\d+)" r="(\d+)")re");
  std::vector<Circle> out;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator();
       ++it) {
    out.push_back({std::stol((*it)[1]), std::stol((*it)[2]), std::stol((*it)[3])});
  }
  return out;
}

std::vector<std::string> path_data(const std::string& svg) {
  static const std::regex re(R"re(<path[^>]* d="([^"]*)")re");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator();
       ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

// Decodes "Mx y l dx dy ... z ..." into rings of absolute points.
std::vector<std::vector<std::pair<long, long>>> decode_path(const std::string& d) {
  std::vector<std::vector<std::pair<long, long>>> rings;
  std::vector<long> nums;
  char command = 0;
  const auto flush = [&] {
    if (command == 'M') {
      EXPECT_EQ(nums.size(), 2u) << d;
      rings.push_back({{nums.at(0), nums.at(1)}});
    } else if (command == 'l') {
      EXPECT_EQ(nums.size() % 2, 0u) << d;
      for (std::size_t i = 0; i + 1 < nums.size(); i += 2) {
        auto [x, y] = rings.back().back();
        rings.back().emplace_back(x + nums[i], y + nums[i + 1]);
      }
    }
    nums.clear();
  };
  for (std::size_t i = 0; i < d.size();) {
    const char c = d[i];
    if (c == 'M' || c == 'l' || c == 'z') {
      flush();
      command = c;
      ++i;
    } else if (c == ' ') {
      ++i;
    } else {
      std::size_t used = 0;
      nums.push_back(std::stol(d.substr(i), &used));
      i += used;
    }
  }
  flush();
  return rings;
}

struct ViewBox {
  long width, height;
};

ViewBox view_box(const std::string& svg) {
  static const std::regex re(R"re(viewBox="0 0 (\d+) (\d+)")re");
  std::smatch m;
  if (!std::regex_search(svg, m, re)) return {0, 0};
  return {std::stol(m[1]), std::stol(m[2])};
}

MapMarker marker(int n, double lat, double lon, std::string name) {
  return MapMarker{lat, lon, n, "#r" + std::to_string(n), std::to_string(n) + ": " + name};
}

// Twenty listings around Tijuana and San Diego, with names as long as real ones.
std::vector<MapMarker> tijuana_markers() {
  const std::vector<std::tuple<double, double, const char*>> places = {
      {32.5149, -117.0382, "Al Otro Lado, Tijuana"},
      {32.7157, -117.1611, "Jewish Family Service of San Diego"},
      {32.5331, -117.0190, "Casa del Migrante en Tijuana"},
      {32.6401, -117.0842, "Immigrant Defenders Law Center, Chula Vista"},
      {32.5556, -117.0470, "Catholic Charities, San Ysidro"},
      {32.5762, -116.6270, "Albergue Tecate"},
      {32.4981, -116.9640, "Espacio Migrante"},
      {32.7948, -116.9625, "Refugee legal clinic, El Cajon"},
      {32.6781, -117.0992, "National City immigration services"},
      {32.5027, -117.0037, "Instituto Madre Asunta"},
      {32.4900, -116.9300, "Casa Arcoíris"},
      {32.7480, -117.1300, "Haitian Bridge Alliance, San Diego"},
      {32.3600, -117.0550, "Albergue Rosarito"},
      {32.5790, -116.9740, "Otay Mesa Detention Center legal orientation"},
      {32.7200, -117.1500, "American Friends Service Committee"},
      {32.5250, -117.0200, "Desayunador Salesiano Padre Chava"},
      {32.7000, -117.0800, "Southern California Immigration Project"},
      {32.5450, -116.9900, "Ejército de Salvación, Tijuana"},
      {32.8300, -117.1600, "Legal Aid Society of San Diego"},
      {32.5200, -117.0600, "Movimiento Juventud 2000"},
  };
  std::vector<MapMarker> out;
  for (const auto& [lat, lon, name] : places) {
    out.push_back(marker(static_cast<int>(out.size()) + 1, lat, lon, name));
  }
  return out;
}

// Twenty listings along the whole border, Tijuana to Matamoros.
std::vector<MapMarker> border_markers() {
  const std::vector<std::tuple<double, double, const char*>> places = {
      {32.5149, -117.0382, "Al Otro Lado, Tijuana"},
      {32.6789, -115.4989, "Centro de apoyo al migrante, Calexico"},
      {32.6245, -115.4523, "Albergue del Desierto, Mexicali"},
      {32.6927, -114.6277, "Yuma legal services"},
      {31.3404, -110.9343, "Kino Border Initiative, Nogales"},
      {32.2226, -110.9747, "Florence Project, Tucson"},
      {31.3412, -109.5453, "Agua Prieta migrant center"},
      {31.7619, -106.4850, "Las Americas Immigrant Advocacy Center, El Paso"},
      {31.6904, -106.4245, "Casa del Migrante, Ciudad Juárez"},
      {32.3199, -106.7637, "Las Cruces immigration help"},
      {29.3627, -100.8968, "Del Rio legal clinic"},
      {29.3232, -100.9522, "Ciudad Acuña shelter"},
      {28.7091, -100.4995, "Eagle Pass immigration services"},
      {28.7000, -100.5236, "Casa del Migrante, Piedras Negras"},
      {27.5306, -99.4803, "Laredo legal aid"},
      {27.4763, -99.5164, "Nuevo Laredo shelter"},
      {26.2034, -98.2300, "McAllen Catholic Charities respite center"},
      {26.0923, -98.2776, "Senda de Vida, Reynosa"},
      {25.9017, -97.4975, "ProBAR, Brownsville"},
      {25.8690, -97.5027, "Matamoros humanitarian aid"},
  };
  std::vector<MapMarker> out;
  for (const auto& [lat, lon, name] : places) {
    out.push_back(marker(static_cast<int>(out.size()) + 1, lat, lon, name));
  }
  return out;
}

MapOptions titled(std::string title) {
  MapOptions o;
  o.title = std::move(title);
  return o;
}

void expect_markers_inside(const std::string& svg, std::size_t expected) {
  const ViewBox vb = view_box(svg);
  const auto cs = circles(svg);
  EXPECT_EQ(cs.size(), expected);
  for (const Circle& c : cs) {
    EXPECT_GE(c.cx - c.r, 0) << svg.substr(0, 80);
    EXPECT_LE(c.cx + c.r, vb.width);
    EXPECT_GE(c.cy - c.r, 0);
    EXPECT_LE(c.cy + c.r, vb.height);
  }
}

TEST(MapOutlinesTest, LoadsTheBundledOutlines) {
  const MapOutlines& o = bundled();
  std::map<std::string, const MapOutlines::Region*> by_id;
  for (const auto& r : o.regions) by_id[r.id] = &r;
  int states = 0;
  for (const auto& r : o.regions) states += r.kind == MapOutlines::Kind::kState ? 1 : 0;
  EXPECT_GE(states, 51);  // 50 states and DC, at least
  for (const char* id : {"US-CA", "US-AZ", "US-NM", "US-TX", "US-AK", "US-HI", "US-DC", "MX", "CA",
                         "GT", "BZ", "CU"}) {
    ASSERT_TRUE(by_id.count(id)) << id;
  }
  EXPECT_EQ(by_id["MX"]->kind, MapOutlines::Kind::kCountry);
  EXPECT_EQ(by_id["US-TX"]->kind, MapOutlines::Kind::kState);
  // Texas lies where Texas is.
  const GeoBox tx = by_id["US-TX"]->box;
  EXPECT_NEAR(tx.south, 25.84, 0.1);
  EXPECT_NEAR(tx.north, 36.5, 0.1);
  EXPECT_NEAR(tx.west, -106.65, 0.1);
  EXPECT_NEAR(tx.east, -93.5, 0.1);
  // Countries are drawn first, under the states.
  EXPECT_EQ(o.regions.front().kind, MapOutlines::Kind::kCountry);
  EXPECT_EQ(o.regions.back().kind, MapOutlines::Kind::kState);
}

TEST(MapOutlinesTest, BundledFileStaysSmall) {
  EXPECT_LE(fs::file_size(fs::path(AMPARO_SOURCE_DIR) / "data/map/outlines.tsv"), 400u * 1024u);
}

TEST(MapOutlinesTest, MissingFileIsNotFound) {
  auto r = MapOutlines::load("/nonexistent-amparo-dir");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_NE(r.error().file.find("map/outlines.tsv"), std::string::npos);
}

class MalformedOutlinesTest : public testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(MalformedOutlinesTest, ErrorNamesFileAndLine) {
  const auto [bad_line, expected_message] = GetParam();
  const fs::path dir =
      fs::temp_directory_path() / ("amparo-map-test-" + std::to_string(::getpid()));
  fs::create_directories(dir / "map");
  const fs::path file = dir / "map" / "outlines.tsv";
  {
    std::ofstream f(file, std::ios::binary);
    f << "# comment\n"
      << "MX\tcountry\t-117,32 -114,32 -111,31\n"
      << bad_line << "\n"
      << "US-TX\tstate\t-106,31 -94,30 -97,26\n";
  }
  auto r = MapOutlines::load(dir.string());
  fs::remove_all(dir);
  ASSERT_FALSE(r.ok()) << bad_line;
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(r.error().file, file.string());
  EXPECT_EQ(r.error().line, 3);
  EXPECT_NE(r.error().message.find(expected_message), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().to_string().find("outlines.tsv:3"), std::string::npos)
      << r.error().to_string();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MalformedOutlinesTest,
    testing::Values(
        std::make_pair("US-CA\tstate", "3 tab-separated fields"),
        std::make_pair("US-CA\tstate\t-117,32 -114,32 -111,31\textra", "3 tab-separated fields"),
        std::make_pair("US-CA\tcounty\t-117,32 -114,32 -111,31", "kind must be"),
        std::make_pair("us ca\tstate\t-117,32 -114,32 -111,31", "ISO 3166"),
        std::make_pair("US-CA\tstate\t-117,32 -114;32 -111,31", "point 2 is not lon,lat"),
        std::make_pair("US-CA\tstate\t-117,32 -114,32  -111,31", "point 3 is not"),
        std::make_pair("US-CA\tstate\t-117,32 -214,32 -111,31", "out of range"),
        std::make_pair("US-CA\tstate\t-117,32 -114,nan -111,31", "not lon,lat"),
        std::make_pair("US-CA\tstate\t-117,32 -114,32", "at least 3 points"),
        std::make_pair("MX\tstate\t-117,32 -114,32 -111,31", "another kind")));

TEST(MapOutlinesTest, FileWithoutRingsIsCorrupt) {
  const fs::path dir =
      fs::temp_directory_path() / ("amparo-map-empty-" + std::to_string(::getpid()));
  fs::create_directories(dir / "map");
  { std::ofstream(dir / "map" / "outlines.tsv") << "# nothing\n"; }
  auto r = MapOutlines::load(dir.string());
  fs::remove_all(dir);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
}

TEST(MapSvgTest, MarkersBecomeNumberedLinksWithTheFirstOnTop) {
  const std::vector<MapMarker> ms = {marker(1, 31.34, -110.93, "Kino Border Initiative"),
                                     marker(2, 31.76, -106.48, "Las Americas"),
                                     marker(3, 32.51, -117.04, "Al Otro Lado")};
  const std::string svg = render_map_svg(bundled(), ms, titled("Map"));
  static const std::regex link(
      R"re(<a href="#r(\d+)"><title>(\d+): [^<]*</title><circle [^>]*/><text [^>]*>(\d+)</text></a>)re");
  std::vector<int> order;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), link); it != std::sregex_iterator();
       ++it) {
    EXPECT_EQ((*it)[1], (*it)[2]);
    EXPECT_EQ((*it)[1], (*it)[3]);
    order.push_back(std::stoi((*it)[1]));
  }
  EXPECT_EQ(order, (std::vector<int>{3, 2, 1}));  // drawn last-first: 1 is on top
  EXPECT_NE(svg.find("<title>1: Kino Border Initiative</title>"), std::string::npos);
  EXPECT_NE(svg.find("role=\"group\""), std::string::npos);
}

TEST(MapSvgTest, TextIsEscaped) {
  MapMarker m = marker(1, 32.5, -117.0, "<script>alert(1)</script> & \"Casa\" 'B'");
  m.href = "#r1\"><script>";
  MapOptions o = titled("Map of <b>help</b> & \"more\"");
  o.id = "m\"x";
  const std::vector<MapMarker> ms = {m};
  const std::string svg = render_map_svg(bundled(), ms, o);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Casa&quot; &#39;B&#39;"),
            std::string::npos);
  EXPECT_NE(svg.find("Map of &lt;b&gt;help&lt;/b&gt; &amp; &quot;more&quot;"), std::string::npos);
  EXPECT_NE(svg.find("href=\"#r1&quot;&gt;&lt;script&gt;\""), std::string::npos);
  EXPECT_EQ(xml_problem(svg), "");
}

TEST(MapSvgTest, OutputIsWellFormed) {
  const auto tj = tijuana_markers();
  const auto border = border_markers();
  for (const std::string& svg :
       {render_map_svg(bundled(), {}, titled("Border")), render_map_svg(bundled(), tj, titled("T")),
        render_map_svg(bundled(), border, titled("B")),
        render_map_svg(bundled(), tj, MapOptions{})}) {
    EXPECT_EQ(xml_problem(svg), "") << svg.substr(0, 200);
    EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
    EXPECT_EQ(svg.find("style="), std::string::npos);  // the CSP allows no style attribute
  }
}

TEST(MapSvgTest, XmlCheckCatchesBrokenMarkup) {  // the check above can fail
  EXPECT_NE(xml_problem("<svg><g></svg>"), "");
  EXPECT_NE(xml_problem("<svg><title>a & b</title></svg>"), "");
  EXPECT_NE(xml_problem("<svg a=\"<\"></svg>"), "");
  EXPECT_NE(xml_problem("<svg></svg><svg></svg>"), "");
  EXPECT_EQ(xml_problem("<svg a=\"&amp;\"><g/></svg>"), "");
}

TEST(MapSvgTest, FrameFitPutsEveryMarkerInsideTheViewBox) {
  const std::vector<std::vector<MapMarker>> cases = {
      tijuana_markers(),
      border_markers(),
      {marker(1, 31.34, -110.93, "one")},
      {marker(1, 25.0, -100.0, "tall"), marker(2, 36.0, -100.1, "tall")},
      {marker(1, 32.0, -120.0, "wide"), marker(2, 32.1, -95.0, "wide")},
      {marker(1, 61.2, -149.9, "Anchorage"), marker(2, 58.3, -134.4, "Juneau")},
      {marker(1, 21.3, -157.86, "Honolulu")},
  };
  for (const auto& ms : cases) {
    for (const auto& [w, h] : {std::pair{640, 400}, std::pair{320, 480}, std::pair{800, 200}}) {
      MapOptions o = titled("Map");
      o.width = w;
      o.height = h;
      const std::string svg = render_map_svg(bundled(), ms, o);
      EXPECT_EQ(view_box(svg).width, w);
      EXPECT_EQ(view_box(svg).height, h);
      expect_markers_inside(svg, ms.size());
    }
  }
}

TEST(MapSvgTest, OneMarkerShowsItsSurroundings) {
  const std::vector<MapMarker> ms = {marker(1, 31.34, -110.93, "Kino Border Initiative")};
  const GeoBox f = map_frame(ms, MapOptions{});
  const double across = (f.east - f.west) * std::cos(31.34 * 3.14159265358979 / 180);
  EXPECT_NEAR(across, 1.5, 0.01);  // east-west, the longer side at 640x400
  EXPECT_NEAR(f.north - f.south, 1.5 * 400 / 640, 0.01);
  EXPECT_NEAR((f.north + f.south) / 2, 31.34, 1e-9);
  EXPECT_NEAR((f.east + f.west) / 2, -110.93, 1e-9);
  // Nogales sits on the border: both countries are drawn.
  const std::string svg = render_map_svg(bundled(), ms, titled("Nogales"));
  EXPECT_NE(svg.find("class=\"mx\""), std::string::npos);
  EXPECT_EQ(path_data(svg).size(), 2u);  // Mexico and Arizona
}

TEST(MapSvgTest, NoMarkersShowTheBorderRegion) {
  const GeoBox f = map_frame({}, MapOptions{});
  EXPECT_LE(f.west, -118.0);
  EXPECT_GE(f.east, -96.0);
  EXPECT_LE(f.south, 24.0);
  EXPECT_GE(f.north, 35.0);
  EXPECT_LT(f.east - f.west, 30.0);
  const std::string svg = render_map_svg(bundled(), {}, titled("The border"));
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("aria-labelledby=\"map-t\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"map-t\">The border</title>"), std::string::npos);
  EXPECT_NE(svg.find("class=\"mx\""), std::string::npos);
  EXPECT_EQ(svg.find("<circle"), std::string::npos);
}

TEST(MapSvgTest, IdsComeFromTheOptions) {
  MapOptions o = titled("Results");
  o.id = "results-map";
  EXPECT_NE(render_map_svg(bundled(), {}, o).find("<title id=\"results-map-t\">"),
            std::string::npos);
  o.id = "";
  const std::string svg = render_map_svg(bundled(), {}, o);
  EXPECT_NE(svg.find(" id=\"map\""), std::string::npos);
  EXPECT_NE(svg.find("aria-labelledby=\"map-t\""), std::string::npos);
}

TEST(MapSvgTest, WithoutTitleAMapWithoutMarkersIsDecorative) {
  const std::string svg = render_map_svg(bundled(), {}, MapOptions{});
  EXPECT_NE(svg.find("aria-hidden=\"true\""), std::string::npos);
  EXPECT_EQ(svg.find("<title"), std::string::npos);
  EXPECT_EQ(svg.find("aria-labelledby"), std::string::npos);
}

TEST(MapSvgTest, AGivenFrameLeavesOutMarkersOutsideIt) {
  MapOptions o = titled("Tijuana");
  o.frame = GeoBox{32.2, -117.4, 32.9, -116.5};
  const std::vector<MapMarker> ms = {marker(1, 32.51, -117.04, "Tijuana"),
                                     marker(2, 31.76, -106.48, "El Paso")};
  const std::string svg = render_map_svg(bundled(), ms, o);
  EXPECT_NE(svg.find("href=\"#r1\""), std::string::npos);
  EXPECT_EQ(svg.find("href=\"#r2\""), std::string::npos);
  expect_markers_inside(svg, 1);
}

TEST(MapSvgTest, MarkersWithoutCoordinatesAreLeftOut) {
  const std::vector<MapMarker> ms = {marker(1, 32.51, -117.04, "Tijuana"),
                                     marker(2, std::nan(""), -106.48, "nowhere"),
                                     marker(3, 95.0, -106.48, "beyond the pole")};
  const std::string svg = render_map_svg(bundled(), ms, titled("Map"));
  expect_markers_inside(svg, 1);
  EXPECT_LT(map_frame(ms, MapOptions{}).north, 40.0);
}

TEST(MapSvgTest, OutlinesAreClippedToTheViewBoxAndThinned) {
  for (const auto& ms : {tijuana_markers(), border_markers()}) {
    const std::string svg = render_map_svg(bundled(), ms, titled("Map"));
    const ViewBox vb = view_box(svg);
    const auto paths = path_data(svg);
    ASSERT_FALSE(paths.empty());
    for (const std::string& d : paths) {
      for (const auto& ring : decode_path(d)) {
        ASSERT_GE(ring.size(), 3u) << d;
        for (std::size_t i = 0; i < ring.size(); ++i) {
          const auto [x, y] = ring[i];
          EXPECT_GE(x, -4);
          EXPECT_LE(x, vb.width + 4);
          EXPECT_GE(y, -4);
          EXPECT_LE(y, vb.height + 4);
          if (i > 0) {
            const long dx = x - ring[i - 1].first;
            const long dy = y - ring[i - 1].second;
            EXPECT_GT(dx * dx + dy * dy, 2) << "points closer than 1.5 px";
          }
        }
      }
    }
  }
}

TEST(MapSvgTest, RightToLeftPagesDoNotMirrorTheMarkers) {
  const auto ms = tijuana_markers();
  const std::string svg = render_map_svg(bundled(), ms, titled("خريطة"));
  EXPECT_NE(svg.find(" direction=\"ltr\""), std::string::npos);
  EXPECT_NE(svg.find("text-anchor=\"middle\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"map-t\">خريطة</title>"), std::string::npos);
}

// Sizes of the map alone, as sent: a whole page must stay within 14 KB compressed.
struct Budget {
  const char* name;
  std::vector<MapMarker> markers;
  std::optional<GeoBox> frame;
  std::size_t max_gzip;
};

TEST(MapSvgTest, StaysWithinItsByteBudget) {
  const GeoBox tijuana{32.3, -117.3, 32.9, -116.6};
  const auto tj = tijuana_markers();
  const auto border = border_markers();
  const std::vector<Budget> budgets = {
      {"regional, 0 markers", {}, tijuana, 6 * 1024},
      {"regional, 1 marker", {tj.front()}, std::nullopt, 6 * 1024},
      {"regional, 20 markers", tj, std::nullopt, 6 * 1024},
      {"border, 0 markers", {}, std::nullopt, 9 * 1024},
      {"border, 1 marker", {border[7]}, GeoBox{24, -118, 35, -96}, 9 * 1024},
      {"border, 20 markers", border, std::nullopt, 9 * 1024},
  };
  for (const Budget& b : budgets) {
    MapOptions o = titled("Map of the places listed below");
    o.frame = b.frame;
    const std::string svg = render_map_svg(bundled(), b.markers, o);
    const std::size_t gz = gzip_size(svg);
    std::printf("map size: %-22s raw %6zu  gzip %5zu\n", b.name, svg.size(), gz);
    EXPECT_GT(gz, 0u);
    EXPECT_LE(gz, b.max_gzip) << b.name;
  }
}

}  // namespace
}  // namespace amparo::web::views
