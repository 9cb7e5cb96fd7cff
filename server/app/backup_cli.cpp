// `kakunin-server backup` and `kakunin-server restore` (issue 16): one folder holds a consistent
// dump of the database (pg_dump, custom format, one snapshot) and the keys without which the data
// is useless — the device CA (pki/), the patient sealing keys (patient.keys) and the audit head
// key (audit/) — with their modes, and a manifest of SHA-256 sums. Restore checks the sums,
// refuses to write over a live or non-empty target, and never overwrites keys.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "common/core/bytes.h"
#include "common/crypto/signing.h"
#include "common/log/log.h"
#include "common/os/process.h"
#include "server/app/app_common.h"
#include "server/storage/migrations.h"

namespace kakunin::server {
namespace {
namespace fs = std::filesystem;

constexpr char kDump[] = "database.dump";
constexpr char kManifest[] = "MANIFEST.json";
// What of the data directory a backup carries (the embedded PostgreSQL travels as the dump).
const std::vector<std::string> kKeyPaths = {"pki", "patient.keys", "audit"};

Error Bad(const std::string& reason, const std::string& message) {
  return MakeError(ErrorCode::kFailedPrecondition, reason, message);
}

// PostgreSQL 15's own tools (the server's version), else whatever is on PATH.
std::string PgTool(const std::string& name) {
  const std::string debian = "/usr/lib/postgresql/15/bin/" + name;
  return ::access(debian.c_str(), X_OK) == 0 ? debian : name;
}

Result<std::string> FileSha256(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return MakeError(ErrorCode::kNotFound, "backup.unreadable", "cannot read " + path.string());
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return ToHex(crypto::Sha256(ToBytes(bytes)));
}

// Every regular file below `root`'s key paths, relative to root.
std::vector<fs::path> KeyFiles(const fs::path& root) {
  std::vector<fs::path> out;
  for (const auto& rel : kKeyPaths) {
    std::error_code ec;
    const fs::path p = root / rel;
    if (fs::is_regular_file(p, ec)) out.push_back(rel);
    if (!fs::is_directory(p, ec)) continue;
    for (const auto& e : fs::recursive_directory_iterator(p, ec)) {
      if (e.is_regular_file()) out.push_back(fs::relative(e.path(), root));
    }
  }
  return out;
}

// Copies with the file's mode (keys stay 0600); directories 0700.
Status CopyKeepingMode(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  ::chmod(to.parent_path().c_str(), 0700);
  fs::copy_file(from, to, fs::copy_options::none, ec);
  if (ec) {
    return MakeError(ErrorCode::kUnavailable, "backup.copy_failed",
                     "cannot copy " + from.string() + " to " + to.string() + ": " + ec.message());
  }
  fs::permissions(to, fs::status(from).permissions(), ec);
  return OkStatus();
}

Result<int> SchemaOf(const std::string& dsn) {
  try {
    pqxx::connection conn(dsn);
    return AppliedSchemaVersion(conn);
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kUnavailable, "db.unavailable", e.what());
  }
}

Status RunTool(const std::vector<std::string>& argv, const std::string& what) {
  KAKUNIN_ASSIGN_OR_RETURN(auto out, os::RunCommand(argv, {}, "", false, std::chrono::hours(2)));
  if (out.exit_code != 0) {
    return MakeError(ErrorCode::kUnavailable, "backup." + what + "_failed",
                     what + " failed (exit " + std::to_string(out.exit_code) +
                         "): " + out.error_output.substr(0, 2000));
  }
  return OkStatus();
}

Status Backup(const cli::Flags& f) {
  const fs::path out = f.Get("out"), data = f.Get("data-dir");
  std::error_code ec;
  if (out.empty()) return MakeError(ErrorCode::kInvalidArgument, "cli.missing", "--out DIR");
  if (fs::exists(out, ec) && !fs::is_empty(out, ec)) {
    return Bad("backup.out_not_empty", out.string() + " is not empty: back up into a new folder");
  }
  fs::create_directories(out, ec);
  ::chmod(out.c_str(), 0700);  // it holds the keys
  KAKUNIN_ASSIGN_OR_RETURN(auto db, OpenDatabase(f));
  KAKUNIN_ASSIGN_OR_RETURN(int schema, SchemaOf(db.dsn));
  std::cerr << "データベースを書き出しています（スキーマ " << schema << "）…\n";
  KAKUNIN_RETURN_IF_ERROR(RunTool({PgTool("pg_dump"), "--format=custom", "--no-owner",
                                   "--file=" + (out / kDump).string(), "--dbname=" + db.dsn},
                                  "pg_dump"));
  ::chmod((out / kDump).c_str(), 0600);
  nlohmann::json files = nlohmann::json::object();
  KAKUNIN_ASSIGN_OR_RETURN(files[kDump], FileSha256(out / kDump));
  for (const auto& rel : KeyFiles(data)) {
    std::cerr << "コピー中: " << rel.string() << "\n";
    KAKUNIN_RETURN_IF_ERROR(CopyKeepingMode(data / rel, out / rel));
    KAKUNIN_ASSIGN_OR_RETURN(files[rel.string()], FileSha256(out / rel));
  }
  if (!files.contains("patient.keys")) {
    return Bad("backup.no_keys", "no patient.keys in " + data.string() +
                                     ": without it the sealed patient fields cannot be read");
  }
  nlohmann::json manifest = {{"format", 1},
                             {"schema_version", schema},
                             {"created_at", static_cast<int64_t>(std::time(nullptr))},
                             {"files", files}};
  std::ofstream(out / kManifest) << manifest.dump(2) << "\n";
  ::chmod((out / kManifest).c_str(), 0600);
  std::cout << "バックアップしました: " << out.string() << "（スキーマ " << schema
            << "、鍵ファイル " << files.size() - 1 << " 個）\n";
  return OkStatus();
}

Result<nlohmann::json> VerifiedManifest(const fs::path& from) {
  std::ifstream in(from / kManifest);
  auto manifest = nlohmann::json::parse(in, nullptr, false);
  if (manifest.is_discarded() || !manifest.contains("files") || manifest["format"] != 1) {
    return Bad("restore.bad_backup", (from / kManifest).string() + " is missing or unreadable");
  }
  for (const auto& [rel, sum] : manifest["files"].items()) {
    if (rel.find("..") != std::string::npos || (!rel.empty() && rel[0] == '/')) {
      return Bad("restore.bad_backup", "the manifest names a path outside the backup: " + rel);
    }
    KAKUNIN_ASSIGN_OR_RETURN(auto actual, FileSha256(from / rel));
    if (actual != sum.get<std::string>()) {
      return Bad("restore.damaged", rel + " does not match its SHA-256 in the manifest");
    }
  }
  return manifest;
}

Status Restore(const cli::Flags& f) {
  const fs::path from = f.Get("from"), data = f.Get("data-dir");
  if (from.empty()) return MakeError(ErrorCode::kInvalidArgument, "cli.missing", "--from DIR");
  KAKUNIN_ASSIGN_OR_RETURN(auto manifest, VerifiedManifest(from));
  // Never over a live server or existing keys: a restore starts a new installation.
  std::error_code ec;
  for (const auto& rel : kKeyPaths) {
    if (fs::exists(data / rel, ec)) {
      return Bad("restore.target_not_empty",
                 (data / rel).string() + " exists: restore into a new data directory");
    }
  }
  std::ifstream pid_file(data / "postgres/pgdata/postmaster.pid");
  if (pid_t pid = 0; pid_file >> pid && pid > 0 && ::kill(pid, 0) == 0) {
    return Bad("restore.server_running", "a database is running in " + data.string());
  }
  fs::create_directories(data, ec);
  KAKUNIN_ASSIGN_OR_RETURN(auto db, OpenDatabase(f));
  KAKUNIN_ASSIGN_OR_RETURN(int schema, SchemaOf(db.dsn));
  if (schema != 0) {
    return Bad("restore.target_not_empty",
               "the target database already holds Kakunin's tables (schema " +
                   std::to_string(schema) + "): restore into an empty database");
  }
  std::cerr << "データベースを復元しています（スキーマ " << manifest["schema_version"] << "）…\n";
  KAKUNIN_RETURN_IF_ERROR(
      RunTool({PgTool("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction",
               "--dbname=" + db.dsn, (from / kDump).string()},
              "pg_restore"));
  for (const auto& [rel, sum] : manifest["files"].items()) {
    if (rel == kDump) continue;
    std::cerr << "復元中: " << rel << "\n";
    KAKUNIN_RETURN_IF_ERROR(CopyKeepingMode(from / rel, data / rel));
  }
  std::cout << "復元しました: " << data.string() << "（スキーマ " << manifest["schema_version"]
            << "）。このデータでサーバーを起動してください（新しい版のサーバーなら、起動時にデータ"
               "ベースを"
               "更新します）。\n";
  return OkStatus();
}

}  // namespace

int BackupCommand(int argc, char** argv) {
  cli::Flags f("kakunin-server backup --out DIR [--data-dir DIR | --db DSN]",
               "Writes a consistent dump of the database and the server's keys (device CA,\n"
               "patient sealing keys, audit head key) with a manifest of SHA-256 sums into DIR\n"
               "(a new folder; mode 0700: it holds the keys). Runs beside a live server.\n"
               "Exit codes: 0 written, 1 failed, 2 bad input.");
  AddCommonFlags(f);
  f.Option("out", "DIR", "the backup folder (new or empty)");
  if (auto end = BeginCommand(f, argc, argv, 2)) return *end;
  if (auto s = Backup(f); !s.ok()) return Fail(s.error());
  return 0;
}

int RestoreCommand(int argc, char** argv) {
  cli::Flags f("kakunin-server restore --from DIR [--data-dir DIR | --db DSN]",
               "Restores a backup into a new data directory (and its embedded database, or an\n"
               "empty --db): checks every file against the manifest, refuses a running or\n"
               "non-empty target, and never overwrites keys. Exit codes: 0 restored, 1 failed,\n"
               "2 bad input.");
  AddCommonFlags(f);
  f.Option("from", "DIR", "the backup folder");
  if (auto end = BeginCommand(f, argc, argv, 2)) return *end;
  if (auto s = Restore(f); !s.ok()) return Fail(s.error());
  return 0;
}

}  // namespace kakunin::server
