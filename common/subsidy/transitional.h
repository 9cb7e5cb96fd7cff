#pragma once
// Where a site stands with the online-check obligation on a given day, for HQ's 経過措置 view and
// the daily summary: must it already run the full online check, may it use 資格確認限定型, and
// how near is the end of its transitional measure. The rules themselves are the domain's
// (domain/facility.h: MeasureLastDay, MayUseLimitedType); this file maps the site record as it
// is stored (console.proto Site: facility kind id, category 1–6, ISO event date) to them, once,
// for the server and the console. Pure; today's date comes from the caller.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/core/result.h"
#include "common/domain/date.h"
#include "common/domain/facility.h"
#include "common/subsidy/deadline.h"

namespace kakunin::subsidy {

// `category` 0 = no measure, 1–6 = 経過措置 (1)–(6); `event_date` empty or ISO. Fails with
// kInvalidArgument: "site.bad_facility_kind", "site.measure_bad_category",
// "site.measure_bad_date", "site.measure_not_applicable" (only insurance institutions — 病院,
// 診療所, 薬局 — have a measure).
Result<domain::Site> SiteFromRecord(std::string_view facility_kind, int category,
                                    std::string_view event_date);

enum class Obligation {
  kFullCheckRequired,    // an insurance institution with no measure, or whose measure is over
  kDeferredLimitedType,  // 経過措置 (2)(4)(6) still running: may use 資格確認限定型
  kDeferred,             // 経過措置 (1)(3)(5) still running: deferred, no 資格確認限定型
  kNotObliged,  // 義務化対象外, 健診実施機関, 助産所: 資格確認限定型 voluntarily
};

// Stable ids for APIs and logs: full_check_required, deferred_limited_type, deferred,
// not_obliged.
std::string_view ObligationId(Obligation obligation);

struct SiteObligation {
  Obligation obligation = Obligation::kFullCheckRequired;
  bool may_use_limited_type = false;
  std::string reason;  // domain::MayUseLimitedType's reason id
  // The measure's last day and the first day of the full check, when the end is known.
  std::optional<domain::Date> measure_last_day;
  std::optional<domain::Date> full_check_from;
  // A measure whose end depends on a date the site has not given ((2), (4), (6)): HQ must ask.
  bool end_date_missing = false;
  // While the measure runs and its end is known: days to its last day (0 on the day), and the
  // tightest warning threshold reached (as for claim deadlines).
  std::optional<int> days_left;
  std::optional<int> warning_threshold_days;
  // Once over: days since the full check became required (0 on its first day).
  std::optional<int> days_since_full_check;
};

SiteObligation SiteObligationOn(const domain::Site& site, const domain::Date& today,
                                std::span<const int> warning_days = kDefaultWarningDays);

}  // namespace kakunin::subsidy
