#include "directory/hotlines.h"

#include <algorithm>

#include "core/date.h"
#include "core/file.h"
#include "directory/csv.h"

namespace amparo::directory {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "1845#" or "#566": 3 to 5 digits with one '#' after or before them.
bool is_code(std::string_view s) {
  if (s.size() < 4 || s.size() > 6) return false;
  const std::string_view digits =
      s.front() == '#' ? s.substr(1) : (s.back() == '#' ? s.substr(0, s.size() - 1) : "");
  return digits.size() >= 3 && std::all_of(digits.begin(), digits.end(), is_digit);
}

// "2023", "2023-02" or "2023-02-14", a real date.
bool is_source_date(std::string_view s) {
  const auto digits = [&](std::size_t from, std::size_t n) {
    return s.size() >= from + n && std::all_of(s.begin() + static_cast<long>(from),
                                               s.begin() + static_cast<long>(from + n), is_digit);
  };
  if (s.size() == 4) return digits(0, 4);
  if (s.size() == 7) {
    if (!digits(0, 4) || s[4] != '-' || !digits(5, 2)) return false;
    const int month = (s[5] - '0') * 10 + (s[6] - '0');
    return month >= 1 && month <= 12;
  }
  return s.size() == 10 && Date::parse(s).ok();
}

}  // namespace

Result<std::vector<Hotline>> load_hotlines(const std::string& data_dir) {
  const std::string path = data_dir + "/" + std::string(kHotlinesFile);
  auto text = read_file(path);
  if (!text.ok()) return std::move(text).error();
  auto records = parse_csv(*text, path);
  if (!records.ok()) return std::move(records).error();
  auto table =
      CsvTable::from(std::move(*records), path,
                     {"code", "description_en", "source", "source_date", "status", "note"});
  if (!table.ok()) return std::move(table).error();

  std::vector<Hotline> out;
  for (std::size_t i = 0; i < table->size(); ++i) {
    const int line = table->row(i).line;
    const auto bad = [&](const char* field, std::string why) {
      return make_error(ErrorCode::kInvalidArgument, std::move(why)).at(path, line).in_field(field);
    };
    Hotline h;
    h.code = std::string(table->get(i, "code"));
    h.description = std::string(table->get(i, "description_en"));
    h.source = std::string(table->get(i, "source"));
    h.source_date = std::string(table->get(i, "source_date"));
    h.status = std::string(table->get(i, "status"));
    h.note = std::string(table->get(i, "note"));
    h.row = line;
    if (!is_code(h.code)) {
      return bad("code",
                 "\"" + h.code + "\" is not 3 to 5 digits with one '#' before or after them");
    }
    const auto same =
        std::find_if(out.begin(), out.end(), [&](const Hotline& o) { return o.code == h.code; });
    if (same != out.end()) {
      return bad("code",
                 "\"" + h.code + "\" is listed twice (line " + std::to_string(same->row) + ")");
    }
    if (h.description.empty()) return bad("description_en", "no description");
    if (h.source.empty()) return bad("source", "no source");
    if (!is_source_date(h.source_date)) {
      return bad("source_date",
                 "\"" + h.source_date + "\" is not a date as YYYY, YYYY-MM or YYYY-MM-DD");
    }
    if (h.status != "listed" && h.status != "reported-blocked") {
      return bad("status", "\"" + h.status + "\" is not listed or reported-blocked");
    }
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace amparo::directory
