// The PC/SC error mapping: each failure staff can meet has its own reason id, and the same
// code means different things before and during a card session.

// Only the return-code constants; <winscard.h> stays private to pcsc.cpp.
#include <gtest/gtest.h>
#ifdef _WIN32
#include <winscard.h>  // WinSCard keeps the codes in scarderr.h, which this includes
#else
#include <pcsclite.h>
#endif

#include "agent/card/pcsc.h"

namespace kakunin::card {
namespace {

TEST(PcscErrorTest, ReasonsPerCode) {
  struct Case {
    long rv;
    PcscOperation op;
    const char* reason;
    ErrorCode code;
  };
  const Case cases[] = {
      {SCARD_E_NO_SERVICE, PcscOperation::kEstablish, "card.no_service", ErrorCode::kUnavailable},
      {SCARD_E_NO_READERS_AVAILABLE, PcscOperation::kListReaders, "card.no_reader",
       ErrorCode::kNotFound},
      {SCARD_E_UNKNOWN_READER, PcscOperation::kConnect, "card.no_reader", ErrorCode::kNotFound},
      {SCARD_E_UNKNOWN_READER, PcscOperation::kWait, "card.reader_gone", ErrorCode::kUnavailable},
      {SCARD_E_READER_UNAVAILABLE, PcscOperation::kTransmit, "card.reader_gone",
       ErrorCode::kUnavailable},
      {SCARD_E_NO_SMARTCARD, PcscOperation::kConnect, "card.no_card", ErrorCode::kNotFound},
      {SCARD_E_NO_SMARTCARD, PcscOperation::kTransmit, "card.removed", ErrorCode::kUnavailable},
      {SCARD_W_REMOVED_CARD, PcscOperation::kTransmit, "card.removed", ErrorCode::kUnavailable},
      {SCARD_E_SHARING_VIOLATION, PcscOperation::kConnect, "card.busy", ErrorCode::kUnavailable},
      {SCARD_E_TIMEOUT, PcscOperation::kWait, "card.timeout", ErrorCode::kDeadlineExceeded},
      {SCARD_E_CANCELLED, PcscOperation::kWait, "card.cancelled", ErrorCode::kCancelled},
      {SCARD_W_UNRESPONSIVE_CARD, PcscOperation::kConnect, "card.unresponsive",
       ErrorCode::kUnavailable},
      {SCARD_E_PROTO_MISMATCH, PcscOperation::kConnect, "card.unsupported",
       ErrorCode::kFailedPrecondition},
      {SCARD_E_NOT_TRANSACTED, PcscOperation::kTransmit, "card.transmit_failed",
       ErrorCode::kUnavailable},
      {SCARD_F_COMM_ERROR, PcscOperation::kWait, "card.no_service", ErrorCode::kUnavailable},
      {SCARD_F_INTERNAL_ERROR, PcscOperation::kWait, "card.pcsc_error", ErrorCode::kInternal},
  };
  for (const Case& c : cases) {
    Error e = PcscError(c.rv, c.op, "Virtual PCD 00 00");
    EXPECT_EQ(e.reason(), c.reason) << std::hex << c.rv;
    EXPECT_EQ(e.code(), c.code) << std::hex << c.rv;
    EXPECT_FALSE(e.message().empty());
  }
}

TEST(PcscErrorTest, MessageNamesTheReaderAndTheCode) {
  Error e = PcscError(SCARD_E_SHARING_VIOLATION, PcscOperation::kConnect, "Virtual PCD 00 00");
  EXPECT_NE(e.message().find("Virtual PCD 00 00"), std::string::npos);
  EXPECT_NE(e.message().find("0x8010000B"), std::string::npos);
  EXPECT_NE(e.message().find("another program"), std::string::npos);
}

}  // namespace
}  // namespace kakunin::card
