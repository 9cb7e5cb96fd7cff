// Linked into the programs that hold or serve terminal connections (kakunin-server,
// kakunin-agent, kakunin-ingest-bench): an object of its own, not part of a library, so it is
// always in the link. See common/CMakeLists.txt.
//
// gRPC 1.51 pins every TLS context it makes to P-256 for the key exchange
// (src/core/tsi/ssl_transport_security.cc: SSL_CTX_set_tmp_ecdh with a P-256 key; later
// versions SSL_CTX_set1_groups with P-256 alone), and OpenSSL keeps both ephemeral keys of a
// connection for the connection's life. A
// P-256 key carries its own copy of the curve: ≈ 3 KiB more per idle terminal on HQ's server
// than X25519 (issue 18, bench/README.md). So a context pinned to P-256 alone is given X25519
// first and P-256 second. Peers without this (terminals not yet updated, the console) offer
// P-256 alone and still agree on it; a list of any other shape is left as it was asked for.

// EC_KEY is deprecated in OpenSSL 3, but it is what gRPC 1.51 hands over.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/ssl.h>

#ifndef _WIN32
#include "common/rpc/openssl_next.h"
#endif

namespace {

const int kGroups[] = {NID_X25519, NID_X9_62_prime256v1};

bool PinnedToP256Alone(int cmd, long larg, const void* parg) {
  if (parg == nullptr) return false;
  if (cmd == SSL_CTRL_SET_TMP_ECDH) {  // the curve of this key alone
    const EC_GROUP* group = EC_KEY_get0_group(static_cast<const EC_KEY*>(parg));
    return group != nullptr && EC_GROUP_get_curve_name(group) == NID_X9_62_prime256v1;
  }
  return cmd == SSL_CTRL_SET_GROUPS && larg == 1 &&
         static_cast<const int*>(parg)[0] == NID_X9_62_prime256v1;
}

}  // namespace

#ifdef _WIN32
// OpenSSL and gRPC are linked statically: the link wraps the symbol
// (-Wl,--wrap=SSL_CTX_ctrl), so gRPC's calls come here and __real_ is OpenSSL's.
extern "C" long __real_SSL_CTX_ctrl(SSL_CTX* ctx, int cmd, long larg, void* parg);
extern "C" long __wrap_SSL_CTX_ctrl(SSL_CTX* ctx, int cmd, long larg, void* parg) {
  if (PinnedToP256Alone(cmd, larg, parg)) {
    return __real_SSL_CTX_ctrl(ctx, SSL_CTRL_SET_GROUPS, 2, const_cast<int*>(kGroups));
  }
  return __real_SSL_CTX_ctrl(ctx, cmd, larg, parg);
}
#else
// libgrpc and libssl are shared: this definition in the executable comes first in the dynamic
// linker's search, as the server's SSL_CTX_new does (server/app/connection_memory.cpp).
extern "C" long SSL_CTX_ctrl(SSL_CTX* ctx, int cmd, long larg, void* parg) {
  static const auto real =
      kakunin::rpc::NextOpenSslFunction<long (*)(SSL_CTX*, int, long, void*)>("SSL_CTX_ctrl");
  if (PinnedToP256Alone(cmd, larg, parg)) {
    return real(ctx, SSL_CTRL_SET_GROUPS, 2, const_cast<int*>(kGroups));
  }
  return real(ctx, cmd, larg, parg);
}
#endif
