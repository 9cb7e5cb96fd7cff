#include "common/audit/restore.h"

#include <nlohmann/json.hpp>

#include "common/audit/chain.h"
#include "common/audit/internal.h"
#include "common/audit/record.h"
#include "common/crypto/signing.h"

namespace kakunin::audit {
namespace {
constexpr std::string_view kRestoreTag = "kakunin-audit-restore-v1";
}  // namespace

Bytes RestoreMessage(const RestoreStatement& s) {
  internal::ByteWriter out;
  out.Field(kRestoreTag);
  out.U64(s.backup_size);
  out.Field(ByteView(s.backup_root));
  out.I64(s.backup_created_at_us);
  out.I64(s.restored_at_us);
  out.Field(s.key_id);
  return out.Take();
}

Result<RestoreStatement> SignRestore(uint64_t backup_size, ByteView backup_root,
                                     int64_t backup_created_at_us, int64_t restored_at_us,
                                     const std::string& key_id, const EVP_PKEY* ed25519_private) {
  KAKUNIN_RETURN_IF_ERROR(CheckSigningInputs(backup_root, key_id, ed25519_private));
  RestoreStatement s;
  s.backup_size = backup_size;
  s.backup_root.assign(backup_root.begin(), backup_root.end());
  s.backup_created_at_us = backup_created_at_us;
  s.restored_at_us = restored_at_us;
  s.key_id = key_id;
  KAKUNIN_ASSIGN_OR_RETURN(s.signature, crypto::Ed25519Sign(ed25519_private, RestoreMessage(s)));
  return s;
}

Status VerifyRestore(const RestoreStatement& s, const EVP_PKEY* ed25519_public) {
  return VerifySigned(s.backup_root, s.key_id, RestoreMessage(s), s.signature, ed25519_public,
                      "audit.bad_restore_signature", "statement");
}

std::string RestoreToJson(const RestoreStatement& s) {
  nlohmann::ordered_json j;
  j["backup_size"] = s.backup_size;
  j["backup_root"] = ToHex(s.backup_root);
  j["backup_created_at"] = FormatUtcMicros(s.backup_created_at_us);
  j["backup_created_at_us"] = s.backup_created_at_us;
  j["restored_at"] = FormatUtcMicros(s.restored_at_us);
  j["restored_at_us"] = s.restored_at_us;
  j["key_id"] = s.key_id;
  j["signature"] = ToHex(s.signature);
  return j.dump();
}

Result<RestoreStatement> RestoreFromJson(std::string_view json) {
  KAKUNIN_ASSIGN_OR_RETURN(nlohmann::json j, internal::ParseStrictObject(
                                                 json,
                                                 {"backup_size", "backup_root", "backup_created_at",
                                                  "backup_created_at_us", "restored_at",
                                                  "restored_at_us", "key_id", "signature"},
                                                 "restore statement"));
  RestoreStatement s;
  KAKUNIN_ASSIGN_OR_RETURN(s.backup_size, internal::GetUint64(j, "backup_size"));
  KAKUNIN_ASSIGN_OR_RETURN(s.backup_root, internal::GetHex(j, "backup_root", kHashSize));
  KAKUNIN_ASSIGN_OR_RETURN(s.backup_created_at_us,
                           internal::GetTime(j, "backup_created_at_us", "backup_created_at"));
  KAKUNIN_ASSIGN_OR_RETURN(s.restored_at_us, internal::GetTime(j, "restored_at_us", "restored_at"));
  KAKUNIN_ASSIGN_OR_RETURN(s.key_id, internal::GetKeyId(j, "key_id"));
  KAKUNIN_ASSIGN_OR_RETURN(s.signature,
                           internal::GetHex(j, "signature", internal::kEd25519SignatureSize));
  return s;
}

}  // namespace kakunin::audit
