#include "directory/csv.h"

#include <algorithm>
#include <cassert>

namespace amparo::directory {

Result<std::vector<CsvRecord>> parse_csv(std::string_view text, std::string_view file_name) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRecord> out;
  CsvRecord rec;
  std::string field;
  int line = 1;
  rec.line = 1;
  bool in_quotes = false;
  bool field_was_quoted = false;
  bool record_has_content = false;
  auto end_field = [&] {
    rec.fields.push_back(std::move(field));
    field.clear();
    field_was_quoted = false;
  };
  auto end_record = [&] {
    end_field();
    // A blank line is not a record.
    if (record_has_content || rec.fields.size() > 1 || !rec.fields.front().empty()) {
      out.push_back(std::move(rec));
    }
    rec = CsvRecord{};
    rec.line = line;
    record_has_content = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    switch (c) {
      case '"':
        if (!field.empty() || field_was_quoted) {
          return make_error(
                     ErrorCode::kInvalidArgument,
                     "a quote inside an unquoted field; quote the whole field and double the "
                     "quote")
              .at(std::string(file_name), line)
              .in_field("column " + std::to_string(rec.fields.size() + 1));
        }
        in_quotes = true;
        field_was_quoted = true;
        record_has_content = true;
        break;
      case ',':
        end_field();
        record_has_content = true;
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;  // CRLF: the LF ends the record
        field += c;
        break;
      case '\n':
        ++line;
        end_record();
        break;
      default:
        if (field_was_quoted) {
          return make_error(ErrorCode::kInvalidArgument, "text after a closing quote")
              .at(std::string(file_name), line)
              .in_field("column " + std::to_string(rec.fields.size() + 1));
        }
        field += c;
        break;
    }
  }
  if (in_quotes) {
    return make_error(ErrorCode::kInvalidArgument, "a quoted field is never closed")
        .at(std::string(file_name), rec.line);
  }
  if (!field.empty() || field_was_quoted || !rec.fields.empty() || record_has_content) end_record();
  return out;
}

Result<CsvTable> CsvTable::from(std::vector<CsvRecord> records, std::string_view file_name,
                                const std::vector<std::string_view>& required_columns) {
  if (records.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "the file is empty; expected a header row")
        .at(std::string(file_name), 1);
  }
  CsvTable t;
  t.header_ = std::move(records.front().fields);
  for (std::size_t i = 0; i < t.header_.size(); ++i) {
    if (std::count(t.header_.begin(), t.header_.end(), t.header_[i]) > 1) {
      return make_error(ErrorCode::kInvalidArgument, "the column name is repeated in the header")
          .at(std::string(file_name), 1)
          .in_field(t.header_[i]);
    }
  }
  for (auto col : required_columns) {
    if (std::find(t.header_.begin(), t.header_.end(), col) == t.header_.end()) {
      return make_error(ErrorCode::kInvalidArgument, "a required column is missing from the header")
          .at(std::string(file_name), 1)
          .in_field(std::string(col));
    }
  }
  records.erase(records.begin());
  t.rows_ = std::move(records);
  return t;
}

std::string_view CsvTable::get(std::size_t i, std::string_view column) const {
  const auto it = std::find(header_.begin(), header_.end(), column);
  assert(it != header_.end());
  const auto col = static_cast<std::size_t>(it - header_.begin());
  const auto& fields = rows_[i].fields;
  return col < fields.size() ? std::string_view(fields[col]) : std::string_view();
}

std::vector<std::string_view> split_fields(std::string_view line, char separator) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = line.find(separator, start);
    if (end == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return fields;
    }
    fields.push_back(line.substr(start, end - start));
    start = end + 1;
  }
}

Error row_error(const std::string& path, int line, std::string field, std::string message) {
  Error e = make_error(ErrorCode::kCorrupt, std::move(message));
  e.at(path, line).in_field(std::move(field));
  return e;
}

bool CsvTable::has(std::string_view column) const {
  return std::find(header_.begin(), header_.end(), column) != header_.end();
}

}  // namespace amparo::directory
