#include "directory/import.h"

namespace amparo::directory {

std::string ImportIssue::to_string() const {
  std::string out = file;
  if (row > 0) out += ":" + std::to_string(row);
  if (!field.empty()) out += ":" + field;
  out += ": " + reason;
  return out;
}

Result<ImportResult> import_file(std::string_view format, const std::string& path) {
  if (format == "hsds") return import_hsds(path);
  if (format == "hsds-legacy") return import_hsds_legacy(path);
  if (format == "eoir-pro-bono") return import_eoir_pro_bono(path);
  if (format == "eoir-recognized") return import_eoir_recognized(path);
  if (format == "facilities") return import_facilities(path);
  if (format == "border-orgs-2018") return import_border_orgs_2018(path);
  return make_error(
             ErrorCode::kInvalidArgument,
             "unknown format \"" + std::string(format) +
                 "\"; expected hsds, hsds-legacy, eoir-pro-bono, eoir-recognized, facilities or "
                 "border-orgs-2018")
      .in_field("FORMAT");
}

}  // namespace amparo::directory
