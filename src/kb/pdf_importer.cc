#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>

#include <memory>

#include "core/json.h"
#include "kb/document_importers.h"

namespace smartgov {
namespace {

std::string Utf8(const poppler::ustring& s) {
  poppler::byte_array bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

std::string Squeeze(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

void IgnorePopplerMessage(const std::string&, void*) {}

}  // namespace

Result<KnowledgeEntry> ParsePdf(const std::string& name, std::string_view bytes,
                                const std::string& fallback_id, const std::string& department) {
  // poppler reports damage on stderr as well as by failing; the failure is what we report.
  poppler::set_debug_error_function(IgnorePopplerMessage, nullptr);
  std::vector<char> data(bytes.begin(), bytes.end());
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(data.data(), static_cast<int>(data.size())));
  if (!doc) return Status::InvalidArgument(name + ": not a readable PDF (damaged or truncated)");
  if (doc->is_locked()) return Status::InvalidArgument(name + ": the PDF is password-protected");
  KnowledgeEntry e;
  e.id = fallback_id;
  e.department = department;
  std::size_t han = 0, total = 0;
  for (int i = 0; i < doc->pages(); ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page)
      return Status::InvalidArgument(name + ": page " + std::to_string(i + 1) + " cannot be read");
    std::string text = Squeeze(Utf8(page->text()));
    if (InvalidUtf8Offset(text) != std::string::npos) continue;
    for (unsigned char c : text) {
      total += (c < 0x80 || c >= 0xC0);
      han += (c >= 0xE3 && c <= 0xE9);
    }
    if (!text.empty()) e.passages.push_back({"Page " + std::to_string(i + 1), text, ""});
  }
  if (e.passages.empty()) {
    return Status::InvalidArgument(name + ": the PDF has no text layer (a scan); it needs OCR");
  }
  std::string lang = han * 4 > total ? "zh-Hant" : "en";
  for (auto& p : e.passages) p.lang = lang;
  std::string title = Squeeze(Utf8(doc->info_key("Title")));
  if (title.empty() || InvalidUtf8Offset(title) != std::string::npos) {
    title = e.passages.front().text.substr(0, e.passages.front().text.find(". "));
    if (title.size() > 120) title = title.substr(0, 120);
  }
  LocalizedText& t = e.text[lang];
  t.question = title;
  t.answer = e.passages.front().text.substr(0, 600);
  if (e.department.empty())
    return Status::InvalidArgument(name + ": no department: import with --department");
  SG_RETURN_IF_ERROR(ValidateEntry(e).WithContext(name));
  return e;
}

}  // namespace smartgov
