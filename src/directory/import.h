// Importers: public datasets and HSDS files turned into store records, with a report of every row
// that was rejected or repaired. Importers never guess: what a rule cannot repair is reported and
// left out. They only read files and build records; writing them (one transaction) is the caller's
// job.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/records.h"

namespace amparo::directory {

// One row an importer rejected or repaired: "file:row:field: reason".
struct ImportIssue {
  std::string file;
  int row = 0;  // 1-based data row (CSV: line of the record; JSON: index in the array + 1)
  std::string field;
  std::string reason;
  std::string to_string() const;
};

struct ImportResult {
  store::Records records;
  std::vector<ImportIssue> rejected;  // left out
  std::vector<ImportIssue> repaired;  // kept, changed by a named rule
  std::vector<std::string> files;     // files read
};

// The dataset names the EOIR importers write into Provenance::dataset (pages credit them by count).
inline constexpr std::string_view kEoirProBonoDataset =
    "DOJ/EOIR List of Pro Bono Legal Service Providers (July 2026 edition)";
inline constexpr std::string_view kEoirRecognizedDataset =
    "DOJ/EOIR Recognized Organizations roster (2026-09-19)";
// The dataset name of the 2018 border organizations (import_border_orgs_2018).
inline constexpr std::string_view kBorderOrgs2018Dataset =
    "Torn Apart / Separados, allies list (2018)";

// The formats of `amparo import FORMAT PATH`.
//   "hsds"            HSDS 3.0: a tabular datapackage folder (datapackage.json + CSVs) or JSON
//   "hsds-legacy"     the HSDS 1.x/2.0 tabular layout of most 211 exports (mapped to 3.0)
//   "eoir-pro-bono"   the DOJ/EOIR List of Pro Bono Legal Service Providers (JSON)
//   "eoir-recognized" the DOJ roster of recognized organizations (JSON)
//   "facilities"      the immigration detention facility list (CSV)
//   "border-orgs-2018" the Torn Apart / Separados allies list of border organizations (2018 CSV;
//                      old data, marked as such)
// A whole file that cannot be read or has the wrong shape is an Error (file, line, field); bad rows
// are ImportIssues.
Result<ImportResult> import_file(std::string_view format, const std::string& path);

// Each format's importer (import_file dispatches to these).
Result<ImportResult> import_hsds(const std::string& path);
Result<ImportResult> import_hsds_legacy(const std::string& path);
Result<ImportResult> import_eoir_pro_bono(const std::string& path);
Result<ImportResult> import_eoir_recognized(const std::string& path);
Result<ImportResult> import_facilities(const std::string& path);
Result<ImportResult> import_border_orgs_2018(const std::string& path);

// `amparo export hsds DIR --format csv|json`: writes `records` as an HSDS 3.0 tabular datapackage
// (datapackage.json + one CSV per table) or as JSON (one file per entity: organizations.json,
// services.json — full service records — locations.json, ...). Creates DIR if needed.
Status export_hsds(const store::Records& records, const std::string& dir, std::string_view format);

}  // namespace amparo::directory
