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
#include "agent/card/fuzz/input_card.h"

namespace {

using kakunin::Bytes;
using kakunin::ByteView;
namespace card = kakunin::card;

using kakunin::card::fuzz::Check;
using kakunin::card::fuzz::InputCard;

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
