// The branch manager's one-time 目視確認 (issue 19): GrantVisualAllowance for HQ administrators
// and branch managers (their sites' terminals; the store judges the scope on the terminal's
// stored site, in the granting transaction), ListVisualAllowances for everyone but staff.
// Staff never grant: the allowance exists because the person at the counter may not decide.

#include "common/rpc/status.h"
#include "server/rpc/console_service.h"

namespace kakunin::server {
namespace {

grpc::Status AllowancesOff() {
  return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                      "allowance.unavailable: one-time visual checks are not set up");
}

}  // namespace

grpc::Status ConsoleServiceImpl::GrantVisualAllowance(grpc::ServerContext* ctx,
                                                      const v1::GrantVisualAllowanceRequest* req,
                                                      v1::VisualAllowanceRecord* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  // The role first, so a refusal for staff and auditors never depends on the request.
  if (u->role != Role::kHqAdmin && u->role != Role::kBranchManager) return Denied();
  if (allowances_ == nullptr) return AllowancesOff();
  if (auto busy = TakeChange(*u); !busy.ok()) return busy;
  auto granted = allowances_->Grant(req->device_id(), req->reason(), *u);
  if (!granted.ok()) return rpc::ToGrpcStatus(granted.error());
  // This replica's stream gets it now; the others through the grant's NOTIFY.
  agents_->PushVisualAllowances(req->device_id());
  *resp = std::move(*granted);
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::ListVisualAllowances(grpc::ServerContext* ctx,
                                                      const v1::ListVisualAllowancesRequest* req,
                                                      v1::ListVisualAllowancesResponse* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role == Role::kStaff) return Denied();
  if (allowances_ == nullptr) return AllowancesOff();
  auto list = allowances_->List(*req, *u);
  if (!list.ok()) return rpc::ToGrpcStatus(list.error());
  for (auto& a : *list) *resp->add_allowances() = std::move(a);
  return grpc::Status::OK;
}

}  // namespace kakunin::server
