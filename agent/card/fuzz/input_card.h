#pragma once
// The fuzz targets' card: it answers each command with the next chunk of the input, a 2-byte
// big-endian length then that many bytes (cut short at the end). No input left = the card was
// removed. Shared by apdu_fuzz and card_info_fuzz.

#include <cstddef>

#include "agent/card/apdu_channel.h"
#include "common/core/bytes.h"
#include "common/core/result.h"

namespace kakunin::card::fuzz {

inline void Check(bool condition) {
  if (!condition) __builtin_trap();
}

class InputCard : public CardTransport {
 public:
  explicit InputCard(ByteView input) : input_(input) {}
  Result<Bytes> Transmit(ByteView) override {
    if (input_.size() < 2) return MakeError(ErrorCode::kUnavailable, "card.removed", "no input");
    size_t n = (static_cast<size_t>(input_[0]) << 8) | input_[1];
    input_ = input_.subspan(2);
    n = n < input_.size() ? n : input_.size();
    Bytes out(input_.begin(), input_.begin() + static_cast<std::ptrdiff_t>(n));
    input_ = input_.subspan(n);
    return out;
  }

 private:
  ByteView input_;
};

}  // namespace kakunin::card::fuzz
