#include "agent/uplink/device_file.h"

#include <nlohmann/json.hpp>

namespace kakunin::agent {
namespace {

Error Corrupt(const std::string& path, const std::string& why) {
  return MakeError(ErrorCode::kDataLoss, "agent.state_corrupt", path + ": " + why);
}

// A string field; absent reads as "". `value()` would throw on a field of another type (null
// after a hand edit): that is a corrupt file, not a crash at start.
Status ReadString(const nlohmann::json& j, const char* key, const std::string& path,
                  std::string* out) {
  auto it = j.find(key);
  if (it == j.end()) return OkStatus();
  if (!it->is_string()) {
    return Corrupt(path, std::string("\"") + key + "\" is not a string");
  }
  *out = it->get<std::string>();
  return OkStatus();
}

}  // namespace

Result<DeviceFile> ParseDeviceFile(std::string_view text, const std::string& path) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Corrupt(path, "not valid JSON");
  DeviceFile f;
  KAKUNIN_RETURN_IF_ERROR(ReadString(j, "device_id", path, &f.device_id));
  KAKUNIN_RETURN_IF_ERROR(ReadString(j, "site_id", path, &f.site_id));
  KAKUNIN_RETURN_IF_ERROR(ReadString(j, "verification_code", path, &f.verification_code));
  // Not re-checked here: a terminal enrolled by an older agent (one "server", never checked)
  // must keep working; what is wrong with an address shows when the uplink uses it.
  if (auto list = j.find("servers"); list != j.end() && list->is_array() && !list->empty()) {
    for (const auto& server : *list) {
      if (!server.is_string()) {
        return Corrupt(path, "\"servers\" holds something other than addresses");
      }
      f.servers.push_back(server.get<std::string>());
    }
  } else if (auto one = j.find("server");
             one != j.end() && one->is_string() && !one->get<std::string>().empty()) {
    f.servers.push_back(one->get<std::string>());
  }
  return f;
}

std::string FormatDeviceFile(const DeviceFile& f) {
  const nlohmann::json j = {{"device_id", f.device_id},
                            {"site_id", f.site_id},
                            {"servers", f.servers},
                            {"server", f.servers.empty() ? "" : f.servers.front()},
                            {"verification_code", f.verification_code}};
  // Text from elsewhere (a bundle, HQ) may hold invalid UTF-8: written, not thrown over.
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace kakunin::agent
