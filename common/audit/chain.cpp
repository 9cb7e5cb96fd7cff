#include "common/audit/chain.h"

#include <openssl/evp.h>

#include <cassert>
#include <utility>

#include "common/audit/internal.h"
#include "common/crypto/keys.h"
#include "common/crypto/signing.h"

namespace kakunin::audit {
namespace {

constexpr std::string_view kHeadTag = "kakunin-audit-head-v1";
constexpr size_t kKeyIdBytes = 8;
using internal::kEd25519SignatureSize;

}  // namespace

ChainAppender::ChainAppender(uint64_t next_seq, Bytes prev_hash)
    : next_seq_(next_seq), head_hash_(std::move(prev_hash)) {
  assert(next_seq_ >= 1);
}

Record ChainAppender::Append(Record fields) {
  fields.seq = next_seq_;
  fields.prev_hash = head_hash_;
  fields.hash = RecordHash(fields);
  head_hash_ = fields.hash;
  ++next_seq_;
  return fields;
}

Bytes HeadMessage(const SignedHead& h) {
  internal::ByteWriter out;
  out.Field(kHeadTag);
  out.U64(h.size);
  out.Field(ByteView(h.root_hash));
  out.I64(h.signed_at_us);
  out.Field(h.key_id);
  return out.Take();
}

Status CheckSigningInputs(ByteView root_hash, const std::string& key_id,
                          const EVP_PKEY* ed25519_private) {
  if (root_hash.size() != kHashSize) {
    return MakeError(ErrorCode::kInvalidArgument, "audit.bad_root_hash",
                     "root hash has " + std::to_string(root_hash.size()) + " bytes, not 32");
  }
  if (key_id != KeyIdFor(ed25519_private)) {
    return MakeError(ErrorCode::kInvalidArgument, "audit.key_id_mismatch",
                     "key id " + key_id + " is not the id of the signing key");
  }
  return OkStatus();
}

Result<SignedHead> SignHead(uint64_t size, ByteView root_hash, int64_t signed_at_us,
                            const std::string& key_id, const EVP_PKEY* ed25519_private) {
  KAKUNIN_RETURN_IF_ERROR(CheckSigningInputs(root_hash, key_id, ed25519_private));
  SignedHead h;
  h.size = size;
  h.root_hash.assign(root_hash.begin(), root_hash.end());
  h.signed_at_us = signed_at_us;
  h.key_id = key_id;
  KAKUNIN_ASSIGN_OR_RETURN(h.signature, crypto::Ed25519Sign(ed25519_private, HeadMessage(h)));
  return h;
}

Status VerifySigned(ByteView root_hash, const std::string& key_id, const Bytes& message,
                    const Bytes& signature, const EVP_PKEY* ed25519_public,
                    const std::string& reason, const std::string& what) {
  auto bad = [&](const std::string& why) {
    return MakeError(ErrorCode::kUnauthenticated, reason, why);
  };
  if (root_hash.size() != kHashSize) {
    return bad("root hash has " + std::to_string(root_hash.size()) + " bytes");
  }
  if (key_id != KeyIdFor(ed25519_public)) {
    return bad(what + " names key " + key_id + ", not the key it was checked with");
  }
  Status s = crypto::Ed25519Verify(ed25519_public, message, signature);
  if (!s.ok()) return bad("signature does not verify: " + s.error().message());
  return OkStatus();
}

Status VerifyHead(const SignedHead& h, const EVP_PKEY* ed25519_public) {
  return VerifySigned(h.root_hash, h.key_id, HeadMessage(h), h.signature, ed25519_public,
                      "audit.bad_head_signature", "head");
}

std::string KeyIdFor(const EVP_PKEY* public_key) {
  if (public_key == nullptr) return "";
  Bytes material(kHashSize);
  size_t len = material.size();
  if (crypto::GetKeyType(public_key) == crypto::KeyType::kEd25519 &&
      EVP_PKEY_get_raw_public_key(public_key, material.data(), &len) == 1) {
    material.resize(len);
  } else {
    auto der = crypto::PublicKeyToDer(public_key);
    if (!der.ok()) return "";
    material = std::move(der).value();
  }
  Bytes digest = crypto::Sha256(material);
  return ToHex(ByteView(digest).first(kKeyIdBytes));
}

std::string HeadToJson(const SignedHead& h) {
  nlohmann::ordered_json j;
  j["size"] = h.size;
  j["root_hash"] = ToHex(h.root_hash);
  j["signed_at"] = FormatUtcMicros(h.signed_at_us);
  j["signed_at_us"] = h.signed_at_us;
  j["key_id"] = h.key_id;
  j["signature"] = ToHex(h.signature);
  return j.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

Result<SignedHead> HeadFromJson(std::string_view json) {
  KAKUNIN_ASSIGN_OR_RETURN(
      nlohmann::json j,
      internal::ParseStrictObject(
          json, {"size", "root_hash", "signed_at", "signed_at_us", "key_id", "signature"},
          "signed head"));
  SignedHead h;
  KAKUNIN_ASSIGN_OR_RETURN(h.size, internal::GetUint64(j, "size"));
  KAKUNIN_ASSIGN_OR_RETURN(h.root_hash, internal::GetHex(j, "root_hash", kHashSize));
  KAKUNIN_ASSIGN_OR_RETURN(h.signed_at_us, internal::GetTime(j, "signed_at_us", "signed_at"));
  KAKUNIN_ASSIGN_OR_RETURN(h.key_id, internal::GetKeyId(j, "key_id"));
  KAKUNIN_ASSIGN_OR_RETURN(h.signature, internal::GetHex(j, "signature", kEd25519SignatureSize));
  return h;
}

}  // namespace kakunin::audit
