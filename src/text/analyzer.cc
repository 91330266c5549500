#include "text/analyzer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <xapian.h>

#include <algorithm>
#include <fstream>
#include <map>

namespace smartgov {
namespace {

bool IsHan(UChar32 c) {
  return u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) || (c >= 0x3400 && c <= 0x9FFF);
}

// Common English function words that say nothing about which service is meant.
constexpr std::string_view kStopWords[] = {
    "a",    "an",    "the",   "and",    "or",    "but",  "is",    "are",    "was",   "were",
    "be",   "been",  "am",    "do",     "does",  "did",  "i",     "me",     "my",    "we",
    "our",  "you",   "your",  "it",     "its",   "to",   "of",    "for",    "in",    "on",
    "at",   "by",    "with",  "from",   "as",    "that", "this",  "these",  "those", "what",
    "how",  "can",   "could", "should", "would", "will", "shall", "may",    "there", "if",
    "so",   "about", "any",   "some",   "get",   "need", "want",  "please", "hi",    "hello",
    "he",   "she",   "his",   "her",    "they",  "them", "their", "have",   "has",   "had",
    "s",    "t",     "when",  "where",  "which", "who",  "whom",  "just",   "also",  "into",
    "than", "then",  "im",    "ive",    "dont",  "cant"};

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  std::int32_t i = 0;
  std::string current;
  TokenKind kind = TokenKind::kWord;
  auto flush = [&] {
    if (!current.empty()) tokens.push_back({std::move(current), kind});
    current.clear();
  };
  while (i < length) {
    std::int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) {  // an invalid byte separates, like punctuation
      flush();
      continue;
    }
    TokenKind k;
    if (IsHan(c)) {
      k = TokenKind::kHan;
    } else if (u_isalnum(c) || u_charType(c) == U_NON_SPACING_MARK) {
      k = TokenKind::kWord;
    } else {
      flush();
      continue;
    }
    if (!current.empty() && k != kind) flush();
    kind = k;
    current.append(
        text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
  }
  flush();
  return tokens;
}

Result<std::unique_ptr<TextAnalyzer>> TextAnalyzer::Create(const TextData& data) {
  std::unique_ptr<TextAnalyzer> a(new TextAnalyzer());
  SG_ASSIGN_OR_RETURN(a->normalizer_, TextNormalizer::Create(data.variants));
  if (!data.cantonese.empty()) {
    SG_ASSIGN_OR_RETURN(auto pairs, ReadPairsFile(data.cantonese));
    for (auto& [from, to] : pairs) {
      std::string key = a->normalizer_->Normalize(from);
      a->longest_colloquial_ = std::max(a->longest_colloquial_, key.size());
      a->colloquial_[key] = a->normalizer_->Normalize(to);
    }
  }
  if (!data.synonyms.empty()) {
    std::ifstream in(data.synonyms);
    if (!in) return Status::NotFound("cannot read " + data.synonyms);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string> group;
      std::size_t start = 0;
      while (start <= line.size()) {
        auto bar = line.find('|', start);
        std::string member =
            line.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
        member.erase(0, member.find_first_not_of(" \t\r"));
        member.erase(member.find_last_not_of(" \t\r") + 1);
        if (!member.empty()) group.push_back(a->Canonical(member));
        if (bar == std::string::npos) break;
        start = bar + 1;
      }
      if (group.size() >= 2) a->synonym_groups_.push_back(std::move(group));
    }
  }
  for (auto w : kStopWords) a->stop_words_.emplace(w);
  return a;
}

std::string TextAnalyzer::Canonical(std::string_view text) const {
  std::string canonical = normalizer_->Normalize(text);
  if (colloquial_.empty()) return canonical;
  // Twice, so a colloquial form and the written form it becomes end up alike
  // (邊度 -> 哪裏 -> dropped, as 哪裏 itself is).
  std::string once = ReplaceLongest(canonical, colloquial_, longest_colloquial_);
  return ReplaceLongest(once, colloquial_, longest_colloquial_);
}

