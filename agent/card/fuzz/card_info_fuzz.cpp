// libFuzzer target: `card-info` (agent/card/card_info.h), which prints what a card holds to the
// terminal of support staff. The first input byte picks the target; the rest is the input.
//   even: the certificate summary of DER bytes as a card would hand them over
//   odd:  the whole card-info exchange against a card whose answers are the input
// Invariants (a violation traps): the JSON form always parses as one object; the text form has
// no control characters but line ends (a certificate's subject must not drive the terminal);
// a summary's fields appear in both forms.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "agent/card/card_info.h"

namespace {

using kakunin::Bytes;
using kakunin::ByteView;
namespace card = kakunin::card;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

// A card that answers each command with the next chunk of the input: 2-byte big-endian length,
// then that many bytes (cut short at the end). No input left = the card was removed.
class InputCard : public card::CardTransport {
 public:
  explicit InputCard(ByteView input) : input_(input) {}
  kakunin::Result<Bytes> Transmit(ByteView) override {
    if (input_.size() < 2) {
      return kakunin::MakeError(kakunin::ErrorCode::kUnavailable, "card.removed", "no input");
    }
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

void CheckPrinted(const card::CardInfo& info) {
  const auto json = nlohmann::json::parse(card::CardInfoToJson(info), nullptr, false);
  Check(!json.is_discarded() && json.is_object());
  const std::string text = card::CardInfoToText(info);
  for (unsigned char c : text) Check(c == '\n' || (c >= 0x20 && c != 0x7f));
  if (info.certificate) {
    Check(json["serial"] == info.certificate->serial);
    Check(text.find(info.certificate->serial) != std::string::npos);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const ByteView in(data + 1, size - 1);
  card::CardInfo info;
  info.reader = "Fuzz Reader 0";
  info.atr = "3B 8F 80 01";
  if (data[0] % 2 == 0) {
    auto summary = card::SummarizeCertificate(in);
    if (!summary.ok()) {
      Check(summary.error().reason() == "card.bad_certificate");
      return 0;
    }
    Check(summary->not_after.size() == 20 && summary->not_after.back() == 'Z');
    info.jpki_present = true;
    info.certificate = *summary;
    CheckPrinted(info);
    return 0;
  }
  InputCard transport(in);
  auto read = card::ReadCardInfoFrom(transport, info);
  if (read.ok()) CheckPrinted(*read);
  return 0;
}
