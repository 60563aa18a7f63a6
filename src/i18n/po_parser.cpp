// The gettext PO reader behind parse_po(): one pass over the lines, one message at a time.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "i18n/catalog.h"

namespace amparo::i18n {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_octal(char c) { return c >= '0' && c <= '7'; }

// Which string a continuation line ("...") extends.
enum class Field { kNone, kContext, kId, kIdPlural, kStr };

class PoParser {
 public:
  PoParser(std::string_view text, std::string_view file_name)
      : text_(text), file_name_(file_name) {}

  Result<PoFile> parse() {
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (text_.substr(0, kBom.size()) == kBom) text_.remove_prefix(kBom.size());
    while (!text_.empty()) {
      const std::size_t newline = text_.find('\n');
      const std::string_view line = trim(text_.substr(0, newline));
      text_ = newline == std::string_view::npos ? std::string_view() : text_.substr(newline + 1);
      ++line_;
      if (auto status = parse_line(line); !status.ok()) return std::move(status).error();
    }
    if (auto status = finish_message(); !status.ok()) return std::move(status).error();
    return std::move(file_);
  }

 private:
  Error error(std::string expected) const {
    Error e = make_error(ErrorCode::kInvalidArgument, std::move(expected));
    e.at(std::string(file_name_), line_);
    return e;
  }

  Status parse_line(std::string_view line) {
    if (line.empty()) return ok_status();  // whitespace between tokens, as msgfmt allows
    if (line[0] == '#') {
      // Obsolete (#~) entries and previous-msgid (#|) lines are kept by translation tools for their
      // own use and carry no current message.
      if (line.size() > 1 && (line[1] == '~' || line[1] == '|')) return ok_status();
      AMPARO_RETURN_IF_ERROR(finish_message());
      if (line.size() > 1 && line[1] == ',') parse_flags(line.substr(2));
      return ok_status();
    }
    if (line[0] == '"') return continue_string(line);

    const std::size_t keyword_end = line.find_first_of(" \t\"");
    const std::string_view keyword = line.substr(0, keyword_end);
    const std::string_view rest =
        keyword_end == std::string_view::npos ? std::string_view() : trim(line.substr(keyword_end));
    if (keyword == "msgctxt") return start_context(rest);
    if (keyword == "msgid") return start_id(rest);
    if (keyword == "msgid_plural") return start_id_plural(rest);
    if (keyword == "msgstr") return start_str(rest);
    if (keyword.substr(0, 7) == "msgstr[") return start_indexed_str(keyword, rest);
    return error("expected msgctxt, msgid, msgid_plural, msgstr or a comment");
  }

  void parse_flags(std::string_view flags) {
    while (!flags.empty()) {
      const std::size_t comma = flags.find(',');
      if (trim(flags.substr(0, comma)) == "fuzzy") pending_fuzzy_ = true;
      flags = comma == std::string_view::npos ? std::string_view() : flags.substr(comma + 1);
    }
  }

  // A new msgctxt or msgid after a complete message starts the next one.
  Status finish_if_complete() {
    if (message_ && field_ == Field::kStr) return finish_message();
    return ok_status();
  }

  void begin_message() {
    if (!message_) {
      message_.emplace();
      message_->fuzzy = pending_fuzzy_;
      pending_fuzzy_ = false;
    }
  }

  Status start_context(std::string_view rest) {
    AMPARO_RETURN_IF_ERROR(finish_if_complete());
    if (message_) return error("expected msgstr before the next msgctxt");
    begin_message();
    field_ = Field::kContext;
    return read_string(rest, message_->context);
  }

  Status start_id(std::string_view rest) {
    AMPARO_RETURN_IF_ERROR(finish_if_complete());
    if (message_ && field_ != Field::kContext)
      return error("expected msgstr before the next msgid");
    begin_message();
    field_ = Field::kId;
    message_->line = line_;
    return read_string(rest, message_->id);
  }

  Status start_id_plural(std::string_view rest) {
    if (field_ != Field::kId) return error("expected msgid_plural only directly after msgid");
    field_ = Field::kIdPlural;
    has_plural_ = true;
    return read_string(rest, message_->id_plural);
  }

  Status start_str(std::string_view rest) {
    if (field_ != Field::kId) {
      if (field_ == Field::kIdPlural) return error("expected msgstr[0] after msgid_plural");
      if (field_ == Field::kStr) return error("expected one msgstr per msgid");
      return error("expected msgid before msgstr");
    }
    field_ = Field::kStr;
    message_->strs.emplace_back();
    return read_string(rest, message_->strs.back());
  }

