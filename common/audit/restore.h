#pragma once
// A restore from a backup ends the history after the backup's last record: every head signed
// over that lost history (terminals keep them as witnesses) can never match the restored chain,
// and would read as tampering. `kakunin-server restore` therefore appends one record, right
// after the backup's last, carrying a statement signed with the head key: "this chain was
// restored at `restored_at_us` from a backup whose last record was `backup_size`, with hash
// `backup_root`". The verifier sets aside the heads that statement explains (FORMAT.md §7) and
// reports the restore; heads signed before the backup's last record, or after the restore,
// are judged as always. Only the holder of the head key can sign one, so a person who can
// write to the database but not read the server's key cannot excuse a cut-off tail with it.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/core/bytes.h"
#include "common/core/result.h"
#include "common/crypto/openssl_types.h"

namespace kakunin::audit {

// The event of the record that carries a RestoreStatement (as its details).
inline constexpr std::string_view kRestoredEvent = "audit.restored";

struct RestoreStatement {
  uint64_t backup_size = 0;          // records the backup held (the chain as restored)
  Bytes backup_root;                 // hash of record backup_size; 32 zero bytes when 0
  int64_t backup_created_at_us = 0;  // when the backup was made (its manifest), for people
  int64_t restored_at_us = 0;        // heads of the lost history were signed before this
  std::string key_id;                // KeyIdFor(head key)
  Bytes signature;                   // Ed25519 over RestoreMessage(*this)

  friend bool operator==(const RestoreStatement&, const RestoreStatement&) = default;
};

// Tag "kakunin-audit-restore-v1", backup_size, backup_root, backup_created_at_us,
// restored_at_us, key_id (FORMAT.md §5): never the bytes of a head, so neither can pass for
// the other.
Bytes RestoreMessage(const RestoreStatement& s);

// Same refusals as SignHead ("audit.bad_root_hash", "audit.key_id_mismatch").
Result<RestoreStatement> SignRestore(uint64_t backup_size, ByteView backup_root,
                                     int64_t backup_created_at_us, int64_t restored_at_us,
                                     const std::string& key_id, const EVP_PKEY* ed25519_private);
// kUnauthenticated "audit.bad_restore_signature" unless it verifies with `ed25519_public`.
Status VerifyRestore(const RestoreStatement& s, const EVP_PKEY* ed25519_public);

// The record's details: one JSON object, members in this order: backup_size, backup_root,
// backup_created_at, backup_created_at_us, restored_at, restored_at_us, key_id, signature.
std::string RestoreToJson(const RestoreStatement& s);
// Strict inverse (the rules of HeadFromJson); the signature is not checked here.
Result<RestoreStatement> RestoreFromJson(std::string_view json);

}  // namespace kakunin::audit
