#pragma once
// The one mapping between Kakunin's Error and gRPC status. On the wire an error travels as
// "reason: message" in the status message, so the reason id survives the network and clients can
// show translated, precise text.

#include <grpcpp/support/status.h>

#include <string>

#include "common/core/result.h"

namespace kakunin::rpc {

grpc::Status ToGrpcStatus(const Error& error);

// Recovers the code and the reason id; a status without one (a transport failure) gets
// `fallback_reason` and keeps gRPC's message, prefixed with `what`.
Error FromGrpcStatus(const grpc::Status& status, const std::string& fallback_reason,
                     const std::string& what = "");

// The same for a call to this machine's agent (its local socket): an account that may not open
// the socket gets "local.permission_denied" (PERMISSION_DENIED), not "the daemon is down".
Error FromLocalGrpcStatus(const grpc::Status& status, const std::string& fallback_reason,
                          const std::string& what = "");

}  // namespace kakunin::rpc
