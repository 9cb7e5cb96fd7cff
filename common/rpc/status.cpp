#include "common/rpc/status.h"

#include <utility>

namespace kakunin::rpc {
namespace {

constexpr std::pair<ErrorCode, grpc::StatusCode> kCodes[] = {
    {ErrorCode::kInvalidArgument, grpc::StatusCode::INVALID_ARGUMENT},
    {ErrorCode::kNotFound, grpc::StatusCode::NOT_FOUND},
    {ErrorCode::kAlreadyExists, grpc::StatusCode::ALREADY_EXISTS},
    {ErrorCode::kPermissionDenied, grpc::StatusCode::PERMISSION_DENIED},
    {ErrorCode::kUnauthenticated, grpc::StatusCode::UNAUTHENTICATED},
    {ErrorCode::kFailedPrecondition, grpc::StatusCode::FAILED_PRECONDITION},
    {ErrorCode::kUnavailable, grpc::StatusCode::UNAVAILABLE},
    {ErrorCode::kDeadlineExceeded, grpc::StatusCode::DEADLINE_EXCEEDED},
    {ErrorCode::kDataLoss, grpc::StatusCode::DATA_LOSS},
    {ErrorCode::kCancelled, grpc::StatusCode::CANCELLED},
    {ErrorCode::kResourceExhausted, grpc::StatusCode::RESOURCE_EXHAUSTED},
    {ErrorCode::kUnimplemented, grpc::StatusCode::UNIMPLEMENTED},
    {ErrorCode::kInternal, grpc::StatusCode::INTERNAL},
};

}  // namespace

grpc::Status ToGrpcStatus(const Error& error) {
  for (const auto& [ours, theirs] : kCodes) {
    if (ours == error.code()) return grpc::Status(theirs, error.ToString());
  }
  return grpc::Status(grpc::StatusCode::INTERNAL, error.ToString());
}

Error FromLocalGrpcStatus(const grpc::Status& status, const std::string& fallback_reason,
                          const std::string& what) {
  // gRPC reports a refused connect() in its message only ("…: Permission denied").
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE &&
      status.error_message().find("Permission denied") != std::string::npos) {
    return MakeError(ErrorCode::kPermissionDenied, "local.permission_denied",
                     (what.empty() ? "" : what + ": ") + status.error_message());
  }
  return FromGrpcStatus(status, fallback_reason, what);
}

Error FromGrpcStatus(const grpc::Status& status, const std::string& fallback_reason,
                     const std::string& what) {
  ErrorCode code = ErrorCode::kUnavailable;  // transport failures: worth retrying
  for (const auto& [ours, theirs] : kCodes) {
    if (theirs == status.error_code()) code = ours;
  }
  const std::string& msg = status.error_message();
  // A reason id is one word with dots ("enroll.token_used") before ": ".
  auto colon = msg.find(": ");
  if (colon != std::string::npos && colon > 0 && msg.find(' ') > colon) {
    std::string text = msg.substr(colon + 2);
    return MakeError(code, msg.substr(0, colon), what.empty() ? text : what + ": " + text);
  }
  return MakeError(code, fallback_reason, what.empty() ? msg : what + ": " + msg);
}

}  // namespace kakunin::rpc
