// `amparo import` and `amparo export`: the importers and exporters wired to a store, with a report
// a person can act on. Each returns the process exit code.
#pragma once

#include <iosfwd>
#include <string>

namespace amparo::directory {

struct ImportCommand {
  std::string format;  // see import_file()
  std::string path;
  std::string db_path = "amparo.db";
  bool dry_run = false;  // check and report; write nothing
  bool skip_bad_rows =
      false;  // import the good rows when some are rejected (else nothing is written)
};

// Reads, reports every repaired and rejected row as file:row:field: reason, and applies the records
// in one transaction. Exit code 1, and the database unchanged, when the file cannot be read or has
// the wrong shape, when a row is rejected (unless skip_bad_rows), or when the store refuses the
// records.
int run_import(const ImportCommand& command, std::ostream& out);

struct ExportCommand {
  std::string dir;
  std::string format = "csv";  // csv | json
  std::string db_path = "amparo.db";
};

// Writes the whole directory as HSDS 3.0. Exit code 1 when the database or the folder cannot be
// used.
int run_export(const ExportCommand& command, std::ostream& out);

}  // namespace amparo::directory
