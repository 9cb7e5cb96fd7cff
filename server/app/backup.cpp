// What `kakunin-server backup` and `kakunin-server restore` do (issue 16): one folder holds a
// consistent dump of the database (pg_dump, custom format, one snapshot) and the keys without which
// the data is useless — the device CA (pki/), the patient sealing keys (patient.keys) and the audit
// head key (audit/) — with their modes, and a manifest of SHA-256 sums. The keys and the dump are
// sealed with a passphrase (backup_keys.h, sealed_dump.h) unless the operator asks for them in
// the clear. Restore checks the sums and opens every sealed key before it touches anything,
// refuses to write over a live or non-empty target, and never overwrites keys.
#include "server/app/backup.h"

#include <openssl/crypto.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/pqxx>
#include <regex>

#include "common/cli/language.h"
#include "common/core/bytes.h"
#include "common/crypto/keys.h"
#include "common/crypto/signing.h"
#include "common/log/log.h"
#include "common/os/files.h"
#include "common/os/process.h"
#include "server/app/app_common.h"
#include "server/app/backup_folders.h"
#include "server/app/backup_keys.h"
#include "server/app/backup_manifest.h"
#include "server/app/backup_record.h"
#include "server/app/restore_record.h"
#include "server/app/sealed_dump.h"
#include "server/audit/audit_store.h"
#include "server/storage/migrations.h"
#include "server/storage/pg_text.h"
#include "server/storage/pool.h"
#include "server/storage/retention.h"

namespace kakunin::server {
namespace {
namespace fs = std::filesystem;

constexpr char kDump[] = "database.dump";
// Format 3: the dump sealed under the passphrase's key as it is written (sealed_dump.h).
constexpr const char* kSealedDump = kBackupSealedDump;
constexpr const char* kManifest = kBackupManifest;
constexpr char kSealedSuffix[] = ".sealed";
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

// Every regular file below `root`'s key paths, relative to root (by name, even where a key
// folder is a symbolic link). A folder that cannot be read is an error, not a silent gap.
Result<std::vector<fs::path>> KeyFiles(const fs::path& root) {
  std::vector<fs::path> out;
  for (const auto& rel : kKeyPaths) {
    std::error_code ec;
    const fs::path p = root / rel;
    if (fs::is_regular_file(p, ec)) out.push_back(rel);
    if (!fs::is_directory(p, ec)) continue;
    fs::recursive_directory_iterator it(p, fs::directory_options::follow_directory_symlink, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file()) out.push_back(it->path().lexically_relative(root));
    }
    if (ec) {
      return MakeError(ErrorCode::kUnavailable, "backup.unreadable",
                       "cannot read " + p.string() + ": " + ec.message());
    }
  }
  return out;
}

// What a restore cannot do without: the device CA (or every terminal is cut off), the patient
// keys (or the sealed fields stay shut) and the audit head key.
const std::vector<std::string> kRequiredKeys = {"pki/ca.pem", "pki/ca.key", "patient.keys",
                                                "audit/head.key"};

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

Status RunTool(const std::vector<std::string>& argv, const std::string& what,
               const std::map<std::string, std::string>& env = {}) {
  KAKUNIN_ASSIGN_OR_RETURN(auto out, os::RunCommand(argv, env, "", false, std::chrono::hours(2)));
  if (out.exit_code != 0) {
    return MakeError(ErrorCode::kUnavailable, "backup." + what + "_failed",
                     what + " failed (exit " + std::to_string(out.exit_code) +
                         "): " + out.error_output.substr(0, 2000));
  }
  return OkStatus();
}

Result<std::string> ReadFileBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(ErrorCode::kNotFound, "backup.unreadable", "cannot read " + path.string());
  }
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Written with `mode` from the start: a key is never readable by others, not even for a moment.
Status WriteWithMode(const fs::path& path, const std::string& bytes, mode_t mode) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  ::chmod(path.parent_path().c_str(), 0700);
  if (!os::WriteFileDurable(
           path.string(), bytes,
           (mode & 0044) != 0 ? os::FileAccess::kReadable : os::FileAccess::kOwnerOnly)
           .ok()) {
    return MakeError(ErrorCode::kUnavailable, "backup.copy_failed",
                     "cannot write " + path.string());
  }
  ::chmod(path.c_str(), mode);  // the umask may have taken bits off
  return OkStatus();
}

