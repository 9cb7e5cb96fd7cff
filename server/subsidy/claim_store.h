#pragma once
// Subsidy claims in PostgreSQL: a claim belongs to a site and a programme, lists cost items (each
// may name the registered terminal it paid for), carries receipt files and moves through the
// states of claim_rules.h. Every change writes its audit record in the same transaction. Site
// scope is enforced here, inside the transaction that reads the claim; the console service
// refuses roles that may not call at all (staff; auditors for writes).
//
// Receipts: the type is decided by the content (CheckReceiptFile), at most kMaxReceiptBytes,
// stored with their SHA-256. The same file on another claim is accepted but flagged on both
// claims (subsidy.duplicate_receipt), because HQ must decide whether one invoice is being
// claimed twice; the same file again on the same claim is answered with the stored receipt.
// A claim holds at most ReceiptLimits (files and bytes): a site has one live claim per
// programme, so this bounds what one branch can store. A draft's receipt can be deleted.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "common/domain/date.h"
#include "common/subsidy/deadline.h"
#include "kakunin/v1/console.pb.h"
#include "server/auth/users.h"
#include "server/storage/pool.h"

namespace kakunin::server {

inline constexpr size_t kMaxReceiptBytes = 10 * 1024 * 1024;

// What one claim may hold (--claim-receipts, --claim-receipt-mib).
struct ReceiptLimits {
  int64_t files = 20;
  int64_t bytes = int64_t{100} * 1024 * 1024;
};

struct ClaimFilter {
  std::string site_id;  // empty: every site the caller sees
  std::string device_id;
  std::string programme_id;
};

class ClaimStore {
 public:
  // `today` is Japan's civil date (deadlines are stated in it).
  ClaimStore(ConnectionPool* pool, std::function<domain::Date()> today,
             size_t max_receipt_bytes = kMaxReceiptBytes)
      : pool_(pool), today_(std::move(today)), max_receipt_bytes_(max_receipt_bytes) {}

  Result<std::vector<v1::Claim>> List(const ClaimFilter& filter, const UserInfo& who);
  // Creates a draft (empty claim_id) or replaces a draft's items (and programme).
  Result<v1::Claim> Upsert(const v1::Claim& claim, const UserInfo& who);
  Result<v1::Receipt> UploadReceipt(const v1::Receipt& receipt, const UserInfo& who);
  // Removes a receipt from a draft claim; the claim as it is after.
  Result<v1::Claim> DeleteReceipt(const std::string& receipt_id, const UserInfo& who);
  // One stored receipt with its content, for a caller who sees the claim's site.
  Result<v1::Receipt> ReceiptFile(const std::string& receipt_id, const UserInfo& who);
  Result<v1::Claim> ChangeState(const v1::ChangeClaimStateRequest& request, const UserInfo& who);
  // Empty site_id: every site the caller sees.
  Result<std::vector<v1::Deadline>> Deadlines(const std::string& site_id, const UserInfo& who);
  // HQ's thresholds for deadline warnings (--warning-days); default 60/30/7/1.
  void SetWarningDays(std::vector<int> days) { warning_days_ = std::move(days); }
  void SetReceiptLimits(ReceiptLimits limits) { limits_ = limits; }

 private:
  ConnectionPool* pool_;
  std::function<domain::Date()> today_;
  size_t max_receipt_bytes_;
  ReceiptLimits limits_;
  std::vector<int> warning_days_{std::begin(kakunin::subsidy::kDefaultWarningDays),
                                 std::end(kakunin::subsidy::kDefaultWarningDays)};
};

}  // namespace kakunin::server
