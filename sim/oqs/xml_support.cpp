#include "sim/oqs/xml_support.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "common/domain/date.h"

namespace kakunin::sim {
namespace {

namespace fs = std::filesystem;

std::tm JapanTime(std::time_t t) {
  t += 9 * 3600;  // JST has no DST
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

}  // namespace

Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  const fs::path target(path);
  const fs::path temp = target.parent_path() / ("." + target.filename().string() + ".tmp");
  std::ofstream out(temp, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  std::error_code ec;
  if (out) fs::rename(temp, target, ec);
  if (!out || ec) {
    fs::remove(temp, ec);
    return MakeError(ErrorCode::kUnavailable, "xml.folder_missing", "cannot write " + path);
  }
  return OkStatus();
}

std::string JapanTimestamp(std::time_t t) {
  const std::tm tm = JapanTime(t);
  char stamp[64];
  std::snprintf(stamp, sizeof stamp, "%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return stamp;
}

std::string JapanDateIso(std::time_t t) {
  const std::tm tm = JapanTime(t);
  return domain::FormatIso({tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday});
}

}  // namespace kakunin::sim
