#pragma once
// Patient data at rest: every payload is sealed with AES-256-GCM under the store's key (a
// random 32 bytes in store.key beside the database: 0600 in the agent's 0700 folder, and sealed
// with DPAPI on Windows), so a copy of outbox.db alone (a backup tool, a support bundle, a
// disk image without the key file) holds no names, numbers or dates of birth. Layout: magic (4)
// || nonce (12) || ciphertext || tag (16). The magic starts with a zero byte, which no
// serialized CheckResult does, so rows of an older agent are told apart and sealed at Open.

#include <string>

#include "common/core/bytes.h"
#include "common/core/result.h"

namespace kakunin::agent::sealing {

// The magic as an SQL blob literal, for a query that asks whether any row is sealed.
constexpr char kMagicSql[] = "X'004B5301'";

Result<std::string> Seal(const Bytes& key, const std::string& plain);
// Whether a stored payload is sealed (else an older agent's clear row).
bool IsSealed(const void* data, int size);
// The clear bytes of a payload (a clear row as it is); false when a sealed one does not open
// (another key, a damaged row).
bool Open(const Bytes& key, const void* data, int size, std::string* plain);
// Where the store's key of the database at `db_path` lives (store.key beside it).
std::string KeyPath(const std::string& db_path);
// The store's key beside `db_path`, made on first use, unless `sealed_rows` says rows sealed
// with a key that is gone wait there (outbox.key_missing). Called inside the schema's BEGIN
// IMMEDIATE: a second opener (the uplink's connection, a CLI) waits there, then reads what the
// first wrote.
Result<Bytes> LoadOrCreateKey(const std::string& db_path, bool sealed_rows);

}  // namespace kakunin::agent::sealing
