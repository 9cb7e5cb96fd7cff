#include "sim/vcard/apdu.h"

namespace kakunin::vcard {
namespace {

Error WrongLength(const std::string& why) {
  return MakeError(ErrorCode::kInvalidArgument, "apdu.wrong_length", why);
}

size_t ShortLe(uint8_t b) { return b == 0 ? 256 : b; }
size_t ExtendedLe(uint8_t hi, uint8_t lo) {
  const size_t le = (static_cast<size_t>(hi) << 8) | lo;
  return le == 0 ? 65536 : le;
}

}  // namespace

Result<CommandApdu> ParseCommandApdu(ByteView raw) {
  if (raw.size() < 4) return WrongLength("shorter than a header");
  CommandApdu apdu;
  apdu.cla = raw[0];
  apdu.ins = raw[1];
  apdu.p1 = raw[2];
  apdu.p2 = raw[3];
  const ByteView body = raw.subspan(4);
  if (body.empty()) return apdu;  // case 1
  if (body.size() == 1) {         // case 2 short
    apdu.le = ShortLe(body[0]);
    return apdu;
  }
  if (body[0] != 0) {  // case 3 or 4, short
    const size_t lc = body[0];
    if (body.size() == 1 + lc) {
      apdu.data.assign(body.begin() + 1, body.end());
      return apdu;
    }
    if (body.size() == 2 + lc) {
      apdu.data.assign(body.begin() + 1, body.begin() + 1 + static_cast<long>(lc));
      apdu.le = ShortLe(body.back());
      return apdu;
    }
    return WrongLength("short Lc does not match the data");
  }
  // Extended forms start with 00.
  apdu.extended = true;
  if (body.size() == 3) {  // case 2 extended
    apdu.le = ExtendedLe(body[1], body[2]);
    return apdu;
  }
  if (body.size() < 3) return WrongLength("truncated extended length");
  const size_t lc = (static_cast<size_t>(body[1]) << 8) | body[2];
  if (lc == 0) return WrongLength("extended Lc of zero");
  if (body.size() == 3 + lc) {
    apdu.data.assign(body.begin() + 3, body.end());
    return apdu;
  }
  if (body.size() == 5 + lc) {
    apdu.data.assign(body.begin() + 3, body.begin() + 3 + static_cast<long>(lc));
    apdu.le = ExtendedLe(body[body.size() - 2], body.back());
    return apdu;
  }
  return WrongLength("extended Lc does not match the data");
}

Bytes MakeResponse(ByteView data, uint16_t sw) {
  Bytes out(data.begin(), data.end());
  out.push_back(static_cast<uint8_t>(sw >> 8));
  out.push_back(static_cast<uint8_t>(sw & 0xFF));
  return out;
}

Bytes MakeResponse(uint16_t sw) { return MakeResponse(ByteView(), sw); }

uint16_t ResponseStatus(ByteView response) {
  if (response.size() < 2) return 0;
  return static_cast<uint16_t>((response[response.size() - 2] << 8) | response.back());
}

}  // namespace kakunin::vcard
