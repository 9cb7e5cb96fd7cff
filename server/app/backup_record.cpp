#include "server/app/backup_record.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <pqxx/pqxx>
#include <system_error>

namespace kakunin::server {
namespace {
namespace fs = std::filesystem;

// Cut to `max` bytes on a UTF-8 character boundary (the table's checks bound each field).
std::string Bounded(std::string s, size_t max) {
  if (s.size() <= max) return s;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  s.resize(end);
  return s;
}

}  // namespace

BackupRecord DescribeBackup(const fs::path& folder, bool sealed, int schema_version) {
  BackupRecord r;
  std::error_code ec;
  const fs::path absolute = fs::absolute(folder, ec);
  r.folder = Bounded((ec ? folder : absolute).lexically_normal().string(), 4096);
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) == 0) r.host = Bounded(host, 255);
  if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr && pw->pw_name != nullptr) {
    r.os_user = Bounded(pw->pw_name, 255);
  } else {
    r.os_user = "uid " + std::to_string(::geteuid());
  }
  fs::recursive_directory_iterator it(folder, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      const auto size = it->file_size(size_ec);
      if (!size_ec) r.bytes += size;
    }
  }
  r.sealed = sealed;
  r.schema_version = schema_version;
  return r;
}

Status RecordBackup(const std::string& dsn, const BackupRecord& record) {
  try {
    pqxx::connection conn(dsn);
    pqxx::work tx(conn);
    tx.exec_params(
        "INSERT INTO backups (folder, host, os_user, bytes, sealed, schema_version) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        record.folder, record.host, record.os_user,
        static_cast<int64_t>(std::min<uint64_t>(record.bytes, INT64_MAX)), record.sealed,
        record.schema_version);
    tx.commit();
    return OkStatus();
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kUnavailable, "backup.not_recorded",
                     std::string("the backup in ") + record.folder +
                         " is whole, but the database did not record it (the server will not "
                         "show it as the last backup): " +
                         e.what());
  }
}

}  // namespace kakunin::server
