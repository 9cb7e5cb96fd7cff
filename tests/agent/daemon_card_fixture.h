#pragma once
// The daemon with a real card, shared by the daemon's card tests and the staff window's
// end-to-end test: the virtual My Number Card (山田太郎) on a real pcscd + vpcd, the
// eligibility emulator over TLS, HQ on PostgreSQL, and `kakunin-agent run` reached over its
// Unix socket. Tests that use it carry CTest RESOURCE_LOCK pcscd.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include "tests/agent/oqs_sim.h"
#include "tests/harness/agent_daemon.h"
#include "tests/harness/card/pcscd_instance.h"
#include "tests/harness/card/vcard_instance.h"
#include "tests/harness/server_rig.h"

namespace kakunin::testing {

constexpr auto kLong = std::chrono::seconds(60);

class DaemonCard : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-dcard");
    ::chmod(dir_.c_str(), 0755);
    auto pcscd = PcscdInstance::Start();
    ASSERT_TRUE(pcscd.ok()) << pcscd.error().ToString();
    pcscd_ = std::move(*pcscd);
    auto issued = IssueYamadaCard(KAKUNIN_VCARD_BIN, dir_);
    ASSERT_TRUE(issued.ok()) << issued.error().ToString();
    jpki_dir_ = *issued;
    auto oqs = StartOqsSim(KAKUNIN_OQS_BIN, dir_, jpki_dir_, dir_ + "/cards");
    ASSERT_TRUE(oqs.ok()) << oqs.error().ToString();
    oqs_.emplace(std::move(*oqs));
    auto rig = ServerRig::Start(dir_ + "/hq", "honcho", "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
    auto token = rig_->IssueToken("honcho");
    ASSERT_TRUE(token.ok());
    std::filesystem::create_directories(dir_ + "/agent");
    const std::string state = dir_ + "/agent/state";
    ASSERT_TRUE(
        AgentDaemon::Enroll(KAKUNIN_AGENT_BIN, state, rig_->address(), *token, rig_->ca_path())
            .ok());
    agent_ = std::make_unique<AgentDaemon>(
        KAKUNIN_AGENT_BIN, state,
        std::vector<std::string>{"--oqs", oqs_->address, "--oqs-ca", oqs_->ca_path,
                                 "--institution-code", "1341234567", "--reader",
                                 "Virtual PCD 00 00", "--backoff-base-ms", "100", "--heartbeat-ms",
                                 "500", "--card-timeout", "5",
                                 // Every line the daemon can write, so that a test can show none
                                 // names the patient.
                                 "--log-level", "trace"});
    ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  }
  void TearDown() override {
    if (HasFailure() && agent_) std::cerr << "agent log:\n" << agent_->ReadLog();
    agent_.reset();
    vcard_.reset();
    rig_.reset();
    if (oqs_) oqs_->process.Stop();
    pcscd_.reset();
    if (!HasFailure()) RemoveTree(dir_);
  }

  void InsertCard() {
    auto v =
        VcardInstance::Start(KAKUNIN_VCARD_BIN, dir_ + "/cards/yamada-taro.json", pcscd_->port(0));
    ASSERT_TRUE(v.ok()) << v.error().ToString();
    vcard_ = std::move(*v);
    ASSERT_TRUE(pcscd_->WaitForCard(0, true).ok());
  }

  // The daemon's recent list (newest first), as the staff window reads it; empty on failure.
  std::vector<v1::CheckResult> Recent() {
    grpc::ClientContext ctx;
    v1::ListRecentResponse recent;
    if (!agent_->stub().ListRecent(&ctx, v1::ListRecentRequest(), &recent).ok()) return {};
    return {recent.results().begin(), recent.results().end()};
  }

  static v1::RunCheckRequest Visual() {
    v1::RunCheckRequest req;
    req.set_mode(v1::IDENTITY_MODE_VISUAL);
    req.set_route(v1::CHECK_ROUTE_COUNTER);
    req.set_card_wait_seconds(30);
    return req;
  }

  // The eligibility emulator again at its address, with `extra` options (faults).
  void RestartOqs(const std::vector<std::string>& extra) {
    const std::string address = oqs_->address;
    oqs_->process.Stop();
    auto oqs = StartOqsSim(KAKUNIN_OQS_BIN, dir_, jpki_dir_, dir_ + "/cards", address, extra);
    ASSERT_TRUE(oqs.ok()) << oqs.error().ToString();
    oqs_.emplace(std::move(*oqs));
    ASSERT_EQ(oqs_->address, address);
  }

  std::string dir_, jpki_dir_;
  std::unique_ptr<PcscdInstance> pcscd_;
  std::unique_ptr<VcardInstance> vcard_;
  std::optional<OqsSim> oqs_;
  std::unique_ptr<ServerRig> rig_;
  std::unique_ptr<AgentDaemon> agent_;
};

}  // namespace kakunin::testing
