#pragma once
// A card reader's model from the name PC/SC gives it, so that HQ can group failures by model
// (issue 19's failure report) rather than by each reader's unique name. pcsc-lite names a reader
// "<model> [<interface>] (<serial>) <slot> <slot>" ("SCM SCR 3310 [CCID Interface] 00 00");
// WinSCard appends an index (" 0"). Both suffixes, the interface and the serial are dropped.

#include <string>
#include <string_view>

namespace kakunin::domain {

std::string ReaderModel(std::string_view reader_name);

}  // namespace kakunin::domain
