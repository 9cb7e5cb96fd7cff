// libFuzzer target: a backup's MANIFEST.json as `kakunin-server restore` reads it
// (server/app/backup_manifest.h), from a folder that may have been damaged or forged.
// Invariants (a violation traps): no exception escapes, from the parse or from anything restore
// later does with a manifest that was taken (its sums as strings, its key derivation as 32-bit
// numbers, its modes as ints, "authenticated" as a string, the whole dumped again to check its
// seal); anything refused is restore.bad_backup; every path it names stays inside the backup.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/app/backup_manifest.h"

namespace {

namespace server = kakunin::server;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

// What restore reads from a manifest it took (backup.cpp), each read as restore reads it.
void UseAsRestoreDoes(const nlohmann::json& m) {
  for (const auto& [rel, sum] : m["files"].items()) {
    Check(!rel.empty() && rel[0] != '/' && rel.find("..") == std::string::npos);
    Check(sum.get<std::string>().size() == 64);
  }
  if (m.contains("sealed_keys")) {
    const auto& s = m.at("sealed_keys");
    (void)s.at("salt").get<std::string>();
    (void)s.at("passes").get<uint32_t>();
    (void)s.at("memory_kib").get<uint32_t>();
    (void)s.at("lanes").get<uint32_t>();
    const auto modes = s.contains("modes") ? s["modes"] : nlohmann::json::object();
    for (const auto& [rel, mode] : modes.items()) Check(mode.get<int>() >= 0);
  }
  nlohmann::json body = m;
  body.erase("authenticated");
  (void)m.value("authenticated", std::string());
  (void)body.dump();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto manifest = server::ParseBackupManifest(text);
  if (!manifest.ok()) {
    Check(manifest.error().reason() == "restore.bad_backup");
    return 0;
  }
  try {
    UseAsRestoreDoes(*manifest);
  } catch (const std::exception&) {
    Check(false);
  }
  auto again = server::ParseBackupManifest(manifest->dump(2));
  Check(again.ok() && *again == *manifest);
  return 0;
}
