#pragma once
// The seam between the protocol layers and the reader: one raw command APDU in, one raw
// response APDU out. PcscCard implements it over PC/SC; unit tests use a fake.

#include "common/core/bytes.h"
#include "common/core/result.h"

namespace kakunin::card {

class CardTransport {
 public:
  virtual ~CardTransport() = default;
  // Sends `command` (a complete encoded C-APDU) and returns the complete R-APDU (data + SW1 SW2)
  // or an Error with a "card.*" reason (card removed, reader gone, ...).
  virtual Result<Bytes> Transmit(ByteView command) = 0;
};

}  // namespace kakunin::card
