#pragma once
// The agent's one interface to the national eligibility service. Two adapters implement it:
// the emulated service API over gRPC/TLS (oqs_client.h) and the 資格確認端末 XML file exchange
// (xml_exchange.h). Production code depends only on this header; results are one domain type,
// whatever the route.

#include <optional>
#include <string>
#include <vector>

#include "common/core/bytes.h"
#include "common/core/result.h"
#include "kakunin/v1/common.pb.h"

namespace kakunin::eligibility {

struct Challenge {
  std::string id;
  Bytes nonce;  // the card signs SHA-256 DigestInfo of this
};

// A check that rests on the card's user-authentication certificate.
struct CardQuery {
  v1::IdentityMode mode = v1::IDENTITY_MODE_VISUAL;
  Bytes certificate_der;
  std::string challenge_id;  // PIN mode
  Bytes signature;           // PIN mode
  v1::CheckRoute route = v1::CHECK_ROUTE_COUNTER;
  std::string contract_insurer_number;  // 健診実施機関: from the 受診券
  std::string consent_id;               // 居宅同意取得型
};

// 再照会: by insured-person number and birth date.
struct InsuredQuery {
  std::string insurer_number;
  std::string insured_symbol;
  std::string insured_number;
  std::string insured_branch_number;
  std::string birth_date;  // ISO
  v1::CheckRoute route = v1::CHECK_ROUTE_HOME_VISIT;
  std::string consent_id;
};

struct Answer {
  v1::Outcome outcome = v1::OUTCOME_UNSPECIFIED;
  std::vector<v1::Eligibility> results;
  bool visually_verified = false;
  bool certificate_in_grace = false;
  std::string certificate_not_after;  // ISO
  bool contract_insurer_match = false;
  std::string consent_id;
  std::string processed_at;  // as the service reports it

  // The result's record: the first of `results`, carrying the others as other_records (at
  // most kMaxOtherRecords; an answer with more is not one a counter can act on anyway).
  // Nullopt when the answer has none.
  std::optional<v1::Eligibility> Record() const {
    if (results.empty()) return std::nullopt;
    v1::Eligibility first = results.front();
    first.clear_other_records();
    for (size_t i = 1; i < results.size() && i <= kMaxOtherRecords; ++i) {
      auto* other = first.add_other_records();
      *other = results[i];
      other->clear_other_records();
    }
    return first;
  }
  static constexpr size_t kMaxOtherRecords = 8;
};

class EligibilityService {
 public:
  virtual ~EligibilityService() = default;
  virtual Result<Challenge> IssueChallenge() = 0;
  virtual Result<Answer> ConfirmByCard(const CardQuery& query) = 0;
  virtual Result<Answer> Recheck(const InsuredQuery& query) = 0;
};

}  // namespace kakunin::eligibility
