// Core primitives on the request path: reading a JSON request body into a struct,
// writing a JSON response, minting a record id, hashing an API key.
//
// Baseline (bench/RESULTS.md): RapidJSON parse + serialize of a 1.3 KB message
// takes ~4 µs (nlohmann::json ~15 µs); BM_ParseAndBuildJson is the comparable number.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/ids.h"
#include "core/json.h"

namespace smartgov {
namespace {

// What a citizen's message looks like once parsed at the edge.
struct CitizenMessage {
  std::string text;
  std::string lang;
  std::string channel;
  std::string conversation_id;
  std::optional<bool> stream;
  std::optional<std::int64_t> max_citations;
};

struct Citation {
  std::string id;
  std::string title;
  std::string url;
};

// An enquiry of the kind the 1823 hotline gets, mixing English and Chinese.
constexpr char kQuestion[] =
    "Hello, I lost my Hong Kong identity card last week while travelling on the MTR between "
    "Admiralty and Tsuen Wan. I reported it to the police at the station and was given a "
    "memo with a reference number. I would like to know how to apply for a replacement card, "
    "whether I need to make an appointment online first, which documents I should bring to the "
    "Registration of Persons office, how much the replacement fee is, and how long it takes "
    "before I can collect the new card. 另外，我想問在等候新身份證期間，可以用甚麼文件證明身份？"
    "我下個月要出境去深圳，用回鄉證同收據是否足夠？ My elderly mother, who is 72, also needs to "
    "renew her card under the territory-wide replacement exercise; can she go to a Smart "
    "Identity Card Replacement Centre without an appointment, and can I accompany her and "
    "help fill in the forms? I also moved flat in March, from Sha Tin to Tseung Kwan O, and "
    "have not yet updated my address with the government: should I do that at the same visit, "
    "and do I need a utility bill or a tenancy agreement as proof of the new address? Please "
    "reply in English. Thank you very much for your help.";

std::string RequestBody() {
  return BuildJson([](JsonWriter& w) {
    w.StartObject();
    w.Key("text");
    WriteString(w, kQuestion);
    w.Key("lang");
    w.String("en");
    w.Key("channel");
    w.String("web");
    w.Key("conversation_id");
    w.String("cv_01JD3Q8W2F4K9M7T5V6X8Y0Z1A");
    w.Key("stream");
    w.Bool(false);
    w.Key("max_citations");
    w.Int(3);
    w.EndObject();
  });
}

Status ReadCitizenMessage(std::string_view body, CitizenMessage* out) {
  SG_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(body));
  JsonObjectReader r(doc);
  r.RequiredString("text", &out->text, 4000);
  r.OptionalString("lang", &out->lang, 16);
  r.OptionalString("channel", &out->channel, 16);
  r.OptionalString("conversation_id", &out->conversation_id, 64);
  r.OptionalBool("stream", &out->stream);
  r.OptionalInt("max_citations", &out->max_citations);
  return r.Finish();
}

// The answer object of DESIGN.md, about the size of the request.
std::string AnswerBody(const std::string& conversation_id) {
  static const Citation kCitations[] = {
      {"kb_01JD3Q8W2F4K9M7T5V6X8Y0Z1B", "Replacement of lost Hong Kong identity card",
       "https://www.immd.gov.hk/eng/services/hkid/replacement.html"},
      {"kb_01JD3Q8W2F4K9M7T5V6X8Y0Z1C", "Fees for identity card services",
       "https://www.immd.gov.hk/eng/services/hkid/fees.html"},
      {"kb_01JD3Q8W2F4K9M7T5V6X8Y0Z1D", "Smart Identity Card Replacement Exercise",
       "https://www.immd.gov.hk/eng/services/hkid/smartid-replacement.html"},
  };
  return BuildJson([&](JsonWriter& w) {
    w.StartObject();
    w.Key("conversation_id");
    WriteString(w, conversation_id);
    w.Key("answer");
    w.String(
        "To replace a lost identity card, book an appointment online or by phone and bring the "
        "police memo, your travel documents and proof of address to any Registration of Persons "
        "office. The replacement fee is HK$370 unless the card was stolen and you have a police "
        "report. The new card is usually ready for collection 10 working days after you apply; "
        "until then the acknowledgement of application serves as proof of identity in Hong "
        "Kong, but it is not a travel document, so for your trip to Shenzhen carry your Home "
        "Return Permit. Persons aged 65 or above may visit a Smart Identity Card Replacement "
        "Centre without an appointment and may be accompanied by one relative or helper.");
    w.Key("lang");
    w.String("en");
    w.Key("confidence");
    w.Double(0.87);
    w.Key("citations");
    w.StartArray();
    for (const auto& c : kCitations) {
      w.StartObject();
      w.Key("id");
      WriteString(w, c.id);
      w.Key("title");
      WriteString(w, c.title);
      w.Key("url");
      WriteString(w, c.url);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  });
}

void BM_ParseJsonObject(benchmark::State& state) {
  const std::string body = RequestBody();
  for (auto _ : state) {
    auto doc = ParseJsonObject(body);
    benchmark::DoNotOptimize(doc);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
  state.counters["body_bytes"] = static_cast<double>(body.size());
}
BENCHMARK(BM_ParseJsonObject);

// ParseJsonObject plus JsonObjectReader: a request body into its struct.
void BM_ReadRequestBody(benchmark::State& state) {
  const std::string body = RequestBody();
  for (auto _ : state) {
    CitizenMessage m;
    Status s = ReadCitizenMessage(body, &m);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    benchmark::DoNotOptimize(m);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
  state.counters["body_bytes"] = static_cast<double>(body.size());
}
BENCHMARK(BM_ReadRequestBody);

void BM_BuildJson(benchmark::State& state) {
  const std::string id = "cv_01JD3Q8W2F4K9M7T5V6X8Y0Z1A";
  std::size_t size = 0;
  for (auto _ : state) {
    std::string out = AnswerBody(id);
    size = out.size();
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(size));
  state.counters["body_bytes"] = static_cast<double>(size);
}
BENCHMARK(BM_BuildJson);

// Read the request into its struct, then write the answer: the figure to set
// beside the RapidJSON (~4 µs) and nlohmann (~15 µs) baselines.
void BM_ParseAndBuildJson(benchmark::State& state) {
  const std::string body = RequestBody();
  for (auto _ : state) {
    CitizenMessage m;
    Status s = ReadCitizenMessage(body, &m);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    std::string out = AnswerBody(m.conversation_id);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
}
BENCHMARK(BM_ParseAndBuildJson);

void BM_NewRecordId(benchmark::State& state) {
  SystemClock clock;
  const Timestamp now = clock.Now();
  for (auto _ : state) {
    std::string id = NewRecordId("msg", now);
    benchmark::DoNotOptimize(id);
  }
}
BENCHMARK(BM_NewRecordId);

// Hashing the presented key is the first step of authenticating every request.
void BM_Sha256HexApiKey(benchmark::State& state) {
  const std::string key = "sgk_" + RandomToken(32);
  for (auto _ : state) {
    std::string hash = Sha256Hex(key);
    benchmark::DoNotOptimize(hash);
  }
}
BENCHMARK(BM_Sha256HexApiKey);

}  // namespace
}  // namespace smartgov
