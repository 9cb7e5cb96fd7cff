#include "sim/oqs/eligibility_emulator.h"

#include <google/protobuf/util/time_util.h>
#include <openssl/x509.h>

#include <thread>

#include "common/crypto/signing.h"
#include "common/crypto/x509.h"
#include "common/domain/date.h"
#include "common/domain/review_window.h"

namespace kakunin::sim {
namespace {

using google::protobuf::util::TimeUtil;
using grpc::StatusCode;

// Every RPC error carries "reason: text" so clients can branch on a stable id.
grpc::Status Rpc(StatusCode code, const std::string& reason, const std::string& text) {
  return grpc::Status(code, reason + ": " + text);
}

// Dates in the answer are Japanese civil dates: the service runs on Japan time (UTC+9, no DST).
domain::Date JapanDate(time_t t) {
  t += 9 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  return domain::Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

// Answers that are definitive but carry no eligibility (expired, revoked, unknown card).
void AnswerWithout(v1::Outcome outcome, v1::QualificationResponse* resp) {
  resp->set_segment_of_result(1);
  resp->set_qualification_validity(4);
  resp->set_outcome(outcome);
}

}  // namespace

Result<std::unique_ptr<EligibilityEmulator>> EligibilityEmulator::Create(EmulatorOptions options) {
  std::unique_ptr<EligibilityEmulator> e(new EligibilityEmulator(std::move(options)));
  auto roots = crypto::CertificatesFromPem(e->options_.jpki_ca_pem);
  if (!roots.ok()) {
    return MakeError(ErrorCode::kInvalidArgument, "oqs.bad_ca", roots.error().ToString());
  }
  e->roots_ = std::move(*roots);
  if (!e->options_.crl_pem.empty()) {
    auto crl = crypto::CrlFromPem(e->options_.crl_pem);
    if (!crl.ok()) {
      return MakeError(ErrorCode::kInvalidArgument, "oqs.bad_crl", crl.error().ToString());
    }
    // A CRL not signed by a trusted CA could un-revoke anything: refuse it at start.
    bool signed_by_root = false;
    for (const auto& root : e->roots_) {
      if (X509_CRL_verify(crl->get(), X509_get0_pubkey(root.get())) == 1) signed_by_root = true;
    }
    if (!signed_by_root) {
      return MakeError(ErrorCode::kInvalidArgument, "oqs.bad_crl",
                       "the CRL is not signed by the JPKI CA");
    }
    e->crl_ = std::move(*crl);
  }
  e->loaded_ = true;
  return e;
}

EligibilityEmulator::EligibilityEmulator(std::chrono::seconds challenge_ttl) {
  options_.challenge_ttl = challenge_ttl;
}

EligibilityEmulator::EligibilityEmulator(EmulatorOptions options) : options_(std::move(options)) {}

void EligibilityEmulator::set_faults(const Faults& faults) {
  std::lock_guard lock(mu_);
  options_.faults = faults;
}

grpc::Status EligibilityEmulator::InjectFaults(bool* malformed) {
  Faults f;
  bool fail = false;
  {
    std::lock_guard lock(mu_);
    f = options_.faults;
    fail = f.fail_rate > 0 && std::uniform_real_distribution<double>(0, 1)(rng_) < f.fail_rate;
  }
  if (f.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(f.delay_ms));
  if (f.unavailable) {
    return Rpc(StatusCode::UNAVAILABLE, "oqs.unavailable", "the service is down (--unavailable)");
  }
  if (fail) {
    return Rpc(StatusCode::UNAVAILABLE, "oqs.injected_failure", "injected failure (--fail-rate)");
  }
  if (malformed != nullptr) *malformed = f.malformed;
  return grpc::Status::OK;
}

grpc::Status EligibilityEmulator::IssueChallenge(grpc::ServerContext*, const v1::ChallengeRequest*,
                                                 v1::Challenge* resp) {
  if (auto s = InjectFaults(nullptr); !s.ok()) return s;
  auto id = crypto::RandomBytes(16);
  auto nonce = crypto::RandomBytes(32);
  if (!id.ok() || !nonce.ok()) return Rpc(StatusCode::INTERNAL, "oqs.internal", "no randomness");
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  // Expired challenges are dropped as new ones are made, so the map stays small.
  for (auto it = challenges_.begin(); it != challenges_.end();) {
    it = it->second.second < now ? challenges_.erase(it) : std::next(it);
  }
  std::string cid = ToHex(*id);
  challenges_[cid] = {ToString(*nonce), now + options_.challenge_ttl};
  resp->set_challenge_id(cid);
  resp->set_nonce(ToString(*nonce));
  *resp->mutable_expires_at() =
      TimeUtil::GetCurrentTime() + TimeUtil::SecondsToDuration(options_.challenge_ttl.count());
  return grpc::Status::OK;
}

Result<std::string> EligibilityEmulator::ConsumeChallenge(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = challenges_.find(id);
  if (it == challenges_.end()) {
    return MakeError(ErrorCode::kFailedPrecondition, "oqs.challenge_invalid",
                     "unknown or already used challenge");
  }
  // Taken out before any check, so a failed attempt cannot be retried with the same challenge.
  auto [nonce, expires] = it->second;
  challenges_.erase(it);
  if (std::chrono::steady_clock::now() > expires) {
    return MakeError(ErrorCode::kFailedPrecondition, "oqs.challenge_invalid", "expired challenge");
  }
  return nonce;
}

grpc::Status EligibilityEmulator::CheckCard(const v1::QualificationRequest& req, X509* cert,
                                            v1::QualificationResponse* resp) {
  std::string nonce;
  if (req.mode() == v1::IDENTITY_MODE_PIN) {
    auto n = ConsumeChallenge(req.challenge_id());
    if (!n.ok()) {
      return Rpc(StatusCode::FAILED_PRECONDITION, n.error().reason(), n.error().message());
    }
    nonce = std::move(*n);
  }
  const time_t now = options_.now();
  const time_t not_after = crypto::NotAfter(cert);
  const bool expired = now > not_after;
  // An expired certificate is checked as of its last valid second: trust and signatures still
  // matter, and the grace decides below whether it may be used.
  crypto::VerifyInput in;
  in.leaf = cert;
  for (const auto& r : roots_) in.roots.push_back(r.get());
  in.at = expired ? not_after - 1 : now;
  if (auto s = crypto::VerifyCertificateChain(in); !s.ok()) {
    if (s.error().reason() == "cert.not_yet_valid") {
      return Rpc(StatusCode::UNAUTHENTICATED, "oqs.certificate_not_yet_valid", s.error().message());
    }
    return Rpc(StatusCode::UNAUTHENTICATED, "oqs.untrusted_certificate", s.error().ToString());
  }
  if (req.mode() == v1::IDENTITY_MODE_PIN) {
    auto s = crypto::VerifyRsaSha256WithCertificate(cert, ToBytes(nonce), ToBytes(req.signature()));
    if (!s.ok()) {
      return Rpc(StatusCode::UNAUTHENTICATED, "oqs.bad_signature",
                 "the signature over the challenge does not verify (" + s.error().reason() + ")");
    }
  }
  const domain::Date expiry = JapanDate(not_after);
  resp->set_certificate_not_after(domain::FormatIso(expiry));
  // Revocation is an answer, not an RPC error: the request was sound and the answer is final
  // (staff fall back to documents), like the real service's 電子証明書失効 result.
  if (crl_) {
    const Bytes serial = crypto::SerialNumber(cert);
    for (const auto& r : crypto::CrlRevoked(crl_.get())) {
      if (r.serial == serial) {
        AnswerWithout(v1::OUTCOME_CERTIFICATE_REVOKED, resp);
        return grpc::Status::OK;
      }
    }
  }
  if (expired) {
    auto st = domain::ClassifyCertificateExpiry(expiry, JapanDate(now));
    if (st.state == domain::CertificateState::kExpiredBeyondGrace) {
      AnswerWithout(v1::OUTCOME_CERTIFICATE_EXPIRED, resp);
      return grpc::Status::OK;
    }
    resp->set_certificate_in_grace(st.state == domain::CertificateState::kExpiredWithinGrace);
  }
  return grpc::Status::OK;
}

void EligibilityEmulator::AnswerFor(const Person& person, v1::QualificationResponse* resp) const {
  // A qualification that starts later is not valid today: answered as 資格無効 with the record,
  // so staff see the start date (our reading; see README.md). ISO dates compare as strings.
  auto answer = RecordsOf(person.eligibility, domain::FormatIso(JapanDate(options_.now())));
  resp->set_segment_of_result(1);
  resp->set_qualification_validity(answer.validity);
  resp->set_outcome(answer.validity == 1   ? v1::OUTCOME_ELIGIBLE
                    : answer.validity == 5 ? v1::OUTCOME_MULTIPLE
                                           : v1::OUTCOME_INELIGIBLE);
  for (auto& record : answer.records) *resp->add_results() = std::move(record);
}

grpc::Status EligibilityEmulator::ConfirmQualification(grpc::ServerContext*,
                                                       const v1::QualificationRequest* req,
                                                       v1::QualificationResponse* resp) {
  bool malformed = false;
  if (auto s = InjectFaults(&malformed); !s.ok()) return s;
  if (!loaded_) {
    return Rpc(StatusCode::FAILED_PRECONDITION, "oqs.population_not_loaded",
               "the emulator was started without a population");
  }
  if (req->mode() != v1::IDENTITY_MODE_VISUAL && req->mode() != v1::IDENTITY_MODE_PIN) {
    return Rpc(StatusCode::INVALID_ARGUMENT, "oqs.bad_request", "mode must be VISUAL or PIN");
  }
  auto cert = crypto::CertificateFromDer(ToBytes(req->certificate_der()));
  if (!cert.ok()) {
    return Rpc(StatusCode::INVALID_ARGUMENT, "oqs.bad_certificate", cert.error().ToString());
  }
  *resp->mutable_processed_at() = TimeUtil::SecondsToTimestamp(options_.now());
  resp->set_visually_verified(req->mode() == v1::IDENTITY_MODE_VISUAL);
  if (auto s = CheckCard(*req, cert->get(), resp); !s.ok()) {
    resp->Clear();
    return s;
  }
  if (resp->outcome() == v1::OUTCOME_UNSPECIFIED) {
    auto seed = options_.cards.find(crypto::SerialNumberHex(cert->get()));
    const Person* person =
        seed == options_.cards.end() ? nullptr : options_.population.FindBySeed(seed->second);
    if (person == nullptr) {
      AnswerWithout(v1::OUTCOME_NOT_FOUND, resp);
    } else if (!person->registered) {
      AnswerWithout(v1::OUTCOME_NOT_REGISTERED, resp);
    } else {
      AnswerFor(*person, resp);
      if (!req->contract_insurer_number().empty()) {
        resp->set_contract_insurer_match(req->contract_insurer_number() ==
                                         person->eligibility.insurer_number());
      }
      if (req->route() == v1::CHECK_ROUTE_HOME_VISIT) {
        // 居宅同意取得型: the first visit records consent; later visits present its id.
        if (req->consent_id().empty()) {
          auto id = crypto::RandomBytes(8);
          resp->set_consent_id("consent-" + (id.ok() ? ToHex(*id) : std::string("0")));
        } else {
          resp->set_consent_id(req->consent_id());
        }
      }
    }
  }
  if (malformed) Garble(resp);
  return grpc::Status::OK;
}

grpc::Status EligibilityEmulator::Recheck(grpc::ServerContext*, const v1::RecheckQuery* req,
                                          v1::QualificationResponse* resp) {
  bool malformed = false;
  if (auto s = InjectFaults(&malformed); !s.ok()) return s;
  if (!loaded_) {
    return Rpc(StatusCode::FAILED_PRECONDITION, "oqs.population_not_loaded",
               "the emulator was started without a population");
  }
  if (req->insurer_number().empty() || req->insured_number().empty() ||
      !domain::ParseIsoDate(req->birth_date()).ok()) {
    return Rpc(StatusCode::INVALID_ARGUMENT, "oqs.bad_request",
               "insurer_number, insured_number and an ISO birth_date are required");
  }
  *resp->mutable_processed_at() = TimeUtil::SecondsToTimestamp(options_.now());
  const Person* person = options_.population.FindByInsured(
      req->insurer_number(), req->insured_symbol(), req->insured_number(),
      req->insured_branch_number(), req->birth_date());
  // 再照会 works by insured number, so a person without a マイナ保険証 is still found.
  if (person == nullptr) {
    AnswerWithout(v1::OUTCOME_NOT_FOUND, resp);
  } else {
    AnswerFor(*person, resp);
    if (req->route() == v1::CHECK_ROUTE_HOME_VISIT) resp->set_consent_id(req->consent_id());
  }
  if (malformed) Garble(resp);
  return grpc::Status::OK;
}

size_t EligibilityEmulator::outstanding_challenges() {
  std::lock_guard lock(mu_);
  return challenges_.size();
}

void Garble(v1::QualificationResponse* resp) {
  // Says "ok and eligible" while the validity says invalid and the record is nonsense.
  resp->set_segment_of_result(1);
  resp->set_outcome(v1::OUTCOME_ELIGIBLE);
  resp->set_qualification_validity(7);
  auto* e = resp->results_size() > 0 ? resp->mutable_results(0) : resp->add_results();
  e->set_insurer_number("12AB");
  e->set_insured_branch_number("ABC");
  e->set_birth_date("1990-13-45");
  e->set_copayment_percent(35);
  e->set_name("\xEF\xBF\xBD\xEF\xBF\xBD");  // U+FFFD twice: unreadable name
  *resp->add_results() = *e;                // duplicated, yet validity is not 5
}

}  // namespace kakunin::sim
