// The onboarding board's calls (issue 19): ListOnboarding for everyone who sees the dashboard
// (branch managers only their sites, which the store filters), UpdateOnboardingStage for HQ
// administrators only. Refusals carry the store's reason id and Japanese sentence.

#include "common/rpc/status.h"
#include "server/rpc/console_service.h"

namespace kakunin::server {
namespace {

grpc::Status OnboardingOff() {
  return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                      "onboarding.unavailable: the onboarding board is not set up");
}

}  // namespace

grpc::Status ConsoleServiceImpl::ListOnboarding(grpc::ServerContext* ctx,
                                                const v1::ListOnboardingRequest* req,
                                                v1::ListOnboardingResponse* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role == Role::kStaff) return Denied();
  if (onboarding_ == nullptr) return OnboardingOff();
  auto board = onboarding_->List(*req, *u);
  if (!board.ok()) return rpc::ToGrpcStatus(board.error());
  *resp = std::move(*board);
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::UpdateOnboardingStage(grpc::ServerContext* ctx,
                                                       const v1::UpdateOnboardingStageRequest* req,
                                                       v1::OnboardingSite* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role != Role::kHqAdmin) return Denied();
  if (onboarding_ == nullptr) return OnboardingOff();
  auto row = onboarding_->Update(*req, "user:" + u->login);
  if (!row.ok()) return rpc::ToGrpcStatus(row.error());
  *resp = std::move(*row);
  return grpc::Status::OK;
}

}  // namespace kakunin::server
