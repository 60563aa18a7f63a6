#include "directory/commands.h"

#include <ostream>

#include "directory/import.h"
#include "store/store.h"

namespace amparo::directory {

int run_import(const ImportCommand& c, std::ostream& out) {
  auto imported = import_file(c.format, c.path);
  if (!imported.ok()) {
    out << "error: " << imported.error().to_string() << "\n";
    out << "nothing was imported\n";
    return 1;
  }
  for (const auto& r : imported->repaired) out << "repaired: " << r.to_string() << "\n";
  for (const auto& r : imported->rejected) out << "rejected: " << r.to_string() << "\n";
  const auto& recs = imported->records;
  out << "read: " << recs.organizations.size() << " organizations, " << recs.services.size()
      << " services, " << recs.locations.size() << " locations, " << recs.phones.size()
      << " phones; " << imported->repaired.size() << " repaired, " << imported->rejected.size()
      << " rejected\n";
  if (!imported->rejected.empty() && !c.skip_bad_rows) {
    out << "error: " << imported->rejected.size()
        << " row(s) rejected; nothing was imported (fix them, or pass --skip-bad-rows to import "
           "the "
           "rest)\n";
    return 1;
  }

  auto db = store::open_sqlite(c.db_path);
  if (!db.ok()) {
    out << "error: " << db.error().to_string() << "\n";
    return 1;
  }
  store::ChangeSet changes;
  changes.upserts = std::move(imported->records);
  store::ApplyOptions options;
  options.dry_run = c.dry_run;
  auto stats = (*db)->apply(changes, {"import", "import", c.format + " " + c.path}, options);
  if (!stats.ok()) {
    out << "error: " << stats.error().to_string() << "\n";
    out << "nothing was imported\n";
    return 1;
  }
  out << (c.dry_run ? "dry run, nothing written: " : "imported: ") << stats->inserted
      << " inserted, " << stats->updated << " updated, " << stats->unchanged << " unchanged\n";
  return 0;
}

int run_export(const ExportCommand& c, std::ostream& out) {
  if (c.format != "csv" && c.format != "json") {
    out << "error: --format must be csv or json, not \"" << c.format << "\"\n";
    return 1;
  }
  store::SqliteOptions o;
  o.create_if_missing = false;
  auto db = store::open_sqlite(c.db_path, o);
  if (!db.ok()) {
    out << "error: " << db.error().to_string() << "\n";
    return 1;
  }
  auto records = (*db)->load_all();
  if (!records.ok()) {
    out << "error: " << records.error().to_string() << "\n";
    return 1;
  }
  auto written = export_hsds(*records, c.dir, c.format);
  if (!written.ok()) {
    out << "error: " << written.error().to_string() << "\n";
    return 1;
  }
  out << "exported " << records->organizations.size() << " organizations, "
      << records->services.size() << " services, " << records->locations.size() << " locations to "
      << c.dir << " (HSDS 3.0, " << c.format << ")\n";
  return 0;
}

}  // namespace amparo::directory
