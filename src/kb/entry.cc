#include "kb/entry.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "core/ids.h"
#include "core/json.h"

namespace smartgov {
namespace {

constexpr std::int64_t kHongKongOffsetMs = std::int64_t{8} * 3600 * 1000;
constexpr const char* kLanguages[] = {"en", "zh-Hant"};

Status ReadStringArray(const rapidjson::Value& obj, const char* name,
                       std::vector<std::string>* out) {
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd() || it->value.IsNull()) return Status::Ok();
  if (!it->value.IsArray())
    return Status::InvalidArgument(std::string("'") + name + "' must be an array of strings");
  for (const auto& v : it->value.GetArray()) {
    if (!v.IsString())
      return Status::InvalidArgument(std::string("'") + name + "' must hold only strings");
    out->emplace_back(v.GetString(), v.GetStringLength());
  }
  return Status::Ok();
}

Result<LocalizedText> ReadLocalized(const rapidjson::Value& v, const std::string& lang) {
  if (!v.IsObject()) return Status::InvalidArgument("'" + lang + "' must be an object");
  for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
    std::string_view name(m->name.GetString(), m->name.GetStringLength());
    if (name != "question" && name != "answer" && name != "alternatives") {
      return Status::InvalidArgument("unknown field '" + lang + "." + std::string(name) +
                                     "'; expected question, alternatives, answer");
    }
  }
  LocalizedText t;
  for (auto [name, out] : {std::pair{"question", &t.question}, std::pair{"answer", &t.answer}}) {
    auto it = v.FindMember(name);
    if (it == v.MemberEnd() || !it->value.IsString()) {
      return Status::InvalidArgument("'" + lang + "." + name +
                                     "' is required and must be a string");
    }
    out->assign(it->value.GetString(), it->value.GetStringLength());
  }
  SG_RETURN_IF_ERROR(
      ReadStringArray(v, "alternatives", &t.alternatives).WithContext("'" + lang + "'"));
  return t;
}

}  // namespace

const std::string& KnowledgeEntry::Title(const std::string& lang) const {
  static const std::string kEmpty;
  if (auto it = text.find(lang); it != text.end() && !it->second.question.empty())
    return it->second.question;
  for (const auto& [l, t] : text) {
    if (!t.question.empty()) return t.question;
  }
  return kEmpty;
}

Status ValidateEntry(const KnowledgeEntry& e) {
  if (e.id.empty() || e.id.size() > 128)
    return Status::InvalidArgument("'id' must be 1 to 128 characters");
  for (char c : e.id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok)
      return Status::InvalidArgument("'id' " + e.id + " may hold only a-z, 0-9, '-', '_' and '.'");
  }
  if (e.department.empty())
    return Status::InvalidArgument("entry " + e.id + ": 'department' is required");
  if (e.text.empty()) {
    return Status::InvalidArgument("entry " + e.id + ": needs text in 'en' or 'zh-Hant' (or both)");
  }
  for (const auto& [lang, t] : e.text) {
    if (t.question.empty() || t.answer.empty()) {
      return Status::InvalidArgument("entry " + e.id + ": '" + lang +
                                     "' needs a question and an answer");
    }
  }
  if (e.valid_from && e.valid_to && *e.valid_to < *e.valid_from) {
    return Status::InvalidArgument("entry " + e.id + ": 'valid_to' is before 'valid_from'");
  }
  return Status::Ok();
}

Result<Timestamp> ParseDate(std::string_view date, bool end_of_day) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  std::string copy(date);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || copy.size() != 10 ||
      m < 1 || m > 12 || d < 1 || d > 31) {
    return Status::InvalidArgument("dates are written YYYY-MM-DD, got '" + copy + "'");
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  std::int64_t ms = static_cast<std::int64_t>(timegm(&tm)) * 1000 - kHongKongOffsetMs;
  return end_of_day ? ms + 86'400'000 - 1 : ms;
}

