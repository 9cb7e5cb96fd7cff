#pragma once
// A backup's MANIFEST.json (backup.cpp) checked for its shape before restore trusts anything in
// it: the manifest comes from a folder that may have been damaged, edited or forged, and every
// field restore reads later must already have the type it is read as. Pure: no I/O.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

#include "common/core/result.h"

namespace kakunin::server {

// The sealed database dump's file name (format 3). Not "*.sealed": those are key files.
inline constexpr char kBackupSealedDump[] = "database.sealed-dump";
// A manifest is a few hundred bytes per key file; anything near this is not one.
inline constexpr size_t kMaxBackupManifestBytes = 1 << 20;

// The manifest as JSON once its shape is right:
//   format          1 (clear), 2 (sealed keys) or 3 (sealed keys and dump), an integer
//   files           a non-empty object: relative path (no "..", not absolute, no control
//                   characters) → SHA-256, 64 hex digits; format 3 lists database.sealed-dump
//   sealed_keys     an object, required from format 2: salt (string), passes, memory_kib and
//                   lanes (32-bit unsigned integers), modes (optional: path → integer mode)
//   authenticated   optional string; created_at and schema_version optional integers
// Nesting deeper than any manifest is refused too (restore dumps the manifest again to check
// it against its seal). Errors: restore.bad_backup (kFailedPrecondition), naming the field.
Result<nlohmann::json> ParseBackupManifest(std::string_view text);

}  // namespace kakunin::server
