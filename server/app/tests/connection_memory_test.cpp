// The connection-memory settings of kakunin-server (issue 18): every TLS context the process
// makes, gRPC's included, frees its record buffers while a connection is idle.

#include "server/app/connection_memory.h"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <cstdlib>
#include <cstring>
#include <vector>

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

// A busy connection's record buffers come back for its next record instead of being unmapped
// and mapped again; small and huge blocks are not kept, nor more than the cache's bound.
TEST(TlsBuffers, ARecordBufferFreedIsTheNextOneOfItsSize) {
  KeepLargeBuffersOffTheHeap();
  ASSERT_EQ(tls_buffers::Kept(), 0u);
  void* record = std::malloc(17 * 1024 + 80);
  ASSERT_NE(record, nullptr);
  ASSERT_TRUE(tls_buffers::Keep(record));
  EXPECT_EQ(tls_buffers::Take(200 * 1024), nullptr);  // too large for any kept block
  EXPECT_EQ(tls_buffers::Take(1024), nullptr);        // small: malloc's own
  EXPECT_EQ(tls_buffers::Take(17 * 1024 + 80), record);
  EXPECT_EQ(tls_buffers::Take(17 * 1024 + 80), nullptr);  // given once
  std::free(record);

  void* small = std::malloc(512);
  EXPECT_FALSE(tls_buffers::Keep(small));
  std::free(small);
  void* huge = std::malloc(1 << 20);
  EXPECT_FALSE(tls_buffers::Keep(huge));
  std::free(huge);

  std::vector<void*> many;
  for (size_t i = 0; i < tls_buffers::kBlocksKept + 8; ++i) many.push_back(std::malloc(20000));
  size_t kept = 0;
  for (void* b : many) {
    if (tls_buffers::Keep(b)) {
      ++kept;
    } else {
      std::free(b);
    }
  }
  EXPECT_EQ(kept, tls_buffers::kBlocksKept);
  while (void* b = tls_buffers::Take(20000)) std::free(b);
  EXPECT_EQ(tls_buffers::Kept(), 0u);
}

TEST(QuietHeapTrim, DueOnceWhenWorkThatMovedHasStoodStill) {
  using namespace std::chrono_literals;
  constexpr int64_t kMiB = 1 << 20;
  QuietHeapTrim trim(10s, 32 * kMiB);
  const auto t0 = QuietHeapTrim::Clock::time_point{} + 1h;
  // A server that has done nothing has nothing to give back.
  EXPECT_FALSE(trim.Due(0, 100 * kMiB, t0));
  EXPECT_FALSE(trim.Due(0, 100 * kMiB, t0 + 60s));
  // A burst: nothing while it moves, nothing before it has been still for 10 s, then once.
  EXPECT_FALSE(trim.Due(5, 100 * kMiB, t0 + 61s));
  EXPECT_FALSE(trim.Due(9, 100 * kMiB, t0 + 62s));
  EXPECT_FALSE(trim.Due(9, 100 * kMiB, t0 + 71s));
  EXPECT_TRUE(trim.Due(9, 100 * kMiB, t0 + 72s));
  trim.Trimmed(40 * kMiB);
  EXPECT_FALSE(trim.Due(9, 40 * kMiB, t0 + 73s));
  EXPECT_FALSE(trim.Due(9, 200 * kMiB, t0 + 600s));  // grew, but no work since: not ours
  // Work that never stops for 10 s is never interrupted.
  for (int i = 0; i < 100; ++i) {
    EXPECT_FALSE(trim.Due(10 + static_cast<uint64_t>(i), 200 * kMiB, t0 + 601s + i * 9s));
  }
  // The next burst gets its own trim.
  const auto t1 = t0 + 601s + 99 * 9s + 10s;
  EXPECT_TRUE(trim.Due(109, 200 * kMiB, t1));
  trim.Trimmed(60 * kMiB);
  // A trickle (one transaction, then quiet) that left the process within 32 MiB of where the
  // last trim left it: no walk of the heap for it.
  EXPECT_FALSE(trim.Due(110, 70 * kMiB, t1 + 20s));
  EXPECT_FALSE(trim.Due(110, 70 * kMiB, t1 + 30s));
  EXPECT_FALSE(trim.Due(111, 91 * kMiB, t1 + 40s));
  EXPECT_FALSE(trim.Due(111, 91 * kMiB, t1 + 50s));
  // One that grew it by 32 MiB does get one.
  EXPECT_FALSE(trim.Due(112, 92 * kMiB, t1 + 60s));
  EXPECT_TRUE(trim.Due(112, 92 * kMiB, t1 + 70s));
}

TEST(ReturnFreeHeap, PagesFreedInsideTheHeapLeaveTheResidentSet) {
  // 48 MiB in 4 KiB blocks, written, then all freed but every 64th: the kept ones pin the heap,
  // so glibc cannot give the free pages back by moving its top; only a trim can.
  constexpr size_t kBlock = 4096, kBlocks = 48 * 256;
  std::vector<void*> blocks(kBlocks);
  for (auto& b : blocks) {
    b = std::malloc(kBlock);
    ASSERT_NE(b, nullptr);
    std::memset(b, 0x5a, kBlock);
  }
  for (size_t i = 0; i < kBlocks; ++i) {
    if (i % 64 != 63) {
      std::free(blocks[i]);
      blocks[i] = nullptr;
    }
  }
  const HeapTrimReport r = ReturnFreeHeap();
  EXPECT_GT(r.rss_before_bytes, 0);
  EXPECT_LT(r.rss_after_bytes, r.rss_before_bytes - (24 << 20))
      << "before " << (r.rss_before_bytes >> 20) << " MiB, after " << (r.rss_after_bytes >> 20);
  for (void* b : blocks) std::free(b);
}

}  // namespace
}  // namespace kakunin::server
