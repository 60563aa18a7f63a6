// A streaming JSON writer (RFC 8259). Emits compact JSON; strings are escaped, ill-formed UTF-8 is
// replaced with U+FFFD, and '<', '>' and '&' are written as \u003c etc. so output is safe inside
// HTML too.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace amparo::text {

class JsonWriter {
 public:
  // Writes into `out`, which must outlive the writer. Misuse (a value where a key is required,
  // closing the wrong container) is a bug and is asserted.
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(std::int64_t n);
  JsonWriter& value(int n) { return value(static_cast<std::int64_t>(n)); }
  JsonWriter& value(std::uint64_t n);
  JsonWriter& value(double d);  // non-finite values are written as null
  JsonWriter& value(bool b);
  JsonWriter& null();

  // True when every container opened has been closed and one top-level value was written.
  bool complete() const;

 private:
  void before_value();
  std::string& out_;
  // One entry per open container: 'o' object expecting key, 'v' object expecting value, 'a' array.
  std::vector<char> stack_;
  bool first_ = true;  // no element yet in the innermost container
  bool wrote_top_ = false;
};

}  // namespace amparo::text
