#pragma once
// Claims and deadlines as the console sees them, read inside the caller's transaction: each
// claim with its items, receipts (never their content), history, and the amount computed by the
// domain arithmetic (domain::ComputeSubsidy) for the site's facility kind, taking the site's
// earlier claims under sibling programmes into account (exclusion groups). Amounts are computed
// on every read, so a claim always shows what the programme data says today.

#include <span>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "common/domain/date.h"
#include "common/subsidy/deadline.h"
#include "kakunin/v1/console.pb.h"
#include "server/auth/users.h"
#include "server/subsidy/programme_store.h"

namespace pqxx {
class transaction_base;
}

namespace kakunin::server {

// HQ administrators and auditors see every site; branch managers and staff their own.
bool SeesSubsidySite(const UserInfo& who, const std::string& site_id);
bool SeesEverySite(const UserInfo& who);
// HQ administrators edit every site's claims; branch managers their own sites' drafts.
bool EditsSubsidySite(const UserInfo& who, const std::string& site_id);

// Claims by id, in the order given. Ids that do not exist are skipped. Receipts' duplicate
// claim ids are those `who` may see.
Result<std::vector<v1::Claim>> ReadClaims(pqxx::transaction_base& tx,
                                          const std::vector<std::string>& claim_ids,
                                          const ProgrammeCatalogue& catalogue, const UserInfo& who,
                                          const domain::Date& today);

// One row per site × programme its facility kind may claim, with the window on `today` and
// the tightest of `warning_days` reached.
Result<std::vector<v1::Deadline>> ReadDeadlines(
    pqxx::transaction_base& tx, const std::vector<std::string>& site_ids,
    const ProgrammeCatalogue& catalogue, const UserInfo& who, const domain::Date& today,
    std::span<const int> warning_days = kakunin::subsidy::kDefaultWarningDays);

// A programme as the console lists it, with its window on `today` (closed ones say so).
v1::Program ProgramView(const StoredProgramme& stored, const domain::Date& today);

}  // namespace kakunin::server
