#include "text/analyzer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "test_support.h"

namespace smartgov {
namespace {

class AnalyzerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string dir = testing::SourceDir() + "/data/text";
    auto a = TextAnalyzer::Create(
        {dir + "/variants.tsv", dir + "/cantonese.tsv", dir + "/synonyms.tsv"});
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    analyzer_ = std::move(a).value().release();
  }
  static void TearDownTestSuite() { delete analyzer_; }

  static bool HasTerm(const std::vector<WeightedTerm>& terms, const std::string& canonical_term) {
    return std::any_of(terms.begin(), terms.end(),
                       [&](const auto& t) { return t.term == canonical_term; });
  }

  static TextAnalyzer* analyzer_;
};
TextAnalyzer* AnalyzerTest::analyzer_ = nullptr;

TEST_F(AnalyzerTest, ScriptsAndVariantsMeetInOneForm) {
  const std::string canonical = analyzer_->Canonical("身份證");
  for (const char* form : {"身份證", "身分證", "身份证", "身分证"}) {
    EXPECT_EQ(analyzer_->Canonical(form), canonical) << form;
  }
  EXPECT_EQ(analyzer_->Canonical("ＨＫＩＤ　１２３"), "hkid 123");
  EXPECT_EQ(analyzer_->Canonical("衞生署"), analyzer_->Canonical("衛生署"));
}

TEST_F(AnalyzerTest, CantoneseBecomesWrittenChineseWithoutBreakingWrittenWords) {
  struct Case {
    std::string colloquial;
    std::string written;
  };
  const Case kCases[] = {
      {"係咪要帶身份證", "是否需要帶身份證"},
      {"點樣申請公屋", "如何申請公屋"},
      {"身份證唔見咗", "身份證遺失"},
      {"邊度可以攞表格呀", "哪裏可以領取表格"},
      {"幾時截止啦", "何時截止"},
      // Written words that share characters with colloquial forms stay whole.
      {"家庭關係", "家庭關係"},
      {"服務地點", "服務地點"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(analyzer_->Canonical(c.colloquial), analyzer_->Canonical(c.written)) << c.colloquial;
  }
}

TEST_F(AnalyzerTest, TokenizeSplitsWordsAndHanRuns) {
  auto tokens = Tokenize("我想 renew 张身份证, hkid123!");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].text, "我想");
  EXPECT_EQ(tokens[0].kind, TokenKind::kHan);
  EXPECT_EQ(tokens[1].text, "renew");
  EXPECT_EQ(tokens[1].kind, TokenKind::kWord);
  EXPECT_EQ(tokens[2].text, "张身份证");
  EXPECT_EQ(tokens[3].text, "hkid123");
  EXPECT_EQ(tokens[3].kind, TokenKind::kWord);
  EXPECT_TRUE(Tokenize("").empty());
  EXPECT_TRUE(Tokenize("?!, 。").empty());
  EXPECT_EQ(Tokenize("ok\xff"
                     "ok")
                .size(),
            2u);  // an invalid byte separates
}

TEST_F(AnalyzerTest, IndexTermsAreStemsBigramsAndCharacters) {
  auto terms = analyzer_->IndexTerms("Renewing the passports 續期護照");
  auto has = [&](const std::string& t) {
    return std::find(terms.begin(), terms.end(), t) != terms.end();
  };
  EXPECT_TRUE(has("renew"));
  EXPECT_TRUE(has("passport"));
  EXPECT_FALSE(has("the"));
  EXPECT_TRUE(has(analyzer_->Canonical("續期")));
  EXPECT_TRUE(has(analyzer_->Canonical("期護")));
  EXPECT_TRUE(has(analyzer_->Canonical("護")));
}

TEST_F(AnalyzerTest, SynonymsAndCodeMixingReachBothLanguages) {
  auto mixed = analyzer_->QueryTerms("我想 renew 張身份證");
  EXPECT_TRUE(HasTerm(mixed, "renew"));
  EXPECT_TRUE(HasTerm(mixed, analyzer_->Canonical("身份")));
  EXPECT_TRUE(HasTerm(mixed, "hkid")) << "身份證 should bring in HKID";
  auto english = analyzer_->QueryTerms("how to apply for CSSA");
  EXPECT_TRUE(HasTerm(english, analyzer_->Canonical("綜援"))) << "CSSA should bring in 綜援";
  // Whole words only: "tdX" is not the Transport Department.
  auto partial = analyzer_->QueryTerms("tdx license");
  EXPECT_FALSE(HasTerm(partial, analyzer_->Canonical("運輸")));
  for (const auto& t : mixed) {
    EXPECT_GT(t.weight, 0.0);
    EXPECT_LE(t.weight, 1.0);
  }
}

TEST(CollapseWhitespaceTest, RunsBecomeOneSpaceAndEndsAreTrimmed) {
  const std::pair<std::string, std::string> kCases[] = {
      {"", ""},
      {"  \t\n ", ""},
      {"a  b", "a b"},
      {"\n line one\r\n\fline two \t", "line one line two"},
      {"身份證\n\n續期", "身份證 續期"},
  };
  for (const auto& [in, out] : kCases) EXPECT_EQ(CollapseWhitespace(in), out) << in;
}

TEST(AnalyzerFilesTest, BrokenTablesAreReportedWithTheLine) {
  testing::TempDir dir;
  std::string path = dir.path() + "/cantonese.tsv";
  std::ofstream(path) << "# comment\n點樣\t如何\nno tab here\n";
  auto a = TextAnalyzer::Create({"", path, ""});
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find(path + ":3"), std::string::npos) << a.status().message();
  EXPECT_EQ(TextAnalyzer::Create({"", dir.path() + "/missing.tsv", ""}).status().code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace smartgov
