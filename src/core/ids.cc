#include "core/ids.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <random>

#include "core/assert.h"

namespace smartgov {
namespace {

constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void EnsureSodium() {
  // sodium_init is idempotent and thread-safe; it returns 1 when already initialised.
  [[maybe_unused]] static const int kInit = sodium_init();
  SG_ASSERT(kInit >= 0);
}

}  // namespace

std::string NewRecordId(std::string_view prefix, Timestamp now) {
  EnsureSodium();
  std::array<unsigned char, 16> raw{};
  auto ms = static_cast<std::uint64_t>(now);
  for (int i = 5; i >= 0; --i) {
    raw[static_cast<std::size_t>(i)] = static_cast<unsigned char>(ms & 0xff);
    ms >>= 8;
  }
  randombytes_buf(raw.data() + 6, 10);
  // 128 bits -> 26 base32 digits (the first carries 3 bits).
  std::string out(prefix);
  if (!out.empty()) out += '_';
  // Read the 128 bits five at a time from the top, the first digit taking the top 3.
  char digits[26];
  int bit = -2;  // position in the bit string; the first digit covers bits -2..2
  for (char& d : digits) {
    int value = 0;
    for (int k = 0; k < 5; ++k, ++bit) {
      int b = 0;
      if (bit >= 0) b = (raw[static_cast<std::size_t>(bit / 8)] >> (7 - bit % 8)) & 1;
      value = (value << 1) | b;
    }
    d = kCrockford[value];
  }
  out.append(digits, 26);
  return out;
}

std::string NewRequestId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t v = rng();
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kHex[v & 15];
    v >>= 4;
  }
  return out;
}

std::string RandomToken(std::size_t bytes) {
  EnsureSodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string Sha256Hex(std::string_view data) {
  EnsureSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  std::string hex(crypto_hash_sha256_BYTES * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest, sizeof digest);
  hex.pop_back();
  return hex;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace smartgov
