#pragma once
// Privacy rule: the agent never selects the My Number Card applications that hold the 12-digit
// individual number or the card-face data (券面事項入力補助AP D3 92 10 00 31 00 01 01 04 08,
// 券面AP D3 92 10 00 31 00 01 01 04 02). Every transmit path checks each raw command here before
// it can reach a card, so no code path (or future bug) can select them.

#include "common/core/bytes.h"
#include "common/core/result.h"

namespace kakunin::card {

// Common prefix of the forbidden applications' AIDs.
inline constexpr uint8_t kForbiddenAidPrefix[] = {0xD3, 0x92, 0x10, 0x00, 0x31};

// True when `command` is a SELECT (INS A4) that could reach a forbidden application:
//  - SELECT by DF name whose name starts with the prefix, or is a shorter prefix of it
//    (ISO 7816-4 partial DF-name selection would pick the forbidden application),
//  - SELECT by DF name with no name at all,
//  - a chained SELECT (the name could be split across commands).
// Never reads past `command`; malformed commands that cannot be parsed are treated as
// forbidden when they are SELECT by DF name.
bool IsForbiddenSelect(ByteView command);

// kInternal "card.forbidden_aid" for a forbidden SELECT (refusing it is a bug in our own code,
// not a user error); OK otherwise. Pure: the caller logs.
Status CheckCommandAllowed(ByteView command);

}  // namespace kakunin::card
