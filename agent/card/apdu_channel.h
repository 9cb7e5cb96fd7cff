#pragma once
// One conversation with a card: every command the protocol layers send passes through here,
// so this is where the privacy deny-list is enforced, status words 61xx/6Cxx are followed, and
// APDUs and bytes are counted (a check should take as few round trips as possible).

#include <cstdint>

#include "agent/card/apdu.h"
#include "agent/card/transport.h"
#include "common/core/bytes.h"
#include "common/core/result.h"

namespace kakunin::card {

struct ApduCounters {
  uint32_t apdus = 0;      // commands handed to the transport (GET RESPONSE and re-sends too)
  uint64_t bytes_out = 0;  // encoded command bytes
  uint64_t bytes_in = 0;   // response bytes including SW1 SW2
};

class ApduChannel {
 public:
  explicit ApduChannel(CardTransport& transport) : transport_(transport) {}
  ApduChannel(const ApduChannel&) = delete;
  ApduChannel& operator=(const ApduChannel&) = delete;

  // Encodes and sends `command`. On 61xx fetches the rest with GET RESPONSE (bounded); on 6Cxx
  // re-sends once with Le = xx. Returns the final response whatever its status word; errors
  // are transport failures, refused commands and malformed responses.
  Result<ResponseApdu> Exchange(const CommandApdu& command);

  const ApduCounters& counters() const { return counters_; }
  void ResetCounters() { counters_ = {}; }

 private:
  // One command through the deny-list to the transport; `sensitive` hides the data in logs.
  Result<ResponseApdu> TransmitOnce(ByteView encoded, bool sensitive);
  Result<ResponseApdu> FollowGetResponse(const CommandApdu& command, ResponseApdu first);

  CardTransport& transport_;
  ApduCounters counters_;
};

}  // namespace kakunin::card
