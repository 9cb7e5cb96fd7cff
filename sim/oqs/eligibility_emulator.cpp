#include "sim/oqs/eligibility_emulator.h"

#include <google/protobuf/util/time_util.h>

#include "common/crypto/signing.h"

namespace kakunin::sim {

grpc::Status EligibilityEmulator::IssueChallenge(grpc::ServerContext*, const v1::ChallengeRequest*,
                                                 v1::Challenge* resp) {
  auto id = crypto::RandomBytes(16);
  auto nonce = crypto::RandomBytes(32);
  if (!id.ok() || !nonce.ok()) return grpc::Status(grpc::StatusCode::INTERNAL, "no randomness");
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  // Expired challenges are dropped as new ones are made, so the map stays small.
  for (auto it = challenges_.begin(); it != challenges_.end();) {
    it = it->second.second < now ? challenges_.erase(it) : std::next(it);
  }
  std::string cid = ToHex(*id);
  challenges_[cid] = {ToString(*nonce), now + ttl_};
  resp->set_challenge_id(cid);
  resp->set_nonce(ToString(*nonce));
  *resp->mutable_expires_at() = google::protobuf::util::TimeUtil::GetCurrentTime() +
                                google::protobuf::util::TimeUtil::SecondsToDuration(ttl_.count());
  return grpc::Status::OK;
}

grpc::Status EligibilityEmulator::ConfirmQualification(grpc::ServerContext*,
                                                       const v1::QualificationRequest*,
                                                       v1::QualificationResponse*) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "oqs.population_not_loaded: the synthetic population is not available yet");
}

grpc::Status EligibilityEmulator::Recheck(grpc::ServerContext*, const v1::RecheckQuery*,
                                          v1::QualificationResponse*) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "oqs.population_not_loaded: the synthetic population is not available yet");
}

size_t EligibilityEmulator::outstanding_challenges() {
  std::lock_guard lock(mu_);
  return challenges_.size();
}

}  // namespace kakunin::sim
