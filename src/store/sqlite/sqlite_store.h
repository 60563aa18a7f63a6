// The SQLite backend of the Store. Private to src/store/ and its tests: the rest of amparo calls
// open_sqlite() in store/store.h.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "core/result.h"
#include "store/sqlite/migrations.h"
#include "store/store.h"

namespace amparo::store::sqlite {

// open_sqlite() with `migrations` (numbered 1, 2, ... without gaps) in place of the embedded ones;
// the newest of them is the version this "binary" knows. For testing the migration runner.
Result<std::unique_ptr<Store>> open_with_migrations(const std::string& path,
                                                    const SqliteOptions& options,
                                                    std::span<const Migration> migrations);

}  // namespace amparo::store::sqlite
