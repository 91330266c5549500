// Importing knowledge files into the store and the index.
#include "kb/knowledge_base.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "kb/importers.h"
#include "test_support.h"

namespace smartgov {
namespace {

std::string Entry(const std::string& id, const std::string& dept, const std::string& question,
                  const std::string& answer, const std::string& extra = "") {
  return R"({"id":")" + id + R"(","department":")" + dept + R"(","url":"https://www.gov.hk/x")" +
         extra + R"(,"en":{"question":")" + question + R"(","answer":")" + answer +
         R"("},"zh-Hant":{"question":"問題","alternatives":["點樣辦"],"answer":"答案"}})";
}

class KnowledgeBaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Config c;
    c.data_dir = dir_.path() + "/data";
    auto store = OpenStore(c);
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    ASSERT_TRUE(store_->Migrate().ok());
    ASSERT_TRUE(store_->CreateDepartment({"immd", "Immigration", "入境處", 1}).ok());
    ASSERT_TRUE(store_->CreateDepartment({"td", "Transport", "運輸署", 1}).ok());
    std::string d = testing::SourceDir() + "/data/text";
    auto a = TextAnalyzer::Create({d + "/variants.tsv", d + "/cantonese.tsv", d + "/synonyms.tsv"});
    ASSERT_TRUE(a.ok());
    analyzer_ = std::move(a).value();
    kb_ = std::make_unique<KnowledgeBase>(*store_, *analyzer_, clock_, dir_.path() + "/index");
    ASSERT_TRUE(kb_->RebuildIndex().ok());
    std::filesystem::create_directories(files());
  }

  std::string files() const { return dir_.path() + "/files"; }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = files() + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  ImportSummary Import(bool prune = false) {
    ImportOptions o;
    o.prune = prune;
    auto s = kb_->Import({files()}, o);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? *s : ImportSummary{};
  }
  std::size_t Stored() { return store_->ListKbDocuments("")->size(); }
  std::string Top(const std::string& q) {
    auto hits = kb_->Search(q, 3);
    return hits.ok() && !hits->empty() ? hits->front().entry.id : "";
  }

  testing::TempDir dir_;
  ManualClock clock_{1'750'000'000'000};  // 2025-06-15
  std::unique_ptr<Store> store_;
  std::unique_ptr<TextAnalyzer> analyzer_;
  std::unique_ptr<KnowledgeBase> kb_;
};

TEST_F(KnowledgeBaseTest, BrokenFilesAreReportedWithLineAndWriteNothing) {
  Write("good.jsonl", Entry("immd-good", "immd", "Passport renewal", "Renew online") + "\n");
  struct Case {
    std::string name;
    std::string text;
    std::string fragment;
  };
  const std::string ok_line =
      Entry("td-partial", "td", "Learner licence", "Apply at the office") + "\n";
  const Case kCases[] = {
      {"truncated.jsonl", ok_line + R"({"id":"td-cut","department":"td","en":{"quest)",
       "truncated.jsonl:2"},
      {"unknown.jsonl", ok_line + Entry("td-x", "td", "Q", "A", R"(,"colour":"red")") + "\n",
       "unknown field 'colour'"},
      {"bytes.jsonl", ok_line + "{\"id\":\"td-y\xff\xfe\"}\n", "bytes.jsonl:2: not UTF-8"},
      {"twice.jsonl", ok_line + ok_line, "appears twice"},
      {"date.jsonl", ok_line + Entry("td-d", "td", "Q", "A", R"(,"valid_from":"1/4/2025")") + "\n",
       "YYYY-MM-DD"},
      {"nodept.jsonl", ok_line + Entry("xx-1", "nope", "Q", "A") + "\n",
       "department 'nope' does not exist"},
      {"noanswer.jsonl",
       ok_line + R"({"id":"td-q","department":"td","en":{"question":"Q"}})" + "\n", "en.answer"},
      {"array.json", "[" + Entry("td-a", "td", "Q", "A") + ",", "malformed JSON"},
  };
  for (const auto& c : kCases) Write(c.name, c.text);
  ImportSummary s = Import();
  EXPECT_EQ(s.added, 1u) << "only good.jsonl imports";
  EXPECT_EQ(s.failed_files, std::size(kCases));
  ASSERT_EQ(s.errors.size(), std::size(kCases));
  for (const auto& c : kCases) {
    bool found = false;
    for (const auto& e : s.errors)
      found =
          found || (e.find(c.name) != std::string::npos && e.find(c.fragment) != std::string::npos);
    EXPECT_TRUE(found) << c.name << " should report '" << c.fragment << "'";
  }
  EXPECT_EQ(Stored(), 1u) << "a broken file left part of itself behind";
  EXPECT_FALSE(store_->GetKbDocument("td-partial").ok());
}

