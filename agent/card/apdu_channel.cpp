#include "agent/card/apdu_channel.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "agent/card/deny_list.h"
#include "agent/card/secure_wipe.h"

namespace kakunin::card {
namespace {

constexpr uint8_t kInsGetResponse = 0xC0;
// 256 GET RESPONSE rounds of 256 bytes cover the largest extended answer; a card that keeps
// saying 61xx beyond that is broken or hostile.
constexpr int kMaxGetResponseRounds = 256;
constexpr size_t kMaxResponseData = kMaxExtendedNe;

// Commands whose data field is a PIN or other reference data: never shown in logs.
bool IsSensitive(uint8_t ins) { return ins == 0x20 || ins == 0x24 || ins == 0x2C; }

}  // namespace

Result<ResponseApdu> ApduChannel::TransmitOnce(ByteView encoded, bool sensitive) {
  if (Status allowed = CheckCommandAllowed(encoded); !allowed.ok()) {
    // Logged as an internal error: our own code asked for something it must never do.
    spdlog::error("internal error: {} (command header {})", allowed.error().ToString(),
                  ToSpacedHex(encoded.first(std::min<size_t>(4, encoded.size()))));
    return allowed.error();
  }
  if (sensitive) {
    spdlog::trace("card > {} [data hidden]",
                  ToSpacedHex(encoded.first(std::min<size_t>(4, encoded.size()))));
  } else {
    spdlog::trace("card > {}", ToSpacedHex(encoded));
  }
  ++counters_.apdus;
  counters_.bytes_out += encoded.size();
  KAKUNIN_ASSIGN_OR_RETURN(Bytes raw, transport_.Transmit(encoded));
  counters_.bytes_in += raw.size();
  KAKUNIN_ASSIGN_OR_RETURN(ResponseApdu response, ParseResponse(raw));
  // Response data can be a certificate: log only its size and the status word.
  spdlog::trace("card < {} data bytes, SW {}", response.data.size(), StatusWordText(response.sw()));
  return response;
}

Result<ResponseApdu> ApduChannel::FollowGetResponse(const CommandApdu& command,
                                                    ResponseApdu response) {
  Bytes data = std::move(response.data);
  // GET RESPONSE is an interindustry command: keep only the logical-channel bits of the CLA.
  const uint8_t cla = (command.cla & 0x80) != 0 ? 0x00 : (command.cla & 0x03);
  for (int round = 0; response.sw1 == 0x61; ++round) {
    if (round >= kMaxGetResponseRounds || data.size() > kMaxResponseData) {
      return MakeError(ErrorCode::kDataLoss, "card.bad_response",
                       "card kept answering 61xx beyond 64 KiB of data");
    }
    CommandApdu get{.cla = cla, .ins = kInsGetResponse};
    get.ne = response.sw2 == 0 ? kMaxShortNe : response.sw2;
    KAKUNIN_ASSIGN_OR_RETURN(Bytes encoded, EncodeCommand(get));
    KAKUNIN_ASSIGN_OR_RETURN(response, TransmitOnce(encoded, false));
    data.insert(data.end(), response.data.begin(), response.data.end());
  }
  response.data = std::move(data);
  return response;
}

Result<ResponseApdu> ApduChannel::Exchange(const CommandApdu& command) {
  const bool sensitive = IsSensitive(command.ins);
  KAKUNIN_ASSIGN_OR_RETURN(Bytes encoded, EncodeCommand(command));
  // A VERIFY command holds the PIN: no copy of it outlives this call.
  WipeOnExit wipe(encoded);
  KAKUNIN_ASSIGN_OR_RETURN(ResponseApdu response, TransmitOnce(encoded, sensitive));
  if (response.sw1 == 0x6C) {
    // Wrong Le: the card tells the exact length; ask once more with it.
    CommandApdu again = command;
    again.ne = response.sw2 == 0 ? kMaxShortNe : response.sw2;
    again.force_extended = false;
    Result<Bytes> encoded_again = EncodeCommand(again);
    if (sensitive) SecureWipe(again.data);
    if (!encoded_again.ok()) return encoded_again.error();
    SecureWipe(encoded);
    encoded = std::move(encoded_again).value();
    KAKUNIN_ASSIGN_OR_RETURN(response, TransmitOnce(encoded, sensitive));
  }
  if (response.sw1 == 0x61) return FollowGetResponse(command, std::move(response));
  return response;
}

}  // namespace kakunin::card
