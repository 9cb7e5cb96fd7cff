#pragma once
// Small pieces shared by the XML responder and the face-reader drop (sim/oqs): atomic writes,
// Japan time stamps and the validity rule, so both write files the same way.
#include <ctime>
#include <string>
#include <string_view>

#include "common/core/result.h"
#include "kakunin/v1/common.pb.h"

namespace kakunin::sim {

// Writes `bytes` under a temporary name starting with "." in the same folder, then renames it:
// a reader never sees a half-written file. Fails with kUnavailable "xml.folder_missing".
Status WriteFileAtomically(const std::string& path, std::string_view bytes);

// "YYYYMMDDHHmmss" in Japan time (UTC+9, no DST), as ProcessExecutionTime.
std::string JapanTimestamp(std::time_t t);
// The Japan date of `t` as ISO "YYYY-MM-DD".
std::string JapanDateIso(std::time_t t);

}  // namespace kakunin::sim
