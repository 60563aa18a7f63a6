#include "directory/eoir_common.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdint>

#include "core/date.h"
#include "core/file.h"

namespace amparo::directory::eoir {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The offset of the first byte that does not start a well-formed UTF-8 sequence, or npos.
std::size_t first_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  while (i < s.size()) {
    const unsigned char lead = at(i);
    std::size_t need = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      need = 1;
    } else if (lead == 0xE0) {
      need = 2;
      lo = 0xA0;
    } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
      need = 2;
    } else if (lead == 0xED) {
      need = 2;
      hi = 0x9F;
    } else if (lead == 0xF0) {
      need = 3;
      lo = 0x90;
    } else if (lead >= 0xF1 && lead <= 0xF3) {
      need = 3;
    } else if (lead == 0xF4) {
      need = 3;
      hi = 0x8F;
    } else {
      return i;
    }
    for (std::size_t k = 1; k <= need; ++k) {
      if (i + k >= s.size()) return i;
      const unsigned char c = at(i + k);
      if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) return i;
    }
    i += need + 1;
  }
  return std::string_view::npos;
}

int line_of(std::string_view s, std::size_t offset) {
  return 1 + static_cast<int>(std::count(s.begin(), s.begin() + static_cast<long>(offset), '\n'));
}

Error shape_error(const std::string& path, std::string message) {
  return make_error(ErrorCode::kInvalidArgument, std::move(message)).at(path);
}

// Reads "(ddd) ddd-dddd" / "ddd-ddd-dddd" / "ddd.ddd.dddd" with an optional "1 " before it,
// starting at `i`. On success sets `end` past the last digit and the ten digits.
bool match_number(std::string_view s, std::size_t i, std::size_t& end, std::string& digits) {
  std::size_t p = i;
  if (p + 1 < s.size() && s[p] == '1' && (s[p + 1] == ' ' || s[p + 1] == '-')) {
    const std::size_t q = p + 2;
    if (q < s.size() && (s[q] == '(' || is_digit(s[q]))) p = q;
  }
  const auto take = [&](std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) {
      if (p >= s.size() || !is_digit(s[p])) return false;
      digits.push_back(s[p++]);
    }
    return true;
  };
  digits.clear();
  const bool paren = p < s.size() && s[p] == '(';
  if (paren) ++p;
  if (!take(3)) return false;
  if (paren) {
    if (p >= s.size() || s[p] != ')') return false;
    ++p;
    if (p < s.size() && s[p] == ' ') ++p;
  } else {
    if (p >= s.size() || (s[p] != '-' && s[p] != '.' && s[p] != ' ')) return false;
    ++p;
  }
  if (!take(3)) return false;
  if (p >= s.size() || (s[p] != '-' && s[p] != '.')) return false;
  ++p;
  if (!take(4)) return false;
  if (p < s.size() && is_digit(s[p])) return false;
  end = p;
  return true;
}

// After a number: ", Ext. 264", " ext. 301", " x12". Returns the digits and moves `p`.
std::string match_extension(std::string_view s, std::size_t& p) {
  std::size_t q = p;
  if (q < s.size() && s[q] == ',') ++q;
  while (q < s.size() && s[q] == ' ') ++q;
  std::size_t word = 0;
  for (std::string_view w : {"ext.", "Ext.", "EXT.", "ext", "Ext", "x"}) {
    if (s.substr(q, w.size()) == w) {
      word = w.size();
      break;
    }
  }
  if (word == 0) return {};
  q += word;
  while (q < s.size() && s[q] == ' ') ++q;
  std::string ext;
  while (q < s.size() && is_digit(s[q])) ext.push_back(s[q++]);
  if (!ext.empty()) p = q;
  return ext;
}

}  // namespace

Result<std::vector<std::vector<std::string>>> read_json_rows(const std::string& path,
                                                             std::span<const JsonKey> keys) {
  auto text = read_file(path);
  if (!text) return std::move(text).error();
  const std::string& bytes = *text;
  if (std::all_of(bytes.begin(), bytes.end(), is_space)) {
    return shape_error(path, "empty file: expected a JSON array of objects");
  }
  if (const std::size_t bad = first_invalid_utf8(bytes); bad != std::string_view::npos) {
    return shape_error(path, "invalid UTF-8 at byte " + std::to_string(bad))
        .at(path, line_of(bytes, bad));
  }
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  const simdjson::padded_string padded(bytes);
  if (const auto err = parser.parse(padded).get(root); err) {
    return shape_error(path, std::string("not valid JSON: ") + simdjson::error_message(err));
  }
  simdjson::dom::array array;
  if (root.get_array().get(array)) {
    return shape_error(path, "expected a JSON array of objects at the top level");
  }
  std::vector<std::vector<std::string>> rows;
  int row = 0;
  for (simdjson::dom::element element : array) {
    ++row;
    const std::string where = "row " + std::to_string(row) + ": ";
    simdjson::dom::object object;
    if (element.get_object().get(object)) {
      return shape_error(path, where + "expected an object");
    }
    std::vector<std::string> values;
    values.reserve(keys.size());
    for (const JsonKey& key : keys) {
      simdjson::dom::element value;
      if (object[key.name].get(value)) {
        return shape_error(path, where + "missing key").in_field(std::string(key.name));
      }
      switch (key.kind) {
        case JsonKind::kStringOrNull: {
          std::string_view sv;
          if (value.is_null()) {
            values.emplace_back();
          } else if (!value.get_string().get(sv)) {
            values.emplace_back(sv);
          } else {
            return shape_error(path, where + "expected a string or null")
                .in_field(std::string(key.name));
          }
          break;
        }
        case JsonKind::kBool: {
          bool b = false;
          if (value.get_bool().get(b)) {
            return shape_error(path, where + "expected true or false")
                .in_field(std::string(key.name));
          }
          values.emplace_back(b ? "true" : "false");
          break;
        }
        case JsonKind::kInteger: {
          std::int64_t n = 0;
          if (value.get_int64().get(n)) {
            return shape_error(path, where + "expected an integer").in_field(std::string(key.name));
          }
          values.push_back(std::to_string(n));
          break;
        }
      }
    }
    rows.push_back(std::move(values));
  }
  return rows;
}

