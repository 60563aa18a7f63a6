// The store: where the directory lives. One interface, several backends (SQLite embedded by
// default; PostgreSQL later); no backend type appears outside src/store/<backend>/. Implementations
// are used from one thread at a time unless stated otherwise; the public read path never touches
// the store (it reads the immutable snapshot).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/records.h"

namespace amparo::store {

class Store {
 public:
  virtual ~Store() = default;

  // The number of the newest migration applied.
  virtual Result<int> schema_version() = 0;

  // Applies `changes` and appends `audit` in one transaction: on any error (a broken foreign key, a
  // constraint, the disk) nothing of it remains and the error names the record (table, id, field).
  // Deleting a record also deletes what it owns (an organization's services and locations, their
  // phones, addresses, ...) and its attributes and translations; deleting a missing record is
  // kNotFound, and a taxonomy or term still in use is refused.
  virtual Status apply(const ChangeSet& changes, const AuditEntry& audit) = 0;

  virtual Result<RecordCounts> counts() = 0;

  // Every record, ordered by id within each table; for building a snapshot.
  virtual Result<Records> load_all() = 0;

  // The newest `limit` audit records, newest first.
  virtual Result<std::vector<AuditRecord>> audit_log(std::size_t limit) = 0;
};

struct SqliteOptions {
  bool create_if_missing = true;  // else a missing file is kNotFound
  int busy_timeout_ms = 5000;
};

// Opens (creating if allowed) the SQLite database at `path` (":memory:" for a private in-memory
// one), sets WAL, foreign keys and the busy timeout, and applies pending numbered migrations, each
// in its own transaction. A database newer than this binary knows is kCorrupt ("schema version N is
// newer than M").
Result<std::unique_ptr<Store>> open_sqlite(const std::string& path,
                                           const SqliteOptions& options = {});

// The number of the newest migration this binary carries.
int latest_schema_version();

}  // namespace amparo::store