// The key derivation a manifest names (its salt and cost; BackupSealer bounds the cost).
Result<BackupKdf> KdfOf(const nlohmann::json& manifest) {
  try {
    const auto& s = manifest.at("sealed_keys");
    BackupKdf kdf;
    kdf.salt_hex = s.at("salt").get<std::string>();
    kdf.passes = s.at("passes").get<uint32_t>();
    kdf.memory_kib = s.at("memory_kib").get<uint32_t>();
    kdf.lanes = s.at("lanes").get<uint32_t>();
    return kdf;
  } catch (const std::exception&) {
    return Bad("restore.bad_backup", "the manifest's sealed_keys are unreadable");
  }
}

// The key files, each sealed with its path as associated data; their modes go in the manifest.
Status SealKeys(const fs::path& data, const fs::path& out, const Sealer& sealer,
                const BackupKdf& kdf, nlohmann::json& files, nlohmann::json& sealed) {
  nlohmann::json modes = nlohmann::json::object();
  KAKUNIN_ASSIGN_OR_RETURN(auto key_files, KeyFiles(data));
  for (const auto& rel : key_files) {
    std::cerr << "封印中: " << rel.string() << "\n";
    KAKUNIN_ASSIGN_OR_RETURN(std::string plain, ReadFileBytes(data / rel));
    auto box = sealer.Seal(ToBytes(plain), ToBytes(rel.string()));
    OPENSSL_cleanse(plain.data(), plain.size());
    if (!box.ok()) return box.error();
    const std::string name = rel.string() + kSealedSuffix;
    KAKUNIN_RETURN_IF_ERROR(WriteWithMode(out / name, std::string(box->begin(), box->end()), 0600));
    KAKUNIN_ASSIGN_OR_RETURN(files[name], FileSha256(out / name));
    modes[rel.string()] = static_cast<int>(fs::status(data / rel).permissions() & fs::perms::mask);
  }
  sealed = {{"kdf", "argon2id"},    {"salt", kdf.salt_hex},
            {"passes", kdf.passes}, {"memory_kib", kdf.memory_kib},
            {"lanes", kdf.lanes},   {"modes", modes}};
  return OkStatus();
}

// The SHA-256 of the manifest without this field, sealed with the passphrase's key (the salt
// and cost are the manifest's own): hex.
Result<std::string> AuthenticateManifest(const nlohmann::json& manifest, const Sealer& sealer) {
  nlohmann::json body = manifest;
  body.erase("authenticated");
  KAKUNIN_ASSIGN_OR_RETURN(Bytes box, sealer.Seal(crypto::Sha256(ToBytes(body.dump())),
                                                  ToBytes(std::string(kManifest))));
  return ToHex(box);
}

// The nightly unit runs whether or not the passphrase file was made: without one, the backup
// fails loudly (systemctl --failed, the journal) instead of being skipped without a word.
Result<std::string> BackupPassphrase(const std::string& path) {
  auto read = ReadPassphraseFile(path);
  if (read.ok() || (read.error().reason() != "backup.passphrase_missing" &&
                    read.error().reason() != "backup.passphrase_empty")) {
    return read;
  }
  return MakeError(ErrorCode::kFailedPrecondition, "backup.no_passphrase",
                   "no backup was taken: " + read.error().message() +
                       ". Create it: install -m 600 -o kakunin /dev/null " + path +
                       ", write one line of 12 or more characters into it, and keep a copy of "
                       "it apart from the backups");
}

