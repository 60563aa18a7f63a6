// An HTML writer that escapes by construction: text and attribute values are always escaped for
// their context; unescaped output is only possible through the explicitly named raw().
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace amparo::text {

struct Attr {
  std::string_view name;  // must be a literal-like attribute name: [a-z0-9-]+ (asserted)
  // Escaped for a double-quoted attribute value. A null view (Attr{"selected", {}}) writes a
  // boolean attribute, the name alone; an empty string ("") writes name="".
  std::string_view value;
};

// Both escapers replace ill-formed UTF-8 with U+FFFD, so what they append is always valid UTF-8.
// Appends `s` escaped for HTML text content (& < > and, for safety, " ').
void escape_text(std::string& out, std::string_view s);
// Appends `s` escaped for a double-quoted attribute value (& < > " ').
void escape_attr(std::string& out, std::string_view s);

class HtmlWriter {
 public:
  // Writes into `out`, which must outlive the writer.
  explicit HtmlWriter(std::string& out) : out_(out) {}

  // <tag a="v"...>
  HtmlWriter& open(std::string_view tag, std::initializer_list<Attr> attrs = {});
  // </tag>
  HtmlWriter& close(std::string_view tag);
  // <tag a="v"...> for void elements (meta, link, br, input, img).
  HtmlWriter& empty(std::string_view tag, std::initializer_list<Attr> attrs = {});
  // <tag a="v"...>escaped text</tag>
  HtmlWriter& element(std::string_view tag, std::initializer_list<Attr> attrs,
                      std::string_view text);
  HtmlWriter& element(std::string_view tag, std::string_view text) {
    return element(tag, {}, text);
  }
  // Escaped text.
  HtmlWriter& text(std::string_view s);
  // Trusted markup, written as is: only for HTML amparo produced itself (rendered Markdown, inline
  // CSS).
  HtmlWriter& raw(std::string_view trusted_html);

  std::string& out() { return out_; }

 private:
  void write_attrs(std::initializer_list<Attr> attrs);
  std::string& out_;
};

}  // namespace amparo::text