void TextAnalyzer::AddTerms(std::string_view canonical, std::vector<std::string>* terms,
                            std::vector<std::string>* unigrams,
                            std::vector<std::string>* trigrams) const {
  thread_local Xapian::Stem stemmer("english");
  for (const Token& t : Tokenize(canonical)) {
    if (t.kind == TokenKind::kWord) {
      if (stop_words_.count(t.text) != 0) continue;
      terms->push_back(stemmer(t.text));
      continue;
    }
    // Han run: overlapping bigrams, or the character itself when alone.
    std::vector<std::size_t> starts;
    const auto* s = reinterpret_cast<const std::uint8_t*>(t.text.data());
    const auto len = static_cast<std::int32_t>(t.text.size());
    for (std::int32_t i = 0; i < len;) {
      starts.push_back(static_cast<std::size_t>(i));
      U8_FWD_1(s, i, len);
    }
    starts.push_back(t.text.size());
    std::size_t chars = starts.size() - 1;
    if (trigrams != nullptr) {
      for (std::size_t k = 0; k + 3 <= chars; ++k) {
        trigrams->push_back(t.text.substr(starts[k], starts[k + 3] - starts[k]));
      }
    }
    if (unigrams != nullptr && chars > 1) {
      for (std::size_t k = 0; k + 1 <= chars; ++k) {
        unigrams->push_back(t.text.substr(starts[k], starts[k + 1] - starts[k]));
      }
    }
    if (chars == 1) {
      terms->push_back(t.text);
      continue;
    }
    for (std::size_t k = 0; k + 2 <= chars; ++k) {
      terms->push_back(t.text.substr(starts[k], starts[k + 2] - starts[k]));
    }
  }
}

std::vector<std::string> TextAnalyzer::IndexTerms(std::string_view text) const {
  std::vector<std::string> terms;
  std::vector<std::string> unigrams;
  std::vector<std::string> trigrams;
  AddTerms(Canonical(text), &terms, &unigrams, &trigrams);
  terms.insert(terms.end(), unigrams.begin(), unigrams.end());
  terms.insert(terms.end(), trigrams.begin(), trigrams.end());
  return terms;
}

std::vector<std::string> TextAnalyzer::Synonyms(std::string_view canonical) const {
  std::vector<std::string> out;
  // Pad with spaces so English members match whole words only.
  std::string padded = " " + std::string(canonical) + " ";
  for (auto& ch : padded) {
    if (ch == '?' || ch == ',' || ch == '.' || ch == '!') ch = ' ';
  }
  auto contains = [&](const std::string& member) {
    bool latin =
        std::all_of(member.begin(), member.end(), [](unsigned char c) { return c < 0x80; });
    return latin ? padded.find(" " + member + " ") != std::string::npos
                 : padded.find(member) != std::string::npos;
  };
  for (const auto& group : synonym_groups_) {
    bool hit = std::any_of(group.begin(), group.end(), contains);
    if (!hit) continue;
    for (const auto& member : group) {
      if (!contains(member)) out.push_back(member);
    }
  }
  return out;
}

std::vector<WeightedTerm> TextAnalyzer::QueryTerms(std::string_view query, double synonym_weight,
                                                   double unigram_weight,
                                                   double trigram_weight) const {
  std::string canonical = Canonical(query);
  std::map<std::string, double> weights;
  std::vector<std::string> own;
  std::vector<std::string> unigrams;
  std::vector<std::string> trigrams;
  AddTerms(canonical, &own, unigram_weight > 0 ? &unigrams : nullptr,
           trigram_weight > 0 ? &trigrams : nullptr);
  for (const auto& t : own) weights[t] = std::max(weights[t], 1.0);
  auto add = [&](const std::string& t, double w) {
    auto [it, inserted] = weights.emplace(t, w);
    if (!inserted) it->second = std::max(it->second, w);
  };
  for (const auto& t : unigrams) add(t, unigram_weight);
  for (const auto& t : trigrams) add(t, trigram_weight);
  for (const auto& phrase : Synonyms(canonical)) {
    std::vector<std::string> extra;
    AddTerms(phrase, &extra);
    for (const auto& t : extra) {
      auto [it, inserted] = weights.emplace(t, synonym_weight);
      if (!inserted) it->second = std::max(it->second, synonym_weight);
    }
  }
  std::vector<WeightedTerm> out;
  out.reserve(weights.size());
  for (auto& [term, weight] : weights) out.push_back({term, weight});
  return out;
}

}  // namespace smartgov
