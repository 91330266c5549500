// Text from scanned pages and photos of forms, through Tesseract with English
// and Traditional Chinese models (Debian's tesseract-ocr-eng and -chi-tra).
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace smartgov {

// Recognised text of an encoded image (PNG, JPEG, TIFF…). Errors:
// kInvalidArgument when the bytes are not an image, kUnavailable when the
// language models are not installed.
Result<std::string> OcrImage(std::string_view encoded);

// The same for raw pixels: 1 (grey), 3 (RGB) or 4 (RGBA/BGRA) bytes a pixel.
Result<std::string> OcrPixels(const unsigned char* pixels, int width, int height,
                              int bytes_per_pixel, int bytes_per_line);

}  // namespace smartgov
