#pragma once
// EligibilityService over the national service's API (here: the emulator's gRPC contract, TLS).

#include <chrono>
#include <memory>
#include <string>

#include "agent/eligibility/eligibility_service.h"
#include "agent/eligibility/oqs_answer.h"
#include "kakunin/v1/eligibility.grpc.pb.h"

namespace kakunin::eligibility {

struct OqsClientOptions {
  std::string endpoint;          // HOST:PORT
  std::string ca_pem;            // trust anchor for the service's TLS certificate
  std::string institution_code;  // 医療機関等コード (10 digits)
  std::chrono::seconds timeout{10};
};

class OqsClient : public EligibilityService {
 public:
  explicit OqsClient(OqsClientOptions options);
  Result<Challenge> IssueChallenge() override;
  Result<Answer> ConfirmByCard(const CardQuery& query) override;
  Result<Answer> Recheck(const InsuredQuery& query) override;

 private:
  OqsClientOptions options_;
  std::unique_ptr<v1::EligibilityService::Stub> stub_;
};

}  // namespace kakunin::eligibility
