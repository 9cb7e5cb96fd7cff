#pragma once
// ISO 7816-4 command APDUs (short and extended length) and status words.

#include <cstdint>
#include <optional>
#include <string>

#include "common/core/bytes.h"
#include "common/core/result.h"

namespace kakunin::vcard {

// Status words the virtual card answers with.
enum StatusWord : uint16_t {
  kSwOk = 0x9000,
  kSwWrongLength = 0x6700,
  kSwSecurityNotSatisfied = 0x6982,
  kSwAuthMethodBlocked = 0x6984,  // PIN locked
  kSwCommandNotAllowed = 0x6986,  // no current EF / wrong kind of EF
  kSwWrongData = 0x6A80,
  kSwFileNotFound = 0x6A82,
  kSwIncorrectP1P2 = 0x6A86,
  kSwWrongP1P2 = 0x6B00,  // offset outside the file
  kSwInsNotSupported = 0x6D00,
  kSwClaNotSupported = 0x6E00,
  kSwPinWrongBase = 0x63C0,  // | tries left
};

struct CommandApdu {
  uint8_t cla = 0;
  uint8_t ins = 0;
  uint8_t p1 = 0;
  uint8_t p2 = 0;
  Bytes data;
  // Expected response length; 256 for a short Le of 00, 65536 for an extended Le of 0000.
  std::optional<size_t> le;
  bool extended = false;  // Lc or Le used the extended (3-byte / 2-byte) form
};

// Parses the four ISO cases in short and extended form. Fails (kInvalidArgument,
// "apdu.wrong_length") when the lengths do not add up; the card answers 67 00 then.
Result<CommandApdu> ParseCommandApdu(ByteView raw);

// Data || SW1 SW2.
Bytes MakeResponse(ByteView data, uint16_t sw);
Bytes MakeResponse(uint16_t sw);
// The last two bytes as a status word (0 when shorter than two bytes).
uint16_t ResponseStatus(ByteView response);

}  // namespace kakunin::vcard
