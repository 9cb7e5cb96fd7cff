#include "console/client/allowance_client.h"

#include <grpcpp/grpcpp.h>

#include "common/rpc/status.h"

namespace kakunin::console {

Result<v1::VisualAllowanceRecord> GrantVisualAllowance(ConsoleClient& session,
                                                       const std::string& device_id,
                                                       const std::string& reason) {
  grpc::ClientContext ctx;
  session.AuthorizeContext(&ctx);
  v1::GrantVisualAllowanceRequest req;
  req.set_device_id(device_id);
  req.set_reason(reason);
  v1::VisualAllowanceRecord resp;
  auto s = session.stub()->GrantVisualAllowance(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

Result<v1::ListVisualAllowancesResponse> ListVisualAllowances(ConsoleClient& session,
                                                              const std::string& device_id) {
  grpc::ClientContext ctx;
  session.AuthorizeContext(&ctx);
  v1::ListVisualAllowancesRequest req;
  req.set_device_id(device_id);
  v1::ListVisualAllowancesResponse resp;
  auto s = session.stub()->ListVisualAllowances(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

}  // namespace kakunin::console
