// A reader for RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, newlines inside quotes),
// with the line number of each record so that errors can name file, line and field.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace amparo::directory {

struct CsvRecord {
  int line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

// Parses all of `text`. A UTF-8 byte order mark is skipped. Fails on an unterminated quoted field
// or a stray quote inside an unquoted field, naming `file_name` and the line.
Result<std::vector<CsvRecord>> parse_csv(std::string_view text, std::string_view file_name);

// The fields of one line of a simple separated file (TSV, "a|b|c" lists): no quoting, every
// separator splits. Views into `line`.
std::vector<std::string_view> split_fields(std::string_view line, char separator);

// kCorrupt at `path`:`line`:`field` (field may be empty), for a bad row of a data file.
Error row_error(const std::string& path, int line, std::string field, std::string message);

// A parsed CSV file whose first record is the header: fields found by column name.
class CsvTable {
 public:
  // Fails when the file is empty, a column name is repeated, or a required column is absent.
  static Result<CsvTable> from(std::vector<CsvRecord> records, std::string_view file_name,
                               const std::vector<std::string_view>& required_columns);

  std::size_t size() const { return rows_.size(); }
  const CsvRecord& row(std::size_t i) const { return rows_[i]; }
  // The value of `column` in row `i` ("" when the row is short). `column` must be a header name.
  std::string_view get(std::size_t i, std::string_view column) const;
  // Whether the header names `column` (for optional columns).
  bool has(std::string_view column) const;

 private:
  std::vector<std::string> header_;
  std::vector<CsvRecord> rows_;
};

}  // namespace amparo::directory
