// The eligibility emulator called directly (no network): cards come from the same TEST JPKI CA
// code as `kakunin-vcard`, issued in a temporary directory; the clock is fixed so the
// population's dates give the same answers every day.
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "common/crypto/keys.h"
#include "common/crypto/signing.h"
#include "common/crypto/x509.h"
#include "sim/oqs/eligibility_emulator.h"
#include "sim/oqs/emulator_setup.h"
#include "sim/vcard/card_profile.h"
#include "sim/vcard/jpki_ca.h"

namespace kakunin::sim {
namespace {

namespace fs = std::filesystem;
using google::protobuf::util::MessageDifferencer;

// 2026-06-01 12:00 in Japan.
time_t TestNow() { return *vcard::ParseDate("2026-06-01") + 3 * 3600; }

// Cards for every population case, issued once for the whole suite.
class OqsEmulatorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("kakunin-oqs-test-" + std::to_string(::getpid())));
    fs::create_directories(*dir_ / "cards");
    ASSERT_TRUE(vcard::InitCa((*dir_ / "ca").string()).ok());
    ASSERT_TRUE(vcard::InitCa((*dir_ / "foreign").string(), "some-other-ca").ok());
    cards_ = new std::map<std::string, vcard::CardProfile>();
    const std::map<std::string, std::string> not_after = {
        {"nakamura-hiroshi", "2026-05-01"},  // expired, within the 3-month grace on 06-01
        {"kato-sachiko", "2026-02-01"},      // grace ended 2026-05-01
    };
    for (std::string seed :
         {"yamada-taro", "sato-hanako", "suzuki-ichiro", "takahashi-jiro", "tanaka-yoshiko",
          "ito-kenji", "watanabe-midori", "kobayashi-mai", "nakamura-hiroshi", "kato-sachiko",
          "yoshida-ken", "mori-kazuo", "ishii-akemi", "nobody-known"}) {
      vcard::IssueOptions o;
      o.ca_dir = (*dir_ / "ca").string();
      o.seed = seed;
      o.not_before = *vcard::ParseDate("2025-01-01");
      if (not_after.count(seed)) o.not_after = *vcard::ParseDate(not_after.at(seed));
      o.revoke = seed == "yoshida-ken";
      auto card = vcard::IssueCard(o);
      ASSERT_TRUE(card.ok()) << card.error().ToString();
      ASSERT_TRUE(
          vcard::SaveCardProfile(*card, (*dir_ / "cards" / (seed + ".json")).string()).ok());
      (*cards_)[seed] = *card;
    }
    // Same seed (so same key and serial) as 山田太郎, but from a CA the service does not trust.
    vcard::IssueOptions o;
    o.ca_dir = (*dir_ / "foreign").string();
    o.seed = "yamada-taro";
    o.not_before = *vcard::ParseDate("2025-01-01");
    auto foreign = vcard::IssueCard(o);
    ASSERT_TRUE(foreign.ok());
    (*cards_)["foreign"] = *foreign;
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
    delete cards_;
  }

  void SetUp() override { emulator_ = MakeEmulator(std::chrono::seconds(60)); }

  static std::unique_ptr<EligibilityEmulator> MakeEmulator(std::chrono::seconds ttl) {
    EmulatorOptions options;
    options.challenge_ttl = ttl;
    options.now = TestNow;
    auto s = LoadEmulatorFiles(
        {(*dir_ / "ca/jpki-ca.pem").string(), (*dir_ / "ca/jpki-crl.pem").string(),
         KAKUNIN_OQS_POPULATION, (*dir_ / "cards").string()},
        &options);
    EXPECT_TRUE(s.ok()) << s.error().ToString();
    auto e = EligibilityEmulator::Create(std::move(options));
    EXPECT_TRUE(e.ok()) << e.error().ToString();
    return std::move(*e);
  }

  static std::string CertDer(const std::string& seed) {
    auto cert = crypto::CertificateFromPem(cards_->at(seed).auth_cert_pem);
    return ToString(*crypto::CertificateToDer(cert->get()));
  }

  grpc::Status Visual(const std::string& seed, v1::QualificationResponse* resp) {
    v1::QualificationRequest req;
    req.set_mode(v1::IDENTITY_MODE_VISUAL);
    req.set_certificate_der(CertDer(seed));
    return emulator_->ConfirmQualification(nullptr, &req, resp);
  }

  v1::Challenge Challenge() {
    v1::ChallengeRequest req;
    v1::Challenge ch;
    EXPECT_TRUE(emulator_->IssueChallenge(nullptr, &req, &ch).ok());
    return ch;
  }

  // What the card does: PKCS#1 v1.5 over DigestInfo(SHA-256(nonce)) with the user-auth key.
  static std::string Sign(const std::string& seed, const std::string& nonce) {
    auto key = crypto::PrivateKeyFromPem(cards_->at(seed).auth_key_pem);
    auto di = crypto::Sha256DigestInfo(crypto::Sha256(ToBytes(nonce)));
    return ToString(*crypto::RsaSignDigestInfo(key->get(), *di));
  }

  v1::QualificationRequest PinRequest(const std::string& seed, const v1::Challenge& ch) {
    v1::QualificationRequest req;
    req.set_mode(v1::IDENTITY_MODE_PIN);
    req.set_certificate_der(CertDer(seed));
    req.set_challenge_id(ch.challenge_id());
    req.set_signature(Sign(seed, ch.nonce()));
    return req;
  }

  static const Person& PersonOf(const std::string& seed) {
    static auto* pop = new Population(*Population::Load(KAKUNIN_OQS_POPULATION));
    return *pop->FindBySeed(seed);
  }

  static fs::path* dir_;
  static std::map<std::string, vcard::CardProfile>* cards_;
  std::unique_ptr<EligibilityEmulator> emulator_;
};

