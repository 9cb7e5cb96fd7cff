#pragma once
// The branch manager's one-time 目視確認 (issue 19), the database side (visual_allowances,
// migration 0010): granting one for a terminal (scope, reason and audit in one transaction, with
// a NOTIFY so every replica delivers it to the terminal's stream), the unused ones a terminal
// gets when it connects, the console's list, and the consumption by the check result that names
// it, inside the ingest transaction. Rules: common/domain/visual_allowance.h.

#include <string>
#include <vector>

#include "common/core/result.h"
#include "common/domain/visual_allowance.h"
#include "kakunin/v1/agent.pb.h"
#include "kakunin/v1/console.pb.h"
#include "server/auth/users.h"
#include "server/storage/pool.h"

namespace pqxx {
class transaction_base;
}

namespace kakunin::server {

class VisualAllowanceStore {
 public:
  explicit VisualAllowanceStore(ConnectionPool* pool,
                                int64_t ttl_seconds = domain::kVisualAllowanceTtlSeconds)
      : pool_(pool), ttl_seconds_(ttl_seconds) {}

  // `who` allows one 目視確認 check on `device_id`. HQ administrators for any terminal, branch
  // managers for their sites' (else kPermissionDenied "auth.forbidden", or "auth.out_of_scope"
  // for another store's terminal); the reason is checked
  // first (kInvalidArgument allowance.reason_*, Japanese message); an unknown terminal is
  // kNotFound "allowance.unknown_terminal", one not active kFailedPrecondition
  // "allowance.terminal_inactive". An unused, unexpired allowance of the terminal is replaced.
  // Audited as "visual_allowance.granted" by "user:<login>" with the reason.
  Result<v1::VisualAllowanceRecord> Grant(const std::string& device_id, const std::string& reason,
                                          const UserInfo& who);

  // The terminal's usable allowance (at most one), as its stream sends it.
  Result<std::vector<v1::VisualAllowance>> Usable(const std::string& device_id);

  // The last 30 days' allowances `who` may see (HQ and auditors all, branch managers their
  // sites), newest first, at most 200.
  Result<std::vector<v1::VisualAllowanceRecord>> List(const v1::ListVisualAllowancesRequest& req,
                                                      const UserInfo& who);

 private:
  ConnectionPool* pool_;
  int64_t ttl_seconds_;
};

// A newly stored result that names an allowance, and the terminal that sent it.
struct AllowanceClaim {
  const std::string* device_id;
  const v1::CheckResult* result;
};
// Uses up the allowances `claims` name, in their order, inside the ingest transaction `tx`:
// what each claim's use was (accepted: the allowance now records that check; a second claim on
// one allowance finds it used). Two statements for any number of claims, so a terminal naming
// thousands of allowances (made-up ids included) costs every branch sharing the commit two round
// trips, not one per result. Throws pqxx exceptions like the rest of the transaction; a
// malformed id is kUnknown without touching the database.
std::vector<domain::AllowanceUse> ConsumeVisualAllowancesInTx(
    pqxx::transaction_base& tx, const std::vector<AllowanceClaim>& claims);

// `details_json` (an object) with "visual_allowance" and "visual_allowance_use" added: the
// check.result audit record says which allowance the check used and whether HQ accepted it.
std::string WithAllowanceUse(const std::string& details_json, const std::string& allowance_id,
                             domain::AllowanceUse use);

}  // namespace kakunin::server
