#include "server/app/backup_manifest.h"

#include <cstdint>
#include <limits>
#include <string>

namespace kakunin::server {
namespace {

// The manifest's own depth is 3 (sealed_keys → modes → mode).
constexpr int kMaxDepth = 8;

Error Bad(const std::string& why) {
  return MakeError(ErrorCode::kFailedPrecondition, "restore.bad_backup",
                   "the backup's manifest is not valid: " + why);
}

// Bounded by kMaxDepth, so the recursion is too.
bool Shallow(const nlohmann::json& j, int depth) {
  if (depth > kMaxDepth) return false;
  if (!j.is_structured()) return true;
  for (const auto& item : j) {
    if (!Shallow(item, depth + 1)) return false;
  }
  return true;
}

bool IsSha256Hex(const nlohmann::json& j) {
  if (!j.is_string()) return false;
  const auto& s = j.get_ref<const std::string&>();
  return s.size() == 64 && s.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
}

// A path inside the backup folder, as the manifest names it.
bool IsInsidePath(const std::string& rel) {
  if (rel.empty() || rel[0] == '/' || rel.find("..") != std::string::npos) return false;
  for (unsigned char c : rel) {
    if (c < 0x20 || c == 0x7f || c == '\\') return false;
  }
  return true;
}

bool IsUint32(const nlohmann::json& j) {
  return j.is_number_unsigned() && j.get<uint64_t>() <= std::numeric_limits<uint32_t>::max();
}

Status CheckSealedKeys(const nlohmann::json& s) {
  if (!s.is_object()) return Bad("sealed_keys is not an object");
  if (!s.contains("salt") || !s["salt"].is_string()) return Bad("sealed_keys.salt");
  for (const char* key : {"passes", "memory_kib", "lanes"}) {
    if (!s.contains(key) || !IsUint32(s[key])) return Bad(std::string("sealed_keys.") + key);
  }
  if (s.contains("kdf") && s["kdf"] != "argon2id") return Bad("sealed_keys.kdf");
  if (s.contains("modes")) {
    const auto& modes = s["modes"];
    if (!modes.is_object()) return Bad("sealed_keys.modes");
    for (const auto& [rel, mode] : modes.items()) {
      if (!mode.is_number_integer() || mode.get<int64_t>() < 0 || mode.get<int64_t>() > 07777) {
        return Bad("the mode of " + rel.substr(0, 80));
      }
    }
  }
  return OkStatus();
}

}  // namespace

Result<nlohmann::json> ParseBackupManifest(std::string_view text) {
  if (text.size() > kMaxBackupManifestBytes) return Bad("larger than any manifest");
  auto m = nlohmann::json::parse(text, nullptr, false);
  if (m.is_discarded() || !m.is_object()) return Bad("not a JSON object");
  if (!Shallow(m, 0)) return Bad("nested deeper than a manifest");
  const auto format = m.find("format");
  if (format == m.end() || !format->is_number_integer() || *format < 1 || *format > 3) {
    return Bad("format is not 1, 2 or 3");
  }
  const auto files = m.find("files");
  if (files == m.end() || !files->is_object() || files->empty()) return Bad("no files");
  for (const auto& [rel, sum] : files->items()) {
    if (!IsInsidePath(rel)) {
      return Bad("it names a path outside the backup: " + rel.substr(0, 80));
    }
    if (!IsSha256Hex(sum)) return Bad("the SHA-256 of " + rel.substr(0, 80));
  }
  if (*format != 1 && !m.contains("sealed_keys")) return Bad("sealed_keys are missing");
  if (m.contains("sealed_keys")) KAKUNIN_RETURN_IF_ERROR(CheckSealedKeys(m["sealed_keys"]));
  if (*format == 3 && !files->contains(kBackupSealedDump)) return Bad("no sealed database dump");
  if (m.contains("authenticated") && !m["authenticated"].is_string()) {
    return Bad("authenticated is not a string");
  }
  for (const char* key : {"created_at", "schema_version"}) {
    if (m.contains(key) && !m[key].is_number_integer()) return Bad(std::string(key));
  }
  return m;
}

}  // namespace kakunin::server