fs::path* OqsEmulatorTest::dir_ = nullptr;
std::map<std::string, vcard::CardProfile>* OqsEmulatorTest::cards_ = nullptr;

struct Case {
  std::string seed;
  v1::Outcome outcome;
  int validity;
  bool has_record;
  bool in_grace;
};

TEST_F(OqsEmulatorTest, EveryPopulationCaseInVisualModeAnswersExactly) {
  const std::vector<Case> cases = {
      {"yamada-taro", v1::OUTCOME_ELIGIBLE, 1, true, false},       // 3割, 被用者保険 本人
      {"sato-hanako", v1::OUTCOME_ELIGIBLE, 1, true, false},       // 2割, 家族
      {"suzuki-ichiro", v1::OUTCOME_ELIGIBLE, 1, true, false},     // 1割, 後期高齢者
      {"takahashi-jiro", v1::OUTCOME_ELIGIBLE, 1, true, false},    // 国保 6 digits
      {"tanaka-yoshiko", v1::OUTCOME_INELIGIBLE, 2, true, false},  // 資格喪失 (02)
      {"ito-kenji", v1::OUTCOME_NOT_REGISTERED, 4, false, false},  // マイナ保険証未登録
      {"watanabe-midori", v1::OUTCOME_ELIGIBLE, 1, true, false},   // 医療扶助 医療券
      {"kobayashi-mai", v1::OUTCOME_INELIGIBLE, 2, true, false},   // starts 2031-04-01
      {"nakamura-hiroshi", v1::OUTCOME_ELIGIBLE, 1, true, true},   // expired, in grace
      {"kato-sachiko", v1::OUTCOME_CERTIFICATE_EXPIRED, 4, false, false},
      {"yoshida-ken", v1::OUTCOME_CERTIFICATE_REVOKED, 4, false, false},
      {"mori-kazuo", v1::OUTCOME_MULTIPLE, 5, true, false},     // two valid at once
      {"ishii-akemi", v1::OUTCOME_INELIGIBLE, 3, true, false},  // lost, a new one since
      {"nobody-known", v1::OUTCOME_NOT_FOUND, 4, false, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.seed);
    v1::QualificationResponse resp;
    auto s = Visual(c.seed, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(resp.outcome(), c.outcome);
    EXPECT_EQ(resp.segment_of_result(), 1);
    EXPECT_EQ(resp.qualification_validity(), c.validity);
    EXPECT_TRUE(resp.visually_verified());
    EXPECT_EQ(resp.certificate_in_grace(), c.in_grace);
    EXPECT_TRUE(resp.has_processed_at());
    if (!c.has_record) {
      EXPECT_EQ(resp.results_size(), 0);
      continue;
    }
    // The person's record, then each of its other records, in the file's order.
    const v1::Eligibility& want = PersonOf(c.seed).eligibility;
    ASSERT_EQ(resp.results_size(), 1 + want.other_records_size());
    v1::Eligibility first = want;
    first.clear_other_records();
    EXPECT_TRUE(MessageDifferencer::Equals(resp.results(0), first))
        << resp.results(0).DebugString();
    for (int k = 0; k < want.other_records_size(); ++k) {
      EXPECT_TRUE(MessageDifferencer::Equals(resp.results(k + 1), want.other_records(k)))
          << resp.results(k + 1).DebugString();
    }
  }
}

TEST_F(OqsEmulatorTest, FieldsComeFromTheDataFile) {
  v1::QualificationResponse r;
  ASSERT_TRUE(Visual("suzuki-ichiro", &r).ok());
  EXPECT_EQ(r.results(0).copayment_percent(), 10);
  EXPECT_EQ(r.results(0).insurer_number(), "39139993");
  EXPECT_EQ(r.results(0).name(), "鈴木 一郎");
  EXPECT_EQ(r.results(0).name_kana(), "スズキ イチロウ");
  EXPECT_EQ(r.results(0).birth_date(), "1942-02-03");
  EXPECT_EQ(r.results(0).sex(), v1::SEX_MALE);
  r.Clear();
  ASSERT_TRUE(Visual("takahashi-jiro", &r).ok());
  EXPECT_EQ(r.results(0).insurer_number(), "139998");
  r.Clear();
  ASSERT_TRUE(Visual("sato-hanako", &r).ok());
  EXPECT_EQ(r.results(0).copayment_percent(), 20);
  EXPECT_EQ(r.results(0).personal_family(), 2);
  r.Clear();
  ASSERT_TRUE(Visual("tanaka-yoshiko", &r).ok());
  EXPECT_EQ(r.results(0).disqualification_date(), "2026-03-31");
  EXPECT_EQ(r.results(0).loss_reason(), "02");
  r.Clear();
  ASSERT_TRUE(Visual("watanabe-midori", &r).ok());
  EXPECT_EQ(r.results(0).medical_aid().public_expense_number(), "12139994");
  EXPECT_EQ(r.results(0).medical_aid().beneficiary_number(), "1234566");
  r.Clear();
  ASSERT_TRUE(Visual("nakamura-hiroshi", &r).ok());
  EXPECT_EQ(r.certificate_not_after(), "2026-05-01");
  r.Clear();
  ASSERT_TRUE(Visual("kato-sachiko", &r).ok());
  EXPECT_EQ(r.certificate_not_after(), "2026-02-01");
}

TEST_F(OqsEmulatorTest, PinModeWithARealSignatureIsEligibleAndUsesTheChallenge) {
  auto req = PinRequest("yamada-taro", Challenge());
  EXPECT_EQ(emulator_->outstanding_challenges(), 1u);
  v1::QualificationResponse resp;
  auto s = emulator_->ConfirmQualification(nullptr, &req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.outcome(), v1::OUTCOME_ELIGIBLE);
  EXPECT_FALSE(resp.visually_verified());
  EXPECT_EQ(resp.results(0).copayment_percent(), 30);
  EXPECT_EQ(emulator_->outstanding_challenges(), 0u);
}

// Each failure has its own status and reason id, so clients can tell them apart.
TEST_F(OqsEmulatorTest, TamperedSignatureIsBadSignature) {
  auto req = PinRequest("yamada-taro", Challenge());
  std::string sig = req.signature();
  sig[10] = static_cast<char>(sig[10] ^ 0x01);
  req.set_signature(sig);
  v1::QualificationResponse resp;
  auto s = emulator_->ConfirmQualification(nullptr, &req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(s.error_message().rfind("oqs.bad_signature: ", 0), 0u) << s.error_message();
  EXPECT_EQ(resp.outcome(), v1::OUTCOME_UNSPECIFIED);
}

TEST_F(OqsEmulatorTest, SignatureOverAnotherNonceIsBadSignature) {
  auto req = PinRequest("yamada-taro", Challenge());
  req.set_signature(Sign("yamada-taro", "some other nonce"));
  v1::QualificationResponse resp;
  auto s = emulator_->ConfirmQualification(nullptr, &req, &resp);
  EXPECT_EQ(s.error_message().rfind("oqs.bad_signature: ", 0), 0u) << s.error_message();
}

TEST_F(OqsEmulatorTest, ReplayedChallengeIsRefused) {
  auto req = PinRequest("yamada-taro", Challenge());
  v1::QualificationResponse first, second;
  ASSERT_TRUE(emulator_->ConfirmQualification(nullptr, &req, &first).ok());
  auto s = emulator_->ConfirmQualification(nullptr, &req, &second);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(s.error_message().rfind("oqs.challenge_invalid: ", 0), 0u) << s.error_message();
}

TEST_F(OqsEmulatorTest, FailedAttemptAlsoUsesUpTheChallenge) {
  auto req = PinRequest("yamada-taro", Challenge());
  std::string good = req.signature();
  req.set_signature("garbage");
  v1::QualificationResponse resp;
  EXPECT_FALSE(emulator_->ConfirmQualification(nullptr, &req, &resp).ok());
  req.set_signature(good);
  auto s = emulator_->ConfirmQualification(nullptr, &req, &resp);
  EXPECT_EQ(s.error_message().rfind("oqs.challenge_invalid: ", 0), 0u) << s.error_message();
}

TEST_F(OqsEmulatorTest, UnknownAndExpiredChallengesAreRefused) {
  v1::Challenge fake;
  fake.set_challenge_id("00112233");
  fake.set_nonce("nonce");
  auto req = PinRequest("yamada-taro", fake);
  v1::QualificationResponse resp;
  auto s = emulator_->ConfirmQualification(nullptr, &req, &resp);
  EXPECT_EQ(s.error_message().rfind("oqs.challenge_invalid: ", 0), 0u) << s.error_message();

  emulator_ = MakeEmulator(std::chrono::seconds(0));
  req = PinRequest("yamada-taro", Challenge());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  s = emulator_->ConfirmQualification(nullptr, &req, &resp);
  EXPECT_EQ(s.error_message().rfind("oqs.challenge_invalid: expired", 0), 0u) << s.error_message();
}

TEST_F(OqsEmulatorTest, ForeignCaIsUntrustedInBothModes) {
  v1::QualificationResponse resp;
  auto s = Visual("foreign", &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(s.error_message().rfind("oqs.untrusted_certificate: ", 0), 0u) << s.error_message();
  auto req = PinRequest("foreign", Challenge());
  s = emulator_->ConfirmQualification(nullptr, &req, &resp);
  EXPECT_EQ(s.error_message().rfind("oqs.untrusted_certificate: ", 0), 0u) << s.error_message();
}

TEST_F(OqsEmulatorTest, RevokedCertificateIsAnAnswerNotAnError) {
  auto req = PinRequest("yoshida-ken", Challenge());
  v1::QualificationResponse resp;
  auto s = emulator_->ConfirmQualification(nullptr, &req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.outcome(), v1::OUTCOME_CERTIFICATE_REVOKED);
  EXPECT_EQ(resp.results_size(), 0);
}

TEST_F(OqsEmulatorTest, BadRequestsAreInvalidArgument) {
  v1::QualificationRequest req;
  v1::QualificationResponse resp;
  req.set_certificate_der(CertDer("yamada-taro"));
  auto s = emulator_->ConfirmQualification(nullptr, &req, &resp);
  EXPECT_EQ(s.error_message().rfind("oqs.bad_request: ", 0), 0u) << s.error_message();
  req.set_mode(v1::IDENTITY_MODE_VISUAL);
  req.set_certificate_der("not DER");
  s = emulator_->ConfirmQualification(nullptr, &req, &resp);
  EXPECT_EQ(s.error_message().rfind("oqs.bad_certificate: ", 0), 0u) << s.error_message();
}

TEST_F(OqsEmulatorTest, ContractInsurerAndHomeVisitConsent) {
  v1::QualificationRequest req;
  req.set_mode(v1::IDENTITY_MODE_VISUAL);
  req.set_certificate_der(CertDer("yamada-taro"));
  req.set_contract_insurer_number("06139992");
  req.set_route(v1::CHECK_ROUTE_HOME_VISIT);
  v1::QualificationResponse resp;
  ASSERT_TRUE(emulator_->ConfirmQualification(nullptr, &req, &resp).ok());
  EXPECT_TRUE(resp.contract_insurer_match());
  EXPECT_EQ(resp.consent_id().rfind("consent-", 0), 0u);
  req.set_contract_insurer_number("01139997");
  req.set_consent_id("consent-abc");
  resp.Clear();
  ASSERT_TRUE(emulator_->ConfirmQualification(nullptr, &req, &resp).ok());
  EXPECT_FALSE(resp.contract_insurer_match());
  EXPECT_EQ(resp.consent_id(), "consent-abc");
}

TEST_F(OqsEmulatorTest, RecheckAnswersFromThePopulation) {
  v1::RecheckQuery q;
  q.set_insurer_number("06139992");
  q.set_insured_symbol("TEST1");
  q.set_insured_number("1001");
  q.set_insured_branch_number("01");
  q.set_birth_date("2021-08-30");
  v1::QualificationResponse resp;
  ASSERT_TRUE(emulator_->Recheck(nullptr, &q, &resp).ok());
  EXPECT_EQ(resp.outcome(), v1::OUTCOME_ELIGIBLE);
  ASSERT_EQ(resp.results_size(), 1);
  EXPECT_TRUE(MessageDifferencer::Equals(resp.results(0), PersonOf("sato-hanako").eligibility));

  q.set_birth_date("2021-08-31");  // wrong birth date: no match
  resp.Clear();
  ASSERT_TRUE(emulator_->Recheck(nullptr, &q, &resp).ok());
  EXPECT_EQ(resp.outcome(), v1::OUTCOME_NOT_FOUND);

  // Not registered as マイナ保険証, still found by insured number.
  q.set_insurer_number("01139997");
  q.set_insured_symbol("TEST2");
  q.set_insured_number("2002");
  q.set_insured_branch_number("00");
  q.set_birth_date("1992-07-07");
  resp.Clear();
  ASSERT_TRUE(emulator_->Recheck(nullptr, &q, &resp).ok());
  EXPECT_EQ(resp.outcome(), v1::OUTCOME_ELIGIBLE);

  q.set_birth_date("07/07/1992");
  auto s = emulator_->Recheck(nullptr, &q, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(OqsEmulatorTest, CrlOfAnotherCaIsRefusedAtStart) {
  EmulatorOptions o;
  ASSERT_TRUE(
      LoadEmulatorFiles({(*dir_ / "ca/jpki-ca.pem").string(),
                         (*dir_ / "foreign/jpki-crl.pem").string(), KAKUNIN_OQS_POPULATION, ""},
                        &o)
          .ok());
  auto e = EligibilityEmulator::Create(std::move(o));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().reason(), "oqs.bad_crl");
}

TEST_F(OqsEmulatorTest, FaultsOnDemand) {
  v1::QualificationResponse resp;
  emulator_->set_faults({.unavailable = true});
  auto s = Visual("yamada-taro", &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(s.error_message().rfind("oqs.unavailable: ", 0), 0u);
  v1::ChallengeRequest creq;
  v1::Challenge ch;
  EXPECT_EQ(emulator_->IssueChallenge(nullptr, &creq, &ch).error_code(),
            grpc::StatusCode::UNAVAILABLE);

  emulator_->set_faults({.fail_rate = 1.0});
  s = Visual("yamada-taro", &resp);
  EXPECT_EQ(s.error_message().rfind("oqs.injected_failure: ", 0), 0u);

  emulator_->set_faults({.delay_ms = 50});
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(Visual("yamada-taro", &resp).ok());
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(50));

  emulator_->set_faults({.malformed = true});
  resp.Clear();
  ASSERT_TRUE(Visual("yamada-taro", &resp).ok());
  EXPECT_EQ(resp.outcome(), v1::OUTCOME_ELIGIBLE);
  EXPECT_NE(resp.qualification_validity(), 1);  // inconsistent with the outcome
  EXPECT_EQ(resp.results(0).copayment_percent(), 35);
  EXPECT_EQ(resp.results(0).birth_date(), "1990-13-45");
}

TEST(OqsSetupTest, RefusesBadInputs) {
  auto pop =
      Population::FromJson(R"({"format":"kakunin-oqs-population/1","persons":[{"card_seed":"x",)"
                           R"("eligibility":{"insurer_numbr":"1"}}]})");
  ASSERT_FALSE(pop.ok());
  EXPECT_EQ(pop.error().reason(), "oqs.bad_population");
  EXPECT_FALSE(Population::FromJson("{}").ok());
  EXPECT_TRUE(ParseFailRate("0.25").ok());
  EXPECT_FALSE(ParseFailRate("1.5").ok());
  EXPECT_FALSE(ParseFailRate("x").ok());
  EmulatorOptions o;
  o.jpki_ca_pem = "not pem";
  auto e = EligibilityEmulator::Create(std::move(o));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().reason(), "oqs.bad_ca");
}

TEST(OqsSetupTest, ChallengeOnlyEmulatorRefusesChecks) {
  EligibilityEmulator e(std::chrono::seconds(60));
  v1::QualificationRequest req;
  v1::QualificationResponse resp;
  auto s = e.ConfirmQualification(nullptr, &req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

}  // namespace
}  // namespace kakunin::sim
