#include "kb/ocr.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>

#include <memory>

namespace smartgov {
namespace {

constexpr const char* kLanguages = "eng+chi_tra";

bool IsHanLead(unsigned char c) { return c >= 0xE3 && c <= 0xE9; }

// Tesseract separates Chinese characters with spaces; written Chinese has none.
std::string JoinHan(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ' ' && !out.empty() && i + 1 < text.size()) {
      // Look back to the lead byte of the previous character.
      std::size_t j = out.size() - 1;
      while (j > 0 && (static_cast<unsigned char>(out[j]) & 0xC0) == 0x80) --j;
      if (IsHanLead(static_cast<unsigned char>(out[j])) &&
          IsHanLead(static_cast<unsigned char>(text[i + 1]))) {
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

Result<std::string> Recognise(tesseract::TessBaseAPI& api) {
  std::unique_ptr<char[]> text(api.GetUTF8Text());
  if (!text) return Status::Internal("OCR produced no result");
  return JoinHan(text.get());
}

Status Init(tesseract::TessBaseAPI& api) {
  if (api.Init(nullptr, kLanguages) != 0) {
    return Status::Unavailable(std::string("OCR models ") + kLanguages +
                               " are not installed (tesseract-ocr-eng, tesseract-ocr-chi-tra)");
  }
  api.SetPageSegMode(tesseract::PSM_AUTO);
  return Status::Ok();
}

}  // namespace

Result<std::string> OcrImage(std::string_view encoded) {
  // Leptonica writes its own complaints to stderr; failures are reported through the Status.
  setMsgSeverity(L_SEVERITY_NONE);
  Pix* pix = pixReadMem(reinterpret_cast<const l_uint8*>(encoded.data()), encoded.size());
  if (pix == nullptr)
    return Status::InvalidArgument("not an image that can be read (PNG, JPEG or TIFF)");
  tesseract::TessBaseAPI api;
  Status s = Init(api);
  if (!s.ok()) {
    pixDestroy(&pix);
    return s;
  }
  api.SetImage(pix);
  int dpi = pixGetXRes(pix);
  api.SetSourceResolution(dpi > 0 ? dpi : 300);
  auto text = Recognise(api);
  api.End();
  pixDestroy(&pix);
  return text;
}

Result<std::string> OcrPixels(const unsigned char* pixels, int width, int height,
                              int bytes_per_pixel, int bytes_per_line) {
  // REQUIRES: the pixels were rendered at 200 dpi (as ParsePdf does).
  tesseract::TessBaseAPI api;
  SG_RETURN_IF_ERROR(Init(api));
  api.SetImage(pixels, width, height, bytes_per_pixel, bytes_per_line);
  api.SetSourceResolution(200);
  auto text = Recognise(api);
  api.End();
  return text;
}

}  // namespace smartgov
