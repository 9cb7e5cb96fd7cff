#include "server/app/backup_keys.h"

#include <argon2.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <regex>

#include "common/core/bytes.h"

namespace kakunin::server {

Result<BackupKdf> NewBackupKdf() {
  Bytes salt(16);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    return MakeError(ErrorCode::kInternal, "backup.rand", "no randomness for the salt");
  }
  BackupKdf kdf;
  kdf.salt_hex = ToHex(salt);
  return kdf;
}

Result<std::string> ReadPassphraseFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    // Only a file that is not there is "missing" (whose advice creates one): a folder this user
    // may not enter must not be answered with a command that would empty the real file.
    if (errno == ENOENT) {
      return MakeError(ErrorCode::kInvalidArgument, "backup.passphrase_missing",
                       "there is no passphrase file " + path);
    }
    return MakeError(ErrorCode::kInvalidArgument, "backup.passphrase_unreadable",
                     "cannot open the passphrase file " + path +
                         " (its folder's and its own owner and mode must let this user read it)");
  }
  if ((st.st_mode & 0007) != 0) {
    return MakeError(ErrorCode::kInvalidArgument, "backup.passphrase_file_open",
                     "the passphrase file " + path +
                         " may be read by any user; chmod 600 (or 640 with the server's group)");
  }
  std::ifstream in(path);
  if (!in) {
    return MakeError(ErrorCode::kInvalidArgument, "backup.passphrase_unreadable",
                     "cannot open the passphrase file " + path +
                         " (its owner and mode must let this user read it)");
  }
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  if (line.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "backup.passphrase_empty",
                     "the passphrase file " + path + " is empty (its first line holds nothing)");
  }
  // Characters as the operator counts them, not bytes: four kana are 12 bytes.
  const auto characters = std::count_if(line.begin(), line.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // not a UTF-8 continuation byte
  });
  if (characters < 12) {
    return MakeError(ErrorCode::kInvalidArgument, "backup.passphrase_short",
                     "the passphrase in " + path + " is shorter than 12 characters");
  }
  return line;
}

Result<Sealer> BackupSealer(const std::string& passphrase, const BackupKdf& kdf) {
  auto salt = FromHex(kdf.salt_hex);
  if (!salt.ok() || salt->size() < 16 || salt->size() > 64 || kdf.passes < 1 || kdf.passes > 20 ||
      kdf.memory_kib < 8 * 1024 || kdf.memory_kib > 1024 * 1024 || kdf.lanes < 1 || kdf.lanes > 8) {
    return MakeError(ErrorCode::kFailedPrecondition, "restore.bad_backup",
                     "the backup's key derivation settings are out of range");
  }
  Bytes key(32);
  const int rc =
      argon2id_hash_raw(kdf.passes, kdf.memory_kib, kdf.lanes, passphrase.data(), passphrase.size(),
                        salt->data(), salt->size(), key.data(), key.size());
  if (rc != ARGON2_OK) {
    return MakeError(ErrorCode::kInternal, "backup.kdf", argon2_error_message(rc));
  }
  Sealer sealer;
  std::string hex = ToHex(key);
  Status added = sealer.AddKey("backup", hex);
  OPENSSL_cleanse(key.data(), key.size());
  OPENSSL_cleanse(hex.data(), hex.size());
  KAKUNIN_RETURN_IF_ERROR(added);
  return sealer;
}

// A connection string's password goes to the tool in its environment (PGPASSWORD), not on its
// command line, where any local user reads it in `ps` (the nightly backup runs unattended).
// Keyword/value strings only; a URI is passed as it is.
std::pair<std::string, std::map<std::string, std::string>> PasswordOutOfArgv(
    const std::string& dsn) {
  static const std::regex kPassword(R"re((^|\s)password\s*=\s*('(?:[^'\\]|\\.)*'|\S+))re");
  std::smatch m;
  if (!std::regex_search(dsn, m, kPassword)) return {dsn, {}};
  std::string value = m[2];
  if (value.size() >= 2 && value.front() == '\'') {
    std::string plain;
    for (size_t i = 1; i + 1 < value.size(); ++i) {
      if (value[i] == '\\' && i + 2 < value.size()) ++i;
      plain += value[i];
    }
    value = plain;
  }
  return {std::string(m.prefix()) + std::string(m.suffix()), {{"PGPASSWORD", value}}};
}

}  // namespace kakunin::server
