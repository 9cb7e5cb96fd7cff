// card-info's one step through PC/SC; the rest of card_info.h works over any transport (and is
// fuzzed without a reader: agent/card/fuzz/card_info_fuzz.cpp).
#include "agent/card/card_info.h"
#include "agent/card/pcsc.h"

namespace kakunin::card {

Result<CardInfo> ReadCardInfo(const std::optional<std::string>& reader) {
  KAKUNIN_ASSIGN_OR_RETURN(std::unique_ptr<PcscContext> context, PcscContext::Establish());
  KAKUNIN_ASSIGN_OR_RETURN(std::string name, context->ChooseReader(reader));
  KAKUNIN_ASSIGN_OR_RETURN(std::unique_ptr<PcscCard> connected, context->Connect(name));
  // Nobody else may interleave commands (and move the selected file) while we read.
  KAKUNIN_RETURN_IF_ERROR(connected->BeginTransaction());
  CardInfo info;
  info.reader = name;
  info.atr = ToSpacedHex(connected->atr());
  return ReadCardInfoFrom(*connected, std::move(info));
}

}  // namespace kakunin::card
