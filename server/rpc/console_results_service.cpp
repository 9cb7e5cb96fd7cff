// ConsoleService's result details and dashboard (the rest is in console_service.cpp).
//
// GetResult: a check's patient fields go only to the branch roles of its site (staff and
// branch managers), and only while the re-view window (翌月末, domain::IsViewable in Japan's
// calendar) is open. HQ administrators get the operational row without patient fields, as in
// QueryResults; auditors are refused; everything else is refused with a reason id the console
// turns into a sentence.
// GetDashboard and GetFailureReport: every role but staff; branch managers see their own sites
// only. The dashboard's last backup goes to HQ administrators alone.
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <cctype>
#include <ctime>

#include "common/domain/review_window.h"
#include "common/rpc/status.h"
#include "server/ingest/ingest_rows.h"
#include "server/rpc/console_service.h"

namespace kakunin::server {
namespace {
using google::protobuf::util::TimeUtil;

grpc::Status Refuse(const std::string& reason_and_message) {
  return grpc::Status(grpc::StatusCode::PERMISSION_DENIED, reason_and_message);
}

bool SiteInScope(const UserInfo& u, const std::string& site_id) {
  return u.role == Role::kHqAdmin || u.role == Role::kAuditor ||
         std::find(u.site_ids.begin(), u.site_ids.end(), site_id) != u.site_ids.end();
}

// 8-4-4-4-12 hex digits, as PostgreSQL's uuid type reads them.
bool IsUuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

constexpr int kMaxNearestDeadlines = 5;
}  // namespace

grpc::Status AddCertificateWarnings(CertCalendarStore* certificates, const UserInfo& u,
                                    v1::Dashboard* resp);

grpc::Status ConsoleServiceImpl::GetResult(grpc::ServerContext* ctx,
                                           const v1::GetResultRequest* req, v1::ResultRow* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role == Role::kAuditor) {
    return Refuse("results.auditor: auditors read the audit trail, not check results");
  }
  if (!IsUuid(req->check_id())) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "results.bad_check_id: a check id is a UUID");
  }
  // Look the row up without patient fields first: scope and window decide whether to open them.
  auto rows = store_->ResultRowsByIds({req->check_id()});
  if (!rows.ok()) return rpc::ToGrpcStatus(rows.error());
  if (rows->empty()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "results.not_found: no such check");
  }
  const v1::ResultRow& row = rows->front();
  if (!SiteInScope(*u, row.site_id())) {
    return Refuse("results.other_site: this check belongs to a site outside your scope");
  }
  if (u->role == Role::kHqAdmin) {
    *resp = row;  // operational fields only (docs/decisions.md "Patient fields")
    return grpc::Status::OK;
  }
  const domain::Date checked = domain::JapanDateOf(row.result().checked_at().seconds());
  const domain::Date last_day = domain::ReviewDeadline(checked);
  if (!domain::IsViewable(checked, domain::JapanDateOf(std::time(nullptr)))) {
    return Refuse("results.review_window_closed: patient details could be viewed until " +
                  domain::FormatIso(last_day) + " (翌月末)");
  }
  auto full = store_->ResultWithPatientData(req->check_id());
  if (!full.ok()) return rpc::ToGrpcStatus(full.error());
  // Who opened which patient's fields is recorded before they are shown (none shown when it
  // cannot be), within the user's budget of audited actions a minute: a script walking a
  // store's checks is slowed and seen.
  // Any sealed field counts (the service's error text, who ran the check): not only the
  // eligibility answer or the document.
  if (ingest_rows::HasPatientFields(full->result())) {
    if (grpc::Status budget = TakeChange(*u); !budget.ok()) return budget;
    if (Status s = audit_->Append(AuditEvent("result.viewed", "user:" + u->login, row.site_id(),
                                             row.device_id(), req->check_id(), "{}"));
        !s.ok()) {
      return rpc::ToGrpcStatus(s.error());
    }
  }
  *resp = std::move(*full);
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::GetDashboard(grpc::ServerContext* ctx,
                                              const v1::GetDashboardRequest* req,
                                              v1::Dashboard* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role == Role::kStaff) return Refuse("auth.forbidden: your role may not do this");
  if (!dashboard_) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "dashboard.unavailable: no dashboard on this server");
  }
  // Times from the client are bounded before any arithmetic: seconds*10^6 of an absurd year
  // would overflow and reach the query as nonsense.
  for (const google::protobuf::Timestamp* t :
       {req->has_from() ? &req->from() : nullptr, req->has_to() ? &req->to() : nullptr}) {
    if (t && (t->seconds() < 0 || t->seconds() > 253402300799 || t->nanos() < 0 ||
              t->nanos() > 999999999)) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "dashboard.bad_range: a time is out of range");
    }
  }
  DashboardQuery q;
  const int64_t now_us = TimeUtil::TimestampToMicroseconds(TimeUtil::GetCurrentTime());
  q.now_us = now_us;
  q.hourly = req->hourly();
  q.to_us = req->has_to() ? TimeUtil::TimestampToMicroseconds(req->to()) : now_us;
  // Default range: the last 24 hours by hour, or the last 14 days by day.
  const int64_t span_us = (q.hourly ? 24LL : 14LL * 24) * 3600 * 1'000'000;
  q.from_us = req->has_from() ? TimeUtil::TimestampToMicroseconds(req->from()) : q.to_us - span_us;
  if (q.from_us >= q.to_us || q.to_us - q.from_us > 400LL * 86400 * 1'000'000) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "dashboard.bad_range: from must be before to, at most 400 days apart");
  }
  // Issue 18: sites folded unless asked; totals per site come with buckets per site.
  switch (req->site_detail()) {
    case v1::DASHBOARD_SITE_DETAIL_UNSPECIFIED:
    case v1::DASHBOARD_SITE_DETAIL_NONE:
      break;
    case v1::DASHBOARD_SITE_DETAIL_BUCKETS:
      q.buckets_by_site = true;
      [[fallthrough]];
    case v1::DASHBOARD_SITE_DETAIL_TOTALS:
      q.site_totals = true;
      break;
    default:
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "dashboard.bad_site_detail: unknown site detail");
  }
  // Folding happens within the scope: a branch manager's figures are their sites' sums.
  if (u->role == Role::kBranchManager) q.site_scope = &u->site_ids;
  // Buckets per site are the one answer that grows with both the range and the chain's size
  // (400 days by hour for 200 stores is millions of buckets, hundreds of MB in one reply):
  // bounded before any query (attacker's review). The console asks for totals only.
  if (q.buckets_by_site) {
    constexpr int64_t kMaxSiteBuckets = 200'000;
    const int64_t step_us = (q.hourly ? 3600LL : 86400LL) * 1'000'000;
    const int64_t periods = (q.to_us - q.from_us + step_us - 1) / step_us + 1;
    int64_t sites = 0;
    if (q.site_scope != nullptr) {
      sites = static_cast<int64_t>(q.site_scope->size());
    } else {
      auto all = store_->ListSites();
      if (!all.ok()) return rpc::ToGrpcStatus(all.error());
      sites = static_cast<int64_t>(all->size());
    }
    if (periods * std::max<int64_t>(sites, 1) > kMaxSiteBuckets) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "dashboard.too_detailed: buckets per site for " + std::to_string(sites) +
                              " sites over " + std::to_string(periods) +
                              (q.hourly ? " hours" : " days") +
                              " exceed 200,000; ask for a shorter range, by day, or totals");
    }
  }
  auto d = dashboard_->Compute(q);
  if (!d.ok()) return rpc::ToGrpcStatus(d.error());
  *resp = std::move(*d);
  if (auto s = AddCertificateWarnings(certificates_, *u, resp); !s.ok()) return s;
  // HQ's backups are HQ administrators' to act on (the console warns them when old or none).
  if (u->role == Role::kHqAdmin) {
    auto backup = dashboard_->LastBackup();
    if (!backup.ok()) return rpc::ToGrpcStatus(backup.error());
    *resp->mutable_last_backup() = std::move(*backup);
  }
  if (claims_ == nullptr) return grpc::Status::OK;
  auto deadlines = claims_->Deadlines("", *u);
  if (!deadlines.ok()) return rpc::ToGrpcStatus(deadlines.error());
  std::vector<v1::Deadline> open;
  for (auto& dl : *deadlines) {
    if (!dl.closed()) open.push_back(std::move(dl));
  }
  std::stable_sort(open.begin(), open.end(),
                   [](const auto& a, const auto& b) { return a.days_left() < b.days_left(); });
  for (size_t i = 0; i < open.size() && i < kMaxNearestDeadlines; ++i)
    *resp->add_nearest_deadlines() = std::move(open[i]);
  return grpc::Status::OK;
}

