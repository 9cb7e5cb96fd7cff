// A check as staff run it, with every real part: the virtual card (山田太郎, PIN 1234) on a real
// pcscd, kakunin-agent, the eligibility emulator over TLS (chain, CRL and signature checked),
// and HQ's server on PostgreSQL. Visual and PIN mode give the exact eligibility of the
// population file; a wrong PIN counts down without reaching the service; a revoked card is
// answered as revoked; HQ stores the patient fields only sealed.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/domain/date.h"
#include "tests/agent/oqs_sim.h"
#include "tests/harness/card/pcscd_instance.h"
#include "tests/harness/card/vcard_instance.h"
#include "tests/harness/process.h"
#include "tests/harness/server_rig.h"

namespace kakunin::testing {
namespace {
namespace fs = std::filesystem;

class EligibilityCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-elig");
    ::chmod(dir_.c_str(), 0755);
    auto pcscd = PcscdInstance::Start();
    ASSERT_TRUE(pcscd.ok()) << pcscd.error().ToString();
    pcscd_ = std::move(*pcscd);
    auto issued = IssueYamadaCard(KAKUNIN_VCARD_BIN, dir_);
    ASSERT_TRUE(issued.ok()) << issued.error().ToString();
    const std::string ca = *issued;
    ASSERT_TRUE(VcardInstance::IssueCard(KAKUNIN_VCARD_BIN, ca, "sato-hanako",
                                         dir_ + "/cards/sato-hanako.json", {"--revoke"})
                    .ok());
    auto oqs = StartOqsSim(KAKUNIN_OQS_BIN, dir_, ca, dir_ + "/cards");
    ASSERT_TRUE(oqs.ok()) << oqs.error().ToString();
    oqs_address_ = oqs->address;
    oqs_ = std::move(oqs->process);

    auto rig = ServerRig::Start(dir_ + "/hq", "honcho", "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
    // HQ lets the counter choose PIN or visual here: the command line follows HQ's policy once
    // the terminal has heard it (it does after its first delivery).
    ASSERT_TRUE(rig_->Cli({"site", "add"}, {"--id", "honcho", "--name", "本町薬局", "--code",
                                            "1341234566", "--auto-approve", "--allow-local-mode"})
                    .ok());
    auto token = rig_->IssueToken("honcho");
    ASSERT_TRUE(token.ok());
    auto enrolled = RunCommand({KAKUNIN_AGENT_BIN, "enroll", "--server", rig_->address(), "--token",
                                *token, "--ca", rig_->ca_path(), "--state-dir", dir_ + "/agent"});
    ASSERT_TRUE(enrolled.ok() && enrolled->exit_code == 0) << enrolled->output;
  }
  void TearDown() override {
    vcard_.reset();
    rig_.reset();
    if (oqs_) oqs_->Stop();
    pcscd_.reset();
    if (!HasFailure()) RemoveTree(dir_);
  }

  void InsertCard(const std::string& seed) {
    vcard_.reset();
    auto v =
        VcardInstance::Start(KAKUNIN_VCARD_BIN, dir_ + "/cards/" + seed + ".json", pcscd_->port(0));
    ASSERT_TRUE(v.ok()) << v.error().ToString();
    vcard_ = std::move(*v);
    ASSERT_TRUE(pcscd_->WaitForCard(0, true).ok());
  }

