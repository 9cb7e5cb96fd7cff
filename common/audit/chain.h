#pragma once
// Building the hash chain in memory, and signed heads: Ed25519 statements "the chain had
// `size` records and record `size` hashed to `root_hash`" that terminals and exports keep as
// witnesses (FORMAT.md explains why that is enough without a Merkle tree).

#include <cstdint>
#include <string>
#include <string_view>

#include "common/audit/record.h"
#include "common/core/bytes.h"
#include "common/core/result.h"
#include "common/crypto/openssl_types.h"

namespace kakunin::audit {

// Keeps the running head (next seq, hash of the last record). The server seeds it from the
// last stored record inside the transaction that holds the chain lock.
class ChainAppender {
 public:
  // `next_seq` >= 1; `prev_hash` is the hash of record next_seq - 1 (zeros for an empty chain).
  explicit ChainAppender(uint64_t next_seq = 1, Bytes prev_hash = Bytes(kHashSize, 0));

  // Overwrites seq, prev_hash and hash of `fields` (whatever they held) and advances the head.
  Record Append(Record fields);
  // Records in the chain so far, i.e. the seq of the last record (0 when empty).
  uint64_t size() const { return next_seq_ - 1; }
  // Hash of record size() (the root a head of this size signs).
  Bytes head_hash() const { return head_hash_; }

 private:
  uint64_t next_seq_;
  Bytes head_hash_;
};

struct SignedHead {
  uint64_t size = 0;  // records covered; the empty chain has size 0
  Bytes root_hash;    // hash of record `size`; kHashSize zero bytes when size is 0
  int64_t signed_at_us = 0;
  std::string key_id;  // KeyIdFor(signing key)
  Bytes signature;     // Ed25519 over HeadMessage(*this)

  friend bool operator==(const SignedHead&, const SignedHead&) = default;
};

// The signed bytes: tag "kakunin-audit-head-v1", size, root_hash, signed_at_us, key_id
// (layout in FORMAT.md). `signature` is not part of it.
Bytes HeadMessage(const SignedHead& h);

// Fails with kInvalidArgument "audit.bad_root_hash" unless root_hash has kHashSize bytes,
// "audit.key_id_mismatch" unless key_id == KeyIdFor(key), "crypto.wrong_key_type" unless the
// key is Ed25519.
Result<SignedHead> SignHead(uint64_t size, ByteView root_hash, int64_t signed_at_us,
                            const std::string& key_id, const EVP_PKEY* ed25519_private);
// What SignHead and SignRestore refuse before signing: "audit.bad_root_hash" unless `root_hash`
// has kHashSize bytes, "audit.key_id_mismatch" unless key_id == KeyIdFor(key) (a statement
// naming another key could never be verified; refused now, not at audit).
Status CheckSigningInputs(ByteView root_hash, const std::string& key_id,
                          const EVP_PKEY* ed25519_private);
// The checks of VerifyHead and VerifyRestore: kUnauthenticated `reason` unless `root_hash` has
// kHashSize bytes, `key_id` is the id of `ed25519_public` and `signature` verifies over
// `message`. `what` names the statement in the message ("head", "statement").
Status VerifySigned(ByteView root_hash, const std::string& key_id, const Bytes& message,
                    const Bytes& signature, const EVP_PKEY* ed25519_public,
                    const std::string& reason, const std::string& what);
// kUnauthenticated "audit.bad_head_signature" when the signature does not verify, the head is
// malformed, or its key_id is not the id of `ed25519_public`.
Status VerifyHead(const SignedHead& h, const EVP_PKEY* ed25519_public);

// 16 lower-case hex digits: the first 8 bytes of SHA-256 over the raw 32-byte Ed25519 public
// key (over the SubjectPublicKeyInfo DER for other key types; "" for no usable key). Works on
// a private key too. An id only picks which trusted key to try; the signature does the rest.
std::string KeyIdFor(const EVP_PKEY* public_key);

// One JSON object, no newline, members in this order: size, root_hash, signed_at
// (FormatUtcMicros), signed_at_us, key_id, signature (lower-case hex).
std::string HeadToJson(const SignedHead& h);
// Strict inverse of HeadToJson (same rules as FromJsonLine; the signature must be 64 bytes, the
// key_id 1–64 characters of [0-9a-z._-]). The signature is not checked here.
Result<SignedHead> HeadFromJson(std::string_view json);

}  // namespace kakunin::audit
