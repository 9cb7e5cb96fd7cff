#include "server/subsidy/daily_summary.h"

#include <fmt/format.h>
#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include <pqxx/pqxx>

#include "common/subsidy/transitional.h"
#include "server/storage/pg_text.h"
#include "server/storage/read_tx.h"
#include "server/subsidy/claim_view.h"
#include "server/subsidy/programme_store.h"

namespace kakunin::server {
namespace {

namespace sub = kakunin::subsidy;

std::string JoinDays(std::span<const int> days) {
  std::string out;
  for (int d : days) out += (out.empty() ? "" : "/") + std::to_string(d);
  return out;
}

// 85500 → "85,500".
std::string Yen(int64_t yen) {
  std::string digits = std::to_string(yen), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string ProgramLine(const v1::Program& p) {
  if (p.closed()) {
    return fmt::format("CLOSED since {} ({} days ago): {} [{}]", p.deadline(), -p.days_left(),
                       p.name_ja(), p.program_id());
  }
  if (p.window() == "not_yet_open") {
    return fmt::format("NOT YET OPEN (opens {}, deadline {}): {} [{}]", p.opens_on(), p.deadline(),
                       p.name_ja(), p.program_id());
  }
  return fmt::format("OPEN, {} days left (deadline {}): {} [{}]", p.days_left(), p.deadline(),
                     p.name_ja(), p.program_id());
}

std::string MeasureLine(const v1::SiteObligation& s) {
  const int category = static_cast<int>(s.transitional());
  if (s.end_date_missing()) {
    return fmt::format(
        "MEASURE {} ({}): 経過措置 ({}) has no end date yet; enter the date it depends on",
        s.site_id(), s.site_name(), category);
  }
  return fmt::format(
      "MEASURE {} ({}): 経過措置 ({}) ends {} ({} days left); full online check from {}",
      s.site_id(), s.site_name(), category, s.measure_last_day(), s.days_left(),
      s.full_check_from());
}

void AddSiteCounts(v1::DailySummary& out, const std::vector<v1::SiteObligation>& sites) {
  int full = 0, limited = 0, deferred = 0, not_obliged = 0;
  for (const auto& s : sites) {
    if (s.obligation() == "full_check_required") ++full;
    if (s.obligation() == "deferred_limited_type") ++limited;
    if (s.obligation() == "deferred") ++deferred;
    if (s.obligation() == "not_obliged") ++not_obliged;
  }
  out.add_lines(fmt::format(
      "Sites: {} must have the full online check, {} may use 資格確認限定型 under 経過措置, {} "
      "deferred, {} not obliged",
      full, limited, deferred, not_obliged));
}

// One line per certificate warning (issue 19), in the calendar's order.
void AddCertificateLines(v1::DailySummary& out, std::vector<v1::CertificateEntry> certs) {
  for (auto& c : certs) {
    const bool terminal = c.kind() == v1::CERTIFICATE_KIND_TERMINAL;
    const std::string what =
        terminal ? "資格確認端末 certificate" : "device certificate of " + c.device_id();
    if (c.urgency() == v1::CERTIFICATE_URGENCY_EXPIRED) {
      out.add_lines(
          fmt::format("CERTIFICATE EXPIRED {} ({}): {} ended {} ({} days ago); "
                      "online checks stop",
                      c.site_id(), c.site_name(), what, c.last_valid_day(), -c.days_left()));
    } else {
      out.add_lines(fmt::format("CERTIFICATE {} days: {} ({}): {} valid until {} ({} days left)",
                                c.warning_threshold(), c.site_id(), c.site_name(), what,
                                c.last_valid_day(), c.days_left()));
    }
    *out.add_certificate_warnings() = std::move(c);
  }
  if (out.certificate_warnings_size() == 0) {
    out.add_lines("No certificate within 90 days of expiry.");
  }
}

}  // namespace

Result<std::vector<int>> ParseWarningDays(const std::string& text) {
  std::vector<int> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string part = text.substr(start, comma - start);
    int value = 0;
    const bool digits = !part.empty() && part.size() <= 4 &&
                        part.find_first_not_of("0123456789") == std::string::npos;
    if (digits) value = std::stoi(part);
    if (!digits || value <= 0 || (!out.empty() && value >= out.back())) {
      return MakeError(ErrorCode::kInvalidArgument, "subsidy.bad_warning_days",
                       "warning days '" + text +
                           "' must be positive whole days, largest first (e.g. 60,30,7,1)");
    }
    out.push_back(value);
    start = comma + 1;
  }
  return out;
}

Result<int> ParseTimeOfDay(const std::string& text) {
  const bool shape = text.size() == 5 && text[2] == ':' &&
                     text.find_first_not_of("0123456789:") == std::string::npos;
  const int hours = shape ? std::stoi(text.substr(0, 2)) : -1;
  const int minutes = shape ? std::stoi(text.substr(3, 2)) : -1;
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
    return MakeError(ErrorCode::kInvalidArgument, "subsidy.bad_summary_time",
                     "summary time '" + text + "' is not HH:MM (Japan time, e.g. 07:00)");
  }
  return hours * 60 + minutes;
}

