#pragma once
// Seals patient fields at rest: AES-256-GCM with a random 96-bit nonce, the key id stored beside
// the ciphertext so keys can be rotated (old keys stay loadable for reading).
// Layout: nonce(12) || ciphertext || tag(16).

#include <map>
#include <string>

#include "common/core/bytes.h"
#include "common/core/result.h"

namespace kakunin::server {

class Sealer {
 public:
  // key_hex: 64 hex chars. The first key added is the one used for sealing.
  Status AddKey(const std::string& key_id, const std::string& key_hex);
  // Loads "<id>:<hex>" lines from a file (mode must not be group/world readable).
  Status LoadKeyFile(const std::string& path);
  // Creates a key file with one fresh random key if it does not exist (embedded default).
  static Status CreateKeyFileIfMissing(const std::string& path);

  Result<Bytes> Seal(ByteView plaintext, ByteView associated_data) const;
  Result<Bytes> Open(const std::string& key_id, ByteView sealed, ByteView associated_data) const;
  const std::string& current_key_id() const { return current_; }
  bool ready() const { return !current_.empty(); }

 private:
  std::map<std::string, Bytes> keys_;
  std::string current_;
};

}  // namespace kakunin::server
