#pragma once
// The emulated national eligibility service. This first version issues single-use, short-lived
// challenges; certificate-chain, revocation and signature checks against the synthetic
// population arrive with the eligibility issue. Until then ConfirmQualification and Recheck
// answer UNIMPLEMENTED — they never pretend a patient is eligible.

#include <chrono>
#include <map>
#include <mutex>

#include "kakunin/v1/eligibility.grpc.pb.h"

namespace kakunin::sim {

class EligibilityEmulator final : public v1::EligibilityService::Service {
 public:
  explicit EligibilityEmulator(std::chrono::seconds challenge_ttl) : ttl_(challenge_ttl) {}
  grpc::Status IssueChallenge(grpc::ServerContext*, const v1::ChallengeRequest*,
                              v1::Challenge*) override;
  grpc::Status ConfirmQualification(grpc::ServerContext*, const v1::QualificationRequest*,
                                    v1::QualificationResponse*) override;
  grpc::Status Recheck(grpc::ServerContext*, const v1::RecheckQuery*,
                       v1::QualificationResponse*) override;
  size_t outstanding_challenges();

 private:
  std::chrono::seconds ttl_;
  std::mutex mu_;
  std::map<std::string, std::pair<std::string, std::chrono::steady_clock::time_point>> challenges_;
};

}  // namespace kakunin::sim
