#include "agent/store/sealing.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/os/files.h"
#include "common/os/secret.h"

namespace kakunin::agent::sealing {
namespace {

constexpr unsigned char kMagic[4] = {0x00, 'K', 'S', 0x01};
constexpr size_t kNonce = 12, kTag = 16;
constexpr char kAad[] = "kakunin outbox payload v1";
constexpr char kKeyFile[] = "store.key";

struct CipherCtx {
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  ~CipherCtx() { EVP_CIPHER_CTX_free(c); }
};

}  // namespace

Result<std::string> Seal(const Bytes& key, const std::string& plain) {
  std::string out(sizeof kMagic + kNonce + plain.size() + kTag, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  std::copy(std::begin(kMagic), std::end(kMagic), o);
  unsigned char* nonce = o + sizeof kMagic;
  unsigned char* body = nonce + kNonce;
  CipherCtx ctx;
  int len = 0;
  const bool ok =
      ctx.c != nullptr && RAND_bytes(nonce, kNonce) == 1 &&
      EVP_EncryptInit_ex(ctx.c, EVP_aes_256_gcm(), nullptr, key.data(), nonce) == 1 &&
      EVP_EncryptUpdate(ctx.c, nullptr, &len, reinterpret_cast<const unsigned char*>(kAad),
                        sizeof kAad - 1) == 1 &&
      EVP_EncryptUpdate(ctx.c, body, &len, reinterpret_cast<const unsigned char*>(plain.data()),
                        static_cast<int>(plain.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx.c, body + len, &len) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.c, EVP_CTRL_GCM_GET_TAG, kTag, body + plain.size()) == 1;
  if (!ok) return MakeError(ErrorCode::kInternal, "outbox.seal", "AES-GCM sealing failed");
  return out;
}

bool IsSealed(const void* data, int size) {
  return size >= static_cast<int>(sizeof kMagic + kNonce + kTag) &&
         std::equal(std::begin(kMagic), std::end(kMagic), static_cast<const unsigned char*>(data));
}

// False when the blob is sealed but does not open (another key, a damaged row).
bool Open(const Bytes& key, const void* data, int size, std::string* plain) {
  if (!IsSealed(data, size)) {  // an older agent's row, not sealed yet
    plain->assign(static_cast<const char*>(data), static_cast<size_t>(size));
    return true;
  }
  const auto* in = static_cast<const unsigned char*>(data) + sizeof kMagic;
  const size_t n = static_cast<size_t>(size) - sizeof kMagic - kNonce - kTag;
  plain->assign(n, '\0');
  CipherCtx ctx;
  int len = 0;
  std::array<unsigned char, kTag> tag;
  std::copy(in + kNonce + n, in + kNonce + n + kTag, tag.begin());
  const bool ok =
      ctx.c != nullptr &&
      EVP_DecryptInit_ex(ctx.c, EVP_aes_256_gcm(), nullptr, key.data(), in) == 1 &&
      EVP_DecryptUpdate(ctx.c, nullptr, &len, reinterpret_cast<const unsigned char*>(kAad),
                        sizeof kAad - 1) == 1 &&
      EVP_DecryptUpdate(ctx.c, reinterpret_cast<unsigned char*>(plain->data()), &len, in + kNonce,
                        static_cast<int>(n)) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.c, EVP_CTRL_GCM_SET_TAG, kTag, tag.data()) == 1 &&
      EVP_DecryptFinal_ex(ctx.c, reinterpret_cast<unsigned char*>(plain->data()) + len, &len) == 1;
  if (!ok) OPENSSL_cleanse(plain->data(), plain->size());
  return ok;
}

std::string KeyPath(const std::string& db_path) {
  return os::PathToUtf8(os::PathFromUtf8(db_path).parent_path() / kKeyFile);
}

Result<Bytes> LoadOrCreateKey(const std::string& db_path, bool sealed_rows) {
  const std::string path = KeyPath(db_path);
  std::error_code ec;
  const bool exists = std::filesystem::exists(os::PathFromUtf8(path), ec);
  std::ifstream in(os::PathFromUtf8(path), std::ios::binary);
  // One that cannot be read is never replaced: every row sealed under it would be lost.
  if (exists && !in) {
    return MakeError(
        ErrorCode::kFailedPrecondition, "outbox.key_unreadable",
        "cannot read " + path + ": run as the user that owns the state folder (kakunin-agent)");
  }
  if (in) {
    std::stringstream ss;
    ss << in.rdbuf();
    KAKUNIN_ASSIGN_OR_RETURN(std::string hex, os::UnprotectSecret(ss.str()));
    auto key = FromHex(hex);
    OPENSSL_cleanse(hex.data(), hex.size());
    if (!key.ok() || key->size() != 32) {
      return MakeError(ErrorCode::kDataLoss, "outbox.damaged",
                       path + " is not a store key: the results in outbox.db cannot be read");
    }
    return *key;
  }
  // Rows sealed under a key that is gone (store.key deleted, outbox.db restored without it): a
  // new key would open none of them and stop the queue behind the first. Refused instead.
  if (sealed_rows) {
    return MakeError(ErrorCode::kFailedPrecondition, "outbox.key_missing",
                     path +
                         " is missing, but outbox.db holds results sealed with it: put back "
                         "the store.key that belongs to this outbox.db");
  }
  Bytes key(32);
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
    return MakeError(ErrorCode::kInternal, "outbox.seal", "no randomness for the store key");
  }
  std::string hex = ToHex(key);
  auto sealed = os::ProtectSecret(hex);
  OPENSSL_cleanse(hex.data(), hex.size());
  if (!sealed.ok()) return sealed.error();
  KAKUNIN_RETURN_IF_ERROR(os::WriteFileDurable(path, *sealed, os::FileAccess::kOwnerOnly));
  return key;
}

}  // namespace kakunin::agent::sealing
