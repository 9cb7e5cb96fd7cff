#include "server/storage/cert_calendar_store.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <set>

#include "common/domain/cert_calendar.h"
#include "server/audit/audit_store.h"
#include "server/storage/pg_text.h"
#include "server/storage/read_tx.h"

namespace kakunin::server {
namespace {

// Longest path accepted: Windows' MAX_PATH, as for the terminal-files folders.
constexpr size_t kMaxCertPath = 260;
constexpr domain::Date kEarliestDay{2020, 1, 1};

Error Refuse(const char* reason, const char* japanese) {
  return MakeError(ErrorCode::kInvalidArgument, reason, japanese);
}

google::protobuf::Timestamp Seconds(int64_t s) {
  google::protobuf::Timestamp t;
  t.set_seconds(s);
  return t;
}

bool IsFullPath(const std::string& p) {
  const bool unix_abs = !p.empty() && p[0] == '/';
  const bool drive = p.size() >= 3 && std::isalpha(static_cast<unsigned char>(p[0])) &&
                     p[1] == ':' && (p[2] == '\\' || p[2] == '/');
  const bool share = p.size() >= 3 && p[0] == '\\' && p[1] == '\\';
  return unix_abs || drive || share;
}

bool HasDotDot(const std::string& p) {
  for (const char* up : {"/../", "\\..\\", "/..\\", "\\../"}) {
    if (p.find(up) != std::string::npos) return true;
  }
  return p.ends_with("/..") || p.ends_with("\\..");
}

// Urgency of a known day, and the fields that go with it.
void Judge(v1::CertificateEntry* e, const domain::Date& last_day, const domain::Date& today) {
  const domain::CertStatus s = domain::CertStatusOn(last_day, today);
  e->set_last_valid_day(domain::FormatIso(last_day));
  e->set_days_left(s.days_left);
  // The proto enum is the domain's, shifted by one (0 is "unspecified").
  e->set_urgency(static_cast<v1::CertificateUrgency>(static_cast<int>(s.urgency) + 1));
  e->set_renewal_open(s.renewal_open);
  e->set_renewal_opens(domain::FormatIso(s.renewal_opens));
  e->set_warning_threshold(domain::WarningThresholdOf(s.urgency));
}

// Most urgent first: expired, 7, 30, 60, 90, unknown, fine; then fewer days left.
int Rank(v1::CertificateUrgency u) {
  switch (u) {
    case v1::CERTIFICATE_URGENCY_EXPIRED:
      return 0;
    case v1::CERTIFICATE_URGENCY_WARN_7:
      return 1;
    case v1::CERTIFICATE_URGENCY_WARN_30:
      return 2;
    case v1::CERTIFICATE_URGENCY_WARN_60:
      return 3;
    case v1::CERTIFICATE_URGENCY_WARN_90:
      return 4;
    case v1::CERTIFICATE_URGENCY_UNKNOWN:
      return 5;
    default:
      return 6;
  }
}

bool MoreUrgent(const v1::CertificateEntry& a, const v1::CertificateEntry& b) {
  if (Rank(a.urgency()) != Rank(b.urgency())) return Rank(a.urgency()) < Rank(b.urgency());
  if (a.days_left() != b.days_left()) return a.days_left() < b.days_left();
  if (a.site_id() != b.site_id()) return a.site_id() < b.site_id();
  if (a.kind() != b.kind()) return a.kind() > b.kind();  // the 資格確認端末's first
  return a.device_id() < b.device_id();
}

constexpr char kSites[] =
    "SELECT s.site_id, s.name, coalesce(t.last_valid_day::text, ''), coalesce(t.cert_path, ''), "
    "coalesce(t.updated_by, ''), coalesce(extract(epoch FROM t.updated_at)::bigint, 0) "
    "FROM sites s LEFT JOIN site_terminal_certificates t ON t.site_id = s.site_id "
    "WHERE ($1 = false OR s.site_id = ANY($2::text[])) AND ($3 = '' OR s.site_id = $3) "
    "ORDER BY s.site_id";

constexpr char kDevices[] =
    "SELECT device_id, site_id, terminal_name, extract(epoch FROM cert_not_after)::bigint, "
    "coalesce(extract(epoch FROM cert_renewed_at)::bigint, 0), "
    "coalesce(extract(epoch FROM cert_renew_failed_at)::bigint, 0), cert_renew_failure "
    "FROM devices WHERE status <> 'revoked' AND ($1 = false OR site_id = ANY($2::text[])) "
    "AND ($3 = '' OR site_id = $3) ORDER BY device_id";

// Newest first: the file as the store's PCs read it now.
constexpr char kReports[] =
    "SELECT r.device_id, r.site_id, d.terminal_name, r.cert_path, "
    "coalesce(extract(epoch FROM r.not_after)::bigint, 0), r.subject, r.serial_hex, r.problem, "
    "extract(epoch FROM r.reported_at)::bigint FROM terminal_certificate_reports r "
    "JOIN devices d ON d.device_id = r.device_id WHERE d.status <> 'revoked' "
    "AND ($1 = false OR r.site_id = ANY($2::text[])) AND ($3 = '' OR r.site_id = $3) "
    "ORDER BY r.reported_at DESC, r.device_id";

}  // namespace

Status ValidateTerminalCertificateRequest(const v1::SetTerminalCertificateExpiryRequest& r,
                                          const domain::Date& today) {
  if (!r.last_valid_day().empty() && !r.issued_on().empty()) {
    return Refuse("cert.both_dates", "有効期限と発行日は、どちらか一方だけを入力してください。");
  }
  for (const std::string* text : {&r.last_valid_day(), &r.issued_on()}) {
    if (!text->empty() && !domain::ParseIsoDate(*text).ok()) {
      return Refuse("cert.bad_date", "日付は 2027-03-31 のように「年-月-日」で入力してください。");
    }
  }
  // The longest a 資格確認端末 certificate runs: 3 years 3 months from today's issue.
  const domain::Date latest = domain::TerminalCertificateLastDay(today);
  if (!r.last_valid_day().empty()) {
    const domain::Date day = *domain::ParseIsoDate(r.last_valid_day());
    if (domain::DaysBetween(kEarliestDay, day) < 0 || domain::DaysBetween(day, latest) < 0) {
      return Refuse("cert.date_out_of_range",
                    "有効期限が範囲外です。資格確認端末の証明書は発行から3年3か月有効です。");
    }
  }
  if (!r.issued_on().empty()) {
    const domain::Date day = *domain::ParseIsoDate(r.issued_on());
    if (domain::DaysBetween(kEarliestDay, day) < 0 || domain::DaysBetween(day, today) < 0) {
      return Refuse("cert.date_out_of_range",
                    "発行日が範囲外です。今日までの日付を入力してください。");
    }
  }
  const std::string& p = r.certificate_path();
  if (!p.empty()) {
    const bool control = std::any_of(p.begin(), p.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (p.size() > kMaxCertPath || control || !IsFullPath(p) || HasDotDot(p)) {
      return Refuse("cert.bad_path",
                    "証明書ファイルは /… や C:\\… のような絶対パスで入力してください"
                    "（260 バイトまで、「..」や制御文字は使えません）。");
    }
  }
  return OkStatus();
}

std::vector<v1::CertificateEntry> CertificateWarnings(const v1::CertificateCalendar& calendar) {
  std::vector<v1::CertificateEntry> out;
  for (const auto& e : calendar.entries()) {
    const bool expired = e.urgency() == v1::CERTIFICATE_URGENCY_EXPIRED;
    const bool warn =
        e.kind() == v1::CERTIFICATE_KIND_TERMINAL
            ? e.warning_threshold() > 0
            : e.warning_threshold() > 0 && e.days_left() <= domain::kCounterBannerDays;
    if (expired || warn) out.push_back(e);
  }
  return out;  // the calendar is sorted already
}

Result<v1::CertificateCalendar> CertCalendarStore::Calendar(
    const std::vector<std::string>* site_scope, const std::string& site_id) {
  const domain::Date today = today_();
  const bool scoped = site_scope != nullptr;
  const std::string scope = PgTextArray(scoped ? *site_scope : std::vector<std::string>{});
  v1::CertificateCalendar cal;
  cal.set_today(domain::FormatIso(today));
  for (int d : domain::kCertWarningDays) cal.add_warning_days(d);
  std::vector<v1::CertificateEntry> entries;
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    std::map<std::string, std::string> names;
    for (const auto& row : tx.exec_params(kSites, scoped, scope, site_id)) {
      v1::CertificateEntry e;
      e.set_kind(v1::CERTIFICATE_KIND_TERMINAL);
      e.set_site_id(row[0].c_str());
      e.set_site_name(row[1].c_str());
      names[e.site_id()] = e.site_name();
      e.set_certificate_path(row[3].c_str());
      const std::string recorded = row[2].c_str();
      if (!recorded.empty()) {
        Judge(&e, *domain::ParseIsoDate(recorded), today);
        e.set_source("hq");
        e.set_recorded_by(row[4].c_str());
        *e.mutable_reported_at() = Seconds(row[5].as<int64_t>());
      } else {
        e.set_source("none");
        e.set_urgency(v1::CERTIFICATE_URGENCY_UNKNOWN);
      }
      entries.push_back(std::move(e));
    }
    // What the store's PCs read from the file HQ named wins over HQ's record: it is the
    // certificate's own notAfter. Only reads of the path named now count.
    std::map<std::string, size_t> terminal_of;
    for (size_t i = 0; i < entries.size(); ++i) terminal_of[entries[i].site_id()] = i;
    std::set<std::string> problem_seen, read_seen;
    for (const auto& row : tx.exec_params(kReports, scoped, scope, site_id)) {
      auto it = terminal_of.find(row[1].c_str());
      if (it == terminal_of.end()) continue;
      v1::CertificateEntry& e = entries[it->second];
      if (e.certificate_path() != row[3].c_str()) continue;
      const std::string problem = row[7].c_str();
      if (!problem.empty()) {
        // The newest read's problem, unless a newer read succeeded.
        if (!read_seen.contains(e.site_id()) && problem_seen.insert(e.site_id()).second) {
          e.set_file_problem(problem);
        }
        continue;
      }
      if (!read_seen.insert(e.site_id()).second) continue;
      const int64_t not_after = row[4].as<int64_t>();
      Judge(&e, domain::JapanDateOf(not_after), today);
      e.set_source("file");
      e.set_device_id(row[0].c_str());
      e.set_terminal_name(row[2].c_str());
      e.set_subject(row[5].c_str());
      e.set_serial_hex(row[6].c_str());
      e.clear_recorded_by();
      *e.mutable_reported_at() = Seconds(row[8].as<int64_t>());
    }
    for (const auto& row : tx.exec_params(kDevices, scoped, scope, site_id)) {
      v1::CertificateEntry e;
      e.set_kind(v1::CERTIFICATE_KIND_DEVICE);
      e.set_device_id(row[0].c_str());
      e.set_site_id(row[1].c_str());
      e.set_site_name(names[e.site_id()]);
      e.set_terminal_name(row[2].c_str());
      e.set_source("device");
      Judge(&e, domain::JapanDateOf(row[3].as<int64_t>()), today);
      if (row[4].as<int64_t>() != 0) *e.mutable_last_renewed_at() = Seconds(row[4].as<int64_t>());
      if (row[5].as<int64_t>() != 0) {
        *e.mutable_last_renewal_failed_at() = Seconds(row[5].as<int64_t>());
        e.set_last_renewal_failure(row[6].c_str());
      }
      entries.push_back(std::move(e));
    }
  } catch (const std::exception& e) {
    return DbError(e);
  }
  std::sort(entries.begin(), entries.end(), MoreUrgent);
  std::set<std::string> red;
  for (auto& e : entries) {
    if (e.urgency() == v1::CERTIFICATE_URGENCY_EXPIRED) {
      cal.set_expired(cal.expired() + 1);
      red.insert(e.site_id());
    } else if (e.warning_threshold() > 0) {
      cal.set_warnings(cal.warnings() + 1);
    } else if (e.urgency() == v1::CERTIFICATE_URGENCY_UNKNOWN) {
      cal.set_unknown(cal.unknown() + 1);
    }
    if (e.kind() == v1::CERTIFICATE_KIND_TERMINAL) cal.set_sites(cal.sites() + 1);
    *cal.add_entries() = std::move(e);
  }
  cal.set_sites_expired(static_cast<uint32_t>(red.size()));
  return cal;
}

Result<v1::CertificateEntry> CertCalendarStore::SetTerminalCertificate(
    const v1::SetTerminalCertificateExpiryRequest& req, const std::string& actor) {
  const domain::Date today = today_();
  KAKUNIN_RETURN_IF_ERROR(ValidateTerminalCertificateRequest(req, today));
  std::string day = req.last_valid_day();
  if (!req.issued_on().empty()) {
    day = domain::FormatIso(
        domain::TerminalCertificateLastDay(*domain::ParseIsoDate(req.issued_on())));
  }
  {
    KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
    try {
      pqxx::work tx(*conn);
      auto site =
          tx.exec_params("SELECT 1 FROM sites WHERE site_id = $1 FOR UPDATE", req.site_id());
      if (site.empty()) {
        return MakeError(ErrorCode::kNotFound, "cert.unknown_site",
                         "その店舗は登録されていません。");
      }
      auto before = tx.exec_params(
          "SELECT coalesce(last_valid_day::text, ''), cert_path FROM site_terminal_certificates "
          "WHERE site_id = $1",
          req.site_id());
      const std::string old_day = before.empty() ? "" : before[0][0].c_str();
      const std::string old_path = before.empty() ? "" : before[0][1].c_str();
      if (old_day == day && old_path == req.certificate_path()) {
        tx.commit();  // nothing changed: no audit event, no settings push
      } else {
        if (day.empty() && req.certificate_path().empty()) {
          tx.exec_params("DELETE FROM site_terminal_certificates WHERE site_id = $1",
                         req.site_id());
        } else {
          tx.exec_params(
              "INSERT INTO site_terminal_certificates(site_id, last_valid_day, cert_path, "
              "updated_by) VALUES ($1, nullif($2, '')::date, $3, $4) ON CONFLICT (site_id) DO "
              "UPDATE SET last_valid_day = excluded.last_valid_day, cert_path = "
              "excluded.cert_path, updated_by = excluded.updated_by, updated_at = now()",
              req.site_id(), day, req.certificate_path(), actor);
        }
        nlohmann::json details = {{"last_valid_day", day},
                                  {"issued_on", req.issued_on()},
                                  {"path", req.certificate_path()},
                                  {"before", {{"last_valid_day", old_day}, {"path", old_path}}}};
        AppendAuditInTx(tx, {AuditEvent("site.terminal_cert_set", actor, req.site_id(), "",
                                        req.site_id(), details.dump())});
        // The store's terminals get the path and the day at once (banner, file reads).
        tx.exec_params(
            "SELECT pg_notify('kakunin_devices', device_id) FROM devices WHERE site_id = $1 AND "
            "status = 'active'",
            req.site_id());
        tx.commit();
      }
    } catch (const std::exception& e) {
      return DbError(e);
    }
  }
  KAKUNIN_ASSIGN_OR_RETURN(auto cal, Calendar(nullptr, req.site_id()));
  for (const auto& e : cal.entries()) {
    if (e.kind() == v1::CERTIFICATE_KIND_TERMINAL) return e;
  }
  return MakeError(ErrorCode::kNotFound, "cert.unknown_site", "その店舗は登録されていません。");
}

}  // namespace kakunin::server
