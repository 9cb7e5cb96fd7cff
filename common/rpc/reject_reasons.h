#pragma once
// Reasons in HQ's Reject that a terminal acts on (the others it only logs).

#include <string_view>

namespace kakunin::rpc {

// HQ already stores another result (another check id) at this sequence: the terminal made this
// one after being restored from an older copy of its outbox, which hands out numbers again. The
// terminal sends it again under a new sequence instead of letting the acknowledgement drop it.
inline constexpr std::string_view kSequenceTaken = "sequence already holds another result";

}  // namespace kakunin::rpc
