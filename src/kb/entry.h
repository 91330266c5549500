// KnowledgeEntry: one answer a department publishes, in English and
// Traditional Chinese (Simplified is derived when shown, never stored).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "kb/search_index.h"

#include <rapidjson/document.h>

namespace smartgov {

struct LocalizedText {
  std::string question;                   // the entry's title, as a question
  std::vector<std::string> alternatives;  // other ways citizens ask it
  std::string answer;
};

// A section of a long document (a web page, a circular), cut along its headings.
struct Passage {
  std::string heading;
  std::string text;
  std::string lang;  // "en" or "zh-Hant"
};

struct KnowledgeEntry {
  std::string id;  // lower-case a-z 0-9 '-', unique across departments
  std::string department;
  std::string url;
  std::vector<std::string> tags;
  std::optional<Timestamp> valid_from;
  std::optional<Timestamp> valid_to;          // end of the last valid day
  std::map<std::string, LocalizedText> text;  // by language: "en", "zh-Hant"
  std::vector<Passage> passages;              // long documents only; searched one by one

  // The title in `lang`, else in the other language.
  const std::string& Title(const std::string& lang) const;
};

// Checks the fields an entry must have; the message says which one is wrong.
Status ValidateEntry(const KnowledgeEntry& entry);

// The canonical JSON of an entry (stable key order), as stored and hashed.
std::string EntryToJson(const KnowledgeEntry& entry);
// Parses one entry object. Unknown fields are refused, with their names.
Result<KnowledgeEntry> EntryFromJson(std::string_view json);
Result<KnowledgeEntry> EntryFromJsonValue(const rapidjson::Value& value);
// SHA-256 of EntryToJson: equal hashes mean nothing changed.
std::string EntryHash(const KnowledgeEntry& entry);

// What the search index holds of an entry: one document, or one per passage
// ("<id>#<n>", n from 1) when the entry has passages.
std::vector<IndexedDocument> ToIndexedDocuments(const KnowledgeEntry& entry);
// Splits "<id>#<n>" into the entry id and passage number (0 for a whole entry).
std::pair<std::string, std::size_t> SplitHitId(const std::string& hit_id);

// "2025-04-01" -> milliseconds at 00:00 Hong Kong time (UTC+8); `end_of_day`
// gives 23:59:59.999 instead. Errors say what a valid date looks like.
Result<Timestamp> ParseDate(std::string_view date, bool end_of_day);
std::string FormatDate(Timestamp t);

}  // namespace smartgov
