#include "agent/card/apdu.h"

#include <cstdio>

namespace kakunin::card {
namespace {

constexpr uint8_t kSequenceTag = 0x30;
constexpr size_t kMaxTagBytes = 3;
constexpr size_t kMaxLengthBytes = 3;

Error BadTlv(const std::string& what) {
  return MakeError(ErrorCode::kDataLoss, "card.bad_tlv", "malformed TLV header: " + what);
}

void AppendLength(Bytes& out, size_t n, bool extended) {
  if (extended) {
    out.push_back(static_cast<uint8_t>((n >> 8) & 0xFF));
    out.push_back(static_cast<uint8_t>(n & 0xFF));
  } else {
    out.push_back(static_cast<uint8_t>(n & 0xFF));
  }
}

}  // namespace

bool IsExtended(const CommandApdu& command) {
  return command.force_extended || command.data.size() > kMaxShortNc || command.ne > kMaxShortNe;
}

Result<Bytes> EncodeCommand(const CommandApdu& command) {
  const size_t nc = command.data.size();
  const size_t ne = command.ne;
  if (nc > kMaxExtendedNc) {
    return MakeError(ErrorCode::kInvalidArgument, "card.bad_command",
                     "command data of " + std::to_string(nc) + " bytes exceeds 65535");
  }
  if (ne > kMaxExtendedNe) {
    return MakeError(ErrorCode::kInvalidArgument, "card.bad_command",
                     "expected length " + std::to_string(ne) + " exceeds 65536");
  }
  const bool extended = IsExtended(command);
  Bytes out = {command.cla, command.ins, command.p1, command.p2};
  out.reserve(4 + 3 + nc + 3);
  if (nc > 0) {
    // Lc: one byte, or 00 followed by two bytes.
    if (extended) out.push_back(0x00);
    AppendLength(out, nc, extended);
    out.insert(out.end(), command.data.begin(), command.data.end());
  }
  if (ne > 0) {
    // Le: 256 and 65536 wrap to zero by design of the encoding. In case 2E the Le field has
    // its own leading 00; in case 4E the Lc field already announced the extended form.
    if (extended && nc == 0) out.push_back(0x00);
    AppendLength(out, ne == (extended ? kMaxExtendedNe : kMaxShortNe) ? 0 : ne, extended);
  }
  return out;
}

Result<ResponseApdu> ParseResponse(ByteView raw) {
  if (raw.size() < 2) {
    return MakeError(ErrorCode::kDataLoss, "card.bad_response",
                     "response of " + std::to_string(raw.size()) + " byte(s) has no status word");
  }
  ResponseApdu response;
  response.data.assign(raw.begin(), raw.end() - 2);
  response.sw1 = raw[raw.size() - 2];
  response.sw2 = raw[raw.size() - 1];
  return response;
}

std::string StatusWordText(uint16_t sw) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "%02X %02X", (sw >> 8) & 0xFF, sw & 0xFF);
  return buf;
}

Result<TlvHeader> ReadTlvHeader(ByteView input) {
  TlvHeader header;
  size_t pos = 0;
  if (input.empty()) return BadTlv("empty input");
  header.tag = input[pos++];
  // High-tag-number form: the low five bits all set, then base-128 bytes with a continuation bit.
  if ((header.tag & 0x1F) == 0x1F) {
    for (;;) {
      if (pos >= input.size()) return BadTlv("tag cut short");
      if (pos >= kMaxTagBytes) return BadTlv("tag longer than 3 bytes");
      const uint8_t b = input[pos++];
      header.tag = (header.tag << 8) | b;
      if ((b & 0x80) == 0) break;
    }
  }
  if (pos >= input.size()) return BadTlv("length missing");
  const uint8_t first = input[pos++];
  if (first < 0x80) {
    header.value_size = first;
  } else if (first == 0x80) {
    return BadTlv("indefinite length is not DER");
  } else {
    const size_t count = first & 0x7F;
    if (count > kMaxLengthBytes) return BadTlv("length of " + std::to_string(count) + " bytes");
    if (input.size() - pos < count) return BadTlv("length cut short");
    size_t value = 0;
    for (size_t i = 0; i < count; ++i) value = (value << 8) | input[pos++];
    header.value_size = value;
  }
  header.header_size = pos;
  return header;
}

Result<size_t> CertificateDerSize(ByteView prefix) {
  auto header = ReadTlvHeader(prefix);
  if (!header.ok()) {
    return MakeError(ErrorCode::kDataLoss, "card.bad_certificate",
                     "certificate header: " + header.error().message());
  }
  if (header->tag != kSequenceTag) {
    return MakeError(ErrorCode::kDataLoss, "card.bad_certificate",
                     "certificate does not start with a SEQUENCE (tag 0x" +
                         ToHex(Bytes{static_cast<uint8_t>(header->tag & 0xFF)}) + ")");
  }
  if (header->value_size == 0) {
    return MakeError(ErrorCode::kDataLoss, "card.bad_certificate", "empty certificate");
  }
  return header->total_size();
}

Result<Bytes> ExtractCertificate(ByteView file) {
  KAKUNIN_ASSIGN_OR_RETURN(size_t total, CertificateDerSize(file));
  if (file.size() < total) {
    return MakeError(ErrorCode::kDataLoss, "card.certificate_truncated",
                     "certificate announces " + std::to_string(total) + " bytes, " +
                         std::to_string(file.size()) + " arrived");
  }
  return Bytes(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(total));
}

}  // namespace kakunin::card