TEST_F(KnowledgeBaseTest, ReimportIsANoOpAndChangesMakeNewVersions) {
  std::string path =
      Write("a.jsonl", Entry("immd-a", "immd", "Lost passport", "Report it") + "\n" +
                           Entry("immd-b", "immd", "New ID card", "Book online") + "\n");
  ImportSummary first = Import();
  EXPECT_EQ(first.added, 2u);
  ImportSummary again = Import();
  EXPECT_EQ(again.added + again.updated, 0u);
  EXPECT_EQ(again.unchanged, 2u);
  EXPECT_EQ(store_->GetKbDocument("immd-a")->version, 1);
  Write("a.jsonl", Entry("immd-a", "immd", "Lost passport", "Report it to the police and ImmD") +
                       "\n" + Entry("immd-b", "immd", "New ID card", "Book online") + "\n");
  ImportSummary changed = Import();
  EXPECT_EQ(changed.updated, 1u);
  EXPECT_EQ(changed.unchanged, 1u);
  EXPECT_EQ(store_->GetKbDocument("immd-a")->version, 2);
  EXPECT_EQ(Top("lost passport police"), "immd-a");
}

TEST_F(KnowledgeBaseTest, PruneRemovesWhatTheFilesNoLongerHold) {
  Write("a.jsonl", Entry("immd-a", "immd", "Lost passport", "Report it") + "\n" +
                       Entry("immd-b", "immd", "New ID card", "Book online") + "\n");
  std::string gone = Write("b.jsonl", Entry("td-c", "td", "Learner licence", "Apply") + "\n");
  Import();
  ASSERT_EQ(Stored(), 3u);
  Write("a.jsonl", Entry("immd-a", "immd", "Lost passport", "Report it") + "\n");
  std::filesystem::remove(gone);
  ImportSummary without_prune = Import();
  EXPECT_EQ(without_prune.removed, 0u);
  EXPECT_EQ(Stored(), 3u);
  ImportSummary pruned = Import(/*prune=*/true);
  EXPECT_EQ(pruned.removed, 2u);
  EXPECT_EQ(Stored(), 1u);
  EXPECT_NE(Top("learner licence"), "td-c");
}

TEST_F(KnowledgeBaseTest, ExpiredEntriesAreNotFoundAndAnotherReplicaCatchesUp) {
  Write("a.jsonl",
        Entry("td-old", "td", "Old licence scheme", "Ended", R"(,"valid_to":"2024-12-31")") + "\n" +
            Entry("td-new", "td", "Licence scheme", "Current", R"(,"valid_from":"2025-01-01")") +
            "\n");
  Import();
  EXPECT_EQ(Top("old licence scheme"), "td-new");
  // A second knowledge base on the same store (another replica) sees the import on refresh.
  KnowledgeBase other(*store_, *analyzer_, clock_, dir_.path() + "/other-index");
  ASSERT_TRUE(other.RebuildIndex().ok());
  auto unchanged = other.RefreshIfChanged();
  ASSERT_TRUE(unchanged.ok());
  EXPECT_FALSE(*unchanged);
  Write("b.jsonl", Entry("immd-z", "immd", "Visa extension", "Apply before expiry") + "\n");
  Import();
  auto refreshed = other.RefreshIfChanged();
  ASSERT_TRUE(refreshed.ok()) << refreshed.status().ToString();
  EXPECT_TRUE(*refreshed);
  auto hits = other.Search("visa extension", 1);
  ASSERT_TRUE(hits.ok());
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ(hits->front().entry.id, "immd-z");
}

