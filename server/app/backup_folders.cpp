#include "server/app/backup_folders.h"

#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <iostream>
#include <regex>
#include <vector>

namespace kakunin::server {
namespace fs = std::filesystem;

Result<fs::path> NewBackupFolder(const fs::path& into) {
  std::error_code ec;
  fs::create_directories(into, ec);
  ::chmod(into.c_str(), 0700);
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "kakunin-%Y%m%d-%H%M%S", &tm);
  for (int n = 1; n < 100; ++n) {
    fs::path p =
        into / (n == 1 ? std::string(stamp) : std::string(stamp) + "-" + std::to_string(n));
    // Made here, not only looked for: a second run in the same second takes the next name.
    if (fs::create_directory(p, ec)) {
      ::chmod(p.c_str(), 0700);
      return p;
    }
  }
  return MakeError(ErrorCode::kInvalidArgument, "backup.out_not_empty",
                   "no free backup name in " + into.string());
}

// Only what a scheduled backup made: kakunin-YYYYMMDD-HHMMSS[-N] holding a manifest.
namespace {
bool IsScheduledBackup(const fs::directory_entry& e) {
  const std::string name = e.path().filename().string();
  static const std::regex kName(R"(kakunin-\d{8}-\d{6}(-\d{1,2})?)");
  std::error_code ec;
  return e.is_directory(ec) && std::regex_match(name, kName) &&
         fs::is_regular_file(e.path() / kBackupManifest, ec);
}

}  // namespace

// After a scheduled backup succeeded: the oldest beyond `keep` go. Nothing else in the folder
// is touched.
void KeepNewest(const fs::path& into, const fs::path& made, int keep) {
  std::vector<fs::path> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(into, ec)) {
    // The one just made always stays, whatever its name says (a clock set back).
    if (IsScheduledBackup(e) && e.path() != made) found.push_back(e.path());
  }
  std::sort(found.begin(), found.end());
  for (size_t i = 0; i + static_cast<size_t>(keep) - 1 < found.size(); ++i) {
    std::cerr << "古いバックアップを削除: " << found[i].string() << "\n";
    fs::remove_all(found[i], ec);
  }
}

}  // namespace kakunin::server
