#pragma once
// ISO 7816-4 APDUs without I/O: building command APDUs (short and extended, cases 1-4), parsing
// response APDUs, and reading BER/DER TLV headers. Everything here takes bytes that came from
// a card or a reader, so it must fail cleanly on any input (it is a fuzz target).

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/core/bytes.h"
#include "common/core/result.h"

namespace kakunin::card {

// Largest Nc/Ne an APDU can carry: 65535 data bytes out, 65536 expected back (Le = 00 00 / 00 00
// 00).
inline constexpr size_t kMaxExtendedNc = 65535;
inline constexpr size_t kMaxExtendedNe = 65536;
inline constexpr size_t kMaxShortNc = 255;
inline constexpr size_t kMaxShortNe = 256;

// A command APDU before encoding. `ne` is the number of bytes expected back (0 = no Le field);
// 256 is encoded as a short Le of 00, 65536 as an extended Le of 00 00.
struct CommandApdu {
  uint8_t cla = 0x00;
  uint8_t ins = 0x00;
  uint8_t p1 = 0x00;
  uint8_t p2 = 0x00;
  Bytes data;
  size_t ne = 0;
  // Use the extended Lc/Le form even when the short form would do (the JPKI certificate read
  // asks for "everything" with Le = 00 00 00).
  bool force_extended = false;
};

// True when the command needs (or asks for) extended length fields.
bool IsExtended(const CommandApdu& command);

// Encodes per ISO 7816-4 §5.1: case 1 (header), 2 (Le), 3 (Lc+data), 4 (Lc+data+Le), short or
// extended. Fails with "card.bad_command" when Nc > 65535 or Ne > 65536.
Result<Bytes> EncodeCommand(const CommandApdu& command);

// A response APDU: the data field and the status word SW1 SW2.
struct ResponseApdu {
  Bytes data;
  uint8_t sw1 = 0;
  uint8_t sw2 = 0;

  uint16_t sw() const { return static_cast<uint16_t>((sw1 << 8) | sw2); }
  bool ok() const { return sw1 == 0x90 && sw2 == 0x00; }
};

// Splits data and SW1 SW2. Fails with "card.bad_response" when fewer than 2 bytes arrived.
Result<ResponseApdu> ParseResponse(ByteView raw);

// "90 00" style text for logs and error messages.
std::string StatusWordText(uint16_t sw);

// A BER/DER TLV header. `header_size` covers the tag and length bytes; the value follows it.
struct TlvHeader {
  uint32_t tag = 0;        // the tag bytes big-endian (e.g. 0x30, 0x5F20)
  size_t header_size = 0;  // tag bytes + length bytes
  size_t value_size = 0;   // the length field's value
  size_t total_size() const { return header_size + value_size; }
};

// Reads one TLV header from the front of `input`: tags of up to 3 bytes, definite lengths of
// up to 3 length bytes (16 MiB). Indefinite length (0x80), lengths of 4+ bytes (0x84..0xFF) and
// a header cut short fail with "card.bad_tlv". Does not require the value to be present.
Result<TlvHeader> ReadTlvHeader(ByteView input);

// The full DER size of an X.509 certificate from its first bytes: the outer tag must be a
// SEQUENCE (0x30) in definite form. JPKI certificates start "30 82 hi lo". Fails with
// "card.bad_certificate" otherwise.
Result<size_t> CertificateDerSize(ByteView prefix);

// When `file` (a whole EF as read from the card, possibly padded) holds a complete certificate,
// returns exactly its DER bytes. "card.bad_certificate" when the header is malformed,
// "card.certificate_truncated" when fewer bytes than the header announces are present.
Result<Bytes> ExtractCertificate(ByteView file);

}  // namespace kakunin::card
