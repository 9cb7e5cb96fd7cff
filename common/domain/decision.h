#pragma once
// A yes/no rule answer with a stable reason id that UIs map to translated text. Used where a
// "no" is an ordinary outcome, not an error (an Error would be the wrong idiom for it).

#include <string>

namespace kakunin::domain {

struct Decision {
  bool allowed = false;
  std::string reason;  // e.g. "visit.house_call_needs_card_check"; set for "yes" answers too

  static Decision Allow(std::string reason) { return Decision{true, std::move(reason)}; }
  static Decision Refuse(std::string reason) { return Decision{false, std::move(reason)}; }
};

}  // namespace kakunin::domain
