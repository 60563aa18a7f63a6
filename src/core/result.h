// Errors as values: every fallible operation in amparo's core returns Result<T> (or Status), never
// throws across a module boundary. An Error says what was wrong and, where it applies, where: file,
// line, field.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace amparo {

enum class ErrorCode {
  kInvalidArgument,  // the caller's input is malformed (a bad flag, file row, request field)
  kNotFound,         // a named thing does not exist
  kAlreadyExists,    // a unique thing already exists
  kIo,               // the operating system refused (open, read, write, bind)
  kCorrupt,          // stored data does not have the shape it must have
  kUnavailable,      // a resource is busy or exhausted; retrying may help
  kInternal,         // a broken invariant: a bug in amparo
};

std::string_view error_code_name(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string file;   // empty when no file is involved
  int line = 0;       // 1-based; 0 when not known
  std::string field;  // a column, key or form field; empty when not known

  // "file:line: field: message" with the parts that are known.
  std::string to_string() const;

  Error& at(std::string f, int l = 0) {
    file = std::move(f);
    line = l;
    return *this;
  }
  Error& in_field(std::string f) {
    field = std::move(f);
    return *this;
  }
};

inline Error make_error(ErrorCode code, std::string message) {
  return Error{code, std::move(message), {}, 0, {}};
}

// Holds either a T or an Error. Reading the wrong side is a bug (asserted in debug builds).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, Error> v_;
};

// Result of an operation with no value.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error)
      : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& {
    assert(!ok_);
    return error_;
  }
  Error&& error() && {
    assert(!ok_);
    return std::move(error_);
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

inline Status ok_status() { return Status(); }

}  // namespace amparo

// Propagates an error from an expression yielding a Result/Status.
#define AMPARO_RETURN_IF_ERROR(expr)            \
  do {                                          \
    auto amparo_status_ = (expr);               \
    if (!amparo_status_.ok()) {                 \
      return std::move(amparo_status_).error(); \
    }                                           \
  } while (false)
