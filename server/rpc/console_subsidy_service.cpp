// ConsoleService's subsidy RPCs: programmes, claims (receipt uploads, state changes),
// deadlines, each site's obligations and the daily summary. Staff have no subsidy view; a server
// without the subsidy stores answers subsidy.unavailable.

#include "common/rpc/status.h"
#include "server/rpc/console_service.h"
#include "server/subsidy/claim_view.h"

namespace kakunin::server {

grpc::Status ConsoleServiceImpl::ListPrograms(grpc::ServerContext* ctx,
                                              const v1::ListProgramsRequest* req,
                                              v1::ListProgramsResponse* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role == Role::kStaff) return Denied();
  if (!programmes_) return SubsidiesOff();
  auto catalogue = programmes_->Catalogue();
  if (!catalogue.ok()) return rpc::ToGrpcStatus(catalogue.error());
  const domain::Date today = today_();
  for (const auto& stored : catalogue->programmes) {
    *resp->add_programs() = ProgramView(stored, today);
  }
  for (const auto& c : catalogue->categories) {
    auto* out = resp->add_categories();
    out->set_category_id(c.id);
    out->set_name_ja(c.name_ja);
    out->set_name_en(c.name_en);
  }
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::UpsertProgram(grpc::ServerContext* ctx,
                                               const v1::UpsertProgramRequest* req,
                                               v1::Program* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role != Role::kHqAdmin) return Denied();
  if (!programmes_) return SubsidiesOff();
  // An audited change like any other: a script looping over it fills the audit chain.
  if (auto busy = TakeChange(*u); !busy.ok()) return busy;
  auto saved = programmes_->Upsert(req->program().program_id(), req->program().data_json(),
                                   "user:" + u->login);
  if (!saved.ok()) return rpc::ToGrpcStatus(saved.error());
  // The same view as ListPrograms gives.
  v1::ListProgramsResponse all;
  if (auto s = ListPrograms(ctx, nullptr, &all); !s.ok()) return s;
  for (const auto& p : all.programs()) {
    if (p.program_id() == saved->record.programme.id) *resp = p;
  }
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::ListClaims(grpc::ServerContext* ctx,
                                            const v1::ListClaimsRequest* req,
                                            v1::ListClaimsResponse* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role == Role::kStaff) return Denied();
  if (!claims_) return SubsidiesOff();
  auto claims = claims_->List({req->site_id(), req->device_id(), req->program_id()}, *u);
  if (!claims.ok()) return rpc::ToGrpcStatus(claims.error());
  for (auto& c : *claims) *resp->add_claims() = std::move(c);
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::UpsertClaim(grpc::ServerContext* ctx,
                                             const v1::UpsertClaimRequest* req, v1::Claim* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role != Role::kHqAdmin && u->role != Role::kBranchManager) return Denied();
  if (!claims_) return SubsidiesOff();
  if (auto busy = TakeChange(*u); !busy.ok()) return busy;
  auto claim = claims_->Upsert(req->claim(), *u);
  if (!claim.ok()) return rpc::ToGrpcStatus(claim.error());
  *resp = std::move(*claim);
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::UploadReceipt(grpc::ServerContext* ctx,
                                               const v1::UploadReceiptRequest* req,
                                               v1::Receipt* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role != Role::kHqAdmin && u->role != Role::kBranchManager) return Denied();
  if (!claims_) return SubsidiesOff();
  if (auto busy = TakeChange(*u); !busy.ok()) return busy;
  auto receipt = claims_->UploadReceipt(req->receipt(), *u);
  if (!receipt.ok()) return rpc::ToGrpcStatus(receipt.error());
  *resp = std::move(*receipt);
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::DeleteReceipt(grpc::ServerContext* ctx,
                                               const v1::DeleteReceiptRequest* req,
                                               v1::Claim* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role != Role::kHqAdmin && u->role != Role::kBranchManager) return Denied();
  if (!claims_) return SubsidiesOff();
  if (auto busy = TakeChange(*u); !busy.ok()) return busy;
  auto claim = claims_->DeleteReceipt(req->receipt_id(), *u);
  if (!claim.ok()) return rpc::ToGrpcStatus(claim.error());
  *resp = std::move(*claim);
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::ChangeClaimState(grpc::ServerContext* ctx,
                                                  const v1::ChangeClaimStateRequest* req,
                                                  v1::Claim* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role != Role::kHqAdmin && u->role != Role::kBranchManager) return Denied();
  if (!claims_) return SubsidiesOff();
  if (auto busy = TakeChange(*u); !busy.ok()) return busy;
  auto claim = claims_->ChangeState(*req, *u);
  if (!claim.ok()) return rpc::ToGrpcStatus(claim.error());
  *resp = std::move(*claim);
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::ListDeadlines(grpc::ServerContext* ctx,
                                               const v1::ListDeadlinesRequest* req,
                                               v1::ListDeadlinesResponse* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role == Role::kStaff) return Denied();
  if (!claims_) return SubsidiesOff();
  auto deadlines = claims_->Deadlines(req->site_id(), *u);
  if (!deadlines.ok()) return rpc::ToGrpcStatus(deadlines.error());
  for (auto& d : *deadlines) *resp->add_deadlines() = std::move(d);
  return grpc::Status::OK;
}

// ---- Subsidy follow-up ----

grpc::Status ConsoleServiceImpl::ListSiteObligations(grpc::ServerContext* ctx,
                                                     const v1::ListSiteObligationsRequest* req,
                                                     v1::ListSiteObligationsResponse* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role == Role::kStaff) return Denied();
  if (!summaries_) return SubsidiesOff();
  if (!req->site_id().empty() && !SeesSubsidySite(*u, req->site_id())) return Denied();
  auto sites = store_->ListSites();
  if (!sites.ok()) return rpc::ToGrpcStatus(sites.error());
  std::vector<v1::Site> visible;
  for (const auto& s : *sites) {
    if (!req->site_id().empty() && s.site_id() != req->site_id()) continue;
    if (SeesSubsidySite(*u, s.site_id())) visible.push_back(s);
  }
  auto rows = summaries_->Obligations(visible);
  if (!rows.ok()) return rpc::ToGrpcStatus(rows.error());
  for (auto& r : *rows) *resp->add_sites() = std::move(r);
  resp->set_today(domain::FormatIso(summaries_->today()));
  for (int d : summaries_->warning_days()) resp->add_warning_days(d);
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::GetDailySummary(grpc::ServerContext* ctx,
                                                 const v1::GetDailySummaryRequest* req,
                                                 v1::DailySummary* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  // The summary covers every site: HQ's and the auditors' view.
  if (u->role != Role::kHqAdmin && u->role != Role::kAuditor) return Denied();
  if (!summaries_) return SubsidiesOff();
  if (req->compute_now()) {
    if (u->role != Role::kHqAdmin) return Denied();
    auto summary = summaries_->Compute();
    if (!summary.ok()) return rpc::ToGrpcStatus(summary.error());
    *resp = std::move(*summary);
    return grpc::Status::OK;
  }
  auto stored = summaries_->Read(req->date());
  if (!stored.ok()) return rpc::ToGrpcStatus(stored.error());
  if (!stored->has_value()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "subsidy.no_summary: no daily summary has been made for that date yet");
  }
  *resp = std::move(**stored);
  return grpc::Status::OK;
}

}  // namespace kakunin::server