std::string squeeze(std::string_view s) {
  std::string out;
  bool gap = false;
  for (char c : s) {
    if (is_space(c)) {
      gap = !out.empty();
      continue;
    }
    if (gap) out.push_back(' ');
    gap = false;
    out.push_back(c);
  }
  return out;
}

std::string slug(std::string_view s) {
  std::string out;
  bool dash = false;
  for (char c : s) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c);
    if (!alnum) {
      dash = !out.empty();
      continue;
    }
    if (dash) out.push_back('-');
    dash = false;
    out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

std::string email_domain(std::string_view email) {
  const std::size_t at = email.find('@');
  if (at == std::string_view::npos) return {};
  std::string d(email.substr(at + 1));
  for (char& c : d) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return squeeze(d);
}

std::string web_host(std::string_view website) {
  std::string_view w = website;
  for (std::string_view prefix : {"https://", "http://"}) {
    if (w.substr(0, prefix.size()) == prefix) w.remove_prefix(prefix.size());
  }
  if (w.substr(0, 4) == "www.") w.remove_prefix(4);
  w = w.substr(0, w.find_first_of("/ ?"));
  std::string out(w);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

PhoneParse parse_phones(std::string_view text) {
  PhoneParse out;
  std::string rest;  // what no number explained; '|' where a number was
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = 0;
    std::string digits;
    if ((is_digit(text[i]) || text[i] == '(') && (i == 0 || !is_digit(text[i - 1])) &&
        match_number(text, i, end, digits)) {
      ParsedPhone phone;
      phone.number =
          "(" + digits.substr(0, 3) + ") " + digits.substr(3, 3) + "-" + digits.substr(6);
      std::size_t p = end;
      phone.extension = match_extension(text, p);
      std::size_t q = p;
      while (q < text.size() && text[q] == ' ') ++q;
      if (q < text.size() && text[q] == '(') {
        const std::size_t close = text.find(')', q);
        const std::size_t stop = close == std::string_view::npos ? text.size() : close;
        phone.note = squeeze(text.substr(q + 1, stop - q - 1));
        p = close == std::string_view::npos ? text.size() : close + 1;
      }
      // NANP: neither the area code nor the exchange starts with 0 or 1.
      if (digits[0] < '2' || digits[3] < '2') {
        out.incomplete.emplace_back(squeeze(text.substr(i, end - i)));
      } else {
        out.phones.push_back(std::move(phone));
      }
      rest.push_back('|');
      i = p;
      continue;
    }
    rest.push_back(text[i]);
    ++i;
  }
  std::size_t start = 0;
  while (start <= rest.size()) {
    const std::size_t bar = std::min(rest.find('|', start), rest.size());
    const std::string piece = squeeze(std::string_view(rest).substr(start, bar - start));
    if (std::any_of(piece.begin(), piece.end(), is_digit)) out.incomplete.push_back(piece);
    start = bar + 1;
  }
  return out;
}

bool is_single_phone(std::string_view text) {
  std::size_t end = 0;
  std::string digits;
  const std::string t = squeeze(text);
  return match_number(t, 0, end, digits) && end == t.size() && digits[0] >= '2' && digits[3] >= '2';
}

std::string us_short_date_to_iso(std::string_view mdy) {
  if (mdy.size() != 8 || mdy[2] != '/' || mdy[5] != '/') return {};
  for (std::size_t k : {0, 1, 3, 4, 6, 7}) {
    if (!is_digit(mdy[k])) return {};
  }
  const auto two = [&](std::size_t k) { return (mdy[k] - '0') * 10 + (mdy[k + 1] - '0'); };
  const int yy = two(6);
  auto date = Date::from_ymd(yy <= 68 ? 2000 + yy : 1900 + yy, two(0), two(3));
  if (!date) return {};
  return date->to_string();
}

ImportIssue issue(const std::string& file, int row, std::string field, std::string reason) {
  return ImportIssue{file, row, std::move(field), std::move(reason)};
}

void add_taxonomy_once(store::Records& records, store::Taxonomy taxonomy) {
  for (const auto& t : records.taxonomies) {
    if (t.id == taxonomy.id) return;
  }
  records.taxonomies.push_back(std::move(taxonomy));
}

void add_term_once(store::Records& records, store::TaxonomyTerm term) {
  for (const auto& t : records.taxonomy_terms) {
    if (t.id == term.id) return;
  }
  records.taxonomy_terms.push_back(std::move(term));
}

}  // namespace amparo::directory::eoir
