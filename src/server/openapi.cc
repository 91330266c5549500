// /openapi.json, generated from the route table so it cannot fall out of step.
#include <map>

#include "core/json.h"
#include "server/handlers.h"

namespace smartgov {
namespace {

// JSON Schemas of every body the API takes or gives, by name.
const std::map<std::string_view, std::string_view>& Schemas() {
  static const std::map<std::string_view, std::string_view> kSchemas = {
      {"Error", R"({"type":"object","required":["error"],"properties":{"error":{"type":"object",
        "required":["code","message"],"properties":{"code":{"type":"string"},
        "message":{"type":"string"},"request_id":{"type":"string"}}}}})"},
      {"Health", R"({"type":"object","properties":{"status":{"const":"ok"}}})"},
      {"Ready", R"({"type":"object","properties":{"status":{"enum":["ready","not_ready"]},
        "checks":{"type":"object","additionalProperties":{"type":"string"}}}})"},
      {"OpenApi", R"({"type":"object","description":"An OpenAPI 3.1 document"})"},
      {"WhoAmI", R"({"type":"object","required":["department","role"],"properties":{
        "department":{"type":["string","null"]},
        "role":{"enum":["citizen","officer","dept_admin","admin","auditor"]},
        "key_id":{"type":"string"}}})"},
      {"Department", R"({"type":"object","properties":{"id":{"type":"string"},
        "name_en":{"type":"string"},"name_zh":{"type":"string"},
        "created_at":{"type":"string","format":"date-time"}}})"},
      {"DepartmentInput", R"({"type":"object","required":["id","name_en","name_zh"],
        "additionalProperties":false,"properties":{
        "id":{"type":"string","pattern":"^[a-z0-9][a-z0-9-]{0,31}$"},
        "name_en":{"type":"string","maxLength":200},"name_zh":{"type":"string","maxLength":200}}})"},
      {"DepartmentList", R"({"type":"object","properties":{"departments":{"type":"array",
        "items":{"$ref":"#/components/schemas/Department"}}}})"},
      {"ApiKey", R"({"type":"object","properties":{"id":{"type":"string"},
        "department":{"type":"string"},"role":{"type":"string"},"name":{"type":"string"},
        "created_at":{"type":"string"},"last_used_at":{"type":["string","null"]},
        "revoked_at":{"type":["string","null"]}}})"},
      {"ApiKeyList", R"({"type":"object","properties":{"keys":{"type":"array",
        "items":{"$ref":"#/components/schemas/ApiKey"}}}})"},
      {"ApiKeyInput", R"({"type":"object","required":["department","role"],
        "additionalProperties":false,"properties":{"department":{"type":"string"},
        "role":{"enum":["officer","dept_admin","admin","auditor"]},"name":{"type":"string"}}})"},
      {"IssuedApiKey", R"({"type":"object","properties":{"id":{"type":"string"},
        "key":{"type":"string","description":"the secret; shown only in this response"},
        "department":{"type":"string"},"role":{"type":"string"},"name":{"type":"string"}}})"},
      {"KbSearch", R"({"type":"object","properties":{"query":{"type":"string"},
        "results":{"type":"array","items":{"type":"object","properties":{
        "id":{"type":"string"},"department":{"type":"string"},"url":{"type":"string"},
        "score":{"type":"number"},"title":{"type":"string"},
        "titles":{"type":"object","additionalProperties":{"type":"string"}}}}}}})"},
      {"KbEntry", R"({"type":"object","required":["id"],"properties":{
        "id":{"type":"string"},"department":{"type":"string"},"url":{"type":"string"},
        "tags":{"type":"array","items":{"type":"string"}},
        "valid_from":{"type":"string","format":"date"},"valid_to":{"type":"string","format":"date"},
        "en":{"$ref":"#/components/schemas/KbText"},"zh-Hant":{"$ref":"#/components/schemas/KbText"}}})"},
      {"KbText", R"({"type":"object","required":["question","answer"],"properties":{
        "question":{"type":"string"},"alternatives":{"type":"array","items":{"type":"string"}},
        "answer":{"type":"string"}}})"},
      {"KbPutResult", R"({"type":"object","properties":{"id":{"type":"string"},
        "outcome":{"enum":["added","updated","unchanged"]}}})"},
      {"KbDeleteResult", R"({"type":"object","properties":{"id":{"type":"string"},
        "deleted":{"type":"boolean"}}})"},
  };
  return kSchemas;
}

