// Every person of the emulator's population, through every real part: a virtual card issued for
// that person on a real pcscd, kakunin-agent, the emulator over TLS (chain, CRL, signature) and
// HQ. Visual and PIN mode each give exactly the outcome and fields of sim/oqs/population.json.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/domain/date.h"
#include "tests/harness/card/pcscd_instance.h"
#include "tests/harness/card/vcard_instance.h"
#include "tests/harness/process.h"
#include "tests/harness/server_rig.h"

namespace kakunin::testing {
namespace {
namespace fs = std::filesystem;

domain::Date TodayInJapan() {
  std::time_t t = std::time(nullptr) + 9 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  return domain::Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

struct Case {
  std::string seed;
  std::string outcome;
  bool in_grace = false;
};

// The expected outcome of each person, as sim/oqs/README.md describes the population.
const std::vector<Case> kCases = {
    {"yamada-taro", "eligible"},
    {"sato-hanako", "eligible"},
    {"suzuki-ichiro", "eligible"},
    {"takahashi-jiro", "eligible"},
    {"tanaka-yoshiko", "ineligible"},
    {"ito-kenji", "not_registered"},
    {"watanabe-midori", "eligible"},
    {"kobayashi-mai", "ineligible"},
    {"nakamura-hiroshi", "eligible", true},
    {"kato-sachiko", "certificate_expired"},
    {"yoshida-ken", "certificate_revoked"},
    {"mori-kazuo", "multiple"},
    {"ishii-akemi", "ineligible"},
    {"nobody-known", "not_found"},
};

class PopulationCases : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = MakeTempDir("kakunin-pop");
    ::chmod(dir_.c_str(), 0755);
    const std::string ca = dir_ + "/jpki";
    fs::create_directories(dir_ + "/cards");
    ASSERT_TRUE(VcardInstance::InitCa(KAKUNIN_VCARD_BIN, ca).ok());
    domain::Date today = TodayInJapan();
    for (const auto& c : kCases) {
      std::vector<std::string> extra = {"--pin", "1234"};
      // Certificates that expired within the ~3-month grace, and well beyond it.
      if (c.seed == "nakamura-hiroshi" || c.seed == "kato-sachiko") {
        extra.insert(
            extra.end(),
            {"--not-before", domain::FormatIso(domain::AddDays(today, -700)), "--not-after",
             domain::FormatIso(domain::AddDays(today, c.in_grace ? -30 : -150))});
      }
      if (c.seed == "yoshida-ken") extra.push_back("--revoke");
      ASSERT_TRUE(VcardInstance::IssueCard(KAKUNIN_VCARD_BIN, ca, c.seed,
                                           dir_ + "/cards/" + c.seed + ".json", extra)
                      .ok())
          << c.seed;
    }
    auto pcscd = PcscdInstance::Start();
    ASSERT_TRUE(pcscd.ok()) << pcscd.error().ToString();
    pcscd_ = pcscd->release();
    ProcessOptions oqs;
    oqs.argv = {KAKUNIN_OQS_BIN,      "--listen",    "127.0.0.1:0",       "--data-dir",
                dir_ + "/oqs",        "--jpki-ca",   ca + "/jpki-ca.pem", "--crl",
                ca + "/jpki-crl.pem", "--cards-dir", dir_ + "/cards",     "--ready-file",
                dir_ + "/oqs.port"};
    oqs.log_path = dir_ + "/oqs.log";
    auto p = Process::Start(oqs);
    ASSERT_TRUE(p.ok());
    oqs_ = new Process(std::move(*p));
    ASSERT_TRUE(WaitFor([] { return fs::exists(dir_ + "/oqs.port") || !oqs_->running(); },
                        std::chrono::seconds(30)));
    ASSERT_TRUE(oqs_->running()) << oqs_->ReadLog();
    int port = 0;
    std::ifstream(dir_ + "/oqs.port") >> port;
    oqs_address_ = "127.0.0.1:" + std::to_string(port);
    auto rig = ServerRig::Start(dir_ + "/hq", "honcho", "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = rig->release();
    // HQ lets the counter choose PIN or visual (the command line follows HQ's policy).
    ASSERT_TRUE(rig_->Cli({"site", "add"}, {"--id", "honcho", "--name", "本町薬局", "--code",
                                            "1341234566", "--auto-approve", "--allow-local-mode"})
                    .ok());
    auto token = rig_->IssueToken("honcho");
    ASSERT_TRUE(token.ok());
    auto enrolled = RunCommand({KAKUNIN_AGENT_BIN, "enroll", "--server", rig_->address(), "--token",
                                *token, "--ca", rig_->ca_path(), "--state-dir", dir_ + "/agent"});
    ASSERT_TRUE(enrolled.ok() && enrolled->exit_code == 0);
    std::ifstream in(KAKUNIN_POPULATION_JSON);
    population_ = new nlohmann::json(nlohmann::json::parse(in));
  }
  static void TearDownTestSuite() {
    delete rig_;
    if (oqs_) oqs_->Stop();
    delete oqs_;
    delete pcscd_;
    delete population_;
    RemoveTree(dir_);
  }

  static nlohmann::json Person(const std::string& seed) {
    for (const auto& p : (*population_)["persons"]) {
      if (p["card_seed"] == seed) return p["eligibility"];
    }
    return nlohmann::json::object();
  }

  nlohmann::json Check(const std::string& mode) {
    std::vector<std::string> argv = {KAKUNIN_AGENT_BIN,
                                     "check",
                                     "--mode",
                                     mode,
                                     "--json",
                                     "--oqs",
                                     oqs_address_,
                                     "--oqs-ca",
                                     dir_ + "/oqs/oqs.pem",
                                     "--institution-code",
                                     "1341234567",
                                     "--state-dir",
                                     dir_ + "/agent",
                                     "--wait",
                                     "10"};
    if (mode == "pin") argv.push_back("--pin-stdin");
    auto r = RunCommand(argv, {}, "1234\n");
    EXPECT_TRUE(r.ok() && r->exit_code == 0) << (r.ok() ? r->output : "");
    return nlohmann::json::parse(r.ok() ? r->output : "{}", nullptr, false);
  }

  static inline std::string dir_, oqs_address_;
  static inline PcscdInstance* pcscd_ = nullptr;
  static inline Process* oqs_ = nullptr;
  static inline ServerRig* rig_ = nullptr;
  static inline nlohmann::json* population_ = nullptr;
};

TEST_F(PopulationCases, EveryPersonInBothModesAnswersExactlyAsTheDataFile) {
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.seed);
    auto vcard = VcardInstance::Start(KAKUNIN_VCARD_BIN, dir_ + "/cards/" + c.seed + ".json",
                                      pcscd_->port(0));
    ASSERT_TRUE(vcard.ok()) << vcard.error().ToString();
    ASSERT_TRUE(pcscd_->WaitForCard(0, true).ok());
    for (const char* mode : {"visual", "pin"}) {
      SCOPED_TRACE(mode);
      auto j = Check(mode);
      EXPECT_EQ(j["outcome"], c.outcome) << j.dump();
      EXPECT_EQ(j["delivered"], true);
      if (c.outcome == "eligible" || c.outcome == "ineligible" || c.outcome == "multiple") {
        auto want = Person(c.seed);
        ASSERT_TRUE(j.contains("eligibility")) << j.dump();
        const auto& got = j["eligibility"];
        auto same_record = [](const nlohmann::json& got, const nlohmann::json& want) {
          for (const char* field : {"name", "name_kana", "insurer_number", "insured_symbol",
                                    "insured_number", "insured_branch_number", "birth_date",
                                    "valid_from", "disqualification_date", "loss_reason"}) {
            EXPECT_EQ(got[field], want.value(field, "")) << field;
          }
          EXPECT_EQ(got["copayment_percent"], want.value("copayment_percent", 0));
          EXPECT_EQ(got["medical_aid"], want.contains("medical_aid"));
        };
        same_record(got, want);
        // Every record of the answer, in the service's order: the new qualification (validity
        // 3) or the second one (validity 5) is the patient's to show, not to drop.
        const auto others = want.value("other_records", nlohmann::json::array());
        ASSERT_EQ(got.value("other_records", nlohmann::json::array()).size(), others.size())
            << got.dump();
        for (size_t k = 0; k < others.size(); ++k) same_record(got["other_records"][k], others[k]);
        EXPECT_EQ(j["certificate_in_grace"], c.in_grace);
      } else {
        EXPECT_FALSE(j.contains("eligibility")) << j.dump();
      }
    }
    vcard->reset();
    ASSERT_TRUE(pcscd_->WaitForCard(0, false).ok());
  }
  // Every check reached HQ: each person in both modes.
  auto rows = rig_->pg().PsqlRow("kakunin", "SELECT count(*) FROM check_results");
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  EXPECT_EQ(rows->substr(0, rows->find('\n')), std::to_string(kCases.size() * 2));
}

}  // namespace
}  // namespace kakunin::testing
