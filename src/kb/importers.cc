#include "kb/importers.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "core/json.h"
#include "kb/document_importers.h"
#include "kb/faq_importers.h"

namespace smartgov {
namespace {

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Status CheckUtf8(const std::string& name, std::string_view text) {
  std::size_t bad = InvalidUtf8Offset(text);
  if (bad == std::string_view::npos) return Status::Ok();
  auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
  return Status::InvalidArgument(name + ":" + std::to_string(line) + ": not UTF-8 text (byte " +
                                 std::to_string(bad) + "); save the file as UTF-8");
}

Result<std::vector<KnowledgeEntry>> CheckUniqueIds(const std::string& name,
                                                   std::vector<KnowledgeEntry> entries) {
  std::set<std::string> ids;
  for (const auto& e : entries) {
    if (!ids.insert(e.id).second)
      return Status::InvalidArgument(name + ": entry id '" + e.id + "' appears twice");
  }
  return entries;
}

}  // namespace

bool IsMarkdown(const std::string& path) {
  return EndsWith(path, ".md") || EndsWith(path, ".markdown");
}
bool IsHtml(const std::string& path) { return EndsWith(path, ".html") || EndsWith(path, ".htm"); }

bool IsYaml(const std::string& path) { return EndsWith(path, ".yaml") || EndsWith(path, ".yml"); }

bool IsImage(const std::string& path) {
  return EndsWith(path, ".png") || EndsWith(path, ".jpg") || EndsWith(path, ".jpeg") ||
         EndsWith(path, ".tif") || EndsWith(path, ".tiff");
}

bool IsKnowledgeFile(const std::string& path) {
  return EndsWith(path, ".jsonl") || EndsWith(path, ".json") || EndsWith(path, ".csv") ||
         IsYaml(path) || IsMarkdown(path) || IsHtml(path) || EndsWith(path, ".pdf") ||
         IsImage(path);
}

Result<std::vector<KnowledgeEntry>> ParseKnowledgeText(const std::string& name,
                                                       std::string_view text, bool json_lines,
                                                       const std::string& department) {
  std::vector<KnowledgeEntry> entries;
  std::set<std::string> ids;
  auto add = [&](Result<KnowledgeEntry> entry, const std::string& where) -> Status {
    if (!entry.ok()) return entry.status().WithContext(where);
    if (!department.empty()) entry->department = department;
    if (!ids.insert(entry->id).second) {
      return Status::InvalidArgument(where + ": entry id '" + entry->id + "' appears twice");
    }
    entries.push_back(std::move(entry).value());
    return Status::Ok();
  };
  if (json_lines) {
    std::size_t line_no = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
      auto end = text.find('\n', start);
      std::string_view line =
          text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
      ++line_no;
      if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
        SG_RETURN_IF_ERROR(add(EntryFromJson(line), name + ":" + std::to_string(line_no)));
      }
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
  } else {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
    if (doc.HasParseError()) {
      return Status::InvalidArgument(name + ": malformed JSON at byte " +
                                     std::to_string(doc.GetErrorOffset()));
    }
    if (doc.IsArray()) {
      std::size_t i = 0;
      for (const auto& item : doc.GetArray()) {
        SG_RETURN_IF_ERROR(add(EntryFromJsonValue(item), name + ": entry " + std::to_string(++i)));
      }
    } else {
      SG_RETURN_IF_ERROR(add(EntryFromJsonValue(doc), name));
    }
  }
  return entries;
}

Result<std::vector<KnowledgeEntry>> ParseKnowledgeFile(const std::string& path,
                                                       const std::string& department) {
  if (!IsKnowledgeFile(path)) {
    return Status::InvalidArgument(path +
                                   ": unsupported file type (knowledge files are .jsonl or .json)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // a UTF-8 byte-order mark
  if (IsHtml(path)) {
    SG_ASSIGN_OR_RETURN(auto entry, ParseHtml(path, text, SlugFromFileName(path), department));
    return std::vector<KnowledgeEntry>{std::move(entry)};
  }
  if (EndsWith(path, ".pdf")) {
    SG_ASSIGN_OR_RETURN(auto entry, ParsePdf(path, text, SlugFromFileName(path), department));
    return std::vector<KnowledgeEntry>{std::move(entry)};
  }
  if (IsImage(path)) {
    SG_ASSIGN_OR_RETURN(auto entry, ParseImage(path, text, SlugFromFileName(path), department));
    return std::vector<KnowledgeEntry>{std::move(entry)};
  }
  SG_RETURN_IF_ERROR(CheckUtf8(path, text));
  std::vector<KnowledgeEntry> entries;
  if (EndsWith(path, ".csv")) {
    SG_ASSIGN_OR_RETURN(entries, ParseFaqCsv(path, text, department));
    return CheckUniqueIds(path, std::move(entries));
  }
  if (IsYaml(path)) {
    SG_ASSIGN_OR_RETURN(entries, ParseFaqYaml(path, text, department));
    return CheckUniqueIds(path, std::move(entries));
  }
  if (IsMarkdown(path)) {
    SG_ASSIGN_OR_RETURN(auto entry, ParseMarkdown(path, text, SlugFromFileName(path), department));
    return std::vector<KnowledgeEntry>{std::move(entry)};
  }
  return ParseKnowledgeText(path, text, EndsWith(path, ".jsonl"), department);
}

}  // namespace smartgov
