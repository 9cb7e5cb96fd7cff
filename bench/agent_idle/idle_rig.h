#pragma once
// Two terminals idle at a counter between patients, against one HQ: the Linux agent
// (`kakunin-agent run`) on reader "Virtual PCD 00 00" and the Windows agent
// (`kakunin-agent.exe run` under Wine) on "Virtual PCD 00 01", each with 山田太郎's card in its
// reader, both enrolled and connected. Built from the test harness, as
// tests/windows-e2e/windows_agent_check_test.cpp builds its rig: a private PostgreSQL and
// kakunin-server, pcscd + vpcd (the machine-wide pcscd lock held for the rig's life), the
// virtual cards, the eligibility emulator, a fresh Wine prefix with the WinSCard pair.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/core/result.h"
#include "tests/agent/oqs_sim.h"
#include "tests/harness/agent_daemon.h"
#include "tests/harness/card/pcscd_instance.h"
#include "tests/harness/card/vcard_instance.h"
#include "tests/harness/server_rig.h"
#include "tests/windows-e2e/wine_agent.h"

namespace kakunin::bench {

struct IdleRigOptions {
  std::string linux_agent_bin;
  std::string vcard_bin;
  std::string oqs_bin;
  testing::WineSetup wine;
  std::function<void(const std::string&)> progress;
};

class IdleRig {
 public:
  IdleRig() = default;
  // Everything up, both agents connected with a card in their reader. On failure the rig
  // still holds what started, for Logs(); the destructor stops it.
  Status Start(const IdleRigOptions& options);
  // Stops every process the rig started (agents, Wine prefix, cards, HQ, emulator, pcscd).
  ~IdleRig();

  // The reader status both agents must report ("card_present" or "ready"), polled until both
  // do, with a deadline.
  Status WaitBothReaders(const std::string& reader_status);
  // Both agents answer, connected to HQ, and report `reader_status`.
  Status CheckBoth(const std::string& reader_status);
  // Takes both cards out of their readers (the readers stay).
  Status RemoveCards();

  IdleRig(const IdleRig&) = delete;
  IdleRig& operator=(const IdleRig&) = delete;

  pid_t linux_agent_pid() const { return linux_agent_->pid(); }
  pid_t windows_agent_pid() const { return windows_agent_->pid(); }
  pid_t pcscd_pid() const { return pcscd_->pid(); }
  const std::string& prefix_dir() const { return prefix_->dir(); }
  const std::string& dir() const { return dir_; }
  // The agents' and HQ's logs, for a failure report.
  std::string Logs();
  void KeepDir() { keep_dir_ = true; }

 private:
  Status StartAgents(const IdleRigOptions& o);

  std::string dir_;
  bool keep_dir_ = false;
  std::unique_ptr<testing::PcscdInstance> pcscd_;
  std::unique_ptr<testing::WinscardPair> winscard_;
  std::unique_ptr<testing::WinePrefix> prefix_;
  std::optional<testing::OqsSim> oqs_;
  std::unique_ptr<testing::ServerRig> hq_;
  std::unique_ptr<testing::VcardInstance> linux_card_, windows_card_;
  std::unique_ptr<testing::AgentDaemon> linux_agent_;
  std::unique_ptr<testing::WineAgent> windows_agent_;
};

}  // namespace kakunin::bench
