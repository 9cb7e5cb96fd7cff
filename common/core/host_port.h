#pragma once
// The form of a network address as HOST:PORT, shared by the agent's HQ addresses and the
// server's listening addresses. Form only: no name is looked up.

#include <string_view>

namespace kakunin {

enum class HostPortFault {
  kNone,
  kNoPort,     // no colon, or nothing before it
  kBareIpv6,   // a colon inside the host outside [] (an IPv6 host goes in brackets)
  kPortRange,  // the port is not a number from `min_port` to 65535
};

HostPortFault FindHostPortFault(std::string_view address, int min_port);

}  // namespace kakunin
