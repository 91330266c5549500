#include "text/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <opencc/SimpleConverter.hpp>

#include <fstream>

namespace smartgov {
namespace {

std::size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

}  // namespace

TextNormalizer::~TextNormalizer() = default;

Result<std::unique_ptr<TextNormalizer>> TextNormalizer::Create(const std::string& variants_file) {
  std::unique_ptr<TextNormalizer> n(new TextNormalizer());
  try {
    n->to_simplified_ = std::make_unique<opencc::SimpleConverter>("hk2s.json");
    n->to_traditional_ = std::make_unique<opencc::SimpleConverter>("s2hk.json");
  } catch (const std::exception& e) {
    return Status::Unavailable(
        std::string("cannot load OpenCC conversion data (install opencc): ") + e.what());
  }
  if (!variants_file.empty()) {
    SG_ASSIGN_OR_RETURN(auto pairs, ReadPairsFile(variants_file));
    for (auto& [from, to] : pairs) {
      std::string key = n->to_simplified_->Convert(FoldCase(from));
      std::string value = n->to_simplified_->Convert(FoldCase(to));
      n->longest_variant_ = std::max(n->longest_variant_, key.size());
      n->variants_[key] = value;
    }
  }
  return n;
}

std::string TextNormalizer::FoldCase(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())));
  icu::UnicodeString out = nfkc->normalize(in, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string result;
  out.toUTF8String(result);
  return result;
}

std::string TextNormalizer::Normalize(std::string_view text) const {
  std::string folded = FoldCase(text);
  std::string simplified = to_simplified_->Convert(folded);
  if (variants_.empty()) return simplified;
  return ReplaceLongest(simplified, variants_, longest_variant_);
}

std::string TextNormalizer::ToSimplified(std::string_view text) const {
  return to_simplified_->Convert(std::string(text));
}

std::string TextNormalizer::ToTraditionalHk(std::string_view text) const {
  return to_traditional_->Convert(std::string(text));
}

std::string ReplaceLongest(std::string_view text,
                           const std::unordered_map<std::string, std::string>& table,
                           std::size_t longest_key_bytes) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t best = 0;
    const std::string* replacement = nullptr;
    // Try candidate lengths that end on code point boundaries, longest first.
    std::size_t ends[32];
    std::size_t n = 0;
    for (std::size_t j = i; j < text.size() && j - i < longest_key_bytes && n < 32;) {
      j += Utf8Length(static_cast<unsigned char>(text[j]));
      ends[n++] = std::min(j, text.size());
    }
    for (std::size_t k = n; k-- > 0;) {
      auto it = table.find(std::string(text.substr(i, ends[k] - i)));
      if (it != table.end()) {
        best = ends[k] - i;
        replacement = &it->second;
        break;
      }
    }
    if (replacement != nullptr) {
      out += *replacement;
      i += best;
    } else {
      std::size_t len = Utf8Length(static_cast<unsigned char>(text[i]));
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
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

Result<std::vector<std::pair<std::string, std::string>>> ReadPairsFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read " + path);
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    if (tab == std::string::npos || tab == 0) {
      return Status::InvalidArgument(path + ":" + std::to_string(number) +
                                     ": expected 'from<TAB>to' (to may be empty)");
    }
    pairs.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  return pairs;
}

}  // namespace smartgov
