// The numbered schema migrations of the SQLite backend, embedded from src/store/migrations/*.sql at
// build time (see embed_migrations.cmake). Private to src/store/sqlite/.
#pragma once

#include <span>
#include <string_view>

namespace amparo::store::sqlite {

struct Migration {
  int version;            // 1, 2, 3, ... in order, without gaps
  std::string_view name;  // from the file name, e.g. "hsds_core"
  std::string_view sql;   // the whole script; run in one transaction
};

// Every migration this binary carries, oldest first. Never empty.
std::span<const Migration> embedded_migrations();

}  // namespace amparo::store::sqlite
