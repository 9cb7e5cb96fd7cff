#include "common/core/host_port.h"

#include <algorithm>
#include <string>

namespace kakunin {

HostPortFault FindHostPortFault(std::string_view address, int min_port) {
  const auto colon = address.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return HostPortFault::kNoPort;
  const std::string_view host = address.substr(0, colon), port = address.substr(colon + 1);
  if (host.find(':') != std::string_view::npos &&
      (host.size() < 3 || host.front() != '[' || host.back() != ']')) {
    return HostPortFault::kBareIpv6;
  }
  const bool digits =
      !port.empty() && port.size() <= 5 &&
      std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) return HostPortFault::kPortRange;
  const int value = std::stoi(std::string(port));
  if (value < min_port || value > 65535) return HostPortFault::kPortRange;
  return HostPortFault::kNone;
}

}  // namespace kakunin
