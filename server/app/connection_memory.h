#pragma once
// What one idle terminal connection costs kakunin-server, and the settings that keep it small
// (issue 18: 10,000 idle mutual-TLS terminal streams). Each was measured on its own with
// kakunin-ingest-bench; the figures, and the knobs that did nothing, are in bench/README.md.

#include <grpcpp/grpcpp.h>

namespace kakunin::server {

// glibc settings, before the first connection: buffers of 16 KiB and more (each connection's
// two 17 KiB TLS BIO buffers, OpenSSL's record buffers) get pages of their own, so that only
// the part a connection writes is resident, instead of heap pages that earlier handshakes
// dirtied. Saves ≈ 7 KiB per idle stream.
void KeepLargeBuffersOffTheHeap();

// Every TLS context of this process, gRPC's included, is made with SSL_MODE_RELEASE_BUFFERS
// (connection_memory.cpp wraps SSL_CTX_new; gRPC has no hook to its contexts): OpenSSL frees a
// connection's record buffers while nothing is pending. Saves ≈ 8.6 KiB per idle stream.

// Server builder settings that shrink each connection without touching what a stream may do.
void SetConnectionMemoryArgs(grpc::ServerBuilder& builder);

}  // namespace kakunin::server
