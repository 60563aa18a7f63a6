// Free-call codes from detention phones that a public source lists without naming who answers them
// (data/hotlines/seed-2023.csv, described in data/hotlines/SOURCE.md). They are not directory
// records: no organization is attached to them. The /hotlines page shows them beside the
// directory's own speed-dial phones, each with its source, date and status.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace amparo::directory {

struct Hotline {
  std::string code;         // "1845#", or "#566" as the source writes it
  std::string description;  // English, amparo's own words
  std::string source;       // who published the code
  std::string source_date;  // "YYYY", "YYYY-MM" or "YYYY-MM-DD"
  std::string status;       // "listed" | "reported-blocked" (never to be shown as working)
  std::string note;
  int row = 0;  // line of the CSV record
};

// The file under <data_dir> that load_hotlines reads.
inline constexpr std::string_view kHotlinesFile = "hotlines/seed-2023.csv";

// Reads <data_dir>/hotlines/seed-2023.csv (columns code, description_en, source, source_date,
// status, note). Fails, naming file:line:field, on a missing file or column, a code that is not 3
// to 5 digits with one '#' before or after them, a code listed twice, an empty description or
// source, a date not in one of the three forms, or a status other than listed / reported-blocked.
Result<std::vector<Hotline>> load_hotlines(const std::string& data_dir);

}  // namespace amparo::directory
