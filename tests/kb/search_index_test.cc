#include "kb/search_index.h"

#include <gtest/gtest.h>

#include <fstream>

#include "kb/evaluation.h"
#include "test_support.h"

namespace smartgov {
namespace {

class SearchIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string d = testing::SourceDir() + "/data/text";
    auto a = TextAnalyzer::Create({d + "/variants.tsv", d + "/cantonese.tsv", d + "/synonyms.tsv"});
    ASSERT_TRUE(a.ok());
    analyzer_ = std::move(a).value();
    auto index = SearchIndex::Create(dir_.path() + "/index", *analyzer_);
    ASSERT_TRUE(index.ok());
    index_ = std::move(index).value();
    Put({"hkid-renew",
         "immd",
         {"Replacing your smart identity card", "換領智能身份證"},
         {"Residents must replace their identity card when called to the new smart card.",
          "居民須按時換領新智能身份證，可網上預約。"}});
    Put({"passport-lost",
         "immd",
         {"Lost HKSAR passport", "遺失特區護照"},
         {"Report the loss of your passport to the Immigration Department.",
          "遺失護照須向入境處報失。"}});
    Put({"cssa-apply",
         "swd",
         {"Applying for CSSA", "申請綜援"},
         {"Comprehensive Social Security Assistance helps families in need.",
          "綜合社會保障援助幫助有需要的家庭。"}});
    Put({"old-scheme",
         "swd",
         {"Old subsidy scheme", "舊資助計劃"},
         {"A scheme that ended.", "已結束的計劃。"}},
        std::nullopt, 1'000);
    ASSERT_TRUE(index_->Commit().ok());
  }

  void Put(IndexedDocument d, std::optional<Timestamp> from = std::nullopt,
           std::optional<Timestamp> to = std::nullopt) {
    d.valid_from = from;
    d.valid_to = to;
    ASSERT_TRUE(index_->Put(d).ok());
  }

  std::string Top(const std::string& query, SearchOptions options = {}) {
    auto hits = index_->Search(query, options);
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    return hits.ok() && !hits->empty() ? hits->front().id : "";
  }

  testing::TempDir dir_;
  std::unique_ptr<TextAnalyzer> analyzer_;
  std::unique_ptr<SearchIndex> index_;
};

TEST_F(SearchIndexTest, QueriesInEveryScriptFindTheEntry) {
  const std::pair<std::string, std::string> kCases[] = {
      {"how do I replace my identity card", "hkid-renew"},
      {"換領身份證", "hkid-renew"},
      {"换领身份证", "hkid-renew"},
      {"我想查詢智能身份證續期嘅手續", "hkid-renew"},
      {"我想 renew 張身份證", "hkid-renew"},
      {"HKID", "hkid-renew"},
      {"護照唔見咗點算", "passport-lost"},
      {"护照丢失", "passport-lost"},
      {"how to apply for CSSA", "cssa-apply"},
      {"點樣申請綜援", "cssa-apply"},
  };
  for (const auto& [query, id] : kCases) EXPECT_EQ(Top(query), id) << query;
}

TEST_F(SearchIndexTest, ExpiredAndOtherDepartmentsAreLeftOut) {
  EXPECT_EQ(Top("舊資助計劃"), "old-scheme");
  SearchOptions now;
  now.now = 2'000;
  EXPECT_NE(Top("舊資助計劃", now), "old-scheme");
  SearchOptions immd_only;
  immd_only.department = "immd";
  EXPECT_EQ(Top("申請綜援", immd_only).find("cssa"), std::string::npos);
}

TEST_F(SearchIndexTest, PutReplacesAndRemoveDeletes) {
  EXPECT_EQ(index_->size(), 4u);
  ASSERT_TRUE(index_->Put({"cssa-apply", "swd", {"Applying for rates relief"}, {"差餉寬減"}}).ok());
  ASSERT_TRUE(index_->Remove("passport-lost").ok());
  ASSERT_TRUE(index_->Commit().ok());
  EXPECT_EQ(index_->size(), 3u);
  EXPECT_NE(Top("遺失特區護照"), "passport-lost");
  EXPECT_EQ(Top("rates relief"), "cssa-apply");
  // A reader opened on the directory sees the committed state.
  auto reader = SearchIndex::Open(dir_.path() + "/index", *analyzer_);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->size(), 3u);
}

TEST_F(SearchIndexTest, EmptyAndPunctuationQueriesReturnNothing) {
  for (const char* q : {"", "   ", "?!。", "the of and"}) {
    auto hits = index_->Search(q, {});
    ASSERT_TRUE(hits.ok());
    EXPECT_TRUE(hits->empty()) << q;
  }
  EXPECT_FALSE(SearchIndex::Open(dir_.path() + "/nothing-here", *analyzer_).ok());
}

TEST(EvaluationTest, ScoreRankingTable) {
  struct Case {
    std::vector<std::string> ranking;
    std::vector<std::string> relevant;
    double r1, r5, mrr;
  };
  const Case kCases[] = {
      {{"a", "b"}, {"a"}, 1, 1, 1},
      {{"b", "a"}, {"a"}, 0, 1, 0.5},
      {{"b", "c", "d", "e", "f", "a"}, {"a"}, 0, 0, 1.0 / 6},
      {{}, {"a"}, 0, 0, 0},
      {{"a", "x", "b"}, {"a", "b"}, 0.5, 1, 1},
  };
  for (const auto& c : kCases) {
    RankingMetrics m = ScoreRanking(c.ranking, c.relevant);
    EXPECT_DOUBLE_EQ(m.recall_at_1, c.r1);
    EXPECT_DOUBLE_EQ(m.recall_at_5, c.r5);
    EXPECT_DOUBLE_EQ(m.mrr_at_10, c.mrr);
  }
  EXPECT_DOUBLE_EQ(ScoreRanking({"a"}, {"a"}).ndcg_at_10, 1.0);
}

TEST(EvaluationTest, BadFilesNameTheLine) {
  testing::TempDir dir;
  std::string corpus = dir.path() + "/c.jsonl";
  std::ofstream(corpus) << "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\"}\n";
  auto c = ReadEvalCorpus(corpus);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("c.jsonl:2"), std::string::npos) << c.status().message();
  std::string queries = dir.path() + "/q.jsonl";
  std::ofstream(queries) << "{\"qid\":\"1\",\"text\":\"x\",\"relevant\":[]}\n";
  EXPECT_FALSE(ReadEvalQueries(queries).ok());
  std::ofstream(queries) << "not json\n";
  EXPECT_NE(ReadEvalQueries(queries).status().message().find("malformed JSON"), std::string::npos);
}

}  // namespace
}  // namespace smartgov
