// libFuzzer target: the enrollment bundle (common/crypto/enroll_bundle.h), typed or scanned at
// a store from a string anyone may hand over. Invariants (a violation traps): a bundle that
// parses has 1 to 8 servers, a 64-digit lower-case CA fingerprint, a site and a token of at
// most 64 characters (HQ's limits); formatted again it parses to the same bundle; anything
// else is bundle.malformed.

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/crypto/enroll_bundle.h"

namespace {

namespace crypto = kakunin::crypto;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto bundle = crypto::ParseEnrollBundle(text);
  if (!bundle.ok()) {
    Check(bundle.error().reason() == "bundle.malformed");
    return 0;
  }
  Check(!bundle->servers.empty() && bundle->servers.size() <= 8);
  Check(bundle->ca_sha256_hex.size() == 64 &&
        bundle->ca_sha256_hex.find_first_not_of("0123456789abcdef") == std::string::npos);
  Check(!bundle->site_id.empty() && bundle->site_id.size() <= 64);
  Check(!bundle->token.empty() && bundle->token.size() <= 64);
  auto again = crypto::ParseEnrollBundle(crypto::FormatEnrollBundle(*bundle));
  Check(again.ok());
  Check(again->servers == bundle->servers && again->ca_sha256_hex == bundle->ca_sha256_hex &&
        again->site_id == bundle->site_id && again->token == bundle->token);
  return 0;
}