Status Backup(const cli::Flags& f) {
  fs::path out = f.Get("out");
  const fs::path data = f.Get("data-dir"), into = f.Get("into");
  std::error_code ec;
  if (out.empty() == into.empty()) {
    return MakeError(
        ErrorCode::kInvalidArgument, "cli.missing",
        cli::Localized(
            "give --out DIR (one backup) or --into DIR (a new folder in DIR each time)",
            "--out フォルダー（1 回分のバックアップ）か --into "
            "フォルダー（毎回その中に新しいフォルダー）のどちらか一方を指定してください"));
  }
  KAKUNIN_ASSIGN_OR_RETURN(int keep, f.GetInt("keep"));
  if (keep < 0 || keep > 1000 || (keep > 0 && into.empty())) {
    return MakeError(
        ErrorCode::kInvalidArgument, "cli.bad_value",
        cli::Localized(
            "--keep takes 1 to 1000 backups, with --into",
            "--keep は --into と一緒に、1〜1000（残すバックアップの数）で指定してください"));
  }
  // The keys beside the dump would make the dump readable: sealed, or in the clear by choice.
  const bool clear = f.GetBool("keys-in-clear");
  if (clear == f.Has("passphrase-file")) {
    return MakeError(ErrorCode::kInvalidArgument, "backup.keys_unprotected",
                     clear ? "give either --passphrase-file or --keys-in-clear, not both"
                           : "give --passphrase-file FILE to seal the keys in the backup (or "
                             "--keys-in-clear to leave them readable by whoever holds the folder)");
  }
  std::string passphrase;
  if (!clear) {
    KAKUNIN_ASSIGN_OR_RETURN(passphrase, BackupPassphrase(f.Get("passphrase-file")));
  }
  // The nightly unit never starts the embedded database itself: a server starting at the same
  // moment (a boot that makes up a missed night) would find it taken.
  if (f.GetBool("running-database-only") && f.GetOrEnv("db", "KAKUNIN_DB").empty() &&
      !RunningEmbeddedDsn(data.string())) {
    return Bad("backup.server_not_running",
               "the embedded database is not running (kakunin-server is stopped); the backup "
               "runs beside a running server only (--running-database-only)");
  }
  if (!into.empty()) {
    KAKUNIN_ASSIGN_OR_RETURN(out, NewBackupFolder(into));
  }
  if (fs::exists(out, ec) && !fs::is_empty(out, ec)) {
    return Bad("backup.out_not_empty", out.string() + " is not empty: back up into a new folder");
  }
  fs::create_directories(out, ec);
  ::chmod(out.c_str(), 0700);  // it holds the keys
  // A scheduled backup that fails leaves no half folder behind (it would never be rotated).
  struct Partial {
    fs::path path;
    ~Partial() {
      std::error_code ec;
      if (!path.empty()) fs::remove_all(path, ec);
    }
  } partial{into.empty() ? fs::path() : out};
  KAKUNIN_ASSIGN_OR_RETURN(auto db, OpenDatabase(f));
  KAKUNIN_ASSIGN_OR_RETURN(int schema, SchemaOf(db.dsn));
  for (const auto& rel : kRequiredKeys) {
    if (!fs::is_regular_file(data / rel, ec)) {
      return Bad("backup.no_keys", "no " + rel + " in " + data.string() +
                                       ": a restore without it would not serve the terminals "
                                       "and the sealed patient fields");
    }
  }
  // One key from the passphrase seals the dump, the keys and the manifest.
  std::optional<Sealer> sealer;
  BackupKdf kdf;
  if (!clear) {
    KAKUNIN_ASSIGN_OR_RETURN(kdf, NewBackupKdf());
    std::cerr << "封印する鍵をパスフレーズから作っています…\n";
    auto made = BackupSealer(passphrase, kdf);
    OPENSSL_cleanse(passphrase.data(), passphrase.size());
    if (!made.ok()) return made.error();
    sealer.emplace(std::move(made).value());
  }
  std::cerr << "データベースを書き出しています（スキーマ " << schema << "）…\n";
  const auto [dump_dsn, dump_env] = PasswordOutOfArgv(db.dsn);
  nlohmann::json files = nlohmann::json::object();
  const std::string dump_name = clear ? kDump : kSealedDump;
  // Patient months past their re-view window (the hourly purge had not dropped them yet) are
  // left out: a backup kept for 14 days, or copied off the host, would bring them back.
  std::vector<std::string> expired;
  try {
    pqxx::connection conn(db.dsn);
    KAKUNIN_ASSIGN_OR_RETURN(expired, ExpiredPatientTables(conn, TodayInJapan(), 1));
  } catch (const std::exception& e) {
    return DbError(e);
  }
  auto pg_dump = [&](const std::string& path) {
    std::vector<std::string> argv = {PgTool("pg_dump"), "--format=custom", "--no-owner",
                                     "--file=" + path, "--dbname=" + dump_dsn};
    for (const auto& table : expired) argv.push_back("--exclude-table-data=" + table);
    // Where this database's backups went is this installation's, not a restored one's.
    argv.push_back(std::string("--exclude-table-data=") + kBackupsTable);
    // A FIFO cannot be synced; the sealed file is, by us.
    if (!clear) argv.push_back("--no-sync");
    return RunTool(argv, "pg_dump", dump_env);
  };
  if (clear) {
    KAKUNIN_RETURN_IF_ERROR(pg_dump((out / kDump).string()));
    ::chmod((out / kDump).c_str(), 0600);
  } else {
    KAKUNIN_RETURN_IF_ERROR(DumpSealed(pg_dump, *sealer, (out / kSealedDump).string()));
    // A backup that would not restore must not count as one (rotation deletes older ones).
    std::cerr << "封印したデータベースを確かめています…\n";
    KAKUNIN_RETURN_IF_ERROR(CheckSealed(*sealer, (out / kSealedDump).string()));
  }
  KAKUNIN_ASSIGN_OR_RETURN(files[dump_name], FileSha256(out / dump_name));
  nlohmann::json sealed;
  if (clear) {
    KAKUNIN_ASSIGN_OR_RETURN(auto key_files, KeyFiles(data));
    for (const auto& rel : key_files) {
      std::cerr << "コピー中: " << rel.string() << "\n";
      KAKUNIN_RETURN_IF_ERROR(CopyKeepingMode(data / rel, out / rel));
      KAKUNIN_ASSIGN_OR_RETURN(files[rel.string()], FileSha256(out / rel));
    }
  } else {
    KAKUNIN_RETURN_IF_ERROR(SealKeys(data, out, *sealer, kdf, files, sealed));
  }
  // Format 3 (sealed keys and dump) is refused by an older restore, which could not open them.
  nlohmann::json manifest = {{"format", clear ? 1 : 3},
                             {"schema_version", schema},
                             {"created_at", static_cast<int64_t>(std::time(nullptr))},
                             {"files", files}};
  if (!clear) {
    manifest["sealed_keys"] = sealed;
    // The manifest names the dump's SHA-256: sealing its hash under the passphrase's key makes
    // the dump and every file in it tamper-evident to whoever lacks the passphrase.
    KAKUNIN_ASSIGN_OR_RETURN(manifest["authenticated"], AuthenticateManifest(manifest, *sealer));
  }
  KAKUNIN_RETURN_IF_ERROR(WriteWithMode(out / kManifest, manifest.dump(2) + "\n", 0600));
  std::cout << "バックアップしました: " << out.string() << "（スキーマ " << schema
            << "、鍵ファイル " << files.size() - 1 << " 個"
            << (clear
                    ? "。鍵は暗号化されていません。フォルダーをサーバーと同じように守ってください"
                    : "。データベースと鍵はパスフレーズで封印しました。パスフレーズは別の場所に保管"
                      "してください")
            << "）\n";
  partial.path.clear();  // whole from here: kept, even when it cannot be recorded below
  if (keep > 0) KeepNewest(into, out, keep);
  // Recorded last, so a row is always a backup that restores (the server shows the newest).
  return RecordBackup(db.dsn, DescribeBackup(out, !clear, schema));
}

