#pragma once
// device.json, the part of an enrolled terminal's state that is plain JSON (terminal_state.h):
// read and written here without I/O, so that a damaged or edited file can be tested and fuzzed.

#include <string>
#include <string_view>
#include <vector>

#include "common/core/result.h"

namespace kakunin::agent {

struct DeviceFile {
  std::string device_id;
  std::string site_id;
  std::vector<std::string> servers;  // HQ's addresses, in order of preference
  std::string verification_code;
};

// `path` only names the file in the error. A missing field reads as ""; a field of the wrong
// type, a "servers" list holding anything but strings, or text that is not a JSON object is
// agent.state_corrupt (kDataLoss). Never throws.
Result<DeviceFile> ParseDeviceFile(std::string_view text, const std::string& path);
// The file's text: "servers" and, for an older agent binary, "server" (the first of them).
std::string FormatDeviceFile(const DeviceFile& file);

}  // namespace kakunin::agent
