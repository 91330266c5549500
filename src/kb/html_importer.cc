#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <regex>

#include "core/json.h"
#include "kb/document_importers.h"
#include "text/normalizer.h"

namespace smartgov {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The charset a page declares in its first bytes, or "".
std::string DeclaredCharset(std::string_view bytes) {
  static const std::regex kCharset(R"(<meta[^>]*charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+))",
                                   std::regex::icase);
  std::string head(bytes.substr(0, 4096));
  std::smatch m;
  if (std::regex_search(head, m, kCharset)) return Lower(m[1].str());
  return "";
}

// A guess from the bytes themselves (ICU's detector), or "".
std::string DetectedCharset(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&status);
  if (U_FAILURE(status)) return "";
  ucsdet_setText(det, bytes.data(),
                 static_cast<int32_t>(std::min<std::size_t>(bytes.size(), 1 << 20)), &status);
  const UCharsetMatch* match = ucsdet_detect(det, &status);
  std::string name = (U_SUCCESS(status) && match != nullptr) ? ucsdet_getName(match, &status) : "";
  ucsdet_close(det);
  return U_SUCCESS(status) ? Lower(name) : "";
}

Result<std::string> ToUtf8(const std::string& name, std::string_view bytes) {
  std::string charset = DeclaredCharset(bytes);
  if (charset.empty()) {
    charset = InvalidUtf8Offset(bytes) == std::string_view::npos ? "utf-8" : DetectedCharset(bytes);
  }
  if (charset.empty())
    return Status::InvalidArgument(name + ": cannot tell the page's character set");
  if (charset == "utf-8" || charset == "utf8") {
    std::size_t bad = InvalidUtf8Offset(bytes);
    if (bad != std::string_view::npos) {
      return Status::InvalidArgument(name + ": declared UTF-8 but byte " + std::to_string(bad) +
                                     " is not UTF-8");
    }
    return std::string(bytes);
  }
  // Big5 pages in Hong Kong often use HKSCS characters; ICU's big5-hkscs is a superset.
  if (charset == "big5") charset = "big5-hkscs";
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString text(bytes.data(), static_cast<int32_t>(bytes.size()), charset.c_str());
  if (text.isBogus())
    return Status::InvalidArgument(name + ": unknown character set '" + charset + "'");
  (void)status;
  std::string out;
  text.toUTF8String(out);
  return out;
}

bool Skipped(const std::string& tag) {
  static constexpr const char* kSkip[] = {"script", "style",    "nav",    "header", "footer",
                                          "aside",  "noscript", "form",   "button", "iframe",
                                          "svg",    "template", "select", "head"};
  return std::any_of(std::begin(kSkip), std::end(kSkip), [&](const char* s) { return tag == s; });
}

bool Block(const std::string& tag) {
  static constexpr const char* kBlock[] = {"p",       "div", "li", "br",    "tr", "td", "th",
                                           "section", "ul",  "ol", "table", "dd", "dt"};
  return std::any_of(std::begin(kBlock), std::end(kBlock), [&](const char* s) { return tag == s; });
}

std::string Attr(xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (v == nullptr) return "";
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

std::string TagOf(xmlNode* n) {
  return n->type == XML_ELEMENT_NODE ? Lower(reinterpret_cast<const char*>(n->name)) : "";
}

std::string TextOf(xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  if (c == nullptr) return "";
  std::string out(reinterpret_cast<const char*>(c));
  xmlFree(c);
  return out;
}

xmlNode* Find(xmlNode* n, const std::function<bool(xmlNode*)>& pred) {
  for (xmlNode* c = n; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (pred(c)) return c;
    if (xmlNode* found = Find(c->children, pred)) return found;
  }
  return nullptr;
}

struct Walker {
  std::vector<Passage> passages;
  Passage current;
  std::string title;
  void Flush() {
    current.text = CollapseWhitespace(current.text);
    if (!current.text.empty()) passages.push_back(current);
    current = Passage{};
  }
  void Walk(xmlNode* n) {
    for (xmlNode* c = n; c != nullptr; c = c->next) {
      if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
        current.text += reinterpret_cast<const char*>(
            c->content ? c->content : reinterpret_cast<const xmlChar*>(""));
        continue;
      }
      if (c->type != XML_ELEMENT_NODE) continue;
      std::string tag = TagOf(c);
      if (Skipped(tag)) continue;
      if (tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6') {
        std::string heading = CollapseWhitespace(TextOf(c));
        if (tag == "h1" && title.empty()) {
          title = heading;
          continue;
        }
        Flush();
        current.heading = heading;
        continue;
      }
      Walk(c->children);
      if (Block(tag)) current.text += "\n";
    }
  }
};

}  // namespace

