#pragma once
// HQ's daily subsidy summary and the 経過措置 view of sites (issue 8). Once a day, at a time HQ
// sets (--summary-time, Japan's clock), the server computes what needs attention — programmes
// open and closed, site × programme deadlines at a warning threshold (--warning-days, default
// 60/30/7/1), transitional measures ending near or whose end date is unknown, claims in
// progress — writes it to the log and stores it, so the console and `kakunin-server subsidy
// summary` show the same text. The rules are common/subsidy's (deadline.h, transitional.h).

#include <chrono>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "common/domain/date.h"
#include "kakunin/v1/console.pb.h"
#include "server/storage/cert_calendar_store.h"
#include "server/storage/fleet_store.h"
#include "server/storage/pool.h"

namespace kakunin::server {

// "60,30,7,1" → {60, 30, 7, 1}: positive, strictly decreasing. "subsidy.bad_warning_days".
Result<std::vector<int>> ParseWarningDays(const std::string& text);
// "07:30" → 450 (minutes after midnight). "subsidy.bad_summary_time".
Result<int> ParseTimeOfDay(const std::string& text);

// The site's obligation as the console shows it; a record the rules refuse (saved before they
// were checked) gets obligation "invalid" and the refusal's reason id.
v1::SiteObligation ObligationView(const v1::Site& site, const domain::Date& today,
                                  std::span<const int> warning_days);

// Picks what needs attention and writes the lines. Pure.
struct SummaryFacts {
  std::vector<v1::Program> programs;
  std::vector<v1::Deadline> deadlines;
  std::vector<v1::SiteObligation> sites;
  uint32_t claims_in_progress = 0;
  uint32_t claims_submitted = 0;
  // Certificates at 90/60/30/7 days or expired (CertificateWarnings), most urgent first.
  std::vector<v1::CertificateEntry> certificates;
};
v1::DailySummary ComposeDailySummary(const domain::Date& today, std::span<const int> warning_days,
                                     SummaryFacts facts);

class SubsidySummaries {
 public:
  SubsidySummaries(ConnectionPool* pool, FleetStore* fleet, std::function<domain::Date()> today,
                   std::vector<int> warning_days)
      : pool_(pool),
        fleet_(fleet),
        today_(std::move(today)),
        warning_days_(std::move(warning_days)) {}

  // For every site, as of today.
  Result<v1::DailySummary> Compute();
  // Stores it for its date; the first one stored for a date stays (replicas may race).
  // Returns whether this call stored it.
  Result<bool> Save(const v1::DailySummary& summary);
  // The one stored for `date` (ISO), or the newest when `date` is empty; nullopt when none.
  Result<std::optional<v1::DailySummary>> Read(const std::string& date);
  Result<std::vector<v1::SiteObligation>> Obligations(const std::vector<v1::Site>& sites);
  // The summary also lists certificate warnings (issue 19) once this is set.
  void SetCertificates(CertCalendarStore* certificates) { certificates_ = certificates; }

  const std::vector<int>& warning_days() const { return warning_days_; }
  domain::Date today() const { return today_(); }

 private:
  ConnectionPool* pool_;
  FleetStore* fleet_;
  std::function<domain::Date()> today_;
  std::vector<int> warning_days_;
  CertCalendarStore* certificates_ = nullptr;
};

// Run Tick() often (the server's housekeeping thread does, every second): once Japan's clock
// has passed the configured time of day and that day's summary is not stored yet, it is
// computed, logged line by line and stored. A server started after the time makes it at once.
class DailySummaryJob {
 public:
  // `now_in_japan`: Japan's date and minutes after midnight, now (NowInJapan).
  DailySummaryJob(SubsidySummaries* summaries, int minute_of_day,
                  std::function<std::pair<domain::Date, int>()> now_in_japan)
      : summaries_(summaries), minute_of_day_(minute_of_day), now_(std::move(now_in_japan)) {}

  void Tick();

 private:
  SubsidySummaries* summaries_;
  int minute_of_day_;
  std::function<std::pair<domain::Date, int>()> now_;
  std::optional<domain::Date> done_for_;
  std::optional<std::chrono::steady_clock::time_point> retry_after_;
};

// Japan's date and minutes after midnight, from the system clock.
std::pair<domain::Date, int> NowInJapan();

}  // namespace kakunin::server
