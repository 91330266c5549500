// TextNormalizer: one canonical form for every way a citizen may write the same
// words, so that the index and the query meet.
//
//   身份證 / 身分證 / 身份证 / ＨＫＩＤ  ->  身份证 / hkid
//
// Steps: Unicode NFKC with case folding (full-width forms become ASCII, letters
// lower-case), Traditional and Hong Kong variants to Simplified with OpenCC's
// hk2s (many-to-one, so it merges rather than splits), then a table of variant
// words that OpenCC keeps apart (身分 -> 身份). Simplified is an internal form only;
// answers are shown in the citizen's own script.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/status.h"

namespace opencc {
class SimpleConverter;
}

namespace smartgov {

// Thread-safe after construction.
class TextNormalizer {
 public:
  // `variants_file`: lines "variant<TAB>canonical" ('#' comments); may be empty.
  // Errors: kUnavailable when OpenCC's data cannot be loaded, kInvalidArgument
  // for a malformed variants file.
  static Result<std::unique_ptr<TextNormalizer>> Create(const std::string& variants_file);
  ~TextNormalizer();

  // The canonical form described above.
  std::string Normalize(std::string_view text) const;
  // NFKC with case folding only.
  static std::string FoldCase(std::string_view text);
  // Script conversions for display.
  std::string ToSimplified(std::string_view text) const;
  std::string ToTraditionalHk(std::string_view text) const;

 private:
  TextNormalizer() = default;
  std::unique_ptr<opencc::SimpleConverter> to_simplified_;
  std::unique_ptr<opencc::SimpleConverter> to_traditional_;
  std::unordered_map<std::string, std::string> variants_;  // canonical-script keys
  std::size_t longest_variant_ = 0;                        // in bytes
};

// Replaces the longest matching keys of `table` in `text`, scanning left to right.
// Keys and values are UTF-8; matching is on code point boundaries.
std::string ReplaceLongest(std::string_view text,
                           const std::unordered_map<std::string, std::string>& table,
                           std::size_t longest_key_bytes);

// Runs of spaces, tabs, line and page breaks become one space; none at either end.
std::string CollapseWhitespace(std::string_view text);

// Reads "a<TAB>b" lines (b may be empty), skipping blank lines and '#' comments.
Result<std::vector<std::pair<std::string, std::string>>> ReadPairsFile(const std::string& path);

}  // namespace smartgov
