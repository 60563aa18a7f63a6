#include "text/json_writer.h"

#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <system_error>

#include "text/utf8.h"

namespace amparo::text {
namespace {

constexpr std::string_view kHexDigits = "0123456789abcdef";

void append_unicode_escape(std::string& out, unsigned code) {
  out += "\\u";
  out += kHexDigits[(code >> 12) & 0xF];
  out += kHexDigits[(code >> 8) & 0xF];
  out += kHexDigits[(code >> 4) & 0xF];
  out += kHexDigits[code & 0xF];
}

// The escape for an ASCII byte, or an empty view when it is written as is. Besides what RFC 8259
// requires, < > & are escaped so the JSON can be embedded in an HTML <script> element.
std::string_view short_escape(char c) {
  switch (c) {
    case '"':
      return "\\\"";
    case '\\':
      return "\\\\";
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    case '\b':
      return "\\b";
    case '\f':
      return "\\f";
    default:
      return {};
  }
}

bool needs_unicode_escape(unsigned char c) { return c < 0x20 || c == '<' || c == '>' || c == '&'; }

// LINE SEPARATOR and PARAGRAPH SEPARATOR are valid in JSON strings but end a line in JavaScript
// before ES2019, so they are escaped too.
bool is_line_separator(std::string_view s, std::size_t i) {
  return s.size() - i >= 3 && s[i] == '\xE2' && s[i + 1] == '\x80' &&
         (s[i + 2] == '\xA8' || s[i + 2] == '\xA9');
}

void write_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t run = 0;  // start of the pending run of bytes that are copied as they are
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      const std::string_view esc = short_escape(s[i]);
      if (!esc.empty()) {
        out.append(s, run, i - run);
        out += esc;
        run = i + 1;
      } else if (needs_unicode_escape(c)) {
        out.append(s, run, i - run);
        append_unicode_escape(out, c);
        run = i + 1;
      }
      ++i;
      continue;
    }
    const detail::Utf8Step step = detail::next_utf8(s, i);
    if (!step.valid) {
      out.append(s, run, i - run);
      out += detail::kReplacementCharacter;
      run = i + step.length;
    } else if (is_line_separator(s, i)) {
      out.append(s, run, i - run);
      append_unicode_escape(out, s[i + 2] == '\xA8' ? 0x2028U : 0x2029U);
      run = i + step.length;
    }
    i += step.length;
  }
  out.append(s, run, s.size() - run);
  out += '"';
}

template <typename Number>
void write_number(std::string& out, Number n) {
  std::array<char, 32> buf{};  // enough for any int64, uint64 or shortest double
  const std::to_chars_result r = std::to_chars(buf.data(), buf.data() + buf.size(), n);
  assert(r.ec == std::errc());
  out.append(buf.data(), r.ptr);
}

}  // namespace

// Release builds drop the misuse assertions; the emptiness guards below keep misuse from touching
// memory, at the price of malformed JSON.
void JsonWriter::before_value() {
  if (stack_.empty()) {
    assert(!wrote_top_ && "a JSON text holds one top-level value");
    wrote_top_ = true;
    return;
  }
  switch (stack_.back()) {
    case 'a':
      if (!first_) out_ += ',';
      first_ = false;
      break;
    case 'v':
      stack_.back() = 'o';
      break;
    default:
      assert(false && "a value inside an object needs a key first");
      break;
  }
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  stack_.push_back('o');
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  assert(!stack_.empty() && stack_.back() == 'o' && "end_object without a matching open object");
  if (!stack_.empty()) stack_.pop_back();
  out_ += '}';
  first_ = false;
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  stack_.push_back('a');
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  assert(!stack_.empty() && stack_.back() == 'a' && "end_array without a matching open array");
  if (!stack_.empty()) stack_.pop_back();
  out_ += ']';
  first_ = false;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
  assert(!stack_.empty() && stack_.back() == 'o' && "key outside an object or twice in a row");
  if (!first_) out_ += ',';
  first_ = false;
  write_string(out_, k);
  out_ += ':';
  if (!stack_.empty()) stack_.back() = 'v';
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  before_value();
  write_string(out_, s);
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t n) {
  before_value();
  write_number(out_, n);
  return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t n) {
  before_value();
  write_number(out_, n);
  return *this;
}

JsonWriter& JsonWriter::value(double d) {
  if (!std::isfinite(d)) return null();
  before_value();
  write_number(out_, d);
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  before_value();
  out_ += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

bool JsonWriter::complete() const { return wrote_top_ && stack_.empty(); }

}  // namespace amparo::text
