#include "core/json.h"

#include <rapidjson/error/en.h>

namespace smartgov {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when the bytes there are not one.
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  std::size_t n = 0;
  std::uint32_t cp = 0;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      std::size_t n = Utf8SequenceLength(s, i);
      if (n == 0) {
        out += "\xEF\xBF\xBD";
        ++i;
      } else {
        out.append(s.substr(i, n));
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  out += '"';
}

std::size_t InvalidUtf8Offset(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = Utf8SequenceLength(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

std::string JsonString(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  AppendJsonString(out, s);
  return out;
}

Result<rapidjson::Document> ParseJsonObject(std::string_view text) {
  if (text.empty()) {
    return Status::InvalidArgument("request body is empty; expected a JSON object");
  }
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
  if (doc.HasParseError()) {
    return Status::InvalidArgument("malformed JSON at byte " +
                                   std::to_string(doc.GetErrorOffset()) + ": " +
                                   rapidjson::GetParseError_En(doc.GetParseError()));
  }
  if (!doc.IsObject()) {
    return Status::InvalidArgument("expected a JSON object at the top level");
  }
  return doc;
}

JsonObjectReader::JsonObjectReader(const rapidjson::Value& object) : object_(object) {}

void JsonObjectReader::Fail(std::string message) {
  if (first_error_.ok()) first_error_ = Status::InvalidArgument(std::move(message));
}

const rapidjson::Value* JsonObjectReader::Find(std::string_view name, bool required) {
  known_.emplace_back(name);
  auto it = object_.FindMember(rapidjson::Value(rapidjson::StringRef(name.data(), name.size())));
  if (it == object_.MemberEnd() || it->value.IsNull()) {
    if (required) Fail("field '" + std::string(name) + "' is required");
    return nullptr;
  }
  return &it->value;
}

void JsonObjectReader::RequiredString(std::string_view name, std::string* out,
                                      std::size_t max_bytes) {
  if (const auto* v = Find(name, true)) {
    if (!v->IsString()) {
      Fail("field '" + std::string(name) + "' must be a string");
    } else if (v->GetStringLength() > max_bytes) {
      Fail("field '" + std::string(name) + "' is longer than " + std::to_string(max_bytes) +
           " bytes");
    } else {
      out->assign(v->GetString(), v->GetStringLength());
    }
  }
}

void JsonObjectReader::OptionalString(std::string_view name, std::string* out,
                                      std::size_t max_bytes) {
  if (const auto* v = Find(name, false)) {
    if (!v->IsString()) {
      Fail("field '" + std::string(name) + "' must be a string");
    } else if (v->GetStringLength() > max_bytes) {
      Fail("field '" + std::string(name) + "' is longer than " + std::to_string(max_bytes) +
           " bytes");
    } else {
      out->assign(v->GetString(), v->GetStringLength());
    }
  }
}

void JsonObjectReader::OptionalInt(std::string_view name, std::optional<std::int64_t>* out) {
  if (const auto* v = Find(name, false)) {
    if (!v->IsInt64()) {
      Fail("field '" + std::string(name) + "' must be an integer");
    } else {
      *out = v->GetInt64();
    }
  }
}

void JsonObjectReader::OptionalBool(std::string_view name, std::optional<bool>* out) {
  if (const auto* v = Find(name, false)) {
    if (!v->IsBool()) {
      Fail("field '" + std::string(name) + "' must be true or false");
    } else {
      *out = v->GetBool();
    }
  }
}

Status JsonObjectReader::Finish() {
  if (!first_error_.ok()) return first_error_;
  for (auto it = object_.MemberBegin(); it != object_.MemberEnd(); ++it) {
    std::string_view name(it->name.GetString(), it->name.GetStringLength());
    bool found = false;
    for (const auto& k : known_) found = found || k == name;
    if (!found) {
      std::string list;
      for (const auto& k : known_) list += (list.empty() ? "" : ", ") + k;
      return Status::InvalidArgument("unknown field '" + std::string(name) +
                                     "'; expected one of: " + list);
    }
  }
  return Status::Ok();
}

}  // namespace smartgov
