// The connection-memory settings of kakunin-server (issue 18): every TLS context the process
// makes, gRPC's included, frees its record buffers while a connection is idle.

#include "server/app/connection_memory.h"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

namespace kakunin::server {
namespace {

TEST(ConnectionMemory, EveryTlsContextReleasesIdleBuffers) {
  // Linked like kakunin-server links it: the wrapped SSL_CTX_new comes with these settings.
  KeepLargeBuffersOffTheHeap();
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  ASSERT_NE(ctx, nullptr);
  EXPECT_NE(SSL_CTX_get_mode(ctx) & SSL_MODE_RELEASE_BUFFERS, 0u);
  SSL_CTX_free(ctx);
}

}  // namespace
}  // namespace kakunin::server
