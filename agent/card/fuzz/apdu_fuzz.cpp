// libFuzzer target: everything in the card layer that parses bytes coming from a card or a
// reader. The first input byte picks the target; the rest is the hostile input.
//   0: R-APDU parsing          1: TLV header           2: certificate size / extraction
//   3: deny-list on a command  4: a whole probe against a card whose answers are the input
// Invariant violations trap, so the fuzzer reports them like crashes.

#include <cstddef>
#include <cstdint>

#include "agent/card/apdu.h"
#include "agent/card/apdu_channel.h"
#include "agent/card/deny_list.h"
#include "agent/card/fuzz/input_card.h"
#include "agent/card/jpki.h"
#include "agent/card/probe.h"

namespace {

using kakunin::Bytes;
using kakunin::ByteView;
namespace card = kakunin::card;

using kakunin::card::fuzz::Check;
using kakunin::card::fuzz::InputCard;

void FuzzTlv(ByteView in) {
  auto header = card::ReadTlvHeader(in);
  if (header.ok()) Check(header->header_size <= in.size() && header->header_size >= 2);
}

void FuzzCertificate(ByteView in) {
  auto size = card::CertificateDerSize(in);
  auto cert = card::ExtractCertificate(in);
  if (cert.ok()) {
    Check(size.ok() && cert->size() == *size && cert->size() <= in.size());
  }
}

void FuzzProbe(ByteView in) {
  InputCard transport(in);
  card::ApduChannel channel(transport);
  card::JpkiCard jpki(channel);
  auto probe = card::ProbeReader(jpki);
  if (probe.ok() && probe->extended_apdu) Check(!probe->certificate.empty());
  // A hostile card must not make the channel loop: every APDU consumed at least 2 input bytes.
  Check(channel.counters().apdus <= in.size() / 2 + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const ByteView in(data + 1, size - 1);
  switch (data[0] % 5) {
    case 0: {
      auto response = card::ParseResponse(in);
      Check(response.ok() == (in.size() >= 2));
      if (response.ok()) Check(response->data.size() == in.size() - 2);
      break;
    }
    case 1:
      FuzzTlv(in);
      break;
    case 2:
      FuzzCertificate(in);
      break;
    case 3:
      (void)card::IsForbiddenSelect(in);
      break;
    case 4:
      FuzzProbe(in);
      break;
  }
  return 0;
}
