#pragma once
// Settings every gRPC server of Kakunin takes (HQ's server, the agent's local API).

#include <grpcpp/server_builder.h>

namespace kakunin::rpc {

// gRPC inflates a compressed message whole before it compares it with the size limit (256 KiB
// of gzip on the wire became a 256 MiB message; tests/adversarial/stranger_messages_test.cpp).
// No client of ours compresses, so such calls are refused at their headers (UNIMPLEMENTED).
void RefuseCompressedMessages(grpc::ServerBuilder& builder);

}  // namespace kakunin::rpc