v1::SiteObligation ObligationView(const v1::Site& site, const domain::Date& today,
                                  std::span<const int> warning_days) {
  v1::SiteObligation out;
  out.set_site_id(site.site_id());
  out.set_site_name(site.name());
  out.set_facility_kind(site.facility_kind().empty() ? "pharmacy" : site.facility_kind());
  out.set_transitional(site.transitional());
  out.set_transitional_event_date(site.transitional_event_date());
  auto record = sub::SiteFromRecord(site.facility_kind(), static_cast<int>(site.transitional()),
                                    site.transitional_event_date());
  if (!record.ok()) {
    out.set_obligation("invalid");
    out.set_reason(record.error().reason());
    return out;
  }
  const sub::SiteObligation o = sub::SiteObligationOn(*record, today, warning_days);
  out.set_obligation(std::string(sub::ObligationId(o.obligation)));
  out.set_may_use_limited_type(o.may_use_limited_type);
  out.set_reason(o.reason);
  if (o.measure_last_day) out.set_measure_last_day(domain::FormatIso(*o.measure_last_day));
  if (o.full_check_from) out.set_full_check_from(domain::FormatIso(*o.full_check_from));
  out.set_end_date_missing(o.end_date_missing);
  out.set_measure_running(o.days_left.has_value());
  out.set_days_left(o.days_left.value_or(0));
  out.set_warning_threshold(o.warning_threshold_days.value_or(0));
  out.set_days_since_full_check(o.days_since_full_check.value_or(0));
  return out;
}

v1::DailySummary ComposeDailySummary(const domain::Date& today, std::span<const int> warning_days,
                                     SummaryFacts facts) {
  v1::DailySummary out;
  out.set_date(domain::FormatIso(today));
  for (int d : warning_days) out.add_warning_days(d);
  out.add_lines(fmt::format("Subsidy summary for {} (warnings at {} days)", out.date(),
                            JoinDays(warning_days)));
  for (auto& p : facts.programs) {
    p.clear_data_json();
    if (p.closed()) {
      out.set_closed_programs(out.closed_programs() + 1);
    } else {
      out.set_open_programs(out.open_programs() + 1);
    }
    out.add_lines(ProgramLine(p));
    *out.add_programs() = std::move(p);
  }
  for (auto& d : facts.deadlines) {
    if (d.closed() || d.warning_threshold() == 0) continue;
    out.add_lines(fmt::format(
        "WARNING {} days: {} may still claim {} yen under {} [{}] until {} ({} days left)",
        d.warning_threshold(), d.site_id(), Yen(d.claimable_yen()), d.program_name_ja(),
        d.program_id(), d.deadline(), d.days_left()));
    *out.add_deadline_warnings() = std::move(d);
  }
  if (out.deadline_warnings_size() == 0 && !warning_days.empty()) {
    out.add_lines(fmt::format("No claim deadline within {} days.", warning_days.front()));
  }
  AddSiteCounts(out, facts.sites);
  for (auto& s : facts.sites) {
    if (!s.end_date_missing() && s.warning_threshold() == 0) continue;
    out.add_lines(MeasureLine(s));
    *out.add_measure_warnings() = std::move(s);
  }
  AddCertificateLines(out, std::move(facts.certificates));
  out.set_claims_in_progress(facts.claims_in_progress);
  out.set_claims_submitted(facts.claims_submitted);
  out.add_lines(
      fmt::format("Claims: {} in progress (draft or ready), {} submitted awaiting a "
                  "decision",
                  facts.claims_in_progress, facts.claims_submitted));
  return out;
}

Result<std::vector<v1::SiteObligation>> SubsidySummaries::Obligations(
    const std::vector<v1::Site>& sites) {
  const domain::Date today = today_();
  std::vector<v1::SiteObligation> out;
  for (const auto& site : sites) out.push_back(ObligationView(site, today, warning_days_));
  return out;
}

