// ConsoleService's receipt view: a receipt's stored file goes to every role that sees the claim
// (HQ, auditors, the site's branch managers); staff have no subsidy view. The file is what was
// uploaded, byte for byte, with the SHA-256 it was stored under.
#include "common/rpc/status.h"
#include "server/rpc/console_service.h"

namespace kakunin::server {

grpc::Status ConsoleServiceImpl::GetReceipt(grpc::ServerContext* ctx,
                                            const v1::GetReceiptRequest* req, v1::Receipt* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role == Role::kStaff) return Denied();
  if (!claims_) return SubsidiesOff();
  auto receipt = claims_->ReceiptFile(req->receipt_id(), *u);
  if (!receipt.ok()) return rpc::ToGrpcStatus(receipt.error());
  *resp = std::move(*receipt);
  return grpc::Status::OK;
}

}  // namespace kakunin::server
