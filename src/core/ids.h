// Identifiers and secrets.
//
// Record ids are ULID-shaped: 48 bits of milliseconds then 80 random bits,
// Crockford base32, so they sort by creation time (kind to B-tree indexes)
// yet cannot be guessed or enumerated.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"

namespace smartgov {

// "tk_01JD3Q8W2F4K9M7T5V6X8Y0Z1A". `prefix` names the kind of record. Thread-safe.
std::string NewRecordId(std::string_view prefix, Timestamp now);

// 16 hex characters; unique enough to find one request in the logs, not a secret. Thread-safe.
std::string NewRequestId();

// `bytes` bytes from the operating system's CSPRNG, base64url without padding. Thread-safe.
std::string RandomToken(std::size_t bytes);

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Compares in time independent of where the inputs differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace smartgov
