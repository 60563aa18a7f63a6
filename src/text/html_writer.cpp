#include "text/html_writer.h"

#include <cassert>

#include "text/utf8.h"

namespace amparo::text {
namespace {

// Tag and attribute names come from view code, never from data; anything else is a programming
// error.
[[maybe_unused]] bool is_plain_name(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

const char* entity_for(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return "&#39;";
    default:
      return nullptr;
  }
}

// Escapes the five characters that are special in text or in a quoted attribute, and replaces
// ill-formed UTF-8 with U+FFFD so the page is always valid UTF-8. The same escaping serves both
// contexts.
void escape(std::string& out, std::string_view s) {
  std::size_t run = 0;  // start of the pending run of bytes that are copied as they are
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if ((static_cast<unsigned char>(c) & 0x80) == 0) {
      if (const char* entity = entity_for(c)) {
        out.append(s, run, i - run);
        out += entity;
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
    }
    i += step.length;
  }
  out.append(s, run, s.size() - run);
}

}  // namespace

void escape_text(std::string& out, std::string_view s) { escape(out, s); }

void escape_attr(std::string& out, std::string_view s) { escape(out, s); }

HtmlWriter& HtmlWriter::open(std::string_view tag, std::initializer_list<Attr> attrs) {
  assert(is_plain_name(tag));
  out_ += '<';
  out_ += tag;
  write_attrs(attrs);
  out_ += '>';
  return *this;
}

HtmlWriter& HtmlWriter::close(std::string_view tag) {
  assert(is_plain_name(tag));
  out_ += "</";
  out_ += tag;
  out_ += '>';
  return *this;
}

HtmlWriter& HtmlWriter::empty(std::string_view tag, std::initializer_list<Attr> attrs) {
  return open(tag, attrs);
}

HtmlWriter& HtmlWriter::element(std::string_view tag, std::initializer_list<Attr> attrs,
                                std::string_view text) {
  open(tag, attrs);
  escape(out_, text);
  return close(tag);
}

HtmlWriter& HtmlWriter::text(std::string_view s) {
  escape(out_, s);
  return *this;
}

HtmlWriter& HtmlWriter::raw(std::string_view trusted_html) {
  out_ += trusted_html;
  return *this;
}

void HtmlWriter::write_attrs(std::initializer_list<Attr> attrs) {
  for (const Attr& attr : attrs) {
    assert(is_plain_name(attr.name));
    out_ += ' ';
    out_ += attr.name;
    if (attr.value.data() == nullptr) continue;  // a boolean attribute: the name alone
    out_ += "=\"";
    escape(out_, attr.value);
    out_ += '"';
  }
}

}  // namespace amparo::text
