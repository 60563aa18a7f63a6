#include "store/sqlite/sqlite_db.h"

#include <climits>
#include <utility>

namespace amparo::store::sqlite {
namespace {

// SQLite takes lengths as int; a longer text is refused rather than truncated.
bool fits_int(std::size_t size) { return size <= static_cast<std::size_t>(INT_MAX); }

}  // namespace

void ConnectionCloser::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

void StatementFinalizer::operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }

ErrorCode error_code_for(int sqlite_code) {
  switch (sqlite_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
      return ErrorCode::kUnavailable;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
      return ErrorCode::kInvalidArgument;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_SCHEMA:
      return ErrorCode::kCorrupt;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_PROTOCOL:
      return ErrorCode::kIo;
    case SQLITE_NOTFOUND:
      return ErrorCode::kNotFound;
    default:
      return ErrorCode::kInternal;
  }
}

Result<Connection> Connection::open(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int code = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  // sqlite3_open_v2 hands back a handle even on failure (for the message); it is closed either way.
  std::unique_ptr<sqlite3, ConnectionCloser> db(raw);
  if (code != SQLITE_OK) {
    std::string message = "cannot open database: ";
    message += db ? sqlite3_errmsg(db.get()) : sqlite3_errstr(code);
    return make_error(error_code_for(code), std::move(message)).at(path);
  }
  sqlite3_extended_result_codes(db.get(), 1);
  return Connection(std::move(db), path);
}

Status Connection::exec_script(std::string_view sql) {
  while (!sql.empty()) {
    if (!fits_int(sql.size())) {
      return make_error(ErrorCode::kInvalidArgument, "SQL script too long").at(path_);
    }
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int code =
        sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &raw, &tail);
    if (code != SQLITE_OK) return error(code, "cannot prepare SQL");
    sql.remove_prefix(static_cast<std::size_t>(tail - sql.data()));
    if (raw == nullptr) continue;  // only whitespace or comments were left
    Statement statement(*this, raw);
    AMPARO_RETURN_IF_ERROR(statement.run());
  }
  return ok_status();
}

Result<Statement> Connection::prepare(std::string_view sql) {
  if (!fits_int(sql.size())) {
    return make_error(ErrorCode::kInvalidArgument, "SQL statement too long").at(path_);
  }
  sqlite3_stmt* raw = nullptr;
  const int code =
      sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
  if (code != SQLITE_OK) {
    sqlite3_finalize(raw);
    return error(code, "cannot prepare SQL");
  }
  return Statement(*this, raw);
}

Error Connection::error(int code, std::string_view context) const {
  std::string message(context);
  if (!message.empty()) message += ": ";
  // sqlite3_errmsg describes the connection's latest failure; fall back on the code's description
  // when that failure was not this one.
  message += sqlite3_extended_errcode(db_.get()) == code ? sqlite3_errmsg(db_.get())
                                                         : sqlite3_errstr(code);
  return make_error(error_code_for(code), std::move(message)).at(path_);
}

void Statement::bind_text(int index, std::string_view text) {
  if (text.empty()) {
    note_bind(sqlite3_bind_null(stmt_.get(), index));
    return;
  }
  // nullptr is SQLITE_STATIC: the caller keeps the text alive until reset (see the header).
  note_bind(
      sqlite3_bind_text64(stmt_.get(), index, text.data(), text.size(), nullptr, SQLITE_UTF8));
}

void Statement::bind_optional_double(int index, std::optional<double> value) {
  note_bind(value ? sqlite3_bind_double(stmt_.get(), index, *value)
                  : sqlite3_bind_null(stmt_.get(), index));
}

void Statement::bind_int64(int index, std::int64_t value) {
  note_bind(sqlite3_bind_int64(stmt_.get(), index, value));
}

void Statement::note_bind(int code) {
  if (code != SQLITE_OK && bind_code_ == SQLITE_OK) bind_code_ = code;
}

Result<bool> Statement::step() {
  if (bind_code_ != SQLITE_OK) {
    last_code_ = bind_code_;
    return make_error(error_code_for(bind_code_),
                      std::string("cannot bind a parameter: ") + sqlite3_errstr(bind_code_))
        .at(connection_->path());
  }
  last_code_ = sqlite3_step(stmt_.get());
  if (last_code_ == SQLITE_ROW) return true;
  if (last_code_ == SQLITE_DONE) return false;
  return connection_->error(last_code_, "");
}

Status Statement::run() {
  while (true) {
    Result<bool> row = step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) return ok_status();
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
  bind_code_ = SQLITE_OK;
}

std::string Statement::column_text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_.get(), column);
  if (text == nullptr) return {};
  const int size = sqlite3_column_bytes(stmt_.get(), column);
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

std::optional<double> Statement::column_optional_double(int column) const {
  if (sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_double(stmt_.get(), column);
}

std::int64_t Statement::column_int64(int column) const {
  return sqlite3_column_int64(stmt_.get(), column);
}

Result<Transaction> Transaction::begin(Connection& connection, std::string_view begin_sql) {
  AMPARO_RETURN_IF_ERROR(connection.exec_script(begin_sql));
  return Transaction(connection);
}

Transaction::~Transaction() {
  if (connection_ == nullptr) return;
  // A failed ROLLBACK leaves nothing to undo: SQLite has already rolled the transaction back.
  static_cast<void>(connection_->exec_script("ROLLBACK"));
}

Status Transaction::commit() {
  Connection* connection = connection_;
  AMPARO_RETURN_IF_ERROR(connection->exec_script("COMMIT"));
  connection_ = nullptr;
  return ok_status();
}

Status Transaction::rollback() {
  Connection* connection = connection_;
  connection_ = nullptr;  // once tried, there is nothing left for the destructor to undo
  return connection->exec_script("ROLLBACK");
}

}  // namespace amparo::store::sqlite