Result<nlohmann::json> VerifiedManifest(const fs::path& from) {
  auto text = os::ReadRegularFile((from / kManifest).string(), kMaxBackupManifestBytes);
  if (!text.ok()) {
    return Bad("restore.bad_backup", (from / kManifest).string() + " is missing or unreadable");
  }
  KAKUNIN_ASSIGN_OR_RETURN(auto manifest, ParseBackupManifest(*text));
  for (const auto& [rel, sum] : manifest["files"].items()) {
    KAKUNIN_ASSIGN_OR_RETURN(auto actual, FileSha256(from / rel));
    if (actual != sum.get<std::string>()) {
      return Bad("restore.damaged", rel + " does not match its SHA-256 in the manifest");
    }
  }
  return manifest;
}

struct OpenedBackup {
  Sealer sealer;  // the passphrase's key: it opens the dump of format 3
  std::vector<std::pair<std::string, std::string>> keys;  // relative path, bytes
};

Result<OpenedBackup> OpenSealedKeys(const cli::Flags& f, const fs::path& from,
                                    const nlohmann::json& manifest) {
  if (!f.Has("passphrase-file")) {
    return MakeError(ErrorCode::kInvalidArgument, "restore.passphrase_needed",
                     "this backup's keys are sealed: give --passphrase-file FILE");
  }
  KAKUNIN_ASSIGN_OR_RETURN(std::string passphrase, ReadPassphraseFile(f.Get("passphrase-file")));
  KAKUNIN_ASSIGN_OR_RETURN(BackupKdf kdf, KdfOf(manifest));
  std::cerr << "パスフレーズから鍵を開いています…\n";
  auto sealer = BackupSealer(passphrase, kdf);
  OPENSSL_cleanse(passphrase.data(), passphrase.size());
  if (!sealer.ok()) return sealer.error();
  // The manifest (and through its sums the dump and every file) is as the backup wrote it.
  {
    nlohmann::json body = manifest;
    body.erase("authenticated");
    auto box = FromHex(manifest.value("authenticated", std::string()));
    auto hash = box.ok() ? sealer->Open("backup", *box, ToBytes(std::string(kManifest)))
                         : Result<Bytes>(box.error());
    if (!hash.ok() || *hash != crypto::Sha256(ToBytes(body.dump()))) {
      return Bad("restore.wrong_passphrase",
                 "the passphrase does not open this backup, or its manifest was changed; "
                 "nothing was restored");
    }
  }
  OpenedBackup opened{std::move(sealer).value(), {}};
  auto& keys = opened.keys;
  const std::string suffix = kSealedSuffix;
  for (const auto& [name, sum] : manifest["files"].items()) {
    if (name.size() <= suffix.size() || name.substr(name.size() - suffix.size()) != suffix) {
      continue;
    }
    const std::string rel = name.substr(0, name.size() - suffix.size());
    KAKUNIN_ASSIGN_OR_RETURN(std::string box, ReadFileBytes(from / name));
    auto plain = opened.sealer.Open("backup", ToBytes(box), ToBytes(rel));
    if (!plain.ok()) {
      return Bad("restore.wrong_passphrase", "the passphrase does not open " + rel +
                                                 " (a wrong passphrase, or a file of "
                                                 "another backup); nothing was restored");
    }
    keys.emplace_back(rel, std::string(plain->begin(), plain->end()));
    OPENSSL_cleanse(plain->data(), plain->size());
  }
  for (const auto& rel : kRequiredKeys) {
    if (std::none_of(keys.begin(), keys.end(), [&](const auto& k) { return k.first == rel; })) {
      return Bad("restore.bad_backup", "the backup holds no sealed " + rel);
    }
  }
  return opened;
}