Result<KnowledgeEntry> ParseHtml(const std::string& name, std::string_view bytes,
                                 const std::string& fallback_id, const std::string& department) {
  SG_ASSIGN_OR_RETURN(std::string utf8, ToUtf8(name, bytes));
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      htmlReadMemory(
          utf8.data(), static_cast<int>(utf8.size()), name.c_str(), "UTF-8",
          HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET),
      xmlFreeDoc);
  if (!doc) return Status::InvalidArgument(name + ": not an HTML document");
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) return Status::InvalidArgument(name + ": empty HTML document");

  KnowledgeEntry e;
  e.id = fallback_id;
  e.department = department;
  std::string lang = Lower(Attr(root, "lang"));
  std::string page_title;
  if (xmlNode* t = Find(root, [](xmlNode* n) { return TagOf(n) == "title"; }))
    page_title = CollapseWhitespace(TextOf(t));
  if (xmlNode* canon = Find(root, [](xmlNode* n) {
        return TagOf(n) == "link" && Lower(Attr(n, "rel")) == "canonical";
      })) {
    e.url = Attr(canon, "href");
  }
  for (xmlNode* m = Find(root, [](xmlNode* n) { return TagOf(n) == "meta"; }); m != nullptr;) {
    std::string key = Lower(Attr(m, "name").empty() ? Attr(m, "property") : Attr(m, "name"));
    if (key == "og:url" && e.url.empty()) e.url = Attr(m, "content");
    if (key == "department" && e.department.empty()) e.department = Attr(m, "content");
    // Next sibling meta, if any.
    xmlNode* next = m->next;
    while (next != nullptr && TagOf(next) != "meta") next = next->next;
    m = next;
  }
  xmlNode* main = Find(root, [](xmlNode* n) {
    std::string tag = TagOf(n);
    return tag == "main" || tag == "article" || Lower(Attr(n, "role")) == "main";
  });
  if (main == nullptr) main = Find(root, [](xmlNode* n) { return TagOf(n) == "body"; });
  if (main == nullptr) main = root;
  Walker walker;
  walker.Walk(main->children);
  walker.Flush();
  if (walker.passages.empty()) return Status::InvalidArgument(name + ": the page has no main text");

  std::string text_lang = lang.starts_with("zh") ? "zh-Hant" : "en";
  if (lang.empty()) {
    // No declaration: count Han characters.
    std::size_t han = 0, total = 0;
    for (const auto& p : walker.passages) {
      for (unsigned char c : p.text) {
        total += (c < 0x80 || c >= 0xC0);
        han += (c >= 0xE3 && c <= 0xE9);
      }
    }
    text_lang = han * 4 > total ? "zh-Hant" : "en";
  }
  for (auto& p : walker.passages) p.lang = text_lang;
  e.passages = std::move(walker.passages);
  LocalizedText& t = e.text[text_lang];
  t.question = !walker.title.empty() ? walker.title : (!page_title.empty() ? page_title : e.id);
  t.answer = e.passages.front().text.substr(0, 600);
  if (e.department.empty()) {
    return Status::InvalidArgument(
        name + ": no department: import with --department or add <meta name=\"department\">");
  }
  SG_RETURN_IF_ERROR(ValidateEntry(e).WithContext(name));
  return e;
}

}  // namespace smartgov