  // Runs `kakunin-agent check` and returns (exit code, parsed JSON on stdout).
  std::pair<int, nlohmann::json> Check(const std::string& mode, const std::string& pin = "") {
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
    auto r = RunCommand(argv, {}, pin + "\n");
    EXPECT_TRUE(r.ok());
    if (!r.ok()) return {-1, {}};
    auto j = nlohmann::json::parse(r->output, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r->output;
    return {r->exit_code, j};
  }

  std::string dir_, oqs_address_;
  std::unique_ptr<PcscdInstance> pcscd_;
  std::unique_ptr<VcardInstance> vcard_;
  std::optional<Process> oqs_;
  std::unique_ptr<ServerRig> rig_;
};

TEST_F(EligibilityCheck, VisualAndPinGiveTheExactEligibilityAndHqKeepsItSealed) {
  InsertCard("yamada-taro");
  auto [code, visual] = Check("visual");
  ASSERT_EQ(code, 0) << visual.dump();
  EXPECT_EQ(visual["outcome"], "eligible");
  EXPECT_EQ(visual["eligibility"]["name"], "山田 太郎");
  EXPECT_EQ(visual["eligibility"]["name_kana"], "ヤマダ タロウ");
  EXPECT_EQ(visual["eligibility"]["insurer_number"], "06139992");
  EXPECT_EQ(visual["eligibility"]["insured_branch_number"], "00");
  EXPECT_EQ(visual["eligibility"]["copayment_percent"], 30);
  EXPECT_EQ(visual["eligibility"]["birth_date"], "1985-04-12");
  EXPECT_EQ(visual["acked_sequence"], 1);

  auto [pin_code, pin] = Check("pin", "1234");
  ASSERT_EQ(pin_code, 0) << pin.dump();
  EXPECT_EQ(pin["outcome"], "eligible");
  EXPECT_EQ(pin["eligibility"]["name"], "山田 太郎");
  EXPECT_EQ(pin["acked_sequence"], 2);

  // HQ has both checks; the name is not stored in clear anywhere in the results tables.
  auto rows = rig_->pg().PsqlRow(
      "kakunin",
      "SELECT count(*) || '|' || count(p.sealed) || '|' || "
      "bool_and(position('山田' in encode(p.sealed, 'escape')) = 0) FROM check_results c "
      "LEFT JOIN check_patient_data p USING (check_id, checked_at)");
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  EXPECT_EQ(rows->substr(0, rows->find('\n')), "2|2|true");
}

TEST_F(EligibilityCheck, HealthCheckInstitutionSeesWhetherTheContractInsurerMatches) {
  InsertCard("yamada-taro");
  auto run = [&](const std::string& insurer) {
    auto r =
        RunCommand({KAKUNIN_AGENT_BIN, "check", "--mode", "visual", "--json", "--oqs", oqs_address_,
                    "--oqs-ca", dir_ + "/oqs/oqs.pem", "--institution-code", "1341234567",
                    "--state-dir", dir_ + "/agent", "--contract-insurer", insurer});
    EXPECT_TRUE(r.ok() && r->exit_code == 0) << r->output;
    return nlohmann::json::parse(r->output, nullptr, false);
  };
  EXPECT_EQ(run("06139992")["contract_insurer_match"], true);   // 山田太郎's own insurer
  EXPECT_EQ(run("01130012")["contract_insurer_match"], false);  // another insurer's 受診券
}

TEST_F(EligibilityCheck, WrongPinCountsDownAndNothingIsDelivered) {
  InsertCard("yamada-taro");
  auto [code, wrong] = Check("pin", "9999");
  EXPECT_EQ(code, 1);
  EXPECT_EQ(wrong["reason"], "card.pin_wrong");
  EXPECT_EQ(wrong["pin_tries_left"], 2);
  auto [format_code, bad_format] = Check("pin", "12a4");
  EXPECT_EQ(format_code, 1);
  EXPECT_EQ(bad_format["reason"], "pin.not_digits");
  auto count = rig_->pg().PsqlRow("kakunin", "SELECT count(*) FROM check_results");
  ASSERT_TRUE(count.ok()) << count.error().ToString();
  EXPECT_EQ(count->substr(0, 1), "0");
}

TEST_F(EligibilityCheck, RevokedCardIsAnsweredAsRevoked) {
  InsertCard("sato-hanako");
  auto [code, j] = Check("visual");
  ASSERT_EQ(code, 0) << j.dump();
  EXPECT_EQ(j["outcome"], "certificate_revoked");
  EXPECT_FALSE(j.contains("eligibility"));
}

TEST_F(EligibilityCheck, FallbackDocumentsAreJudgedByDateAndDelivered) {
  auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> argv = {KAKUNIN_AGENT_BIN, "check", "--json", "--state-dir",
                                     dir_ + "/agent"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto r = RunCommand(argv);
    EXPECT_TRUE(r.ok());
    auto j = nlohmann::json::parse(r->output, nullptr, false);
    return std::make_pair(r->exit_code, j);
  };
  // A legacy card the day after the last day any was valid: recorded, not usable.
  auto [c1, legacy] = run({"--document", "legacy-card", "--expires", "2026-03-31", "--date",
                           "2025-12-02", "--insurer", "06139992"});
  ASSERT_EQ(c1, 0) << legacy.dump();
  EXPECT_EQ(legacy["outcome"], "document_refused");
  EXPECT_EQ(legacy["reason"], "document.legacy_card_abolished");
  // The same card on 2025-12-01 was still valid.
  auto [c2, last_day] =
      run({"--document", "legacy-card", "--expires", "2026-03-31", "--date", "2025-12-01"});
  ASSERT_EQ(c2, 0);
  EXPECT_EQ(last_day["outcome"], "document_accepted");
  // A 資格確認書 within its printed expiry.
  auto [c3, cert] = run({"--document", "eligibility-certificate", "--issued", "2025-12-01",
                         "--expires", "2030-11-30", "--date", "2026-11-23"});
  ASSERT_EQ(c3, 0);
  EXPECT_EQ(cert["outcome"], "document_accepted");
  // A mistyped insurer number is caught by its check digit before anything is recorded.
  auto [c4, typo] = run({"--document", "card-with-notice", "--insurer", "06139998"});
  EXPECT_EQ(c4, 1);
  EXPECT_EQ(typo["ok"], false);
  auto rows =
      rig_->pg().PsqlRow("kakunin",
                         "SELECT count(*) FROM check_results WHERE source = 3");  // DOCUMENT
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->substr(0, 1), "3");
}

TEST_F(EligibilityCheck, HomeVisitRecheckAnswersFromTheServiceAndHouseCallsAreRefused) {
  auto recheck = [&](const std::string& route) {
    auto r = RunCommand({KAKUNIN_AGENT_BIN,
                         "recheck",
                         "--json",
                         "--insurer",
                         "06139992",
                         "--symbol",
                         "TEST1",
                         "--number",
                         "1001",
                         "--branch",
                         "00",
                         "--birth",
                         "1985-04-12",
                         "--route",
                         route,
                         "--oqs",
                         oqs_address_,
                         "--oqs-ca",
                         dir_ + "/oqs/oqs.pem",
                         "--institution-code",
                         "1341234567",
                         "--state-dir",
                         dir_ + "/agent"});
    EXPECT_TRUE(r.ok());
    return std::make_pair(r->exit_code, nlohmann::json::parse(r->output, nullptr, false));
  };
  // No first visit has checked this patient's card on this terminal yet.
  auto [early_code, early] = recheck("home-visit");
  EXPECT_EQ(early_code, 1);
  EXPECT_EQ(early["reason"], "visit.no_first_visit_check");
  // The first home visit checks the card; later visits may re-query.
  InsertCard("yamada-taro");
  auto first = RunCommand({KAKUNIN_AGENT_BIN, "check", "--mode", "visual", "--route", "home-visit",
                           "--json", "--oqs", oqs_address_, "--oqs-ca", dir_ + "/oqs/oqs.pem",
                           "--institution-code", "1341234567", "--state-dir", dir_ + "/agent"});
  ASSERT_TRUE(first.ok() && first->exit_code == 0) << first->output;
  auto [code, visit] = recheck("home-visit");
  ASSERT_EQ(code, 0) << visit.dump();
  EXPECT_EQ(visit["outcome"], "eligible");
  EXPECT_EQ(visit["eligibility"]["name"], "山田 太郎");
  // The test site's pharmacy code does not pass the unverified 調剤 check digit: a warning only.
  ASSERT_TRUE(visit.contains("warnings")) << visit.dump();
  EXPECT_EQ(visit["warnings"][0], "institution_code.check_digit_unverified");
  auto [refused_code, house_call] = recheck("house-call");
  EXPECT_EQ(refused_code, 1);
  EXPECT_EQ(house_call["reason"], "visit.house_call_needs_card_check");
}

TEST_F(EligibilityCheck, ChecksGoOnWhileHqIsDownAndAreDeliveredExactlyOnceAfter) {
  InsertCard("yamada-taro");
  rig_->StopServer();
  for (int i = 1; i <= 2; ++i) {
    auto [code, j] = Check("visual");
    ASSERT_EQ(code, 0) << j.dump();
    EXPECT_EQ(j["outcome"], "eligible");  // staff see the answer at once
    EXPECT_EQ(j["saved"], true);
    EXPECT_EQ(j["delivered"], false);
    EXPECT_EQ(j["queued"], i);
  }
  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();
  auto flush = [&] {
    auto r = RunCommand({KAKUNIN_AGENT_BIN, "flush", "--json", "--state-dir", dir_ + "/agent"});
    EXPECT_TRUE(r.ok());
    return nlohmann::json::parse(r->output, nullptr, false);
  };
  auto first = flush();
  EXPECT_EQ(first["delivered"], true) << first.dump();
  EXPECT_EQ(first["acked_sequence"], 2);
  EXPECT_EQ(first["queued"], 0);
  EXPECT_EQ(flush()["queued"], 0);  // nothing sent twice
  auto rows =
      rig_->pg().PsqlRow("kakunin", "SELECT count(*) || '|' || max(sequence) FROM check_results");
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  EXPECT_EQ(rows->substr(0, rows->find('\n')), "2|2");

  // Both checks can be looked at again at the terminal until 翌月末, then they are gone.
  auto recent = [&](const std::string& date) {
    auto r = RunCommand(
        {KAKUNIN_AGENT_BIN, "recent", "--json", "--state-dir", dir_ + "/agent", "--date", date});
    EXPECT_TRUE(r.ok());
    return nlohmann::json::parse(r->output, nullptr, false);
  };
  // Dates relative to today in Japan, so the test holds on any day it runs.
  std::time_t t = std::time(nullptr) + 9 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  domain::Date today{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
  domain::Date last_day = domain::EndOfFollowingMonth(today);
  auto now = recent(domain::FormatIso(today));
  ASSERT_EQ(now["results"].size(), 2u) << now.dump();
  EXPECT_EQ(now["results"][0]["sequence"], 2);  // newest first
  EXPECT_EQ(now["results"][0]["eligibility"]["name"], "山田 太郎");
  EXPECT_EQ(recent(domain::FormatIso(last_day))["results"].size(), 2u);  // 翌月末
  EXPECT_EQ(recent(domain::FormatIso(domain::AddDays(last_day, 1)))["results"].size(), 0u);
  // Asking about a later day is a question, not a purge: today both are still there (before,
  // the "what if" date deleted them for good).
  EXPECT_EQ(recent(domain::FormatIso(today))["results"].size(), 2u);
  // Without --json, text for people: one line a check, Japan time, the outcome, the name.
  auto text = RunCommand({KAKUNIN_AGENT_BIN, "recent", "--state-dir", dir_ + "/agent"});
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->output.find('{'), std::string::npos) << text->output;
  EXPECT_NE(text->output.find("JST"), std::string::npos) << text->output;
  EXPECT_NE(text->output.find("山田 太郎"), std::string::npos) << text->output;
  // In the counter's words: the outcome, how it was checked, the 負担割合.
  EXPECT_NE(text->output.find("資格有効  カード・目視確認  山田 太郎  3割"), std::string::npos)
      << text->output;
}

TEST_F(EligibilityCheck, OnlineConsultationMayFetchUntilTheEndOfTheNextDay) {
  std::time_t t = std::time(nullptr) + 9 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  domain::Date today{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
  auto online = [&](const domain::Date& consultation) {
    auto r = RunCommand({KAKUNIN_AGENT_BIN,
                         "recheck",
                         "--json",
                         "--route",
                         "online",
                         "--consent-at",
                         domain::FormatIso(consultation) + "T00:00",
                         "--consultation-date",
                         domain::FormatIso(consultation),
                         "--insurer",
                         "06139992",
                         "--symbol",
                         "TEST1",
                         "--number",
                         "1001",
                         "--branch",
                         "00",
                         "--birth",
                         "1985-04-12",
                         "--oqs",
                         oqs_address_,
                         "--oqs-ca",
                         dir_ + "/oqs/oqs.pem",
                         "--institution-code",
                         "1341234567",
                         "--state-dir",
                         dir_ + "/agent"});
    EXPECT_TRUE(r.ok());
    return std::make_pair(r->exit_code, nlohmann::json::parse(r->output, nullptr, false));
  };
  auto [yesterday_code, yesterday] = online(domain::AddDays(today, -1));  // until end of today
  ASSERT_EQ(yesterday_code, 0) << yesterday.dump();
  EXPECT_EQ(yesterday["outcome"], "eligible");
  auto [late_code, late] = online(domain::AddDays(today, -2));
  EXPECT_EQ(late_code, 1);
  EXPECT_EQ(late["reason"], "visit.consent_window_over");
}

}  // namespace
}  // namespace kakunin::testing