  Status start_indexed_str(std::string_view keyword, std::string_view rest) {
    if (field_ == Field::kId) return error("expected msgstr without an index (no msgid_plural)");
    if (field_ != Field::kIdPlural && !(field_ == Field::kStr && has_plural_)) {
      return error("expected msgid and msgid_plural before msgstr[n]");
    }
    const std::string expected_keyword = "msgstr[" + std::to_string(message_->strs.size()) + "]";
    if (keyword != expected_keyword) return error("expected " + expected_keyword);
    field_ = Field::kStr;
    message_->strs.emplace_back();
    return read_string(rest, message_->strs.back());
  }

  Status continue_string(std::string_view line) {
    switch (field_) {
      case Field::kContext:
        return read_string(line, message_->context);
      case Field::kId:
        return read_string(line, message_->id);
      case Field::kIdPlural:
        return read_string(line, message_->id_plural);
      case Field::kStr:
        return read_string(line, message_->strs.back());
      case Field::kNone:
        break;
    }
    return error("expected msgctxt, msgid or msgstr before a string");
  }

  // Appends the unescaped contents of the quoted string `s` (which must be all of the rest of the
  // line) to `out`.
  Status read_string(std::string_view s, std::string& out) {
    if (s.empty() || s[0] != '"') return error("expected a string in double quotes");
    std::size_t i = 1;
    while (i < s.size() && s[i] != '"') {
      if (s[i] != '\\') {
        out += s[i++];
        continue;
      }
      if (++i == s.size()) break;
      const char c = s[i++];
      switch (c) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '\'':
          out += '\'';
          break;
        case '?':
          out += '?';
          break;
        case 'a':
          out += '\a';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'v':
          out += '\v';
          break;
        case 'x': {
          int value = 0;
          int digits = 0;
          while (i < s.size() && digits < 2 && hex_value(s[i]) >= 0) {
            value = value * 16 + hex_value(s[i++]);
            ++digits;
          }
          if (digits == 0) return error("expected hex digits after \\x");
          out += static_cast<char>(value);
          break;
        }
        default: {
          if (!is_octal(c)) return error(std::string("expected a C escape sequence, found \\") + c);
          int value = c - '0';
          for (int digits = 1; digits < 3 && i < s.size() && is_octal(s[i]); ++digits) {
            value = value * 8 + (s[i++] - '0');
          }
          out += static_cast<char>(value);
          break;
        }
      }
    }
    if (i >= s.size()) return error("expected a closing double quote");
    if (!trim(s.substr(i + 1)).empty()) return error("expected nothing after the closing quote");
    return ok_status();
  }

  // Stores the message being read, if any. The first message without context whose msgid is empty
  // is the header.
  Status finish_message() {
    if (!message_) return ok_status();
    if (field_ != Field::kStr) {
      const int msgid_line = message_->line;
      Error e = error(has_plural_ ? "expected msgstr[0] after msgid_plural" : "expected msgstr");
      if (msgid_line > 0) e.line = msgid_line;
      return e;
    }
    PoMessage message = std::move(*message_);
    message_.reset();
    field_ = Field::kNone;
    const bool plural = has_plural_;
    has_plural_ = false;

    std::string key = message.context.empty() ? message.id : message.context + '\x04' + message.id;
    const auto [it, inserted] = seen_.emplace(std::move(key), message.line);
    if (!inserted) {
      Error e =
          error("expected each msgid once; already defined at line " + std::to_string(it->second));
      e.line = message.line;
      return e;
    }
    if (message.id.empty() && message.context.empty() && !plural) {
      parse_header(message.strs.front());
      return ok_status();
    }
    file_.messages.push_back(std::move(message));
    return ok_status();
  }

  void parse_header(std::string_view text) {
    while (!text.empty()) {
      const std::size_t newline = text.find('\n');
      const std::string_view line = text.substr(0, newline);
      text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      const std::string_view key = trim(line.substr(0, colon));
      if (key.empty()) continue;
      file_.header[std::string(key)] = std::string(trim(line.substr(colon + 1)));
    }
  }

  std::string_view text_;
  std::string_view file_name_;
  int line_ = 0;
  PoFile file_;
  std::optional<PoMessage> message_;  // the message being read
  Field field_ = Field::kNone;        // the string the next continuation line extends
  bool has_plural_ = false;
  bool pending_fuzzy_ = false;                    // a "#, fuzzy" seen before the next message
  std::map<std::string, int, std::less<>> seen_;  // key -> line of its msgid
};

}  // namespace

Result<PoFile> parse_po(std::string_view text, std::string_view file_name) {
  return PoParser(text, file_name).parse();
}

}  // namespace amparo::i18n
