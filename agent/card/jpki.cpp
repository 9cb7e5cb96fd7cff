#include "agent/card/jpki.h"

#include <algorithm>
#include <string>

#include "agent/card/secure_wipe.h"

namespace kakunin::card {
namespace {

constexpr uint8_t kInsSelect = 0xA4;
constexpr uint8_t kInsReadBinary = 0xB0;
constexpr uint8_t kInsVerify = 0x20;
constexpr uint8_t kInsSign = 0x2A;
constexpr uint8_t kP1ByName = 0x04;
constexpr uint8_t kP1EfUnderDf = 0x02;
constexpr uint8_t kP2NoFci = 0x0C;
constexpr uint8_t kP2UserAuthPin = 0x80;  // VERIFY reference: the PIN of the selected EF
constexpr uint16_t kSwFileNotFound = 0x6A82;
constexpr uint16_t kSwSecurityNotSatisfied = 0x6982;
constexpr uint16_t kSwAuthBlocked = 0x6983;
constexpr uint16_t kSwRefDataBlocked = 0x6984;
constexpr uint16_t kSwEndOfFile = 0x6282;
constexpr size_t kRsa2048SignatureSize = 256;
// READ BINARY offsets are 15 bits (P1 bit 8 set would mean a short EF identifier).
constexpr size_t kMaxReadOffset = 0x7FFF;

std::string FileIdText(uint16_t file_id) {
  return ToHex(Bytes{static_cast<uint8_t>(file_id >> 8), static_cast<uint8_t>(file_id & 0xFF)});
}

bool IsLockedStatus(uint16_t sw) { return sw == kSwAuthBlocked || sw == kSwRefDataBlocked; }

Error PinLocked() {
  return MakeError(ErrorCode::kFailedPrecondition, "card.pin_locked",
                   "the user-authentication PIN is locked; only the city office can reset it");
}

}  // namespace

Error UnexpectedStatus(std::string_view what, uint16_t sw) {
  return MakeError(ErrorCode::kDataLoss, "card.unexpected_sw",
                   std::string(what) + " answered " + StatusWordText(sw));
}

bool IsValidUserAuthPin(std::string_view pin) {
  return pin.size() == 4 &&
         std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status JpkiCard::SelectApplication() {
  CommandApdu select{.cla = 0x00, .ins = kInsSelect, .p1 = kP1ByName, .p2 = kP2NoFci};
  select.data.assign(std::begin(kJpkiAid), std::end(kJpkiAid));
  KAKUNIN_ASSIGN_OR_RETURN(ResponseApdu response, channel_.Exchange(select));
  if (response.ok()) return OkStatus();
  if (response.sw() == kSwFileNotFound) {
    return MakeError(ErrorCode::kNotFound, "card.jpki_missing",
                     "the card has no JPKI application (not a My Number Card?)");
  }
  return UnexpectedStatus("SELECT JPKI application", response.sw());
}

Status JpkiCard::SelectFile(uint16_t file_id) {
  CommandApdu select{.cla = 0x00, .ins = kInsSelect, .p1 = kP1EfUnderDf, .p2 = kP2NoFci};
  select.data = {static_cast<uint8_t>(file_id >> 8), static_cast<uint8_t>(file_id & 0xFF)};
  KAKUNIN_ASSIGN_OR_RETURN(ResponseApdu response, channel_.Exchange(select));
  if (response.ok()) return OkStatus();
  if (response.sw() == kSwFileNotFound) {
    return MakeError(ErrorCode::kDataLoss, "card.file_missing",
                     "JPKI file " + FileIdText(file_id) + " not found on the card");
  }
  return UnexpectedStatus("SELECT EF " + FileIdText(file_id), response.sw());
}

Result<ResponseApdu> JpkiCard::ReadBinaryExtended() {
  // Le = 00 00 00: "as much as the file holds", up to 65536 bytes, in one command.
  CommandApdu read{.cla = 0x00, .ins = kInsReadBinary, .ne = kMaxExtendedNe};
  read.force_extended = true;
  return channel_.Exchange(read);
}

Result<Bytes> JpkiCard::ReadCertificateInChunks() {
  Bytes file;
  size_t total = kShortReadChunk;  // until the DER header of the first chunk says more
  while (file.size() < total) {
    const size_t offset = file.size();
    if (offset > kMaxReadOffset) {
      return MakeError(ErrorCode::kDataLoss, "card.bad_certificate",
                       "certificate larger than short READ BINARY can address");
    }
    CommandApdu read{.cla = 0x00,
                     .ins = kInsReadBinary,
                     .p1 = static_cast<uint8_t>(offset >> 8),
                     .p2 = static_cast<uint8_t>(offset & 0xFF)};
    read.ne = std::min(kShortReadChunk, total - offset);
    KAKUNIN_ASSIGN_OR_RETURN(ResponseApdu response, channel_.Exchange(read));
    if (!response.ok() && response.sw() != kSwEndOfFile) {
      return UnexpectedStatus("READ BINARY at offset " + std::to_string(offset), response.sw());
    }
    if (response.data.empty()) {
      return MakeError(ErrorCode::kDataLoss, "card.certificate_truncated",
                       "READ BINARY returned no data at offset " + std::to_string(offset));
    }
    file.insert(file.end(), response.data.begin(), response.data.end());
    if (offset == 0) {
      KAKUNIN_ASSIGN_OR_RETURN(total, CertificateDerSize(file));
    }
    if (response.sw() == kSwEndOfFile) break;
  }
  return ExtractCertificate(file);
}

Result<PinStatus> JpkiCard::QueryPinStatus() {
  KAKUNIN_RETURN_IF_ERROR(SelectFile(kEfUserAuthPin));
  // VERIFY without data (case 1) reports the counter and spends nothing.
  CommandApdu query{.cla = 0x00, .ins = kInsVerify, .p1 = 0x00, .p2 = kP2UserAuthPin};
  KAKUNIN_ASSIGN_OR_RETURN(ResponseApdu response, channel_.Exchange(query));
  PinStatus status;
  if (response.ok()) {
    status.verified = true;
  } else if (response.sw1 == 0x63 && (response.sw2 & 0xF0) == 0xC0) {
    status.tries_left = response.sw2 & 0x0F;
  } else if (IsLockedStatus(response.sw())) {
    status.tries_left = 0;
  } else {
    return UnexpectedStatus("PIN retry query", response.sw());
  }
  return status;
}

Status JpkiCard::VerifyPin(std::string_view pin, std::optional<int>* tries_left) {
  if (!IsValidUserAuthPin(pin)) {
    // Says what is wrong with the format, never what was typed.
    return MakeError(ErrorCode::kInvalidArgument, "card.pin_format",
                     "the PIN must be exactly 4 digits");
  }
  CommandApdu verify{.cla = 0x00, .ins = kInsVerify, .p1 = 0x00, .p2 = kP2UserAuthPin};
  verify.data.assign(pin.begin(), pin.end());
  Result<ResponseApdu> sent = channel_.Exchange(verify);
  SecureWipe(verify.data);
  if (!sent.ok()) return sent.error();
  const ResponseApdu& response = *sent;
  if (response.ok()) {
    if (tries_left) *tries_left = kUserAuthPinMaxTries;  // a correct PIN resets the counter
    return OkStatus();
  }
  if (response.sw1 == 0x63 && (response.sw2 & 0xF0) == 0xC0) {
    const int left = response.sw2 & 0x0F;
    if (tries_left) *tries_left = left;
    if (left == 0) return PinLocked();
    return MakeError(ErrorCode::kUnauthenticated, "card.pin_wrong",
                     "wrong PIN; " + std::to_string(left) + " tries left");
  }
  if (IsLockedStatus(response.sw())) {
    if (tries_left) *tries_left = 0;
    return PinLocked();
  }
  return UnexpectedStatus("VERIFY", response.sw());
}

Result<Bytes> JpkiCard::SignDigestInfo(ByteView digest_info) {
  KAKUNIN_RETURN_IF_ERROR(SelectFile(kEfUserAuthKey));
  CommandApdu sign{.cla = 0x80, .ins = kInsSign, .p1 = 0x00, .p2 = 0x80};
  sign.data.assign(digest_info.begin(), digest_info.end());
  sign.ne = kMaxShortNe;
  KAKUNIN_ASSIGN_OR_RETURN(ResponseApdu response, channel_.Exchange(sign));
  if (response.sw() == kSwSecurityNotSatisfied) {
    return MakeError(ErrorCode::kFailedPrecondition, "card.not_verified",
                     "the card refused to sign: PIN not verified");
  }
  if (!response.ok()) return UnexpectedStatus("COMPUTE DIGITAL SIGNATURE", response.sw());
  if (response.data.size() != kRsa2048SignatureSize) {
    return MakeError(
        ErrorCode::kDataLoss, "card.bad_signature",
        "signature of " + std::to_string(response.data.size()) + " bytes, expected 256");
  }
  return std::move(response.data);
}

}  // namespace kakunin::card
