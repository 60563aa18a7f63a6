// A thin RAII layer over the SQLite C API for the SQLite backend: a connection, prepared statements
// with bound parameters, transactions that roll back unless committed, and SQLite errors as amparo
// Errors. Private to src/store/sqlite/. Like a sqlite3 connection, none of these is used by two
// threads at once.
//
// Text convention of the store: an empty string is stored as NULL and NULL reads back as an empty
// string, so records round-trip exactly and NOT NULL marks the fields a record cannot do without.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace amparo::store::sqlite {

struct ConnectionCloser {
  void operator()(sqlite3* db) const;
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const;
};

// The amparo error code for a SQLite result code (primary or extended).
ErrorCode error_code_for(int sqlite_code);

class Statement;

// One open database connection; closes it when destroyed.
class Connection {
 public:
  // Opens `path` with sqlite3_open_v2 `flags`; extended result codes are on.
  static Result<Connection> open(const std::string& path, int flags);

  // Runs every statement of `sql` in order, discarding rows.
  Status exec_script(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);

  // An Error for SQLite result `code`: "<context>: <SQLite's message>" (or SQLite's message alone
  // when `context` is empty), with the database path as file.
  Error error(int code, std::string_view context) const;

  sqlite3* handle() const { return db_.get(); }
  const std::string& path() const { return path_; }

 private:
  Connection(std::unique_ptr<sqlite3, ConnectionCloser> db, std::string path)
      : db_(std::move(db)), path_(std::move(path)) {}

  std::unique_ptr<sqlite3, ConnectionCloser> db_;
  std::string path_;
};

// A prepared statement of one Connection, which must outlive it. Parameters are 1-based, columns
// 0-based. Bound text is not copied: it must stay alive until the statement is reset or destroyed.
class Statement {
 public:
  Statement(Connection& connection, sqlite3_stmt* stmt) : connection_(&connection), stmt_(stmt) {}

  void bind_text(int index, std::string_view text);  // empty binds NULL
  void bind_optional_double(int index, std::optional<double> value);
  void bind_int64(int index, std::int64_t value);

  // A failed bind (say, text longer than SQLite's limit) makes the next step() fail with its code.
  // Advances: true when a row is ready, false when the statement is done. A failure's message is
  // SQLite's own, for the caller to put in context.
  Result<bool> step();
  // Steps until done, for statements that return no rows.
  Status run();
  // Makes the statement ready to run again and clears its bindings.
  void reset();

  std::string column_text(int column) const;  // NULL reads as empty
  std::optional<double> column_optional_double(int column) const;
  std::int64_t column_int64(int column) const;

  // The extended SQLite result code of the last step (SQLITE_ROW, SQLITE_DONE or an error).
  int last_code() const { return last_code_; }

 private:
  void note_bind(int code);

  Connection* connection_;
  std::unique_ptr<sqlite3_stmt, StatementFinalizer> stmt_;
  int last_code_ = SQLITE_OK;
  int bind_code_ = SQLITE_OK;  // the first failed bind since the last reset
};

// A transaction that rolls back when destroyed unless commit() succeeded.
class Transaction {
 public:
  // `begin_sql` is "BEGIN" (reads) or "BEGIN IMMEDIATE" (writes: takes the write lock up front).
  static Result<Transaction> begin(Connection& connection, std::string_view begin_sql);

  Transaction(Transaction&& other) noexcept : connection_(other.connection_) {
    other.connection_ = nullptr;
  }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  Status commit();
  // Undoes the transaction now, reporting a failure the destructor would have to swallow.
  Status rollback();

 private:
  explicit Transaction(Connection& connection) : connection_(&connection) {}

  Connection* connection_;  // null once committed, rolled back or moved from
};

}  // namespace amparo::store::sqlite