std::string FormatDate(Timestamp t) {
  std::time_t secs = static_cast<std::time_t>((t + kHongKongOffsetMs) / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

Result<KnowledgeEntry> EntryFromJsonValue(const rapidjson::Value& v) {
  if (!v.IsObject()) return Status::InvalidArgument("an entry must be a JSON object");
  KnowledgeEntry e;
  static constexpr const char* kKnown[] = {
      "id", "department", "url", "tags", "valid_from", "valid_to", "en", "zh-Hant", "passages"};
  for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
    std::string name(m->name.GetString(), m->name.GetStringLength());
    bool known = false;
    for (const char* k : kKnown) known = known || name == k;
    if (!known) {
      return Status::InvalidArgument(
          "unknown field '" + name +
          "'; expected id, department, url, tags, valid_from, valid_to, en, zh-Hant, passages");
    }
  }
  auto str = [&](const char* name, std::string* out) -> Status {
    auto it = v.FindMember(name);
    if (it == v.MemberEnd() || it->value.IsNull()) return Status::Ok();
    if (!it->value.IsString())
      return Status::InvalidArgument(std::string("'") + name + "' must be a string");
    out->assign(it->value.GetString(), it->value.GetStringLength());
    return Status::Ok();
  };
  SG_RETURN_IF_ERROR(str("id", &e.id));
  SG_RETURN_IF_ERROR(str("department", &e.department));
  SG_RETURN_IF_ERROR(str("url", &e.url));
  SG_RETURN_IF_ERROR(ReadStringArray(v, "tags", &e.tags));
  std::string from, to;
  SG_RETURN_IF_ERROR(str("valid_from", &from));
  SG_RETURN_IF_ERROR(str("valid_to", &to));
  if (!from.empty()) {
    SG_ASSIGN_OR_RETURN(e.valid_from, ParseDate(from, false));
  }
  if (!to.empty()) {
    SG_ASSIGN_OR_RETURN(e.valid_to, ParseDate(to, true));
  }
  for (const char* lang : kLanguages) {
    auto it = v.FindMember(lang);
    if (it == v.MemberEnd() || it->value.IsNull()) continue;
    SG_ASSIGN_OR_RETURN(e.text[lang], ReadLocalized(it->value, lang));
  }
  if (auto it = v.FindMember("passages"); it != v.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsArray()) return Status::InvalidArgument("'passages' must be an array");
    for (const auto& p : it->value.GetArray()) {
      if (!p.IsObject() || !p.HasMember("text") || !p["text"].IsString()) {
        return Status::InvalidArgument("each passage needs a 'text' string");
      }
      Passage passage;
      passage.text = p["text"].GetString();
      if (p.HasMember("heading") && p["heading"].IsString())
        passage.heading = p["heading"].GetString();
      if (p.HasMember("lang") && p["lang"].IsString()) passage.lang = p["lang"].GetString();
      e.passages.push_back(std::move(passage));
    }
  }
  SG_RETURN_IF_ERROR(ValidateEntry(e));
  return e;
}

Result<KnowledgeEntry> EntryFromJson(std::string_view json) {
  SG_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(json));
  return EntryFromJsonValue(doc);
}

std::string EntryToJson(const KnowledgeEntry& e) {
  return BuildJson([&](JsonWriter& w) {
    w.StartObject();
    w.Key("id");
    WriteString(w, e.id);
    w.Key("department");
    WriteString(w, e.department);
    w.Key("url");
    WriteString(w, e.url);
    w.Key("tags");
    w.StartArray();
    for (const auto& t : e.tags) WriteString(w, t);
    w.EndArray();
    if (e.valid_from) {
      w.Key("valid_from");
      WriteString(w, FormatDate(*e.valid_from));
    }
    if (e.valid_to) {
      w.Key("valid_to");
      WriteString(w, FormatDate(*e.valid_to));
    }
    if (!e.passages.empty()) {
      w.Key("passages");
      w.StartArray();
      for (const auto& p : e.passages) {
        w.StartObject();
        w.Key("heading");
        WriteString(w, p.heading);
        w.Key("text");
        WriteString(w, p.text);
        w.Key("lang");
        WriteString(w, p.lang);
        w.EndObject();
      }
      w.EndArray();
    }
    for (const auto& [lang, t] : e.text) {
      WriteString(w, lang);
      w.StartObject();
      w.Key("question");
      WriteString(w, t.question);
      w.Key("alternatives");
      w.StartArray();
      for (const auto& a : t.alternatives) WriteString(w, a);
      w.EndArray();
      w.Key("answer");
      WriteString(w, t.answer);
      w.EndObject();
    }
    w.EndObject();
  });
}

std::string EntryHash(const KnowledgeEntry& e) { return Sha256Hex(EntryToJson(e)); }

std::vector<IndexedDocument> ToIndexedDocuments(const KnowledgeEntry& e) {
  IndexedDocument base;
  base.department = e.department;
  base.valid_from = e.valid_from;
  base.valid_to = e.valid_to;
  std::vector<IndexedDocument> out;
  if (e.passages.empty()) {
    IndexedDocument d = base;
    d.id = e.id;
    for (const auto& [lang, t] : e.text) {
      d.questions.push_back(t.question);
      for (const auto& a : t.alternatives) d.questions.push_back(a);
      d.bodies.push_back(t.answer);
    }
    for (const auto& tag : e.tags) d.bodies.push_back(tag);
    out.push_back(std::move(d));
    return out;
  }
  for (std::size_t i = 0; i < e.passages.size(); ++i) {
    const Passage& p = e.passages[i];
    IndexedDocument d = base;
    d.id = e.id + "#" + std::to_string(i + 1);
    d.questions.push_back(e.Title(p.lang.empty() ? "en" : p.lang));
    if (!p.heading.empty()) d.questions.push_back(p.heading);
    d.bodies.push_back(p.text);
    out.push_back(std::move(d));
  }
  return out;
}

std::pair<std::string, std::size_t> SplitHitId(const std::string& hit_id) {
  auto hash = hit_id.rfind('#');
  if (hash == std::string::npos) return {hit_id, 0};
  return {hit_id.substr(0, hash), static_cast<std::size_t>(std::atol(hit_id.c_str() + hash + 1))};
}

}  // namespace smartgov
