// `amparo check`: validates what a server would load (catalogs, stylesheet, bundled data, and
// optionally a database) and writes a readable report. Problems that stop serving are errors;
// problems that are shown to people in a degraded way (a string in English, a data row left out)
// are warnings.
#pragma once

#include <iosfwd>
#include <string>

namespace amparo::web {

struct CheckOptions {
  std::string home;     // empty: the built-in default
  std::string db_path;  // empty: no database is checked; else it must exist
};

struct CheckResult {
  int errors = 0;
  int warnings = 0;
  int exit_code() const { return errors > 0 ? 1 : 0; }
};

CheckResult run_check(const CheckOptions& options, std::ostream& report);

}  // namespace amparo::web
