#include "common/log/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <string>

namespace kakunin {

void InitLogging(std::string_view program, LogFormat format, std::string_view level) {
  auto logger = spdlog::get(std::string(program));
  if (!logger) logger = spdlog::stderr_logger_mt(std::string(program));
  spdlog::set_default_logger(logger);
  if (format == LogFormat::kJson) {
    // Messages are escaped by the caller-facing helpers only for quotes/backslashes; keep
    // messages free of raw newlines (spdlog never adds any inside %v).
    spdlog::set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","program":")" +
                        std::string(program) + R"(","thread":%t,"msg":"%v"})");
  } else {
    spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e [" + std::string(program) + "] %^%l%$ %v");
  }
  auto lvl = spdlog::level::from_str(std::string(level));
  if (lvl == spdlog::level::off && level != "off") lvl = spdlog::level::info;
  spdlog::set_level(lvl);
  spdlog::flush_on(spdlog::level::info);
}

}  // namespace kakunin
