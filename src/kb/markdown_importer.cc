#include <fmt/format.h>

#include <regex>
#include <sstream>

#include "kb/document_importers.h"

namespace smartgov {
namespace {

std::string Trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r\n"));
  s.erase(s.find_last_not_of(" \t\r\n") + 1);
  return s;
}

std::string Unquote(std::string s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
    return s.substr(1, s.size() - 2);
  }
  return s;
}

// Links, images, emphasis and code marks reduced to their text.
std::string StripInline(const std::string& line) {
  static const std::regex kImage(R"(!\[([^\]]*)\]\([^)]*\))");
  static const std::regex kLink(R"(\[([^\]]*)\]\([^)]*\))");
  static const std::regex kMarks(R"([*_`]+)");
  std::string out = std::regex_replace(line, kImage, "$1");
  out = std::regex_replace(out, kLink, "$1");
  return std::regex_replace(out, kMarks, "");
}

}  // namespace

std::string SlugFromFileName(const std::string& path) {
  std::string base = path.substr(path.find_last_of('/') + 1);
  base = base.substr(0, base.find_last_of('.'));
  std::string slug;
  for (unsigned char c : base) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      slug += static_cast<char>(c);
    } else if (c >= 'A' && c <= 'Z') {
      slug += static_cast<char>(c - 'A' + 'a');
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "document" : slug;
}

Result<KnowledgeEntry> ParseMarkdown(const std::string& name, std::string_view text,
                                     const std::string& fallback_id,
                                     const std::string& department) {
  KnowledgeEntry e;
  e.id = fallback_id;
  e.department = department;
  std::string lang = "en";
  std::string title;
  std::istringstream in{std::string(text)};
  std::string line;
  int line_no = 0;
  // Front matter.
  std::streampos body_start = 0;
  if (std::getline(in, line) && Trim(line) == "---") {
    ++line_no;
    bool closed = false;
    while (std::getline(in, line)) {
      ++line_no;
      if (Trim(line) == "---") {
        closed = true;
        break;
      }
      if (Trim(line).empty() || Trim(line)[0] == '#') continue;
      auto colon = line.find(':');
      if (colon == std::string::npos) {
        return Status::InvalidArgument(name + ":" + std::to_string(line_no) +
                                       ": front matter lines are 'key: value'");
      }
      std::string key = Trim(line.substr(0, colon));
      std::string value = Unquote(Trim(line.substr(colon + 1)));
      if (key == "id") {
        e.id = value;
      } else if (key == "department") {
        if (department.empty()) e.department = value;
      } else if (key == "url") {
        e.url = value;
      } else if (key == "lang") {
        if (value != "en" && value != "zh-Hant") {
          return Status::InvalidArgument(name + ":" + std::to_string(line_no) +
                                         ": lang must be en or zh-Hant");
        }
        lang = value;
      } else if (key == "title") {
        title = value;
      } else if (key == "tags") {
        std::string tags = value;
        if (!tags.empty() && tags.front() == '[') tags = tags.substr(1, tags.size() - 2);
        std::stringstream ts(tags);
        for (std::string t; std::getline(ts, t, ',');) {
          if (!Trim(t).empty()) e.tags.push_back(Unquote(Trim(t)));
        }
      } else if (key == "valid_from" || key == "valid_to") {
        auto date = ParseDate(value, key == "valid_to");
        if (!date.ok()) return date.status().WithContext(name + ":" + std::to_string(line_no));
        (key == "valid_from" ? e.valid_from : e.valid_to) = *date;
      } else {
        return Status::InvalidArgument(
            fmt::format("{}:{}: unknown front matter key '{}'", name, line_no, key) +
            "; expected id, department, url, lang, title, tags, valid_from, valid_to");
      }
    }
    if (!closed)
      return Status::InvalidArgument(name + ": front matter is not closed by a '---' line");
    body_start = in.tellg();
  }
  in.clear();
  in.seekg(body_start);
  // Body: passages along headings.
  Passage current;
  current.lang = lang;
  auto flush = [&] {
    current.text = Trim(current.text);
    if (!current.text.empty()) e.passages.push_back(current);
    current = Passage{};
    current.lang = lang;
  };
  bool in_code = false;
  while (std::getline(in, line)) {
    if (Trim(line).starts_with("```")) {
      in_code = !in_code;
      continue;
    }
    std::string trimmed = Trim(line);
    if (!in_code && trimmed.starts_with("#")) {
      std::size_t level = trimmed.find_first_not_of('#');
      std::string heading =
          StripInline(Trim(trimmed.substr(level == std::string::npos ? trimmed.size() : level)));
      if (level == 1 && title.empty()) {
        title = heading;
        continue;
      }
      flush();
      current.heading = heading;
      continue;
    }
    if (trimmed.empty()) {
      if (!current.text.empty() && current.text.back() != '\n') current.text += "\n";
      continue;
    }
    std::string cleaned = StripInline(trimmed);
    if (cleaned.starts_with("- ") || cleaned.starts_with("+ ")) cleaned = cleaned.substr(2);
    current.text += cleaned + " ";
  }
  flush();
  if (e.passages.empty()) return Status::InvalidArgument(name + ": the document has no text");
  if (title.empty()) title = e.passages.front().heading.empty() ? e.id : e.passages.front().heading;
  LocalizedText& t = e.text[lang];
  t.question = title;
  t.answer = e.passages.front().text.substr(0, 600);
  SG_RETURN_IF_ERROR(ValidateEntry(e).WithContext(name));
  return e;
}

}  // namespace smartgov
