#pragma once
// The emulated national eligibility service (オンライン資格確認等システム). It issues single-use,
// short-lived challenges, verifies the card's user-authentication certificate against the TEST
// JPKI CA and its CRL, checks the PIN-mode signature over the challenge, and answers from the
// synthetic population. It can also fail on demand (Faults) so clients meet realistic trouble.
// See README.md for what is verified and what is assumed.

#include <chrono>
#include <ctime>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <string>

#include "common/core/result.h"
#include "common/crypto/openssl_types.h"
#include "kakunin/v1/eligibility.grpc.pb.h"
#include "sim/oqs/population.h"

namespace kakunin::sim {

// Failures on demand, applied to every RPC before it is handled.
struct Faults {
  double fail_rate = 0;      // 0..1: share of calls answered UNAVAILABLE (oqs.injected_failure)
  int delay_ms = 0;          // added to every call
  bool unavailable = false;  // every call answers UNAVAILABLE (oqs.unavailable)
  bool malformed = false;    // answers carry garbage and inconsistent fields
};

struct EmulatorOptions {
  std::chrono::seconds challenge_ttl{60};
  std::string jpki_ca_pem;  // trusted root(s), PEM bundle
  std::string crl_pem;      // CRL of that CA ("" = no revocation check)
  Population population;
  CardRegistry cards;
  Faults faults;
  // Wall clock for certificate validity and the "today" of eligibility dates (Japan time).
  std::function<time_t()> now = [] { return std::time(nullptr); };
};

class EligibilityEmulator final : public v1::EligibilityService::Service {
 public:
  // Parses the CA and CRL and checks the CRL's signature. Errors: "oqs.bad_ca", "oqs.bad_crl".
  static Result<std::unique_ptr<EligibilityEmulator>> Create(EmulatorOptions options);
  // Challenges only (ConfirmQualification and Recheck answer FAILED_PRECONDITION
  // oqs.population_not_loaded): kept for callers that need nothing else.
  explicit EligibilityEmulator(std::chrono::seconds challenge_ttl);

  grpc::Status IssueChallenge(grpc::ServerContext*, const v1::ChallengeRequest*,
                              v1::Challenge*) override;
  grpc::Status ConfirmQualification(grpc::ServerContext*, const v1::QualificationRequest*,
                                    v1::QualificationResponse*) override;
  grpc::Status Recheck(grpc::ServerContext*, const v1::RecheckQuery*,
                       v1::QualificationResponse*) override;
  size_t outstanding_challenges();
  void set_faults(const Faults& faults);

 private:
  explicit EligibilityEmulator(EmulatorOptions options);
  // Faults to apply now: a non-OK status to return, or OK to go on.
  grpc::Status InjectFaults(bool* malformed);
  // Takes the challenge out (single use): its nonce, or an error when unknown or expired.
  Result<std::string> ConsumeChallenge(const std::string& id);
  // Verifies the certificate and, in PIN mode, the signature; fills certificate fields of resp.
  // Returns a non-OK status for RPC errors; sets resp->outcome for definitive answers.
  grpc::Status CheckCard(const v1::QualificationRequest& req, X509* cert,
                         v1::QualificationResponse* resp);
  void AnswerFor(const Person& person, v1::QualificationResponse* resp) const;

  EmulatorOptions options_;
  bool loaded_ = false;
  std::vector<crypto::X509Ptr> roots_;
  crypto::X509CrlPtr crl_;
  std::mutex mu_;
  std::map<std::string, std::pair<std::string, std::chrono::steady_clock::time_point>> challenges_;
  std::mt19937_64 rng_{std::random_device{}()};
};

// Makes a response internally inconsistent (for --malformed): clients must refuse it.
void Garble(v1::QualificationResponse* resp);

}  // namespace kakunin::sim