// What was recorded after the backup is lost, and the terminals hold signed heads over it: a
// record signed with the restored head key says so (common/audit/restore.h), or `audit verify
// --witness` would read the restore as a rewritten history. Without it the data is still
// restored, so a failure here is a warning, not a failed restore; what to append is noted first,
// and the server appends it at its start when it could not be appended here (restore_record.h).
void AppendRestoreRecord(const std::string& dsn, const fs::path& data,
                         const nlohmann::json& manifest) {
  const fs::path key_path = data / "audit/head.key";
  bool noted = false;
  auto warn = [&](const std::string& why) {
    std::cerr << "警告: 復元の記録を監査ログに追加できませんでした（" << why
              << "）。データは復元済みです。"
              << (noted ? "サーバーの起動時にもう一度追加します。"
                        : "端末が保存している監査ログの署名との照合（audit verify --witness）では、"
                          "バックアップ後の記録が失われたことが改ざんとして報告されます。")
              << "\n";
  };
  PendingRestore pending;
  pending.backup_created_at_us =
      manifest.contains("created_at") && manifest["created_at"].is_number_integer()
          ? manifest["created_at"].get<int64_t>() * 1'000'000
          : 0;
  pending.restored_at_us = std::chrono::duration_cast<std::chrono::microseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  try {
    pqxx::connection conn(dsn);
    pqxx::nontransaction tx(conn);
    pending.backup_size = tx.exec1("SELECT coalesce(max(seq), 0) FROM audit_log")[0].as<uint64_t>();
  } catch (const std::exception& e) {
    return warn(e.what());
  }
  if (auto s = WritePendingRestore(key_path, pending); s.ok()) noted = true;
  // Fault injection for the test of the server's second try (restore_record_test).
  if (std::getenv("KAKUNIN_FAULT_SKIP_RESTORE_RECORD")) return warn("fault injection");
  std::error_code ec;
  if (!fs::is_regular_file(key_path, ec)) return warn(key_path.string() + " がありません");
  auto pem = ReadFileBytes(key_path);
  if (!pem.ok()) return warn(pem.error().message());
  auto key = crypto::PrivateKeyFromPem(*pem);
  OPENSSL_cleanse(pem->data(), pem->size());
  if (!key.ok()) return warn(key.error().message());
  ConnectionPool pool(dsn, 1);
  AuditStore store(&pool);
  auto statement = store.AppendRestored(key->get(), pending.backup_created_at_us,
                                        pending.restored_at_us, pending.backup_size);
  if (!statement.ok()) return warn(statement.error().message());
  fs::remove(PendingRestorePath(key_path), ec);
  std::cerr << "監査ログに復元の記録を追加しました（バックアップの最後の記録: "
            << statement->backup_size << "）\n";
}

