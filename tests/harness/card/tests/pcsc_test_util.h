#pragma once
// A minimal PC/SC client for the harness's own tests: connect T=1 to a reader and transmit.

#include <PCSC/winscard.h>

#include <string>

#include "common/core/bytes.h"
#include "common/core/result.h"

namespace kakunin::testing {

class PcscCard {
 public:
  ~PcscCard() {
    if (card_) SCardDisconnect(card_, SCARD_RESET_CARD);
    if (ctx_) SCardReleaseContext(ctx_);
  }

  Status Connect(const std::string& reader) {
    LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &ctx_);
    if (rv == SCARD_S_SUCCESS) {
      rv = SCardConnect(ctx_, reader.c_str(), SCARD_SHARE_EXCLUSIVE, SCARD_PROTOCOL_T1, &card_,
                        &protocol_);
    }
    if (rv != SCARD_S_SUCCESS) {
      return MakeError(ErrorCode::kUnavailable, "pcsc", pcsc_stringify_error(rv));
    }
    return OkStatus();
  }

  Result<Bytes> Atr() {
    BYTE atr[MAX_ATR_SIZE];
    DWORD atr_len = sizeof(atr), state = 0, protocol = 0, name_len = 0;
    const LONG rv = SCardStatus(card_, nullptr, &name_len, &state, &protocol, atr, &atr_len);
    if (rv != SCARD_S_SUCCESS) {
      return MakeError(ErrorCode::kUnavailable, "pcsc", pcsc_stringify_error(rv));
    }
    return Bytes(atr, atr + atr_len);
  }

  // Sends hex ("00 A4 ..."), returns the whole response including SW1 SW2.
  Result<Bytes> Transmit(std::string_view hex) {
    KAKUNIN_ASSIGN_OR_RETURN(Bytes command, FromHex(hex));
    Bytes response(MAX_BUFFER_SIZE_EXTENDED);
    DWORD len = static_cast<DWORD>(response.size());
    const LONG rv =
        SCardTransmit(card_, SCARD_PCI_T1, command.data(), static_cast<DWORD>(command.size()),
                      nullptr, response.data(), &len);
    if (rv != SCARD_S_SUCCESS) {
      return MakeError(ErrorCode::kUnavailable, "pcsc", pcsc_stringify_error(rv));
    }
    response.resize(len);
    return response;
  }

  DWORD protocol() const { return protocol_; }

 private:
  SCARDCONTEXT ctx_ = 0;
  SCARDHANDLE card_ = 0;
  DWORD protocol_ = 0;
};

inline uint16_t Sw(const Bytes& response) {
  return response.size() < 2
             ? 0
             : static_cast<uint16_t>((response[response.size() - 2] << 8) | response.back());
}

}  // namespace kakunin::testing
