// libFuzzer target: an enrolled terminal's device.json (agent/uplink/device_file.h), read at every
// start of the agent from a file a damaged disk or a hand edit may have changed. Invariants (a
// violation traps): no exception escapes; anything refused is agent.state_corrupt; a file taken,
// written again, reads back the same.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "agent/uplink/device_file.h"

namespace {

namespace agent = kakunin::agent;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = agent::ParseDeviceFile(text, "device.json");
  if (!file.ok()) {
    Check(file.error().reason() == "agent.state_corrupt");
    return 0;
  }
  auto again = agent::ParseDeviceFile(agent::FormatDeviceFile(*file), "device.json");
  Check(again.ok());
  Check(again->device_id == file->device_id && again->site_id == file->site_id &&
        again->servers == file->servers && again->verification_code == file->verification_code);
  return 0;
}
