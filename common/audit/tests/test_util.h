#pragma once
// Chains, keys and heads for the audit tests.

#include <openssl/evp.h>

#include <string>
#include <vector>

#include "common/audit/chain.h"
#include "common/audit/record.h"
#include "common/crypto/keys.h"

namespace kakunin::audit::testing {

// 2025-04-01T00:00:00Z; records are a minute apart.
inline constexpr int64_t kT0 = 1743465600000000;
inline constexpr int64_t kMinute = 60'000'000;

inline Record Fields(uint64_t i) {
  Record r;
  r.at_us = kT0 + static_cast<int64_t>(i) * kMinute;
  r.event = i % 3 == 0 ? "user.login" : "check.result";
  r.actor = i % 3 == 0 ? "user:admin" : "device:dev-12ab";
  r.site_id = "site-001";
  r.device_id = i % 3 == 0 ? "" : "dev-12ab";
  r.subject = "chk-" + std::to_string(i);
  r.details = "{\"n\":" + std::to_string(i) + "}";
  return r;
}

// Records 1..n, as the server would write them.
inline std::vector<Record> BuildChain(uint64_t n) {
  ChainAppender chain;
  std::vector<Record> out;
  for (uint64_t i = 1; i <= n; ++i) out.push_back(chain.Append(Fields(i)));
  return out;
}

inline crypto::EvpPkeyPtr NewKey() {
  auto key = crypto::GenerateEd25519Key();
  return key.ok() ? std::move(key).value() : nullptr;
}

// The head of size `size` over `chain` (records 1..), signed at kT0 + size minutes.
inline SignedHead HeadOver(const std::vector<Record>& chain, uint64_t size, const EVP_PKEY* key) {
  Bytes root = size == 0 ? Bytes(kHashSize, 0) : chain.at(size - 1).hash;
  auto h = SignHead(size, root, kT0 + static_cast<int64_t>(size) * kMinute, KeyIdFor(key), key);
  return h.ok() ? std::move(h).value() : SignedHead{};
}

}  // namespace kakunin::audit::testing
