// TextAnalyzer: from any text a citizen or a department writes, to the terms
// the search index stores and matches.
//
//   "我想 renew 張身份證"  --normalise-->  "我想 renew 张身份证"
//                          --colloquial--> (Cantonese forms to written ones)
//                          --terms-->      renew  我想 想张 张身 身份 份证
//
// English words are stemmed and stop words dropped; runs of Han characters
// become overlapping character bigrams (a lone character stands for itself), so
// no dictionary is needed for the index, and long Chinese queries match by
// their parts rather than as one unbroken phrase.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/status.h"
#include "text/normalizer.h"

namespace smartgov {

enum class TokenKind { kWord, kHan };

struct Token {
  std::string text;
  TokenKind kind;
};

// Splits canonical text into runs of letters/digits and runs of Han characters;
// everything else separates.
std::vector<Token> Tokenize(std::string_view text);

struct WeightedTerm {
  std::string term;
  double weight;
};

// Where the analyzer's tables live; each a UTF-8 text file.
struct TextData {
  std::string variants;   // "variant<TAB>canonical"
  std::string cantonese;  // "colloquial<TAB>written" (written may be empty: drop it)
  std::string synonyms;   // "a | b | c": each line a group of equivalent terms
};

// Thread-safe after construction.
class TextAnalyzer {
 public:
  static Result<std::unique_ptr<TextAnalyzer>> Create(const TextData& data);

  // Canonical form plus colloquial Cantonese rewritten as written Chinese.
  std::string Canonical(std::string_view text) const;
  // Terms of `text` for the index, with repeats: words, Han bigrams, and Han
  // single characters and trigrams (which queries may use at lower weights).
  std::vector<std::string> IndexTerms(std::string_view text) const;
  // Terms of a query with weights: its own terms at 1, terms of synonyms of
  // phrases it contains at a lower weight. Repeated terms are merged.
  // `synonym_weight` weighs terms from the synonym table; `unigram_weight`, when
  // positive, adds each Han character of the query as a term of that weight.
  // `trigram_weight`, when positive, adds Han character trigrams (longer matches).
  std::vector<WeightedTerm> QueryTerms(std::string_view query, double synonym_weight = 0.6,
                                       double unigram_weight = 0.0,
                                       double trigram_weight = 0.0) const;

  const TextNormalizer& normalizer() const { return *normalizer_; }

 private:
  TextAnalyzer() = default;
  void AddTerms(std::string_view canonical, std::vector<std::string>* terms,
                std::vector<std::string>* unigrams = nullptr,
                std::vector<std::string>* trigrams = nullptr) const;
  // Canonical phrases equivalent to ones found in `canonical` (not already in it).
  std::vector<std::string> Synonyms(std::string_view canonical) const;

  std::unique_ptr<TextNormalizer> normalizer_;
  std::unordered_map<std::string, std::string> colloquial_;
  std::size_t longest_colloquial_ = 0;
  std::vector<std::vector<std::string>> synonym_groups_;  // canonical members
  std::unordered_set<std::string> stop_words_;
};

}  // namespace smartgov