Result<v1::DailySummary> SubsidySummaries::Compute() {
  const domain::Date today = today_();
  KAKUNIN_ASSIGN_OR_RETURN(auto sites, fleet_->ListSites());
  SummaryFacts facts;
  KAKUNIN_ASSIGN_OR_RETURN(facts.sites, Obligations(sites));
  std::vector<std::string> site_ids;
  for (const auto& s : sites) site_ids.push_back(s.site_id());
  // The summary is HQ's: every site, as an HQ administrator sees it.
  UserInfo system;
  system.login = "system:daily-summary";
  system.role = Role::kHqAdmin;
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    KAKUNIN_ASSIGN_OR_RETURN(auto catalogue, ReadProgrammeCatalogue(tx));
    for (const auto& stored : catalogue.programmes) {
      facts.programs.push_back(ProgramView(stored, today));
    }
    KAKUNIN_ASSIGN_OR_RETURN(facts.deadlines,
                             ReadDeadlines(tx, site_ids, catalogue, system, today, warning_days_));
    const auto counts = tx.exec1(
        "SELECT count(*) FILTER (WHERE state IN ('draft', 'ready')), "
        "count(*) FILTER (WHERE state = 'submitted') FROM subsidy_claims");
    facts.claims_in_progress = counts[0].as<uint32_t>();
    facts.claims_submitted = counts[1].as<uint32_t>();
  } catch (const std::exception& e) {
    return DbError(e);
  }
  if (certificates_ != nullptr) {
    KAKUNIN_ASSIGN_OR_RETURN(auto calendar, certificates_->Calendar(nullptr));
    facts.certificates = CertificateWarnings(calendar);
  }
  auto summary = ComposeDailySummary(today, warning_days_, std::move(facts));
  *summary.mutable_generated_at() = google::protobuf::util::TimeUtil::GetCurrentTime();
  return summary;
}

Result<bool> SubsidySummaries::Save(const v1::DailySummary& summary) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  std::string text;
  for (const auto& line : summary.lines()) text += line + "\n";
  try {
    pqxx::work tx(*conn);
    const auto r = tx.exec_params(
        "INSERT INTO subsidy_daily_summaries(summary_date, summary, text) VALUES ($1::date, $2, "
        "$3) ON CONFLICT (summary_date) DO NOTHING",
        summary.date(), pqxx::binarystring(summary.SerializeAsString()), text);
    tx.commit();
    return r.affected_rows() == 1;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<std::optional<v1::DailySummary>> SubsidySummaries::Read(const std::string& date) {
  if (!date.empty() && !domain::ParseIsoDate(date).ok()) {
    return MakeError(ErrorCode::kInvalidArgument, "subsidy.bad_date",
                     "'" + date + "' is not a date YYYY-MM-DD");
  }
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    const auto rows = tx.exec_params(
        "SELECT summary FROM subsidy_daily_summaries WHERE ($1 = '' OR summary_date = "
        "nullif($1, '')::date) ORDER BY summary_date DESC LIMIT 1",
        date);
    if (rows.empty()) return std::optional<v1::DailySummary>();
    const pqxx::binarystring bytes(rows[0][0]);
    v1::DailySummary summary;
    if (!summary.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return MakeError(ErrorCode::kInternal, "subsidy.bad_stored_summary",
                       "the stored summary cannot be read");
    }
    return std::optional<v1::DailySummary>(std::move(summary));
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

void DailySummaryJob::Tick() {
  const auto [today, minutes] = now_();
  if (done_for_ == today || minutes < minute_of_day_) return;
  // After a failure, try again a minute later rather than every tick.
  if (retry_after_ && std::chrono::steady_clock::now() < *retry_after_) return;
  auto fail = [&](const Error& e) {
    spdlog::error("daily subsidy summary failed: {}", e.ToString());
    retry_after_ = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  };
  auto stored = summaries_->Read(domain::FormatIso(today));
  if (!stored.ok()) return fail(stored.error());
  if (!stored->has_value()) {
    auto summary = summaries_->Compute();
    if (!summary.ok()) return fail(summary.error());
    auto saved = summaries_->Save(*summary);
    if (!saved.ok()) return fail(saved.error());
    // Another replica may have stored the day's summary first; only the one that stored logs.
    if (*saved) {
      for (const auto& line : summary->lines()) spdlog::info("subsidy summary: {}", line);
    }
  }
  done_for_ = today;
  retry_after_.reset();
}

std::pair<domain::Date, int> NowInJapan() {
  const std::time_t t = std::time(nullptr) + 9 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  return {domain::Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday}, tm.tm_hour * 60 + tm.tm_min};
}

}  // namespace kakunin::server