class DocumentImportTest : public KnowledgeBaseTest {
 protected:
  void SetUp() override {
    KnowledgeBaseTest::SetUp();
    for (const char* id : {"epd", "lcsd", "hko", "rvd"}) {
      ASSERT_TRUE(store_->CreateDepartment({id, id, id, 1}).ok());
    }
  }
  ImportSummary ImportFile(const std::string& name, const std::string& department = "") {
    ImportOptions o;
    o.department = department;
    auto s = kb_->Import({testing::SourceDir() + "/tests/kb/testdata/" + name}, o);
    EXPECT_TRUE(s.ok());
    return s.ok() ? *s : ImportSummary{};
  }
  KbHit Best(const std::string& q) {
    auto hits = kb_->Search(q, 3);
    EXPECT_TRUE(hits.ok());
    return hits.ok() && !hits->empty() ? hits->front() : KbHit{};
  }
};

TEST_F(DocumentImportTest, HtmlKeepsMainContentAndCutsPassagesAtHeadings) {
  ASSERT_EQ(ImportFile("waste-charging.html").added, 1u);
  auto stored = store_->GetKbDocument("waste-charging");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->department_id, "epd");
  EXPECT_EQ(stored->url, "https://www.epd.gov.hk/en/msw-charging.html");
  auto entry = EntryFromJson(stored->content);
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->Title("en"), "Municipal solid waste charging");
  ASSERT_EQ(entry->passages.size(), 3u);
  EXPECT_EQ(entry->passages[1].heading, "Where to buy designated bags");
  KbHit hit = Best("where can I buy the designated bags");
  EXPECT_EQ(hit.entry.id, "waste-charging");
  EXPECT_EQ(hit.passage, 2u);
  EXPECT_EQ(Best("sofa disposal label").passage, 3u);
  for (const char* chrome : {"Menuonlyword", "Footeronlyword", "navigationsecretword",
                             "Searchbuttonword", "Headerlinkword"}) {
    EXPECT_TRUE(kb_->Search(chrome, 3)->empty()) << chrome << " came from outside the main content";
  }
}

TEST_F(DocumentImportTest, Big5PagesAreReadWithOrWithoutADeclaration) {
  ASSERT_EQ(ImportFile("library-card-big5.html", "lcsd").added, 1u);
  KbHit lost = Best("借書證遺失點算");
  EXPECT_EQ(lost.entry.id, "library-card-big5");
  EXPECT_EQ(lost.entry.Title("zh-Hant"), "申請圖書館借書證");
  EXPECT_EQ(lost.entry.passages.at(lost.passage - 1).heading, "遺失借書證");
  EXPECT_EQ(Best("补领借书证").entry.id, "library-card-big5");
  EXPECT_TRUE(kb_->Search("選單專用詞", 3)->empty()) << "menu text was indexed";
  ASSERT_EQ(ImportFile("typhoon-undeclared-big5.html", "hko").added, 1u);
  EXPECT_EQ(Best("八號風球學校停唔停課").entry.id, "typhoon-undeclared-big5");
}

TEST_F(DocumentImportTest, MarkdownFrontMatterAndSections) {
  ASSERT_EQ(ImportFile("rates-circular.md").added, 1u);
  auto stored = store_->GetKbDocument("rvd-rates-circular-2025");
  ASSERT_TRUE(stored.ok());
  auto entry = EntryFromJson(stored->content);
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->Title("en"), "Rates concession for 2025-26");
  EXPECT_EQ(entry->tags, (std::vector<std::string>{"rates", "concession"}));
  EXPECT_EQ(FormatDate(*entry->valid_from), "2025-04-01");
  ASSERT_EQ(entry->passages.size(), 3u);
  EXPECT_EQ(entry->passages[2].heading, "How to object to a valuation");
  EXPECT_EQ(entry->passages[2].text.find("]("), std::string::npos)
      << "link syntax left in the text";
  EXPECT_EQ(Best("object to the valuation of my flat").passage, 3u);
}

TEST_F(DocumentImportTest, BrokenDocumentsAreRefusedWithTheReason) {
  const std::pair<std::string, std::string> kCases[] = {
      {"bad-utf8.html", "not UTF-8"},
      {"broken-front-matter.md", "broken-front-matter.md:6"},
      {"library-card-big5.html", "no department"},
  };
  for (const auto& [file, fragment] : kCases) {
    ImportSummary s = ImportFile(file);
    EXPECT_EQ(s.failed_files, 1u) << file;
    ASSERT_EQ(s.errors.size(), 1u) << file;
    EXPECT_NE(s.errors[0].find(fragment), std::string::npos) << s.errors[0];
  }
  EXPECT_EQ(Stored(), 0u);
}

