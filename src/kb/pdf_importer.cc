#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <memory>

#include "core/json.h"
#include "kb/document_importers.h"
#include "kb/ocr.h"
#include "text/normalizer.h"

namespace smartgov {
namespace {

std::string Utf8(const poppler::ustring& s) {
  poppler::byte_array bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
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
    std::string text = CollapseWhitespace(Utf8(page->text()));
    if (text.empty()) {
      // A scanned page: render it and read it.
      poppler::page_renderer renderer;
      poppler::image image = renderer.render_page(page.get(), 200, 200);
      if (!image.is_valid())
        return Status::InvalidArgument(name + ": page " + std::to_string(i + 1) +
                                       " cannot be rendered");
      SG_ASSIGN_OR_RETURN(std::string ocr,
                          OcrPixels(reinterpret_cast<const unsigned char*>(image.const_data()),
                                    image.width(), image.height(), 4, image.bytes_per_row()));
      text = CollapseWhitespace(ocr);
    }
    if (InvalidUtf8Offset(text) != std::string::npos) continue;
    for (unsigned char c : text) {
      total += (c < 0x80 || c >= 0xC0);
      han += (c >= 0xE3 && c <= 0xE9);
    }
    if (!text.empty()) e.passages.push_back({"Page " + std::to_string(i + 1), text, ""});
  }
  if (e.passages.empty()) {
    return Status::InvalidArgument(name + ": no text found, not even by OCR");
  }
  std::string lang = han * 4 > total ? "zh-Hant" : "en";
  for (auto& p : e.passages) p.lang = lang;
  std::string title = CollapseWhitespace(Utf8(doc->info_key("Title")));
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

Result<KnowledgeEntry> ParseImage(const std::string& name, std::string_view bytes,
                                  const std::string& fallback_id, const std::string& department) {
  auto text = OcrImage(bytes);
  if (!text.ok()) return text.status().WithContext(name);
  KnowledgeEntry e;
  e.id = fallback_id;
  e.department = department;
  std::string first_line = text->substr(0, text->find('\n'));
  std::string body = CollapseWhitespace(*text);
  if (body.empty()) return Status::InvalidArgument(name + ": OCR found no text in the image");
  std::size_t han = 0, total = 0;
  for (unsigned char c : body) {
    total += (c < 0x80 || c >= 0xC0);
    han += (c >= 0xE3 && c <= 0xE9);
  }
  std::string lang = han * 4 > total ? "zh-Hant" : "en";
  e.passages.push_back({"", body, lang});
  e.text[lang] = {CollapseWhitespace(first_line), {}, body.substr(0, 600)};
  if (e.department.empty())
    return Status::InvalidArgument(name + ": no department: import with --department");
  SG_RETURN_IF_ERROR(ValidateEntry(e).WithContext(name));
  return e;
}

}  // namespace smartgov
