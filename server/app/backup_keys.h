#pragma once
// The keys in a backup, sealed with a passphrase: a backup holds the database's sealed patient
// fields and, beside them, patient.keys. In the clear, the folder is the patient data itself;
// sealed, whoever copies it (an offsite disk, a backup service) reads nothing without the
// passphrase. Argon2id (64 MiB, 3 passes) derives an AES-256-GCM key (server/storage/sealer.h);
// each key file is sealed with its path as associated data, so files cannot be swapped.

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "common/core/result.h"
#include "server/storage/sealer.h"

namespace kakunin::server {

struct BackupKdf {
  std::string salt_hex;  // 16 random bytes
  uint32_t passes = 3;
  uint32_t memory_kib = 64 * 1024;
  uint32_t lanes = 1;
};

// A fresh salt with the default cost.
Result<BackupKdf> NewBackupKdf();

// The passphrase: the first line of a file no other user may read, at least 12 characters
// (UTF-8 code points).
Result<std::string> ReadPassphraseFile(const std::string& path);

// The sealer for `passphrase` under `kdf` (its one key is "backup"). Costs are bounded, so that
// a manifest from elsewhere cannot ask for gigabytes or hours.
Result<Sealer> BackupSealer(const std::string& passphrase, const BackupKdf& kdf);

// The connection string without its password, and the password as PGPASSWORD for the tool's
// environment (pg_dump, pg_restore): never on a command line, where `ps` shows it to every user.
// Keyword/value strings only; a URI comes back as it is.
std::pair<std::string, std::map<std::string, std::string>> PasswordOutOfArgv(
    const std::string& dsn);

}  // namespace kakunin::server
