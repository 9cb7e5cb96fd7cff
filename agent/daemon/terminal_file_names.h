#pragma once
// What the terminal-files route reads from names and fields the 資格確認端末 (or anyone who can
// write in its folders) chose: our own files' ids in a file name, and a face-reader answer's
// ProcessExecutionTime. Pure (no I/O, no clock): fuzzed in agent/daemon/fuzz.

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace kakunin::agent {

// "YYYYMMDDHHmmss" read as if it were UTC (the caller shifts it from Japan time); nullopt when
// it is not 14 digits in range (month 1–12, day 1–31, hour ≤ 23, minute ≤ 59, second ≤ 61). Like
// timegm, a day past the month's end rolls into the next month.
std::optional<std::time_t> ParseCompactTime(std::string_view compact);

// ProcessExecutionTime (Japan time, YYYYMMDDHHmmss) as UTC seconds, when it is within two days
// before `now` and ten minutes after it; nullopt otherwise (the caller uses the current time).
std::optional<std::time_t> ExecutionTimeUtc(std::string_view compact, std::time_t now);

// "OQSsiquc01res_KKN….xml" → "KKN…"; the request handed back with a .err keeps its req name
// (`*error_file` says which). nullopt for a name that is not one of our own files.
std::optional<std::string> OwnFileId(std::string_view name, bool* error_file);

}  // namespace kakunin::agent
