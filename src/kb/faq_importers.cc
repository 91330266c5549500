#include "kb/faq_importers.h"

#include <csv.h>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>

#include "core/json.h"

namespace smartgov {
namespace {

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto bar = s.find('|', start);
    std::string item = s.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) out.push_back(item);
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return out;
}

struct CsvRows {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> current;
};

void OnField(void* data, std::size_t len, void* ctx) {
  static_cast<CsvRows*>(ctx)->current.emplace_back(static_cast<const char*>(data), len);
}

void OnRow(int, void* ctx) {
  auto* rows = static_cast<CsvRows*>(ctx);
  rows->rows.push_back(std::move(rows->current));
  rows->current.clear();
}

constexpr const char* kCsvColumns[] = {
    "id",          "department",      "url",       "tags",        "valid_from",      "valid_to",
    "question_en", "alternatives_en", "answer_en", "question_zh", "alternatives_zh", "answer_zh"};

// YAML scalars and sequences as the JSON the entry parser reads.
void ToJson(const YAML::Node& node, rapidjson::Value& out,
            rapidjson::Document::AllocatorType& alloc) {
  if (node.IsMap()) {
    out.SetObject();
    for (const auto& kv : node) {
      rapidjson::Value key(kv.first.as<std::string>().c_str(), alloc);
      rapidjson::Value value;
      ToJson(kv.second, value, alloc);
      out.AddMember(key, value, alloc);
    }
  } else if (node.IsSequence()) {
    out.SetArray();
    for (const auto& item : node) {
      rapidjson::Value value;
      ToJson(item, value, alloc);
      out.PushBack(value, alloc);
    }
  } else if (node.IsNull()) {
    out.SetNull();
  } else {
    out.SetString(node.as<std::string>().c_str(), alloc);
  }
}

}  // namespace

Result<std::vector<KnowledgeEntry>> ParseFaqCsv(const std::string& name, std::string_view text,
                                                const std::string& department) {
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
    return Status::Internal("cannot start the CSV parser");
  }
  CsvRows rows;
  std::size_t parsed = csv_parse(&parser, text.data(), text.size(), OnField, OnRow, &rows);
  int error = parsed == text.size() ? 0 : csv_error(&parser);
  if (error == 0 && csv_fini(&parser, OnField, OnRow, &rows) != 0) error = csv_error(&parser);
  csv_free(&parser);
  if (error != 0) {
    return Status::InvalidArgument(name + ": row " + std::to_string(rows.rows.size() + 1) + ": " +
                                   csv_strerror(error) + " (check the quotes)");
  }
  if (rows.rows.empty())
    return Status::InvalidArgument(name + ": empty CSV; the first row names the columns");
  std::vector<std::string> header = rows.rows[0];
  for (auto& h : header) {
    h.erase(0, h.find_first_not_of(" \t\xEF\xBB\xBF"));
    h.erase(h.find_last_not_of(" \t\r") + 1);
    if (std::find(std::begin(kCsvColumns), std::end(kCsvColumns), h) == std::end(kCsvColumns)) {
      return Status::InvalidArgument(
          fmt::format("{}: row 1: unknown column '{}'", name, h) +
          "; columns are id, department, url, tags, valid_from, valid_to, "
          "question_en, alternatives_en, answer_en, question_zh, alternatives_zh, answer_zh");
    }
  }
  std::vector<KnowledgeEntry> entries;
  for (std::size_t r = 1; r < rows.rows.size(); ++r) {
    const auto& row = rows.rows[r];
    std::string where = name + ": row " + std::to_string(r + 1);
    if (row.size() == 1 && row[0].empty()) continue;  // blank line
    if (row.size() != header.size()) {
      return Status::InvalidArgument(where + ": has " + std::to_string(row.size()) +
                                     " fields, the header has " + std::to_string(header.size()));
    }
    std::map<std::string, std::string> f;
    for (std::size_t c = 0; c < row.size(); ++c) f[header[c]] = row[c];
    rapidjson::Document doc;
    doc.SetObject();
    auto& a = doc.GetAllocator();
    auto put = [&](rapidjson::Value& obj, const char* key, const std::string& value) {
      if (!value.empty())
        obj.AddMember(rapidjson::StringRef(key), rapidjson::Value(value.c_str(), a), a);
    };
    auto list = [&](rapidjson::Value& obj, const char* key, const std::string& value) {
      if (value.empty()) return;
      rapidjson::Value arr(rapidjson::kArrayType);
      for (const auto& item : SplitList(value)) arr.PushBack(rapidjson::Value(item.c_str(), a), a);
      obj.AddMember(rapidjson::StringRef(key), arr, a);
    };
    put(doc, "id", f["id"]);
    put(doc, "department", department.empty() ? f["department"] : department);
    put(doc, "url", f["url"]);
    put(doc, "valid_from", f["valid_from"]);
    put(doc, "valid_to", f["valid_to"]);
    list(doc, "tags", f["tags"]);
    for (const auto& [lang, suffix] : {std::pair{"en", "_en"}, std::pair{"zh-Hant", "_zh"}}) {
      std::string q = f[std::string("question") + suffix];
      std::string ans = f[std::string("answer") + suffix];
      if (q.empty() && ans.empty()) continue;
      rapidjson::Value text(rapidjson::kObjectType);
      put(text, "question", q);
      put(text, "answer", ans);
      list(text, "alternatives", f[std::string("alternatives") + suffix]);
      doc.AddMember(rapidjson::StringRef(lang), text, a);
    }
    auto entry = EntryFromJsonValue(doc);
    if (!entry.ok()) return entry.status().WithContext(where);
    entries.push_back(std::move(entry).value());
  }
  return entries;
}

Result<std::vector<KnowledgeEntry>> ParseFaqYaml(const std::string& name, std::string_view text,
                                                 const std::string& department) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(name + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  YAML::Node list = root.IsMap() && root["entries"] ? root["entries"] : root;
  if (!list.IsSequence()) {
    return Status::InvalidArgument(name +
                                   ": expected a list of entries (or 'entries:' holding one)");
  }
  std::vector<KnowledgeEntry> entries;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& item = list[i];
    std::string where = name + ":" + std::to_string(item.Mark().line + 1);
    rapidjson::Document doc;
    try {
      ToJson(item, doc, doc.GetAllocator());
    } catch (const YAML::Exception& e) {
      return Status::InvalidArgument(where + ": " + e.msg);
    }
    if (!department.empty() && doc.IsObject()) {
      doc.RemoveMember("department");
      doc.AddMember("department", rapidjson::Value(department.c_str(), doc.GetAllocator()),
                    doc.GetAllocator());
    }
    auto entry = EntryFromJsonValue(doc);
    if (!entry.ok()) return entry.status().WithContext(where);
    entries.push_back(std::move(entry).value());
  }
  return entries;
}

}  // namespace smartgov
