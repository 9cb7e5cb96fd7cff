#include "server/app/connection_memory.h"

#include <malloc.h>
#include <openssl/crypto.h>
#include <openssl/ssl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>

#include "common/rpc/openssl_next.h"
#include "common/rpc/server_limits.h"

// gRPC makes its SSL_CTX itself (src/core/tsi/ssl_transport_security.cc) and has no setting for
// its mode. This definition in the executable comes before libssl's in the dynamic linker's
// search, so every context of the process, gRPC's included, is made here. With
// SSL_MODE_RELEASE_BUFFERS OpenSSL frees a connection's 17 KiB read and write record buffers
// whenever nothing is pending and takes new ones for the next record (nginx sets it on all its
// connections); an idle terminal sends a heartbeat every 30 s.
extern "C" SSL_CTX* SSL_CTX_new(const SSL_METHOD* method) {
  static const auto real =
      kakunin::rpc::NextOpenSslFunction<SSL_CTX* (*)(const SSL_METHOD*)>("SSL_CTX_new");
  SSL_CTX* ctx = real(method);
  if (ctx != nullptr) SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
  return ctx;
}

namespace kakunin::server {

namespace {

// Allocations from this size on get pages of their own (see the header).
constexpr int kMmapThresholdBytes = 16 * 1024;
// At most this many such mappings; beyond, glibc uses the heap again. Each idle connection
// holds two (its BIO buffers): 10,000 terminals take 20,000 of the kernel's default 65,530
// (vm.max_map_count), which thread stacks and libraries need too.
constexpr int kMaxMmapChunks = 32 * 1024;

}  // namespace

namespace tls_buffers {
namespace {

// Blocks of this usable size are kept: OpenSSL's record buffers (≈ 17–18 KiB) and its BIO pair
// buffers, all of them pages of their own under kMmapThresholdBytes.
constexpr size_t kMinBytes = 16 * 1024, kMaxBytes = 64 * 1024;
// A kept block serves a request at most this much smaller (a page or two of slack).
constexpr size_t kMaxSlack = 8 * 1024;

struct Cache {
  std::mutex mu;
  std::multimap<size_t, void*> blocks;  // by usable size
};
Cache& TheCache() {
  static Cache* cache = new Cache;  // never destroyed: OpenSSL frees during exit too
  return *cache;
}

}  // namespace

bool Keep(void* block) {
  const size_t usable = ::malloc_usable_size(block);
  if (usable < kMinBytes || usable > kMaxBytes) return false;
  Cache& c = TheCache();
  std::lock_guard lock(c.mu);
  if (c.blocks.size() >= kBlocksKept) return false;
  c.blocks.emplace(usable, block);
  return true;
}

void* Take(size_t bytes) {
  if (bytes < kMinBytes || bytes > kMaxBytes) return nullptr;
  Cache& c = TheCache();
  std::lock_guard lock(c.mu);
  auto it = c.blocks.lower_bound(bytes);
  if (it == c.blocks.end() || it->first - bytes > kMaxSlack) return nullptr;
  void* block = it->second;
  c.blocks.erase(it);
  return block;
}

size_t Kept() {
  Cache& c = TheCache();
  std::lock_guard lock(c.mu);
  return c.blocks.size();
}

}  // namespace tls_buffers

namespace {

// A BIO pair's buffer (gRPC's two per connection, BIO's default size): held for the
// connection's life and only partly written, so a fresh mapping (resident only where written)
// is cheaper to keep than a recycled block that is resident whole.
constexpr size_t kBioPairBytes = 17 * 1024;

void* TlsMalloc(size_t bytes, const char*, int) {
  if (bytes != kBioPairBytes) {
    if (void* block = tls_buffers::Take(bytes)) return block;
  }
  return std::malloc(bytes);
}
void* TlsRealloc(void* block, size_t bytes, const char*, int) { return std::realloc(block, bytes); }
void TlsFree(void* block, const char*, int) {
  if (block != nullptr && !tls_buffers::Keep(block)) std::free(block);
}

}  // namespace

bool CacheTlsBuffers() { return CRYPTO_set_mem_functions(TlsMalloc, TlsRealloc, TlsFree) == 1; }

void KeepLargeBuffersOffTheHeap() {
  ::mallopt(M_MMAP_THRESHOLD, kMmapThresholdBytes);
  ::mallopt(M_MMAP_MAX, kMaxMmapChunks);
}

bool QuietHeapTrim::Due(uint64_t activity, int64_t resident_bytes, Clock::time_point now) {
  if (activity != last_) {
    last_ = activity;
    moved_ = true;
    since_ = now;
    return false;
  }
  if (!moved_ || now - since_ < quiet_) return false;
  moved_ = false;
  return resident_bytes - floor_ >= min_growth_;
}

int64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t pages_total = 0, pages_resident = 0;
  if (!(statm >> pages_total >> pages_resident)) return 0;
  return pages_resident * ::sysconf(_SC_PAGESIZE);
}

HeapTrimReport ReturnFreeHeap() {
  HeapTrimReport r;
  r.rss_before_bytes = ResidentBytes();
  const auto start = std::chrono::steady_clock::now();
  ::malloc_trim(0);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.rss_after_bytes = ResidentBytes();
  return r;
}

void SetConnectionMemoryArgs(grpc::ServerBuilder& builder) {
  // A terminal's stream is idle nearly all the time; small TLS frames and TCP reads keep what
  // gRPC holds per connection down (≈ 8 KiB per stream against gRPC's defaults).
  builder.AddChannelArgument(GRPC_ARG_TSI_MAX_FRAME_SIZE, 4096);
  builder.AddChannelArgument(GRPC_ARG_TCP_READ_CHUNK_SIZE, 2048);
  // No channelz: nothing here serves or reads it, and it keeps a node per connection
  // (≈ 1.6 KiB per idle stream).
  builder.AddChannelArgument(GRPC_ARG_ENABLE_CHANNELZ, 0);
  // No per-message compression filter: it has nothing to do here (nothing is sent compressed,
  // and RefuseCompressedMessages has the call refuse a compressed message at its headers, before
  // any filter), yet it adds its state to every connection and call (≈ 0.5 KiB per idle stream).
  builder.AddChannelArgument(GRPC_ARG_ENABLE_PER_MESSAGE_COMPRESSION, 0);
}

void LimitWhatStrangersCost(grpc::ServerBuilder& builder, int idle_connection_ms) {
  rpc::RefuseCompressedMessages(builder);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, kMaxCallsPerConnection);
  builder.AddChannelArgument(GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS, kHandshakeTimeoutMs);
  // Only when asked for: the filter that keeps the time costs ≈ 1.3 KiB on every connection
  // (13 MiB at 10,000 idle streams, bench/README.md), and the proxy in front caps connections
  // per address already.
  if (idle_connection_ms > 0) {
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, idle_connection_ms);
  }
}

}  // namespace kakunin::server
