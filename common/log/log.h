#pragma once
// Logging set-up shared by every executable: spdlog to stderr, plain text or one JSON object
// per line (for servers feeding a log pipeline; the message is JSON-escaped).

#include <spdlog/formatter.h>

#include <memory>
#include <string_view>

namespace kakunin {

enum class LogFormat { kText, kJson };

// level: trace|debug|info|warn|error|critical|off. Unknown levels fall back to info.
void InitLogging(std::string_view program, LogFormat format, std::string_view level);

// The formatter InitLogging installs for kJson: {"ts","level","program","thread","msg"}.
std::unique_ptr<spdlog::formatter> MakeJsonFormatter(std::string_view program);

}  // namespace kakunin
