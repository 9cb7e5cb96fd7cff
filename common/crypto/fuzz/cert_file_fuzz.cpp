// libFuzzer target over the reader of a certificate file that is not ours (the 資格確認端末's,
// at a path HQ names): arbitrary bytes as PEM or DER. Nothing may crash, and what is accepted
// must carry a notAfter and stay within the bounds HQ's screens rely on.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/crypto/cert_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto facts = kakunin::crypto::ParseCertificateFile(bytes);
  if (facts.ok()) {
    if (facts->not_after == 0 || facts->subject.size() > 256 || facts->serial_hex.size() > 64) {
      abort();
    }
    if (bytes.find("PRIVATE KEY") != std::string_view::npos) abort();
  }
  return 0;
}
