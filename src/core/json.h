// JSON at the edges: parsing request bodies into structs with errors that say what
// to fix, and escaping strings for hand-written output. Core code past the edge
// never sees JSON.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace smartgov {

// Appends `s` as a quoted JSON string. Invalid UTF-8 bytes become U+FFFD so the
// output is always valid JSON.
void AppendJsonString(std::string& out, std::string_view s);
std::string JsonString(std::string_view s);

// Byte offset of the first byte of `s` that is not part of valid UTF-8, or
// std::string_view::npos when all of it is valid.
std::size_t InvalidUtf8Offset(std::string_view s);

// Parses `text` as a JSON document whose root must be an object. Rejects invalid
// UTF-8. The error names the byte offset and what was wrong there.
Result<rapidjson::Document> ParseJsonObject(std::string_view text);

// Reads the members of one JSON object into a struct, remembering every problem:
//   JsonObjectReader r(doc);
//   r.RequiredString("id", &d.id);
//   r.OptionalString("name_en", &d.name_en);
//   SG_RETURN_IF_ERROR(r.Finish());   // also rejects members nobody asked for
// Not thread-safe; lives for one parse.
class JsonObjectReader {
 public:
  // REQUIRES: `object` is a JSON object and outlives the reader.
  explicit JsonObjectReader(const rapidjson::Value& object);

  void RequiredString(std::string_view name, std::string* out, std::size_t max_bytes = 65536);
  void OptionalString(std::string_view name, std::string* out, std::size_t max_bytes = 65536);
  void OptionalInt(std::string_view name, std::optional<std::int64_t>* out);
  void OptionalBool(std::string_view name, std::optional<bool>* out);

  // The first problem found, or, when every member was read, an error naming any
  // unknown member and listing the known ones.
  Status Finish();

 private:
  const rapidjson::Value* Find(std::string_view name, bool required);
  void Fail(std::string message);

  const rapidjson::Value& object_;
  std::vector<std::string> known_;
  Status first_error_;
};

}  // namespace smartgov

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace smartgov {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// Runs `write(JsonWriter&)` and returns the text it wrote.
template <typename F>
std::string BuildJson(F&& write) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  write(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

inline void WriteString(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

}  // namespace smartgov