void WriteRaw(JsonWriter& w, std::string_view json) {
  rapidjson::Document d;
  d.Parse(json.data(), json.size());
  d.Accept(w);
}

void WriteContent(JsonWriter& w, std::string_view schema) {
  w.Key("content");
  w.StartObject();
  if (schema == "text") {
    w.Key("text/plain");
    w.StartObject();
    w.Key("schema");
    WriteRaw(w, R"({"type":"string"})");
  } else {
    w.Key("application/json");
    w.StartObject();
    w.Key("schema");
    w.StartObject();
    w.Key("$ref");
    WriteString(w, "#/components/schemas/" + std::string(schema));
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
}

void WriteOperation(JsonWriter& w, const Route& r) {
  w.StartObject();
  w.Key("summary");
  WriteString(w, r.doc.summary);
  w.Key("operationId");
  std::string op_id = std::string(boost::beast::http::to_string(r.method));
  for (char c : r.pattern) op_id += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  WriteString(w, op_id);
  std::vector<std::string_view> params;
  for (std::size_t i = r.pattern.find('{'); i != std::string_view::npos;
       i = r.pattern.find('{', i + 1)) {
    params.push_back(r.pattern.substr(i + 1, r.pattern.find('}', i) - i - 1));
  }
  if (!params.empty()) {
    w.Key("parameters");
    w.StartArray();
    for (auto p : params) {
      w.StartObject();
      w.Key("name");
      WriteString(w, p);
      w.Key("in");
      w.String("path");
      w.Key("required");
      w.Bool(true);
      w.Key("schema");
      WriteRaw(w, R"({"type":"string"})");
      w.EndObject();
    }
    w.EndArray();
  }
  if (!r.doc.request_schema.empty()) {
    w.Key("requestBody");
    w.StartObject();
    w.Key("required");
    w.Bool(true);
    WriteContent(w, r.doc.request_schema);
    w.EndObject();
  }
  if (!r.roles.empty()) {
    w.Key("security");
    WriteRaw(w, R"([{"bearer":[]}])");
    w.Key("x-roles");
    w.StartArray();
    for (Role role : r.roles) WriteString(w, RoleName(role));
    w.EndArray();
  }
  w.Key("responses");
  w.StartObject();
  w.Key(std::to_string(r.doc.success_status).c_str());
  w.StartObject();
  w.Key("description");
  w.String("success");
  if (!r.doc.response_schema.empty()) WriteContent(w, r.doc.response_schema);
  w.EndObject();
  w.Key("default");
  w.StartObject();
  w.Key("description");
  w.String("error");
  WriteContent(w, "Error");
  w.EndObject();
  w.EndObject();
  w.EndObject();
}

}  // namespace

std::vector<std::string_view> OpenApiSchemaNames() {
  std::vector<std::string_view> names;
  for (const auto& [name, schema] : Schemas()) names.push_back(name);
  return names;
}

std::string BuildOpenApiDocument(const Router& router) {
  // Group routes by path, keeping table order.
  std::vector<std::string_view> paths;
  for (const auto& r : router.routes()) {
    if (std::find(paths.begin(), paths.end(), r.pattern) == paths.end()) paths.push_back(r.pattern);
  }
  return BuildJson([&](JsonWriter& w) {
    w.StartObject();
    w.Key("openapi");
    w.String("3.1.0");
    w.Key("info");
    WriteRaw(w, R"({"title":"smartgov","version":"0.1.0",
      "description":"Self-hosted AI platform for public services"})");
    w.Key("paths");
    w.StartObject();
    for (auto path : paths) {
      w.Key(path.data(), static_cast<rapidjson::SizeType>(path.size()));
      w.StartObject();
      for (const auto& r : router.routes()) {
        if (r.pattern != path) continue;
        std::string method(boost::beast::http::to_string(r.method));
        for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        w.Key(method.c_str());
        WriteOperation(w, r);
      }
      w.EndObject();
    }
    w.EndObject();
    w.Key("components");
    w.StartObject();
    w.Key("securitySchemes");
    WriteRaw(w, R"({"bearer":{"type":"http","scheme":"bearer","description":"smartgov API key"}})");
    w.Key("schemas");
    w.StartObject();
    for (const auto& [name, schema] : Schemas()) {
      w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
      WriteRaw(w, schema);
    }
    w.EndObject();
    w.EndObject();
    w.EndObject();
  });
}

}  // namespace smartgov
