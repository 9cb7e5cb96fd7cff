#pragma once
// What one idle terminal connection costs kakunin-server, and the settings that keep it small
// (issue 18: 10,000 idle mutual-TLS terminal streams). Each was measured on its own with
// kakunin-ingest-bench; the figures, and the knobs that did nothing, are in bench/README.md.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>

namespace kakunin::server {

// glibc settings, before the first connection: buffers of 16 KiB and more (each connection's
// two 17 KiB TLS BIO buffers, OpenSSL's record buffers) get pages of their own, so that only
// the part a connection writes is resident, instead of heap pages that earlier handshakes
// dirtied. Saves ≈ 7 KiB per idle stream.
void KeepLargeBuffersOffTheHeap();

// Every TLS context of this process, gRPC's included, is made with SSL_MODE_RELEASE_BUFFERS
// (connection_memory.cpp wraps SSL_CTX_new; gRPC has no hook to its contexts): OpenSSL frees a
// connection's record buffers while nothing is pending. Saves ≈ 8.6 KiB per idle stream.

// The price of the two settings above on a busy connection: each TLS record read or written
// could take a fresh 17 KiB buffer, i.e. an mmap, and give it back, a munmap with its TLB
// shootdown on the other core: ~385 of each a second at 1,000 results/s (bench/README.md,
// "Record buffers kept for the next record"). OpenSSL's allocations therefore go through a
// small cache: a freed block of 16–64 KiB is kept (at most tls_buffers::kBlocksKept, ≈ 1.3 MiB)
// and given to the next allocation it fits, except a BIO pair's buffer (kept for a connection's
// life: a fresh mapping is resident only where written). Idle connections still hold none.
// Call first thing in main(), before OpenSSL allocates anything; false (nothing changed) when
// it is too late.
bool CacheTlsBuffers();

// The cache itself (tests): Keep takes a block of malloc's that is being freed (false: free it),
// Take gives back a kept block of at least `bytes` (null: none fits).
namespace tls_buffers {
inline constexpr size_t kBlocksKept = 64;
bool Keep(void* block);
void* Take(size_t bytes);
size_t Kept();
}  // namespace tls_buffers

// Server builder settings that shrink each connection without touching what a stream may do.
void SetConnectionMemoryArgs(grpc::ServerBuilder& builder);

// After a burst of ingest the heap keeps the pages its batches used (≈ 70 MiB after 100,000
// results at once, bench/README.md): glibc gives back the top of a heap, not free pages inside
// it, and idle streams opened later only partly reuse them. Once the work has stood still for
// `quiet` after moving, the process hands them back (ReturnFreeHeap), once per burst, and only
// when it grew by `min_growth_bytes` since the last time: a trickle of work at night leaves
// nothing new to give back and should not pay for a walk of the heap every few seconds.
class QuietHeapTrim {
 public:
  using Clock = std::chrono::steady_clock;
  QuietHeapTrim(Clock::duration quiet, int64_t min_growth_bytes)
      : quiet_(quiet), min_growth_(min_growth_bytes) {}
  // `activity`: a counter that moves with the work (the writer's transactions); `resident`: the
  // process's resident bytes now.
  bool Due(uint64_t activity, int64_t resident_bytes, Clock::time_point now);
  // What was resident right after a trim: growth is counted from there.
  void Trimmed(int64_t resident_after_bytes) { floor_ = resident_after_bytes; }

 private:
  Clock::duration quiet_;
  int64_t min_growth_;
  int64_t floor_ = 0;
  uint64_t last_ = 0;
  bool moved_ = false;
  Clock::time_point since_{};
};

struct HeapTrimReport {
  int64_t rss_before_bytes = 0, rss_after_bytes = 0;
  double seconds = 0;
};
// malloc_trim(0): free pages inside every heap go back to the system (they stay mapped, and
// come back zeroed when used again). Costs milliseconds per GiB of heap, each arena locked in
// turn while it is walked.
HeapTrimReport ReturnFreeHeap();
// This process's resident set, from /proc/self/statm (0 when unreadable).
int64_t ResidentBytes();

// Anyone who can reach the port may call Login and Enroll before any authentication, so nothing
// a stranger sends may cost the server much more memory, or for much longer, than it took to
// send. Three of gRPC's defaults let it (tests/adversarial/stranger_messages_test.cpp):
// - compressed messages, inflated whole before any size check: refused at their headers
//   (rpc::RefuseCompressedMessages, which the agent's local API takes too).
// - unlimited calls per connection: each open call, a few bytes of HTTP/2 headers, holds
//   ≈ 13 KiB until its client ends it. At most kMaxCallsPerConnection at a time; gRPC clients
//   queue calls beyond it (a terminal holds one stream, a console a few).
// - handshakes were given 120 s: a TCP connection that never says a word holds ≈ 26 KiB
//   (10,000 of them: +261 MiB) until then. 30 s is still generous for a terminal on a slow line,
//   or in a crowd reconnecting after a failover. How many connections one address may open is
//   for the firewall in front (deploy/README.md).
// - a connection that finished its handshake and opens no call is kept for ever (behind HAProxy
//   for its idle timeout, an hour): with serve --idle-connection-seconds it is closed after
//   `idle_connection_ms` with no call open (0: never, the default, since gRPC's filter costs
//   ≈ 1.3 KiB on every connection; HAProxy caps connections per address in front). A terminal's
//   stream and a console's live view are open calls; an idle console reconnects by itself.
inline constexpr int kMaxCallsPerConnection = 16;
inline constexpr int kHandshakeTimeoutMs = 30'000;
void LimitWhatStrangersCost(grpc::ServerBuilder& builder, int idle_connection_ms);

}  // namespace kakunin::server