TEST_F(DocumentImportTest, FaqSheetsAndPdfsImportAndBrokenOnesAreRefused) {
  for (const char* id : {"wsd", "dh"}) ASSERT_TRUE(store_->CreateDepartment({id, id, id, 1}).ok());
  EXPECT_EQ(ImportFile("faq.csv").added, 2u);
  EXPECT_EQ(ImportFile("faq.yaml").added, 1u);
  EXPECT_EQ(ImportFile("smoke-free-circular.pdf", "dh").added, 1u);
  EXPECT_EQ(Best("車牌點續").entry.id, "td-vehicle-licence-renew");
  EXPECT_EQ(Best("how to pay water charges").entry.id, "wsd-water-bill");
  KbHit pdf = Best("fixed penalty for smoking");
  EXPECT_EQ(pdf.entry.id, "smoke-free-circular");
  EXPECT_EQ(pdf.entry.Title("en"), "Smoke-free public places circular");
  EXPECT_EQ(pdf.passage, 2u);
  const std::size_t before = Stored();
  const std::pair<std::string, std::string> kBroken[] = {
      {"faq-bad-row.csv", "row 3: has 3 fields, the header has 4"},
      {"faq-bad-quote.csv", "row 2"},
      {"faq-bad.yaml", "faq-bad.yaml:5"},
      {"truncated.pdf", "damaged or truncated"},
      {"not-a-pdf.pdf", "damaged or truncated"},
  };
  for (const auto& [file, fragment] : kBroken) {
    ImportSummary s = ImportFile(file, "dh");
    ASSERT_EQ(s.errors.size(), 1u) << file;
    EXPECT_NE(s.errors[0].find(fragment), std::string::npos) << s.errors[0];
  }
  EXPECT_EQ(Stored(), before) << "a broken file wrote something";
  EXPECT_FALSE(store_->GetKbDocument("td-ok").ok()) << "the good row of a broken CSV was written";
}

TEST_F(DocumentImportTest, ScansAreReadByOcr) {
  ImportSummary image = ImportFile("recycling-notice.png", "epd");
  ASSERT_EQ(image.added, 1u) << (image.errors.empty() ? "" : image.errors[0]);
  ImportSummary pdf = ImportFile("scanned-notice.pdf", "epd");
  ASSERT_EQ(pdf.added, 1u) << (pdf.errors.empty() ? "" : pdf.errors[0]);
  auto scanned = EntryFromJson(store_->GetKbDocument("scanned-notice")->content);
  ASSERT_TRUE(scanned.ok());
  ASSERT_EQ(scanned->passages.size(), 1u);
  EXPECT_NE(scanned->passages[0].text.find("Plastic bottles are collected"), std::string::npos)
      << scanned->passages[0].text;
  EXPECT_NE(scanned->passages[0].text.find("政府熱線"), std::string::npos)
      << scanned->passages[0].text;
  auto hits = kb_->Search("where are plastic bottles collected", 2);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_EQ(Best("查詢政府熱線").entry.department, "epd");
  ImportSummary broken = ImportFile("broken-scan.png", "epd");
  ASSERT_EQ(broken.errors.size(), 1u);
  EXPECT_NE(broken.errors[0].find("not an image"), std::string::npos) << broken.errors[0];
}

TEST(EntryTest, JsonRoundTripAndDates) {
  auto e = EntryFromJson(
      Entry("immd-a", "immd", "Q", "A", R"(,"tags":["t"],"valid_from":"2025-04-01")"));
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  auto again = EntryFromJson(EntryToJson(*e));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(EntryToJson(*again), EntryToJson(*e));
  EXPECT_EQ(EntryHash(*again), EntryHash(*e));
  EXPECT_EQ(FormatDate(*e->valid_from), "2025-04-01");
  EXPECT_EQ(e->text.at("zh-Hant").alternatives.size(), 1u);
  EXPECT_FALSE(ParseDate("2025-13-01", false).ok());
  EXPECT_FALSE(ParseDate("2025-1-01", false).ok());
  EXPECT_EQ(*ParseDate("2025-04-01", true) - *ParseDate("2025-04-01", false), 86'400'000 - 1);
  EXPECT_FALSE(ParseKnowledgeFile("/tmp/whatever.pdf", "").ok());
}

}  // namespace
}  // namespace smartgov