Status Restore(const cli::Flags& f) {
  const fs::path from = f.Get("from"), data = f.Get("data-dir");
  if (from.empty())
    return MakeError(ErrorCode::kInvalidArgument, "cli.missing",
                     cli::Localized("--from DIR",
                                    "--from に復元するバックアップのフォルダーを指定してください"));
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
  // Sealed keys are opened, all of them, before anything is written: a wrong passphrase
  // leaves the target as it was.
  std::optional<OpenedBackup> opened;
  struct Wipe {
    std::optional<OpenedBackup>& opened;
    ~Wipe() {
      if (!opened) return;
      for (auto& [rel, bytes] : opened->keys) OPENSSL_cleanse(bytes.data(), bytes.size());
    }
  } wipe{opened};
  if (manifest.contains("sealed_keys")) {
    KAKUNIN_ASSIGN_OR_RETURN(auto keys, OpenSealedKeys(f, from, manifest));
    opened.emplace(std::move(keys));
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
  const auto [restore_dsn, restore_env] = PasswordOutOfArgv(db.dsn);
  // One transaction: a dump that stops opening midway (or any error) leaves the target empty.
  auto pg_restore = [&](const std::string& path) {
    std::vector<std::string> argv = {PgTool("pg_restore"), "--no-owner", "--exit-on-error",
                                     "--single-transaction", "--dbname=" + restore_dsn};
    if (!manifest["files"].contains(kSealedDump)) {
      argv.push_back(path);
      return RunTool(argv, "pg_restore", restore_env);
    }
    // pg_restore opens a named file twice (to learn its format, then to read it), which a FIFO
    // cannot serve; it reads its standard input once.
    argv.insert(argv.begin(), {"/bin/sh", "-c", "f=$1; shift; exec \"$@\" < \"$f\"", "sh", path});
    return RunTool(argv, "pg_restore", restore_env);
  };
  if (manifest["files"].contains(kSealedDump)) {
    if (!opened) return Bad("restore.bad_backup", "a sealed dump without sealed keys");
    KAKUNIN_RETURN_IF_ERROR(
        RestoreSealed(pg_restore, opened->sealer, (from / kSealedDump).string()));
  } else {
    KAKUNIN_RETURN_IF_ERROR(pg_restore((from / kDump).string()));
  }
  const auto& sealed = manifest.contains("sealed_keys") ? manifest["sealed_keys"]["modes"]
                                                        : nlohmann::json::object();
  static const std::vector<std::pair<std::string, std::string>> kNoKeys;
  for (const auto& [rel, bytes] : opened ? opened->keys : kNoKeys) {
    std::cerr << "復元中: " << rel << "\n";
    const int mode =
        sealed.contains(rel) && sealed[rel].is_number_integer() ? sealed[rel].get<int>() : 0600;
    KAKUNIN_RETURN_IF_ERROR(WriteWithMode(data / rel, bytes, static_cast<mode_t>(mode & 0644)));
  }
  if (!manifest.contains("sealed_keys")) {
    for (const auto& [rel, sum] : manifest["files"].items()) {
      if (rel == kDump) continue;
      std::cerr << "復元中: " << rel << "\n";
      KAKUNIN_RETURN_IF_ERROR(CopyKeepingMode(from / rel, data / rel));
    }
  }
  AppendRestoreRecord(db.dsn, data, manifest);
  std::cout << "復元しました: " << data.string() << "（スキーマ " << manifest["schema_version"]
            << "）。このデータでサーバーを起動してください（新しい版のサーバーなら、起動時にデータ"
               "ベースを更新します）。新しいマシンに復元した場合は、先に設定ファイル"
               "（/etc/kakunin/server.toml: server_names、advertise、trusted_proxies など）を元の"
               "マシンと同じ内容にしてください。設定はバックアップに含まれません。\n";
  return OkStatus();
}

}  // namespace

Status RunBackup(const cli::Flags& f) { return Backup(f); }

Status RunRestore(const cli::Flags& f) {
  // pg_restore reads the opened dump from a FIFO: if it stops early, the write says so (EPIPE)
  // instead of a signal ending the restore without a word.
  ::signal(SIGPIPE, SIG_IGN);
  return Restore(f);
}

}  // namespace kakunin::server