// The dashboard's certificate warnings (issue 19), most urgent first and bounded: the
// calendar page lists them all.
grpc::Status AddCertificateWarnings(CertCalendarStore* certificates, const UserInfo& u,
                                    v1::Dashboard* resp) {
  constexpr size_t kMaxDashboardCertWarnings = 20;
  if (certificates == nullptr) return grpc::Status::OK;
  auto cal = certificates->Calendar(u.role == Role::kBranchManager ? &u.site_ids : nullptr);
  if (!cal.ok()) return rpc::ToGrpcStatus(cal.error());
  auto warnings = CertificateWarnings(*cal);
  for (size_t i = 0; i < warnings.size() && i < kMaxDashboardCertWarnings; ++i) {
    *resp->add_certificate_warnings() = std::move(warnings[i]);
  }
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::GetFailureReport(grpc::ServerContext* ctx,
                                                  const v1::GetFailureReportRequest* req,
                                                  v1::FailureReport* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role == Role::kStaff) return Refuse("auth.forbidden: your role may not do this");
  if (!dashboard_) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "dashboard.unavailable: no dashboard on this server");
  }
  if (req->days() != 7 && req->days() != 30) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "failures.bad_days: the report covers 7 or 30 days");
  }
  if (req->limit() > 100) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "failures.bad_limit: at most 100 rows per table");
  }
  FailureReportQuery q;
  q.days = static_cast<int>(req->days());
  q.limit = req->limit() == 0 ? 20 : static_cast<int>(req->limit());
  if (u->role == Role::kBranchManager) q.site_scope = &u->site_ids;
  auto report = dashboard_->FailureReport(q);
  if (!report.ok()) return rpc::ToGrpcStatus(report.error());
  *resp = std::move(*report);
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::GetCertificateCalendar(
    grpc::ServerContext* ctx, const v1::GetCertificateCalendarRequest* req,
    v1::CertificateCalendar* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role == Role::kStaff) return Refuse("auth.forbidden: your role may not do this");
  if (certificates_ == nullptr) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "cert.unavailable: no certificate calendar on this server");
  }
  if (!req->site_id().empty() && !SiteInScope(*u, req->site_id())) {
    return Refuse("auth.out_of_scope: this site is outside your scope");
  }
  auto cal = certificates_->Calendar(u->role == Role::kBranchManager ? &u->site_ids : nullptr,
                                     req->site_id());
  if (!cal.ok()) return rpc::ToGrpcStatus(cal.error());
  *resp = std::move(*cal);
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::SetTerminalCertificateExpiry(
    grpc::ServerContext* ctx, const v1::SetTerminalCertificateExpiryRequest* req,
    v1::CertificateEntry* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role != Role::kHqAdmin) return Refuse("auth.forbidden: your role may not do this");
  if (certificates_ == nullptr) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "cert.unavailable: no certificate calendar on this server");
  }
  auto entry = certificates_->SetTerminalCertificate(*req, "user:" + u->login);
  if (!entry.ok()) return rpc::ToGrpcStatus(entry.error());
  // This replica's streams hear it now; others through the database's notification.
  auto devices = store_->ListDevices(req->site_id());
  if (devices.ok()) {
    for (const auto& d : *devices) {
      if (d.status() == v1::DEVICE_STATUS_ACTIVE) agents_->PushConfig(d.device_id());
    }
  }
  *resp = std::move(*entry);
  return grpc::Status::OK;
}

}  // namespace kakunin::server
