#pragma once
// The onboarding board (issue 19), the database side: every store × stage as HQ recorded it
// (onboarding_stages), judged on Japan's date by the domain's rule (common/domain/onboarding.h)
// with the site's 経過措置 and the subsidy programmes as stored, and HQ's change of one stage,
// checked at the edge (common/site/onboarding_fields.h) and audited in the same transaction.

#include <functional>
#include <string>

#include "common/core/result.h"
#include "common/domain/date.h"
#include "kakunin/v1/console.pb.h"
#include "server/auth/users.h"
#include "server/storage/fleet_store.h"
#include "server/storage/pool.h"

namespace kakunin::server {

class OnboardingStore {
 public:
  // `today`: Japan's civil date (the deadlines and "done not in the future" are judged by it).
  OnboardingStore(ConnectionPool* pool, FleetStore* sites, std::function<domain::Date()> today)
      : pool_(pool), sites_(sites), today_(std::move(today)) {}

  // The stores `who` may see (HQ and auditors every store, branch roles their own), filtered by
  // prefecture, region, next stage and overdue. A malformed filter is kInvalidArgument
  // ("onboarding.bad_prefecture", "onboarding.bad_region", "onboarding.bad_stage").
  Result<v1::ListOnboardingResponse> List(const v1::ListOnboardingRequest& request,
                                          const UserInfo& who);

  // Sets one stage's record as given and answers the store's row as now judged. Refusals carry a
  // Japanese message: kInvalidArgument onboarding.* for a field, kNotFound
  // "onboarding.site_not_found". A change is audited as "onboarding.stage_saved" by `actor`
  // (with the previous record); saving what is already stored changes and audits nothing.
  Result<v1::OnboardingSite> Update(const v1::UpdateOnboardingStageRequest& request,
                                    const std::string& actor);

 private:
  ConnectionPool* pool_;
  FleetStore* sites_;
  std::function<domain::Date()> today_;
};

}  // namespace kakunin::server
