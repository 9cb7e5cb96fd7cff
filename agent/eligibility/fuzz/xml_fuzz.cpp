// libFuzzer target over the 資格確認端末 XML answer and request parsers: any bytes must give a
// value or an Error, never a crash. Also linked into xml_exchange_test as a smoke test.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "agent/eligibility/xml_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace xml = kakunin::eligibility::xml;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto answer = xml::ParseAnswer(bytes);
  if (answer.ok()) {
    (void)xml::ToAnswer(*answer);
    // A parsed answer must survive a write/parse round trip.
    auto written = xml::WriteAnswer(*answer);
    if (written.ok()) (void)xml::ParseAnswer(*written);
  }
  (void)xml::ParseRequest(bytes);
  return 0;
}
