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

// What an apply did (or, in a dry run, would do). Every upserted record counts once: inserted (its
// id was new), updated (some stored field differed) or unchanged (it matched the stored record
// field for field). `deleted` counts the records the change set names for deletion, not what goes
// with them.
struct ApplyStats {
  std::int64_t inserted = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
  std::int64_t deleted = 0;

  // Whether the directory differs from before: something was inserted, updated or deleted.
  bool changed() const { return inserted > 0 || updated > 0 || deleted > 0; }

  bool operator==(const ApplyStats&) const = default;
};

struct ApplyOptions {
  // Check and count the change set exactly as a real apply would, including every constraint and
  // foreign key, then roll it back: nothing of it stays and no audit record is written.
  bool dry_run = false;
};

class Store {
 public:
  virtual ~Store() = default;

  // The number of the newest migration applied.
  virtual Result<int> schema_version() = 0;

  // Applies `changes` and appends `audit` in one transaction, and says what changed: on any error
  // (a broken foreign key, a constraint, the disk) nothing of it remains and the error names the
  // record (table, id, field). Deleting a record also deletes what it owns (an organization's
  // services and locations, their phones, addresses, ...) and its attributes and translations;
  // deleting a missing record is kNotFound, and a taxonomy or term still in use is refused. An
  // audit entry needs an actor and an action (else kInvalidArgument, before anything is done).
  //
  // The audit record is written only when the directory changed (stats.changed()), with the counts
  // appended to its detail ("<detail>: 3 inserted, 1 updated, 5 unchanged, 0 deleted"); applying
  // the same change set again leaves no trace. With options.dry_run everything is checked and
  // counted inside the transaction, which is then rolled back: the same stats or the same error as
  // a real apply, and nothing stays.
  virtual Result<ApplyStats> apply(const ChangeSet& changes, const AuditEntry& audit,
                                   const ApplyOptions& options = {}) = 0;

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
